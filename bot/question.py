"""What a member asks: intent (pay, skills, comparison), places, role and level, typos forgiven.

Also the guards that decide a question is off-topic or an attempt to steer the bot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein
from wordfreq import zipf_frequency

from ingest.basis import COMPONENT, components_named, named_bases
from ingest.facts import EXPERIENCE_BAND, YEAR, currency_country, skill_pattern
from ingest.money import IMPLIED_CURRENCY, MAJOR, PAYSLIP, WEEKLY, currency_code, money_in
from ingest.places import common_word, gazetteer, local_currencies
from ingest.roles import (
    FIELDS,
    HEADS,
    LEVELS,
    SELF_NAMED_HEADS,
    Role,
    bare_roles,
    field_role,
    find_levels,
    find_role,
    find_roles,
    joined_roles,
    level_codes,
    spell_initials,
)
from ingest.search_index import terms, tokenize
from ingest.statistics import named_statistics

DUTIES = re.compile(  # "what does an AI product analyst actually do": the work, not its pay
    r"\bwhat (?:does|do|would|will|did) (?:an?|the|their|your)?\s*[\w/ -]{2,40}?\s+(?:actually |really |even )?do\b",
    re.I,
)
GRAMMATICAL_ZIPF = 6.0  # "her", "their", "this": words this frequent name no profession

PAY = re.compile(
    r"\b(salar(?:y|ies)|pay|pays|paid|paying|earn\w*|make|makes|compensation|income|wages?|package|get paid|"
    # "what are they making (in Lima)", not "making LLM apps"
    r"making(?=\s*(?:$|[?.,!;)]|(?:back|in|now|these|per|rn|right|at|as|there|here|with|after|before|for|a)\b))|"
    r"base|bands?|rates?|ctc|lpa|stipends?|"
    r"charge|charges|charging|"  # a contractor's rate
    r"offer|offers|offered|"  # "what did they offer the mid ds in hanoi": a job offer's pay
    r"start(?:s|ed)? on(?=\s*(?:$|[?.!,]|in\b|at\b|around\b|about\b|here\b|there\b))|"  # "what do grads start on in X"
    r"how much (?:more |less )?(?:do|does|can|could|would|will|did|should|is|are|base|bonus|equity|stock)\b|comp|tc|"
    r"money)\b",
    re.IGNORECASE,
)
WH_PAY = re.compile(  # "what base should I expect", "how much should I ask for": a figure, though "should"
    r"\bhow much\b|\b(?:what|which)\s+(?:(?!(?:should|would|could|can|do|does|is|are|makes?|i|you)\b)[\w-]+\s+){0,2}"
    r"(?:salar(?:y|ies)|pay|base|comp|compensation|income|wages?|package|rates?|ranges?|tc|ctc)\b",
    re.I,
)
CERT_QUESTION = re.compile(r"\b(certific\w*|credentials?|certs?)\b", re.I)
SKILLS = re.compile(r"\b(skills?|certific\w*|credentials?|tools?|learn|technolog\w*|frameworks?|stack)\b", re.I)
# A place naming the article or table a question points at: "that asia career ladder table", "the US report".
SOURCE_NAMED = re.compile(
    r"(?:\s+[\w-]+){0,4}?\s+(?:table|article|report|guide|ladder|chart|list|survey|post|(?:pay |spread)?sheet|"
    r"thread|page|faq|bulletin|newsletter|export|deck|notes|interview|screenshot)\b(?![\w-])",
    re.I,
)
SOURCE_BEFORE = re.compile(r"\b(?:the|that|this|those|these)\s+$", re.I)
SOURCE_OPENS = re.compile(r"^\s*$")  # a message opening with its source, "apac pay sheet: …", names no place
SIDES = re.compile(r"\b(?:vs\.?|versus|compare[ds]? (?:with|to|against))\s", re.I)  # the two sides of a comparison
# "who's paid more: a US ML lead or a lead ML specialist in Singapore?" compares the two things offered.
CHOICE = re.compile(r"\b(?:who|which)(?:'s)?\b[^?]{0,60}?\b(?:more|less|better|worse|higher|lower)\b", re.I)
CHOICE_OR = re.compile(r"\s+or\s+", re.I)
SOURCES = r"(?:sources?|articles?|guides?|reports?)"  # what a member calls the articles
COMPARE = re.compile(
    r"\b(compare|comparison|versus|vs\.?|difference between|higher in|better paid|differ\w*|disagree\w*|"
    rf"contradict\w*|(?:say|give|state|quote)s? different|diff|{SOURCES} (?:say|give|show))\b",
    re.I,
)
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
    r"learn\w*|model\w*|mlops|llmops|genai|llms?|pytorch|tensorflow|python|data|ai|ml|machine learning|"
    r"contract(?:or|ors|ing)|freelanc\w*|"
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
    levels: list[str] = field(default_factory=list)  # every level asked ("senior / lead"), first = level
    excluded_levels: list[str] = field(default_factory=list)  # "IC track, not a lead role"
    pay: bool = False
    skills: bool = False
    compare: bool = False
    projected: bool = False
    injection: bool = False
    in_domain: bool = True
    other_profession: str = ""
    unknown_place: str = ""
    currencies: list[str] = field(default_factory=list)
    also_currencies: list[str] = field(default_factory=list)  # asked by a later part, beside the figure as stated
    statistics: list[str] = field(default_factory=list)  # "median", "25th percentile": each a part of the answer
    period: str = ""
    ruled_out: list[str] = field(default_factory=list)  # words after "not", "except": "(not the foreign hubs)"
    set_aside: list[str] = field(default_factory=list)  # places named after "not": "(not nyc)"
    answer_type: str = ""  # the figure asked for: money, percent, ratio, time, number, or "" (none)
    parts: list[str] = field(default_factory=list)  # the questions within it, when it asks more than one
    extreme: str = ""  # "max" or "min" for a superlative ("which skill pays the most"): one item of a list
    years: list[str] = field(default_factory=list)  # "the 2024 numbers", "in 2030": a filter on pay evidence
    # "base", "total": the kinds of pay asked; one is a filter, two are each a part of a comparison
    bases: list[str] = field(default_factory=list)
    components: list[str] = field(default_factory=list)  # parts of a package asked by name: "bonus", "equity"
    codes: list[str] = field(default_factory=list)  # company level codes asked: "E5", "IC3"
    experience: int | None = None  # "w/ 6 yrs exp", "6 YOE": the asker's years, matched to a band ("5–8 years")
    top: int = 0  # "top 5 skills": how many items of a list are asked
    areas: list[str] = field(default_factory=list)  # "Berlin-based …, what's pay in Europe?": Europe, holding Berlin
    since: str = ""  # "how much has it gone up since 2023": the year a history starts ("last": the year before)
    per_source: bool = False  # "what do your sources each say?": one figure from each article that gives one
    articles: set[str] = field(default_factory=set)  # articles it names ("per the Lakeshore FAQ"): their evidence


@lru_cache(maxsize=1)
def vocabulary() -> list[str]:
    """Words worth correcting towards: roles, fields, levels, pay words and the places members name most.

    Only places that match in any case (countries, regions, big cities) are typo targets: a misspelt
    small town is rarer than a word wrongly "corrected" into one.
    """
    geo = gazetteer()
    words = set(EXTRA_VOCAB)
    loose_places = [a for a in geo.alias if a not in geo.exact]
    for phrase in [*FIELDS, *HEADS, *LEVELS, *loose_places]:
        words.update(w for w in re.split(r"[\s/-]+", phrase.lower()) if len(w) >= 4 and w.isalpha())
    return sorted(words)


CURRENCY_AFTER = re.compile(r"\b(?:in|into|as|to)\s+([^\W\d_]+)(?=(?:\s+([^\W\d_]+))?)|([$€£¥₹₩])", re.IGNORECASE)
CURRENCY_CODE = re.compile(r"\b([A-Za-z]{3})\b(?=\s*(?:/|per\b|a\b|only\b|\?|$|,|\)))|\b([A-Z]{3})\b")
LOWER_CODE = re.compile(  # not "php devs"; "usd numbers pls" asks figures in dollars
    r"\b(?:in|into|to|as|me|and|or|vs|the)\s+([a-z]{3})\b|"
    r"\b([a-z]{3})\s+(?:numbers|figures|salar\w*|pay|amounts?|terms|equivalents?|values?)\b"
)
TOP_ITEMS = re.compile(r"\btop\s+(\d{1,2})\b(?!\s*(?:%|percent))", re.I)  # "top 5 skills"; not "top 10%"
EXPERIENCE_ASKED = re.compile(  # "w/ 6 yrs exp", "9 YOE", "1 yr experience", "research scientist 6+ yrs in germany"
    r"\b(\d{1,2})\+?\s*(?:years?|yrs?)\s+(?:of\s+)?(?:exp\w*|yoe)\b|\b(\d{1,2})\+?\s*yoe\b|"
    r"\b(?:with|w/)\s*(\d{1,2})\s*(?:years?|yrs?)\b|"
    r"(?:engineers?|scientists?|analysts?|managers?|MLEs?|devs?|leads?)\s*,?\s*(\d{1,2})\+?\s*(?:years?|yrs?)\b"
    r"(?!\s*(?:ago|from now|later|earlier|old))",
    re.I,
)
# Words that set aside what follows: "not ML engineer", "except SGD", "I already know the ML engineer numbers".
NOT_WANTED = (
    r"not|no|except|excluding|besides|without|instead of|rather than|other than|already (?:know|have|got|saw)|"
    r"won'?t|will not|wouldn'?t|"
    r"(?:do|does)n'?t (?:care|want|need)(?: about)?"
)
# "not lead", "non-senior", "wont commute to london"; not "(not base) for senior": a bracket ends what it sets aside
NEGATED = re.compile(rf"(?:\b(?:{NOT_WANTED})\b(?:[^\w)]+\w+){{0,3}}|\bnon-\w?)[^\w)]*$", re.I)
# Members' shorthand: "MLE" for machine learning engineer, "DS" for data scientist, "sr"/"jr", "ML eng".
SHORTHAND = [
    (re.compile(r"\bMLE(s?)\b", re.I), r"ML engineer\1"),
    (re.compile(r"\bDS(s?)\b", re.I), r"data scientist\1"),
    (re.compile(r"\bsr\b\.?", re.I), "senior"),
    (re.compile(r"\bjr\b\.?", re.I), "junior"),
    (re.compile(r"\b(eng)(s?)\b", re.I), r"engineer\2"),
]
PERCENT_ASKED = re.compile(
    r"\bwhat (?:\w+ ){0,2}(?:share|percent\w*|proportion|%)|\bhow many percent|\bby how much\b|"
    r"\bhow far (?:above|below|over|under|ahead of|behind)\b|"  # "40-80% above the median"
    r"\bhow (?:common|widespread|prevalent|popular|rare)\b|"  # "how common is pytorch in job posts": a share
    r"\b(?:pay|salar(?:y|ies)|wages?|comp\w*|income)\s+(?:growth|grew|growing)\b|"
    r"\b(?:grew|growing|grown)\s+(?:by|faster|fastest|the most)\b|"
    r"\b(?:premium|uplift|bump|boost)s?\b|\b(?:gender|pay)\s+gap\b(?!\s+between)",  # "salary bump", "pay gap"
    re.I,
)
# What kind of figure a question asks for, from its wh-phrase; the first that matches wins.
ASKED_FIGURE = [
    (
        "item",  # "which skills ...": answered by named skills, tools or certifications, not by a pay figure
        re.compile(
            r"\b(?:which|what|top\s+\d{1,2})\s+(?:\w+\s+){0,2}(?:skills?|tools?|certific\w*|certs?|"
            r"frameworks?|technolog\w*|techs?|stack|languages?|librar(?:y|ies)|platforms?)\b|"
            r"\bwhat\s+(?:should|do|must|to)\s+(?:i\s+|we\s+|you\s+)?(?:learn|study|pick up|master)\b|"
            r"\b(?:is|are) there (?:a|an|any)\s+(?:\w+\s+){0,2}(?:certific\w*|certs?|skills?|tools?)\b",
            re.I,
        ),
    ),
    ("percent", PERCENT_ASKED),
    ("ratio", re.compile(r"\bmultipliers?\b|\bwhat (?:\w+ ){0,2}(?:multiple|ratio)\b|\bhow many times\b", re.I)),
    (
        "source",  # "where are these numbers from?", "which reports are cited?": who says so, not a figure
        re.compile(
            r"\b(?:where|which|who) (?:[\w/-]+ ){0,8}(?:from|sourced)(?=\s*(?:[?.,;]|$))|\b(?:which|what) (?:\w+ ){0,2}"
            r"(?:sources?|reports?|surveys?|studies|datasets?) (?:is|are|was|were|does|do|did)\b|"
            r"\bsources? (?:of|for|behind)\b|\bcited\b|\baccording to (?:whom|what|which)\b",
            re.I,
        ),
    ),
    (  # "when" asks a time where it opens a question, not in "how many papers … when you get hired"
        "time",
        re.compile(
            r"\bhow long\b|\bhow many (?:years?|yrs?|months?)\b|\bwhat (?:years?|months?)\b|\bmeans? in years\b|"
            r"(?:^|[?.!;:—-]\s*|\b(?:and|but|so)\s+)when\b",
            re.I,
        ),
    ),
    ("number", re.compile(r"\bhow (?:many|much|far|big|large|old)\b|\b(?:range|figures?|numbers?)\b", re.I)),
]
MOST = re.compile(
    r"\b(?:biggest|highest|largest|greatest|best[- ]paying|top[- ]paying|most (?:valuable|lucrative)|"
    r"(?:pays?|adds?|raises?|boosts?|earns?) (?:the )?most|ask(?:s|ed)? (?:for )?(?:the )?most|"
    r"most (?:requested|asked[- ]for|in[- ]demand|wanted|sought[- ]after))\b",
    re.I,
)
LEAST = re.compile(r"\b(?:smallest|lowest|least|worst[- ]paying|cheapest)\b", re.I)
# A question within a question opens with a wh-word or an auxiliary: "…include bonus? how big are bonuses?"
PART_OPENING = re.compile(  # "…? and by how much does …": a preposition may lead its wh-word
    r"(?:and\s+|also\s+|but\s+|plus\s+|so\s+|[+&]\s+)*(?:(?:by|in|for|at|from|to|on)\s+)?"
    r"(?:what|how|which|who|where|when|why|whats|do|does|did|is|are|"
    r"can|could|should|would|will)\b",
    re.I,
)
# "what do ur sources each say?", "I've seen two different numbers", "do the articles agree?": each one's figure
PER_SOURCE = re.compile(
    rf"\b(?:each|every|both|all)\s+(?:of\s+)?(?:your|ur|the|these|those|my)?\s*{SOURCES}\b|"
    rf"\b{SOURCES}\s+(?:each|both)\b|"
    r"\b(?:different|diff|conflicting|contradicting|two|2)\s+(?:numbers|figures|answers)\b|"
    r"\bdo\s+(?:they|the\s+(?:sources|articles|reports))\s+(?:agree|differ|disagree)\b",
    re.I,
)
# "…in amsterdam? and lisbon senior too pls": the same question again, for another place or level
FOLLOW_UP = re.compile(
    r"^\s*(?:(?:and|also|plus|[+&]|what about|how about)\b|(?=(?:\S+\s+){0,5}\S+\s+(?:too|as well)\b))"
    r"(?:\s*\S+){0,5}\s*[?.!]*\s*$",  # "and lisbon senior too pls": six words at most, a question's ellipsis
    re.I,
)
SENTENCE_END = re.compile(r"(?<=[?.!])\s+|\n+")
ASKING = re.compile(r"\?\s*$|\b(?:vs\.?|versus|compared?\s+(?:to|with)|or)\b", re.I)  # "compare with berlin" asks
PART_BREAK = re.compile(  # "…, and what's…", "…, and is a master's required?"
    r"[?;]\s*|,?\s+(?=(?:and|also|but|plus|[+&])\s+(?:what|how|which|who|where|when|why)(?:'?s)?\b)|"
    r",\s+(?=(?:and|but)\s+(?:is|are|do|does|did|can|should|will)\s)",
    re.I,
)
CLAUSE_BREAK = re.compile(r"[?;]\s*|,\s*(?:and|but|also|plus)\s+|\s+and\s+(?=(?:\w+\s+)?(?:what|how)\b)", re.I)
WITHIN_TOTAL = re.compile(r"\b(?:incl\w*|with)\b(?:\W+\w+){0,3}\W*$", re.I)  # "tc incl 13th month + bonus"
ASKS = re.compile(r"\b(?:what|whats|how)\b", re.I)
WHETHER = re.compile(r"\b(?:does|do|is|are)\s+(?:that|this|it|these|those)\s+$", re.I)  # "does that include super?"
COUNTED = re.compile(r"\bhow many\s+(?:(?:more|extra|of the|the)\s+)?([a-z]+)", re.I)
STATISTIC_ENDS = re.compile(r"\s*(?:$|[?.,;:!]|(?:for|in|of|at|across|among|by|as)\b)", re.I)
THE_REST = re.compile(r"(?:the\s+)?(?:everyone|everybody|anyone|others?|the rest|rest)(?:\s+else)?", re.I)
MEASURED_AGAINST = re.compile(r"\b(?:than|above|below|over|under)\s+(?:the\s+)?$", re.I)
HOW_MUCH = re.compile(r"\bhow much\b(?!\s+(?:more|less|higher|lower|of|time|data|experience|does it cost))", re.I)
THOUSANDS = re.compile(r"\b\d+(?:\.\d+)?k\b", re.I)  # "is 200k good?": an amount, in any currency
SECOND_PART = re.compile(r"(?:\band\b|[,?;])\s*(?:what|how much|how many)\b.*", re.I)
# The figures of each kind, as an article states them.
# Figures written as words: "a median of two", "two to three years", "two and a half years".
NUMBER_WORD = r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|dozen)"
FIGURE_OF = {
    "percent": re.compile(r"(?<!top )(?<!bottom )\b\d+(?:\.\d+)?\s?(?:%|percent\b)", re.I),  # "top 10%" is a group
    "ratio": re.compile(r"\d(?:\.\d+)?\s?[x×](?!\w)|\d\s+times\b", re.I),
    "time": re.compile(
        r"\d+\+?\s*(?:[–-]|to)?\s*\d*\+?\s*(?:years?|yrs?|months?|weeks?)\b|"
        r"\b(?:19|20)\d\d\b|\b(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)(?:[a-z]*(?<=uary|arch|pril|june|july|gust|mber|ober))?"
        r"\b|\bmay \d|"
        rf"\b{NUMBER_WORD}(?:\s+(?:to|or)\s+{NUMBER_WORD})?(?:\s+and a half)?\s+(?:years?|months?|weeks?)\b",
        re.I,
    ),
    "number": re.compile(r"\d"),
    "count": re.compile(rf"(?<![\d,.])\d|\b{NUMBER_WORD}\b", re.I),
    "source": re.compile(
        r"\b(?:according to|based on|sources?\b:?|data (?:from|by)|reported by|compiled (?:by|from)|surveyed by)",
        re.I,
    ),
}
# Why and advice questions want reasons, not a figure, even when they mention pay.
ADVICE_ASKED = re.compile(  # "any tips?", "ways to earn more"; not "the pay at steps 1 and 2"
    r"\b(?:tips|advice|pointers|suggestions)\b|\b(?:ways|steps|strategies)\s+(?:to|for)\b", re.I
)
REASON_ASKED = re.compile(  # "what kind of bonus …": a description, not a figure
    rf"\b(?:why|should|weigh|how (?:do|can|to) i|what (?:drives|makes|causes)|reasons?|"
    rf"what (?:kinds?|types?|sorts?) of)\b|{ADVICE_ASKED.pattern}",
    re.I,
)
_NOT_HOW_OFTEN = r"(?<!times )(?<!twice )(?<!once )"  # "they pay 14 times a year" says how often, not the period asked
PERIOD_ASKED = [
    ("hour", re.compile(rf"{_NOT_HOW_OFTEN}\b(per|an|a|each|every|/)\s*(hour|hr|h)\b|\bhourly\b", re.I)),
    ("day", re.compile(rf"{_NOT_HOW_OFTEN}\b(per|a|each|every|/)\s*day\b|\bday rates?\b|\bdaily\b", re.I)),
    ("week", WEEKLY),
    ("month", re.compile(rf"{_NOT_HOW_OFTEN}\b(per|a|each|every|/)\s*(month|mo)\b|\bmonthly\b", re.I)),
    ("payslip", PAYSLIP),
    ("year", re.compile(rf"{_NOT_HOW_OFTEN}\b(per|a|each|every|/)\s*(year|yr|annum)\b|\b(yearly|annual\w*)\b", re.I)),
]


def requested_currencies(text: str, places: list[str] = ()) -> list[str]:
    """Currencies a question asks figures in: "in USD", "in euros", "in won", "SGD per year", "usd/yr".

    A lower-case three-letter word counts as a code only for a major currency or one of a place the
    question names ("in all" is not Albanian lek), a capitalised one never ("Top" is not the paʻanga);
    one after "not"/"except" is excluded.
    """
    local = list(dict.fromkeys(c for p in places for c in local_currencies(p)))
    found: dict[str, int] = {}

    def take(token: str, start: int) -> bool:
        code = currency_code(token, local)
        lower = token.islower() and code not in MAJOR and code not in local
        if not code or len(token) == 3 and not token.isupper() and (lower or not token.islower()):
            return False
        if token.isalpha() and len(token) > 3 and token.lower() in {"real", "rand", "mark", "pound"}:
            return False
        found.setdefault(code, start)
        return True

    for m in CURRENCY_AFTER.finditer(text):
        if m.group(3):
            continue
        first, second = m.group(1), m.group(2)
        if not (second and take(f"{first} {second}", m.start())) and not take(first, m.start()) and second:
            take(second, m.start())
    for m in CURRENCY_CODE.finditer(text):
        take(m.group(1) or m.group(2), m.start())
    for m in LOWER_CODE.finditer(text):  # "give me usd and lakh": a major code where a currency is named
        code = m.group(1) or m.group(2)
        if code.upper() in MAJOR:
            take(code, m.start())
    if re.search(r"\blakhs?\b|\bcrores?\b", text, re.IGNORECASE):
        found.setdefault("INR", text.lower().find("lakh"))
    return [c for c, start in sorted(found.items(), key=lambda kv: kv[1]) if not NEGATED.search(text[: start + 1])]


SINCE_YEAR = re.compile(
    r"\b(?:since|from)\s+(?:the\s+)?((?:19|20)\d\d)\b(?!\s*(?:to|until|till|[-–])\s*\d)", re.I
)  # history since then
SINCE_LAST_YEAR = re.compile(r"\b(?:since|vs\.?|versus|compared (?:to|with)|from)\s+last\s+(?:yr|year)\b", re.I)
# "with no degree", "without a PhD" ask about the degree: those two cues set aside a figure, not a topic.
SET_ASIDE = NOT_WANTED.replace("not|no|", "not|").replace("without|", "")
# What a negation sets aside runs up to the next preposition or conjunction: "instead of CLT as a senior engineer".
PHRASE_END = r"(?:as|in|at|for|with|to|from|on|but|if|when|because|so|since|while|than|vs|versus|i|we|you)\b"
NEGATION = re.compile(rf"\b(?:{SET_ASIDE})\s+([\w'-]+(?:\s+(?!{PHRASE_END})[\w'-]+){{0,4}})", re.I)
GRAMMAR_WORDS = set("a an the one of any some my our your their its that those these them it".split())


def ruled_out_words(text: str) -> list[str]:
    """Content words a question rules out ("IC track, not a lead role" -> lead, role), unless also asked."""
    out: list[str] = []
    kept = text
    for m in NEGATION.finditer(text):
        kept = kept.replace(m.group(0), " ")
        out.extend(w for w in tokenize(m.group(1)) if w not in GRAMMAR_WORDS)
    asked = set(tokenize(kept))
    return [w for w in dict.fromkeys(out) if w not in asked and not w.isdigit()]


RELATIVE_TO = re.compile(r"\b(?:above|below|beyond|(?:more senior|more junior) than)\s+(?:an?\s+|the\s+)?$", re.I)


def asked_levels(text: str) -> tuple[list[str], list[str]]:
    """The levels a question asks about and those it rules out ("senior, not lead"; "staff, above lead")."""
    asked: list[str] = []
    excluded: list[str] = []
    for level, at in find_levels(text):
        beside = NEGATED.search(text[: at + 1]) or RELATIVE_TO.search(text[:at])  # "not lead", "above lead"
        bucket = excluded if beside else asked
        if level not in bucket:
            bucket.append(level)
    return asked, [lv for lv in excluded if lv not in asked]


LEAVING = re.compile(
    r"\b(?:switch\w*|mov\w*|transition\w*|pivot\w*|coming|came)\s+(?:over\s+|away\s+)?from\s+\W*(?:an?\s+|the\s+|my\s+)?$",
    re.I,
)


def asked_roles(q: Question) -> list[Role]:
    """The distinct roles a question asks about, but not negated ones ("not ML engineer") or one being left.

    "switching from ml eng" names where the member is, not what they ask about.
    """
    roles: list[Role] = []
    named = [(q.normalized.find(r.text), r) for r in find_roles(q.normalized)] + joined_roles(q.normalized)
    heads = {r.head for _, r in named}
    named += [(at, r) for at, r in bare_roles(q.normalized) if r.head not in heads and r.head in SELF_NAMED_HEADS]
    for at, r in sorted(named, key=lambda x: x[0]):
        if at >= 0 and (NEGATED.search(q.normalized[: at + 1]) or LEAVING.search(q.normalized[:at])):
            continue
        if all(r.similarity(o) < 0.9 for o in roles):
            roles.append(r)
    return roles


def paired_roles(q: Question) -> dict[str, Role]:
    """Place -> the role asked with it, when each side of a comparison names one role and one place.

    "ML lead pay in the US vs lead ML specialist in Singapore" asks each place about its own role.
    """
    sides = comparison_split(q.normalized)
    if len(sides) != 2:
        return {}
    geo = gazetteer()
    pairs = [(geo.find(side, employers=False), find_roles(side)) for side in sides]
    if not all(len(places) == 1 and len(roles) == 1 for places, roles in pairs):
        return {}
    (a, ra), (b, rb) = pairs
    return {a[0]: ra[0], b[0]: rb[0]} if a[0] != b[0] and ra[0].similarity(rb[0]) < 1.0 else {}


def comparison_split(text: str) -> list[str]:
    """The sides of a comparison: around "vs"/"compared with", or the two choices of "who earns more, A or B"."""
    sides = SIDES.split(text)
    if len(sides) == 1 and CHOICE.search(text):
        sides = CHOICE_OR.split(text, maxsplit=1)
    return sides


def _since(text: str) -> str:
    """The year a history asked about starts: "since 2023", or "last" for "since last yr"; "" when none is asked."""
    m = SINCE_YEAR.search(text)
    return m.group(1) if m else "last" if SINCE_LAST_YEAR.search(text) else ""


def _without_context(text: str) -> str:
    """The sentences of a message that ask, when one of them names a place and others only tell.

    "…mle in munich? saw a compare page w berlin/vienna": the second sentence says where the member looked,
    it asks nothing; its places are not asked. A message whose asking part names no place keeps every sentence
    ("I live in Manchester. What band am I on?").
    """
    sentences = [x for x in SENTENCE_END.split(text) if x.strip()]
    asks = (ASKING.search, lambda x: PART_OPENING.match(x.strip()), PAY.search, FOLLOW_UP.search)
    asking = [x for x in sentences if any(ask(x) for ask in asks)]
    if len(asking) == len(sentences) or not any(gazetteer().find(x) for x in asking):
        return text
    return " ".join(asking)


def _named_as_currency(place: str, text: str) -> bool:
    """Whether a place's name is a currency asked for: "base in lira" is in Turkish lira, not in Lira, Uganda."""
    return bool(currency_code(place)) and bool(re.search(rf"\bin\s+{re.escape(place)}\b", text, re.I))


