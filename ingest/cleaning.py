"""Turn a messy article into clean markdown-ish text (`# Title`, `## Section`, lines) keeping every fact.

Rules are general: mojibake repair, boilerplate lines dropped by the patterns in `boilerplate.txt`,
stray markup removed, glued headings split, flattened tables rebuilt as `a | b` rows, and headings
recognised by their shape.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import ftfy
from wordfreq import zipf_frequency

from ingest.chunking import LIST_ITEM
from ingest.drawn_tables import drawn_tables
from ingest.money import money_in
from ingest.places import gazetteer
from ingest.roles import find_level
from ingest.tables import units_into_headers
from ingest.wrapped_tables import unwrapped_tables

BOILERPLATE_FILE = Path(__file__).with_name("boilerplate.txt")
THAI = re.compile(r"[\u0e00-\u0e3e\u0e40-\u0e7f]")  # not the baht sign "฿", a Latin article's currency
# Characters Windows-874 maps its upper half to: a wrong-code-page run is made of these.
CP874_RUN = re.compile(r"[\u0e00-\u0e7f\u20ac\u2026\u2018\u2019\u201c\u201d\u2022\u2013\u2014\xa0]+")
PAREN_ITEM = re.compile(r"\(?(?:\d{1,2}|[a-z])\)\s")  # "1) …", "(2) …", "a) …"
RUNNING_REPEATS, RUNNING_CHARS, PAGE_REACH = 3, 30, 2
TABLE_RULE = re.compile(r"[-=_]{10,}")
LABELLED_RULE = re.compile(r"([-=~*#])\1{2,}[^-=~*#]{1,40}\1{3,}")  # "===== Slide 4 / 12 =====": a section's break
COLUMN_RULE = re.compile(r"[-=_]{3,}(?:\s+[-=_]{3,})+")  # "-------------------------  ------------"
FIGURE_CELL = re.compile(r"[^\w\s]{0,3}\s?\d[\d.,\s]*(?:[kKmM%]|\s?[A-Z]{3})?")  # "125,000", "€ 15,000", "12%"
MIN_PAIR_ROWS = 3  # a header and two rows: fewer two-cell lines may be prose with a double space
UNIT_LINE = re.compile(r"\([^()]{1,20}\)(?:\s{2,}\([^()]{1,20}\))*")  # "(thous.)" under "Employees"
WRAP_CHARS = 40  # a line this long that stops mid-sentence was wrapped
LABELLED = re.compile(r"[A-Z][^:.!?]{0,40}:\s")
WRAPPED_LINES, WRAPPED_SHARE, WRAP_SLACK = 5, 0.7, 20  # how many long lines fill to within a word of one width
PAGE_NUMBER = re.compile(r"\bpage [#\d]|\S {8,}\d{1,4}\s*$", re.I)  # "Page 3 of 8"; "site.com        3"
RUNS_ON = re.compile(r"[a-z(]|[^\w\s]?\s?\d|[A-Z]{3}\s?\d")  # "tax-free; …", "65,000,000 per year", "KRW 52…"
YEAR_CELL = re.compile(r"(?:19|20)\d\d")  # "Role  2024  2025": years name columns
UNDER_SLACK = 4  # a note under a row's figure starts about where the figure does
TAB_CELLS = 3  # a line of this many tab-separated cells is a table row; one tab may be a stray indent
GENERIC_HEADINGS = {"overview", "introduction", "summary", "contents", "table of contents", "abstract"}
CONNECTORS = {
    "and",
    "or",
    "of",
    "the",
    "in",
    "for",
    "to",
    "a",
    "an",
    "vs",
    "vs.",
    "by",
    "with",
    "on",
    "at",
    "&",
    "-",
    "—",
}
MONTHS = ("january february march april may june july august september october november december").split()
MONTH = "(?:" + "|".join(MONTHS) + ")"
DAY = r"\d{1,2}(?:st|nd|rd|th)?"
DATE = rf"(?:(?:{DAY}\s+)?{MONTH},?\s+(?:{DAY},?\s+)?)?(?:19|20)\d{{2}}(?:-\d{{2}}(?:-\d{{2}})?)?"  # "12th March, 2026"
AS_OF = re.compile(
    r"\b(?:last\s+updated|updated|published|as\s+of|written|posted|revised|reviewed|released|dated|effective(?:\s+date)?)"
    rf"\s*(?:on\s+)?[:\-]?\s*(?P<date>{DATE})",
    re.IGNORECASE,
)
# A full date in a byline with no "Published" before it: a thread's or post's ("9 January 2026", "January 9, 2026").
FULL_DATE = re.compile(  # a byline's date: "14 March 2026", "March 14, 2026", "2026-03-14", an issue's "March 2026"
    rf"\b(?P<date>(?:{DAY}\s+)?{MONTH},?\s+(?:19|20)\d{{2}}|{MONTH}\s+{DAY},?\s+(?:19|20)\d{{2}}|(?:19|20)\d\d-\d\d-\d\d)\b",
    re.I,
)
BYLINE_LINES = 3
SUBJECT = re.compile(r"(?:subject|re)\s*:\s+(?:(?:re|fwd?|aw)\s*:\s*)*(?P<title>\S.{3,150}[^.!?])$", re.I)
SUBJECT_LINES = 15
TRAIL = re.compile(r"\s[›»>]\s")  # "Andes Blog > Engineering Hiring": where a page sits on its site
VALUE_CELL = re.compile(
    r"^[~≈]?\s*(?:[A-Z]{0,3}[$€£¥₹₩₫]|[A-Z]{3}\s)?\s*[\d.,]+[%KkMm]?(?:\s*[–-]\s*\S+)?(?:/\w+)?(?:\s+\w+)?$"
)
VALUE = re.compile(
    r"(?P<percent>(?:\d+\s*[–-]\s*)?\d\s?%)|(?P<ratio>(?:\d+\s*[–-]\s*)?\d(?:\.\d+)?\s?[x×](?!\w))|"
    r"(?P<time>\d+\+?(?:\s*[–-]\s*\d+\+?)?\s*(?:years?|yrs?|months?|weeks?)\b)|"
    r"(?P<money>[$€£¥₹₩₫]\s?\d[\d,.]*[KkMm]?|\b[A-Z]{3}\s?\d[\d,.]*[KkMm]?)|(?P<number>\d[\d,.]*)",
    re.IGNORECASE,
)
COLUMN_RUN_MAX = 100  # lines: a printed page; a longer run sharing a blank band is a table
COLUMN_LINES = 6  # a block laid out in two columns has this many lines at least
COLUMN_MIN = 25  # and its left column this many characters
COLUMN_SHARE = 0.5  # half its lines with text in both columns
COLUMN_WORDS = 4  # prose on the left: a table's cells are fewer words
PICTOGRAPH_ITEM = re.compile(r"\s*(\S\ufe0f?)\s+")  # "👉 ", "✅ ", "▶️ "
BULLET = re.compile(r"^\s*(?:[•●▪◦∙·*]|-(?=\s))\s*")
RECORD_BREAK = "---"
SAMPLE_SIZE = re.compile(r"\bbased on\b|\bsample\b|\bn\s*=\s*\d", re.I)
HEADING_CHARS = 100
PLACE_LABEL_WORDS = 3
NUMBERED_PART = re.compile(r"(?:slide|section|part|chapter)\s+\d{1,3}\s*(?:[—–:]|-{1,2})\s*\S", re.I)
# A numbered sub-section's title: "3.4 Kisumu, Nakuru and Eldoret"; a numbered paragraph runs longer.
SUBSECTION = re.compile(
    r"\d{1,2}(?:\.\d{1,2})+\.?\s+(?!(?i:years?|yrs?|months?|lpa|million|mn|bn|billion|crore|lakhs?|k|x|percent)\b)"
    r"[A-Z][a-z]*[A-Za-z](?:\S*\s+){0,7}\S*$"
)
LEADER_RUN = re.compile(r"(?<=[\w)%])\s*(?:\.{4,}|…{2,})\s*(?=\S[^.!?]*\d[^.!?]*$)")  # "Step 1 ....... KES 58,300"
LEADER = re.compile(r"\w\)?\s*(?:\.{3,}|…+)\s*\S")  # "Guadalajara .......... MXN 72,000": a label and its value
UNDERLINE_SLACK = 3
# A poster's handle, different in each post's chrome: "u/kiwi_dev", "@ana", "tulip_tensor", "mlguy42".
HANDLE = re.compile(r"(?:\bu/|@)[\w-]+|\b[a-z][a-z\d]*_[\w-]+|\b[a-z]+\d+\w*")
SPAN = re.compile(r"-{3,}\s*([^\W\d_][^-|]*?)\s*-{3,}")  # "----- Dublin -----" over the columns it spans
SPAN_SLACK = 4  # a span's dashes may start a little right of its first column
CHROME_WORDS = 8  # a thread's "↑ 211 · Reply · Share · Report" is short
FIGURE = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?")


@dataclass
class CleanedArticle:
    """Clean text plus what was dropped, so a test can prove no fact was lost."""

    text: str
    title: str | None
    as_of: str
    dropped: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def boilerplate_patterns() -> list[re.Pattern[str]]:
    """Patterns from `boilerplate.txt` (comments and blank lines ignored)."""
    lines = BOILERPLATE_FILE.read_text(encoding="utf-8").splitlines()
    return [re.compile(rf"^\s*(?:{p})\s*$", re.IGNORECASE) for p in lines if p.strip() and not p.startswith("#")]


def is_boilerplate(line: str) -> bool:
    """A short line matching a site-chrome or writer's-note pattern."""
    return len(line) <= 200 and any(p.match(line) for p in boilerplate_patterns())


