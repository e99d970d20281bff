"""Evidence candidates for a question, each scored by named parts so any ranking can be explained.

Candidates are the pay facts indexed for the asked places plus the facts and sentences of the
retrieved passages. Every candidate is scored against the whole question: the stored in-context
sentence vector (dense), question words weighted by how distinctive they are in the corpus (lexical),
and the question's constraints. A place the question names is a filter; role, level, currency,
period and projection are soft preferences, so nothing is dropped for what the question left open.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import numpy as np
from langchain_core.documents import Document

from bot.question import (
    CERT_QUESTION,
    PAY,
    SKILLS,
    Question,
    asked_figure,
    asked_roles,
    requested_currencies,
    requested_period,
    states_figure,
)
from bot.retrieval import Passage, Retriever, SentenceView, terms, tokenize
from ingest.basis import COMPONENT, components_named, named_bases, tax_side
from ingest.chunking import LIST_ITEM, sentences
from ingest.facts import (
    CERTIFICATION,
    EXPERIENCE_BAND,
    FIGURE_NOT_YEAR,
    NOT_ML_ROLE,
    RATE_PERIODS,
    YEAR,
    Fact,
    fact_codes,
    listed_places,
    skill_pattern,
    year_of,
)
from ingest.money import money_in, period_of
from ingest.places import gazetteer, local_currencies
from ingest.roles import (
    SELF_NAMED_HEADS,
    Role,
    alternative_roles,
    find_fields,
    find_level,
    level_codes,
    level_match,
    stated_role,
)
from ingest.statistics import is_typical, statistics_of
from ingest.tables import states_values

CHANGE = re.compile(r"\b(?:grow\w*|growth|chang\w*|ris(?:e|en|ing)|increas\w*|trend\w*|since|history)\b", re.I)
EMPLOYER_NOUNS = set(terms("firms companies employers startups start-ups corporations banks"))
ASKS_FIGURE = re.compile(r"\W*(?:(?:and|also|but|so)\s+)*(?:what|how)\b", re.I)  # not "…, and is a master's required?"
LEXICAL_WEIGHT = 0.5
SPECIFIC_KINDS = {"percent", "ratio", "time", "count"}  # a part asking one is answered only by evidence stating it
REFERS_TO = re.compile(r"\b(?:they|them|their|it|its|that|those|these|this|he|she|his|her)\b", re.I)
# Each soft constraint moves a score by at most this much: enough to order candidates of equal
# relevance, never enough to make an irrelevant one win.
ROLE_WEIGHT = 0.3
ROLE_CONFLICT = 0.5  # a stated role this far from the asked one is another job: its figures are filtered out
UNSTATED_ROLE_FIT = 0.7  # evidence naming no role fits less than the asked one, better than another role
LEVEL_WEIGHT = 0.2
PREFERENCE_WEIGHT = 0.1
NATIONWIDE = {"national", "nationwide", "nationally", "country", "countrywide"}
SPECIFICALLY = re.compile(r"\bspecifically\b", re.I)
UNDATED_YEARS = 2  # an article that states no date is taken as written within this many years
# A question asking "how much / how many / what range" is answered by a figure: evidence without one
# is unlikely to answer it, whatever its words share with the question.
ANSWER_TYPE_WEIGHT = 0.25
BROADER_PLACE_WEIGHT = 0.15
ECHO_NEW_WORDS = 2  # a sentence adding fewer words than this to the question tells the asker nothing
# Pay facts indexed for the asked places are read from at most this many chunks (the best lexically),
# so a question costs the same with 100 or 30,000 chunks in the store.
MAX_INDEXED_CHUNKS = 40
MAX_READ_INDEXED = 3  # indexed chunks, beyond the retrieved ones, whose sentences are read too
SENTENCE_ANSWERS = {"reason", "source", "percent"}  # asked these, a sentence stating a pay fact answers as itself
HEADING_ANSWERS = {"time", "percent", "ratio"}  # figures a heading may state that no fact extraction reads


@dataclass
class Candidate:
    """A sentence or a pay fact that may answer the question, with the parts of its score."""

    text: str
    doc: Document
    fact: Fact | None = None
    place: str = ""
    parts: dict[str, float] = field(default_factory=dict)
    header: str = ""  # the table header or list lead-in a sentence sits under
    position: int = -1  # a sentence's place in its chunk
    by_part: list[float] = field(default_factory=list)  # its score for each question within the question
    broader: bool = False  # a figure for the asked city's country, answering for the city

    @property
    def score(self) -> float:
        """The sum of the named parts."""
        return sum(self.parts.values())

    def explain(self) -> str:
        """One line: score, parts, source and text."""
        parts = " ".join(f"{k}={v:+.3f}" for k, v in self.parts.items())
        what = f"fact {self.fact.text!r} {self.fact.role!r}/{self.fact.location}/{self.fact.level}" if self.fact else ""
        return f"{self.score:.3f} [{parts}] {self.doc.metadata.get('doc_id')}: {what or self.text[:100]}"


class Scorer:
    """Scores candidates for one question; shared lookups are computed once."""

    def __init__(
        self, q: Question, vector: np.ndarray, retriever: Retriever, part_vectors: np.ndarray | None = None
    ) -> None:
        self.q = q
        self.vector = vector
        self.part_vectors = part_vectors  # each part of the question embedded on its own
        self.retriever = retriever
        self.idf = retriever.idf
        self.q_tokens = set(terms(q.normalized))
        self.q_weight = sum(self.idf.get(t, 1.0) for t in self.q_tokens) or 1.0
        self.geo = gazetteer()
        self.q_skills = {m.group(1).lower() for m in skill_pattern().finditer(q.normalized)}
        named = [r for r in asked_roles(q) if r.fields or r.head in SELF_NAMED_HEADS]
        self.roles = named or ([q.role] if q.role else [])
        self.parts = [(set(terms(p)), _part_kind(p, q.pay)) for p in q.parts]
        self.part_non_ml = [bool(NOT_ML_ROLE.search(p)) for p in q.parts]  # "…, and the non-IT average there?"
        self.part_asks_other = any(kind not in {"", "money"} for _, kind in self.parts)  # "…, by how much?"
        # A part takes the job and level asked elsewhere when it refers back ("and what do they earn?") or asks pay
        # naming none ("what about munich?"); one naming its own ("…, and top AI engineers in india?") or asking
        # something else ("…, and how common is pytorch in job posts?") does not.
        self.part_alone = [
            not (REFERS_TO.search(p) or not (find_fields(p) or find_level(p)) and kind in {"", "money"})
            for p, (_, kind) in zip(q.parts, self.parts, strict=True)
        ]
        # "…, also how much do cloud certs add?" is about its own topic; "and what do they earn?" about the rest's
        self.part_own_topic = [
            alone or kind not in {"", "money"} and not REFERS_TO.search(p)
            for p, alone, (_, kind) in zip(q.parts, self.part_alone, self.parts, strict=True)
        ]
        # "…per month in VND? and … in usd per year?": the money and period a part names are its own
        self.part_money = [(requested_currencies(p, q.places), requested_period(p)) for p in q.parts]
        self.currency_contrast = len({tuple(c) for c, _ in self.part_money if c}) > 1
        # "…, and whats the ceiling for top AI engineers in india": a part standing alone asks its own job
        self.part_roles = [stated_role(p) if alone else None for p, alone in zip(q.parts, self.part_alone, strict=True)]
        self.years = set(q.years)
        # "in new york specifically (not national)": the place's own figures, not its country's
        self.own_place_only = bool(set(q.ruled_out) & NATIONWIDE) or bool(SPECIFICALLY.search(q.normalized))
        self.future = any(int(y) > date.today().year for y in q.years)  # "pay in 2030" asks a forecast
        self.basis = q.bases[0] if len(q.bases) == 1 else ""  # one kind asked is a filter; both, a comparison
        self.tax_side = tax_side(q.normalized)  # "take home net" or "gross": a preference

    def lexical(self, words: set[str], tokens: set[str] | None = None) -> float:
        """Share of the question's (or one part's) distinctive words, IDF-weighted, among a text's `terms`."""
        tokens = self.q_tokens if tokens is None else tokens
        weight = sum(self.idf.get(t, 1.0) for t in tokens)
        return sum(self.idf.get(t, 1.0) for t in tokens & words) / weight if weight else 0.0

    def score_parts(
        self, c: Candidate, words: set[str], answers: Callable[[str], bool], seen: np.ndarray | None = None
    ) -> Candidate:
        """Score a candidate against each question within the question: the figure it asks for, then its words.

        Evidence nearer a part's own meaning than the whole question's scores that much higher for it (`seen` is
        the candidate's sentence vector): "…, and how common is pytorch in job posts?" is answered by the line on
        job posts, not by the pay line the rest of the question is near. A part that stands alone also matches on
        its own words, and the job or level another part names is not its; one referring back ("and what do they
        earn?") keeps them: its "they" is the role asked before it, and a part of few words must not be matched
        on one word alone.
        """
        base = c.score - c.parts.get("answer_type", 0.0)
        job = c.parts.get("role", 0.0) + c.parts.get("level", 0.0)
        whole_words = c.parts.get("lexical", 0.0)
        non_ml = bool(c.fact and NOT_ML_ROLE.search(c.fact.role))
        scores = []
        for (tokens, kind), asks_non_ml, alone, vector, money, role, own_topic in zip(
            self.parts,
            self.part_non_ml,
            self.part_alone,
            self._each_part_vector(),
            self.part_money,
            self.part_roles,
            self.part_own_topic,
            strict=True,
        ):
            if not tokens:
                scores.append(float("-inf"))
                continue
            score = base + LEXICAL_WEIGHT / 4 * self.lexical(words, tokens) + self._own_money(c, *money)
            if seen is not None and vector is not None:
                nearer = float(vector @ seen) - c.parts.get("dense", 0.0)  # nearer its own meaning, or farther
                score += nearer if own_topic else max(nearer, 0.0)
            if alone:
                score += LEXICAL_WEIGHT / 4 * self.lexical(words, tokens) - whole_words / 2 - job
                # "…monthly in blr, and the ceiling in india": the period another part names is not this one's
                elsewhere = not money[1] and any(period for _, period in self.part_money)
                score += self._own_job(c, role) - (c.parts.get("period", 0.0) if elsewhere else 0.0)
            if not answers(kind) and kind in SPECIFIC_KINDS:
                scores.append(float("-inf"))  # "…, by how much?" is answered by a share, not by the pay beside it
                continue
            if self.currency_contrast and money[0] and c.fact and c.fact.currency not in money[0]:
                scores.append(float("-inf"))  # "…in dong? and what in USD?": each part wants its own money's figure
                continue
            score -= 0.0 if answers(kind) else ANSWER_TYPE_WEIGHT
            score -= c.parts.get("unplaced", 0.0) if kind not in {"", "money"} else 0.0  # its own part's evidence
            score -= ROLE_CONFLICT if c.fact and asks_non_ml != non_ml else 0.0  # each part is about its own job
            scores.append(score)
        c.by_part = scores
        return c

    @staticmethod
    def _own_job(c: Candidate, role: Role | None) -> float:
        """How well a figure's job fits the one a part standing alone names, 0 down to -ROLE_WEIGHT."""
        if c.fact is None or role is None or not role.fields:
            return 0.0
        unstated = _role_score([role], None, role.level)
        return max((_role_score([role], r, role.level) for r in alternative_roles(c.fact.role)), default=unstated)

    @staticmethod
    def _own_money(c: Candidate, currencies: list[str], period: str) -> float:
        """How a figure's score changes when a part asks its own currency or period, not the whole question's."""
        if c.fact is None:
            return 0.0
        change = 0.0
        if currencies:
            mine = PREFERENCE_WEIGHT * (1.0 if c.fact.currency in currencies else -1.0)
            change += mine - c.parts.get("currency", 0.0)
        if period:
            mine = PREFERENCE_WEIGHT * (0.5 if c.fact.period == period else -1.0)
            change += mine - c.parts.get("period", 0.0)
        return change

    def _each_part_vector(self) -> list[np.ndarray | None]:
        return list(self.part_vectors) if self.part_vectors is not None else [None] * len(self.parts)

    def names_new_skill(self, text: str) -> bool:
        """Whether a text names a skill, tool or certification the question itself does not."""
        named = {m.group(1).lower() for m in skill_pattern().finditer(text)}
        return bool(named - self.q_skills)

    def rules_out(self, text: str) -> bool:
        """Whether a text is about what the question rules out ("not one of the foreign hubs")."""
        return bool(self.q.ruled_out) and bool(set(self.q.ruled_out) & set(tokenize(text)))

    def echoes(self, text: str) -> bool:
        """Whether a text only restates the question (a heading like "What hiring managers look for")."""
        words = set(terms(text))
        return bool(words) and len(words - self.q_tokens) < ECHO_NEW_WORDS

    def scope(self, doc: Document) -> list[str]:
        """Where a chunk's unplaced statements apply: the places its section, title or article names first."""
        meta = doc.metadata
        return _scope(str(meta.get("section", "")), str(meta.get("title", "")), str(meta.get("scope", "")))

    def set_aside(self, place: str) -> bool:
        """Whether a place is one the question sets aside, or lies in one ("(not nyc)", "not in germany")."""
        return bool(place) and any(self.geo.within(place, p) for p in self.q.set_aside)

    def place_of(self, places: list[str], currencies: Iterable[str] = ()) -> tuple[str | None, float]:
        """The asked place a candidate answers for and a penalty; None when it lies elsewhere.

        A figure for a city's own country answers a question about the city, marked as broader. A region's
        figure does so only when the question asks for figures in the place's own currency and the region's
        figure is in it ("Berlin, in euros?" takes the guide's "Europe" euro range); otherwise a city no
        article covers is refused, not answered with a continent's range.
        """
        if not self.q.places:
            return "", 0.0
        for asked in self.q.places:
            if any(self.geo.within(p, asked) for p in places):
                return asked, 0.0
        for asked in self.q.places:
            country = self.geo.country(asked)
            if country != asked and country in places:
                return asked, -BROADER_PLACE_WEIGHT
            own = set(local_currencies(asked)) & set(currencies) & set(self.q.currencies)
            if own and any(self.geo.within(asked, p) for p in places):
                return asked, -BROADER_PLACE_WEIGHT
            if any(p in self.q.areas and self.geo.within(asked, p) for p in places):
                return asked, -BROADER_PLACE_WEIGHT  # "Berlin-based …, what's senior pay in Europe?"
        return None, 0.0

    def names_other_cities(self, text: str, asked: str) -> bool:
        """Whether a text names cities of the asked place's country other than it: its figures are theirs."""
        country = self.geo.country(asked)
        return any(
            p != asked and self.geo.kind.get(p) == "city" and self.geo.country(p) == country
            for p in self.geo.find(text)
        )

    def conflicts(self, role: Role | None, stated: str = "") -> bool:
        """Whether a stated role is another job than every asked one.

        A data scientist's pay never answers for an ML engineer, however close the rest; nor does a non-IT
        average (`stated`, a fact's role as written), unless that is what the question asks about.
        """
        if not self.roles:
            return False
        if NOT_ML_ROLE.search(stated) and not NOT_ML_ROLE.search(self.q.normalized):
            return True
        return bool(role) and max(asked.similarity(role) for asked in self.roles) < ROLE_CONFLICT

    def fitting_role(self, alternatives: list[Role | None]) -> Role | None:
        """Of a figure's alternative roles ("Data Scientist / ML Engineer"), the one nearest an asked role."""
        if not alternatives:
            return None
        if not self.roles:
            return alternatives[0]
        return max(alternatives, key=lambda r: max(a.similarity(r) for a in self.roles) if r else 0.0)

    def role_part(self, role: Role | None) -> float:
        """0 for a role the question names (any of them, in a comparison), down to -ROLE_WEIGHT."""
        if not self.roles or not (any(r.fields for r in self.roles) or role):
            return 0.0
        return _role_score(self.roles, role, self.q.level)

    def year_part(self, named: list[str], doc: Document) -> float | None:
        """0 for evidence of the year asked, None for another year's; undated evidence is less sure, never a forecast.

        `named`: the years the evidence states for itself; otherwise it is of its article's date. Asked no year,
        an earlier year's figure than its article's (a "2024" beside the 2026 one) is history, ranked lower.
        """
        article = year_of(str(doc.metadata.get("as_of", "")))
        if not self.years:
            return -PREFERENCE_WEIGHT if named and article and max(named) < article else 0.0
        years = set(named) or ({article} if article else set())
        if years:
            return 0.0 if years & self.years else None
        if self.future or max(map(int, self.years)) < date.today().year - UNDATED_YEARS:
            return None  # an undated figure is today's: no forecast, and no figure of years ago ("back in 2018")
        return -PREFERENCE_WEIGHT

    def basis_part(self, named: set[str]) -> float | None:
        """0 for the kind of pay asked (base or total), None for only the other kind; unstated is less sure.

        Asked no kind, a figure stated as total compensation ranks a little below a salary: "pay" is base first.
        """
        if not self.basis:
            return -PREFERENCE_WEIGHT if named == {"total"} and not self.q.bases else 0.0
        if not named:
            return -0.25 * PREFERENCE_WEIGHT
        return 0.0 if self.basis in named else None

    def statistic_part(self, stated: frozenset[str]) -> float | None:
        """0 for the statistic asked, None for another one; unstated is less sure, and so is another typical one.

        "Median pay" is not answered by a top decile, nor "top 10%" by a median; an average for a median is
        close. Asked none ("pay"), one end of the spread ranks below a typical figure.
        """
        asked = set(self.q.statistics)
        if not asked:  # a top quartile is no answer to what a job pays while the median is there
            return -ANSWER_TYPE_WEIGHT if stated and not any(map(is_typical, stated)) else 0.0
        if not stated and all(a.endswith("percentile") for a in asked) and not self.q.skills:
            return None  # "top 10%", "the 25th percentile": a figure that says no such thing is not it
        if not stated or stated & asked:
            return 0.0 if stated else -0.5 * PREFERENCE_WEIGHT
        typical = any(map(is_typical, stated)) and any(map(is_typical, asked))
        return -PREFERENCE_WEIGHT if typical else None

    def experience_fits(self, fact: Fact) -> bool:
        """Whether a figure's own band of experience ("5–8 years: HKD 70k–95k") holds the asker's years.

        A figure with no band of its own fits; its level is scored as usual.
        """
        band = EXPERIENCE_BAND.search(fact.experience) if self.q.experience is not None else None
        if not band:
            return True
        if band["plus"]:
            return self.q.experience >= int(band["plus"])
        return int(band["low"]) <= self.q.experience <= int(band["high"])

    def level_part(self, level: str) -> float | None:
        """0 for an asked level, a penalty for a near or unstated one, None for a conflicting or excluded one."""
        if level and level in self.q.excluded_levels:
            return None
        asked = self.q.levels
        if not asked:
            return -0.25 * PREFERENCE_WEIGHT if level else 0.0
        if not level:
            return -LEVEL_WEIGHT
        match = max(level_match(a, level) for a in asked)
        return None if match == 0 else LEVEL_WEIGHT * (match - 1.0)

    def code_fits(self, stated: Iterable[str]) -> bool | None:
        """Whether a candidate's level codes hold an asked one ("E5"): True, False for another of its ladder, else None.

        A code is a company's own level: "E4" is not the "E5" asked, whatever seniority word each row gives.
        """
        ladder = {c for c in stated if any(c.rstrip("0123456789") == a.rstrip("0123456789") for a in self.q.codes)}
        if not ladder:
            return None
        return bool(ladder & set(self.q.codes))

    def fact(self, fact: Fact, doc: Document, dense: float, seen: np.ndarray | None = None) -> Candidate | None:
        """A pay fact scored against the question, or None when it lies outside the asked places."""
        if self.set_aside(fact.location):
            return None  # "(not nyc)"
        scope = [] if fact.location else self.scope(doc)  # a figure with no place of its own: the article's
        place, broader = self.place_of([fact.location] if fact.location else scope, [fact.currency])
        if place is None and fact.location:  # "$3,000–$8,000 (India, Philippines, Vietnam)": each one's figure
            listed = listed_places(fact)
            place = next((a for a in self.q.places if a in listed and self.geo.within(a, fact.location)), None)
        if place is None or broader and (self.own_place_only or self.names_other_cities(fact.quote, place)):
            return None  # elsewhere, or a country's figure its line gives for other cities ("Sydney/Melbourne")
        unplaced = fact.inferred_place and bool(broader)  # "NZ$181,500" only says New Zealand, not all of it
        if unplaced and not any(self.geo.within(place, s) for s in self.scope(doc)):
            return None  # placed by its money alone, in an article not about the asked city: maybe another city's
        f_role = self.fitting_role([_scoped_role(r, doc) for r in alternative_roles(fact.role)])
        if self.conflicts(f_role, fact.role):
            return None
        if not self.experience_fits(fact):
            return None
        level = self.level_part(fact.level or ("lead" if f_role and f_role.head == "lead" else ""))
        if self.q.codes:
            fits = self.code_fits(fact_codes(fact))
            if fits is False:
                return None
            if fits and level is not None:
                level = max(level, 0.0)
        year = self.year_part([y for y in [year_of(fact.as_of)] if y], doc)
        basis = self.basis_part({fact.basis} - {""})
        if level is None or year is None or basis is None or self.q.bases and _component(fact, self.q.components):
            return None  # asked base or total, a bonus alone is neither
        q = self.q
        words = set(terms(fact_context(fact, doc)))
        parts = {
            "dense": dense,
            "lexical": LEXICAL_WEIGHT * self.lexical(words),
            "role": self.role_part(f_role),
            "level": level,
        }
        if broader or q.places and not fact.location:
            parts["place"] = -PREFERENCE_WEIGHT if unplaced else broader or -PREFERENCE_WEIGHT
        if year:
            parts["year"] = year
        if basis:
            parts["basis"] = basis
        if q.articles and doc.metadata.get("doc_id") not in q.articles:
            parts["source"] = -LEVEL_WEIGHT  # "per the Lakeshore FAQ": another article's figure answers less
        if q.experience is not None and not fact.level and not EXPERIENCE_BAND.search(fact.experience):
            parts["experience"] = -PREFERENCE_WEIGHT  # "3-5 yoe": a figure of that band, not one of no band
        if fact.employers and not (set(terms(fact.employers)) - EMPLOYER_NOUNS) & self.q_tokens:
            parts["employers"] = -LEVEL_WEIGHT  # "at venture-backed startups": some employers, not those asked
        statistic = self.statistic_part(fact_statistics(fact, doc))
        if statistic is None:
            return None
        if statistic:
            parts["statistic"] = statistic
        if q.answer_type not in {"", "money", "number"}:
            parts["answer_type"] = -ANSWER_TYPE_WEIGHT  # a pay figure is not the share, ratio or time asked
        if self.q.ruled_out and self.rules_out(_figure_clause(fact)):
            return None  # "…employment contract, not b2b": a figure its own words set aside
        if self.rules_out(f"{fact.role} {fact.label} {fact.location} {fact.period}"):  # "per year, not per hour"
            parts["ruled_out"] = -ANSWER_TYPE_WEIGHT
        if q.currencies:
            parts["currency"] = PREFERENCE_WEIGHT * (1.0 if fact.currency in q.currencies else -1.0)
        elif fact.restated:
            parts["currency"] = -0.5 * PREFERENCE_WEIGHT  # asked none, "≈ USD 6,800" ranks after the AED it converts
        if q.period in RATE_PERIODS and fact.period not in RATE_PERIODS:
            return None  # an hourly or day rate asked is not answered by a salary
        if q.period:
            parts["period"] = PREFERENCE_WEIGHT * (0.5 if fact.period == q.period else -1.0)
        elif fact.period in RATE_PERIODS:
            parts["period"] = -PREFERENCE_WEIGHT  # asked no period, a contractor's day or hour rate is not the salary
        if fact.projected != q.projected:
            parts["projected"] = -PREFERENCE_WEIGHT
        side = tax_side(_figure_clause(fact))
        if side and self.tax_side:  # "how much do u take home": the net figure beside the gross one
            parts["net"] = PREFERENCE_WEIGHT * (1.0 if side == self.tax_side else -1.0)
        elif side == "net":  # asked neither, pay is what is paid before tax
            parts["net"] = -PREFERENCE_WEIGHT
        c = Candidate(
            text=fact.text, doc=doc, fact=fact, place=place, parts=parts, broader=bool(broader) and not unplaced
        )
        if not self.parts:
            return c
        return self.score_parts(c, words, lambda kind: kind in {"", "money", "number"}, seen)

    def sentence(self, s: SentenceView, doc: Document, dense: float) -> Candidate | None:
        """A sentence scored against the question; its place is what it names, else its section and title."""
        text, meta = s.text, doc.metadata
        if self.q.pay and " | " in text and not states_values(text):
            return None  # a table's header row names the pay its rows state
        money = money_in(text)
        own = _places_named(text)
        if own and all(self.set_aside(p) for p in own):
            return None  # "(not nyc)": a line about that place answers nothing here
        named = own or _places_named(s.header) or self.scope(doc)  # a list item is where its lead-in says
        place, broader = self.place_of(named, {m.currency for m in money if m.currency})
        loose = False  # let in for a part asking a share or a time, not for the pay the rest asks
        if place is None and not own and (self.q.answer_type not in {"", "money"} or self.part_asks_other):
            place, broader = "", -PREFERENCE_WEIGHT  # "senior means 5+ years" names no place: it holds, less surely
            loose = self.q.answer_type in {"", "money"}
        if place is None:
            return None
        section, title = str(meta.get("section", "")), str(meta.get("title", ""))
        role = stated_role(text) or stated_role(section) or stated_role(title)
        if self.q.pay and money and self.conflicts(role):
            return None  # another job's pay, stated in a sentence
        pay = any(m.scale < 1e9 for m in money)  # not a market's billions
        asks_pay = self.q.pay and self.q.answer_type == "money"
        figure = pay or bool(FIGURE_NOT_YEAR.search(text))  # "in the 2024 index, fine-tuning carried 11%"
        year = self.year_part(YEAR.findall(text), doc) if figure or asks_pay else 0.0
        basis = self.basis_part({kind for _, kind in named_bases(text)}) if pay else 0.0
        if year is None or basis is None or self.years and asks_pay and not pay and not self.part_asks_other:
            return None  # another year's or another kind of pay, or no pay at all for the year asked
        if (
            asks_pay
            and figure
            and self.q.period in RATE_PERIODS
            and period_of(f"{s.header} {text}") not in RATE_PERIODS
        ):
            return None  # an hourly or day rate asked; a salary row answers another question
        words = set(terms(s.context))
        parts = {
            "dense": dense,
            "lexical": LEXICAL_WEIGHT * self.lexical(words),
            "role": self.role_part(role),
        }
        level = self.level_part(find_level(text) or find_level(section) or find_level(title))
        fits = self.code_fits(level_codes(text)) if self.q.codes else None
        if fits is False:
            return None
        if fits and level is not None:
            level = max(level, 0.0)
        if level is None or level:
            parts["level"] = -LEVEL_WEIGHT if level is None else level
        if self.q.places and not named or broader:
            parts["place"] = broader or -PREFERENCE_WEIGHT
        if loose:
            parts["unplaced"] = -ANSWER_TYPE_WEIGHT
        if self.q.articles and meta.get("doc_id") not in self.q.articles:
            parts["source"] = -LEVEL_WEIGHT
        if year:
            parts["year"] = year
        if basis:
            parts["basis"] = basis
        statistic = self.statistic_part(statistics_of(f"{s.header} {text}")) if pay else 0.0
        if statistic is None or statistic:
            parts["statistic"] = -ANSWER_TYPE_WEIGHT if statistic is None else statistic
        listed_under = s.header or (section if LIST_ITEM.match(text) else "")  # a "Required skills" list

        def answers(kind: str) -> bool:
            if kind == "item" and CERT_QUESTION.search(self.q.normalized):  # "which cert …": a certification
                return bool(CERTIFICATION.search(text) or CERT_QUESTION.search(f"{listed_under} {text}"))  # "E資格 …"
            if kind == "item":
                return self.names_new_skill(text) or bool(SKILLS.search(listed_under))
            return states_figure(kind, text)

        named = {kind for _, kind in components_named(f"{s.header} {text}")}
        part_stated = bool(named & set(self.q.components)) and answers("percent")  # "KiwiSaver: employer matches 3%"
        if not answers(self.q.answer_type) and not part_stated:
            parts["answer_type"] = -ANSWER_TYPE_WEIGHT
        if self.q.currencies:
            has = {m.currency for m in money}
            if has:
                parts["currency"] = PREFERENCE_WEIGHT * (1.0 if has & set(self.q.currencies) else -1.0)
        besides = (self.q.skills or self.q.answer_type == "item") and self.names_new_skill(text)  # "besides docker"
        if self.rules_out(f"{s.header} {text}") and not besides:
            parts["ruled_out"] = -ANSWER_TYPE_WEIGHT
        restates = self.echoes(text) and not (figure and answers(self.q.answer_type))  # "| PhD required | 6% |" answers
        if restates or text.rstrip().endswith("?"):
            parts["echo"] = -ANSWER_TYPE_WEIGHT  # a restatement of the question, or a question of its own
        c = Candidate(text=text, doc=doc, place=place, parts=parts, header=s.header)
        return self.score_parts(c, words, answers, s.vector) if self.parts else c


