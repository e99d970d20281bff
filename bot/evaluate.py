"""Score answers against an eval file (format in DESIGN.md): facts, citations, refusals, grounding."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bot.answer import Answer, Answerer, grounded

if TYPE_CHECKING:
    from bot.writer import Writer


@dataclass
class Scored:
    """One eval item with its answer and verdicts."""

    item: dict
    answer: Answer
    fact_ok: bool | None = None
    citation_ok: bool | None = None
    refusal_ok: bool | None = None
    grounded: bool | None = None
    wrong: bool = False

    @property
    def ok(self) -> bool:
        """Right facts, cited, nothing misattributed; or a refusal where one was expected."""
        if self.item.get("expect_refusal"):
            return bool(self.refusal_ok)
        return bool(self.fact_ok and self.citation_ok)


@dataclass
class EvalReport:
    """Per-question verdicts and the metrics DESIGN.md asks for."""

    scored: list[Scored] = field(default_factory=list)
    llm: bool = False

    def metrics(self) -> dict[str, float]:
        """Fact and citation accuracy, refusal accuracy, false-refusal rate, grounding."""
        answerable = [s for s in self.scored if not s.item.get("expect_refusal")]
        refusals = [s for s in self.scored if s.item.get("expect_refusal")]
        answered = [s for s in self.scored if not s.answer.refused]

        return {
            "questions": len(self.scored),
            "fact_accuracy": _share(answerable, lambda s: s.fact_ok),
            "citation_accuracy": _share(answerable, lambda s: s.citation_ok),
            "refusal_accuracy": _share(refusals, lambda s: s.refusal_ok),
            "false_refusal_rate": _share(answerable, lambda s: s.answer.refused),
            "wrong": _share(answerable, lambda s: s.wrong),
            "grounding": _share(answered, lambda s: s.grounded),
        } | ({"llm_used": _share(self.scored, lambda s: s.answer.writer != "extractive")} if self.llm else {})

    def fallbacks(self) -> dict[str, int]:
        """How often the LLM answer was not used, by reason, most common first."""
        return dict(Counter(s.answer.fallback for s in self.scored if s.answer.fallback).most_common())

    def by_kind(self) -> dict[str, dict[str, float]]:
        """Share of correct answers (right facts, or a right refusal) per question kind."""
        kinds: dict[str, list[Scored]] = {}
        for s in self.scored:
            kinds.setdefault(str(s.item.get("kind", "other")), []).append(s)
        return {k: {"n": len(v), "ok": _share(v, lambda s: s.ok)} for k, v in sorted(kinds.items())}


def _share(items: list[Scored], ok) -> float:
    return round(sum(1 for s in items if ok(s)) / len(items), 3) if items else 1.0


def load_items(path: Path) -> list[dict]:
    """Eval items, one JSON object per non-blank line."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def score(item: dict, answer: Answer, chunk_texts: dict[str, str] | None = None) -> Scored:
    """Judge one answer against its eval item."""
    s = Scored(item=item, answer=answer)
    if item.get("expect_refusal"):
        s.refusal_ok = answer.refused
    else:
        text = answer.answer.lower()
        s.wrong = not answer.refused and any(bad.lower() in text for bad in item.get("answer_must_not_include", []))
        s.fact_ok = (
            not answer.refused
            and not s.wrong
            and all(any(alt.lower() in text for alt in group) for group in item.get("answer_must_include", []))
        )
        s.citation_ok = not answer.refused and bool({c.source for c in answer.citations} & set(item.get("sources", [])))
    if not answer.refused:
        s.grounded = grounded(answer, chunk_texts)
    return s


def run_eval(path: Path, answerer: Answerer, writer: Writer | None = None) -> EvalReport:
    """Answer every question of an eval file (through the LLM writer when one is given) and score it."""
    scored = []
    for item in load_items(path):
        answer = answerer.answer(item["question"])
        scored.append(score(item, writer.write(answer) if writer else answer))
    return EvalReport(scored, llm=writer is not None)