def _without_negated(places: list[str], text: str) -> list[str]:
    """Places the member sets aside ("I wont commute to london", "not in berlin") are not asked."""
    negated = {
        name for name, start, _ in gazetteer().mentions(text, employers=False) if NEGATED.search(text[: start + 1])
    }
    return [p for p in places if p not in negated]


def _areas(places: list[str], text: str) -> list[str]:
    """Places the question names that hold an asked one: asked by name, they may answer for it, marked as broader."""
    geo = gazetteer()
    named = geo.find(text, employers=False, specific=False)
    return [a for a in named if a not in places and any(geo.within(p, a) for p in places)]


def _with_elided(places: list[str], text: str) -> list[str]:
    """Places a comparison names by sharing a word: "eastern vs western europe" compares Eastern Europe too."""
    geo = gazetteer()
    sides = comparison_split(text)
    out = list(places)
    for k in range(len(sides) - 1):
        before = re.findall(r"[\w-]+", sides[k])
        after = geo.mentions(sides[k + 1], employers=False)
        if not before or not after or geo.mentions(sides[k], employers=False):
            continue
        name, start, end = after[0]
        shared = sides[k + 1][start:end].split()[-1]  # "europe" of "western europe"
        elided = geo.find(f"{before[-1]} {shared}")
        if elided and elided[0] != name and elided[0] not in out:
            out.insert(out.index(name) if name in out else len(out), elided[0])
    return out