def candidates(
    q: Question,
    vector: np.ndarray,
    passages: list[Passage],
    retriever: Retriever,
    part_vectors: np.ndarray | None = None,
) -> list[Candidate]:
    """Every fact and sentence that may answer, best first; `part_vectors` embed the question's parts."""
    scorer = Scorer(q, vector, retriever, part_vectors)
    docs: dict[str, Document] = {}
    facts: dict[str, list[tuple[Fact, Document]]] = {}
    for p in passages:
        docs[p.chunk_id] = p.doc
        facts.setdefault(p.chunk_id, []).extend((f, p.doc) for f in p.facts if f.kind == "salary")
    if q.pay:
        geo = gazetteer()  # a city's country too: its figures may be the city's, read only from their money
        for place in dict.fromkeys(
            p for asked in q.places or [""] for p in (asked, geo.country(asked) if asked else "")
        ):
            for fact, doc in retriever.best_pay_facts(q.normalized, place, MAX_INDEXED_CHUNKS):
                docs.setdefault(str(doc.id), doc)
                have = facts.setdefault(str(doc.id), [])
                if (fact, doc) not in have:
                    have.append((fact, doc))
    out: list[Candidate] = []
    quoted: dict[str, set[str]] = {}
    best_fact: dict[str, float] = {}
    sentences: dict[str, list[SentenceView]] = {}
    for chunk_id, doc in docs.items():
        sentences[chunk_id] = retriever.sentence_vectors(doc)
        quoted[chunk_id] = set()
        for fact, _ in facts.get(chunk_id, []) if q.pay else []:
            dense, seen = _best_sentence(fact, sentences[chunk_id], vector)
            quoted[chunk_id].add(seen.text if seen else "")
            c = scorer.fact(fact, doc, dense, seen.vector if seen else None)
            if c is not None:
                out.append(c)
                best_fact[chunk_id] = max(best_fact.get(chunk_id, c.score), c.score)
    if not q.years and not CHANGE.search(q.normalized):  # "how much has pay grown?" asks for the history
        out = drop_superseded(out)
    _no_preference_without_choice(out, "employers")
    # Sentences are read in the retrieved passages and in the few other chunks whose pay facts answer best
    # (the skills beside a level's pay); the rest of the indexed chunks give their facts only.
    retrieved = [p.chunk_id for p in passages]
    others = sorted((i for i in best_fact if i not in retrieved), key=lambda i: -best_fact[i])[:MAX_READ_INDEXED]
    headings: set[str] = set()
    later = {kind for _, kind in scorer.parts} & SENTENCE_ANSWERS  # "…in SGD, and which firm is that from?"
    for chunk_id in retrieved + others:
        doc = docs[chunk_id]
        lead_ins = {v.header for v in sentences[chunk_id]}  # a line its list's items sit under answers through them
        for k, s in enumerate(sentences[chunk_id]):
            if (
                s.text in quoted[chunk_id]
                and q.pay
                and q.answer_type not in SENTENCE_ANSWERS  # a "%" asked is the row's, not its facts'
                and not any(states_figure(kind, s.text) for kind in later)
                or s.text.endswith(":")
                or s.text in lead_ins
            ):
                continue  # shown through its facts; a lead-in ("...as follows:") answers nothing alone
            c = scorer.sentence(s, doc, float(s.vector @ vector))
            if c is not None:
                c.position = k
                out.append(c)
        section = str(doc.metadata.get("section", ""))
        if q.answer_type in HEADING_ANSWERS and section not in headings:
            headings.add(section)  # "Level 4 — Senior / Lead (4+ years)": a heading can state what is asked
            heading = retriever.heading(doc) if states_figure(q.answer_type, section) else None
            c = scorer.sentence(heading, doc, float(heading.vector @ vector)) if heading else None
            if c is not None:
                out.append(c)
    return sorted(out, key=lambda c: -c.score)


