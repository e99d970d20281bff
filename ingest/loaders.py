"""Read articles (.txt, .md, .html, .pdf, .csv; e-mails, feeds, subtitles) into text, refusing bad files by name.

HTML and PDF come out as markdown-ish text (`## Heading` lines, table rows as `a | b | c`, one list
item or definition per line) so the cleaning and chunking steps see one format. Text a browser would
not show (rules in `hidden_html.txt`) never gets that far. Text files are decoded by detection
(`charset-normalizer`), and the encoding used is reported.
"""

from __future__ import annotations

import codecs
import csv
import io
import multiprocessing
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.configs import config_text
from ingest.errors import SkippedFile
from ingest.feeds import feed_text
from ingest.frames import printed_frames
from ingest.mail import read_mail
from ingest.subtitles import subtitle_prose

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag

SUFFIXES = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".csv": "csv",
    ".eml": "txt",
    ".srt": "subtitles",
    ".vtt": "subtitles",
}
HIDDEN_HTML_FILE = Path(__file__).with_name("hidden_html.txt")
CONTROL_CHARS = 120  # a disclosure's title, not a paragraph
LAYOUT_CELL_CHARS = 400
DATA_CELLS = 3
WIDGET_SHARE = 0.5  # of a page's visible text: side features holding more are the page itself
HEADINGS = {f"h{n}": n for n in range(1, 7)}
BLOCKS = {"p", "div", "br", "section", "ul", "ol", "blockquote", "header", "figure", "pre"}
# Never dropped by a class, id or role rule (a site's body or article may carry e.g. `cookies-not-set`).
CONTENT_ROOTS = {"html", "body", "main", "article"}
# After UTF-8, the Web's default legacy encoding wins a tie with the detected one (Word and CMS exports).
WESTERN = "cp1252"
# What detection chooses from: the legacy code pages Word, CMS exports and editors write (not the
# DOS and old Mac pages charset-normalizer also knows, which mostly add wrong guesses).
DETECTED_ENCODINGS = [
    *(f"cp{n}" for n in range(1250, 1259)),
    "iso8859_2",
    "iso8859_5",
    "iso8859_7",
    "iso8859_15",
    "koi8_r",
    "koi8_u",
    "cp874",
    "shift_jis",
    "euc_jp",
    "gb18030",
    "big5",
    "euc_kr",
    "utf_16",
    "utf_16_le",
    "utf_16_be",
    "utf_32",
]
BOMS = [
    (codecs.BOM_UTF32_LE, "utf_32"),
    (codecs.BOM_UTF32_BE, "utf_32"),
    (codecs.BOM_UTF8, "utf_8_sig"),
    (codecs.BOM_UTF16_LE, "utf_16"),
    (codecs.BOM_UTF16_BE, "utf_16"),
]
DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Text longer than this that zlib shrinks more than REPETITION_RATIO-fold is mostly repetition. Prose
# compresses about 2-3x and a folder of template articles joined together about 6x; one word repeated, ~190x.
REPETITION_MIN_CHARS = 4096
REPETITION_RATIO = 10.0
DELIMITERS = ("\t", ";", ",")  # on a tie, the rarer in prose
DELIMITED_ROWS = 3  # a header and two rows
MAX_CELL_CHARS = 60  # a cell longer than this is prose with commas
DATA_CELL = re.compile(r"[$€£]?\d[\d.,]*%?")  # a data row holds a bare figure or two; prose with commas does not
HEADER_CELL = re.compile(r"[^\W\d_][^|.!?;:]*")  # a header names its columns in a few words, no sentence
HEADER_WORDS = 4
THOUSANDS = re.compile(r'\d,\d{3}\b(?=[^"]*(?:"[^"]*"[^"]*)*$)')  # outside quotes


@dataclass
class LoadedArticle:
    """An article's text as its format gives it, before cleaning."""

    doc_id: str
    path: Path
    fmt: str
    text: str
    title: str | None = None
    encoding: str | None = None  # how a text file was decoded, e.g. `UTF-8`, `Windows-1252`


def doc_id_for(path: Path) -> str:
    """The document id is the file stem (a fixed contract: citations name it)."""
    return path.stem


