"""Read .txt, .md, .html and .pdf articles into text, refusing bad files by name with a reason.

HTML and PDF come out as markdown-ish text (`## Heading` lines, table rows as `a | b | c`) so the
cleaning and chunking steps see one format.
"""

from __future__ import annotations

import multiprocessing
import re
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import SkippedFile

SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".pdf": "pdf"}
DROPPED_HTML_TAGS = [
    "script",
    "style",
    "nav",
    "aside",
    "footer",
    "header",
    "form",
    "noscript",
    "iframe",
    "svg",
]


@dataclass
class LoadedArticle:
    """An article's text as its format gives it, before cleaning."""

    doc_id: str
    path: Path
    fmt: str
    text: str
    title: str | None = None


def doc_id_for(path: Path) -> str:
    """The document id is the file stem (a fixed contract: citations name it)."""
    return path.stem


def check_size(path: Path, size: int, max_bytes: int) -> None:
    """Refuse a file over the cap before reading it."""
    if size > max_bytes:
        raise SkippedFile(path.name, f"too large ({size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB)")
    if size == 0:
        raise SkippedFile(path.name, "empty file")


def load_bytes(name: str, data: bytes, *, pdf_timeout_s: float = 20.0) -> LoadedArticle:
    """Parse an article's bytes by its file suffix; raises SkippedFile with a reason."""
    path = Path(name)
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise SkippedFile(path.name, f"unsupported file type {path.suffix or '(none)'}; use .txt, .md, .html or .pdf")
    if not data.strip():
        raise SkippedFile(path.name, "empty file")
    if fmt == "pdf":
        text, title = parse_pdf(path.name, data, pdf_timeout_s)
    else:
        text = decode_text(path.name, data)
        title = None
        if fmt == "html":
            text, title = html_to_text(text)
    if not text.strip():
        raise SkippedFile(path.name, "no readable text")
    return LoadedArticle(doc_id=doc_id_for(path), path=path, fmt=fmt, text=text, title=title)


def load_file(path: Path, max_bytes: int, pdf_timeout_s: float = 20.0) -> LoadedArticle:
    """Load one article from disk."""
    try:
        check_size(path, path.stat().st_size, max_bytes)
        data = path.read_bytes()
    except OSError as exc:
        raise SkippedFile(path.name, f"cannot read ({exc.strerror or exc})") from None
    article = load_bytes(path.name, data, pdf_timeout_s=pdf_timeout_s)
    article.path = path
    return article


def decode_text(name: str, data: bytes) -> str:
    """Decode UTF-8 (or BOM-marked UTF-16) text and refuse binary content."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise SkippedFile(name, "invalid UTF-16 text") from None
    if b"\x00" in data[:8192]:
        raise SkippedFile(name, "binary content, not a text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SkippedFile(name, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.02 * min(len(text), 8192):
        raise SkippedFile(name, "binary content, not a text article")
    return text


def html_to_text(html: str) -> tuple[str, str | None]:
    """Keep an HTML page's article text: headings as `## ...`, tables as `a | b` rows, no chrome."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    title_tag = soup.find("title") or soup.find("h1")
    title = title_tag.get_text(" ", strip=True) if title_tag else None
    for tag in soup(DROPPED_HTML_TAGS):
        tag.decompose()
    body = soup.find("article") or soup.find("main") or soup.body or soup
    for table in body.find_all("table"):
        rows = []
        for tr in table.find_all("tr"):
            cells = [c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
            if any(cells):
                rows.append(" | ".join(cells))
        table.replace_with(soup.new_string("\n" + "\n".join(rows) + "\n"))
    for level in range(1, 7):
        for h in body.find_all(f"h{level}"):
            h.replace_with(soup.new_string(f"\n{'#' * min(level + 1, 3)} {h.get_text(' ', strip=True)}\n"))
    for li in body.find_all("li"):
        li.insert_before(soup.new_string("\n- "))
    for block in body.find_all(["p", "div", "br", "section", "ul", "ol", "blockquote"]):
        block.insert_after(soup.new_string("\n"))
    text = body.get_text()
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n\n", text).strip(), title


def _pdf_worker(data: bytes, queue: multiprocessing.Queue) -> None:
    import io

    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata or {}).get("/Title") if reader.metadata else None
        queue.put(("ok", "\n\n".join(pages), str(title) if title else None))
    except Exception as exc:
        queue.put(("error", f"{type(exc).__name__}: {exc}"[:200], None))


def parse_pdf(name: str, data: bytes, timeout_s: float) -> tuple[str, str | None]:
    """Extract a PDF's text in a worker process with a wall-clock limit (pypdf has none of its own)."""
    if not data.startswith(b"%PDF-"):
        raise SkippedFile(name, "malformed PDF (no %PDF header)")
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_pdf_worker, args=(data, queue), daemon=True)
    proc.start()
    try:
        status, text, title = queue.get(timeout=timeout_s)
    except Exception:
        raise SkippedFile(name, f"PDF parsing took longer than {timeout_s:.0f}s; skipped") from None
    finally:
        proc.join(timeout=1)
        if proc.is_alive():
            proc.kill()
    if status != "ok":
        raise SkippedFile(name, f"malformed PDF ({text})")
    return text, title
