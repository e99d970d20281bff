"""Table rows with their column headers, whatever shape the table arrived in.

Markdown tables (`| a | b |` with a `|---|` rule), tables rebuilt by cleaning (`| h1 | h2` then
`label | v1 | v2`), and HTML tables (rows as `a | b | c`) all become rows whose cells know their header,
so a figure is attributed by its own row and column, never by a caption or a neighbouring row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.money import BARE_YEAR, currency_code, find_money, money_in

RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
FIGURE = re.compile(r"\d")
CAPTION_CHARS = 120
LABELLED_CAPTION_CHARS = 300
TABLE_LABEL = re.compile(r"(?:table|tabla|tableau|tabelle)\s+[A-Z]?\d+(?:\.\d+)*\b", re.I)
NOT_CAPTION = re.compile(r"(?:notes?|sources?|disclaimer)\b|\|?\s*:?-{2,}", re.I)  # a note or a stray rule
THOUSANDS_CELL = re.compile(r"[~≈]?\d+(?:\.\d+)?\s?[kKmM]\+?(?:\s*[–-]\s*\d+(?:\.\d+)?\s?[kKmM]\+?)?")  # "120k"
VALUE_ONLY = re.compile(r"[\d.,%\s~≈+×x–-]+")  # a cell of numbers, percentages or ratios, no words
LABELLED = re.compile(r"^[^:|\d]{2,40}:\s")  # "Seoul: ₩40M+" is a labelled segment, not a table cell


@dataclass
class Row:
    """One table row: its cells, and the header over each cell ("" where none)."""

    cells: list[str]
    headers: list[str]
    header_line: str
    caption: str = ""

    def label_cells(self) -> list[str]:
        """Cells that state no value: the row's own labels (a city, a level, a role), "Junior (0–2 yrs)" too."""
        return [c for c in self.cells if c and not VALUE_ONLY.fullmatch(c) and not find_money(c)]


def split_cells(line: str) -> list[str]:
    """Cells of a `a | b | c` or `| a | b |` line."""
    inner = line.strip()
    if inner.startswith("|") and inner.endswith("|") and len(inner) > 1:
        inner = inner[1:-1]
    elif inner.startswith("|"):
        inner = " " + inner  # a leading empty cell: the row-label column has no header
    return [c.strip() for c in inner.split("|")]


def is_table_line(line: str) -> bool:
    """A line with at least one cell separator."""
    return line.count("|") >= 1 and (line.lstrip().startswith("|") or " | " in line)


