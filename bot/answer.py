"""From a question to a short answer whose every figure is cited, or a clear refusal.

Pay questions are answered from the structured facts extracted at ingest (matched by place, role
and level); other questions from the best re-scored sentences of the retrieved passages. Either way
the text is quoted from the articles, so no figure can appear that a source does not state.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from langchain_core.documents import Document
from pydantic import BaseModel, Field

from bot.question import Question, parse
from bot.retrieval import Passage, Retriever, Sentence
from ingest.facts import Fact, skill_pattern
from ingest.money import find_money
from ingest.places import gazetteer
from ingest.roles import Role, find_role, level_match
from ingest.settings import Settings
from ingest.store import Store

MAX_QUESTION_CHARS = 500
MIN_SENTENCE_SCORE = 0.45
SECOND_SENTENCE_MARGIN = 0.03
MAX_FACTS_PER_PLACE = 4
CAN_ANSWER = (
    "I answer questions about machine-learning careers from my articles: pay by role, place and level "
    "(e.g. “ML engineer salary in Singapore”), the skills and certifications that raise it, and the job market."
)
STAT_LABEL = re.compile(r"average|median|range|most common|low end|high end|top \d|base|total|example|bonus", re.I)
CERT_QUESTION = re.compile(r"\b(certific\w*|credentials?|certs?)\b", re.I)
FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?")


class Citation(BaseModel):
    """A numbered source of an answer: the article, its section, and the quoted text relied on."""

    n: int
    source: str
    title: str
    section: str
    quote: str
    chunk_id: str


class Answer(BaseModel):
    """The JSON answer contract shared by the CLI, the eval and the Discord bot."""

    question: str
    answer: str
    refused: bool
    citations: list[Citation] = Field(default_factory=list)
    facts: list[dict] = Field(default_factory=list)
    timings_ms: dict[str, float] = Field(default_factory=dict)


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
            )
        )
        return len(self.citations)


@lru_cache(maxsize=4096)
def _role_of(text: str) -> Role | None:
    return find_role(text) if text else None


def _effective_level(level: str, role: Role | None) -> str:
    return level or ("lead" if role and role.head == "lead" else "")


def refusal(question: str, message: str, started: float) -> Answer:
    """A refused answer with a reason and what the bot can answer instead."""
    total = (time.perf_counter() - started) * 1000
    return Answer(
        question=question, answer=f"{message}\n\n{CAN_ANSWER}", refused=True, timings_ms={"total": round(total, 2)}
    )


def grounded(answer: Answer, sources: dict[str, str] | None = None) -> bool:
    """Every figure in the answer appears in a cited quote (or the cited chunk's text)."""
    cited = " ".join(c.quote for c in answer.citations)
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

    def answer(self, question: str) -> Answer:
        """Answer one question; never raises for bad input, refuses instead."""
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
        q = parse(text)
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
        passages = self.retriever.search(q.normalized, vector)
        retrieved = time.perf_counter()
        cited = _Cited([])
        lines: list[str] = []
        facts: list[Fact] = []
        if q.pay and (q.places or q.level or (q.role and q.role.fields and not q.skills)):
            missing: list[str] = []
            for place in q.places or [""]:
                found = self._pay_facts(q, place)
                if not found:
                    missing.append(place)
                    continue
                lines.extend(self._pay_lines(q, place, found, cited))
                facts.extend(f for f, _ in found)
            if not facts:
                lines = self._sentence_lines(q, vector, passages, cited, limit=1, must=lambda s: _states_pay_for(q, s))
            if not lines:
                role = q.role.text if q.role else "these roles"
                where = f" in {', '.join(p for p in missing if p)}" if any(missing) else ""
                return refusal(text, f"My articles have no pay figures for {role}{where}.", started)
            if any(missing):
                lines.append(f"My articles have no pay figures for {', '.join(p for p in missing if p)}.")
            if q.skills:
                lines.extend(self._sentence_lines(q, vector, passages, cited, limit=1, skills_only=True))
        else:
            lines = self._sentence_lines(q, vector, passages, cited, limit=2)
            if not lines:
                return refusal(text, "I couldn't find that in my articles.", started)
        done = time.perf_counter()
        return Answer(
            question=text,
            answer="\n".join(lines),
            refused=False,
            citations=cited.citations,
            facts=[_fact_json(f) for f in facts],
            timings_ms={
                "retrieve": round((retrieved - started) * 1000, 2),
                "answer": round((done - retrieved) * 1000, 2),
                "total": round((done - started) * 1000, 2),
            },
        )

    def skills(self, role: str = "", limit: int = 8) -> Answer:
        """Skills and certifications the articles tie to a role (all roles when empty), most cited first."""
        started = time.perf_counter()
        self.retriever.refresh()
        wanted = _role_of(role.strip())
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
        for fact, doc in self.retriever.skill_facts():
            if fact.kind not in kinds:
                continue
            f_role = _role_of(fact.role)
            if role and f_role and role.similarity(f_role) < 0.5:
                continue
            found.setdefault(fact.name, []).append((fact, doc))
        return found

    def _certification_lines(self, q: Question, cited: _Cited) -> list[str]:
        """The certification the most articles for this role recommend, quoted."""
        found = self._skills_for(q.role, kinds={"certification"})
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

    def _pay_facts(self, q: Question, place: str) -> list[tuple[Fact, Document]]:
        """The best-matching pay facts for one place: same tier of place, role and level fit."""
        geo = gazetteer()
        q_level = _effective_level(q.level, q.role)
        scored: list[tuple[tuple, Fact, Document]] = []
        candidates = self.retriever.pay_facts(place)
        country = geo.country(place) if place else ""
        if place and country != place:
            candidates = candidates + [fd for fd in self.retriever.pay_facts(country) if fd[0].location == country]
        for fact, doc in candidates:
            if place:
                where = 3 if fact.location == place else 1 if fact.location == country else 2
            else:
                where = 0
            f_role = _role_of(fact.role)
            if q.role:
                fit = q.role.similarity(f_role) if f_role else 0.4
                if fit < 0.5:
                    continue
            else:
                fit = 1.0 if f_role is None or "ml" in f_role.fields else 0.6
            f_level = _effective_level(fact.level, f_role)
            if q_level:
                level = level_match(q_level, f_level)
                if level == 0:
                    continue
            else:
                level = 1.0 if not f_level else 0.5
            tier = (where, round(fit, 1), level)
            scored.append((tier, fact, doc))
        if not scored:
            return []
        if any(s[0][0] > 1 for s in scored):  # a city's country only when nothing in the city itself
            scored = [s for s in scored if s[0][0] != 1]
        best = max(s[0][1:] for s in scored)
        chosen = [s for s in scored if s[0][1:] == best]
        chosen.sort(key=lambda s: (-s[0][0], s[2].metadata.get("doc_id"), s[2].metadata.get("position", 0)))
        seen: set[tuple] = set()
        out: list[tuple[Fact, Document]] = []
        for _, fact, doc in chosen:
            key = (fact.source, fact.currency, fact.low, fact.high)
            if key not in seen:
                seen.add(key)
                out.append((fact, doc))
        out.sort(key=lambda fd: fd[0].projected != q.projected)
        return out[:MAX_FACTS_PER_PLACE]

    def _pay_lines(self, q: Question, place: str, found: list[tuple[Fact, Document]], cited: _Cited) -> list[str]:
        lines = [f"**{place}**" if place and (len(q.places) > 1 or q.compare) else ""]
        for fact, doc in found:
            n = cited.mark(doc, fact.quote)
            label = fact.label if STAT_LABEL.search(fact.label) and not gazetteer().find(fact.label) else ""
            details = [x for x in (label, "projected" if fact.projected else "") if x]
            period = " a month" if fact.period == "month" else " a year" if fact.period == "year" else ""
            where = f" in {fact.location}" if fact.location else ""
            level = f" ({fact.level})" if fact.level and fact.level not in fact.role.lower() else ""
            extra = f" — {', '.join(details)}" if details else ""
            lines.append(f"- {fact.role or 'ML roles'}{where}{level}: {fact.text}{period}{extra} [{n}]")
        return [x for x in lines if x]

    def _sentence_lines(
        self,
        q: Question,
        vector,
        passages: list[Passage],
        cited: _Cited,
        *,
        limit: int,
        skills_only: bool = False,
        must: Callable[[str], bool] | None = None,
    ) -> list[str]:
        if CERT_QUESTION.search(q.normalized) and q.role:
            lines = self._certification_lines(q, cited)
            if lines:
                return lines
        ranked: list[Sentence] = self.retriever.sentences(q.normalized, vector, passages)
        if q.skills:
            ranked = _prefer_skills(q, ranked, skills_only)
        if must is not None:
            ranked = [s for s in ranked if must(s.text)]
        if not ranked or ranked[0].score < MIN_SENTENCE_SCORE:
            return []
        chosen = [ranked[0]]
        for s in ranked[1:]:
            if len(chosen) >= limit or s.score < ranked[0].score - SECOND_SENTENCE_MARGIN:
                break
            informative = FIGURE.search(s.text) or skill_pattern().search(s.text)
            if informative and s.text not in chosen[0].text and chosen[0].text not in s.text:
                chosen.append(s)
        lines = []
        for s in chosen:
            n = cited.mark(s.passage.doc, s.text)
            lines.append(f"{s.text.lstrip('- ')} [{n}]")
        return lines


def _states_pay_for(q: Question, sentence: str) -> bool:
    """A sentence that may answer a pay question no fact covers: a figure, the place, and the role."""
    geo = gazetteer()
    named = geo.find(sentence)
    if not FIGURE.search(sentence) or not all(any(geo.within(p, asked) for p in named) for asked in q.places):
        return False
    if q.role and q.role.fields:
        found = _role_of(sentence)
        return bool(found and q.role.similarity(found) >= 0.5)
    return True


def _most_cited(
    found: dict[str, list[tuple[Fact, Document]]], role: Role | None = None
) -> list[tuple[str, list[tuple[Fact, Document]]]]:
    """Skills ordered by how many articles name them, each article weighted by how well its role fits."""

    def weight(hits: list[tuple[Fact, Document]]) -> float:
        best: dict[str, float] = {}
        for fact, _ in hits:
            f_role = _role_of(fact.role)
            fit = role.similarity(f_role) if role and f_role else 0.5 if role else 1.0
            best[fact.source] = max(best.get(fact.source, 0.0), fit**3)  # articles about the role count most
        return sum(best.values())

    return sorted(found.items(), key=lambda kv: (-weight(kv[1]), -len(kv[1]), kv[0]))


def _prefer_skills(q: Question, ranked: list[Sentence], skills_only: bool) -> list[Sentence]:
    """For skill questions, favour sentences naming skills (or certifications, when asked for)."""
    if CERT_QUESTION.search(q.normalized):
        certs = [s for s in ranked if any(f.kind == "certification" and f.name in s.text for f in s.passage.facts)]
        if certs:
            return certs
    pattern = skill_pattern()
    rescored = []
    for s in ranked:
        if skills_only and find_money(s.text):
            continue
        n = len(set(pattern.findall(s.text)))
        bonus = 0.08 * min(n, 4) if n else -0.1
        rescored.append(Sentence(text=s.text, passage=s.passage, score=s.score + bonus))
    return sorted(rescored, key=lambda s: -s.score)


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
