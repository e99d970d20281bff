"""Ingest throughput against the raw encoder, and the unchanged re-ingest time.

    python bench/ingest.py [--synthetic 2000]

Prints chunks/s of `careerbot ingest` for the shipped corpus and for N synthetic articles
(../shared/bench/make_corpus.py), next to `SentenceTransformer.encode` on the same chunk texts in
the same run, and the wall time of re-ingesting the unchanged synthetic corpus in a fresh process.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import chromadb  # noqa: E402,F401  (imported once per process, not per ingest)

from ingest.pipeline import ingest_paths  # noqa: E402
from ingest.settings import Settings  # noqa: E402
from ingest.store import Store, load_embeddings  # noqa: E402

MAKE_CORPUS = ROOT.parent / "shared" / "bench" / "make_corpus.py"


def measure(corpus: Path, workdir: Path, embeddings, encoder) -> tuple[float, float, int]:
    """Ingest seconds, raw-encode seconds on the same texts, and the chunk count."""
    settings = Settings(_env_file=None, corpus_dir=corpus, chroma_path=workdir / "chroma")
    store = Store(settings, embeddings=embeddings)
    started = time.perf_counter()
    report = ingest_paths([corpus], settings, store)
    ingest_s = time.perf_counter() - started
    ids, texts, metas = store.active_chunks()
    from ingest.chunking import embed_text

    embedded = [embed_text(m["title"], m["section"], t) for t, m in zip(texts, metas, strict=True)]
    started = time.perf_counter()
    encoder.encode(embedded, batch_size=64, normalize_embeddings=True)
    encode_s = time.perf_counter() - started
    assert report.chunks_written == len(ids)
    return ingest_s, encode_s, len(ids)


def reingest_seconds(corpus: Path, workdir: Path) -> str:
    """Unchanged re-ingest in a fresh `careerbot ingest` process (includes interpreter start)."""
    env = {"CORPUS_DIR": str(corpus), "CHROMA_PATH": str(workdir / "chroma"), "PATH": "/usr/bin:/bin"}
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "bot.cli", "ingest"], env=env, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    return f"{wall:.2f}s wall ({out.stdout.strip().splitlines()[-1]})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--synthetic", type=int, default=2000)
    args = parser.parse_args()
    from sentence_transformers import SentenceTransformer

    from ingest.store import resolve_model_path

    settings = Settings(_env_file=None)
    embeddings = load_embeddings(settings)  # what the pipeline uses (ONNX export of the model)
    encoder = SentenceTransformer(resolve_model_path(settings.embed_model), device="cpu")  # the raw baseline
    embeddings.embed_documents(["warm up"])
    encoder.encode(["warm up"])
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        rows = [("shipped corpus", ROOT / "corpus", tmp_path / "shipped")]
        if args.synthetic:
            synthetic = tmp_path / "synthetic"
            subprocess.run(
                [sys.executable, str(MAKE_CORPUS), str(args.synthetic), str(synthetic)], check=True, capture_output=True
            )
            rows.append((f"{args.synthetic} synthetic", synthetic, tmp_path / "synthetic-store"))
        print(f"{'corpus':18} {'chunks':>7} {'ingest s':>9} {'chunks/s':>9} {'encode s':>9} {'raw/s':>8} {'ratio':>6}")
        for name, corpus, work in rows:
            ingest_s, encode_s, n = measure(corpus, work, embeddings, encoder)
            print(
                f"{name:18} {n:7d} {ingest_s:9.1f} {n / ingest_s:9.1f} {encode_s:9.1f} {n / encode_s:8.1f} "
                f"{encode_s / ingest_s:6.2f}"
            )
        name, corpus, work = rows[-1]
        print(f"unchanged re-ingest of {name}: {reingest_seconds(corpus, work)}")
        shutil.rmtree(tmp_path, ignore_errors=True)


if __name__ == "__main__":
    main()
