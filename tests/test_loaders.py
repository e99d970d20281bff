from __future__ import annotations

from pathlib import Path

import pytest

from ingest.errors import SkippedFile
from ingest.loaders import html_to_text, load_bytes, load_file
from tests.pdfs import text_pdf

HTML = """<html><head><title>ML Pay in Berlin</title><style>.x{}</style><script>var pay='$9';</script></head>
<body><nav>Home | Jobs</nav><header>Site header</header>
<article><h1>ML Pay in Berlin</h1><p>Last Updated: May 2026</p>
<h2>Salaries</h2><p>Senior engineers earn €95,880 per year.</p>
<table><tr><th>Country</th><th>USD</th><th>EUR</th></tr><tr><td>Germany</td><td>$101,216</td><td>€95,880</td></tr></table>
<ul><li>PyTorch</li><li>Kubernetes</li></ul></article>
<aside>Read more elsewhere</aside><footer>© Site 2026</footer></body></html>"""


def test_html_keeps_article_and_tables_drops_chrome() -> None:
    text, title = html_to_text(HTML)
    assert title == "ML Pay in Berlin"
    assert "Germany | $101,216 | €95,880" in text
    assert "## Salaries" in text and "- PyTorch" in text
    for chrome in ("var pay", "Home | Jobs", "Site header", "Read more elsewhere", "© Site"):
        assert chrome not in text


def test_pdf_text_and_title() -> None:
    article = load_bytes(
        "berlin.pdf",
        text_pdf(["Berlin pay", "Senior ML engineers earn EUR 95,000 per year."], title="Berlin Pay 2026"),
    )
    assert article.doc_id == "berlin" and article.fmt == "pdf"
    assert "EUR 95,000 per year" in article.text
    assert article.title == "Berlin Pay 2026"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.md", b"   \n\n", "empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        ("latin.txt", "Gehalt: 95.000 EUR für Ingenieure".encode("latin-1"), "not valid UTF-8"),
        ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage", "malformed PDF"),
        ("fake.pdf", b"this is not a pdf at all", "malformed PDF"),
        ("notes.docx", b"PK\x03\x04", "unsupported file type"),
    ],
)
def test_bad_input_is_refused_by_name_with_reason(name: str, data: bytes, reason: str) -> None:
    with pytest.raises(SkippedFile) as err:
        load_bytes(name, data)
    assert err.value.name == name
    assert reason in err.value.reason


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    with pytest.raises(SkippedFile, match="too large"):
        load_file(big, max_bytes=20 * 1024 * 1024)