def _decode_cp874_run(run: str) -> str:
    data = run.encode("cp874", errors="ignore")
    out, i = [], 0
    while i < len(data):
        b = data[i]
        need = 1 if 0xC2 <= b <= 0xDF else 2 if 0xE0 <= b <= 0xEF else 3 if 0xF0 <= b <= 0xF4 else 0
        j = i + 1
        while j < len(data) and j - i <= need and 0x80 <= data[j] <= 0xBF:
            j += 1
        if need and j - i == need + 1:
            out.append(data[i:j].decode("utf-8", errors="ignore"))
        elif b == 0xE2:  # General Punctuation whose trailing bytes the wrong code page lost
            out.append("\u2014")
        i = j
    return "".join(out)


def repair_cp874(text: str) -> str:
    """Undo UTF-8 read as Windows-874 (`ยท` for `·`); ftfy does not know that code page.

    Real Thai prose is left alone: mojibake runs are short and rare among Latin text.
    """
    thai = len(THAI.findall(text))
    if not thai or thai > 0.02 * len(text) or any(len(r) > 8 for r in CP874_RUN.findall(text)):
        return text

    def fix(m: re.Match[str]) -> str:
        return _decode_cp874_run(m.group()) if THAI.search(m.group()) else m.group()

    text = CP874_RUN.sub(fix, text)
    return re.sub(r"(?<=\S)\u2014(?=\S)", "'", text)


def fix_text(text: str) -> str:
    """Repair encoding damage and unescape markdown escapes, keeping quotes and figures as written."""
    text = ftfy.fix_text(text, uncurl_quotes=False, fix_line_breaks=True)
    text = _changes_accepted(_ocr_repaired(repair_cp874(text)))
    return re.sub(r"\\([$#*_\[\]()])", r"\1", text)


# A scan's text layer reads letters as digits: "Sa1ary", "c0oled", "ML0ps", "2O25". So many such words
# make a scan; an article typed by a person has none ("B2B", "H1B", "k8s" are no letters between digits).
OCR_MISREAD = re.compile(r"[a-z][10]+[a-z]")
OCR_MISREADS = 5
OCR_WORDS_PER_MISREAD = 60  # a scan misreads a word every few lines; a page of links has a few IDs in all
OCR_KEEP = re.compile(r"(https?://\S+|www\.\S+|`[^`\n]*`|```.*?```)", re.S)
OCR_FIXES = [
    (re.compile(r"(?<=[a-z])1+(?=[a-z])|(?<=[A-Z])1+(?=[a-z])"), "l"),  # "Sa1ary", "fu11y", "C1oud"
    (re.compile(r"\b1(?=[a-z]{3,}\b)(?!(?:st|nd|rd|th)\b)|(?<=[a-z]{2})1\b(?![.,]?\d)"), "l"),  # "1isted", "annua1"
    (re.compile(r"(?<=[A-Z])1(?=[A-Z])"), "I"),  # "GU1DE"
    (re.compile(r"(?<=[a-z])0+(?=[a-z])|\b0(?=[a-z]{2,}\b)"), "o"),  # "c0oled", "0ffers"
    (re.compile(r"(?<=[A-Z])0(?=[A-Za-z])|(?<=[A-Za-z])0(?=[A-Z])"), "O"),  # "ML0ps", "F0R"
    (re.compile(r"(?<=\d)O(?=\d)|(?<=\b\d)O(?=\d)|(?<=\d{2})O\b|\bO(?=\d)"), "0"),  # "2O25"
]


# A draft's tracked changes, as exported ("[deleted: 38,000][inserted: 41,000]") or in CriticMarkup
# ("{--38,000--}{++41,000++}", "{~~38,000~>41,000~~}"): what the draft says once they are accepted.
CHANGES = [
    (re.compile(r"\[(?:deleted|deletion|removed)\s*:[^\]]*\]|\{--.*?--\}|\{>>.*?<<\}", re.I | re.S), ""),
    (re.compile(r"\[(?:inserted|insertion|added)\s*:\s*([^\]]*)\]|\{\+\+(.*?)\+\+\}|\{==(.*?)==\}", re.I | re.S), None),
    (re.compile(r"\{~~.*?~>(.*?)~~\}", re.S), None),
]