def too_large(size: int, max_bytes: int) -> str:
    """The reason given for a file over the cap, in the MB (MiB) that MAX_FILE_MB counts."""
    return f"too large ({size / 2**20:.1f} MB; the limit is {max_bytes / 2**20:g} MB)"


def check_size(path: Path, size: int, max_bytes: int) -> None:
    """Refuse a file over the cap before reading it."""
    if size > max_bytes:
        raise SkippedFile(path.name, too_large(size, max_bytes))
    if size == 0:
        raise SkippedFile(path.name, "empty file")


def unsupported(suffix: str) -> str:
    """Why a file of this suffix is refused, naming the kinds that are read."""
    kinds = ", ".join(dict.fromkeys(s for s in SUFFIXES if s not in {".markdown", ".htm"}))
    return f"unsupported file type {suffix or '(none)'}; use {kinds}"


def csv_to_text(text: str) -> str:
    """A spreadsheet export as text: a row of one cell is a line of prose, a run of fuller rows a table.

    Each table is written as markdown (header, rule, rows), so the row and column parsers read it as they read a
    pasted table; blank rows separate tables.
    """
    lines: list[str] = []
    block: list[list[str]] = []
    for row in [*csv.reader(io.StringIO(text)), []]:
        cells = [c.strip() for c in row]
        while cells and not cells[-1]:
            cells.pop()
        if len([c for c in cells if c]) >= 2:
            block.append(cells)
            continue
        if block:
            lines += [*_markdown_table(_sheet_header(block)), ""]
            block = []
        if cells:
            lines.append(cells[0])
    return "\n".join(lines)


def _sheet_header(block: list[list[str]]) -> list[list[str]]:
    """A sheet's header of merged cells as one header row, each column named by every label above it.

    "SINGAPORE,,,SYDNEY" over "SGD / yr base,,,AUD …" over "Role,Junior,…" names a column "SINGAPORE SGD / yr
    base Junior".
    A merged cell exports as its label then blanks: a label holds until the next one, and the last one for as
    many columns as the one before it.
    """
    k = 0
    while k < len(block) - 1 and not block[k][0] and _merged(block[k]):
        k += 1
    if not k or not block[k][0] or _merged(block[k][1:]):
        return block  # a label column's first data row ("Top skill asks, Kubernetes,,,AWS"), not a header
    width = max(map(len, block))
    return [_merged_header([*(_spread(r, width) for r in block[:k]), block[k]]), *block[k + 1 :]]


def _merged(row: list[str]) -> bool:
    """A header row of merged cells: two or more labels, each followed by blanks."""
    labelled = [j for j, c in enumerate(row) if c]
    return len(labelled) >= 2 and all(j + 1 < len(row) and not row[j + 1] for j in labelled[:-1])


def _spread(row: list[str], width: int) -> list[str]:
    """A row of merged cells with each label written in every column it spans."""
    labelled = [j for j, c in enumerate(row) if c]
    out = [""] * width
    for n, j in enumerate(labelled):
        end = labelled[n + 1] if n + 1 < len(labelled) else min(width, j + (j - labelled[n - 1] if n else 1))
        out[j:end] = [row[j]] * (end - j)
    return out


def _markdown_table(block: list[list[str]]) -> list[str]:
    width = max(map(len, block))
    rows = [r + [""] * (width - len(r)) for r in block]
    return ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width, *("| " + " | ".join(r) + " |" for r in rows[1:])]


def delimited_tables(text: str) -> str:
    """Comma-, tab- or semicolon-separated rows pasted into a text article, as markdown tables.

    A run of at least DELIMITED_ROWS lines splitting into the same number (3 or more) of short cells, under a
    header of words, most rows with a bare figure, is a table; prose rarely keeps that up for three lines.
    """
    lines = text.split("\n")
    out: list[str] = []
    k = 0
    while k < len(lines):
        run = max((_delimited_run(lines, k, d) for d in DELIMITERS), key=len)
        if len(run) >= DELIMITED_ROWS:
            out += _markdown_table(run)
            k += len(run)
        else:
            out.append(lines[k])
            k += 1
    return "\n".join(out)


