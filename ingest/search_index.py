"""What retrieval needs at start, persisted beside the store so a bot starts without reading every chunk.

A snapshot is a folder under the index directory holding `rows.sqlite` (one row per active chunk:
id, the metadata a citation needs, its facts and its lexical tokens; the document frequency of
every term; the places of every pay fact) and `bm25/` (a bm25s index that readers memory-map).
`CURRENT` names the live snapshot. Ingest builds a new snapshot in a fresh folder and publishes it by
renaming a temp file over `CURRENT`, so a killed ingest leaves the previous snapshot live. Every
snapshot records the store generation it was built from: a reader uses it only when that still
matches the store, and rebuilds in memory otherwise.

Updates are incremental: rows of documents whose version is unchanged are copied from the previous
snapshot and only changed documents are read from Chroma; the bm25s matrix is then rebuilt from the
stored tokens, which costs seconds at tens of thousands of chunks, not a read of the whole store.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import math
import os
import re
import shutil
import sqlite3
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ingest.chunking import embed_text
from ingest.places import gazetteer

log = logging.getLogger(__name__)

FORMAT = 3  # bump when `tokenize` or the layout changes: a snapshot of another format is rebuilt
CURRENT = "CURRENT"
FETCH_BATCH_DOCS = 500
FETCH_PAGE_CHUNKS = 5000
LIGHT_KEYS = ("doc_id", "doc_hash", "title", "section", "position", "as_of", "chunk_hash", "scope")

TOKEN = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*%?|[$€£¥₹₩₫]", re.IGNORECASE)
STOPWORDS = set(
    "a an the of in on at to for and or is are was were be do does did what which who how much many by with "
    "from as that this it its i you your my me we our they their there here about into than then so can".split()
)
DOTTED = re.compile(r"\b(?:[A-Za-z]{1,2}\.){2,}")
COMPOUND = re.compile(r"\b[a-z]+(?:-[a-z]+)+\b", re.IGNORECASE)

SCHEMA = """
CREATE TABLE info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE chunks (row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc_id TEXT NOT NULL, doc_hash TEXT NOT NULL,
                     meta TEXT NOT NULL, facts TEXT NOT NULL, tokens TEXT NOT NULL);
