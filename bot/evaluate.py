"""Score answers against an eval file (format in DESIGN.md): facts, citations, refusals, grounding."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from bot.answer import Answer, Answerer, grounded


@dataclass
class Scored:
    """One eval item with its answer and verdicts."""

    item: dict
    answer: Answer
    fact_ok: bool | None = None
    citation_ok: bool | None = None
    refusal_ok: bool | None = None
    grounded: bool | None = None


@dataclass
class EvalReport:
    """Per-question verdicts and the metrics DESIGN.md asks for."""

    scored: list[Scored] = field(default_factory=list)

    def metrics(self) -> dict[str, float]:
        """Fact and citation accuracy, refusal accuracy, false-refusal rate, grounding."""
        answerable = [s for s in self.scored if not s.item.get("expect_refusal")]
        refusals = [s for s in self.scored if s.item.get("expect_refusal")]
        answered = [s for s in self.scored if not s.answer.refused]

        def share(items: list, ok) -> float:
            return round(sum(1 for s in items if ok(s)) / len(items), 3) if items else 1.0

        return {
            "questions": len(self.scored),
            "fact_accuracy": share(answerable, lambda s: s.fact_ok),
            "citation_accuracy": share(answerable, lambda s: s.citation_ok),
            "refusal_accuracy": share(refusals, lambda s: s.refusal_ok),
            "false_refusal_rate": share(answerable, lambda s: s.answer.refused),
            "grounding": share(answered, lambda s: s.grounded),
        }


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
        s.fact_ok = not answer.refused and all(
            any(alt.lower() in text for alt in group) for group in item.get("answer_must_include", [])
        )
        s.citation_ok = not answer.refused and bool({c.source for c in answer.citations} & set(item.get("sources", [])))
    if not answer.refused:
        s.grounded = grounded(answer, chunk_texts)
    return s


def run_eval(path: Path, answerer: Answerer) -> EvalReport:
    """Answer every question of an eval file and score it."""
    return EvalReport([score(item, answerer.answer(item["question"])) for item in load_items(path)])