def _no_preference_without_choice(found: list[Candidate], part: str) -> None:
    """Drop a preference no figure of a place escapes: when every ad names its employer, none is "for some only"."""
    for place in {c.place for c in found if c.fact}:
        same = [c for c in found if c.fact and c.place == place]
        if all(part in c.parts for c in same):
            for c in same:
                value = c.parts.pop(part)
                c.by_part = [b - value for b in c.by_part]


def _component(fact: Fact, asked: list[str] = ()) -> bool:
    """Whether a figure is one part of a package ("bonus", "Equity") other than those asked, not a salary or total."""
    if fact.basis or not COMPONENT.search(fact.label):
        return False
    return not any(kind in asked for _, kind in components_named(fact.label))


def fact_statistics(fact: Fact, doc: Document) -> frozenset[str]:
    """The statistics a figure is: its label's ("Top 10%"), else its section's ("National Average Salary")."""
    return statistics_of(fact.label) or statistics_of(str(doc.metadata.get("section", "")))


def drop_superseded(found: list[Candidate]) -> list[Candidate]:
    """Leave out a figure its own article updates: the same job, place, level, statistic and kind of pay, later.

    "In 2024 the Bay Area median was $184,000" beside the 2026 table's $198,000: asked no year, the current
    figure answers, however the history sentence's words happen to match the question.
    """
    dated = [(c, year_of(c.fact.as_of), year_of(str(c.doc.metadata.get("as_of", "")))) for c in found if c.fact]
    current = [c for c, year, article in dated if year and year == article]
    old = {id(c) for c, year, article in dated if year and article and year < article and _updated(c, current)}
    return [c for c in found if id(c) not in old]