def _delimited_run(lines: list[str], start: int, delimiter: str) -> list[list[str]]:
    """The rows from `start` splitting by `delimiter` into as many cells as its header; [] if it is no header."""
    header = _delimited_cells(lines[start], delimiter)
    if not header or not all(HEADER_CELL.fullmatch(c) and len(c.split()) <= HEADER_WORDS for c in header):
        return []  # checked first, so a long run of figures under no header costs one line
    rows = [header]
    for line in lines[start + 1 :]:
        cells = _delimited_cells(line, delimiter)
        if len(cells) != len(header):
            break
        rows.append(cells)
    data = [r for r in rows[1:] if any(DATA_CELL.fullmatch(c) for c in r)]
    return rows if 2 * len(data) > len(rows) - 1 else []


def _delimited_cells(line: str, delimiter: str) -> list[str]:
    """A line's cells, or [] when it is no row: a table line already, prose, or a number split at its commas."""
    if delimiter not in line or "|" in line or delimiter == "," and THOUSANDS.search(line):
        return []  # "In Berlin, juniors earn €45,000": a comma in a number unquoted is no cell break
    cells = [c.strip() for c in next(csv.reader([line], delimiter=delimiter))]
    if len(cells) < 3 or not any(cells) or any(len(c) > MAX_CELL_CHARS or "\t" in c for c in cells):
        return []  # prose, or a tab-separated row split at its numbers' commas
    return cells


def load_bytes(name: str, data: bytes, *, pdf_timeout_s: float = 20.0) -> LoadedArticle:
    """Parse an article's bytes by its file suffix; raises SkippedFile with a reason."""
    path = Path(name)
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise SkippedFile(path.name, unsupported(path.suffix))
    if not data.strip():
        raise SkippedFile(path.name, "empty file")
    encoding = None
    if fmt == "pdf":
        text, title = parse_pdf(path.name, data, pdf_timeout_s)
    else:
        text, encoding = decode_text(path.name, data, declared=declared_charset(data) if fmt == "html" else None)
        title = None
        if read := feed_text(text, html_to_text):
            (text, title), fmt = read, "md"  # a feed's items are sections with their own headings
        elif fmt == "html":
            text, title = html_to_text(text)
        elif fmt == "csv":
            text = csv_to_text(text)
        else:
            text, title, fmt = _unwrapped_mail(text, fmt)
            text = html_in_markdown(text) if fmt == "md" else text
            text = config_text(text) if fmt == "txt" else text  # in markdown "# …" is a heading, not a comment
            text = subtitle_prose(text) or delimited_tables(printed_frames(text))
    if not text.strip():
        raise SkippedFile(path.name, "no readable text")
    check_repetition(path.name, text)
    return LoadedArticle(doc_id=doc_id_for(path), path=path, fmt=fmt, text=text, title=title, encoding=encoding)


HTML_TABLE = re.compile(r"<table\b.*?</table\s*>", re.I | re.S)
HTML_SUMMARY = re.compile(r"<summary\b[^>]*>(.*?)</summary\s*>", re.I | re.S)
TAGS_ONLY = re.compile(r"^\s*(?:</?[a-zA-Z][^>]*>\s*)+$")
INLINE_TAG = re.compile(r"</?(?:b|strong|i|em|u|span|small|sup|sub|code|br)\b[^>]*>", re.I)


def html_in_markdown(text: str) -> str:
    """A markdown article's HTML blocks read as its text: a `<table>` as rows, a `<details>` title as a heading.

    Markdown lets a writer drop into HTML (a wiki's level matrix, a collapsible section per country); left as
    written, its cells and titles are tags a reader never sees.
    """
    if "<" not in text:
        return text
    text = HTML_TABLE.sub(lambda m: "\n" + html_to_text(m.group())[0] + "\n", text)
    text = HTML_SUMMARY.sub(lambda m: "\n### " + " ".join(INLINE_TAG.sub("", m.group(1)).split()) + "\n", text)
    lines = ["" if TAGS_ONLY.match(x) else INLINE_TAG.sub("", x) for x in text.split("\n")]
    return "\n".join(lines)


def _unwrapped_mail(text: str, fmt: str) -> tuple[str, str | None, str]:
    """A saved e-mail's text, subject and format (an HTML body reads as a page); other text as it is."""
    mail = read_mail(text)
    if mail is None:
        return text, None, fmt
    body, fmt = (html_to_text(mail.body)[0], "html") if mail.html else (mail.body, fmt)
    return (f"Dated {mail.dated}\n\n{body}" if mail.dated else body), mail.subject or None, fmt


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