def table_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(first, past-last) line index of each run of table lines; a rule never opens one."""
    blocks: list[tuple[int, int]] = []
    k = 0
    while k < len(lines):
        if not is_table_line(lines[k]) or RULE.match(lines[k].strip()):
            k += 1
            continue
        end = k
        while end < len(lines) and is_table_line(lines[end]):
            end += 1
        blocks.append((k, end))
        k = end
    return blocks


def table_rows(lines: list[str]) -> dict[int, Row]:
    """Data rows by line index, for every table block in these lines."""
    rows: dict[int, Row] = {}
    for k, end in table_blocks(lines):
        block = [i for i in range(k, end) if not RULE.match(lines[i].strip())]
        first = split_cells(lines[block[0]])
        while len(block) > 2 and _stray(lines[block[-1]], len(first)):
            block.pop()  # a page's running header right under a table ("Acme Analytics | Pay Report 2026")
        has_rule = any(RULE.match(lines[i].strip()) for i in range(k, end))
        spans = (
            _spanned(first, split_cells(lines[block[1]]), [split_cells(lines[i]) for i in block[2:]])
            if len(block) > 2 and not any(_is_value(c) for c in first)
            else []
        )
        header_like = (
            has_rule
            or bool(spans)
            or not any(_is_value(c) for c in first)
            and (lines[block[0]].lstrip().startswith("|") or _figures_below(first, [lines[i] for i in block[1:]]))
        )
        if header_like and len(block) > 1:
            caption = _caption(_line_above(lines, k))
            header_line = lines[block[0]].strip()
            if spans:  # "Berlin (EUR) | Munich (EUR)" over "Base | Total | Base | Total"
                first, header_line, block = spans, f"{header_line}\n{lines[block[1]].strip()}", block[1:]
            for i in block[1:]:
                cells = split_cells(lines[i])
                if LABELLED.match(cells[0]) or len(cells) > 1 and all(LABELLED.match(c) for c in cells if c):
                    break  # a "Source: …" line under the table; a row's note ("Tokyo junior: …") is its cell
                headers = [h.replace("_", " ") for h in _align(first, len(cells))]  # "base_median": "base median"
                rows[i] = Row(cells=cells, headers=headers, header_line=header_line, caption=caption)
    return rows


def _spanned(top: list[str], sub: list[str], below: list[list[str]]) -> list[str]:
    """A two-level header as one: each top cell over the sub-header cells it spans ("Berlin (EUR) Base"), or [].

    Only where the sub-header states no value, the rows below are as wide as both levels' label columns plus the
    sub-header, and each top cell spans as many sub-header cells.
    """
    sub = sub[next((j for j, c in enumerate(sub) if c), len(sub)) :]  # "| | | Base | Total": leading blanks
    if not sub or not below or any(_is_value(c) for c in sub) or len(below[0]) <= len(top):
        return []
    width = len(below[0])
    labels = width - len(sub)
    spanned = len(top) - labels
    if labels < 0 or spanned < 1 or len(sub) % spanned or any(len(r) != width for r in below):
        return []
    per = len(sub) // spanned
    return top[:labels] + [f"{top[labels + j // per]} {cell}" for j, cell in enumerate(sub)]


def _stray(line: str, width: int) -> bool:
    """Whether a pipe line under a table is no row of it: narrower than its header and stating no figure."""
    return len(split_cells(line)) < width and not re.search(r"\d", re.sub(r"\b(?:19|20)\d\d\b", "", line))


def _line_above(lines: list[str], k: int) -> str:
    """The line above a table; above a notebook's code cell when the table is that cell's printed output."""
    above = k - 1
    if above >= 0 and lines[above].strip() == "```":
        opening = next((j for j in range(above - 1, -1, -1) if lines[j].lstrip().startswith("```")), -1)
        above = opening - 1 if opening >= 0 else above
    return lines[above] if above >= 0 else ""


def _caption(line: str) -> str:
    """The line right above a table when it names it, else "".

    "Table 2. Senior ML Engineer contractor day rates" and "3.1 Median gross monthly salary, MXN (Table 3.1):"
    are captions; a sentence ending in a full stop is not.
    """
    line = line.strip().lstrip("#").strip()
    longest = LABELLED_CAPTION_CHARS if TABLE_LABEL.match(line) else CAPTION_CHARS  # "Table 1. …" names its table
    if len(line) > longest or money_in(line) or line.endswith(".") or NOT_CAPTION.match(line):
        return ""
    return line


def states_values(line: str) -> bool:
    """Whether a table line states any value, unlike a header row ("Role | Level | P25 | Median")."""
    return any(_is_value(c) for c in split_cells(line))


def _is_value(cell: str) -> bool:
    """A cell stating a value; "base_p25" and a year over a column ("2025") are names, not values."""
    if BARE_YEAR.fullmatch(cell.strip()) or not FIGURE.search(cell):
        return False
    return not re.search(r"[A-Za-z]", cell) or bool(money_in(cell)) or bool(THOUSANDS_CELL.fullmatch(cell.strip()))


def _figures_below(first: list[str], below: list[str]) -> bool:
    """Whether a figure-free line heads rows of as many cells, most holding figures (an HTML table's `<th>` row).

    A row the source suppresses ("Darwin | np | np") is still one of them.
    """
    rows = [split_cells(line) for line in below]
    figured = sum(any(FIGURE.search(c) for c in cells) for cells in rows)
    return bool(rows) and all(len(cells) == len(first) for cells in rows) and 2 * figured > len(rows)


def units_into_headers(lines: list[str]) -> list[str]:
    """A table's row of units ("Currency / period | PLN / month gross"), or its note ("Currency: USD."), in its header.

    Under its header, every chunk a long table is split into knows its columns' currency and period; a row of
    units at the table's foot would reach only the last.
    """
    out = list(lines)
    for k, end in reversed(table_blocks(out)):  # last first: a removed row moves no block still to come
        unit_at = next((i for i in range(k + 1, end) if _is_unit_row(split_cells(out[i]))), None)
        note = TABLE_NOTE.match(out[end]) if end < len(out) and unit_at is None else None
        if note:  # "*Currency: USD. Local offers were converted at …*" under the table
            header = split_cells(out[k])
            out[k] = "| " + " | ".join([header[0], *(f"{h} ({note[1]})" for h in header[1:])]) + " |"
        if unit_at is not None:
            units, header = split_cells(out[unit_at]), split_cells(out[k])
            named = _align(header, len(units))
            cells = [
                f"{h} ({u.strip('*_ ')})" if j and u.strip("*_ —-") else h
                for j, (h, u) in enumerate(zip(named, units, strict=True))
            ]
            out[k] = "| " + " | ".join(cells) + " |"
            del out[unit_at]
    return out


# "Currency: USD.", "All values in EUR (€)"; not "All salaries in local currency; USD equivalents …"
TABLE_NOTE = re.compile(
    r"^[\s*_-]*(?i:currency\s*:|all (?:values|figures|amounts|salaries)\s+(?:are\s+)?in)\s*([A-Z]{3})\b(?![^.\n]*"
    r"(?i:equivalent|converted|except|local))"
)
UNIT_ROW_CELL = re.compile(r"\b([A-Z]{3})\b|[€$£¥₹₩]")  # "PLN / month gross", "€ per year"


def _is_unit_row(cells: list[str]) -> bool:
    """A row naming each column's currency and period ("Currency / period | PLN / month gross | …"), no values."""
    values = [c for c in cells[1:] if c.strip("*_ —-")]
    return len(values) >= 1 and len(values) == len(cells) - 1 and all(_names_currency(c) for c in values)


def _names_currency(cell: str) -> bool:
    """A unit cell: a currency ("PLN / month gross", "€"), no figure; "RSU" or "EEA" is no currency."""
    m = UNIT_ROW_CELL.search(cell)
    return bool(m) and not FIGURE.search(cell) and (not m.group(1) or bool(currency_code(m.group(1))))


def _align(header: list[str], n: int) -> list[str]:
    """Header cells over `n` row cells; a header one short leaves the label column unnamed."""
    if len(header) == n:
        return header
    if len(header) == n - 1:
        return ["", *header]
    return (header + [""] * n)[:n]
