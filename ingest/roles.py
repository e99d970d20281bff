"""Job roles and seniority levels as articles and members write them ("Lead ML Engineer", "mid-level")."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Qualifier words -> a canonical field. "AI" and "ML" are kin, not one: where a page lists an AI Engineer beside an
# ML Engineer they are different jobs, and only where no ML figure exists does an AI one answer for it.
FIELDS = {
    "machine learning": "ml",
    "ml": "ml",
    "ai/ml": "ml",
    "ml/ai": "ml",
    "ai": "ai",
    "artificial intelligence": "ai",
    "deep learning": "deep learning",
    "data": "data",
    "mlops": "mlops",
    "ml operations": "mlops",
    "machine learning operations": "mlops",
    "llmops": "mlops",
    "nlp": "nlp",
    "computer vision": "computer vision",
    "genai": "genai",
    "llm": "genai",
    "research": "research",
    "applied": "applied",
    "product": "product",
    "analytics": "analytics",
    "bi": "bi",
    "robotics": "robotics",
    "prompt": "prompt",
    "platform": "platform",
    "software": "software",
    "cloud": "cloud",
    "backend": "software",
}
KIN_FIELDS = {"ai": ("ml",), "ml": ("ai",)}
KIN_FIELD = 0.75  # how much of a shared field a kin field counts for
HEADS = {
    "engineer": "engineer",
    "eng": "engineer",  # "Senior ML Eng", "Data Eng"
    "developer": "engineer",
    "specialist": "specialist",
    "scientist": "scientist",
    "researcher": "scientist",
    "lead": "lead",
    "manager": "manager",
    "architect": "architect",
    "analyst": "analyst",
    "director": "manager",
    "consultant": "specialist",
    "practitioner": "specialist",
    "professional": "specialist",
    "postdoc": "postdoc",
    "postdoctoral": "postdoc",
    "lecturer": "lecturer",
    "professor": "professor",
    "intern": "intern",
}
PERSON = re.compile(r"(?:team\s+)?(manager|director|lead)s?", re.I)  # a role named by its noun alone
SELF_NAMED_HEADS = {"postdoc", "lecturer", "professor", "intern"}  # a job by its noun alone, with no field before it
LEVELS = {
    "entry-level": "entry",
    "entry level": "entry",
    "entry": "entry",
    "beginner": "entry",
    "graduate": "entry",
    "grad": "entry",  # "grad data scientist"
    "new grad": "entry",
    "fresher": "entry",  # India's new graduate
    "junior": "junior",
    "mid-level": "mid",
    "mid level": "mid",
    "mid": "mid",
    "intermediate": "mid",
    "medior": "mid",
    "pleno": "mid",  # Brazil's mid level
    "semi-senior": "mid",  # Argentina's
    "semisenior": "mid",
    "senior-level": "senior",
    "senior level": "senior",
    "senior": "senior",
    "sr": "senior",
    "jr": "junior",
    "lead": "lead",
    "staff": "staff",
    "principal": "principal",
    "head of": "head",
}
# Levels one may stand for the other. Senior and lead, staff and principal are different rungs: a member asking
# one is not answered with the other.
NEAR_LEVELS = {frozenset({"entry", "junior"})}

_fields = "|".join(re.escape(f) for f in sorted(FIELDS, key=len, reverse=True))
_heads = "|".join(sorted(HEADS, key=len, reverse=True))
_levels = "|".join(re.escape(lv) for lv in sorted(LEVELS, key=len, reverse=True))
ROLE = re.compile(
    rf"(?:\b(?P<level>{_levels})(?:\s*/\s*(?P<level2>{_levels}))?[\s-]+)?"
    rf"(?P<fields>(?:\b(?:{_fields})[\s/-]+){{1,3}})(?:team\s+)?(?P<head>{_heads})s?\b",  # "AI Team Lead"
    re.IGNORECASE,
)
# Members' and forum posters' abbreviations, matched only in capitals ("DS" is a data scientist, "ds" nothing).
ABBREVIATIONS = {"MLE": ("ml", "engineer"), "DS": ("data", "scientist"), "SWE": ("software", "engineer")}
ABBREVIATED_ROLE = re.compile(  # not a grade's code: "GRADE DS 3"
    rf"(?:\b(?i:(?P<level>{_levels}))[\s-]+)?\b(?P<abbr>{'|'.join(ABBREVIATIONS)})s?\b(?!\s+\d{{1,2}}\b(?![.,]\d))"
)
# A field of two or more words by its initials before a role noun ("CV engineer", "DL researchers"), from FIELDS.
FIELD_INITIALS = {i: f for f in FIELDS if " " in f and (i := "".join(w[0] for w in f.split())) not in FIELDS}
INITIALED_ROLE = re.compile(rf"\b(?P<initials>{'|'.join(FIELD_INITIALS)})(?=s?\s+(?:{_heads})s?\b)", re.IGNORECASE)
JOINED_FIELD = re.compile(rf"(?<![\w/-])(?P<field>{_fields})\s+(?:or|and|vs\.?|versus|&|/)\s+$", re.IGNORECASE)
FIELD_WORD = re.compile(rf"(?<![\w/-])(?:{_fields})(?![\w/-])", re.IGNORECASE)
BARE_ROLE = re.compile(  # academic posts are jobs of their own ("a postdoc earned EUR 58,000")
    rf"\b(?:(?P<level>{_levels})\s+)?(?P<head>engineer|developer|specialist|scientist|"
    rf"{'|'.join(h for h in HEADS if HEADS[h] in SELF_NAMED_HEADS)})s?\b",
    re.I,
)
# A field named as its people ("junior mlops", "ml ppl", "nlp roles", "ai/ml pay"): anyone in it, of any job noun.
# Fields that are also everyday nouns ("data", "research", "product") are not read so.
PRACTICE_FIELDS = {"ml", "mlops", "nlp", "genai", "computer vision", "deep learning", "robotics"}
_practice = "|".join(
    re.escape(f) for f in sorted(FIELDS, key=len, reverse=True) if FIELDS[f] in PRACTICE_FIELDS or "/" in f
)
FIELD_AS_PEOPLE = re.compile(
    rf"(?:\b(?P<level>{_levels})\s+)(?P<field>{_practice})(?![\w/-])|"
    rf"(?<![\w/-])(?P<field2>{_practice})\s+(?:ppl|people|folks|roles?|jobs?|positions?|hires|talent|"
    rf"salar(?:y|ies)|pay|comp)\b",
    re.IGNORECASE,
)
PLURAL = r"(?:(?<=ior)s|(?<=graduate)s|(?<=beginner)s|(?<=fresher)s)?"  # "seniors", not "leads" (a verb as often)
NOT_A_LEVEL = r"(?![- ](?:size|sized|market|cap|range|\d))"  # "mid-sized firms", "mid-2025"
LEVEL = re.compile(rf"\b(?P<level>{_levels}){PLURAL}\b{NOT_A_LEVEL}", re.IGNORECASE)
# "technical staff", "our staff": the people, by a word saying whose or which; "a Staff", "for Staff" are the rung
STAFF_NOUN = re.compile(
    r"\b(?:technical|support|academic|administrative|admin|research|teaching|scientific|clinical|medical|nursing|"
    r"office|operations|hr|our|their|its|all|existing|permanent|temporary|part-time|full-time)\s+$",
    re.I,
)
HEAD_NOUN = re.compile(rf"\b(?:{_heads})s?\b", re.IGNORECASE)
STAFF_OF = re.compile(  # "staff ML engineer", "staff level"
    rf"[\s-]+(?:(?:{_fields})[\s/-]+)*(?:{_heads}|level|band|grade|rung|track)", re.IGNORECASE
)


@dataclass(frozen=True)
class Role:
    """A role as fields (ml, data, ...), a head noun (engineer, lead, ...) and an optional level."""

    text: str
    fields: frozenset[str]
    head: str
    level: str = ""

    def similarity(self, other: Role) -> float:
        """How well a fact's role answers a question about this role (0 = not at all, 1 = same)."""
        mine, theirs = _with_kin(self.fields, other.fields), _with_kin(other.fields, self.fields)
        if self.fields and other.fields and not mine & theirs:
            return 0.0
        shared = len(self.fields & other.fields) + KIN_FIELD * len((mine & theirs) - (self.fields & other.fields))
        field_score = shared / len(mine | theirs) if self.fields else 0.8
        if self.head == other.head:
            head_score = 1.0
        elif not self.head:
            head_score = 0.8  # a field named as its people ("mlops ppl") asks for anyone in it
        elif self.head == "lead" and other.level == "lead" or other.head == "lead" and self.level == "lead":
            head_score = 0.85
        elif {self.head, other.head} <= {"engineer", "specialist"}:
            head_score = 0.6
        elif {self.head, other.head} & {"lead", "architect"}:
            head_score = 0.3  # a lead or an architect is often an engineer by another name
        else:
            return 0.0  # a manager, an analyst, a scientist and an engineer are different jobs
        return round(0.5 * field_score + 0.5 * head_score, 3)