def _same_statistic(older: frozenset[str], newer: frozenset[str]) -> bool:
    """Whether a newer figure states the older one's statistic; an older one naming none is a typical figure."""
    return older == newer or not older and all(is_typical(s) for s in newer)


def _updated(c: Candidate, current: list[Candidate]) -> bool:
    """Whether a current figure of the same article states what this older one does.

    A level, a kind of pay or a statistic the older figure leaves unstated is any: an archived table's bare row
    is updated by the current table's "median base".
    """
    fact = c.fact
    role = stated_role(fact.role)
    same = ("location", "period", "currency")
    return any(
        o.doc.metadata.get("doc_id") == c.doc.metadata.get("doc_id")
        and all(getattr(o.fact, k) == getattr(fact, k) for k in same)
        and _same_statistic(fact_statistics(fact, c.doc), fact_statistics(o.fact, o.doc))
        and (not fact.basis or fact.basis == o.fact.basis)
        and (not fact.level or not o.fact.level or fact.level == o.fact.level)
        and (_same_role(role, o.fact.role) if role else not o.fact.role)
        for o in current
    )


def _figure_clause(fact: Fact) -> str:
    """The words of a figure's own sentence between the figures beside it: "~38.5 triệu/month" of "Net after PIT: …".

    Not the next sentence's: "… ₫20M and ₫120M monthly. … USD-based pay …" says nothing of the dong figure in USD.
    """
    return _clause_of(fact.quote, fact.text)