def _without_sources(places: list[str], text: str) -> list[str]:
    """Places less those that only name an article or table: "in the asia IT vs non-IT table, … in singapore".

    A place kept by nothing else ("the US report: lead pay?") is still asked.
    """
    sources = {
        name
        for name, start, end in gazetteer().mentions(text, employers=False)
        if (named := SOURCE_NAMED.match(text, end))
        and (SOURCE_BEFORE.search(text[:start]) or SOURCE_OPENS.match(text[:start]) and text[named.end() :][:1] == ":")
    }
    return [p for p in places if p not in sources] or places


def _without_qualifiers(places: list[str], text: str) -> list[str]:
    """Places less the countries that only say where a compared city is: "Monterrey vs Merida (Mexico)".

    A country on the same side as one of its cities qualifies it; on a side of its own ("NYC vs the US") it is
    compared.
    """
    geo = gazetteer()
    sides = [geo.find(side, employers=False, specific=False) for side in comparison_split(text)]
    return [
        p for p in places if not any(p in side and any(q != p and geo.within(q, p) for q in side) for side in sides)
    ] or places


def comparison_sides(q: Question) -> list[set[str]]:
    """The words that set each side of a two-sided comparison apart ("ML eng salary" vs "the non-IT avg salary")."""
    sides = comparison_split(q.normalized)
    if len(sides) != 2 or any(THE_REST.fullmatch(side.strip(" ?.!")) for side in sides):
        return []  # "… vs everyone else": the rest is no side of its own to find evidence for
    a, b = (set(terms(side)) for side in sides)
    return [a - b, b - a] if a - b and b - a else []


