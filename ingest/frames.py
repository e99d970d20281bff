"""Data frames printed by pandas (a notebook's output pasted into an article) read as `a | b` table rows.

A printed frame right-aligns each column under its name, so a cell is found by where it ends, not by the
spaces inside it ("Buenos Aires     21000"); the index sits left of the first column, a lone word under the
header names it ("city"), and a word before the column names is what the columns are ("level"). Rows and
columns pandas left out ("..") and its "[30 rows x 5 columns]" footer are no data. Frames with a column
level above another are left as printed: which left-out column a name spans cannot be told.
"""

from __future__ import annotations

import re

ALIGNED_SHARE = 0.8  # of a frame's rows, those whose cells end where its column names do
ELIDED = re.compile(r"^[\s.]*$")  # a row pandas left out
RULED = re.compile(r"[-=_]{3,}(?:\s+[-=_]{3,})*")  # "-------  -------": a report's column rule, never pandas's
FOOTER = re.compile(r"^\s*\[\d+ rows x \d+ columns\]\s*$")
INTEGER = re.compile(r"-?\d+")
MIN_ROWS = 2
HEADER_LINES = 3  # column levels printed above the index name
LEADING_LINES = 2  # a warning the cell printed before its frame, without a blank line between


def printed_frames(text: str) -> str:
    """The text with each printed frame in it written as table rows, header first."""
    lines = text.split("\n")
    out: list[str] = []
    k = 0
    while k < len(lines):
        end = k
        while end < len(lines) and lines[end].strip():
            end += 1
        out.extend(x for x in _read_block(lines[k:end]) if not FOOTER.match(x))
        if end < len(lines):
            out.append(lines[end])
        k = end + 1
    return "\n".join(out)


def _read_block(block: list[str]) -> list[str]:
    """A block of lines, with the frame in it as table rows; a warning printed above a frame stays as it was."""
    for skip in range(LEADING_LINES + 1):
        if len(block) - skip > MIN_ROWS and (table := _frame(block[skip:])) is not None:
            return [*block[:skip], *table]
    return block


def _frame(block: list[str]) -> list[str] | None:
    """A block's rows as `a | b` lines, or None when the block is no printed frame."""
    if any("|" in x or RULED.fullmatch(x.strip()) for x in block):
        return None  # a table written with its bars already, or a report's fixed-width table with column rules
    indent = min(len(x) - len(x.lstrip()) for x in block)
    block = [x[indent:].rstrip() for x in block if not FOOTER.match(x)]
    named = next((k for k in range(1, HEADER_LINES + 1) if k < len(block) and _index_name(block[k])), 0)
    headers, rest = (block[:named], block[named + 1 :]) if named else (block[:1], block[1:])
    index_name = block[named].split()[0] if named else ""
    rows = [x for x in rest if not ELIDED.match(x)]
    if len(rows) < MIN_ROWS:
        return None
    names = [(m.group(), m.end()) for m in re.finditer(r"\S+", headers[-1])]
    columns = [(name, end) for name, end in names if _aligned(rows, end) >= ALIGNED_SHARE]
    if not columns or not _names_before(names, columns):
        return None
    heads = _headed(columns, headers[:-1])
    if not named and len(headers) == 1:  # "Role   Berlin   Munich": with no index line, the word before names it
        index_name = " ".join(name for name, end in names if end < columns[0][1] and (name, end) not in columns)
    first_end = columns[0][1]
    table = []
    for row in rows:
        lead = row[:first_end]
        split = list(re.finditer(r"\s{2,}", lead.rstrip()))
        if not split or not _aligned([row], first_end):
            return None
        index, first = lead[: split[-1].start()].strip(), lead[split[-1].end() :].strip()
        cells = [first] + [row[a:b].strip() for (_, a), (_, b) in zip(columns, columns[1:], strict=False)]
        table.append([index, *(cell for cell, head in zip(cells, heads, strict=True) if head)])
    heads = [head for head in heads if head]
    if not heads:
        return None
    if not index_name and all(INTEGER.fullmatch(r[0]) for r in table):  # a frame's running number is no data
        return [" | ".join(heads), *(" | ".join(r[1:]) for r in table)]
    return [" | ".join([index_name, *heads]), *(" | ".join(r) for r in table)]


def _index_name(line: str) -> bool:
    """A line naming the index alone ("city", or "city   ...   " beside left-out columns)."""
    return not line[:1].isspace() and len([w for w in line.split() if w != "..."]) == 1


def _headed(columns: list[tuple[str, int]], upper: list[str]) -> list[str]:
    """Each column's full name, its upper levels' labels first; "" for a left-out column or one whose group is.

    An upper label stands over its column, printed once for a group: a column under a blank takes the label
    of the column before it, unless that column was left out ("...") and may have ended the group.
    """
    labels: list[list[str] | None] = []
    for k, (name, end) in enumerate(columns):
        start = columns[k - 1][1] if k else 0
        own: list[str] | None = []
        for level, line in enumerate(upper):
            cell = line[start:end].strip() if k else line[:end].strip().partition(" ")[2].strip()
            before = labels[-1] if labels else None
            if cell == "..." or name == "...":
                own = None
                break
            if not cell and (before is None or columns[k - 1][0] == "..."):
                own = None
                break
            own.append(cell or before[level])
        labels.append(own)
    return ["" if own is None else " ".join([*own, name]) for own, (name, _) in zip(labels, columns, strict=True)]


def _aligned(rows: list[str], end: int) -> float:
    """The share of rows with a cell ending at this column: a character there and none after it."""
    hits = sum(1 for r in rows if len(r) >= end and not r[end - 1].isspace() and (len(r) == end or r[end] == " "))
    return hits / len(rows)


def _names_before(names: list[tuple[str, int]], columns: list[tuple[str, int]]) -> bool:
    """Whether the header is the column names, after at most one word naming what they are ("level")."""
    kept = {end for _, end in columns}
    before = [name for name, end in names if end not in kept]
    return len(before) <= 1 and (not before or names[0][1] not in kept)
