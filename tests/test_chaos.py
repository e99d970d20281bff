"""Faults on real components: ingests SIGKILLed at each step of a write while other processes answer,
and a Chroma server stopped and restarted under a running bot."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from ingest.pipeline import ingest_paths
from ingest.settings import Settings
from ingest.store import Store
from tests.conftest import CORPUS, ROOT

pytestmark = pytest.mark.slow

MAKE_CORPUS = ROOT.parent / "shared" / "bench" / "make_corpus.py"
SYNTHETIC = 120
LEAD = "ml-lead-united-states-2026"
QUESTION = "What is the projected compensation for a Machine Learning Lead in the United States?"


def lead_figure(revision: int) -> str:
    return f"${175_169 + 1_000 * revision:,}"


class Corpus:
    """The shipped articles plus synthetic ones cut to two chunks each, rewritten whole per revision."""

    def __init__(self, folder: Path, synthetic: int) -> None:
        if not MAKE_CORPUS.exists():
            pytest.skip(f"{MAKE_CORPUS} not present")
        subprocess.run(
            [sys.executable, str(MAKE_CORPUS), str(synthetic), str(folder), "--seed", "5"],
            check=True,
            capture_output=True,
        )
        for path in CORPUS.iterdir():
            (folder / path.name).write_bytes(path.read_bytes())
        self.folder = folder
        self.base = {p: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}
        self.doc_ids = sorted(p.stem for p in self.base)

    def revise(self, revision: int) -> None:
        for path, text in self.base.items():
            if path.stem == LEAD:
                text = text.replace("$175,169", lead_figure(revision))
            elif path.stem.startswith("synthetic-"):
                lines = text.splitlines()[:4]
                lines[-1] += f" Revision {revision}."
                text = "\n".join(lines) + "\n"
            path.write_text(text, encoding="utf-8")


def env_for(settings: Settings) -> dict[str, str]:
    return {**os.environ, "CORPUS_DIR": str(settings.corpus_dir), "CHROMA_PATH": str(settings.chroma_path)}


class Reader:
    """`python -m tests.chaos_procs read`: another process answering in a loop; its JSON lines collected."""

    def __init__(self, settings: Settings) -> None:
        import json

        self.records: list[dict] = []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.chaos_procs", "read", QUESTION],
            env=env_for(settings),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )

        def collect() -> None:
            for line in self.proc.stdout:  # type: ignore[union-attr]
                self.records.append(json.loads(line))

        self.thread = threading.Thread(target=collect, daemon=True)
        self.thread.start()

    def wait_for(self, predicate, timeout: float = 60.0) -> dict:
        deadline = time.monotonic() + timeout
        seen = 0
        while time.monotonic() < deadline and self.proc.poll() is None:
            for record in self.records[seen:]:
                if predicate(record):
                    return record
            seen = len(self.records)
            time.sleep(0.05)
        raise AssertionError(f"reader never produced a matching record; last: {self.records[-3:]}")

    def stop(self) -> list[dict]:
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=30)
        self.thread.join(timeout=5)
        return self.records


def killed_ingest(settings: Settings, step: str) -> int:
    """Run an ingest that dies at `step` (or, for "timed", is SIGKILLed from outside mid-run)."""
    if step == "timed":
        proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "ingest"], env=env_for(settings), cwd=ROOT)
        time.sleep(4.0)
        proc.kill()
    else:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.chaos_procs", "ingest", step], env=env_for(settings), cwd=ROOT
        )
    return proc.wait(timeout=180)


def test_sigkilled_ingests_never_show_a_reader_half_an_article(tmp_path: Path, embeddings) -> None:
    corpus = Corpus(tmp_path / "corpus", SYNTHETIC)
    settings = Settings(_env_file=None, corpus_dir=corpus.folder, chroma_path=tmp_path / "store" / "chroma")
    corpus.revise(0)
    ingest_paths([corpus.folder], settings, Store(settings, embeddings=embeddings))
    reader = Reader(settings)
    reader.wait_for(lambda r: lead_figure(0) in r.get("figures", []))

    steps = ["timed", "chunks", "delete", "switch"]
    for revision, step in enumerate(steps, start=1):
        corpus.revise(revision)
        assert killed_ingest(settings, step) == -signal.SIGKILL, step
    last = len(steps)
    report = ingest_paths([corpus.folder], settings, Store(settings, embeddings=embeddings))
    reader.wait_for(lambda r: r.get("figures") == [lead_figure(last)])
    records = reader.stop()

    listed = report.added + report.updated + report.unchanged
    assert sorted(listed) == corpus.doc_ids and not report.failed  # each article listed once
    store = Store(settings, embeddings=embeddings)
    manifest = store.manifest()
    assert sorted(manifest) == corpus.doc_ids
    _, texts, metas = store.active_chunks()
    counts = Counter(m["doc_id"] for m in metas)
    assert all(counts[d] == m["chunks"] for d, m in manifest.items())
    assert len(store.chunks.get(include=[])["ids"]) == sum(m["chunks"] for m in manifest.values())  # no orphans
    synthetic = [t for t, m in zip(texts, metas, strict=True) if m["doc_id"].startswith("synthetic-")]
    assert sum(f"Revision {last}." in t for t in synthetic) == SYNTHETIC

    assert len(records) >= 20
    assert not [r for r in records if "error" in r]
    allowed = {lead_figure(r) for r in range(last + 1)}
    assert all(r["figures"] and set(r["figures"]) <= allowed and r["grounded"] for r in records)
    checked = [r for r in records if "partial" in r]
    assert len(checked) >= 10 and not [r for r in checked if r["partial"]]
    assert all(r["docs"] == len(corpus.doc_ids) for r in checked)
