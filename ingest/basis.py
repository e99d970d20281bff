"""Base salary or total compensation: which kind of pay a figure is, and which one a member asks for.

"Median base $189,000" and "total comp $281,000" for the same job and city are both true; stating one
for the other is a wrong answer, so the kind is kept with each figure and matched like its year.
"""

from __future__ import annotations

import re

EXTRAS = r"(?:bonus\w*|equity|RSUs?|stock|super\w*|allowances?|commission)"
BASE = re.compile(
    r"\bbase\b(?:\s+(?:salar(?:y|ies)|pay|comp\w*))?|\bbasic (?:salary|pay)\b|\bsalary only\b|"
    rf"\bbefore {EXTRAS}|\bexcl(?:uding|udes?|\.)?\s+{EXTRAS}",
    re.IGNORECASE,
)
TOTAL = re.compile(
    r"\btotal\s+(?:comp\w*|pay|cash|remuneration|package|rewards?|earnings)\b|\bpackages?\b|\ball[- ]in\b|"
    rf"\bincl(?:uding|udes?|\.)?\s+(?:\w+\s+){{0,2}}{EXTRAS}|\bwith {EXTRAS}|"
    rf"\bbase\s*(?:plus|\+|and|&)\s*(?:\w+\s+){{0,2}}{EXTRAS}",  # "base plus bonus": the sum, before its figure
    re.IGNORECASE,
)
ACRONYMS = re.compile(r"\b(?:TC|OTE)\b")  # total comp, on-target earnings: only in capitals


def named_bases(text: str) -> list[tuple[int, str]]:
    """Each kind of pay a text names, "base" or "total", with where it is named, in order (at one place, base first)."""
    found = [(m.start(), "base") for m in BASE.finditer(text)]
    found += [(m.start(), "total") for pattern in (TOTAL, ACRONYMS) for m in pattern.finditer(text)]
    return sorted(found)


def basis_of(text: str) -> str:
    """The kind of pay a text names last ("total comp (base plus bonus) was": total), or "" when it names none."""
    found = named_bases(text)
    return found[-1][1] if found else ""


def basis_after(text: str) -> str:
    """The kind of pay named right after a figure ("185k AUD base + super": base), or ""."""
    m = re.match(r"[\s,]*(?:[A-Z]{3}\s+)?(?:(?:a|per) (?:year|month)\s+)?", text)
    found = named_bases(text[m.end() :][:40])
    return found[0][1] if found and found[0][0] == 0 else ""