def question_parts(text: str) -> list[str]:
    """The questions a message asks, when more than one: each opens with a wh-word or an auxiliary.

    A piece that opens otherwise ("… in krakow? monthly pls") qualifies the part before it.
    """
    parts: list[str] = []
    for piece in PART_BREAK.split(text):
        piece = piece.strip(" ,")
        if not piece:
            continue
        if parts and not PART_OPENING.match(piece):
            parts[-1] = f"{parts[-1]} {piece}"
        else:
            parts.append(piece)
    return parts if len(parts) > 1 else []


def asked_figure(text: str, *, pay: bool) -> str:
    """What answers a question: a figure of a kind, named skills ("item"), an explanation ("reason") or "".

    Kinds: "money" for pay, "percent", "ratio", "time", "count", "number"; "reason" for why, should, how do I.
    """
    lead = (question_parts(text) or [text])[0]  # "…bonus target, and when does it vest": the later part has its own
    kind = next((kind for kind, pattern in ASKED_FIGURE if pattern.search(lead)), "")
    if kind == "percent" and _by_how_much_of_sides(lead):
        kind = "number"  # "who pays more, Singapore or Seoul, and by how much?": each side's figure
    if kind != "item" and REASON_ASKED.search(text) and not (kind in {"", "number"} and WH_PAY.search(lead)):
        return "reason"  # answered by a sentence that explains, not by a figure; "what base should I expect" is pay
    counted = COUNTED.search(lead)
    if kind == "number" and counted:  # "how many won …" asks pay; "how many responses …" a count, though pay is named
        return "money" if currency_code(counted[1]) or counted[1].lower() in IMPLIED_CURRENCY else "count"
    second = SECOND_PART.search(text)
    if kind == "item" and second and PAY.search(re.sub(r"\bhow much (?:is|are)\b", "", second.group(), flags=re.I)):
        return ""  # "what skills ... and what do they earn?": two parts; "… and how much is it?" asks the item's
    return "money" if pay and kind in {"", "number"} else kind


