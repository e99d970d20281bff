"""Choose the chunk size by measurement: context recall and answer metrics on dev.jsonl per size.

    python bench/chunking.py [--sizes 400 700 1000 1500]

Context recall@k: share of answerable dev questions whose every required answer string is inside
the top-k retrieved chunks (hybrid search, k=6; and dense-only top-4, the textbook setup).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.answer import Answerer  # noqa: E402
from bot.evaluate import EvalReport, load_items, score  # noqa: E402
from ingest.pipeline import ingest_paths  # noqa: E402
from ingest.settings import Settings  # noqa: E402
from ingest.store import Store, load_embeddings  # noqa: E402

DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"


def recall(items: list[dict], texts_for) -> float:
    hits = 0
    for item in items:
        text = texts_for(item["question"]).lower()
        hits += all(any(alt.lower() in text for alt in group) for group in item["answer_must_include"])
    return hits / len(items)


def hybrid(retriever, question: str) -> str:
    vector = retriever.embed_query(question)
    return "\n".join(p.doc.page_content for p in retriever.search(question, vector, k=6))


def dense(store: Store, question: str) -> str:
    got = store.chunks.query(query_embeddings=[store.embeddings.embed_query(question)], n_results=4)
    return "\n".join(got["documents"][0])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[400, 700, 1000, 1500])
    args = parser.parse_args()
    items = load_items(DEV)
    answerable = [i for i in items if not i.get("expect_refusal")]
    embeddings = load_embeddings(Settings(_env_file=None))
    print(f"{'size':>5} {'chunks':>7} {'hybrid@6':>9} {'dense@4':>8} {'fact acc':>9} {'cite acc':>9}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(
                _env_file=None,
                corpus_dir=ROOT / "corpus",
                chroma_path=Path(tmp) / "chroma",
                chunk_size=size,
                chunk_overlap=size // 7,
            )
            store = Store(settings, embeddings=embeddings)
            report = ingest_paths([settings.corpus_dir], settings, store)
            answerer = Answerer(settings, store)
            hybrid_recall = recall(answerable, partial(hybrid, answerer.retriever))
            dense_recall = recall(answerable, partial(dense, store))
            metrics = EvalReport([score(i, answerer.answer(i["question"])) for i in items]).metrics()
            print(
                f"{size:5d} {report.chunks_written:7d} {hybrid_recall:9.2f} {dense_recall:8.2f} "
                f"{metrics['fact_accuracy']:9.2f} {metrics['citation_accuracy']:9.2f}"
            )


if __name__ == "__main__":
    main()
