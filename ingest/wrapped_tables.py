"""Tables laid out with spaces whose cells wrap onto several lines (a salary guide saved from PDF to text).

    Role                Experience    UAE (Dubai /        KSA (Riyadh)
                                      Abu Dhabi)          SAR / month*
    --------------------------------------------------------------------
    Machine Learning    2–5 yrs       28,000 – 38,000     27,000 – 36,000
    Engineer
                        5–8 yrs       38,000 – 52,000     37,000 – 50,0001

A column is found where every line of the table leaves a gutter of spaces; the header is the lines above the
rule, each column's name joined from its lines. A line stating a figure where the row above already has one
opens a new row; other lines continue the row's cells ("Engineer", "Lead", a range broken after its dash).
A row leaving its first cells blank belongs to the group above ("5–8 yrs" of Machine Learning Engineer), and a
footnote digit or mark run into a figure ("50,0001", "110,000†") is no part of it. The rows come out as `a | b`
lines, which the table reader attributes cell by cell.
"""

from __future__ import annotations

import re

RULE = re.compile(r"^\s*[-=_—]{10,}\s*$")
FIGURE = re.compile(r"\d[\d,.' ]*\d|\d")
FOOTNOTED = re.compile(r"(\d{1,3}(?:,\d{3})+)(\d)(?!\d)")  # "50,0001": a footnote "1" run into "50,000"
MARKED = re.compile(r"(?<=\d)[*†‡§]+")  # "110,000†": a footnote's mark, not part of the figure
AMOUNT = re.compile(r"\d{1,3}(?:[,.' ]\d{3})+|\d{4,}")  # "38,000": a column of amounts, not of "2–5 yrs"
OPEN_RANGE = re.compile(r"[–—-]\s*$")
MIN_GUTTER = 2
MIN_COLUMNS = 3
HEADER_LINES = 4


def unwrapped_tables(lines: list[str]) -> list[str]:
    """The lines, with each wrapped table in them written as one `a | b` line per row."""
    out: list[str] = []
    k = 0
    while k < len(lines):
        table = _table_at(lines, k)
        if table is None:
            out.append(lines[k])
            k += 1
            continue
        rows, end = table
        out.extend(rows)
        k = end
    return out


def _table_at(lines: list[str], k: int) -> tuple[list[str], int] | None:
    """The rows of a wrapped table whose header starts at line k, and the index after it; None if none does."""
    rule = next((j for j in range(k + 1, min(k + HEADER_LINES + 1, len(lines))) if RULE.match(lines[j])), None)
    if rule is None or not lines[k].strip() or any(not x.strip() or RULE.match(x) for x in lines[k:rule]):
        return None
    end = rule + 1
    while end < len(lines) and lines[end].strip() and not RULE.match(lines[end]):
        end += 1
    header, body = lines[k:rule], lines[rule + 1 : end]
    if len(body) < 2:
        return None
    spans = _columns(header + body)
    if len(spans) < MIN_COLUMNS or not any(FIGURE.search(x) for x in body):
        return None
    names = [" ".join(_cell(x, span) for x in header if _cell(x, span)) for span in spans]
    if not all(names) or any(FIGURE.fullmatch(n) for n in names):
        return None
    rows = _rows([[_cell(x, span) for span in spans] for x in body])
    if rows is None:
        return None
    after = end + 1 if end < len(lines) and RULE.match(lines[end]) else end
    return [" | ".join(names), *(" | ".join(r) for r in rows)], after


def _columns(lines: list[str]) -> list[tuple[int, int]]:
    """Character spans of the columns: runs between gutters where every line has a space."""
    width = max(len(x) for x in lines)
    filled = [any(k < len(x) and not x[k].isspace() for x in lines) for k in range(width)]
    spans: list[tuple[int, int]] = []
    start = None
    gap = 0
    for k, used in enumerate([*filled, False, False]):
        if used:
            if start is None:
                start = k
            elif gap >= MIN_GUTTER:
                spans.append((start, k - gap))
                start = k
            gap = 0
        elif start is not None:
            gap += 1
    if start is not None:
        spans.append((start, width))
    return spans


def _cell(line: str, span: tuple[int, int]) -> str:
    return line[span[0] : span[1]].strip()


def _rows(cells: list[list[str]]) -> list[list[str]] | None:
    """Lines' cells merged into rows; a blank lead is the group's.

    A line filling a cell the row has filled already opens the next row, when that cell holds a figure or lies in
    a column of amounts ("Intern   not disclosed"); a label's or a range's next words continue it.
    """
    rows: list[list[str]] = []
    valued = {j for line in cells for j, c in enumerate(line) if AMOUNT.search(c)}  # columns of amounts
    for line in cells:
        filled = [j for j, c in enumerate(line) if c and (j in valued or FIGURE.search(c))]
        current = rows[-1] if rows else None
        opens = current is None or any(current[j] and not OPEN_RANGE.search(current[j]) for j in filled)
        if opens and filled:
            rows.append(list(line))
        elif current is None:
            return None  # text before any figure: no table of this kind
        else:
            for j, c in enumerate(line):
                current[j] = f"{current[j]} {c}".strip() if c else current[j]
    for k, row in enumerate(rows):
        for j, c in enumerate(row):
            if not c and k and not any(row[:j]):  # "   5–8 yrs   38,000 – 52,000": Machine Learning Engineer's
                row[j] = rows[k - 1][j]
        rows[k] = [MARKED.sub("", FOOTNOTED.sub(r"\1", c)) for c in row]
    return rows