def _by_how_much_of_sides(text: str) -> bool:
    """Whether a share is asked only by "by how much" of a comparison of two sides, which each side's figure answers."""
    only = [m.group().lower() for m in PERCENT_ASKED.finditer(text)] == ["by how much"]
    return only and len(comparison_split(text)) > 1


def states_figure(kind: str, text: str) -> bool:
    """Whether a text states a figure of the kind asked (any text does when none is asked)."""
    if kind == "money":  # a market's billions are not what anyone earns
        return any(m.scale < 1e9 for m in money_in(text))
    if kind == "item":
        return bool(skill_pattern().search(text))
    return kind in {"", "reason"} or bool(FIGURE_OF[kind].search(text))


def requested_period(text: str) -> str:
    """The pay period a question asks for: "hour", "day", "month", "year" or "" when it does not say.

    When several are named ("monthly pay? they pay 14 times a year") the first one is the one asked.
    """
    named = [(m.start(), period) for period, pattern in PERIOD_ASKED if (m := pattern.search(text))]
    return min(named)[1] if named else ""


LONG_WORD = 8  # letters from which a word may hold two typos


def correct_typos(text: str, known_words: frozenset[str] = frozenset()) -> str:
    """Fix near-misses of domain words ("salry" -> "salary", "enginer" -> "engineer").

    Words the articles themselves use ("median") and common English words ("stats") are never corrected.
    """

    def fix(m: re.Match[str]) -> str:
        word = m.group()
        lower = word.lower()
        if len(lower) < 5 or lower in known_words or common_word(lower) or gazetteer().find(lower):
            return word  # "latam" is a region, not a typo of Batam
        close = _closest_domain_word(lower)
        return close if close and close != lower else word

    return re.sub(r"[A-Za-z]+", fix, text)


