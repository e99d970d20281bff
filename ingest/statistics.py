"""The statistic a pay figure is, however an article or a member writes it.

"top 10%", "top decile", "P90" and "90th percentile" are one statistic, kept under one name so that a
question's "top 10%" finds a figure its article calls the top decile.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

# "min"/"max" name a band's end as a label ("min: 80000", "a maximum of €95,000", "the min and max"), not
# "minimum 5 years" or "5 min read"
AS_LABEL = (
    r"(?=\s*(?:[:=/?,)]|$|(?:and|or|in|for|at|pay|salary|band|range|figure)\b|&|[–-])|"
    r"\s+(?:of\s+)?(?!\d+\+?\s*(?:years?|yrs?|yoe|months?|min)\b)(?-i:[$€£¥₹A-Z]{0,3})\s?\d)"
)
WORDS = [
    ("median", re.compile(r"\bmedian\b|\b50th percentile\b|\bp50\b", re.I)),
    ("average", re.compile(r"\b(?:average|avg|mean)\b", re.I)),
    ("most common", re.compile(r"\bmost common\b", re.I)),
    ("midpoint", re.compile(r"\bmid-?points?\b", re.I)),  # a pay band's middle
    (
        "low end",
        re.compile(r"\blow(?:er)? end\b|\bbottom of the (?:range|band|scale)\b|\bmin(?:imum)?\b" + AS_LABEL, re.I),
    ),
    (
        "high end",
        re.compile(
            r"\b(?:high|upp|top)(?:er)? end\b|\btop of the (?:range|band|scale)\b|\bmax(?:imum)?\b" + AS_LABEL, re.I
        ),
    ),
]
SHARES = {"decile": 10, "quintile": 20, "quartile": 25}
PERCENTILES = re.compile(  # "25th and 75th percentiles", "the 90th percentile"
    r"\b\d{1,2}(?:st|nd|rd|th)(?:\s*(?:,|and|&|/|or)\s*(?:the\s+)?\d{1,2}(?:st|nd|rd|th))*\s+(?:percentiles?|pctl?s?|%ile)\b",
    re.I,
)
ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b", re.I)
P_NUMBER = re.compile(r"\bP([1-9]\d)\b", re.I)
TOP_SHARE = re.compile(  # "top 10%", "bottom quartile"
    r"\b(top|upper|bottom|lower)\s+(\d{1,2})\s?(?:%|percent)|\b(top|upper|bottom|lower)\s+(decile|quintile|quartile)\b",
    re.I,
)


def percentile(n: int) -> str:
    """The name of the nth percentile: "90th percentile", "50th" is the median."""
    if n == 50:
        return "median"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix} percentile"


class Named(NamedTuple):
    """A statistic named in a text: where, its one name ("90th percentile") and as written ("top decile")."""

    start: int
    name: str
    written: str


def named_statistics(text: str) -> list[Named]:
    """Each statistic a text names, in order."""
    found = [Named(m.start(), name, m.group()) for name, pattern in WORDS for m in pattern.finditer(text)]
    for run in PERCENTILES.finditer(text):
        for m in ORDINAL.finditer(run.group()):
            found.append(Named(run.start() + m.start(), percentile(int(m.group(1))), f"{m.group()} percentile"))
    found += [Named(m.start(), percentile(int(m.group(1))), m.group()) for m in P_NUMBER.finditer(text)]
    for m in TOP_SHARE.finditer(text):
        side, share = (m.group(1), int(m.group(2))) if m.group(1) else (m.group(3), SHARES[m.group(4).lower()])
        if 0 < share < 100:
            n = 100 - share if side.lower() in {"top", "upper"} else share
            found.append(Named(m.start(), percentile(n), m.group()))
    return sorted({f.start: f for f in found}.values())  # one per place: "50th percentile" is named once


@lru_cache(maxsize=16384)
def statistics_of(text: str) -> frozenset[str]:
    """The statistics a text (a fact's label, a sentence) gives; kept, as each question reads the same labels."""
    return frozenset(n.name for n in named_statistics(text))


def is_typical(statistic: str) -> bool:
    """Whether a statistic is a typical figure (median, average) rather than one end of the spread."""
    return statistic in {"median", "average", "most common", "midpoint"}