CODE_PREFIX = re.compile(r"^[A-Z]{3}\s")


@lru_cache(maxsize=16_384)
def _clause_of(quote: str, text: str) -> str:
    """`_figure_clause` of a figure's quote and text, read once per figure rather than once per question."""
    if text not in quote:
        text = CODE_PREFIX.sub("", text)  # a bare "201,000" its post's currency was put before ("CAD 201,000")
    line = next((x for x in quote.splitlines() if text in x), "")
    line = next((x for x in sentences(line) if text in x), line)
    at = line.find(text)
    if at < 0:
        return ""
    figures = money_in(line)
    before = [m.end for m in figures if m.end <= at]
    after = [m.start for m in figures if m.start >= at + len(text)]
    return line[max(before, default=0) : min(after, default=len(line))]


def _part_kind(part: str, pay: bool) -> str:
    """What one part asks; a figure of no kind, in a pay question, is pay ("…, and what's it projected to?")."""
    kind = asked_figure(part, pay=bool(PAY.search(part)))
    return "money" if not kind and pay and ASKS_FIGURE.match(part) else kind


def _same_role(role: Role, other: str) -> bool:
    """Whether a figure's stated role is this one; a figure naming no role is not a named role's update."""
    stated = stated_role(other)
    return bool(other) and role.similarity(stated or role) == 1.0


