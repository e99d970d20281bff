"""Tables drawn with borders, read as `| a | b |` rows, as e-mail newsletters and pandoc documents draw them.

Box-drawing characters ("┌──┬──┐", "│ a │ b │") and grid tables ("+----+----+", "| a  | b  |", "+====+" under the
header). A border line is no text; between two borders, a line filling its first cell opens a row and one leaving
it blank continues it, its cells joined to the row's ("Junior ML engineer (US" / "client, contractor)"). The row
under a header's border ("+===+", "╞═╪═╡") or under the first inner border ("├──┼──┤") is followed by a markdown
rule, so the rows are read by their header.
"""

from __future__ import annotations

import re

BOX_VERTICAL = re.compile(r"[│┃║]")
CORNERS = "+┌┬┐├┼┤└┴┘╔╦╗╠╬╣╚╩╝╒╤╕╞╪╡╘╧╛╓╥╖╟╫╢╙╨╜"
BORDER = re.compile(rf"^\s*[{CORNERS}][-=─━═{CORNERS}]*[-=─━═][-=─━═{CORNERS}]*[{CORNERS}]\s*$")  # "+---+---+"
HEADER_BORDER = re.compile(r"[=═╞╪╡]")
MIN_ROWS = 2


def drawn_tables(text: str) -> str:
    """The text with each drawn table in it written as markdown rows; other lines as they are."""
    lines = [BOX_VERTICAL.sub("|", x) if BOX_VERTICAL.search(x) else x for x in text.split("\n")]
    if not any(BORDER.match(x) for x in lines):
        return text
    out: list[str] = []
    k = 0
    while k < len(lines):
        end = k
        while end < len(lines) and (BORDER.match(lines[end]) or _bordered(lines[end])):
            end += 1
        table = _rows(lines[k:end]) if end > k else None
        if table is None:
            out.append(lines[k])
            k += 1
        else:
            out.extend(table)
            k = end
    return "\n".join(out)


def _bordered(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3


def _rows(block: list[str]) -> list[str] | None:
    """A drawn table's rows, header first and a rule under it; None when the block is no drawn table."""
    if not any(BORDER.match(x) for x in block):
        return None
    groups: list[list[str]] = []
    ruled_after: int | None = None
    current: list[str] = []
    for line in block:
        if BORDER.match(line):
            if current:
                groups.append(current)
                current = []
            if groups and ruled_after is None and (HEADER_BORDER.search(line) or len(groups) == 1):
                ruled_after = len(groups) - 1  # the header's border, or the first inner one
            continue
        current.append(line)
    if current:
        groups.append(current)
    if len(groups) < MIN_ROWS:
        return None
    rows = [_joined_cells(r) for g in groups for r in _lines_of_rows(g)]
    width = max(map(len, rows))
    out = []
    for n, cells in enumerate(rows):
        out.append("| " + " | ".join(cells + [""] * (width - len(cells))) + " |")
        if n == (ruled_after if ruled_after is not None else 0):
            out.append("|" + " --- |" * width)
    return out


def _lines_of_rows(group: list[str]) -> list[list[str]]:
    """The rows between two borders: a line filling its first cell opens a row, one leaving it blank continues it."""
    rows: list[list[str]] = []
    for line in group:
        first = line.strip().strip("|").split("|")[0].strip()
        if first or not rows:
            rows.append([line])
        else:
            rows[-1].append(line)
    return rows


def _joined_cells(lines: list[str]) -> list[str]:
    """One row's cells, each the words of its lines joined: a cell wrapped onto several lines is one cell."""
    split = [[c.strip() for c in x.strip().strip("|").split("|")] for x in lines]
    width = max(map(len, split))
    return [" ".join(s[j] for s in split if j < len(s) and s[j]) for j in range(width)]