@lru_cache(maxsize=8192)
def _closest_domain_word(word: str) -> str:
    """The domain word one typo away ("salery", "enginer"), two for a long word ("singapur"), or ""."""
    vocab = vocabulary()
    if word in vocab:
        return word
    edits = 1 if len(word) < LONG_WORD else 2
    close = process.extractOne(word, vocab, scorer=DamerauLevenshtein.distance, score_cutoff=edits)
    return close[0] if close else ""


def parse(text: str, known: frozenset[str] = frozenset(), places: frozenset[str] = frozenset()) -> Question:
    """Read intent and the role, place and level a question asks about.

    `known`: the corpus's words; `places`: the places it gives pay for.
    """
    expanded = gazetteer().capitalize_places(gazetteer().capitalize_initials(" ".join(text.split())), places)
    for pattern, full in SHORTHAND:
        expanded = pattern.sub(full, expanded)
    expanded = spell_initials(expanded)
    normalized = correct_typos(expanded, known)
    role = find_role(normalized) or field_role(normalized)
    bare_qualifier = re.search(r"\b([a-z]+)\s+(?:engineer|developer|specialist|scientist)s?\b", normalized, re.I)
    other = OTHER_PROFESSIONS.search(normalized)
    if not other and role and not role.fields and bare_qualifier:
        word = bare_qualifier.group(1).lower()
        stop = {"does", "top", "best"}  # besides words as frequent as grammar
        grammatical = zipf_frequency(word, "en") >= GRAMMATICAL_ZIPF  # "her eng roles": whose, not which job
        if word not in stop and word not in LEVELS and not PAY.search(word) and not grammatical:
            other = bare_qualifier
    asked = _without_context(normalized)  # "… in munich? saw a compare page w berlin/vienna": Munich is asked
    compare = bool(COMPARE.search(asked)) or len(comparison_split(asked)) > 1
    places = gazetteer().find(asked, employers=False, specific=not compare) or gazetteer().find(asked)
    places = _without_qualifiers(places, asked) if compare else places
    places = _without_sources(places, asked)
    places = _with_elided(places, asked) if compare else places
    named = places
    places = _without_negated(places, asked)
    set_aside = [p for p in named if p not in places]  # "(not nyc)": its figures answer nothing here
    places = [p for p in places if not _named_as_currency(p, asked)]
    unknown_place = "" if places else _unknown_place(normalized)
    levels, excluded_levels = asked_levels(normalized)
    level = levels[0] if levels else ""
    currencies, period = requested_currencies(normalized, places), requested_period(normalized)
    if not places and not unknown_place:  # "per month in rupiah?": a local currency asks about its country
        places = list(dict.fromkeys(c for c in map(currency_country, currencies) if c))
    # "is 200k good for…", "entry MLE in the US vs Europe, how do they compare": pay without a pay word
    pay = bool(PAY.search(normalized) or currencies or period or money_in(normalized) or THOUSANDS.search(normalized))
    skills = bool(SKILLS.search(normalized))
    duties = bool(DUTIES.search(normalized))  # "what does an mlops engineer actually do compared to …": the work
    pay = pay or bool(
        role and places and compare and not skills and not duties and not asked_figure(normalized, pay=False)
    )
    pay = pay or bool(role and places and not skills and HOW_MUCH.search(normalized))  # "X in Germany — how much?"
    statistics = asked_statistics(normalized)
    pay = pay or bool(statistics and not skills and (_statistic_alone(normalized) or role and places))
    if role and role.level and not level:
        level = role.level
        levels = [level]
    parts = question_parts(normalized)
    head, *rest = CLAUSE_BREAK.split(normalized)
    # "median monthly base, and what's that per year in USD?": the figure as stated, then in that currency
    later = bool(currencies) and not requested_currencies(head, places) and any(map(ASKS.search, rest))
    return Question(
        text=text,
        normalized=normalized,
        places=places,
        role=role,
        level=level,
        levels=levels,
        excluded_levels=excluded_levels,
        pay=pay,
        skills=skills,
        compare=compare,
        projected=bool(PROJECTED.search(normalized)),
        injection=bool(INJECTION.search(text)),
        in_domain=bool(
            DOMAIN.search(normalized)
            or role
            or levels
            or currencies
            or period
            or pay
            or _names_corpus_term(normalized, known)
        ),
        other_profession=other.group().strip() if other else "",
        unknown_place=unknown_place,
        currencies=[] if later else currencies,
        also_currencies=currencies if later else [],
        ruled_out=ruled_out_words(normalized),
        set_aside=set_aside,
        answer_type=asked_figure(normalized, pay=pay),
        period=period,
        statistics=statistics,
        parts=parts,
        extreme="max" if MOST.search(normalized) else "min" if LEAST.search(normalized) else "",
        years=list(dict.fromkeys(YEAR.findall(SINCE_YEAR.sub(" ", normalized)))),
        bases=asked_bases(normalized),
        components=asked_components(normalized),
        codes=level_codes(normalized),
        experience=asked_experience(normalized),
        top=int(m.group(1)) if (m := TOP_ITEMS.search(normalized)) else 0,
        areas=_areas(places, normalized),
        since=_since(normalized),
        per_source=bool(PER_SOURCE.search(normalized)),
    )