def _best_sentence(fact: Fact, sentences: list[SentenceView], vector: np.ndarray) -> tuple[float, SentenceView | None]:
    """The dense score of the sentence or row that states a fact (the best one if several do), and that sentence."""
    best, shown_best = None, None
    for s in sentences:
        if fact.text in s.text:
            score = float(s.vector @ vector)
            if best is None or score > best:
                best, shown_best = score, s
    if best is None:
        scores = [float(s.vector @ vector) for s in sentences]
        return (max(scores) if scores else 0.0), None
    return best, shown_best


@lru_cache(maxsize=16384)
def _places_named(text: str) -> list[str]:
    """The places a sentence or its lead-in names; kept, as each question reads the same sentences."""
    return gazetteer().find(text)


@lru_cache(maxsize=4096)
def _scope(section: str, title: str, scope: str) -> list[str]:
    geo = gazetteer()
    return geo.find(section) or geo.find(title) or [p for p in scope.split("|") if p]


def fact_context(fact: Fact, doc: Document) -> str:
    """The words that qualify one figure: its own clause (or its row and column), label, role and section."""
    quote = fact.quote
    if "\n" in quote:
        header, row = quote.split("\n", 1)
        own = f"{row} {fact.label}"
    else:
        moneys = money_in(quote)
        own = quote
        for k, m in enumerate(moneys):
            if m.text == fact.text:
                start = moneys[k - 1].end if k else 0
                end = moneys[k + 1].start if k + 1 < len(moneys) else len(quote)
                own = quote[start:end]
                break
    level = f"{fact.level} level" if fact.level else ""
    return " ".join([own, fact.label, fact.role, fact.location, level, str(doc.metadata.get("section", ""))])