def encoding_name(codec: str) -> str:
    """A reader's name for a Python codec: `cp1252` -> `Windows-1252`, `utf_16` -> `UTF-16`."""
    name = codecs.lookup(codec).name
    if m := re.fullmatch(r"cp(125\d)", name):
        return f"Windows-{m.group(1)}"
    if name == "utf-8-sig":
        return "UTF-8 (BOM)"
    return name.upper() if name.startswith(("utf", "iso")) else name


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a `<meta>` tag near its top, if Python knows it."""
    m = DECLARED_CHARSET.search(data[:4096])
    if not m:
        return None
    try:
        return codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def _try_decode(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _detect(data: bytes) -> tuple[str, str] | None:
    """Text and codec by charset-normalizer among the encodings exporters write, naming Windows-1252 on a tie.

    charset-normalizer alone is unsure on short Western text (it may say `mac_iceland` or `cp1250`
    for Windows-1252 bytes), so: rank its matches by mess, then language coherence; when the best
    reading is the same text as Windows-1252's, or recognises no language and reads no better, the
    Web's default legacy encoding is named.
    """
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio

    matches = list(from_bytes(data, cp_isolation=DETECTED_ENCODINGS))
    best = min(matches, key=lambda m: (round(m.chaos, 3), -round(m.coherence, 3), m.encoding != WESTERN), default=None)
    western = _try_decode(data, WESTERN) if b"\x00" not in data else None
    if western is not None and (
        best is None or str(best) == western or (best.coherence <= 0 and mess_ratio(western[:65536], 1.0) <= best.chaos)
    ):
        return western, WESTERN
    if best is None:
        return None
    return str(best), best.encoding


def decode_text(name: str, data: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """Decode a text article and name the encoding used; refuse only bytes that decode into no text.

    Order: a byte-order mark, UTF-8, an encoding the page declares, then detection.
    """
    text = codec = None
    for bom, bom_codec in BOMS:
        if data.startswith(bom):
            text, codec = _try_decode(data, bom_codec), bom_codec
            if text is None:
                raise SkippedFile(name, f"invalid {encoding_name(bom_codec)} text after its byte-order mark")
            break
    if text is None and b"\x00" not in data[:8192]:
        text, codec = _try_decode(data, "utf_8"), "utf_8"
    if text is None and declared:
        text, codec = _try_decode(data, declared), declared
    if text is None:
        found = _detect(data)
        if found is None:
            raise SkippedFile(name, "binary content, not a text article (no text encoding fits)")
        text, codec = found
    sample = text[:8192]
    controls = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f") or ch == "\ufffd")
    if controls > 0.02 * len(sample) or not any(ch.isalnum() for ch in sample):
        raise SkippedFile(name, "binary content, not a text article")
    return text.removeprefix("\ufeff"), encoding_name(codec)


def check_repetition(name: str, text: str) -> None:
    """Refuse text that is mostly repetition: it would cost minutes of embedding and hold no more facts."""
    if len(text) < REPETITION_MIN_CHARS:
        return
    data = text.encode("utf-8")
    ratio = len(data) / len(zlib.compress(data, 1))
    if ratio > REPETITION_RATIO:
        raise SkippedFile(
            name, f"mostly repetition (compresses {ratio:.0f}:1; the limit is {REPETITION_RATIO:.0f}:1), not an article"
        )


@lru_cache(maxsize=1)
def hidden_rules() -> dict[str, list[str]]:
    """Rules from `hidden_html.txt` as {kind: [values]} (tag, role, class, style, widget, sidebar)."""
    rules: dict[str, list[str]] = {"tag": [], "role": [], "class": [], "style": [], "widget": [], "sidebar": []}
    for line in HIDDEN_HTML_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, _, value = line.partition(":")
            rules[kind.strip()].append(value.strip())
    return rules


@lru_cache(maxsize=1)
def _hiding_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    rules = hidden_rules()
    classes = re.compile("|".join(f"(?:{p})" for p in rules["class"]), re.IGNORECASE)
    styles = re.compile("|".join(f"(?:{p})" for p in rules["style"]), re.IGNORECASE)
    return classes, styles


def _is_hidden(tag: Tag, classes: re.Pattern[str], styles: re.Pattern[str]) -> bool:
    """Whether a browser would not show this element, or it is chrome by its role, class or id."""
    attrs = tag.attrs
    if "hidden" in attrs or styles.search(str(attrs.get("style", ""))):
        return True
    if tag.name == "dialog" and "open" not in attrs:
        return True
    names = [*(attrs.get("class") or []), str(attrs.get("id", ""))]
    chrome = (
        str(attrs.get("aria-hidden", "")).strip().lower() == "true"
        or str(attrs.get("role", "")).strip().lower() in hidden_rules()["role"]
        or any(n and classes.search(n) for n in names)
    )
    # These mark chrome but do not hide it on screen, so they never remove the article itself or a
    # wrapper holding it (a page saved with a modal open has `aria-hidden` on its whole body).
    return chrome and tag.name not in CONTENT_ROOTS and tag.find(["article", "main", "h1"]) is None


def _css_hidden_selectors(soup: BeautifulSoup, styles: re.Pattern[str]) -> list[str]:
    """Simple selectors (`.promo`, `#x`, `div.y`) that a page's own <style> rules hide on screen."""
    selectors: list[str] = []
    for style in soup.find_all("style"):
        css = re.sub(r"/\*.*?\*/", "", style.get_text(), flags=re.DOTALL)
        css = re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", css)  # print-only rules and the like
        for sel, body in re.findall(r"([^{}@]+)\{([^{}]*)\}", css):
            if styles.search(body):
                selectors += [s.strip() for s in sel.split(",") if re.fullmatch(r"[\w-]*(?:[.#][\w-]+)+", s.strip())]
    return selectors