def _with_kin(fields: frozenset[str], other: frozenset[str]) -> frozenset[str]:
    """A role's fields, with a kin field standing in for its kin the other role names ("ai" for "ml")."""
    return fields | {k for f in fields for k in KIN_FIELDS.get(f, ()) if k in other and k not in fields}


def unaccent(text: str) -> str:
    """The text with accents dropped letter by letter, so "Sênior" reads as "Senior" at the same positions."""
    return text if text.isascii() else "".join(_bare(c) for c in text)


@lru_cache(maxsize=1024)
def _bare(char: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return base if len(base) == 1 else char


def _level(word: str | None) -> str:
    return LEVELS.get((word or "").lower().replace("  ", " "), "")


def find_roles(text: str) -> list[Role]:
    """Roles named in a text ("Lead Machine Learning Specialist", "ML engineers", "AI/ML Engineer", "sr MLEs")."""
    roles: list[tuple[int, Role]] = []
    for m in ABBREVIATED_ROLE.finditer(unaccent(text)):
        fields, head = ABBREVIATIONS[m.group("abbr")]
        level = _level(m.group("level"))
        roles.append((m.start(), Role(text=m.group().strip(), fields=frozenset({fields}), head=head, level=level)))
    for m in ROLE.finditer(unaccent(text)):
        words = re.split(r"[\s/-]+", m.group("fields").strip().lower())
        joined = " ".join(words)
        fields = set()
        for f in sorted(FIELDS, key=len, reverse=True):  # "ml operations" is MLOps, not ML as well
            named = re.compile(rf"(?<![\w]){re.escape(f)}(?![\w])")
            if named.search(joined):
                fields.add(FIELDS[f])
                joined = named.sub(" ", joined)
        if "ai/ml" in m.group("fields").lower() or "ml/ai" in m.group("fields").lower():
            fields.add("ml")
        head = HEADS[m.group("head").lower()]
        level = _level(m.group("level2") or m.group("level"))
        roles.append(
            (m.start(), Role(text=text[m.start() : m.end()].strip(), fields=frozenset(fields), head=head, level=level))
        )
    return [role for _, role in sorted(roles, key=lambda r: r[0])]


def joined_roles(text: str) -> list[tuple[int, Role]]:
    """Fields joined to a role, which share its noun, with where each is named.

    "does MLOps or ML engineer pay more" asks about MLOps engineers too. Only questions are read this way: in
    an article, "data and ML engineers earn €70,000" is a figure for both, not a data engineer's alone.
    """
    text = unaccent(text)
    out = []
    for role in find_roles(text):
        start = text.find(role.text)
        m = JOINED_FIELD.search(text[: max(start, 0)])
        if m:
            head = next(word for word, canon in HEADS.items() if canon == role.head)
            named = f"{m.group('field')} {head}"
            field = frozenset({FIELDS[m.group("field").lower()]})
            out.append((m.start(), Role(text=named, fields=field, head=role.head, level=role.level)))
    return out


@lru_cache(maxsize=16384)
def stated_role(text: str) -> Role | None:
    """The first role a text states, with the fields joined to it by "and": "MLOps and ML platform engineers" is both.

    An article's figure for "NLP and LLM engineers" answers for either; a question's "MLOps or ML engineer" asks
    about two roles and is read by `joined_roles`.
    """
    role = find_role(text) if text else None
    if role is None or not role.fields:
        return role
    start = unaccent(text).find(role.text)
    m = JOINED_FIELD.search(unaccent(text)[: max(start, 0)])
    if not m or not re.search(r"\b(?:and|&)\s+$", m.group()):
        return role
    joined = text[m.start() : start + len(role.text)]
    return Role(text=joined, fields=role.fields | {FIELDS[m.group("field").lower()]}, head=role.head, level=role.level)


@lru_cache(maxsize=4096)
def alternative_roles(text: str) -> tuple[Role, ...]:
    """The roles a figure's role names as alternatives ("Data Scientist / Machine Learning Engineer"): any answers.

    Only full roles, each with its field and job, are alternatives; "NLP / LLM engineer" is one role.
    """
    parts = [stated_role(part) for part in text.split(" / ")]
    if len(parts) > 1 and all(r and r.fields for r in parts):
        return tuple(r for r in parts if r)
    whole = stated_role(text)
    return (whole,) if whole else ()


def spell_initials(text: str) -> str:
    """The text with a field's initials before a role noun spelled out ("CV engineer": computer vision engineer).

    "CVs" alone stays a résumé.
    """
    return INITIALED_ROLE.sub(lambda m: FIELD_INITIALS[m.group("initials").lower()], text)


def find_fields(text: str) -> frozenset[str]:
    """The fields a text names as words, with or without a role noun ("the MLOps median" -> mlops)."""
    return frozenset(FIELDS[m.group().lower()] for m in FIELD_WORD.finditer(text))


def find_role(text: str) -> Role | None:
    """The first role a text names, or a bare "engineers"/"specialist" with no field."""
    roles = find_roles(text)
    if roles:
        return roles[0]
    manager = manager_role(text)  # "Engineering managers in Berlin earn …": a manager's pay, not an engineer's
    if manager:
        return manager
    bare = bare_roles(text)
    if bare:
        return bare[0][1]
    alone = PERSON.fullmatch(text.strip())  # a figure someone else earns: "manager", "team lead"
    return Role(text=text.strip(), fields=frozenset(), head=HEADS[alone.group(1).lower()]) if alone else None


def field_role(text: str) -> Role | None:
    """A field a question names as its people ("junior mlops", "ml roles"): a role of any head in that field."""
    m = FIELD_AS_PEOPLE.search(unaccent(text))
    if not m:
        return None
    field = m.group("field") or m.group("field2")
    return Role(
        text=field,
        fields=find_fields(field) | ({"ml"} if "/" in field else set()),
        head="",
        level=_level(m.group("level")),
    )


MANAGER_ROLE = re.compile(r"\b(?:engineering|eng|team|people|delivery)\s+(?P<head>manager|director)s?\b", re.I)


def manager_role(text: str) -> Role | None:
    """A manager named by what they manage ("engineering managers (m1/m2)"): a manager's job, not an engineer's."""
    m = MANAGER_ROLE.search(text)
    return Role(text=m.group().strip(), fields=frozenset(), head=HEADS[m.group("head").lower()]) if m else None


def bare_roles(text: str) -> list[tuple[int, Role]]:
    """Role nouns named with no field ("engineers", "a postdoc", "lecturers"), with where each is named."""
    return [
        (
            m.start(),
            Role(
                text=text[m.start() : m.end()].strip(),
                fields=frozenset(),
                head=HEADS[m.group("head").lower()],
                level=_level(m.group("level")),
            ),
        )
        for m in BARE_ROLE.finditer(unaccent(text))
    ]


def find_levels(text: str) -> list[tuple[str, int]]:
    """Each seniority a text names, with where: entry, junior, mid, senior, lead, ... ("top 10%" is a statistic)."""
    found = []
    text = unaccent(text)
    for m in LEVEL.finditer(text):
        level = _level(m.group("level"))
        if level == "lead" and re.match(r"\s+(?:the|a|an|with|to)\b", text[m.end() :]):
            continue  # "lead the team", a verb
        if level == "staff" and STAFF_NOUN.search(text[: m.start()]) and not STAFF_OF.match(text[m.end() :]):
            continue  # "academic and technical staff", the people; "Staff ML Engineer", "→ Staff" are the rung
        if level:
            found.append((level, m.start()))
    return found


# A company's own level code: "L5", "E5", "IC3", "M1", "SDE2". The prefixes are those engineering ladders use;
# others are quarters ("Q3"), halves ("H1"), language levels ("B2") or versions ("GPT-4"). One digit: "P90" is
# a percentile.
# A rung in Roman numerals after the job ("Data Scientist II", "MLE iii") is a ladder of its own, R. A lone "I" or
# "V" counts after a capitalised job or before a break ("data scientist I vs III"), not in "an engineer I met".
_abbr = "|".join(ABBREVIATIONS)
ROMAN_RANKS = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}
LEVEL_CODE = re.compile(
    r"\b(?P<prefix>(?i:L|E|IC|M|P|T|SDE|SWE|MTS))-?(?P<rank>\d)\b|"
    rf"\b(?:(?i:{_heads})s?|{_abbr})\s+(?P<roman>II|III|IV|ii|iii|iv)\b(?![-'’])|"
    rf"\b(?:{'|'.join(h.title() for h in HEADS)}|{_abbr})\s+(?P<roman1>I|V)\b(?![-'’])|"
    rf"\b(?i:{_heads})\s+(?P<roman2>I|V)(?=\s*(?:[,;:?)]|$|(?i:vs\b|versus\b|and\b|or\b)))"
)