def asked_experience(text: str) -> int | None:
    """The years of experience a member states ("ML engineer w/ 6 yrs exp", "Staff MLE, 9 YOE"), or None."""
    band = EXPERIENCE_BAND.search(text)  # "3-5 yoe": the middle of the band stated; "8+ yoe": its start
    if band:
        return int(band["plus"]) if band["plus"] else (int(band["low"]) + int(band["high"])) // 2
    m = EXPERIENCE_ASKED.search(text)
    return int(next(g for g in m.groups() if g)) if m else None


def asked_components(text: str) -> list[str]:
    """The parts of a package a question asks for by name ("base + kiwisaver", "bonus target and equity?")."""
    return list(
        dict.fromkeys(
            kind
            for at, kind in components_named(text)
            if not NEGATED.search(text[: at + 1]) and not WITHIN_TOTAL.search(text[:at])
        )
    )


def asked_bases(text: str) -> list[str]:
    """The kinds of pay a question asks for, in order: "base, not the package" asks base; "TC vs base" both.

    A part of the package named beside base asks for that part too, not for their sum ("base + kiwisaver pls").
    """
    for at, _ in components_named(text):
        if not NEGATED.search(text[: at + 1]):  # "excluding bonus" still says base
            end = COMPONENT.match(text, at).end()
            text = f"{text[:at]}{' ' * (end - at)}{text[end:]}"
    named = named_bases(text, loose=True)
    return list(
        dict.fromkeys(
            kind
            for at, kind in named
            if not NEGATED.search(text[: at + 1]) and not WHETHER.search(text[:at])  # "does that include super?"
        )
    )