def drop_hidden(soup: BeautifulSoup) -> None:
    """Remove, in place, every element a reader would not see as article text (see `hidden_html.txt`)."""
    from bs4 import Comment, Declaration, Doctype, ProcessingInstruction

    classes, styles = _hiding_patterns()
    for selector in _css_hidden_selectors(soup, styles):
        for tag in soup.select(selector):
            if tag.name not in CONTENT_ROOTS:
                tag.decompose()
    for tag in soup(hidden_rules()["tag"]):
        tag.decompose()
    for tag in soup(hidden_rules()["sidebar"]):
        if not _states_pay(tag.get_text(" ", strip=True)):
            tag.decompose()
    for header in soup("header"):  # a site's header is chrome; an article's own header is content
        if header.find_parent(["article", "main"]) is None:
            header.decompose()
    for node in soup.find_all(string=lambda s: isinstance(s, Comment | Declaration | Doctype | ProcessingInstruction)):
        node.extract()
    for tag in _pruned_walk(soup, lambda t: _is_hidden(t, classes, styles)):
        tag.decompose()
    widgets = _pruned_walk(soup, lambda t: _is_widget(t, _widget_pattern()))
    own = any(not any(w in a.parents for w in widgets) for a in soup.find_all(["article", "main"]))
    share = sum(len(w.get_text(" ", strip=True)) for w in widgets) / max(1, len(soup.get_text(" ", strip=True)))
    if own or share <= WIDGET_SHARE:  # a post's comments under its article; a thread that is all comments stays
        for tag in widgets:
            tag.decompose()


def _states_pay(text: str) -> bool:
    """Whether a text gives a pay figure: money and a word saying it is pay ("Median advertised salary: €74,500")."""
    from ingest.facts import PAY_WORDS
    from ingest.money import money_in

    return bool(PAY_WORDS.search(text)) and bool(money_in(text))


@lru_cache(maxsize=1)
def _widget_pattern() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in hidden_rules()["widget"]) or r"(?!)", re.IGNORECASE)


def _is_widget(tag: Tag, widgets: re.Pattern[str]) -> bool:
    """Whether an element is a page's side feature by its class or id (comments under a post)."""
    names = [*(tag.attrs.get("class") or []), str(tag.attrs.get("id", ""))]
    return any(n and widgets.search(n) for n in names) and tag.name not in CONTENT_ROOTS


