"""The search index persisted at ingest: used at start, followed across processes, and safe to lose."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bot.answer import Answerer
from bot.chunk_index import MemoryIndex, PersistedIndex
from bot.retrieval import Retriever
from ingest import search_index
from ingest.pipeline import ingest_paths
from ingest.settings import Settings
from ingest.store import Store

pytestmark = pytest.mark.slow

ARTICLES = Path(__file__).resolve().parent / "articles"
QUESTIONS = [
    "How much does a machine learning engineer make in the Philippines per year?",
    "Compare ML lead compensation in Singapore and the United States.",
    "What is the projected compensation for a Machine Learning Lead in the United States?",
    "What do senior MLOps engineers earn?",
    "Which skills matter most for ML engineers in Asia?",
    "How much do ML engineers earn in Tokyo?",
]
PLACES = ["", "Singapore", "United States", "Philippines", "Asia", "South Korea"]


def fresh_retriever(settings: Settings, embeddings) -> Retriever:
    """A retriever as a newly started process has it: its own Store, nothing loaded."""
    return Retriever(Store(settings, embeddings=embeddings))


def rebuilt(settings: Settings, embeddings) -> Retriever:
    """A retriever forced onto the rebuild-from-Chroma path."""
    retriever = fresh_retriever(settings, embeddings)
    retriever._generation = retriever.store.generation()
    retriever._index = MemoryIndex(retriever.store)
    return retriever


def snapshot_of(retriever: Retriever) -> dict:
    """Everything a caller can observe of the lexical index, facts and rankings."""
    out: dict = {"vocabulary": retriever.vocabulary, "idf": retriever.idf}
    for place in PLACES:
        out[f"pay {place}"] = [(f.model_dump(), d.id, d.metadata["title"]) for f, d in retriever.pay_facts(place)]
    out["skills"] = [(f.model_dump(), d.id) for group in retriever.skill_facts().values() for f, d in group]
    for q in QUESTIONS:
        vector = retriever.embed_query(q)
        passages = retriever.search(q, vector)
        out[q] = [
            (p.chunk_id, round(p.score, 9), p.doc.page_content, [f.model_dump() for f in p.facts]) for p in passages
        ]
        for place in PLACES:
            out[f"best {place} {q}"] = [(f.model_dump(), d.id) for f, d in retriever.best_pay_facts(q, place, 5)]
        scores = retriever._lexical_scores(q)
        out[f"bm25 {q}"] = None if scores is None else np.round(scores, 6).tolist()
        out[f"sentences {q}"] = [
            (s.text, s.header, np.round(s.vector, 4).tolist())
            for p in passages
            for s in retriever.sentence_vectors(p.doc)
        ]
    return out


def answers_of(settings: Settings, store: Store, retriever: Retriever) -> list[tuple]:
    answerer = Answerer(settings, store, retriever)
    return [
        (a.answer, a.refused, [c.model_dump() for c in a.citations], a.facts) for a in map(answerer.answer, QUESTIONS)
    ]


def test_ingest_writes_the_index_and_a_warm_start_reads_no_chunk(
    settings: Settings, store: Store, embeddings, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest_paths([settings.corpus_dir], settings, store)
    assert (settings.index_dir / search_index.CURRENT).is_file()

    def forbidden(self):
        raise AssertionError("a warm start must not read every chunk")

    monkeypatch.setattr(Store, "active_chunks", forbidden)
    retriever = fresh_retriever(settings, embeddings)
    assert not retriever.empty and retriever.persisted
    answer = Answerer(settings, retriever.store, retriever).answer(QUESTIONS[2])
    assert "$175,169" in answer.answer and answer.citations
    assert retriever.chunk_text(answer.citations[0].chunk_id)


def test_results_are_identical_with_and_without_the_persisted_index(
    settings: Settings, store: Store, embeddings
) -> None:
    ingest_paths([settings.corpus_dir], settings, store)
    persisted = fresh_retriever(settings, embeddings)
    assert persisted.persisted
    memory = rebuilt(settings, embeddings)
    assert snapshot_of(persisted) == snapshot_of(memory)
    assert answers_of(settings, store, persisted) == answers_of(settings, store, memory)

    # After an incremental update (one article changed, one added) they still agree.
    path = settings.corpus_dir / "ml-lead-united-states-2026.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("$175,169", "$181,818"), encoding="utf-8")
    shutil.copy(ARTICLES / "mlops-ladder-sao-paulo.txt", settings.corpus_dir)
    ingest_paths([settings.corpus_dir], settings, store)
    persisted, memory = fresh_retriever(settings, embeddings), rebuilt(settings, embeddings)
    assert persisted.persisted
    assert snapshot_of(persisted) == snapshot_of(memory)
    assert answers_of(settings, store, persisted) == answers_of(settings, store, memory)


def test_a_cli_ingest_in_another_process_is_seen_by_a_running_retriever(
    settings: Settings, store: Store, embeddings, tmp_path: Path
) -> None:
    ingest_paths([settings.corpus_dir], settings, store)
    retriever = fresh_retriever(settings, embeddings)
    assert retriever.persisted and not retriever.pay_facts("São Paulo")
    env = {**os.environ, "CORPUS_DIR": str(settings.corpus_dir), "CHROMA_PATH": str(settings.chroma_path)}
    proc = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ingest", str(ARTICLES / "mlops-ladder-sao-paulo.txt")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert retriever.refresh() and retriever.persisted
    assert {d.metadata["doc_id"] for _, d in retriever.pay_facts("São Paulo")} == {"mlops-ladder-sao-paulo"}
    proc = subprocess.run(
        [sys.executable, "-m", "bot.cli", "forget", "mlops-ladder-sao-paulo"], capture_output=True, text=True, env=env
    )
    assert proc.returncode == 0, proc.stderr
    assert retriever.refresh() and retriever.persisted and not retriever.pay_facts("São Paulo")


@pytest.mark.parametrize("damage", ["missing", "corrupt", "stale", "half-written"])
def test_a_damaged_index_falls_back_to_the_rebuild_and_says_so(
    damage: str, settings: Settings, store: Store, embeddings, caplog: pytest.LogCaptureFixture
) -> None:
    ingest_paths([settings.corpus_dir], settings, store)
    index_dir = settings.index_dir
    live = index_dir / (index_dir / search_index.CURRENT).read_text().strip()
    if damage == "missing":
        shutil.rmtree(index_dir)
    elif damage == "corrupt":
        (live / "rows.sqlite").write_bytes(b"not a database" * 100)
    elif damage == "stale":
        store._bump_generation()
    else:
        shutil.rmtree(live / "bm25")
    expected = snapshot_of(rebuilt(settings, embeddings))
    with caplog.at_level(logging.WARNING, logger="bot.retrieval"):
        retriever = fresh_retriever(settings, embeddings)
        assert not retriever.empty
    assert not retriever.persisted
    assert "rebuilding it in memory" in caplog.text
    assert snapshot_of(retriever) == expected
    # The next ingest (even with nothing to do) repairs it.
    ingest_paths([settings.corpus_dir], settings, store)
    assert fresh_retriever(settings, embeddings).persisted


def test_a_rebuild_rereads_every_row_of_the_index(settings: Settings, store: Store) -> None:
    """Rows written by an older ingest (other search terms, same article) are not carried over by --rebuild."""
    ingest_paths([settings.corpus_dir], settings, store)

    def rows() -> dict[str, str]:
        live = settings.index_dir / (settings.index_dir / search_index.CURRENT).read_text().strip()
        with sqlite3.connect(live / "rows.sqlite") as db:
            return dict(db.execute("SELECT id, tokens FROM chunks"))

    fresh = rows()
    live = settings.index_dir / (settings.index_dir / search_index.CURRENT).read_text().strip()
    with sqlite3.connect(live / "rows.sqlite") as db:
        db.execute("UPDATE chunks SET tokens = 'stale'")
    store._bump_generation()  # as an ingest by older code would leave it
    ingest_paths([settings.corpus_dir], settings, store)
    assert set(rows().values()) == {"stale"}  # a plain ingest reuses rows of unchanged articles
    ingest_paths([settings.corpus_dir], settings, store, rebuild=True)
    assert rows() == fresh


def test_a_failed_index_write_leaves_the_previous_index_live(
    settings: Settings, store: Store, embeddings, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest_paths([settings.corpus_dir], settings, store)
    index_dir = settings.index_dir
    before = (index_dir / search_index.CURRENT).read_text()

    def killed(tokens):
        raise KeyboardInterrupt  # as if the ingest were stopped while the index was being written

    monkeypatch.setattr(search_index, "build_bm25", killed)
    shutil.copy(ARTICLES / "alpine-ml-pay-by-level.md", settings.corpus_dir)
    with pytest.raises(KeyboardInterrupt):
        ingest_paths([settings.corpus_dir], settings, store)
    assert (index_dir / search_index.CURRENT).read_text() == before
    assert [p.name for p in index_dir.glob("snap-*")] == [before]
    # The store moved on, so readers rebuild in memory (and see the new article) until the next ingest.
    retriever = fresh_retriever(settings, embeddings)
    assert not retriever.persisted and "alpine-ml-pay-by-level" in {d.metadata["doc_id"] for d in retriever.documents()}
    monkeypatch.undo()
    ingest_paths([settings.corpus_dir], settings, store)
    assert isinstance(fresh_retriever(settings, embeddings)._loaded(), PersistedIndex)


def test_replicas_of_a_chroma_server_share_the_index_through_index_path(
    chroma_server, corpus: Path, embeddings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    host, port = chroma_server
    shared = tmp_path / "shared-index"
    writer = Settings(
        _env_file=None, corpus_dir=corpus, chroma_host=host, chroma_port=port, collection="replicas", index_path=shared
    )
    ingest_paths([corpus], writer, Store(writer, embeddings=embeddings))
    assert (shared / search_index.CURRENT).is_file()
    monkeypatch.setattr(Store, "active_chunks", lambda self: pytest.fail("a replica must not read every chunk"))
    replica = fresh_retriever(writer.model_copy(update={"corpus_dir": tmp_path / "elsewhere"}), embeddings)
    assert replica.persisted
    answer = Answerer(writer, replica.store, replica).answer(QUESTIONS[2])
    assert "$175,169" in answer.answer
    monkeypatch.undo()
    alone = writer.model_copy(update={"index_path": None})
    assert alone.index_dir is None and not fresh_retriever(alone, embeddings).persisted
