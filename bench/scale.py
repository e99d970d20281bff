"""Start-up, memory, latency and re-ingest as the store grows: the shipped corpus, then + N synthetic articles.

    python bench/scale.py [--synthetic 5000] [--work DIR] [--repeat 3] [--skip-build]

Builds (or reuses, under --work) one store of the shipped corpus and one of the corpus plus N
articles from ../shared/bench/make_corpus.py, then for each prints: chunks; cold start to first
answer (a fresh `careerbot ask` process) and that process's peak RSS; warm p50/p95 of
`Answerer.answer` over the dev questions; unchanged re-ingest wall time (a fresh `careerbot ingest`
process); ingest chunks/s when this run built the store, and the raw encoder
(`SentenceTransformer.encode`) on a sample of the same chunk texts, to compare with it; and the cost of writing the
search index from scratch (every chunk read from Chroma) against an update that reuses it.
Timings repeat --repeat times and the median is shown (other work shares the CPUs). The 5,000-article
ingest takes minutes: keep --work and it is built once. Run it from an exported tree of another
commit (`git archive`) to measure that commit on the same stores.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.answer import DEV, SHARED  # noqa: E402
from bot.answer import Answerer  # noqa: E402
from bot.evaluate import load_items  # noqa: E402
from ingest.settings import Settings  # noqa: E402
from ingest.store import Store, load_embeddings  # noqa: E402

MAKE_CORPUS = SHARED / "bench" / "make_corpus.py"
RAW_SAMPLE = 2000


def environment(settings: Settings) -> dict[str, str]:
    return {
        **os.environ,
        "CORPUS_DIR": str(settings.corpus_dir),
        "CHROMA_PATH": str(settings.chroma_path),
        "LOG_LEVEL": "WARNING",
    }


def cold_start(settings: Settings, question: str) -> tuple[float, float]:
    """A fresh `careerbot ask` process: seconds to its answer and its peak RSS in MB.

    The RSS comes from GNU time, whose own small process forks the child: a child forked from this
    (large) process would report this process's size as its peak.
    """
    with tempfile.NamedTemporaryFile("r") as rss:
        started = time.perf_counter()
        proc = subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", rss.name, sys.executable, "-m", "bot.cli", "ask", question, "--json"],
            cwd=ROOT,
            env=environment(settings),
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - started
        peak_kb = int(rss.read().split()[-1])
    answer = json.loads(proc.stdout.splitlines()[-1])
    if proc.returncode or answer["refused"]:
        raise SystemExit(f"cold start failed or refused: {answer}")
    return wall, peak_kb / 1024


def reingest(settings: Settings, paths: list[Path]) -> tuple[float, str]:
    """Wall seconds of an unchanged re-ingest in a fresh `careerbot ingest` process."""
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ingest", *map(str, paths)],
        cwd=ROOT,
        env=environment(settings),
        capture_output=True,
        text=True,
    )
    if proc.returncode:
        raise SystemExit(proc.stderr)
    return time.perf_counter() - started, proc.stdout.strip().splitlines()[-1]


def warm(settings: Settings, embeddings) -> tuple[float, float]:
    """p50 and p95 ms of answering each dev question in a warm process (second pass)."""
    items = load_items(DEV)
    answerer = Answerer(settings, Store(settings, embeddings=embeddings))
    for item in items:
        answerer.answer(item["question"])
    times = []
    for item in items:
        started = time.perf_counter()
        answerer.answer(item["question"])
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), statistics.quantiles(times, n=20, method="inclusive")[18]


def raw_encoder_rate(store: Store) -> float:
    """Chunks/s of `SentenceTransformer.encode` on a sample of the store's chunk texts (embed texts)."""
    from sentence_transformers import SentenceTransformer

    from ingest.chunking import embed_text
    from ingest.store import resolve_model_path

    got = store.chunks.get(limit=RAW_SAMPLE, include=["documents", "metadatas"])
    texts = [embed_text(m["title"], m["section"], t) for t, m in zip(got["documents"], got["metadatas"], strict=True)]
    encoder = SentenceTransformer(resolve_model_path(store.settings.embed_model), device="cpu")
    encoder.encode(texts[:64])
    started = time.perf_counter()
    encoder.encode(texts, batch_size=64, normalize_embeddings=True)
    return len(texts) / (time.perf_counter() - started)


def build(settings: Settings, paths: list[Path], embeddings) -> float | None:
    """Ingest into an empty store; chunks/s, or None when the store was already built."""
    store = Store(settings, embeddings=embeddings)
    if store.manifest():
        return None
    from ingest.pipeline import ingest_paths

    report = ingest_paths(paths, settings, store)
    return report.chunks_written / report.seconds


def index_costs(settings: Settings, embeddings) -> str:
    """Seconds to write the search index from scratch vs. to update it reusing every row (new code only)."""
    if not hasattr(settings, "index_dir"):
        return "n/a (no persisted index in this commit)"
    from ingest.search_index import publish

    store = Store(settings, embeddings=embeddings)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        publish(store, Path(tmp))
        full = time.perf_counter() - started
    store._bump_generation()  # as after a write: the snapshot is behind, every document still current
    started = time.perf_counter()
    publish(store, settings.index_dir)
    update = time.perf_counter() - started
    return f"full build {full:.1f} s, update reusing every row {update:.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--synthetic", type=int, default=5000)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "careerbot-scale")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-shipped", action="store_true", help="measure only the synthetic-articles store")
    args = parser.parse_args()
    embeddings = load_embeddings(Settings(_env_file=None))
    corpus = ROOT / "corpus"
    synthetic = args.work / f"synthetic-{args.synthetic}"
    if args.synthetic and not synthetic.exists():
        subprocess.run([sys.executable, str(MAKE_CORPUS), str(args.synthetic), str(synthetic)], check=True)
    stores = [] if args.skip_shipped else [("shipped corpus", args.work / "shipped", [corpus])]
    if args.synthetic:
        stores.append((f"+{args.synthetic} articles", args.work / f"plus-{args.synthetic}", [corpus, synthetic]))
    question = load_items(DEV)[0]["question"]
    header = (
        f"{'store':18} {'chunks':>7} {'cold s':>7} {'RSS MB':>7} {'p50 ms':>7} {'p95 ms':>7} {'reingest s':>10} "
        f"{'ingest/s':>9} {'raw/s':>7}"
    )
    rows = []
    for name, work, paths in stores:
        settings = Settings(_env_file=None, corpus_dir=corpus, chroma_path=work / "chroma")
        rate = build(settings, paths, embeddings)
        store = Store(settings, embeddings=embeddings)
        chunks = sum(int(m.get("chunks", 0)) for m in store.manifest().values())
        raw = raw_encoder_rate(store)
        reingest(settings, paths)  # brings a store built by another commit in line (index written once)
        print(f"{name}: index {index_costs(settings, embeddings)}", flush=True)
        cold = [cold_start(settings, question) for _ in range(args.repeat)]
        latencies = [warm(settings, embeddings) for _ in range(args.repeat)]
        again = [reingest(settings, paths)[0] for _ in range(args.repeat)]
        rows.append(
            f"{name:18} {chunks:7d} {statistics.median(c for c, _ in cold):7.2f} "
            f"{statistics.median(r for _, r in cold):7.0f} {statistics.median(p for p, _ in latencies):7.1f} "
            f"{statistics.median(p for _, p in latencies):7.1f} {statistics.median(again):10.2f} "
            f"{f'{rate:.1f}' if rate else '-':>9} {raw:7.1f}"
        )
        print(header, *rows, sep="\n", flush=True)


if __name__ == "__main__":
    main()