def _pruned_walk(root: Tag, prune: Callable[[Tag], bool]) -> list[Tag]:
    """The tags under `root` that `prune` picks, without looking inside a picked one.

    Iterative and linear in the page's size: a page of 20,000 nested <div>s costs what 20,000
    sibling ones do (bs4's `decomposed` and `insert_after` walk a tag's whole subtree each time).
    """
    from bs4 import Tag

    picked: list[Tag] = []
    stack = [c for c in reversed(root.contents) if isinstance(c, Tag)]
    while stack:
        tag = stack.pop()
        if prune(tag):
            picked.append(tag)
        else:
            stack.extend(c for c in reversed(tag.contents) if isinstance(c, Tag))
    return picked


def _span(cell: Tag, name: str, limit: int) -> int:
    """A cell's rowspan or colspan, within the table ("0" and the full-width "100" idiom reach its edge)."""
    value = str(cell.get(name, "1")).strip()
    span = int(value) if value.isdigit() else 1
    return limit if span == 0 or span > limit else max(span, 1)


def _cells(tr: Tag) -> list[Tag]:
    return tr.find_all(["th", "td"], recursive=False)


def _group_label(tr: Tag, width: int) -> bool:
    """A row of one cell across the table ("Senior", "Berlin"): a label over the rows under it, not data."""
    cells = _cells(tr)
    return width > 1 and len(cells) == 1 and _span(cells[0], "colspan", width) > 1


def _grid(trs: list[Tag], width: int) -> list[list[str]]:
    """Each row's cell texts, a rowspan or colspan cell copied into every slot it covers.

    So a row under a spanning "Morocco (MAD)" cell still names its country, and each column under a spanning
    header keeps that header.
    """
    taken: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(trs):
        col = 0
        for td in _cells(tr):
            while (r, col) in taken:
                col += 1
            text, wide = td.get_text(" ", strip=True), _span(td, "colspan", width)
            for dr in range(_span(td, "rowspan", len(trs) - r)):
                for dc in range(min(wide, max(width - col, 1))):
                    taken[(r + dr, col + dc)] = text
            col += wide
    last = {r: c + 1 for r, c in sorted(taken)}
    return [[taken.get((r, c), "") for c in range(last.get(r, 0))] for r in range(len(trs))]


def _merged_header(rows: list[list[str]]) -> list[str]:
    """Header rows stacked over the same columns as one ("Employee, gross monthly Junior")."""
    width = max(len(row) for row in rows)
    merged = []
    for c in range(width):
        parts: list[str] = []
        for row in rows:
            if c < len(row) and row[c] and row[c] not in parts:
                parts.append(row[c])
        merged.append(" ".join(parts))
    return merged


def _table_lines(table: Tag) -> list[str]:
    """A table as `cell | cell` lines: one header line first, footer rows last, whatever the source order.

    A row of one cell across the table is a label line of its own ("Senior"), as the rows under it read it.
    """
    from ingest.money import money_in

    trs = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    width = max((len(_cells(tr)) for tr in trs), default=0)
    ranks = []
    for tr in trs:
        group = tr.find_parent(["thead", "tbody", "tfoot", "table"])
        ranks.append({"thead": 0, "tfoot": 2}.get(group.name if group else "", 1))
    if 0 not in ranks and any(c.name == "td" for tr in trs for c in _cells(tr)):  # no <thead>: leading <th> rows
        for i, tr in enumerate(trs):
            cells = _cells(tr)
            text = tr.get_text(" ", strip=True)
            if not cells or any(c.name == "td" for c in cells) or _group_label(tr, width) or money_in(text):
                break
            ranks[i] = 0
    grid = _grid(trs, width)
    head = [row for row, rank in zip(grid, ranks, strict=True) if rank == 0 and any(row)]
    rows = []
    for tr, row, rank in zip(trs, grid, ranks, strict=True):
        if rank and any(row):
            rows.append((rank, row[0] if _group_label(tr, width) else " | ".join(row)))
    caption = table.find("caption")
    lines = [caption.get_text(" ", strip=True)] if caption and caption.get_text(strip=True) else []
    if head:
        lines.append(" | ".join(_merged_header(head)))
    return lines + [line for _, line in sorted(rows, key=lambda r: r[0])]


def _definition_lines(dl: Tag) -> list[str]:
    """A definition list as `term — definition` lines, one per <dd>, so a figure keeps its term."""
    lines: list[str] = []
    terms: list[str] = []
    after_dd = False
    for item in dl.find_all(["dt", "dd"]):
        if item.find_parent("dl") is not dl:
            continue
        text = item.get_text(" ", strip=True)
        if item.name == "dt":
            terms = [text] if after_dd else [*terms, text]
            after_dd = False
        else:
            after_dd = True
            term = ", ".join(t for t in terms if t)
            lines.append(f"{term} — {text}" if term and text else term or text)
    if not after_dd and terms:
        lines.append(", ".join(terms))
    return [line for line in lines if line]


