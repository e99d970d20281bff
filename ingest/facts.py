"""Structured pay and skill facts, extracted at ingest and stored with their chunk.

A pay fact is a money expression in a pay context, with the role, place and level its sentence,
line label, section or article title gives it. Market sizes, course prices and other money that is
not pay are left out.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from ingest.chunking import sentences
from ingest.money import MONTHLY, YEARLY, Money, find_money, period_of
from ingest.places import gazetteer
from ingest.roles import find_level, find_role

SKILLS_FILE = Path(__file__).with_name("skills.txt")
PAY_WORDS = re.compile(
    r"\b(salar(?:y|ies)|pay|paid|earn\w*|compensation|income|wages?|make|makes|package|per year|annual\w*|"
    r"monthly|per month|/yr|base|averages?|median|ranges?|top \d+%|low end|high end|most common|brackets?|"
    r"earners|rates?)\b|/yr",
    re.IGNORECASE,
)
NOT_PAY = re.compile(
    r"\b(market (?:is |was )?(?:size|projected|valued|worth)|revenue|valuation|funding|tuition|courses?|price|"
    r"spend\w*|invest\w*|budget|fees?|GDP|billion|trillion)\b",
    re.IGNORECASE,
)
NOT_ML_ROLE = re.compile(r"\bnon[- ]?(?:it|tech|ml|ai)\b|national (?:it )?average|all occupations", re.IGNORECASE)
PROJECTED = re.compile(r"\b(project\w*|forecast\w*|expected|forward|toward|will reach|predicted)\b", re.IGNORECASE)
AVERAGE = re.compile(r"\b(average|avg|mean|median|typical|baseline)\b", re.IGNORECASE)
LABEL = re.compile(r"^(?:[-*]\s*)?(?P<label>[^:|]{2,60}):\s")
YEAR = re.compile(r"\b(20[1-3]\d)\b")
SHARE = re.compile(r"\b(\d+(?:\.\d+)?\s?%)\s+of\s+[\w\s-]{0,60}?(?:postings|jobs|listings|roles|employers)", re.I)
PREMIUM = re.compile(r"(\d+(?:\s?(?:–|-|to)\s?\d+)?\s?(?:%|percent))\s+(?:higher|more|premium|uplift)", re.I)
SKILL_CONTEXT = re.compile(
    r"\b(skills?|master\w*|proficien\w*|expertise|certif\w*|credentials?|postings|know|knowledge|tools?|"
    r"frameworks?|experience (?:with|in)|familiar\w*|learn\w*|in demand|demand for|premium|uplift)\b",
    re.IGNORECASE,
)
CERTIFICATION = re.compile(
    r"\b((?:AWS|Google(?: Cloud)?|Azure|Microsoft|Databricks|TensorFlow|Snowflake|Nvidia|NVIDIA|IBM|Kubernetes|"
    r"Certified)(?:\s+[A-Z][\w+-]*|\s+(?:ML|AI)){0,5}\s+(?:Specialty|Certification|Certificate|Associate|"
    r"Professional|Administrator|SnowPro))\b|\b(CKA|CKAD)\b"
)


class Fact(BaseModel):
    """One cited fact; pay facts fill the pay fields, skill facts `name`/`share`/`premium`."""

    kind: str
    quote: str
    text: str = ""
    role: str = ""
    location: str = ""
    level: str = ""
    currency: str = ""
    low: float | None = None
    high: float | None = None
    period: str = ""
    projected: bool = False
    label: str = ""
    as_of: str = ""
    name: str = ""
    share: str = ""
    premium: str = ""
    source: str = ""


@lru_cache(maxsize=1)
def skill_pattern() -> re.Pattern[str]:
    """Skills from `skills.txt`, longest first so "Python (NumPy/Pandas)" wins over "Python"."""
    names = [s.strip() for s in SKILLS_FILE.read_text(encoding="utf-8").splitlines() if s.strip() and s[0] != "#"]
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w/])({alternation})(?![\w])")


def _is_pay(money: Money, sentence: str, context: str) -> bool:
    if money.scale >= 1e9 or (money.high is not None and money.high < 100):
        return False
    if NOT_PAY.search(sentence):
        return bool(PAY_WORDS.search(sentence)) and not re.search(r"\bmarket\b", sentence, re.I)
    return bool(PAY_WORDS.search(sentence) or PAY_WORDS.search(context))


def _period(after: str, segment: str) -> str:
    near = after[:40]
    return period_of(near) if MONTHLY.search(near) or YEARLY.search(near) else period_of(segment)


def _first_place(*texts: str) -> str:
    for text in texts:
        places = gazetteer().find(text)
        if places:
            return places[0]
    return ""


def _role_text(*texts: str) -> tuple[str, str]:
    for text in texts:
        role = find_role(text)
        if role:
            return role.text, role.level
    return "", ""


def _columns(lines: list[str]) -> list[str]:
    header = next((x for x in lines if x.startswith("| ")), "")
    return [c.strip() for c in header.strip("| ").split("|")] if header else []


def pay_facts(text: str, *, title: str, section: str, as_of: str) -> list[Fact]:
    """Pay facts of a chunk, each with the narrowest role, place and level its context gives."""
    facts: list[Fact] = []
    lines = text.splitlines()
    columns = _columns(lines)
    header = next((x for x in lines if x.startswith("| ")), "")
    context = f"{section}\n{title}"
    for line in lines:
        label_m = LABEL.match(line)
        label = label_m.group("label").strip() if label_m else ""
        cells = [c.strip() for c in line.split("|")] if " | " in line and not line.startswith("|") else []
        row_label = cells[0] if cells and columns and not find_money(cells[0]) else ""
        prev_role, prev_place = "", ""
        for sentence in sentences(line):
            segments = sentence.split(" | ") if cells and not row_label else [sentence]
            for segment in segments:
                seg_label_m = LABEL.match(segment)
                seg_label = seg_label_m.group("label").strip() if seg_label_m else label
                moneys = find_money(segment)
                for k, money in enumerate(moneys):
                    if not _is_pay(money, segment, context):
                        continue
                    column = ""
                    if row_label and columns:
                        cell_index = next((i for i, c in enumerate(cells) if money.text in c), 0) - 1
                        column = columns[cell_index] if 0 <= cell_index < len(columns) else ""
                        if NOT_ML_ROLE.search(column):
                            continue
                    place = (
                        _first_place(row_label, segment, seg_label) or prev_place or _first_place(label, section, title)
                    )
                    role, role_level = _role_text(column, segment) if column else _role_text(segment)
                    if not role:
                        role, role_level = prev_role, ""
                    if not role:
                        role, role_level = _role_text(seg_label, section, title)
                    level = find_level(seg_label) or find_level(segment) or role_level or find_level(section)
                    window = segment[moneys[k - 1].end if k else 0 : money.start]
                    after = segment[money.end : moneys[k + 1].start if k + 1 < len(moneys) else len(segment)]
                    year = YEAR.search(segment) or YEAR.search(section)
                    facts.append(
                        Fact(
                            kind="salary",
                            quote=f"{header}\n{line}" if row_label else line if len(line) <= 300 else sentence,
                            text=money.text,
                            role=role,
                            location=place,
                            level=level,
                            currency=money.currency,
                            low=money.low,
                            high=money.high,
                            period=_period(after, segment),
                            projected=bool(PROJECTED.search(window)),
                            label=seg_label or ("average" if AVERAGE.search(window) else ""),
                            as_of=year.group(1) if year else as_of,
                        )
                    )
                    prev_role, prev_place = role, place
    return facts


def skill_facts(text: str, *, title: str, section: str) -> list[Fact]:
    """Skills and certifications a chunk ties to pay or demand, with shares and premiums it states."""
    facts: list[Fact] = []
    role, _ = _role_text(section, title)
    seen: set[tuple[str, str]] = set()
    for line in text.splitlines():
        for sentence in sentences(line):
            if not SKILL_CONTEXT.search(sentence) and not SKILL_CONTEXT.search(section):
                continue
            share = SHARE.search(sentence)
            premium = PREMIUM.search(sentence)
            for m in CERTIFICATION.finditer(sentence):
                name = (m.group(1) or m.group(2)).strip()
                if ("certification", name) not in seen:
                    seen.add(("certification", name))
                    facts.append(Fact(kind="certification", name=name, role=role, quote=sentence.strip()))
            for m in skill_pattern().finditer(sentence):
                name = m.group(1)
                if ("skill", name) in seen or any(name in f.name for f in facts if f.kind == "certification"):
                    continue
                seen.add(("skill", name))
                facts.append(
                    Fact(
                        kind="skill",
                        name=name,
                        role=role,
                        share=share.group(1) if share and name in sentence[: share.start()] else "",
                        premium=premium.group(1) if premium else "",
                        quote=sentence.strip(),
                    )
                )
    return facts


def fill_locations(facts: list[Fact]) -> None:
    """Give unplaced pay facts the article's one country, when all its placed facts share it."""
    geo = gazetteer()
    countries = {geo.country(f.location) for f in facts if f.kind == "salary" and f.location}
    if len(countries) == 1:
        (country,) = countries
        for f in facts:
            if f.kind == "salary" and not f.location:
                f.location = country


def extract_facts(text: str, *, title: str, section: str, as_of: str) -> list[Fact]:
    """Pay and skill facts stated in one chunk."""
    return pay_facts(text, title=title, section=section, as_of=as_of) + skill_facts(text, title=title, section=section)
