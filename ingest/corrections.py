"""Corrections an article makes to its own figures: "typo above: 92k not 96k", "NZ$181,500 (not NZ$172,000)".

"The correct figure was CZK 56,000" and "UPDATE: … (not … as I wrote above)" correct too.

A figure the article corrects is no figure of it: its facts go, and the corrected figure takes the job, place
and level the wrong one was stated for ("Base is €92.000" in a one-line fix names neither). No library reads
this; the wording is English's ordinary way of correcting a number.
"""

from __future__ import annotations

import re

from ingest.facts import Fact
from ingest.money import NUMBER_K, number_value

_CURRENCY = r"(?:[A-Z]{0,3}[€$£¥₹]|[A-Z]{3}\s?)?"  # "€", "NZ$", "CZK "
_AMOUNT = rf"{_CURRENCY}\d{{1,3}}(?:[.,’' ]\d{{3}})+|{_CURRENCY}\d+(?:[.,]\d+)?\s?[kK]\b"
CUE = re.compile(
    r"\b(?:typo|correction|corrected|erratum|errata|transposed)\b|^\W*update\b|"
    r"\bas (?:I|we) (?:wrote|said|stated|reported|posted)(?: (?:above|earlier|before))?\b",
    re.I,
)
OWNED_UP = re.compile(rf"{CUE.pattern}|\b(?:wrong|mistake|error)\b", re.I)  # "the correct figure was …" suffices
INSTEAD = re.compile(rf"(?P<right>{_AMOUNT})\s*[,(]?\s*not\s+(?:the\s+)?(?P<wrong>{_AMOUNT})")
CORRECT_ONE = re.compile(
    rf"(?P<wrong>{_AMOUNT}).*?\b(?:correct|right|actual)\s+(?:\w+\s+){{0,3}}?(?:figure|number|amount|value)\s+"
    rf"(?:was|is|should be)\s+(?:\w+\s+)?(?P<right>{_AMOUNT})",
    re.I,
)
DECIMAL_COMMA_K = re.compile(r"(\d+,\d{1,2})\s?[kK]\b")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def amount(text: str) -> float:
    """The value of an amount as written: "96k", "€92.000", "CZK 56,000", "128'000"."""
    comma = DECIMAL_COMMA_K.search(text)  # "€92,5k": a decimal comma before a "k"
    if comma:
        return float(comma[1].replace(",", ".")) * 1000
    m = NUMBER_K.search(text)
    if not m:
        raise ValueError(text)
    return number_value(m["num"], grouped=not m["k"]) * (1000 if m["k"] else 1)


def corrections(text: str) -> list[tuple[float, float, str]]:
    """(wrong value, right value, the line saying so) for each figure the text corrects."""
    found: list[tuple[float, float, str]] = []
    for line in text.splitlines():
        if not OWNED_UP.search(line):
            continue
        for sentence in SENTENCE_END.split(line):  # one sentence says which figure replaces which
            for m in (INSTEAD.search(sentence) if CUE.search(line) else None, CORRECT_ONE.search(sentence)):
                if m and (pair := _pair(m, line)) and pair[0] != pair[1]:
                    if pair not in found:
                        found.append(pair)
    return found


def _pair(m: re.Match[str], line: str) -> tuple[float, float, str] | None:
    try:
        return amount(m["wrong"]), amount(m["right"]), line
    except ValueError:
        return None  # digits grouped beyond reading ("1,234.567 890"): no correction to apply


def apply_corrections(chunk_facts: list[list[Fact]], text: str) -> None:
    """Drop the facts of figures the text corrects; the corrected figure takes what the wrong one was for."""
    for wrong, right, line in corrections(text):
        stated = [f for facts in chunk_facts for f in facts if _states(f, wrong) and f.quote not in line]
        if not stated:
            continue
        was = stated[0]  # the wrong figure where it was first stated, not in the fix
        for facts in chunk_facts:
            facts[:] = [f for f in facts if not (_states(f, wrong) and f.currency == was.currency)]
            for f in facts:
                if f.kind == "salary" and f.low == right and (f.quote in line or line.strip() in f.quote):
                    f.role, f.location, f.level = was.role or f.role, was.location or f.location, was.level or f.level


def _states(fact: Fact, value: float) -> bool:
    return fact.kind == "salary" and fact.low == value