def _changes_accepted(text: str) -> str:
    """A draft's text with its tracked changes accepted: struck figures gone, inserted ones in their place."""
    for pattern, replacement in CHANGES:
        text = pattern.sub(replacement if replacement is not None else _kept_group, text)
    return text


def _kept_group(m: re.Match[str]) -> str:
    return next((g for g in m.groups() if g is not None), "")


def _ocr_repaired(text: str) -> str:
    """A scan's letters read as digits put back, where the text has enough of them to be a scan.

    Links and code keep their digits ("…/comments/1a0b0c/…"), and neither counts towards a scan.
    """
    pieces = OCR_KEEP.split(text)  # prose at even indices, links and code at odd ones
    prose = pieces[::2]
    misreads = sum(len(OCR_MISREAD.findall(p)) for p in prose)
    words = sum(len(p.split()) for p in prose)
    if misreads < OCR_MISREADS or misreads * OCR_WORDS_PER_MISREAD < words:
        return text
    for k in range(0, len(pieces), 2):
        for pattern, letter in OCR_FIXES:
            pieces[k] = pattern.sub(lambda m, letter=letter: letter * len(m.group()), pieces[k])
    return "".join(pieces)


_NUMBER_WORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
    r"eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand)"
)
# A figure said rather than written ("about ninety-five k", "seventy to seventy-eight grand"), as in a transcript.
SPOKEN_FIGURE = re.compile(
    rf"\b{_NUMBER_WORD}(?:[\s-]+(?:and\s+)?{_NUMBER_WORD})*\s*(?:k|grand|thousand|lakhs?|million|bucks|dollars|"
    r"euros|pounds|rupees|an? (?:hour|day|month|year))\b",
    re.I,
)


SPOKEN_FIGURES = 3


def spoken_figures(text: str) -> str:
    """Lines saying a figure in words ("about ninety-five k") with its digits ("about 95 k"), via text2num.

    Only such lines, and only where figures are said more than once (a transcript): "one of the offers", or a
    written report's "roughly a hundred dollars apart", stays as written.
    """
    if len(SPOKEN_FIGURE.findall(text)) < SPOKEN_FIGURES:
        return text
    from text_to_num import alpha2digit

    return "\n".join(alpha2digit(x, "en") if SPOKEN_FIGURE.search(x) else x for x in text.split("\n"))


def strip_markup(line: str) -> str:
    """Remove stray markdown: a `$` before `#` or a word at line start, bold markers, bullets.

    A leader of dots between a label and its value is the colon it stands for: "Step 1 ........ KES 58,300".
    """
    line = LEADER_RUN.sub(": ", line)
    line = re.sub(r"^\s*\$(?=\s*#|[A-Za-z])", "", line)
    line = re.sub(r"\*\*|__", "", line)
    return BULLET.sub("- ", line) if BULLET.match(line) else line


def _is_title_word(word: str) -> bool:
    bare = word.strip("()[],:;\"'")
    return bool(bare) and (bare[0].isupper() or bare[0].isdigit() or bare.lower() in CONNECTORS)


def looks_like_heading(line: str) -> bool:
    """Short, unpunctuated, mostly capitalised words, or a numbered part's title: the shape of a section heading."""
    numbered = NUMBERED_PART.match(line) or SUBSECTION.match(line)
    if numbered and len(line) <= HEADING_CHARS and not line.endswith((".", ",", ";", ":")):
        return True  # "Slide 8 — Indonesia", "Section 3: entry & junior"
    words = line.split()
    if (
        not words
        or len(words) > 14
        or len(line) > 100
        or line.startswith("- ")
        or PAREN_ITEM.match(line)
        or " | " in line
        or PATH_SEPARATOR in line  # "Levels › L5: Senior": an item under its keys
    ):
        return False  # "1) Toronto, one of the Big Five banks, Senior ML Engineer" is an item of a list
    if line[-1] in ".,;!" or not (line[0].isupper() or line[0].isdigit()):
        return False
    if VALUE_CELL.match(line) or line.count(",") >= 3:
        return False
    content = [w for w in words if w.lower() not in CONNECTORS and not w[0].isdigit()]
    capitalised = sum(1 for w in content if _is_title_word(w))
    place_label = len(words) <= PLACE_LABEL_WORDS and _is_title_word(words[0]) and not re.search(r"\d", line)
    if place_label and gazetteer().find(line):
        return True  # "HANOI office", "Berlin office": a place heads the offers under it
    return capitalised >= max(1, 0.7 * len(content))


def split_glued_heading(line: str) -> list[str]:
    """Split `...based on 649 data pointsMarket Overview` into the sentence and the heading."""
    m = re.search(r"(?<=\s)(\S*?[a-z]{3})([A-Z][a-z]+(?:\s+[A-Za-z&][\w&-]*){0,6})\s*$", line)
    if m and m.start() > 0 and re.fullmatch(r"[a-z]+", re.split(r"\W", m.group(1))[-1] or "x"):
        tail = m.group(2)
        if looks_like_heading(tail):
            return [line[: m.start(2)].rstrip(), tail]
    return [line]


def split_inline_heading(line: str) -> list[str]:
    """Split `### Increasing Demand The demand for ...` into a heading and its first sentence."""
    m = re.match(r"^#{1,6}\s+(.*)$", line)
    if not m:
        return [line]
    words = m.group(1).split()
    for k in range(1, min(len(words) - 1, 10)):
        if not all(_is_title_word(w) for w in words[: k + 1]):
            break
        if words[k][0].isupper() and words[k + 1][0].islower() and words[k + 1] not in {"and", "or", "of", "&"}:
            return [" ".join(words[:k]), " ".join(words[k:])]
    return [m.group(1)]


