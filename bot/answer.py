"""From a question to a short answer whose every figure is cited, or a clear refusal.

Pay questions are answered from the structured facts extracted at ingest (matched by place, role
and level); other questions from the best re-scored sentences of the retrieved passages. Either way
the text is quoted from the articles, so no figure can appear that a source does not state.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache, partial

from langchain_core.documents import Document
from pydantic import BaseModel, Field

from bot.evidence import CHANGE, LEXICAL_WEIGHT, Candidate, candidates, covers, fact_statistics
from bot.question import (
    ADVICE_ASKED,
    CERT_QUESTION,
    Question,
    asked_roles,
    comparison_sides,
    paired_roles,
    parse,
    states_figure,
)
from bot.retrieval import Retriever
from ingest.basis import basis_of, components_named
from ingest.chunking import LIST_ITEM
from ingest.cleaning import PATH_SEPARATOR
from ingest.facts import (
    FIGURE_NOT_YEAR,
    NOT_ML_ROLE,
    PROJECTED,
    YEAR,
    Fact,
    fact_code,
    fact_codes,
    says_what_figure_is,
    year_of,
)
from ingest.money import money_in
from ingest.places import gazetteer, towns_known
from ingest.roles import (
    Role,
    alternative_roles,
    field_role,
    find_level,
    find_role,
    level_codes,
    level_match,
    rung,
    stated_role,
)
from ingest.search_index import terms, tokenize
from ingest.settings import Settings
from ingest.statistics import statistics_of
from ingest.store import Store

MAX_QUESTION_CHARS = 500
MIN_SCORE = 0.45
# A sentence answers only when close in meaning or sharing the question's distinctive words: asked about visa
# times or vesting cliffs, the nearest sentence about offers and pay is neither.
ON_TOPIC_DENSE = 0.5
ON_TOPIC_WORDS = 0.35
MARGIN = 0.03
LIST_MARGIN = 0.15
MAX_PER_PART = 4
MAX_SOURCES = 3  # articles shown one figure each when a member asks what each source says
LIST_ITEMS = 8  # items of one list shown when a question asks which skills, tools or certifications
EXPLAIN_TOP = 12
SPECIFIC_FIGURES = {"percent", "ratio", "time", "source"}  # kinds of figure worth reading further chunks for
CAN_ANSWER = (
    "I answer questions about machine-learning careers from my articles: pay by role, place and level "
    "(e.g. “ML engineer salary in Singapore”), the skills and certifications that raise it, and the job market."
)
PERCENT = re.compile(r"\d+(?:\.\d+)?\s?%")
WHETHER_ASKED = re.compile(  # "is that with the bonus or not", "is super on top or included?"
    r"\b(?:is|does)\s+(?:it|that|this)\b[^?]*\b(?:or|incl\w*|includ\w*|ex\w*)\b|"
    r"\b(?:is|are|does|do)\s+(?:\w+\s+){1,2}[^?]*\b(?:incl\w*|includ\w*|exclud\w*|on top|or not)\b",
    re.I,
)
QUOTED_CHARS = 160  # a source line short enough to quote beside its figure
ITEM_CHARS = 320  # a list item short enough to show whole
PERIOD_SHOWN = {
    "hour": " an hour",
    "day": " a day",
    "week": " a week",
    "month": " a month",
    "payslip": " per payslip",
    "year": " a year",
}
SKILL_WORD = re.compile(r"\bskills?\b", re.I)
FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?")
RELATIVE = re.compile(r"\b(?:more|less|higher|lower|than)\b", re.I)
SHARES = re.compile(r"\d[\d.,]*\s?(?:(?:[–-]|to)\s?\d[\d.,]*\s?)?(?:%|percent\b|x\b)")  # "10–20%", "1.6x"
BOTH = re.compile(r"\s(?:and|\+|&)\s")  # "the baseline comp and the 2026 projection": two things asked
NOW = re.compile(r"\b(?:current\w*|now|today|baseline|present)\b", re.I)


class Citation(BaseModel):
    """A numbered source of an answer: the article, its section, and the quoted text relied on."""

    n: int
    source: str
    title: str
    section: str
    quote: str
    chunk_id: str
    as_of: str = ""

    def label(self) -> str:
        """Title, section and as-of date, so a member sees where a figure comes from and how old it is."""
        where = f"{self.title} — {self.section}" if self.section and self.section != self.title else self.title
        return f"{where} (as of {self.as_of})" if self.as_of else where


class Answer(BaseModel):
    """The JSON answer contract shared by the CLI, the eval and the Discord bot."""

    question: str
    answer: str
    refused: bool
    citations: list[Citation] = Field(default_factory=list)
    facts: list[dict] = Field(default_factory=list)
    timings_ms: dict[str, float] = Field(default_factory=dict)
    writer: str = "extractive"
    fallback: str = ""


@dataclass
class _Cited:
    """Citations being collected while an answer is composed."""

    citations: list[Citation]

    def mark(self, doc: Document, quote: str) -> int:
        for c in self.citations:
            if c.chunk_id == doc.id:
                if quote not in c.quote:
                    c.quote = f"{c.quote} … {quote}"
                return c.n
        meta = doc.metadata
        self.citations.append(
            Citation(
                n=len(self.citations) + 1,
                source=str(meta.get("doc_id", "")),
                title=str(meta.get("title", "")),
                section=str(meta.get("section", "")),
                quote=quote,
                chunk_id=str(doc.id),
                as_of=str(meta.get("as_of", "")),
            )
        )
        return len(self.citations)


def _effective_level(level: str, role: Role | None) -> str:
    return level or ("lead" if role and role.head == "lead" else "")


PAY_NAMED = re.compile(r"\b(?:salar(?:y|ies)|pay|band|base|comp\w*|income|wages?|ctc|tc|earn\w*|makes?)\b", re.I)
# A source saying it has no figure for something ("too few placements to publish (n<10)", "suppressed").
WITHHELD = re.compile(
    r"\b(?:not enough|too few|insufficient)\b[^.]{0,80}?\b(?:data points|submissions|responses|placements|reports|"
    r"respondents|to publish|to report)\b|\b(?:suppressed|not published)\b|\bno (?:data|figures|numbers)\b(?! scien)|"
    r"\bn\s*<\s*\d+",
    re.I,
)


def _country_only(q: Question, chosen: list[Candidate]) -> str:
    """The country whose figures alone answer for an asked city, or "": the city itself is then refused.

    Shown, labelled as the country's, they tell the member what there is; they are no figure of the city.
    """
    countries = {gazetteer().country(p) for p in q.places} - set(q.places)
    figures = [c.fact for c in chosen if c.fact]
    if figures and all(c.broader for c in chosen if c.fact) and {f.location for f in figures} <= countries:
        return ", ".join(dict.fromkeys(f.location for f in figures))
    return ""


def refusal(question: str, message: str, started: float) -> Answer:
    """A refused answer with a reason and what the bot can answer instead."""
    total = (time.perf_counter() - started) * 1000
    return Answer(
        question=question, answer=f"{message}\n\n{CAN_ANSWER}", refused=True, timings_ms={"total": round(total, 2)}
    )


def _dated(fact: Fact, doc: Document) -> str:
    """A figure's year where it is not its article's: as written, or "a year earlier" for a "last year" figure."""
    year, article = year_of(fact.as_of), year_of(str(doc.metadata.get("as_of", "")))
    if year == article or not year:
        return ""
    shown = f"{fact.quote} {doc.metadata.get('section', '')} {doc.metadata.get('title', '')}"
    if year in shown or not article:
        return year
    return "a year earlier" if int(article) - int(year) == 1 else ""


def grounded(answer: Answer, sources: dict[str, str] | None = None) -> bool:
    """Every figure in the answer appears in what its citations show or point to.

    That is a cited quote, the cited chunk's text, or the title, section and date shown with the citation
    (a year a table's heading gives its rows).
    """
    cited = " ".join(f"{c.quote} {c.label()}" for c in answer.citations)
    if sources:
        cited += " " + " ".join(sources.get(c.chunk_id, "") for c in answer.citations)
    body = re.sub(r"\[\d+\]", "", answer.answer)
    have = {f.replace(",", "") for f in FIGURE.findall(cited)}
    return all(f.replace(",", "") in have for f in FIGURE.findall(body))


class Answerer:
    """The answer engine: one per process, shared by the CLI, the eval and the Discord cogs."""

    def __init__(self, settings: Settings, store: Store | None = None, retriever: Retriever | None = None) -> None:
        self.settings = settings
        self.store = store or Store(settings)
        self.retriever = retriever or Retriever(self.store)

    def answer(self, question: str, trace: list[str] | None = None) -> Answer:
        """Answer one question; never raises for bad input, refuses instead.

        `trace`, when given, receives the top candidates with the parts of their scores (`ask --explain`).
        """
        with towns_known(_towns_of(self.retriever.places)):  # "Nice": a town the articles give pay for
            return self._answer(question, trace)

    def _answer(self, question: str, trace: list[str] | None) -> Answer:
        started = time.perf_counter()
        text = " ".join((question or "").split())
        if not text:
            return refusal(question, "Please ask a question.", started)
        if len(text) > MAX_QUESTION_CHARS:
            return refusal(
                question[:MAX_QUESTION_CHARS],
                f"That question is {len(text):,} characters long; please keep it under {MAX_QUESTION_CHARS}.",
                started,
            )
        q = parse(text, known=self.retriever.vocabulary, places=self.retriever.places)
        q.articles = self.retriever.named_articles({w.lower() for w in tokenize(q.normalized)})
        if q.injection:
            return refusal(
                text, "I only answer from my articles and can't follow instructions inside a question.", started
            )
        if q.other_profession:
            return refusal(text, f"My articles cover machine-learning roles, not {q.other_profession}.", started)
        if not q.in_domain:
            return refusal(text, "That isn't something my articles cover.", started)
        if q.pay and q.unknown_place:
            return refusal(text, f"My articles have no pay figures for {q.unknown_place}.", started)
        if self.retriever.empty:
            return refusal(text, "No articles have been ingested yet.", started)

        vector = self.retriever.embed_query(q.normalized)
        kind = q.answer_type if q.answer_type in SPECIFIC_FIGURES else ""
        part_vectors = self.retriever.embed_queries(q.parts) if q.parts else None
        stating = partial(states_figure, kind) if kind else None
        parts = list(zip(q.parts, part_vectors, strict=True)) if part_vectors is not None else []
        passages = self.retriever.search(q.normalized, vector, states=stating, parts=parts)
        retrieved = time.perf_counter()
        ranked = candidates(q, vector, passages, self.retriever, part_vectors)
        if trace is not None:
            trace.extend(c.explain() for c in ranked[:EXPLAIN_TOP])
        cited = _Cited([])
        lines, chosen, missing = self._compose(q, ranked, cited)
        if not lines:
            if q.pay and (q.places or q.role):
                role = q.role.text if q.role else "these roles"
                where = f" in {', '.join(missing)}" if any(missing) else ""
                when = f" for {' or '.join(q.years)}" if q.years and not set(missing) & set(q.years) else ""
                what = {"hour": "hourly rates", "day": "day rates"}.get(q.period, "pay figures")
                return refusal(text, f"My articles have no {what} for {role}{where}{when}.", started)
            return refusal(text, "I couldn't find that in my articles.", started)
        done = time.perf_counter()
        if q.answer_type == "money" and chosen and not any(c.fact for c in chosen) and WITHHELD.search(chosen[0].text):
            lines.insert(0, "My articles give no figure for that; they say why:")  # "too few placements (n<10)"
            return Answer(question=text, answer="\n".join(lines), refused=True, citations=cited.citations)
        country = _country_only(q, chosen)
        if country:
            role = q.role.text if q.role else "these roles"
            where = ", ".join(q.places)
            lines.insert(0, f"My articles have no pay figures for {role} in {where}; what they give for {country}:")
        return Answer(
            question=text,
            answer="\n".join(lines),
            refused=bool(country),
            citations=cited.citations,
            facts=[_fact_json(c.fact) for c in chosen if c.fact],
            timings_ms={
                "retrieve": round((retrieved - started) * 1000, 2),
                "answer": round((done - retrieved) * 1000, 2),
                "total": round((done - started) * 1000, 2),
            },
        )

    def _compose(
        self, q: Question, ranked: list[Candidate], cited: _Cited
    ) -> tuple[list[str], list[Candidate], list[str]]:
        """Lead with the best evidence for each part of the question; add only what answers another part."""
        if _asks_certification_alone(q):
            lines = self._certification_lines(q, cited)
            if lines:  # "which cert should i get, and do certs bump pay?": the other parts from the evidence
                asked = next((i for i, part in enumerate(q.parts) if CERT_QUESTION.search(part)), 0)
                others: list[Candidate] = []
                lines += self._part_lines(q, ranked, others, cited, skip=asked)
                return lines, others, []
        if not ranked or not _strong(ranked[0], q) or not _on_topic(ranked[0], q) or _figureless_lookup(q, ranked[0]):
            return [], [], list(q.places)
        several = len(q.places) > 1 and (q.pay or q.compare) and q.answer_type != "item"
        slots = q.places if several else [""]  # skills asked of two places ("which skill pays most in …"): one list
        given = [s for s in q.statistics if any(c.score >= MIN_SCORE and _gives(c, s) for c in ranked)]
        statistics = given if len(given) > 1 and len(slots) == 1 else [""]  # "the median, 25th and 75th"
        if statistics == [""] and len(slots) == 1 and q.compare and len(q.levels) > 1:
            statistics = [f"level:{lv}" for lv in q.levels]  # "junior vs mid-level": each level a part
        elif statistics == [""] and len(slots) == 1 and q.compare and len(q.codes) > 1:
            statistics = [f"code:{code}" for code in q.codes]  # "L3 vs L5", "data scientist I vs III"
        elif statistics == [""] and len(slots) == 1 and q.since:
            statistics = [f"year:{q.since}", "year:now"]  # "how much has it gone up since 2023": then and now
        elif statistics == [""] and len(slots) == 1 and len(q.years) > 1:
            statistics = [f"year:{y}" for y in q.years]  # "from 2023 to 2024", "in 2026 and in 2025": each year
        elif statistics == [""] and _now_and_projected(q):
            statistics = ["when:now", "when:projected"]  # "current pay vs the projected figure"
        elif statistics == [""] and len(slots) == 1 and q.per_source and len(sources := _sources(ranked)) > 1:
            statistics = [f"source:{doc}" for doc in sources]  # "what do your sources each say?": each one's
        elif statistics == [""] and len(slots) == 1 and len(q.bases) > 1:
            statistics = [f"basis:{kind}" for kind in q.bases]  # "total comp vs base": each kind a part
        if statistics == [""] and len(slots) == 1 and q.components:  # "base range and equity?": each a part
            parts = [f"component:{kind}" for kind in q.components]
            if any(_gives(c, p) for c in ranked for p in parts):  # the figure asked, then each part named
                statistics = [f"basis:{kind}" for kind in q.bases] or [""]
                statistics += parts
        roles = _asked_roles(q)
        change = bool(CHANGE.search(q.normalized)) or bool(q.since)  # a change needs each year it runs between
        undated = [s[5:] for s in statistics if s.startswith("year:") and change and not _dates(ranked, s[5:])]
        if undated:
            return [], [], undated  # a change from a year no evidence is of is unknown
        lines: list[str] = []
        chosen: list[Candidate] = []
        missing: list[str] = []
        whether = bool(WHETHER_ASKED.search(q.normalized))  # "is it CLT or PJ?": the source's words beside each figure
        paired = paired_roles(q)
        sides = comparison_sides(q) if len(slots) == 1 and statistics == [""] else []
        year_sides, year_side = _year_sides(q)
        for slot, statistic in ((p, s) for p in slots for s in statistics):
            pool = [c for c in ranked if (not slot or c.place == slot) and _gives(c, statistic)]
            if statistic[5:] in year_side:  # "mlops in 2025? … the ml engineering one for 2024": each year its role
                pool = [c for c in pool if _side_of(c, year_sides) == year_side[statistic[5:]]] or pool
            if not pool and statistic.startswith("level:"):  # "jr vs sr" where the article says entry and senior
                pool = [c for c in ranked if (not slot or c.place == slot) and _near_level(c, statistic, q.levels)]
            if any(c.fact and not c.broader and not c.fact.inferred_place for c in pool):  # the city's own, not its
                # country's beside them; a figure placed only by its money ("NZ$181,500") is no city's own
                pool = [c for c in pool if not c.broader]
            if slot in paired and pool and q.answer_type in {"", "money"}:  # "ML lead in the US vs lead ML specialist
                # in Singapore": each its own role's pay; a count or share asked ("how many data points…") names none
                best = max(_role_fit(paired[slot], c) for c in pool)
                pool = [c for c in pool if _role_fit(paired[slot], c) >= best]
            if statistic and (not pool or covers(chosen, pool[0])):
                continue  # a part no evidence gives, or one already shown
            if q.pay and q.places and not any(c.fact for c in pool) and not statistic.startswith("component:"):
                relative = RELATIVE.search(q.normalized)  # "how much more do …": a share answers it too
                pool = [c for c in pool if FIGURE_NOT_YEAR.search(c.text if relative else SHARES.sub(" ", c.text))]
            if not pool or not _strong(pool[0], q):
                if not statistic:  # a statistic or level no article gives is left out; a place is said missing
                    missing.append(slot or ", ".join(q.places))
                continue
            by_source = q.compare and len(roles) <= 1 and not statistic  # a part (a level, a kind) has its best
            whole = q.answer_type == "item" and not q.extreme  # "which skills …": the list that answers, whole
            whole = whole or q.answer_type == "reason" and bool(ADVICE_ASKED.search(q.normalized))  # "any tips?"
            most = q.top or (LIST_ITEMS if whole else 0)
            picked = _extreme(pool, q.extreme) or _pick(pool, roles, by_source=by_source, most=most, whole=whole)
            for k in range(len(sides)):  # "at US big tech vs at a bank": each side its own evidence
                if not any(_side_of(c, sides) == k for c in picked):
                    _add_close(picked, pool, lambda c, k=k: _side_of(c, sides) == k)
            if whole and CERT_QUESTION.search(q.normalized) and not any(CERT_QUESTION.search(c.text) for c in picked):
                cert = next((c for c in pool if CERT_QUESTION.search(c.text)), None)  # "which skills + cert …": both
                picked += [cert] if cert and cert.score >= MIN_SCORE and not covers(picked, cert) else []
            for outside in (True, False) if q.pay and NOT_ML_ROLE.search(q.normalized) else ():
                if not any(_outside_ml(c) is outside for c in picked if c.fact):  # "ML pay vs the non-IT average"
                    _add_close(picked, pool, lambda c, o=outside: c.fact is not None and _outside_ml(c) is o)
            for code in q.currencies if len(q.currencies) > 1 else ():  # "in PLN and EUR?": a figure in each
                if not any(_in_currencies(c, [code]) for c in picked):
                    _add_close(picked, pool, lambda c, code=code: bool(_in_currencies(c, [code])))
            for want in (True, False) if q.also_currencies else ():  # "…, and what's that in USD?": as stated, and so
                if want not in {_in_currencies(c, q.also_currencies) for c in picked}:
                    _add_close(picked, pool, lambda c, want=want: _in_currencies(c, q.also_currencies) is want)
            if q.pay and not q.bases:  # "what's X making": a base and the total stated beside it both answer
                for c in list(picked):  # the same source's other figure for the job: shown however it ranks
                    sibling = next((o for o in pool if _other_basis(c, o) and not covers(picked, o)), None)
                    picked += [sibling] if sibling else []
            if q.answer_type == "reason":  # an explanation runs on into the sentence after it
                picked += [c for c in pool if _follows(c, picked[0]) and not covers(picked, c)][:1]
            elif not q.pay and (whole := _continued(picked[0], pool)):
                picked[0] = whole  # "… have 0-2 years of experience. Their responsibilities include …": both
            if len(slots) > 1:
                lines.append(f"**{slot}**")
            picked = [_whole_item(c) for c in picked]
            picked = [c for k, c in enumerate(picked) if not covers(picked[:k], c)]  # an item's rest, shown with it
            for c in picked:
                lines.append(self._line(c, cited, quoted=whether))
            chosen.extend(picked)
            asked = set(q.currencies or q.also_currencies)
            shown = {c.fact.currency for c in picked if c.fact}
            if asked and shown and not asked & shown:
                where = f" for {slot or ', '.join(q.places)}" if slot or q.places else ""
                lines.append(
                    f"My articles give no figure in {', '.join(sorted(asked))}{where}; the above is as they state it."
                )
        if chosen:
            lines += self._part_lines(q, ranked, chosen, cited)
            shown = {c.fact.currency for c in chosen if c.fact}
            if len(q.currencies) > 1 and shown and (unmet := set(q.currencies) - shown):  # "in won? and in euros?"
                lines.append(f"My articles give no figure in {', '.join(sorted(unmet))}.")
        if chosen and missing and any(missing):
            lines.append(f"My articles have no pay figures for {', '.join(m for m in missing if m)}.")
        return lines, chosen, missing

    def _part_lines(
        self, q: Question, ranked: list[Candidate], chosen: list[Candidate], cited: _Cited, skip: int = -1
    ) -> list[str]:
        """Lines answering each question within the question that nothing `chosen` answers; `chosen` grows.

        "…include bonus? how big are bonuses?": each answered; "$68,000+ … roughly ₹56 lakh": a figure with its own.
        """
        lines = []
        for i in range(len(q.parts) if ranked else 0):
            extra = _part_answer(ranked, chosen, i) if i != skip else None
            for c in [_whole_item(extra), *_restated_with(extra, ranked, chosen)] if extra else []:
                lines.append(self._line(c, cited))
                chosen.append(c)
        return lines

    def _line(self, c: Candidate, cited: _Cited, quoted: bool = False) -> str:
        """A figure as a line: role, place, level, figure, period and what it is; `quoted` adds its source's words.

        "is it CLT or PJ?", "is that incl super?": the answer is in the words beside the figure ("ex super").
        """
        if c.fact is None:
            return f"{_under_heading(c)}{c.text.lstrip('- ')} [{cited.mark(c.doc, c.text)}]"
        fact = c.fact
        n = cited.mark(c.doc, fact.quote)
        label = fact.label if says_what_figure_is(fact.label) else ""
        dated = _dated(fact, c.doc)
        kind = "" if basis_of(label) == fact.basis else {"base": "base", "total": "total comp"}.get(fact.basis, "")
        employers = f"at {fact.employers} employers" if fact.employers else ""
        share = PERCENT.findall(fact.quote) if components_named(fact.label) else []  # "Super: 11.5% on top (~$21k)"
        details = [x for x in (label, *share[:1], kind, employers, "projected" if fact.projected else "", dated) if x]
        period = PERIOD_SHOWN.get(fact.period, "")
        where = f" in {fact.location}" if fact.location else ""
        code = fact_code(fact)
        shown = [
            x for x in (fact.level, rung(code) if code else "") if x and not re.search(rf"\b{x}\b", fact.role, re.I)
        ]
        level = f" ({', '.join(shown)})" if shown else ""  # "ML Engineer in Kaunas (L4)", "(senior, II)"
        extra = f" — {', '.join(details)}" if details else ""
        figure = fact.text if money_in(fact.text) else f"{fact.text} ({fact.currency})"  # "132k (AUD)": as written
        said = _own_line(fact) if quoted else ""
        said = f" (“{said}”)" if said else ""
        return f"- {fact.role or 'ML roles'}{where}{level}: {figure}{period}{extra}{said} [{n}]"

    def skills(self, role: str = "", limit: int = 8) -> Answer:
        """Skills and certifications the articles tie to a role (all roles when empty), most cited first."""
        started = time.perf_counter()
        self.retriever.refresh()
        wanted = stated_role(role.strip())
        if role.strip() and wanted is None:
            return refusal(role, f"I don't recognise “{role}” as a machine-learning role.", started)
        found = self._skills_for(wanted, kinds={"skill", "certification"})
        if not found:
            return refusal(role, "My articles name no skills for that role.", started)
        ranked = _most_cited(found, wanted)
        cited = _Cited([])
        lines = []
        for name, hits in ranked[:limit]:
            fact, doc = next(((f, d) for f, d in hits if f.share or f.premium), hits[0])
            n = cited.mark(doc, fact.quote)
            extra = [
                f"in {fact.share} of postings" if fact.share else "",
                f"{fact.premium} premium" if fact.premium else "",
            ]
            kind = " (certification)" if fact.kind == "certification" else ""
            detail = f" — {', '.join(x for x in extra if x)}" if any(extra) else ""
            lines.append(f"- **{name}**{kind}{detail} [{n}]")
        total = (time.perf_counter() - started) * 1000
        title = f"Skills for {role.strip()}" if role.strip() else "Skills in demand"
        return Answer(
            question=title,
            answer="\n".join(lines),
            refused=False,
            citations=cited.citations,
            timings_ms={"total": round(total, 2)},
        )

    def _skills_for(self, role: Role | None, kinds: set[str]) -> dict[str, list[tuple[Fact, Document]]]:
        """Skill facts of these kinds whose article role fits `role`, grouped by skill name."""
        found: dict[str, list[tuple[Fact, Document]]] = {}
        for (kind, role_text), facts in self.retriever.skill_facts().items():
            f_role = stated_role(role_text) or field_role(role_text)  # "for MLOps roles": a field's jobs
            if kind not in kinds or role and f_role and role.similarity(f_role) < 0.5:
                continue
            for fact, doc in facts:
                found.setdefault(fact.name, []).append((fact, doc))
        return found

    def _certification_lines(self, q: Question, cited: _Cited) -> list[str]:
        """The certification the most articles for this role recommend, quoted.

        Asked for a place ("for MLOps roles in DACH"), only the articles about it count; none, and the question
        is answered from the evidence.
        """
        found = self._skills_for(q.role, kinds={"certification"})
        if q.places:  # "En Latinoamérica tiene más tirón AWS…" in an article on Spain and Latin America is not Spain's
            found = {
                name: [h for h in hits if _about(h[1], q.places) and _names_only(h[0].quote, q.places)]
                for name, hits in found.items()
            }
            found = {name: hits for name, hits in found.items() if hits}
        if not found:
            return []
        name, hits = _most_cited(found, q.role)[0]
        fact, doc = hits[0]
        return [f"{fact.quote} [{cited.mark(doc, fact.quote)}]"]

    def pay_options(self) -> dict[str, list[str]]:
        """Roles, locations and levels that pay facts mention, for autocomplete."""
        self.retriever.refresh()
        roles, places, levels = set(), set(), set()
        for fact, _ in self.retriever.pay_facts():
            roles.add(fact.role)
            places.add(fact.location)
            levels.add(fact.level)
        return {k: sorted(v - {""}) for k, v in (("role", roles), ("location", places), ("level", levels))}


@lru_cache(maxsize=4)
def _towns_of(places: frozenset[str]) -> dict[str, str]:
    return gazetteer().bare_names(places)


def _about(doc: Document, places: list[str]) -> bool:
    """Whether an article is about one of these places, or a place inside one ("Zürich" for "DACH")."""
    geo = gazetteer()
    scope = [p for p in str(doc.metadata.get("scope", "")).split("|") if p]
    return any(
        geo.within(p, asked) or geo.within(asked, p) and geo.kind.get(p) != "region" for p in scope for asked in places
    )


def _names_only(text: str, places: list[str]) -> bool:
    """Whether a sentence names no place besides these (or ones inside or around them)."""
    geo = gazetteer()
    return all(any(geo.within(n, p) or geo.within(p, n) for p in places) for n in geo.find(text, employers=False))


def _asks_certification_alone(q: Question) -> bool:
    """Asked "which cert should I get as an ML lead": the one most articles for the role recommend.

    Asked with a skill, or for the one that raises pay most ("which cert gives the biggest bump"), the question
    is answered from the evidence like any other.
    """
    return bool(
        q.role
        and not q.articles  # "which certs does lumen count": that article's, not the most cited
        and CERT_QUESTION.search(q.normalized)
        and not SKILL_WORD.search(q.normalized)
        and not q.extreme
        and q.answer_type != "percent"
    )


def _most_cited(
    found: dict[str, list[tuple[Fact, Document]]], role: Role | None = None
) -> list[tuple[str, list[tuple[Fact, Document]]]]:
    """Skills ordered by how many articles name them, each article weighted by how well its role fits."""
    fits: dict[str, float] = {}

    def fit(role_text: str) -> float:
        if role_text not in fits:
            f_role = stated_role(role_text) or field_role(role_text)  # "for MLOps roles": a field's jobs
            fits[role_text] = role.similarity(f_role) if role and f_role else 0.5 if role else 1.0
        return fits[role_text]

    def weight(hits: list[tuple[Fact, Document]]) -> float:
        best: dict[str, float] = {}  # per article; the role's own articles count most (fit cubed)
        for fact, _ in hits:
            best[fact.source] = max(best.get(fact.source, 0.0), fit(fact.role) ** 3)
        return sum(best.values())

    return sorted(found.items(), key=lambda kv: (-weight(kv[1]), -len(kv[1]), kv[0]))


def _fact_json(fact: Fact) -> dict:
    data = fact.model_dump(
        include={
            "kind",
            "role",
            "location",
            "level",
            "currency",
            "low",
            "high",
            "period",
            "as_of",
            "source",
            "quote",
            "text",
            "projected",
            "label",
        }
    )
    for key in ("low", "high"):
        if isinstance(data.get(key), float) and data[key].is_integer():
            data[key] = int(data[key])
    return data


def _asked_roles(q: Question) -> list[Role]:
    """Roles that are each a part to answer ("data scientist vs ML engineer"): two or more, else none."""
    roles = asked_roles(q)
    return roles if len(roles) > 1 else []


HEADING_WORDS = 8  # a section name this short labels the list items under it


def _under_heading(c: Candidate) -> str:
    """The heading a list item sits under, as its label ("Resilience and Emotional Intelligence — Ability to …").

    A bare item ("Ability to handle frustration and setbacks") does not say what it is an instance of.
    """
    section = str(c.doc.metadata.get("section", "")).strip()
    title = str(c.doc.metadata.get("title", "")).strip()
    if c.header or not LIST_ITEM.match(c.text) or not section or section == title:
        return ""
    if len(section.split()) > HEADING_WORDS or set(terms(section)) <= set(terms(c.text)) or money_in(section):
        return ""
    return f"{section} — "


def _whole_item(c: Candidate) -> Candidate:
    """A list item's opening sentence with the rest of its item, when short: an item is one thought.

    "Negotiation Leverage: … don't just ask for more." says what to ask for in its next sentence.
    """
    if c.fact is not None or not LIST_ITEM.match(c.text):
        return c
    opening = c.text.strip()
    if opening[-1:] not in ".!?:":
        return c  # a whole item already, not its first sentence
    line = next((x.strip() for x in c.doc.page_content.splitlines() if x.strip().startswith(f"{opening} ")), "")
    return replace(c, text=line) if line and len(line) <= ITEM_CHARS else c


def _continued(first: Candidate, pool: list[Candidate]) -> Candidate | None:
    """The same sentence shown with the next one, which refers back to it ("Their responsibilities …"), if any."""
    if first.fact:
        return None
    return next(
        (
            c
            for c in pool
            if c.fact is None
            and c.doc.id == first.doc.id
            and len(c.text) > len(first.text)
            and c.text.startswith(first.text)
        ),
        None,
    )


def _follows(c: Candidate, first: Candidate) -> bool:
    """Whether a sentence comes right after another in the same paragraph of a chunk."""
    if c.fact or first.fact or c.doc.id != first.doc.id or c.position != first.position + 1 or c.header:
        return False
    text = first.doc.page_content
    a, b = text.find(first.text), text.find(c.text)
    return 0 <= a < b and "\n" not in text[a:b]


def _pick(
    pool: list[Candidate], roles: list[Role], by_source: bool = False, most: int = 0, whole: bool = False
) -> list[Candidate]:
    """The best candidate, then close runners-up that add a figure or sentence, and the best for each asked role.

    `by_source`: a comparison (of places, or of what the articles say) shows, beside the best, the best of
    another article that answers the same kind of question, when it is close. `most`: items a question asks
    for ("top 5 skills"), when more than usual.
    """
    most = max(most, MAX_PER_PART)
    best = pool[0]
    picked = [best]
    for c in pool[1:]:
        if len(picked) >= MAX_PER_PART or c.score < best.score - MARGIN:
            break
        if c.parts.get("statistic", 0.0) < best.parts.get("statistic", 0.0):
            continue  # the top quartile beside the median asked for (or asked no statistic): not the figure asked
        if (c.fact is None) == (best.fact is None) and not covers(picked, c) and not _outdated(c, picked):
            picked.append(c)
    for item in [c for c in picked if c.header.endswith(":") or LIST_ITEM.match(c.text)]:  # its siblings answer too
        siblings = (
            c
            for c in pool
            if _same_lead_in(c.header, item.header)
            and _same_article(c, item)
            and bool(LIST_ITEM.match(c.text))
            and _parent(c.text) == _parent(item.text)
        )
        for c in siblings:
            if len(picked) < most and (whole or c.score >= best.score - LIST_MARGIN) and not covers(picked, c):
                picked.append(c)
    for role in roles:
        if not any(_role_fit(role, c) >= 0.9 for c in picked):
            _add_close(picked, pool, lambda c, role=role: _role_fit(role, c) >= 0.9)
    if by_source:
        seen = {c.doc.metadata.get("doc_id") for c in picked}
        _add_close(
            picked,
            pool,
            lambda c: (
                c.doc.metadata.get("doc_id") not in seen and "answer_type" not in c.parts and not covers(picked, c)
            ),
        )
    return picked


def _parent(item: str) -> str:
    """The keys an item sits under ("Expectations › Ml engineer › L5 › Certs recognised"), "" for a plain item."""
    return item.rsplit(PATH_SEPARATOR, 1)[0] if PATH_SEPARATOR in item else ""


def _same_lead_in(a: str, b: str) -> bool:
    """Whether two list items sit under one lead-in; a chunk starting mid-list keeps only its last sentence."""
    return a == b or bool(a and b) and (a.endswith(b) or b.endswith(a))


def _own_line(fact: Fact) -> str:
    """The source sentence stating a figure, when short and stating no other figure; else ""."""
    said = (s for x in fact.quote.splitlines() for s in re.split(r"(?<=[.!?])\s+", x) if fact.text in s)
    line = next(said, "").strip(" -*")
    others = [m for m in money_in(line) if fact.text not in m.text]
    return line if line and len(line) <= QUOTED_CHARS and not others else ""


def _outdated(c: Candidate, picked: list[Candidate]) -> bool:
    """Whether a runner-up is an older year's figure of the same job, place and kind of pay as one shown."""
    same = ("role", "location", "level", "basis", "period")
    return bool(c.fact) and any(
        p.fact
        and all(getattr(p.fact, k) == getattr(c.fact, k) for k in same)
        and year_of(p.fact.as_of) > year_of(c.fact.as_of)
        for p in picked
    )


def _same_article(a: Candidate, b: Candidate) -> bool:
    """Whether two candidates come from one article: a long list or table runs on into the next chunk."""
    return a.doc.metadata.get("doc_id") == b.doc.metadata.get("doc_id")


def _extreme(pool: list[Candidate], extreme: str) -> list[Candidate]:
    """For "which … pays the most": the item of the best answer's list or table with the largest (smallest) figure."""
    best = next((c for c in pool if "answer_type" not in c.parts), None)  # the best that names what is asked
    if not extreme or best is None or not (best.header or LIST_ITEM.match(best.text)):
        return []
    siblings = [
        c
        for c in pool
        if _same_article(c, best)
        and c.header == best.header
        and c.score >= best.score - LIST_MARGIN
        and _magnitude(c) is not None
    ]
    if len(siblings) < 2:
        return []
    return [max(siblings, key=_magnitude) if extreme == "max" else min(siblings, key=_magnitude)]


def _magnitude(c: Candidate) -> float | None:
    """The size of what a candidate states: a fact's top figure, else a sentence's first percentage or amount."""
    if c.fact:
        return c.fact.high or c.fact.low
    m = re.search(r"[+-]?\d+(?:\.\d+)?(?=\s?%)", c.text) or re.search(r"\d[\d,]*(?:\.\d+)?", c.text)
    return float(m.group().replace(",", "")) if m else None


def _outside_ml(c: Candidate) -> bool:
    """Whether a figure is the pay of people outside ML ("Non-IT avg salary", "national average")."""
    return bool(c.fact and NOT_ML_ROLE.search(f"{c.fact.role} {c.fact.label}"))


def _add_close(picked: list[Candidate], pool: list[Candidate], wanted: Callable[[Candidate], bool]) -> None:
    """Add the best wanted candidate of the pool, when it is close to the best picked and not shown yet."""
    match = next((c for c in pool if wanted(c)), None)
    if match is not None and match.score >= picked[0].score - 10 * MARGIN and not covers(picked, match):
        picked.append(match)


def _part_answer(ranked: list[Candidate], chosen: list[Candidate], part: int) -> Candidate | None:
    """The best answer to one question within the question, when nothing chosen answers it nearly as well."""
    best = max(ranked, key=lambda c: c.by_part[part])
    if best.by_part[part] < MIN_SCORE or covers(chosen, best):
        return None
    if any(c.by_part[part] >= best.by_part[part] for c in chosen):  # shown already, only if that is its best
        return None
    return best


def _restated_with(c: Candidate, ranked: list[Candidate], chosen: list[Candidate]) -> list[Candidate]:
    """The figure a shown one restates in another currency, or its restatement: the source says them as one."""
    if c.fact is None:
        return []
    same = ("role", "location", "level", "period")
    return [
        o
        for o in ranked
        if o.fact is not None
        and o is not c
        and o.doc.id == c.doc.id
        and _said_together(c.fact.quote, o.fact.quote, c.doc.page_content)
        and o.fact.currency != c.fact.currency
        and (o.fact.restated or c.fact.restated)
        and all(getattr(o.fact, k) == getattr(c.fact, k) for k in same)
        and not covers(chosen, o)
    ][:1]


def _said_together(a: str, b: str, text: str) -> bool:
    """Whether two quotes are one, or one runs on from the other ("… $68,000+ annually. That is roughly ₹56 lakh")."""
    if a == b:
        return True
    i, j = text.find(a), text.find(b)
    return i >= 0 and j >= 0 and (0 <= j - (i + len(a)) <= 2 or 0 <= i - (j + len(b)) <= 2)


def _strong(c: Candidate, q: Question) -> bool:
    """Whether evidence is strong enough to answer.

    It scores the bar, or it is a pay fact of the role and place asked with nothing amiss, however unlike the
    question's words it is.
    """
    exact = c.fact is not None and bool(q.role and q.places) and min(c.parts.values()) >= 0
    return c.score >= MIN_SCORE or exact


def _figureless_lookup(q: Question, best: Candidate) -> bool:
    """Asked a role's pay in a place, the best evidence states no pay or share and no reason why: none is given."""
    if q.answer_type != "money" or not (q.role and q.places) or best.fact is not None:
        return False
    if not PAY_NAMED.search(q.normalized):
        return False  # "negotiating an ML lead offer, what's the main leverage point?" asks advice
    stated = any(states_figure(kind, best.text) for kind in ("money", "percent", "ratio", "time"))  # "25–35% more"
    return not stated and not WITHHELD.search(best.text)


def _on_topic(c: Candidate, q: Question) -> bool:
    """Whether the best evidence is about what was asked; a pay fact matched by role and place always is.

    So is a line naming skills for a question asking which to learn, however few of its words it shares; a line
    stating the kind of figure asked ("Based on 649 data points" for "how many data points…") needs half the words.
    """
    if c.fact is not None or q.answer_type == "item" and "answer_type" not in c.parts:
        return True
    words = ON_TOPIC_WORDS * LEXICAL_WEIGHT
    if q.answer_type in SPECIFIC_FIGURES | {"count", "percent"} and "answer_type" not in c.parts:
        words /= 2
    return c.parts.get("dense", 0.0) >= ON_TOPIC_DENSE or c.parts.get("lexical", 0.0) >= words


def _sources(ranked: list[Candidate]) -> list[str]:
    """The articles whose figures answer, best first: at most MAX_SOURCES of them."""
    found = (str(c.doc.metadata.get("doc_id", "")) for c in ranked if c.fact and c.score >= MIN_SCORE)
    return list(dict.fromkeys(found))[:MAX_SOURCES]


def _gives(c: Candidate, statistic: str) -> bool:
    """Whether a candidate states this statistic, or is of this "level:…" (any candidate does for "")."""
    if statistic.startswith("source:"):
        return c.doc.metadata.get("doc_id") == statistic.removeprefix("source:")
    if statistic.startswith("when:"):
        projected = c.fact.projected if c.fact else bool(PROJECTED.search(c.text))
        return projected == (statistic == "when:projected")
    if statistic.startswith("year:"):
        article = year_of(str(c.doc.metadata.get("as_of", "")))
        year = year_of(c.fact.as_of if c.fact else c.text) or ("" if c.fact else article)
        since = statistic.removeprefix("year:")
        if since == "last":  # "since last yr": the year before the article's
            since = str(int(article) - 1) if article else ""
        return bool(year) and year == (article if since == "now" else since)
    if statistic.startswith("level:"):
        return _level_of(c) == statistic.removeprefix("level:")
    if statistic.startswith("code:"):
        return statistic.removeprefix("code:") in (fact_codes(c.fact) if c.fact else level_codes(c.text))
    if statistic.startswith("component:"):
        if not c.fact and not FIGURE_NOT_YEAR.search(c.text):
            return False  # a table's header names the part; its rows state it
        named = c.fact.label if c.fact else f"{c.header} {c.text}"
        return statistic.removeprefix("component:") in {kind for _, kind in components_named(named)}
    if statistic.startswith("basis:"):
        return (c.fact.basis if c.fact else basis_of(c.text)) == statistic.removeprefix("basis:")
    return not statistic or statistic in (fact_statistics(c.fact, c.doc) if c.fact else statistics_of(c.text))


def _other_basis(shown: Candidate, c: Candidate) -> bool:
    """Whether a candidate is the other kind of pay (base or total) its source states for the same job and date."""
    a, b = shown.fact, c.fact
    same = ("role", "location", "level", "as_of", "period")
    return bool(
        a
        and b
        and {a.basis, b.basis} == {"base", "total"}
        and all(getattr(a, k) == getattr(b, k) for k in same)
        and shown.doc.metadata.get("source") == c.doc.metadata.get("source")
    )


def _dates(ranked: list[Candidate], year: str) -> bool:
    """Whether any evidence is of a year or names it ("now" and "last" are relative: always)."""
    if not year.isdigit():
        return True
    return any(c.score >= MIN_SCORE and (year in c.text or c.fact and year_of(c.fact.as_of) == year) for c in ranked)


def _near_level(c: Candidate, statistic: str, asked: list[str]) -> bool:
    """Whether a candidate is of a level next to this "level:…" one (entry for junior) that is not asked itself."""
    level = _level_of(c)
    return level not in asked and level_match(statistic.removeprefix("level:"), level) > 0


def _level_of(c: Candidate) -> str:
    return c.fact.level if c.fact else find_level(c.text)


def _now_and_projected(q: Question) -> bool:
    """Whether a question asks both today's figure and the projected one ("baseline comp and the projection")."""
    return q.projected and bool(NOW.search(q.normalized)) and (q.compare or bool(BOTH.search(q.normalized)))


def _in_currencies(c: Candidate, codes: list[str]) -> bool | None:
    """Whether a pay fact is in one of these currencies (None for a sentence)."""
    return c.fact.currency in codes if c.fact else None


def _year_sides(q: Question) -> tuple[list[set[str]], dict[str, int]]:
    """The words setting apart each of a message's two parts, and the part each asked year is named in.

    "median for mlops grads in 2025? also what was the ml engineering one for 2024": 2025 is mlops's, 2024 ml
    engineering's; neither year asks for the other part's job.
    """
    if len(q.parts) != 2 or len(q.years) != 2:
        return [], {}
    named = [set(YEAR.findall(part)) for part in q.parts]
    if any(len(years) != 1 for years in named) or named[0] == named[1]:
        return [], {}
    a, b = (set(terms(part)) - set(YEAR.findall(part)) for part in q.parts)
    if not a - b or not b - a:
        return [], {}
    return [a - b, b - a], {next(iter(years)): k for k, years in enumerate(named)}


def _side_of(c: Candidate, sides: list[set[str]]) -> int | None:
    """The side of a comparison a candidate is about: the one whose words it names the largest share of.

    None on a tie, or for a candidate naming no side.
    """
    f = c.fact
    named = set(terms(" ".join([f.role, f.level, f.label, f.basis, f.employers]) if f else c.text))
    hits = [len(side & named) / len(side) for side in sides]  # a share: one side may say more than the other
    best = max(hits)
    return hits.index(best) if best and hits.count(best) == 1 else None


def _role_fit(role: Role, c: Candidate) -> float:
    found = alternative_roles(c.fact.role) if c.fact else [r for r in [find_role(c.text)] if r]
    return max((role.similarity(r) for r in found), default=0.0)
