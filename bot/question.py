"""What a member asks: intent (pay, skills, comparison), places, role and level, typos forgiven.

Also the guards that decide a question is off-topic or an attempt to steer the bot.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ingest.places import gazetteer
from ingest.roles import FIELDS, HEADS, LEVELS, Role, find_level, find_role

PAY = re.compile(
    r"\b(salar(?:y|ies)|pay|earn\w*|make|makes|compensation|income|wages?|package|get paid|"
    r"how much (?:do|does|can|could|would|will|did|should|is|are)\b|comp|tc|money)\b",
    re.IGNORECASE,
)
SKILLS = re.compile(r"\b(skills?|certific\w*|credentials?|tools?|learn|technolog\w*|frameworks?|stack)\b", re.I)
COMPARE = re.compile(r"\b(compare|comparison|versus|vs\.?|difference between|higher in|better paid)\b", re.I)
PROJECTED = re.compile(r"\b(project\w*|forecast\w*|future|expected|will|next year|outlook|by 20\d\d)\b", re.I)
INJECTION = re.compile(
    r"\b(ignore|disregard|forget|override)\b.{0,40}\b(instructions?|prompts?|rules|sources|context)\b|"
    r"\bsystem prompt\b|\bdeveloper mode\b|\bjailbreak\b|\byou are now\b|\bpretend (?:to be|you)\b|"
    r"\b(?:print|reveal|show|tell|give|leak|output)\b.{0,40}\b(?:token|api[ _-]?key|password|secret|"
    r"credentials?|env(?:ironment)? variables?)\b|\b[A-Z]+_(?:TOKEN|KEY|SECRET)\b",
    re.IGNORECASE,
)
DOMAIN = re.compile(
    r"\b(salar\w*|pay|paid|earn\w*|compensation|income|wages?|career\w*|jobs?|hiring|hire|interview\w*|"
    r"skills?|certific\w*|credentials?|promotion|negotiat\w*|resume|cv|market|demand|supply|talent|postings?|"
    r"experience|degree|education|roles?|level|seniority|tools?|frameworks?|bonus|equity|stock|remote|"
    r"learn\w*|model\w*|mlops|llmops|genai|pytorch|tensorflow|python|data|ai|ml|machine learning|"
    r"engineers?|scientists?|specialists?|developers?|leads?|managers?)\b",
    re.IGNORECASE,
)
OTHER_PROFESSIONS = re.compile(
    r"\b(nurses?|doctors?|physicians?|teachers?|lawyers?|attorneys?|accountants?|pilots?|chefs?|cooks?|"
    r"plumbers?|electricians?|dentists?|pharmacists?|firefighters?|police\w*|cashiers?|drivers?|baristas?|"
    r"mechanics?|carpenters?|waiters?|waitress\w*|actors?|journalists?|farmers?|cleaners?|janitors?|"
    r"bankers?|realtors?|therapists?|veterinarians?|surgeons?|midwi\w+|paramedics?|soldiers?|athletes?|"
    r"(?:civil|mechanical|electrical|chemical|structural|petroleum|sales|support|hardware|network)\s+engineers?)\b",
    re.IGNORECASE,
)
EXTRA_VOCAB = (
    "salary salaries earn earns engineer engineers developer developers scientist scientists specialist "
    "specialists machine learning lead leads senior junior entry mid level skills skill certification "
    "certifications compensation average range projected projection python pytorch tensorflow experience "
    "orchestration tools demand supply market premium postings percentage"
).split()


@dataclass
class Question:
    """A parsed question; `text` is what was asked, `normalized` has typos corrected."""

    text: str
    normalized: str
    places: list[str] = field(default_factory=list)
    role: Role | None = None
    level: str = ""
    pay: bool = False
    skills: bool = False
    compare: bool = False
    projected: bool = False
    injection: bool = False
    in_domain: bool = True
    other_profession: str = ""
    unknown_place: str = ""


@lru_cache(maxsize=1)
def vocabulary() -> list[str]:
    """Words worth correcting towards: roles, fields, levels, places and pay words."""
    words = set(EXTRA_VOCAB)
    for phrase in [*FIELDS, *HEADS, *LEVELS, *gazetteer().alias]:
        words.update(w for w in re.split(r"[\s/-]+", phrase.lower()) if len(w) >= 4)
    return sorted(words)


def correct_typos(text: str) -> str:
    """Fix near-misses of domain words ("salry" -> "salary", "enginer" -> "engineer")."""
    vocab = vocabulary()
    known = set(vocab)

    def fix(m: re.Match[str]) -> str:
        word = m.group()
        lower = word.lower()
        if len(lower) < 5 or lower in known:
            return word
        close = difflib.get_close_matches(lower, vocab, n=1, cutoff=0.84)
        return close[0] if close else word

    return re.sub(r"[A-Za-z]+", fix, text)


def parse(text: str) -> Question:
    """Read intent and the role, place and level a question asks about."""
    normalized = correct_typos(" ".join(text.split()))
    role = find_role(normalized)
    bare_qualifier = re.search(r"\b([a-z]+)\s+(?:engineer|developer|specialist|scientist)s?\b", normalized, re.I)
    other = OTHER_PROFESSIONS.search(normalized)
    if not other and role and not role.fields and bare_qualifier:
        word = bare_qualifier.group(1).lower()
        stop = {"an", "a", "the", "do", "does", "of", "for", "as", "are", "top", "most", "new", "good", "best"}
        if word not in stop and word not in LEVELS and not PAY.search(word):
            other = bare_qualifier
    places = gazetteer().find(normalized)
    unknown_place = "" if places else _unknown_place(normalized)
    level = find_level(normalized)
    if role and role.level and not level:
        level = role.level
    return Question(
        text=text,
        normalized=normalized,
        places=places,
        role=role,
        level=level,
        pay=bool(PAY.search(normalized)),
        skills=bool(SKILLS.search(normalized)),
        compare=bool(COMPARE.search(normalized)),
        projected=bool(PROJECTED.search(normalized)),
        injection=bool(INJECTION.search(text)),
        in_domain=bool(DOMAIN.search(normalized)),
        other_profession=other.group().strip() if other else "",
        unknown_place=unknown_place,
    )


def _unknown_place(text: str) -> str:
    """A capitalised name after "in"/"at" that is no place we know ("in Kraków"), else ""."""
    from ingest.facts import skill_pattern

    for m in re.finditer(r"\b(?:in|at|from)\s+((?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+){0,2})", text):
        name = m.group(1)
        words = {w.lower() for w in name.split()}
        if skill_pattern().fullmatch(name) or DOMAIN.fullmatch(name) or words & set(vocabulary()):
            continue
        if words & {f.lower() for f in FIELDS} or words & set(LEVELS) or words & set(HEADS):
            continue
        return name
    return ""