def _layout_text(body: Tag) -> str:
    """The text of a tree in reading order: `## ` headings, `- ` list items, a line break after blocks."""
    from bs4 import Tag

    out: list[str] = []
    stack: list[object] = [body]
    while stack:
        node = stack.pop()
        if isinstance(node, str):  # text, or a line break pushed below
            out.append(str(node))
        elif isinstance(node, Tag):
            if node.name in HEADINGS or _discloses(node):
                hashes = "#" * min(HEADINGS.get(node.name, 3) + 1, 3)
                out.append(f"\n{hashes} {node.get_text(' ', strip=True)}\n")
                continue
            if node.name == "li":
                out.append("\n- ")
            if node.name in BLOCKS:
                stack.append("\n")
                if out and not out[-1].endswith("\n"):
                    out.append("\n")  # "Full-time<p>We build …": a block opens a line, closed or not
            stack.extend(reversed(node.contents))
    return "".join(out)


def _lays_out(table: Tag) -> bool:
    """Whether a table only lays a page out, its cells to be read as blocks of text.

    A cell holds a post's worth of prose, which no data cell does, or no row has two cells of text to set side
    by side (a forum reply: an indent, a vote arrow, the reply).
    """
    texts = [[c.get_text(" ", strip=True) for c in row.find_all(["td", "th"])] for row in table.find_all("tr")]
    data_row = any(sum(1 for t in row if t) >= DATA_CELLS for row in texts)  # a row of three values side by side
    long = any(len(t) >= LAYOUT_CELL_CHARS for row in texts for t in row)
    return long and not data_row or all(sum(1 for t in row if t) <= 1 for row in texts)


def _discloses(node: Tag) -> bool:
    """A disclosure's control ("Sydney (AUD, base per year)" over a band list it expands) titles what it shows.

    HTML's `<summary>`, and a wiki's expand control marked with ARIA's `aria-expanded`; a menu button is a
    control too, but menus never reach this far (see `hidden_html.txt`).
    """
    if node.name == "summary":
        return True
    if not node.has_attr("aria-expanded"):
        return False
    inline = not node.find([*HEADINGS, *BLOCKS, "li", "table"])  # a control, not an open section holding content
    return inline and 0 < len(node.get_text(" ", strip=True)) <= CONTROL_CHARS


def _main_article(soup: Any) -> Any:
    """The page's one `<article>`, or the one holding its `<h1>`; None for a page of sibling cards (job ads).

    Teasers ("More from our blog") and comments marked up as `<article>` sit beside or inside the main one.
    """
    articles = soup.find_all("article")
    if len(articles) == 1:
        return articles[0]
    titled = [a for a in articles if a.find("h1")]
    if titled:
        return titled[0]
    parents = {id(a.parent) for a in articles}
    return None if len(parents) == 1 else (articles[0] if articles else None)


def html_to_text(html: str) -> tuple[str, str | None]:
    """Keep an HTML page's visible article text: `## ` headings, `a | b` table rows, one item a line."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    title_tag = soup.find("title")
    title = title_tag.get_text(" ", strip=True) if title_tag else None
    drop_hidden(soup)
    if not title and (h1 := soup.find("h1")):
        title = h1.get_text(" ", strip=True)
    body = _main_article(soup) or soup.find("main") or soup.body or soup
    for table in reversed(body.find_all("table")):  # innermost first
        if _lays_out(table):
            for part in [table, *table.find_all(["tr", "td", "th", "tbody", "thead", "tfoot"])]:
                part.name = "div"  # a page laid out with a table (a forum's posts): its cells are blocks of text
        else:
            table.replace_with(soup.new_string("\n" + "\n".join(_table_lines(table)) + "\n"))
    for dl in reversed(body.find_all("dl")):
        dl.replace_with(soup.new_string("\n" + "\n".join(_definition_lines(dl)) + "\n"))
    text = _layout_text(body).replace("\xa0", " ")
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
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
