"""Answer latency: cold start to first answer, warm p50/p95 over dev.jsonl, with and without 2,000 extra articles.

    python bench/answer.py [--synthetic 2000]

Cold start is a fresh `careerbot ask` process (interpreter, imports, model load, store open) on a
built store. Warm latencies are `Answerer.answer` per question after one warm-up question, over one
pass of the dev questions (sentence-embedding cache cold) and a second pass (cache warm). With the
synthetic articles added, the dev set is scored again: its answers must stay correct among them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.answer import Answerer  # noqa: E402
from bot.evaluate import EvalReport, load_items, score  # noqa: E402
from bot.question import parse  # noqa: E402
from ingest.pipeline import ingest_paths  # noqa: E402
from ingest.settings import Settings  # noqa: E402
from ingest.store import Store, load_embeddings  # noqa: E402

SHARED = ROOT.parent / "shared"
DEV = SHARED / "eval" / "dev.jsonl"
PARAPHRASE = SHARED / "eval" / "paraphrase.jsonl"


def cold_start(settings: Settings, question: str) -> float:
    env = {**os.environ, "CORPUS_DIR": str(settings.corpus_dir), "CHROMA_PATH": str(settings.chroma_path)}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "bot.cli", "ask", question, "--json"], env=env, cwd=ROOT, check=True, capture_output=True
    )
    return time.perf_counter() - started


def percentiles(samples: list[float]) -> str:
    q = statistics.quantiles(samples, n=20, method="inclusive")
    return f"p50 {statistics.median(samples):6.1f} ms   p95 {q[18]:6.1f} ms   max {max(samples):6.1f} ms"


def warm(settings: Settings, embeddings, label: str) -> None:
    items = load_items(DEV)
    answerer = Answerer(settings, Store(settings, embeddings=embeddings))
    answerer.answer(items[0]["question"])
    for round_name in ("first pass", "second pass"):
        times, scored = [], []
        for item in items:
            started = time.perf_counter()
            answer = answerer.answer(item["question"])
            times.append((time.perf_counter() - started) * 1000)
            scored.append(score(item, answer))
        print(f"  warm, {label}, {round_name}: {percentiles(times)}")
    print(f"  dev metrics, {label}: {EvalReport(scored).metrics()}")
    # Questions of several parts embed and search each part too: timed on their own.
    several = [i["question"] for i in load_items(PARAPHRASE) if parse(i["question"]).parts]
    times = []
    for question in several:
        started = time.perf_counter()
        answerer.answer(question)
        times.append((time.perf_counter() - started) * 1000)
    print(f"  warm, {label}, {len(several)} questions of several parts: {percentiles(times)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--synthetic", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        settings = Settings(_env_file=None, corpus_dir=ROOT / "corpus", chroma_path=tmp_path / "chroma")
        embeddings = load_embeddings(settings)
        ingest_paths([settings.corpus_dir], settings, Store(settings, embeddings=embeddings))
        question = load_items(DEV)[0]["question"]
        print(f"cold start to first answer (shipped corpus): {cold_start(settings, question):.2f} s")
        warm(settings, embeddings, "shipped corpus")
        if args.synthetic:
            synthetic = tmp_path / "synthetic"
            subprocess.run(
                [sys.executable, str(SHARED / "bench" / "make_corpus.py"), str(args.synthetic), str(synthetic)],
                check=True,
                capture_output=True,
            )
            ingest_paths([synthetic], settings, Store(settings, embeddings=embeddings))
            print(f"cold start to first answer (+{args.synthetic} synthetic): {cold_start(settings, question):.2f} s")
            warm(settings, embeddings, f"+{args.synthetic} synthetic")


if __name__ == "__main__":
    main()