def rung(code: re.Match[str]) -> str:
    """A level code as its source writes it: "II" of "Data Scientist II", "L4" of "l-4"."""
    roman = code["roman"] or code["roman1"] or code["roman2"]
    return roman.upper() if roman else f"{code['prefix'].upper()}{code['rank']}"


# "data scientist I vs III": a rung compared with one named in full, its job left out
ELIDED_RUNG = re.compile(
    r"\b(?:vs\.?|versus|or|and|to)\s+(?P<roman>I{1,3}|IV|V|ii|iii|iv)\b(?![-'’])|/\s*(?P<slash>I{1,3}|IV|V)\b"
)


def level_codes(text: str) -> list[str]:
    """The level codes a text names, upper-cased and unhyphenated ("ic-3" is "IC3", "Engineer II" is "R2")."""
    codes = [f"R{ROMAN_RANKS[r]}" if (r := rung(m)) in ROMAN_RANKS else r for m in LEVEL_CODE.finditer(text)]
    if any(c.startswith("R") for c in codes):
        codes += [f"R{ROMAN_RANKS[(m['roman'] or m['slash']).upper()]}" for m in ELIDED_RUNG.finditer(text)]
    return list(dict.fromkeys(codes))


def find_level(text: str) -> str:
    """The first seniority a text names, or ""."""
    found = find_levels(text)
    return found[0][0] if found else ""


def level_match(asked: str, stated: str) -> float:
    """1 for the same level, 0.5 for a neighbouring one (junior/entry), 0 otherwise."""
    if asked == stated:
        return 1.0
    return 0.5 if frozenset({asked, stated}) in NEAR_LEVELS else 0.0


def jobs_listed(text: str) -> int:
    """How many jobs a line lists apart ("Perception Engineer, Senior Perception Engineer | Singapore": two)."""
    return sum(1 for item in re.split(r"[,;|·•]|\band\b", text) if HEAD_NOUN.search(item))
