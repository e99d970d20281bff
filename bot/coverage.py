"""Corpus-wide coverage eval: every figure the articles state must be findable.

For each figure-bearing sentence or table row of the ingested articles, a question is made from its
own words with the figures removed; the answer must state one of those figures. No one writes these
questions, so they cannot be tuned to, and they cover every layout that has been ingested.
"""

from __future__ import annotations

import random
import re

from bot.answer import Answerer
from bot.evaluate import EvalReport, score
from bot.retrieval import _candidates
from ingest.money import find_money

SHARE_OR_RATIO = re.compile(r"[+~≈]?\d[\d,.]*\s?(?:[–-]\s?\d[\d,.]*\s?)?(?:%|[x×](?!\w))")
MIN_WORDS = 4  # fewer words left once the figures are gone make no question
CONTEXT_WORDS = 8  # a row or line this short ("Ho Chi Minh City, Vietnam") is asked with its title and section


def stated_figures(text: str) -> list[tuple[int, int]]:
    """Spans of the figures a text states: money, percentages, multipliers."""
    spans = [(m.start, m.end) for m in find_money(text) if m.currency]
    spans += [m.span() for m in SHARE_OR_RATIO.finditer(text)]
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _words(text: str) -> str:
    """One line of words: list markers dropped, cell and clause separators kept as commas."""
    text = re.sub(r"^[-*•]\s", "", text.strip())
    text = re.sub(r"\s*[|–—:;]+\s*", ", ", text)
    return " ".join(text.split()).strip(", ")


def coverage_items(answerer: Answerer, sample: int = 0, seed: int = 0) -> list[dict]:
    """Eval items, one per figure-bearing sentence or row (a random `sample` of them when > 0)."""
    retriever = answerer.retriever
    retriever.refresh()
    items: dict[str, dict] = {}
    for doc, facts in zip(retriever.documents(), retriever.chunk_facts(), strict=True):
        doc_id = str(doc.metadata.get("doc_id", ""))
        lines = [(shown, header) for shown, _, header in _candidates(doc)]
        for fact in facts:  # short lines ("Entry level: $96,000") are facts, not sentences
            header, _, row = fact.quote.rpartition("\n")
            if fact.kind == "salary" and not any(row in shown for shown, _ in lines):
                lines.append((row, header))
        for shown, header in lines:
            spans = stated_figures(shown)
            if not spans:
                continue
            figures = [shown[a:b].strip() for a, b in spans]
            words = shown
            for a, b in reversed(spans):
                words = words[:a] + " " + words[b:]
            question = _words(f"{header} {words}")
            if len(re.findall(r"[^\W\d_]{2,}", question)) < CONTEXT_WORDS:  # "Low end: $157,399" needs its context
                meta = doc.metadata
                question = _words(f"{meta.get('title', '')}: {meta.get('section', '')}: {question}")
            if len(re.findall(r"[^\W\d_]{2,}", question)) < MIN_WORDS or question in items:
                continue
            items[question] = {
                "id": f"cov-{doc_id}-{len(items)}",
                "question": question.rstrip(".") + "?",
                "answer_must_include": [figures],
                "sources": [doc_id],
                "kind": "coverage",
            }
    found = list(items.values())
    if sample and len(found) > sample:
        found = random.Random(seed).sample(found, sample)
    return found


def run_coverage(answerer: Answerer, sample: int = 0, seed: int = 0) -> tuple[EvalReport, float]:
    """The scored items and the share of all their figures the answers state."""
    report = EvalReport()
    stated = total = 0
    for item in coverage_items(answerer, sample, seed):
        answer = answerer.answer(item["question"])
        report.scored.append(score(item, answer))
        figures = item["answer_must_include"][0]
        total += len(figures)
        stated += sum(1 for f in figures if not answer.refused and f.lower() in answer.answer.lower())
    return report, round(stated / total, 3) if total else 1.0
