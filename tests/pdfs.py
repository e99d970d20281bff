"""Tiny hand-built PDFs for loader tests (no PDF writer with text support is a dependency)."""

from __future__ import annotations


def text_pdf(lines: list[str], title: str = "") -> bytes:
    """A valid one-page PDF whose text layer holds `lines`."""
    ops = ["BT", "/F1 11 Tf", "14 TL", "72 720 Td"]
    for line in lines:
        safe = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({safe}) Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    info = f"<< /Title ({title}) >>".encode("latin-1") if title else b"<< >>"
    return assemble([*one_page(stream), info], b" /Info 6 0 R")


def one_page(stream: bytes, stream_keys: bytes = b"") -> list[bytes]:
    """Catalog, pages, page, content stream and font: the objects of a one-page Helvetica PDF."""
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d%s >>\nstream\n" % (len(stream), stream_keys) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]


def assemble(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A PDF file of these numbered objects, with its cross-reference table and trailer."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer_extra, xref)
    return bytes(out)
