"""Codes an article defines for its jobs and grades ("MOE  ML OPERATIONS ENGINEER", "G3 | SENIOR").

Rate schedules, pay circulars and levels ladders name a job or grade by a code in their tables and define it once,
often on another page: each table cell holding such a code is read with the meaning given for it, so a row in
another chunk still says whose pay it is.
"""

from __future__ import annotations

import re

from ingest.money import currency_code, money_in
from ingest.places import gazetteer
from ingest.roles import LEVEL, find_role
from ingest.tables import is_table_line, split_cells

DEFINITION = re.compile(  # "MOE   ML OPERATIONS ENGINEER   OWNS …", "G3 | SENIOR | 6-9 YEARS", "DS = Data Scientist"
    r"#*\s*(?P<code>[A-Z][A-Z0-9]{1,4})(?:\s{2,}|\s*[|=]\s*)(?P<meaning>[^|=]{3,60}?)\s*(?:\s{2}|\||$)"
)


def defined_codes(text: str) -> dict[str, str]:
    """Code -> the job or grade its article defines it as; a code defined twice differently means nothing."""
    found: dict[str, set[str]] = {}
    geo = gazetteer()
    for line in text.splitlines():
        m = DEFINITION.match(line.strip())
        if not m or any(ch.isdigit() for ch in m.group("meaning")) and not LEVEL.search(m.group("meaning")):
            continue
        if money_in(line) or geo.find(m.group("code")) or currency_code(m.group("code")):
            continue  # "SF | Senior | $240,000" is a row of data; "UK" a place, "EUR" a currency
        meaning = m.group("meaning").strip()
        if meaning.upper() == m.group("code") or not (find_role(meaning) or LEVEL.match(meaning)):
            continue
        found.setdefault(m.group("code"), set()).add(meaning)
    return {code: meanings.pop() for code, meanings in found.items() if len(meanings) == 1}


def with_codes_defined(text: str) -> str:
    """Each table cell that is a defined code, followed by its meaning: "MOE" becomes "MOE (ML OPERATIONS ENGINEER)"."""
    codes = defined_codes(text)
    if not codes:
        return text
    out = []
    for line in text.splitlines():
        cells = split_cells(line) if is_table_line(line) else []
        m = DEFINITION.match(line.strip())
        defines = bool(m) and codes.get(m.group("code")) == m.group("meaning").strip()
        if any(c in codes for c in cells) and not defines:
            line = " | ".join(f"{c} ({codes[c]})" if c in codes else c for c in cells)
        out.append(line)
    return "\n".join(out)