CREATE TABLE terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE words (word TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE pay (place TEXT NOT NULL, row INTEGER NOT NULL, k INTEGER NOT NULL);
CREATE TABLE skills (row INTEGER NOT NULL, k INTEGER NOT NULL);
"""
INDEXES = "CREATE INDEX pay_place ON pay (place, row, k); CREATE INDEX chunks_doc ON chunks (doc_id);"


def tokenize(text: str) -> list[str]:
    """Lower-case word, number and currency tokens; thousands separators dropped so 97,789 == 97789.

    A hyphenated compound also counts whole ("non-it", "full-stack"), since its parts alone may be
    stopwords or say something else.
    """
    if "." in text:
        text = DOTTED.sub(lambda m: m.group().replace(".", ""), text)  # "Ph.D." is "PhD", "U.S." is "US"
    tokens = [t.lower().replace(",", "") for t in TOKEN.findall(text) if t.lower() not in STOPWORDS]
    return tokens + [c.lower() for c in COMPOUND.findall(text)] if "-" in text else tokens


def terms(text: str) -> list[str]:
    """Tokens as matched: words stemmed (Snowball), so "negotiate" meets "negotiation"."""
    return stems(tokenize(text))


def stems(tokens: list[str]) -> list[str]:
    """Stems of word tokens; numbers, currencies and compounds are kept as they are."""
    return [_stem(t) if t.isalpha() else t for t in tokens]


# Members and tables shorten the words they match on most ("avg salary", "5 yrs exp"): a shortening meets its word.
ABBREVIATIONS = {
    "avg": "average",
    "yr": "year",
    "yrs": "years",
    "mo": "month",
    "mos": "months",
    "comp": "compensation",
    "exp": "experience",
    "eng": "engineer",
    "mgr": "manager",
    "sr": "senior",
    "jr": "junior",
    "pts": "points",
}


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _stemmer().stemWord(ABBREVIATIONS.get(word, word))


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


def indexed_text(text: str, meta: dict[str, Any]) -> str:
    """What the lexical index reads of a chunk: its title and section with its text."""
    return embed_text(str(meta.get("title", "")), str(meta.get("section", "")), text)


def build_bm25(tokens: list[list[str]]) -> Any:
    """A bm25s index over tokenized chunks (None for none); an empty chunk gets a placeholder token."""
    if not tokens:
        return None
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets DEBUG on import
    bm25 = bm25s.BM25()
    bm25.index([t or ["_"] for t in tokens], show_progress=False)
    return bm25


def idf_table(df: dict[str, int], n: int) -> dict[str, float]:
    """Inverse document frequency of each term over n chunks."""
    return {t: math.log(1 + n / c) for t, c in df.items()}


@dataclass
class Row:
    """One active chunk as the index holds it."""

    id: str
    meta: dict[str, Any]  # the LIGHT_KEYS of its Chroma metadata: enough to cite it
    facts: str  # the facts JSON exactly as stored in Chroma
    tokens: list[str]  # as `tokenize` gives them; stemmed for BM25 and IDF, whole for the vocabulary

    @classmethod
    def of(cls, chunk_id: str, text: str, meta: dict[str, Any]) -> Row:
        """The index row of a chunk read from Chroma."""
        light = {k: meta[k] for k in LIGHT_KEYS if k in meta}
        return cls(chunk_id, light, str(meta.get("facts") or "[]"), tokenize(indexed_text(text, meta)))


def pay_places(location: str) -> set[str]:
    """The places a pay fact answers for: its own and every place containing it ("" for any place)."""
    return {"", location, *gazetteer().ancestors(location)} if location else {""}


@dataclass
class Snapshot:
    """A published snapshot, opened read-only: its rows in SQLite and its bm25s index memory-mapped."""

    path: Path
    generation: str
    chunks: int
    db: sqlite3.Connection

    def load_bm25(self) -> Any:
        """The bm25s index, memory-mapped (None for an empty store)."""
        if not self.chunks:
            return None
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)
        return bm25s.BM25.load(str(self.path / "bm25"), mmap=True)

    def ids(self) -> list[str]:
        """Chunk ids in row order."""
        return [i for (i,) in self.db.execute("SELECT id FROM chunks ORDER BY row")]

    def close(self) -> None:
        """Release the SQLite handle."""
        with contextlib.suppress(Exception):
            self.db.close()


def open_snapshot(index_dir: Path) -> Snapshot | None:
    """The live snapshot, or None when there is none; raises on a corrupt one (the caller falls back)."""
    try:
        name = (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    path = index_dir / name
    db = sqlite3.connect(f"file:{path / 'rows.sqlite'}?mode=ro", uri=True, check_same_thread=False)
    try:
        info = dict(db.execute("SELECT key, value FROM info"))
        if int(info.get("format", 0)) != FORMAT:
            raise ValueError(f"format {info.get('format')} is not {FORMAT}")
        snapshot = Snapshot(path, info["generation"], int(info["chunks"]), db)
        if snapshot.chunks and not (path / "bm25" / "params.index.json").is_file():
            raise FileNotFoundError(path / "bm25")
        return snapshot
    except Exception:
        db.close()
        raise


def publish(store: Any, index_dir: Path, *, reuse: bool = True) -> str:
    """Bring the persisted snapshot in line with the store; returns one line on what it did.

    Called by the writer at the end of an ingest or forget. Rows of unchanged document versions are
    reused unless `reuse` is off (`ingest --rebuild` rebuilds everything, the index's terms included);
    a missing or unreadable snapshot means a full read of the active chunks.
    """
    started = time.perf_counter()
    generation = store.generation()
    previous = None
    try:
        previous = open_snapshot(index_dir) if reuse else None
    except Exception as exc:
        log.warning("search index at %s is unreadable (%s); rebuilding it from the store", index_dir, exc)
    try:
        if previous is not None and previous.generation == generation:
            return f"search index current ({previous.chunks} chunks)"
        active = {d: str(m.get("doc_hash", "")) for d, m in store.manifest().items()}
        kept: list[Row] = []
        held: set[str] = set()
        if previous is not None:
            for _, chunk_id, meta, facts, tokens in previous.db.execute(
                "SELECT row, id, meta, facts, tokens FROM chunks ORDER BY row"
            ):
                light = json.loads(meta)
                if active.get(light["doc_id"]) == light.get("doc_hash"):
                    kept.append(Row(chunk_id, light, facts, tokens.split(" ") if tokens else []))
                    held.add(light["doc_id"])
    finally:
        if previous is not None:
            previous.close()
    missing = sorted(set(active) - held)
    fetched = list(_read_chunks(store, missing, active))
    rows = kept + fetched
    _write(index_dir, generation, rows)
    return (
        f"search index: {len(rows)} chunks ({len(kept)} reused, {len(fetched)} read) "
        f"in {time.perf_counter() - started:.1f}s"
    )


def _read_chunks(store: Any, doc_ids: list[str], active: dict[str, str]) -> Iterator[Row]:
    """Rows of these documents' active chunks, in the store's own order.

    With nothing to reuse, every chunk is read page by page, in the order `Store.active_chunks` (the
    in-memory rebuild) sees them, so both paths break ties alike; otherwise by batches of documents.
    """
    wanted = set(doc_ids)
    if wanted == set(active):
        pages = (
            store.chunks.get(include=["documents", "metadatas"], limit=FETCH_PAGE_CHUNKS, offset=start)
            for start in itertools.count(0, FETCH_PAGE_CHUNKS)
        )
    else:
        pages = (
            store.chunks.get(
                where={"doc_id": {"$in": doc_ids[start : start + FETCH_BATCH_DOCS]}}, include=["documents", "metadatas"]
            )
            for start in range(0, len(doc_ids), FETCH_BATCH_DOCS)
        )
    for got in pages:
        if not got["ids"] and wanted == set(active):
            return
        for chunk_id, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
            if meta["doc_id"] in wanted and active.get(meta["doc_id"]) == meta["doc_hash"]:
                yield Row.of(chunk_id, text, meta)


def _write(index_dir: Path, generation: str, rows: list[Row]) -> None:
    """Write a snapshot into a new folder, then switch CURRENT to it and drop older folders."""
    index_dir.mkdir(parents=True, exist_ok=True)
    name = f"snap-{int(time.time())}-{uuid.uuid4().hex[:8]}"
    folder = index_dir / name
    folder.mkdir()
    try:
        _write_rows(folder / "rows.sqlite", generation, rows)
        if rows:
            build_bm25([stems(r.tokens) for r in rows]).save(str(folder / "bm25"))
        tmp = index_dir / f"{CURRENT}.{uuid.uuid4().hex[:8]}.tmp"
        tmp.write_text(name, encoding="utf-8")
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        tmp.replace(index_dir / CURRENT)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    _drop_old(index_dir, keep={name})


def _write_rows(path: Path, generation: str, rows: list[Row]) -> None:
    df: Counter[str] = Counter()
    words: set[str] = set()
    db = sqlite3.connect(path)
    try:
        db.executescript(SCHEMA)
        pay, skills = [], []
        for n, r in enumerate(rows):
            df.update(set(stems(r.tokens)))
            words.update(t for t in r.tokens if t.isalpha())
            for k, f in enumerate(json.loads(r.facts)):
                if f.get("kind") == "salary":
                    pay.extend((place, n, k) for place in pay_places(f.get("location", "")))
                elif f.get("kind") in {"skill", "certification"}:
                    skills.append((n, k))
        db.executemany(
            "INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (n, r.id, r.meta["doc_id"], r.meta["doc_hash"], json.dumps(r.meta), r.facts, " ".join(r.tokens))
                for n, r in enumerate(rows)
            ),
        )
        db.executemany("INSERT INTO terms VALUES (?, ?)", df.items())
        db.executemany("INSERT INTO words VALUES (?)", ((w,) for w in words))
        db.executemany("INSERT INTO pay VALUES (?, ?, ?)", pay)
        db.executemany("INSERT INTO skills VALUES (?, ?)", skills)
        db.executescript(INDEXES)
        info = {"format": str(FORMAT), "generation": generation, "chunks": str(len(rows))}
        db.executemany("INSERT INTO info VALUES (?, ?)", info.items())
        db.commit()
    finally:
        db.close()


def _drop_old(index_dir: Path, keep: set[str]) -> None:
    """Remove all but the newest snapshot folders (a reader that just opened one keeps its handles)."""
    folders = sorted((p for p in index_dir.glob("snap-*") if p.is_dir()), key=lambda p: p.stat().st_mtime)
    for p in folders[:-2]:
        if p.name not in keep:
            shutil.rmtree(p, ignore_errors=True)
    for tmp in index_dir.glob(f"{CURRENT}.*.tmp"):
        with contextlib.suppress(OSError):
            if time.time() - tmp.stat().st_mtime > 3600:
                tmp.unlink()


def publish_index(store: Any, *, reuse: bool = True) -> None:
    """`publish` for writers: the store write already succeeded, so a failure here is logged, not raised.

    Bots then find the snapshot behind the store and rebuild in memory until the next ingest.
    """
    index_dir = store.settings.index_dir
    if index_dir is None:
        return
    try:
        log.info(publish(store, index_dir, reuse=reuse))
    except Exception:
        log.exception("could not write the search index at %s; bots will rebuild it in memory", index_dir)