def _role_score(asked: list[Role], role: Role | None, asked_level: str) -> float:
    """0 for a role fitting one asked, down to -ROLE_WEIGHT."""
    return ROLE_WEIGHT * (max(_fit(a, role, asked_level) for a in asked) - 1.0)


def _fit(asked: Role, role: Role | None, asked_level: str) -> float:
    fit = asked.similarity(role) if role else UNSTATED_ROLE_FIT
    if role and role.level and not asked.level and not asked_level:
        fit *= 0.8  # "Lead ML Engineer" answers "ML engineer" less well than "ML Engineer" does
    return fit


def _scoped_role(role: Role | None, doc: Document) -> Role | None:
    """A bare "mid-level engineer" in an article about ML engineers is an ML engineer."""
    if role is None or role.fields:
        return role
    meta = doc.metadata
    scope = stated_role(str(meta.get("section", ""))) or stated_role(str(meta.get("title", "")))
    if scope and scope.fields and scope.head == role.head:
        return Role(text=scope.text, fields=scope.fields, head=role.head, level=role.level)
    return role


def covers(chosen: list[Candidate], candidate: Candidate) -> bool:
    """Whether a candidate repeats what is already chosen (same figure, or the same sentence)."""
    for c in chosen:
        if c.fact and candidate.fact:
            same = (c.fact.currency, c.fact.low, c.fact.high) == (
                candidate.fact.currency,
                candidate.fact.low,
                candidate.fact.high,
            )
            if same and c.fact.location == candidate.fact.location:
                return True
        elif c.text == candidate.text or re.sub(r"\W", "", candidate.text) in re.sub(r"\W", "", c.text):
            return True
    return False
