"""Ingest on the real model and a real Chroma: embedded, and a `chroma run` server."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingest.errors import StoreUnavailable
from ingest.pipeline import ingest_paths
from ingest.settings import Settings
from ingest.store import Store

pytestmark = pytest.mark.slow


def chunk_texts(store: Store, doc_id: str) -> list[str]:
    _, texts, metas = store.active_chunks()
    return [t for t, m in zip(texts, metas, strict=True) if m["doc_id"] == doc_id]


def test_ingest_corpus_is_clean_and_section_aware(settings: Settings, store: Store) -> None:
    report = ingest_paths([settings.corpus_dir], settings, store)
    assert sorted(report.added) == sorted(p.stem for p in settings.corpus_dir.iterdir())
    assert not report.failed
    ids, texts, metas = store.active_chunks()
    assert len(ids) == report.chunks_written > 0
    assert not any(re.search(r"[\u0e00-\u0e7f]", t) for t in texts)
    assert any("Last Updated: April 2026 · Based on 649 data points" in t for t in texts)
    for m in metas:
        assert {"doc_id", "title", "section", "position", "chunk_hash", "doc_hash"} <= m.keys()
    sg = [m for m in metas if m["doc_id"] == "ml-lead-specialist-singapore-2026"]
    assert {m["title"] for m in sg} == {"Market Intelligence: Lead Machine Learning Specialist in Singapore"}
    assert "Market Overview" in {m["section"] for m in sg}
    manifest = store.manifest()
    assert manifest["ml-lead-specialist-singapore-2026"]["as_of"] == "April 2026"


def test_unchanged_reingest_embeds_nothing_and_loads_no_model(settings: Settings, store: Store) -> None:
    ingest_paths([settings.corpus_dir], settings, store)
    fresh = Store(settings)  # no model injected: loading one would show in model_loaded
    report = ingest_paths([settings.corpus_dir], settings, fresh)
    assert len(report.unchanged) == 5 and report.chunks_written == 0
    assert not fresh.model_loaded


def test_changed_article_replaces_exactly_its_chunks(settings: Settings, store: Store) -> None:
    ingest_paths([settings.corpus_dir], settings, store)
    before = len(store.active_chunks()[0])
    path = settings.corpus_dir / "ml-lead-united-states-2026.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("$156,401", "$158,888"), encoding="utf-8")
    report = ingest_paths([settings.corpus_dir], settings, store)
    assert report.updated == ["ml-lead-united-states-2026"] and len(report.unchanged) == 4
    assert 0 < report.chunks_embedded < report.chunks_written  # unchanged passages reuse embeddings
    texts = chunk_texts(store, "ml-lead-united-states-2026")
    assert any("$158,888" in t for t in texts) and not any("$156,401" in t for t in texts)
    all_ids = store.chunks.get(include=[])["ids"]
    assert len(all_ids) == len(set(all_ids)) == before  # no orphans, no duplicates


def test_forget_and_prune(settings: Settings, store: Store) -> None:
    ingest_paths([settings.corpus_dir], settings, store)
    assert store.forget("ml-careers-asia-2026") > 0
    assert "ml-careers-asia-2026" not in store.manifest()
    assert not store.chunks.get(where={"doc_id": "ml-careers-asia-2026"})["ids"]
    ingest_paths([settings.corpus_dir], settings, store)
    (settings.corpus_dir / "ml-careers-asia-2026.txt").unlink()
    kept = ingest_paths([settings.corpus_dir], settings, store)
    assert not kept.removed and "ml-careers-asia-2026" in store.manifest()
    pruned = ingest_paths([settings.corpus_dir], settings, store, prune=True)
    assert pruned.removed == ["ml-careers-asia-2026"]
    assert not store.chunks.get(where={"doc_id": "ml-careers-asia-2026"})["ids"]


def test_bad_files_are_reported_and_the_rest_ingests(settings: Settings, store: Store) -> None:
    (settings.corpus_dir / "empty.txt").write_bytes(b"")
    (settings.corpus_dir / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + os.urandom(2048))
    (settings.corpus_dir / "broken.pdf").write_bytes(b"%PDF-1.7\n%%garbage without objects")
    (settings.corpus_dir / "cp1252.txt").write_bytes("Gehalt 95.000 \x80".encode("latin-1"))
    with (settings.corpus_dir / "huge.md").open("wb") as fh:
        fh.truncate(int(settings.max_file_bytes) + 1)
    report = ingest_paths([settings.corpus_dir], settings, store)
    failed = {f.name: f.reason for f in report.failed}
    assert set(failed) == {"empty.txt", "photo.txt", "broken.pdf", "cp1252.txt", "huge.md"}
    assert "too large" in failed["huge.md"] and "binary" in failed["photo.txt"]
    assert len(report.added) == 5


def test_interrupted_write_keeps_old_version_and_next_run_repairs(
    settings: Settings, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest_paths([settings.corpus_dir], settings, store)
    path = settings.corpus_dir / "ml-lead-specialist-singapore-2026.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("$97,789", "$99,999"), encoding="utf-8")

    real_upsert = store.docs.upsert

    def crash(*args, **kwargs):  # the process dies after the new chunks land, before the switch
        raise KeyboardInterrupt

    monkeypatch.setattr(store.docs, "upsert", crash)
    with pytest.raises(KeyboardInterrupt):
        ingest_paths([settings.corpus_dir], settings, store)
    texts = chunk_texts(store, "ml-lead-specialist-singapore-2026")
    assert any("$97,789" in t for t in texts) and not any("$99,999" in t for t in texts)

    monkeypatch.setattr(store.docs, "upsert", real_upsert)
    report = ingest_paths([settings.corpus_dir], settings, store)
    assert report.updated == ["ml-lead-specialist-singapore-2026"]
    texts = chunk_texts(store, "ml-lead-specialist-singapore-2026")
    assert any("$99,999" in t for t in texts) and not any("$97,789" in t for t in texts)
    ids = store.chunks.get(where={"doc_id": "ml-lead-specialist-singapore-2026"})["ids"]
    assert len(ids) == store.manifest()["ml-lead-specialist-singapore-2026"]["chunks"]


def test_killed_ingest_process_leaves_every_article_whole(settings: Settings, store: Store, tmp_path: Path) -> None:
    """SIGKILL a real `careerbot ingest` mid-way: each article is fully old or fully new."""
    ingest_paths([settings.corpus_dir], settings, store)
    old = {p.stem: p.read_text(encoding="utf-8") for p in settings.corpus_dir.iterdir()}
    for p in settings.corpus_dir.iterdir():
        p.write_text(old[p.stem].replace("Machine Learning", "Machine-Learning"), encoding="utf-8")
    env = {**os.environ, "CORPUS_DIR": str(settings.corpus_dir), "CHROMA_PATH": str(settings.chroma_path)}
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "ingest"], env=env, cwd=tmp_path)
    deadline = time.monotonic() + 120
    before = store.generation()
    while time.monotonic() < deadline and proc.poll() is None and store.generation() == before:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    reader = Store(settings, embeddings=store.embeddings)
    manifest = reader.manifest()
    assert set(manifest) == set(old)
    ids, _, metas = reader.active_chunks()
    for doc_id, meta in manifest.items():
        assert sum(1 for m in metas if m["doc_id"] == doc_id) == meta["chunks"]
    report = ingest_paths([settings.corpus_dir], settings, reader)
    assert not report.failed and len(report.unchanged) + len(report.updated) == 5
    assert len(reader.chunks.get(include=[])["ids"]) == sum(m["chunks"] for m in reader.manifest().values())


def test_same_ingest_against_a_chroma_server(chroma_server, corpus: Path, embeddings, tmp_path: Path) -> None:
    host, port = chroma_server
    settings = Settings(_env_file=None, corpus_dir=corpus, chroma_host=host, chroma_port=port, collection="server_test")
    store = Store(settings, embeddings=embeddings)
    first = ingest_paths([corpus], settings, store)
    assert len(first.added) == 5 and first.chunks_written > 0
    again = ingest_paths([corpus], settings, Store(settings))
    assert len(again.unchanged) == 5 and again.chunks_written == 0
    assert not (tmp_path / ".careerbot").exists()  # nothing embedded on local disk in server mode
    ids, texts, _ = store.active_chunks()
    assert len(ids) == first.chunks_written
    assert any("S$100,000 to S$170,000" in t for t in texts)


def test_server_down_is_a_clear_error(corpus: Path) -> None:
    from tests.conftest import free_port

    settings = Settings(_env_file=None, corpus_dir=corpus, chroma_host="127.0.0.1", chroma_port=free_port())
    with pytest.raises(StoreUnavailable, match="cannot reach the Chroma server at 127.0.0.1"):
        ingest_paths([corpus], settings, Store(settings))


def test_span_vectors_match_a_standalone_encoding_in_direction(embeddings) -> None:
    """Late-chunked sentence vectors: one per span, unit length, closest to their own sentence."""
    import numpy as np

    from ingest.embeddings import pack_vectors, unpack_vectors

    text = "Pay Guide — Seoul\nML engineers in Seoul earn ₩60 million. Kubernetes skills are in demand."
    spans = [(18, 56), (57, len(text))]
    vectors, pooled = embeddings.embed_with_spans([text], [spans])
    assert len(vectors[0]) == 384 and len(pooled[0]) == 2
    assert all(abs(np.linalg.norm(v) - 1) < 1e-3 for v in pooled[0])
    alone = np.array(embeddings.embed_documents([text[a:b] for a, b in spans]))
    sims = np.array(pooled[0]) @ alone.T
    assert sims[0, 0] > sims[0, 1] and sims[1, 1] > sims[1, 0]
    restored = unpack_vectors(pack_vectors([pooled[0][0], None]))
    assert restored.shape == (2, 384) and np.isnan(restored[1]).all()
    assert np.allclose(restored[0], pooled[0][0], atol=1e-3)