def rebuild_tables(lines: list[str]) -> list[str]:
    """Join a table flattened to one cell per line back into `label | value | value` rows."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and len(lines[j]) <= 50 and not lines[j].startswith(("- ", "#")):
            j += 1
        while j > i and not VALUE_CELL.match(lines[j - 1]):
            j -= 1
        block = lines[i:j]
        values = sum(1 for cell in block if VALUE_CELL.match(cell))
        if len(block) >= 4 and values >= 2 and values >= len(block) / 3:
            out.extend(_rows(block))
            i = j
        else:
            out.append(lines[i])
            i += 1
    return out


def _rows(block: list[str]) -> list[str]:
    rows: list[list[str]] = []
    header: list[str] = []
    for cell in block:
        if VALUE_CELL.match(cell) and rows:
            rows[-1].append(cell)
        elif rows and len(rows[-1]) == 1:
            header.append(rows.pop()[0])
            rows.append([_emoji_free(cell)])
        else:
            rows.append([_emoji_free(cell)])
    out = [" | ".join(["", *header]).strip()] if header else []
    return out + [" | ".join(r) for r in rows]


def _running_lines(text: str) -> set[str]:
    """Page headers and footers of text exported from a PDF: lines repeated on every page.

    A line stating a page number ("… Page 3 of 8"), and a line repeated right beside one on every page (the
    footer before the next page's header). A paragraph an article happens to repeat is content, not a footer.
    """
    raw = text.splitlines()
    lines = [_page_free(x) for x in raw]
    pages = [k for k, x in enumerate(raw) if PAGE_NUMBER.search(x)]
    if len(pages) < RUNNING_REPEATS:
        return set()
    numbered = {lines[k] for k in pages}
    near = Counter(lines[j] for k in pages for j in range(k - PAGE_REACH, k + PAGE_REACH + 1) if 0 <= j < len(lines))
    return {
        x
        for x, n in near.items()
        if n >= RUNNING_REPEATS and (len(x) >= RUNNING_CHARS or x in numbered) and ("|" not in x or x in numbered)
    }  # a table's header repeated on each page it runs over is kept


THREAD_COUNTER = re.compile(r"\d{1,2}\s?/\s?\d{1,2}")  # an unrolled thread numbers its posts "1/12" … "12/12"


def record_breaks(lines: list[str]) -> set[int]:
    """Lines of forum chrome between records: a thread's "level 2" or "↑ 211 · Reply · Share" between its posts.

    Such a line is short, is no field ("YOE: 5") and states no figure of its own, and its shape with the numbers
    masked recurs at least RUNNING_REPEATS times with numbers that do not count up or down: "Level 1", "Level 2",
    "Level 3" number headings, as do "Pay group 15", "Pay group 14" and "Pay group 12".
    """
    shapes: dict[str, list[int]] = {}
    for k, x in enumerate(lines):
        bare = " ".join(re.sub(r"\*\*|__", "", x).split())  # "**tulip_tensor** · 168 points": bold is no bullet
        if (
            re.search(r"\d", HANDLE.sub("@", bare))  # "learn python3": a handle's digits are no count
            and sum(1 for w in bare.split() if re.search(r"\w", w)) <= CHROME_WORDS  # "·" is no word
            and not bare.startswith("#")
            and ("|" not in bare or HANDLE.match(bare))  # a table's row; a post's byline "ofer_b on May 3 | [–]"
            and "%" not in bare
            and ":" not in bare  # a field ("YOE: 5", "Sample size: 412") is data, however often it recurs
            and not LEADER.search(bare)  # so is one whose label is joined to its value by dots
            and not SAMPLE_SIZE.search(bare)  # "Based on 186 salaries" under each card says how much data backs it
            and not BULLET.match(bare)
            and not money_in(bare)
            and not find_level(bare)  # "Mid (3–5 yrs)" over each card's mid figure heads it
        ):
            masked = re.sub(r"\d+", "#", HANDLE.sub("@", bare))
            shapes.setdefault(" ".join(re.findall(r"[\w#@]+", masked)), []).append(k)  # "| [–]" or "| | [–]" alike
    out = {k for k, x in enumerate(lines) if THREAD_COUNTER.fullmatch(x.strip())}  # "4/12": a thread's next post
    out = out if len(out) >= RUNNING_REPEATS else set()
    for found in shapes.values():
        numbers = [int(re.search(r"\d+", HANDLE.sub("@", lines[k])).group()) for k in found]
        steps = [b - a for a, b in zip(numbers, numbers[1:], strict=False)]
        numbered = all(d == 1 for d in steps) or all(-2 <= d < 0 for d in steps)  # "Group 15", "Group 14", "Group 12"
        if len(found) >= RUNNING_REPEATS and not numbered:
            out.update(found)
    return out


def _as_records(lines: list[str], breaks: set[int]) -> list[str]:
    """Record separators (`breaks`) replaced by one RECORD_BREAK each, before wrapped lines are joined across them."""
    out: list[str] = []
    for k, x in enumerate(lines):
        if k not in breaks:
            out.append(x)
        elif not out or out[-1] != RECORD_BREAK:
            out.append(RECORD_BREAK)
    return out


def _record_span(lines: list[str]) -> range:
    """The lines a thread's records fill: from its first RECORD_BREAK on (its last post may have no chrome after)."""
    marks = [k for k, x in enumerate(lines) if x == RECORD_BREAK]
    return range(marks[0], len(lines)) if marks else range(0)


def _ruled_headings(lines: list[str]) -> list[str]:
    """A plain-text heading marked by rules, as a `## ` heading without them.

    E-mail digests and fixed-width reports frame a section's title between rules ("-----" / "1) Spain -- Madrid
    vs Barcelona" / "-----") or underline it with one as long as it (setext style). A table header sits between
    rules too, but splits into cells.
    """
    rule = [bool(TABLE_RULE.fullmatch(x.strip()) or re.fullmatch(r"[-=]{3,}", x.strip())) for x in lines]
    near = [k for k, x in enumerate(lines) if x.strip()]
    heading: set[int] = set()
    for i, k in enumerate(near):
        x = lines[k].strip()
        if rule[k] or len(x) > HEADING_CHARS or money_in(x) or len(_aligned_cells(lines[k])) > 1:
            continue
        above = i > 0 and rule[near[i - 1]]
        below = i + 1 < len(near) and rule[near[i + 1]]
        underlined = below and near[i + 1] == k + 1 and abs(len(lines[k + 1].strip()) - len(x)) <= UNDERLINE_SLACK
        if below and (above or underlined and (i == 0 or near[i - 1] < k - 1)):
            heading.add(k)
    framing = {near[i + d] for i, k in enumerate(near) if k in heading for d in (-1, 1) if 0 <= i + d < len(near)}
    for i, k in enumerate(near):  # "===== Slide 4 / 12 =====" over "São Paulo — Data Scientist": a slide's title
        if LABELLED_RULE.fullmatch(lines[k].strip()) and not money_in(lines[k]) and i + 1 < len(near):
            title = lines[near[i + 1]].strip()
            if (
                len(title) <= HEADING_CHARS
                and not money_in(title)
                and title[-1] not in ".:;,"
                and not BULLET.match(title)
            ):
                heading.add(near[i + 1])
                framing.add(k)
                rule[k] = True
    return [f"## {x.strip()}" if k in heading else x for k, x in enumerate(lines) if k not in framing or not rule[k]]


def _page_free(line: str) -> str:
    """A line with its page number masked, when it states one."""
    numbered = PAGE_NUMBER.search(line)
    line = " ".join(line.split())
    return re.sub(r"\d+", "#", line) if numbered else line


QUOTE_MARKS = re.compile(r"^[ \t]*>(?:[ \t]?>)*(?![ \t]*[\d€$£¥₹])[ \t]?", re.M)  # "> ", ">> "; not ">5 years"
QUOTED_LINES = 3  # so many quoted lines make a thread of replies, not a stray "> 5 years"


def _unquoted(text: str) -> str:
    """An e-mail thread's quoted replies as plain text: the marks say who wrote a line, not what it says.

    Left in, they stop the wrapped lines of a quoted paragraph from being joined and hide its tables.
    """
    return QUOTE_MARKS.sub("", text) if len(QUOTE_MARKS.findall(text)) >= QUOTED_LINES else text


BOX_EDGE = re.compile(r"\s*[.+'`,]?[-=~*]{10,}[.+'`,]?\s*")  # ".------." / "'------'" / "+======+"
BOX_LINE = re.compile(r"(?P<indent>\s*)\|(?P<text>[^|]*)\|\s*")  # "| Paid summer internships in Hamilton  |"
BOXED_LINES = 2


def _unboxed(text: str) -> str:
    """A sidebar or banner drawn in ASCII art as the plain lines it frames.

    Its "| … |" lines are one cell wide, closed at one column: text in a box, not a table, whose rows would each
    become a row of one cell and part a sentence from its wrapped end.
    """
    lines = text.splitlines()
    out: list[str] = []
    k = 0
    while k < len(lines):
        run = k
        while run < len(lines) and BOX_LINE.fullmatch(lines[run]):
            run += 1
        closes = {len(x.rstrip()) for x in lines[k:run]}
        edged = any(0 <= j < len(lines) and BOX_EDGE.fullmatch(lines[j]) for j in (k - 1, run))
        if run - k >= BOXED_LINES and len(closes) == 1 and edged:  # drawn: an edge above or below it
            for x in lines[k:run]:
                inner = BOX_LINE.fullmatch(x)["text"]
                out.append(inner[1:].rstrip() if inner.startswith(" ") else inner.rstrip())
            k = run
            continue
        out.append("" if BOX_EDGE.fullmatch(lines[k]) and _next_boxed(lines, k) else lines[k])
        k += 1
    return "\n".join(out)


def _next_boxed(lines: list[str], k: int) -> bool:
    """Whether a rule is a box's edge: a boxed line right above or below it."""
    near = [lines[j] for j in (k - 1, k + 1) if 0 <= j < len(lines)]
    return any(BOX_LINE.fullmatch(x) for x in near)


def _unwrapped(lines: list[str]) -> list[str]:
    """Paragraphs hard-wrapped at a fixed width (PDF text, e-mail) joined back into one line each.

    A line running on into the next is long, ends without closing punctuation, and the next continues it: it
    opens in lower case ("…an end-of-service gratuity" / "of half a month's base …"), the line before ends in a
    comma, it is indented under a bullet, or its first word would not have fitted on the line at the article's wrap
    width. Table rows, headings and list items are never joined.
    """
    out: list[str] = []
    bullet = False
    width = _wrap_width(lines)
    last = ""  # the line before, as written, before any joining
    for line in lines:
        prev = out[-1] if out else ""
        stripped = line.strip()
        no_room = (
            bool(width and stripped)
            and (stripped[0].isalnum() or stripped[0] in "\"'(“‘$€£")
            and not LABELLED.match(stripped)  # "Machine Learning Engineer: Mid R720,000 …" opens an item of its own
            and len(last.rstrip()) + 1 + len(stripped.split()[0]) > width
        )
        last = line
        runs_on = (
            len(prev.strip()) >= WRAP_CHARS
            and not re.search(r"[.!?:;|]\s*$", prev)
            and "|" not in prev
            and not prev.lstrip().startswith("#")
            and not looks_like_heading(prev.strip())
            and not LEADER.search(prev)
            and PATH_SEPARATOR not in prev
        )
        item = BULLET.match(line) or PAREN_ITEM.match(stripped) or PATH_SEPARATOR in line
        mid_clause = (  # "…, MLflow or Kubeflow," / "CI/CD for models, Python."; not "…," / "Munich: €60,000 …"
            prev.rstrip().endswith(",") and not LABELLED.match(stripped)
        )
        continues = (
            not item
            and not LEADER.search(line)
            and (stripped[:1].islower() or bullet and line[:2] == "  " or no_room or mid_clause)
        )
        if stripped and runs_on and continues and "|" not in line and "\t" not in line:
            out[-1] = _joined(prev.rstrip(), stripped)
            continue
        bullet = bool(BULLET.match(line)) or bullet and bool(stripped) and line[:2] == "  "
        out.append(line)
    return out


PARENT_WORDS = 8  # an item this short, with no figure and no full stop, labels the items nested under it
PATH_SEPARATOR = " › "


def _with_parents(lines: list[str]) -> list[str]:
    """A nested list item stating a figure, read with the items it sits under.

    "- Brazil (BRL)" > "  - São Paulo" > "    - ML Engineer" > "      - Pleno: R$ 14.500 / mês" becomes
    "- Brazil (BRL) › São Paulo › ML Engineer › Pleno: R$ 14.500 / mês": the indentation that says whose figure it
    is does not survive cleaning, so the item carries it.
    """
    out: list[str] = []
    parents: list[tuple[int, str]] = []  # (indentation, label) of the items open above
    item_indent = -1  # the last item's indentation
    for k, line in enumerate(lines):
        if not BULLET.match(line) and _indented_item(lines, k):  # nested by indentation alone: an item all the same
            line = f"{line[: len(line) - len(line.lstrip())]}- {line.strip()}"
        m = BULLET.match(line)
        if not m:
            if line.strip() and (not line[:1].isspace() or len(line) - len(line.lstrip()) <= item_indent):
                parents = []  # prose or a heading ends the list, and so does a line of text beside its items
            out.append(line)
            continue
        indent = item_indent = len(line) - len(line.lstrip())
        item = line[m.end() :].strip()
        while parents and parents[-1][0] >= indent:
            parents.pop()
        figure = bool(money_in(item) or LEADER.search(item))
        if parents and figure:
            path = PATH_SEPARATOR.join(label for _, label in parents)
            line = f"{line[: m.end()]}{path}{PATH_SEPARATOR}{item}"
        out.append(line)
        label = item.strip("*_ ").rstrip(":").strip("*_ ")
        label = label.split(": ", 1)[0].strip("*_ ")  # "Cebu (IT Park): roughly 20% below Manila" heads as Cebu
        if not figure and len(label.split()) <= PARENT_WORDS and not label.endswith("."):
            parents.append((indent, label))
    return out


def _indented_item(lines: list[str], k: int) -> bool:
    """A list nested by indentation alone: a short label over lines indented under it that state a value each.

    "Hamilton" over "   graduate / junior ........ 74,000" is such a list, as a printed handout lays one out.
    """
    line = lines[k]
    indent = len(line) - len(line.lstrip())
    if LEADER.search(line) and indent:  # an item, when the line it sits under is such a label
        above = next((lines[j] for j in range(k - 1, -1, -1) if _indent_under(lines[j], indent)), "")
        return bool(above) and _labels_items(above) and _values(line)
    below = next((lines[j] for j in range(k + 1, len(lines)) if lines[j].strip()), "")
    under = len(below) - len(below.lstrip()) > indent and LEADER.search(below) and _values(below)
    return bool(under) and _labels_items(line)


def _indent_under(line: str, indent: int) -> bool:
    return bool(line.strip()) and len(line) - len(line.lstrip()) < indent


def _values(line: str) -> bool:
    """Whether a leader line's value is an amount or a share, not a page number ("Pay in Brno ..... 3")."""
    value = line.split("..")[-1]
    return bool(money_in(line) or re.search(r"\d{1,3}(?:[,.\s]\d{3})+|\d{4,}|\d\s?%", value))


def _labels_items(line: str) -> bool:
    """Whether a line is short enough, and free of figures and full stops, to label the items under it."""
    words = line.split()
    if SUBSECTION.match(line.strip()) or line.lstrip().startswith("#"):
        return False  # "3.2 Lagos State": a numbered heading heads what follows until the next one
    return bool(words) and len(words) <= PARENT_WORDS and not money_in(line) and not line.rstrip().endswith(".")


JOINED_ZIPF = 3.0  # a word split at a line's end is a common one ("insurance"); "midlevel" keeps its hyphen


def _joined(line: str, rest: str) -> str:
    """A wrapped line and the next as one; a word hyphenated at the break whole again ("Lon-" / "don" is London).

    The hyphen stays where the word is a compound ("end-of-" / "service"): only a whole that English or the
    gazetteer knows loses it.
    """
    head = re.search(r"(\w+)-$", line)
    if not head or not rest[:1].islower():
        return f"{line} {rest}"
    tail = re.match(r"\w+", rest)
    word = head.group(1) + (tail.group() if tail else "")
    known = zipf_frequency(word.lower(), "en") >= JOINED_ZIPF or gazetteer().is_known(word.capitalize())
    return f"{line[:-1]}{rest}" if known else f"{line}{rest}"


def _wrap_width(lines: list[str]) -> int:
    """The width an article's paragraphs were hard-wrapped at, or 0 when they were not.

    Wrapped prose fills its lines to within a word of one width: most of its long lines lie just under the longest.
    A line then ends early only where its paragraph does, so a next word that would have fitted means a break.
    """
    prose = [len(x.rstrip()) for x in lines if len(x.strip()) >= WRAP_CHARS and not re.search(r"\S\s{2,}\S|[|\t]", x)]
    if len(prose) < WRAPPED_LINES:
        return 0
    width = sorted(prose)[int(0.9 * (len(prose) - 1))]  # a line or two past it were typed, not wrapped
    filled = sum(1 for n in prose if width - WRAP_SLACK <= n <= width)
    return width if filled >= WRAPPED_SHARE * len(prose) else 0


def _aligned_rows(lines: list[str]) -> list[str]:
    """Lines of a table laid out with spaces (a PDF's text, a fixed-width report) as `a | b | c` rows.

    Only a run of at least two lines that each split into as many cells (three or more) at gaps of two or more
    spaces counts: a sentence with a double space is not a table, nor is a padded markdown or tab-separated one.
    """
    lines = _without_header_furniture(lines)
    cells = [_aligned_cells(x) for x in lines]
    cornered = {k for k in range(len(lines) - 1) if _over_a_corner(lines[k], cells[k], lines[k + 1], cells[k + 1])}
    for k in cornered:
        cells[k] = ["", *cells[k]]
    out = list(lines)
    absorbed: set[int] = set()
    k = 0
    while k < len(lines):
        starts = _cell_starts(lines[k]) if len(cells[k]) >= TAB_CELLS else []
        starts = [0, *starts] if k in cornered else starts
        j = k
        while j < len(lines) and len(cells[k]) >= TAB_CELLS:
            if len(cells[j]) != len(cells[k]):
                cells[j] = _cut_at(lines[j], starts)  # a cell filling its column leaves one space to the next
            if len(cells[j]) != len(cells[k]) and j > k:
                cells[j] = _grouped(lines[j], starts, cells[j - 1])
            if len(cells[j]) != len(cells[k]) and j > k and (at := _under(lines[j], starts)) is not None:
                cells[j - 1][at] += f" {lines[j].strip()}"  # "(approx. 13 000 RON net)" under the row's figure
                cells[j] = cells[j - 1]
                absorbed.add(j)
            if len(cells[j]) != len(cells[k]):
                break
            j += 1
        if j - k < 2 and len(cells[k]) == 2:  # "Base salary        125,000": a label and its figure
            while j < len(lines) and len(cells[j]) == 2 and (j == k or FIGURE_CELL.fullmatch(cells[j][1])):
                j += 1
            j = j if j - k >= MIN_PAIR_ROWS else k
        natural = sum(1 for i in range(k, j) if len(_aligned_cells(lines[i])) == len(cells[k]))
        if j - k >= 2 and natural < 2:
            j = k + 1  # a line with double spaces over a sentence cut at them: no table ("↳ Camille  [9:14 AM]")
        if j - k >= 2:
            values = [c for c in cells[k] if (FIGURE_CELL.fullmatch(c) or money_in(c)) and not YEAR_CELL.fullmatch(c)]
            headed = len(cells[k]) < TAB_CELLS or not values  # names ("DAILY (8H)") over values
            glue = " | " if headed else "   "  # else each row reads as a line
            out[k:j] = ["" if i in absorbed else glue.join(cells[i]) for i in range(k, j)]
        k = max(j, k + 1)
    return out


def _over_a_corner(line: str, cells: list[str], below: str, below_cells: list[str]) -> bool:
    """A header leaving its first column's cell blank, each of its names starting where a later column does.

    "      Copenhagen (DKK)   Tallinn (EUR)" over "Mid   52.000 kr.   € 4,100": the rows' labels need no name.
    """
    if not (2 <= len(cells) == len(below_cells) - 1 and len(below_cells) >= TAB_CELLS and line[:1].isspace()):
        return False
    if any(FIGURE_CELL.fullmatch(c) or money_in(c) for c in cells):
        return False
    columns = _cell_starts(below)[1:]
    return all(abs(a - b) <= UNDER_SLACK for a, b in zip(_cell_starts(line), columns, strict=True))


def _spanned_headers(lines: list[str]) -> list[str]:
    """A fixed-width table's spanning header ("----- Dublin -----   ----- Cork -----") folded into the header under it.

    Each cell under a span is prefixed with its name ("Dublin P25", "Cork Median"), so a column says whose it is
    however the report lays its groups out; the span line goes.
    """
    out: list[str] = []
    k = 0
    while k < len(lines):
        spans = [(m.start(), m.end(), m.group(1).strip()) for m in SPAN.finditer(lines[k])]
        below = lines[k + 1] if k + 1 < len(lines) else ""
        if len(spans) >= 2 and not SPAN.sub("", lines[k]).strip() and len(_aligned_cells(below)) >= TAB_CELLS:
            named = [_under_span(m.start(), m.end(), m.group(), spans) for m in re.finditer(r"\S+(?: \S+)*", below)]
            out.append("  ".join(named))
            k += 2
            continue
        out.append(lines[k])
        k += 1
    return out


def _under_span(start: int, end: int, cell: str, spans: list[tuple[int, int, str]]) -> str:
    """A header cell named by the span over it, or nearest it within SPAN_SLACK characters."""
    gap, name = min((max(a - end, start - b, 0), name) for a, b, name in spans)
    return f"{name} {cell}" if gap <= SPAN_SLACK else cell


def _cell_starts(line: str) -> list[int]:
    """Where each cell of a line laid out with gaps of two or more spaces begins."""
    return [m.start() for m in re.finditer(r"(?:^|(?<=\s\s))\S", line)]


def _under(line: str, starts: list[int]) -> int | None:
    """The column a line of one cell continues: it starts where a later column of the row above does."""
    indent = len(line) - len(line.lstrip())
    if len(_aligned_cells(line)) != 1 or not indent:
        return None
    near = [k for k, start in enumerate(starts) if k and abs(start - indent) <= UNDER_SLACK]
    return near[0] if near else None


def _grouped(line: str, starts: list[int], above: list[str]) -> list[str]:
    """A row leaving its group's cells blank ("          Senior    110 000 CZK") with them from the row above."""
    indent = len(line) - len(line.lstrip())
    if not indent or indent not in starts[1:]:
        return []
    own = _aligned_cells(line)
    at = starts.index(indent)
    figured = any(FIGURE_CELL.fullmatch(c) or money_in(c) for c in own) and not own[0].startswith("(")
    return [*above[:at], *own] if len(own) == len(starts) - at and figured else []


def _cut_at(line: str, starts: list[int]) -> list[str]:
    """A row cut at its header's cell starts, when each cut falls on a space and leaves no cell empty."""
    if not starts or len(line) <= starts[-1] or re.search(r"[|\t]", line):
        return []
    if any(line[s - 1] != " " for s in starts[1:]):
        return []
    cells = [line[a:b].strip() for a, b in zip([0, *starts[1:]], [*starts[1:], len(line)], strict=True)]
    return cells if all(cells) else []


def _aligned_cells(line: str) -> list[str]:
    """The cells of a line laid out with gaps of two or more spaces; none for a blank, pipe, tab or leader line."""
    if not line.strip() or re.search(r"[|\t]", line) or LEADER.search(line):
        return []  # "Senior  ......  24 000 PLN" is a label and its value, not cells
    return re.split(r"\s{2,}", line.strip())


def _without_header_furniture(lines: list[str]) -> list[str]:
    """A fixed-width table's header without its rule ("-----") and unit line ("(thous.)"), so it heads the rows.

    Only right under a line of three or more aligned cells, or of two over a rule per column ("-----  ----"): a
    rule between forum posts stays.
    """
    out: list[str] = []
    for line in lines:
        header = next((x for x in reversed(out) if x.strip()), "")
        columns = len(_aligned_cells(header))
        furniture = TABLE_RULE.fullmatch(line.strip()) or UNIT_LINE.fullmatch(line.strip())
        if columns >= TAB_CELLS and furniture or columns >= 2 and COLUMN_RULE.fullmatch(line.strip()):
            continue
        out.append(line)
    return out


def _tab_row(line: str) -> str:
    """A tab-separated line (a spreadsheet export or paste) as a `a | b | c` row; other lines as they are."""
    cells = [c.strip() for c in line.split("\t")]
    return " | ".join(cells) if sum(1 for c in cells if c) >= TAB_CELLS else line


def _columns_apart(text: str) -> str:
    """A page laid out in two columns (PDF text export) as its left column, then its right one.

    Side by side, a left column's prose and a right column's list read as one line each ("…went into   London
    … £38,000"): each figure takes the wrong neighbours. A run of lines that all leave one band of columns blank,
    with prose on its left in most lines, is two columns; a full-width line (a footnote) ends the run.
    """
    lines = text.split("\n")
    out: list[str] = []
    k = 0
    while k < len(lines):
        end, cut = _two_columns(lines, k)
        if cut is None:
            out.extend(lines[k:end])  # one band of blanks, no prose beside it: a table, or a line as it is
            k = end
            continue
        run = lines[k:end]
        right = [x[cut:].rstrip() for x in run]
        indent = min((len(x) - len(x.lstrip()) for x in right if x.strip()), default=0)
        out.extend([*_column_prose([x[:cut].rstrip() for x in run]), "", *_column_prose([x[indent:] for x in right])])
        k = end
    return "\n".join(out)


def _column_prose(lines: list[str]) -> list[str]:
    """A narrow column's lines with its wrapped sentences joined: "engineer: KRW 52,000,000 –" / "65,000,000 …".

    A line runs on when it ends with a colon, a comma, a dash or a word, and the next goes on in lower case,
    with a figure, or after a colon; a list item or a blank line starts afresh.
    """
    out: list[str] = []
    for line in lines:
        prev = out[-1].rstrip() if out else ""
        on = bool(prev) and bool(line.strip()) and not (BULLET.match(line) or LIST_ITEM.match(line))
        if on and (prev.endswith(":") or re.search(r"[,–-]$|[A-Za-z]$", prev) and RUNS_ON.match(line.strip())):
            out[-1] = f"{prev} {line.strip()}"
        else:
            out.append(line)
    return out


def _two_columns(lines: list[str], start: int) -> tuple[int, int | None]:
    """The end of the run of lines from `start` sharing one blank band, and where its right column starts.

    None for where, when the run is no two columns: the lines up to its end are then read as they are, so each
    line is looked at once.
    """
    first = lines[start]
    if len(first) <= COLUMN_MIN + 3 or "   " not in first[COLUMN_MIN:].rstrip():
        return start + 1, None  # a run opens with a line in both columns
    blank = set(range(COLUMN_MIN, len(first)))
    best: tuple[int, int | None] = (start + 1, None)
    texts = both = 0
    words = 0.0
    cut: int | None = None
    end = start
    for end in range(start, min(len(lines), start + COLUMN_RUN_MAX)):
        x = lines[end]
        blank = {c for c in blank if c >= len(x) or x[c] == " "}
        new_cut = _band_end(blank)
        if new_cut is None:
            return (best[0], best[1]) if best[1] is not None else (max(end, start + 1), None)
        added = lines[end : end + 1] if new_cut == cut else lines[start : end + 1]
        if new_cut != cut:  # the band moved: count the run again
            texts = both = 0
            words = 0.0
            cut = new_cut
        for y in added:
            if y.strip():
                texts += 1
                if y[:cut].strip() and y[cut:].strip():
                    both += 1
                    words += len(y[:cut].split())
        if texts >= COLUMN_LINES and both >= COLUMN_SHARE * texts and words >= COLUMN_WORDS * both:
            best = (end + 1, cut)
    return best if best[1] is not None else (end + 1, None)


def _band_end(blank: set[int]) -> int | None:
    """Where the first band of three or more blank columns ends, when text resumes after it."""
    for c in sorted(blank):
        if {c + 1, c + 2} <= blank and c + 3 not in blank:
            return c + 3
    return None


def _emoji_bullets(text: str) -> str:
    """Lines opened by the same pictograph ("👉 Senior ML Engineer: …", "✅ SQL."), two or more in a row, as a list.

    Social posts mark their list items with an emoji where others write "-"; a line opened by an arrow under a
    lead-in ("…:") is an item too.
    """
    lines = text.split("\n")
    found = [m if (m := PICTOGRAPH_ITEM.match(x)) and _marks_items(m.group(1)[0]) else None for x in lines]
    marks = [m.group(1) if m else "" for m in found]
    for k, m in enumerate(found):
        led = m and k and lines[k - 1].rstrip().endswith(":") and ARROW.search(unicodedata.name(marks[k][0], ""))
        if m and (led or marks[k] in {marks[k - 1] if k else "", marks[k + 1] if k + 1 < len(marks) else ""}):
            lines[k] = "- " + lines[k][m.end() :]  # "→ base CA$165k" under "Vancouver senior MLOps …:" too
    return "\n".join(lines)


ARROW = re.compile(r"\b(?:ARROW|TRIANGLE|POINTER)\b")


def _marks_items(char: str) -> bool:
    """A pictograph ("👉", "✅") or an arrow ("→", "▸") that marks a list's items."""
    return unicodedata.category(char) == "So" or bool(ARROW.search(unicodedata.name(char, "")))


def _emoji_free(line: str) -> str:
    return re.sub(r"^[^\w$€£¥₹₩₫#(\"'-]+", "", line).strip()


def clean(text: str, *, title: str | None = None, trust_headings: bool = False) -> CleanedArticle:
    """Clean one article; `trust_headings` keeps markdown/HTML headings and skips shape guessing."""
    text = _emoji_bullets(_unboxed(drawn_tables(_unquoted(spoken_figures(fix_text(text))))))
    dropped: list[str] = []
    lines: list[str] = []
    running = _running_lines(text)
    page_lines: list[str] = []
    for x in text.splitlines():  # page furniture goes before any row is rebuilt
        (dropped if _page_free(x) in running else page_lines).append(x)
    page_lines = _columns_apart("\n".join(page_lines)).split("\n")  # once the page furniture is gone
    page_lines = unwrapped_tables(page_lines)  # before rules are read as a heading's
    ruled = _ruled_headings(page_lines)
    headings = set(ruled) - set(page_lines)
    aligned = _aligned_rows(_spanned_headers(ruled))
    breaks = record_breaks(aligned)
    dropped.extend(aligned[k] for k in sorted(breaks))  # a thread's chrome between posts is dropped, and said so
    for raw in _with_parents(_unwrapped(_as_records(aligned, breaks))):
        line = _tab_row(raw).strip()
        if is_boilerplate(_emoji_free(line)):
            dropped.append(raw)
            continue
        line = strip_markup(line).strip()
        if raw in headings:
            lines.append(line)
        elif line.startswith("#") and not trust_headings:
            head, *rest = split_inline_heading(line)
            lines.extend([f"## {head}", *rest])
        elif trust_headings:
            lines.append(line)
        else:
            lines.extend(split_glued_heading(line))
    lines = units_into_headers(rebuild_tables([x for x in lines if x]))
    records = _record_span(lines)

    head = "\n".join(lines[:15])
    byline = "\n".join(lines[:BYLINE_LINES])
    as_of_match = AS_OF.search(head) or FULL_DATE.search(byline) or AS_OF.search("\n".join(lines))  # a dateline first
    as_of = as_of_match.group("date") if as_of_match else ""
    if trust_headings:
        out = lines
    else:
        rows = table_rows_by_shape(lines)
        shaped = [
            not x.startswith("#")
            and not rows[k]
            and k not in records  # a post's "Senior Data Scientist · Berlin" heads that post, not what follows
            and not money_in(x)
            and looks_like_heading(_emoji_free(x))
            for k, x in enumerate(lines)
        ]
        out = [f"## {_emoji_free(x)}" if _is_section_start(shaped, k) else x for k, x in enumerate(lines)]
    if title is None:
        title = _title_from(out)
    if title and out and out[0].lstrip("# ").strip() == title:
        out = out[1:]
    body = "\n".join(out)
    if title:
        body = f"# {title}\n{body}"
    if not as_of:
        year = re.search(r"\b(20\d{2})\b", title or "")
        as_of = year.group(1) if year else ""
    return CleanedArticle(text=body, title=title, as_of=as_of, dropped=dropped)


def value_shape(line: str) -> tuple[str, ...]:
    """The kinds of figures a line states, in order: ("time", "ratio") for "Junior ... 6–12 months 1.8x"."""
    kinds = []
    for m in VALUE.finditer(line):
        kind = next(k for k, v in m.groupdict().items() if v)
        if not kinds or kinds[-1] != kind:
            kinds.append(kind)
    return tuple(kinds)


def table_rows_by_shape(lines: list[str]) -> list[bool]:
    """Lines that are rows of a table pasted without borders.

    Neighbouring lines stating the same kinds of figures (two or more) in the same order are rows of one
    table: none of them is a heading, however capitalised.
    """
    shapes = [value_shape(x) for x in lines]
    n = len(lines)
    same = [[0 <= j < n and shapes[j] == shapes[k] for j in (k - 1, k + 1)] for k in range(n)]
    return [len(shapes[k]) >= 2 and any(same[k]) for k in range(n)]


def _is_section_start(shaped: list[bool], k: int) -> bool:
    """Heading-shaped and not inside a run of such lines (the rows of a table or a list of labels).

    A heading and its subheading make a run of two; in a longer run only the last line, the one
    followed by text, is a heading.
    """
    if not shaped[k] or k == len(shaped) - 1:
        return False
    start = k
    while start > 0 and shaped[start - 1]:
        start -= 1
    end = k
    while end + 1 < len(shaped) and shaped[end + 1]:
        end += 1
    return k == end or end - start < 2


def _title_from(lines: list[str]) -> str | None:
    """The article's first line when it is shaped like a title; a site's trail ("Blog > Hiring") comes before it.

    A letter's, memo's or e-mail's subject line is its title, wherever its letterhead puts it ("RE: REVISED PAY…").
    """
    if lines and not lines[0].startswith("# "):
        subject = next((m for x in lines[:SUBJECT_LINES] if (m := SUBJECT.match(x.lstrip("# ")))), None)
        if subject:
            return subject["title"].strip()
    first = next((x for x in lines if x and not TRAIL.search(x)), "")
    bare = first.lstrip("# ").strip()
    if not bare or bare.lower() in GENERIC_HEADINGS or len(bare) > 150 or bare.endswith("."):
        return None
    if first.startswith("#") or looks_like_heading(bare) or ":" in bare:
        return bare
    return None


def title_from_doc_id(doc_id: str) -> str:
    """A readable title for an article that has none of its own."""
    acronyms = {"ml", "ai", "us", "uk", "eu", "nlp", "llm", "mlops", "cv"}
    return " ".join(w.upper() if w in acronyms else w.capitalize() for w in re.split(r"[-_\s]+", doc_id) if w)


def figures(text: str) -> set[str]:
    """Every number in a text, without thousands separators (for fact-preservation checks)."""
    return {m.group().replace(",", "").rstrip(".") for m in FIGURE.finditer(text)}
