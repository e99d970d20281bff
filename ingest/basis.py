"""Base salary or total compensation: which kind of pay a figure is, and which one a member asks for.

"Median base $189,000" and "total comp $281,000" for the same job and city are both true; stating one
for the other is a wrong answer, so the kind is kept with each figure and matched like its year.
"""

from __future__ import annotations

import re
from functools import lru_cache

# The parts of a package beside the salary, each by its kinds of wording: "bonus €8,500", "$25,000 sign-on",
# "RSUs ₹10L/yr", "Super: 11.5% on top". Not words that are as often something else ("remote options",
# "variable demand", "European Commission", "super helpful"). Sign-on before bonus.
COMPONENT_KINDS = {
    "sign-on": r"sign(?:ing)?[- ]on(?: bonus)?|joining bonus",
    "bonus": r"bonus(?:es)?",
    "equity": r"equity(?: grants?)?|RSUs?|stock (?:options|grants?|units)|[EV]SOPs?|share options",
    "retirement": r"superannuation|"
    r"super(?!\s+(?:\w+(?:ful|ive|ing|ble|ous|al|ly)|high|low|hard|easy|good|bad|cool|nice)\b)|"
    r"kiwisaver|pension(?: contributions?)?|"
    r"401\(?k\)?|provident fund",
    "allowance": r"(?:housing |transport )?allowances?|stipends?",
}
COMPONENT = re.compile(
    "|".join(rf"(?P<{k.replace('-', '_')}>\b(?:{v})(?!\w))" for k, v in COMPONENT_KINDS.items()), re.I
)
EXTRAS = rf"(?:{'|'.join(COMPONENT_KINDS.values())}|options|commission)(?!\w)"
BASE = re.compile(  # not a "base model", a "customer base" or a "knowledge base"
    r"(?<!customer )(?<!user )(?<!knowledge )(?<!code )\bbase\b(?!\s+(?:models?|layers?|case|camp))"
    r"(?:\s+(?:salar(?:y|ies)|pay|comp\w*))?|\bbasic (?:salary|pay)\b|\bsalary only\b|"
    rf"\bbefore {EXTRAS}|\bexcl(?:uding|udes?|\.)?\s+{EXTRAS}",
    re.IGNORECASE,
)
TOTAL = re.compile(
    r"\btotal\s+(?:comp\w*|pay|cash|remuneration|package|rewards?|earnings)\b|\ball[- ]in\b|"
    r"\b(?:pay|salary|compensation|remuneration)\s+packages?\b|"
    rf"\bincl(?:uding|udes?|\.)?\s+(?:\w+\s+){{0,2}}{EXTRAS}|\bwith {EXTRAS}|"
    rf"\bbase\s*(?:plus|\+|and|&)\s*(?:\w+\s+){{0,2}}{EXTRAS}",  # "base plus bonus": the sum, before its figure
    re.IGNORECASE,
)
ACRONYMS = re.compile(r"\b(?:TC|OTE)\b")  # total comp, on-target earnings: only in capitals
# Right after a figure, or in a member's question, a bare word says it: "148k package", "$250,000 total", "tc".
LOOSE_TOTAL = re.compile(r"\b(?:packages?|total|tc)\b", re.IGNORECASE)


@lru_cache(maxsize=16384)
def named_bases(text: str, *, loose: bool = False) -> tuple[tuple[int, str], ...]:
    """Each kind of pay a text names, "base" or "total", with where, in order (at one place, base first).

    `loose`: bare "package" and "total" count too, as they do after a figure or in a question, though an
    article's "Python packages" or "total of 620 offers" are neither. Kept: each question reads the same sentences.
    """
    found = [(m.start(), "base") for m in BASE.finditer(text)]
    patterns = (TOTAL, ACRONYMS, LOOSE_TOTAL) if loose else (TOTAL, ACRONYMS)
    found += [(m.start(), "total") for pattern in patterns for m in pattern.finditer(text)]
    return tuple(sorted(set(found)))


COMPONENTS = re.compile(r"\([^()]*(?:,|\band\b|\+)[^()]*\)")  # "total compensation (base, bonus and options)"


COMPONENT_REACH = 30  # characters before a figure in which a component is its own ("…, bonus €8,500")


def components_named(text: str) -> list[tuple[int, str]]:
    """Each part of a package a text names ("bonus", "equity", "retirement"), with where, in order."""
    return [(m.start(), m.lastgroup.replace("_", "-")) for m in COMPONENT.finditer(text) if m.lastgroup]


def kind_of(text: str) -> str:
    """The kind of pay a text before a figure names last: "base", "total", or a component ("bonus", "RSUs").

    A component counts only right before the figure, in its own clause, and not inside a base or total phrase
    ("base plus bonus", "excluding equity").
    """
    text = COMPONENTS.sub(" ", text)
    masked = text
    for pattern in (BASE, TOTAL):
        masked = pattern.sub(lambda m: " " * len(m.group()), masked)
    clause = max(masked.rfind(","), masked.rfind(";"))  # "$40,000 in RSUs, so $190,000": not the total's
    near = max(len(masked) - COMPONENT_REACH, clause)
    found = list(named_bases(text))
    found += [(m.start(), m.group()) for m in COMPONENT.finditer(masked) if m.start() >= near]
    return max(found)[1] if found else ""


def kind_after(text: str) -> str:
    """The kind of pay named right after a figure: a basis ("185k AUD base") or a component ("$25,000 sign-on")."""
    component = COMPONENT.match(text.lstrip())
    return basis_after(text) or (component.group() if component else "")


BASES = {"base", "total"}


def basis_of(text: str, *, loose: bool = False) -> str:
    """The kind of pay a text names last ("total comp (base plus bonus) was": total), or "" when it names none.

    A parenthesis listing what a total holds names its parts, not the figure's kind. `loose`: as for
    `named_bases`, for a column header over figures ("Base | Total").
    """
    found = named_bases(COMPONENTS.sub(" ", text), loose=loose)
    return found[-1][1] if found else ""


def basis_after(text: str) -> str:
    """The kind of pay named right after a figure ("185k AUD base + super": base), or "".

    Only words joined to the figure count: after a comma ("A$180,000, total comp A$250,000") they are the next one's.
    """
    m = re.match(r"\s*(?:[A-Z]{3}\s+)?(?:(?:a|per) (?:year|month)\s+)?", text)
    found = named_bases(text[m.end() :][:40], loose=True)
    return found[0][1] if found and found[0][0] == 0 else ""


# Gross pay or what is left after tax: a member asking take-home wants the net figure its source states beside it.
NET = re.compile(r"\b(?:net|take[- ]home|after[- ]tax|in[- ]hand|clears?|líquidos?|liquidos?|netos?|netto)\b", re.I)
GROSS = re.compile(r"\b(?:gross|before[- ]tax|pre[- ]tax|brutos?|brutto|brut)\b", re.I)


def tax_side(text: str) -> str:
    """Which of net or gross pay a text names, when only one: "gross or after tax?" names both ("")."""
    net, gross = bool(NET.search(text)), bool(GROSS.search(text))
    return "net" if net and not gross else "gross" if gross and not net else ""