def asked_statistics(text: str) -> list[str]:
    """The statistics a question names, in order: "median", "90th percentile" (of "top 10%"), unless set aside."""
    wanted = [n.name for n in named_statistics(text) if not NEGATED.search(text[: n.start + 1])]
    return list(dict.fromkeys(wanted))


def _statistic_alone(text: str) -> bool:
    """Whether a statistic is asked of no figure named: "and the average?", "the median for a lead MLE".

    In a pay bot that is pay; "the average time to promotion" names its figure, "faster than average" asks none.
    """
    return any(
        STATISTIC_ENDS.match(text[n.start + len(n.written) :]) and not MEASURED_AGAINST.search(text[: n.start])
        for n in named_statistics(text)
    )


def _names_corpus_term(text: str, known: frozenset[str]) -> bool:
    """Whether a question uses a word the articles use that everyday English does not ("aguinaldo", "vesting").

    Such a word ties a question to the articles however it is phrased; whether they answer it is then up to
    the evidence, as for any other question.
    """
    return any(len(w) >= 4 and w in known and not common_word(w) for w in re.findall(r"[a-z]+", text.lower()))


def _unknown_place(text: str) -> str:
    """A capitalised name after "in"/"at" that is no place we know ("in Kraków"), else ""."""
    for m in re.finditer(r"\b(?:in|at|from)\s+((?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+){0,2})", text):
        name = m.group(1)
        words = {w.lower() for w in name.split()}
        if skill_pattern().fullmatch(name) or DOMAIN.fullmatch(name) or words & set(vocabulary()):
            continue
        if requested_currencies(f"in {name}") or gazetteer().is_known(name):
            continue
        if words & {f.lower() for f in FIELDS} or words & set(LEVELS) or words & set(HEADS):
            continue
        return name
    return ""
