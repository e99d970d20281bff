"""The two ways the retriever holds the active chunks: a persisted snapshot, or everything in memory.

`PersistedIndex` opens the snapshot that ingest wrote (ingest/search_index.py): the bm25s matrix is
memory-mapped, facts and citation metadata are read from SQLite when asked for, and chunk texts are
fetched from Chroma by id into a bounded LRU cache. Start-up and memory are then independent of the
number of chunks. `MemoryIndex` reads every active chunk from Chroma and builds the same structures
in memory: the fallback when no current snapshot exists, and what `documents()` (the coverage eval)
uses.
"""

from __future__ import annotations

import json
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable
from typing import Any, Protocol

import numpy as np
from langchain_core.documents import Document
from pydantic import PrivateAttr

from ingest.facts import Fact
from ingest.search_index import Snapshot, build_bm25, idf_table, indexed_text, pay_places, stems, tokenize
from ingest.store import Store

PAY_PLACES_CACHED = 64


class ChunkIndex(Protocol):
    """What `Retriever` needs of the active chunks, however they are held."""

    ids: list[str]
    row_of: dict[str, int]
    bm25: Any

    def passage(self, row: int) -> tuple[Document, list[Fact]]: ...  # noqa: D102
    def pay_facts(self, place: str) -> list[tuple[Fact, Document]]: ...  # noqa: D102
    def pay_rows(self, place: str) -> np.ndarray: ...  # noqa: D102
    def skill_facts(self) -> list[tuple[Fact, Document]]: ...  # noqa: D102
    def idf(self) -> dict[str, float]: ...  # noqa: D102
    def vocabulary(self) -> frozenset[str]: ...  # noqa: D102
    def places(self) -> frozenset[str]: ...  # noqa: D102
    def chunk_text(self, chunk_id: str) -> str: ...  # noqa: D102
    def prefetch(self, chunk_ids: list[str]) -> None: ...  # noqa: D102
    def documents(self) -> list[Document]: ...  # noqa: D102
    def chunk_facts(self) -> list[list[Fact]]: ...  # noqa: D102
    def articles(self) -> dict[str, str]: ...  # noqa: D102


def make_fact(raw: dict[str, Any], meta: dict[str, Any]) -> Fact:
    """A stored fact with its source (validated when written, so not again here)."""
    return Fact.model_construct(**{**raw, "source": str(meta["doc_id"])})


class MemoryIndex:
    """Every active chunk read from Chroma and indexed in memory: the rebuild path."""

    def __init__(self, store: Store) -> None:
        ids, texts, metas = store.active_chunks()
        docs = [Document(id=i, page_content=t, metadata=m) for i, t, m in zip(ids, texts, metas, strict=True)]
        facts = [[make_fact(f, m) for f in json.loads(m.get("facts") or "[]")] for m in metas]
        pay_by_place: dict[str, list[tuple[Fact, Document]]] = {}
        for doc, chunk_facts in zip(docs, facts, strict=True):
            for f in chunk_facts:
                if f.kind == "salary":
                    for place in pay_places(f.location):
                        pay_by_place.setdefault(place, []).append((f, doc))
        words = [tokenize(indexed_text(d.page_content, d.metadata)) for d in docs]
        tokens = [stems(w) for w in words]
        df: Counter[str] = Counter()
        for t in tokens:
            df.update(set(t))
        self.ids = list(ids)
        self.row_of = {i: k for k, i in enumerate(ids)}
        self.bm25 = build_bm25(tokens)
        self._docs, self._facts, self._pay_by_place = docs, facts, pay_by_place
        self._pay_rows = {
            place: np.unique([self.row_of[str(d.id)] for _, d in found]) for place, found in pay_by_place.items()
        }
        self._idf = idf_table(df, len(docs))
        self._vocabulary = frozenset(t for w in words for t in w if t.isalpha())
        self._skill_facts = [
            (f, doc) for doc, fs in zip(docs, facts, strict=True) for f in fs if f.kind in {"skill", "certification"}
        ]

    def passage(self, row: int) -> tuple[Document, list[Fact]]:
        """The chunk at a row and its facts."""
        return self._docs[row], self._facts[row]

    def articles(self) -> dict[str, str]:
        """Each article's doc id and title."""
        return {str(d.metadata.get("doc_id", "")): str(d.metadata.get("title", "")) for d in self._docs}

    def pay_facts(self, place: str) -> list[tuple[Fact, Document]]:
        """Pay facts located in a place or inside it."""
        return self._pay_by_place.get(place, [])

    def pay_rows(self, place: str) -> np.ndarray:
        """The rows of the chunks holding a pay fact located in a place or inside it, ascending."""
        return self._pay_rows.get(place, np.empty(0, dtype=np.int64))

    def skill_facts(self) -> list[tuple[Fact, Document]]:
        """Skill and certification facts with their chunks."""
        return self._skill_facts

    def idf(self) -> dict[str, float]:
        """Inverse document frequency of each indexed token."""
        return self._idf

    def vocabulary(self) -> frozenset[str]:
        """Every word of the indexed chunks."""
        return self._vocabulary

    def places(self) -> frozenset[str]:
        """The places pay facts are located in, and every place containing them."""
        return frozenset(p for p in self._pay_by_place if p)

    def chunk_text(self, chunk_id: str) -> str:
        """The text of an active chunk, "" when gone."""
        k = self.row_of.get(chunk_id)
        return self._docs[k].page_content if k is not None else ""

    def prefetch(self, chunk_ids: list[str]) -> None:
        """Nothing to fetch: every chunk is in memory."""

    def documents(self) -> list[Document]:
        """Every active chunk."""
        return self._docs

    def chunk_facts(self) -> list[list[Fact]]:
        """The facts of every active chunk, aligned with `documents()`."""
        return self._facts


class ChunkMetadata(dict):
    """The metadata a citation needs; any other key (facts, sentence vectors) is read from the store when asked.

    Equality and iteration see the light keys only, so two documents of one chunk stay equal.
    """

    def __init__(self, light: dict[str, Any], fetch: Any) -> None:
        super().__init__(light)
        self._fetch = fetch

    def __missing__(self, key: str) -> Any:
        return self._fetch()[key]

    def get(self, key: str, default: Any = None) -> Any:  # noqa: D102
        return dict.get(self, key, default) if key in self else self._fetch().get(key, default)


class StoredChunk(Document):
    """A chunk document holding only what a citation needs; its text is read from the store when used.

    Two of them for the same chunk compare equal, as the in-memory documents did, so callers can
    merge facts of one chunk found by different routes.
    """

    _text: Any = PrivateAttr(default=None)

    def __getattribute__(self, name: str) -> Any:
        if name == "page_content":
            text = object.__getattribute__(self, "__pydantic_private__")["_text"]
            return text(object.__getattribute__(self, "id"))
        return object.__getattribute__(self, name)


class PersistedIndex:
    """The snapshot written at ingest: bm25s memory-mapped, facts from SQLite, texts fetched by id."""

    def __init__(self, store: Store, snapshot: Snapshot, *, cache_size: int = 4096) -> None:
        self.store = store
        self.snapshot = snapshot
        self.ids = snapshot.ids()
        self.row_of = {i: k for k, i in enumerate(self.ids)}
        self.bm25 = snapshot.load_bm25()
        self._lock = threading.Lock()
        self._records: OrderedDict[str, tuple[str, dict[str, Any]]] = OrderedDict()
        self._cache_size = cache_size
        self._pay: OrderedDict[str, list[tuple[Fact, Document]]] = OrderedDict()
        self._pay_rows: OrderedDict[str, np.ndarray] = OrderedDict()
        self._skills: list[tuple[Fact, Document]] | None = None
        self._idf: dict[str, float] | None = None
        self._vocabulary: frozenset[str] | None = None
        self._places: frozenset[str] | None = None
        self._articles: dict[str, str] | None = None
        self._memory: MemoryIndex | None = None

    def _query(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            return self.snapshot.db.execute(sql, args).fetchall()

    def _doc(self, chunk_id: str, meta: str | dict[str, Any]) -> StoredChunk:
        light = json.loads(meta) if isinstance(meta, str) else meta
        stored = ChunkMetadata(light, lambda: self._stored_metadata(chunk_id))
        doc = StoredChunk.model_construct(id=chunk_id, page_content="", metadata=stored)
        doc._text = self.chunk_text
        return doc

    def passage(self, row: int) -> tuple[Document, list[Fact]]:
        """The chunk at a row (its text fetched when read) and its facts, in one read."""
        ((chunk_id, meta, facts),) = self._query("SELECT id, meta, facts FROM chunks WHERE row = ?", (row,))
        doc = self._doc(chunk_id, meta)
        return doc, [make_fact(f, doc.metadata) for f in json.loads(facts)]

    def _facts_of(self, sql: str, args: tuple = ()) -> list[tuple[Fact, Document]]:
        """(fact, chunk) for rows of (row, k, id, meta, facts), parsing each chunk once."""
        out: list[tuple[Fact, Document]] = []
        last_row, doc, parsed = -1, None, []
        for row, k, chunk_id, meta, facts in self._query(sql, args):
            if row != last_row:
                light = json.loads(meta)
                doc, parsed, last_row = self._doc(chunk_id, light), json.loads(facts), row
            out.append((make_fact(parsed[k], doc.metadata), doc))
        return out

    def _kept(self, cache: OrderedDict[str, Any], place: str, read: Callable[[], Any]) -> Any:
        """What `read` gives for a place, kept for the last PAY_PLACES_CACHED places asked."""
        with self._lock:
            if place in cache:
                cache.move_to_end(place)
                return cache[place]
        found = read()
        with self._lock:
            cache[place] = found
            while len(cache) > PAY_PLACES_CACHED:
                cache.popitem(last=False)
        return found

    def pay_facts(self, place: str) -> list[tuple[Fact, Document]]:
        """Pay facts located in a place or inside it."""
        sql = (
            "SELECT p.row, p.k, c.id, c.meta, c.facts FROM pay p JOIN chunks c ON c.row = p.row "
            "WHERE p.place = ? ORDER BY p.row, p.k"
        )
        return self._kept(self._pay, place, lambda: self._facts_of(sql, (place,)))

    def pay_rows(self, place: str) -> np.ndarray:
        """The rows of the chunks holding a pay fact in a place or inside it."""
        sql = "SELECT DISTINCT row FROM pay WHERE place = ? ORDER BY row"
        return self._kept(
            self._pay_rows, place, lambda: np.array([r for (r,) in self._query(sql, (place,))], dtype=np.int64)
        )

    def skill_facts(self) -> list[tuple[Fact, Document]]:
        """Skill and certification facts with their chunks (read once)."""
        if self._skills is None:
            self._skills = self._facts_of(
                "SELECT s.row, s.k, c.id, c.meta, c.facts FROM skills s JOIN chunks c ON c.row = s.row "
                "ORDER BY s.row, s.k"
            )
        return self._skills

    def articles(self) -> dict[str, str]:
        """Each article's doc id and title (read on first use)."""
        if self._articles is None:
            rows = self._query(
                "SELECT DISTINCT json_extract(meta, '$.doc_id'), json_extract(meta, '$.title') FROM chunks"
            )
            self._articles = {str(d): str(t or "") for d, t in rows}
        return self._articles

    def _terms(self) -> None:
        df = dict(self._query("SELECT term, df FROM terms"))
        self._idf = idf_table(df, len(self.ids))
        self._vocabulary = frozenset(w for (w,) in self._query("SELECT word FROM words"))

    def idf(self) -> dict[str, float]:
        """Inverse document frequency of each indexed token (read on first use)."""
        if self._idf is None:
            self._terms()
        return self._idf or {}

    def vocabulary(self) -> frozenset[str]:
        """Every word of the indexed chunks (read on first use)."""
        if self._vocabulary is None:
            self._terms()
        return self._vocabulary or frozenset()

    def places(self) -> frozenset[str]:
        """The places pay facts are located in, and every place containing them (read on first use)."""
        if self._places is None:
            self._places = frozenset(p for (p,) in self._query("SELECT DISTINCT place FROM pay") if p)
        return self._places

    def prefetch(self, chunk_ids: list[str]) -> None:
        """Fetch the texts and metadata of these chunks from Chroma in one call, into the LRU cache."""
        with self._lock:
            missing = [i for i in dict.fromkeys(chunk_ids) if i not in self._records and i in self.row_of]
        if not missing:
            return
        got = self.store.chunks.get(ids=missing, include=["documents", "metadatas"])
        with self._lock:
            for chunk_id, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
                self._records[chunk_id] = (text, meta)
            while len(self._records) > self._cache_size:
                self._records.popitem(last=False)

    def _record(self, chunk_id: str) -> tuple[str, dict[str, Any]] | None:
        with self._lock:
            record = self._records.get(chunk_id)
            if record is not None:
                self._records.move_to_end(chunk_id)
                return record
        self.prefetch([chunk_id])
        with self._lock:
            return self._records.get(chunk_id)

    def chunk_text(self, chunk_id: str) -> str:
        """The text of an active chunk, "" when gone."""
        if chunk_id not in self.row_of:
            return ""
        record = self._record(chunk_id)
        return record[0] if record else ""

    def _stored_metadata(self, chunk_id: str) -> dict[str, Any]:
        """The chunk's metadata as stored in Chroma (with its sentence vectors), {} when gone."""
        record = self._record(chunk_id)
        return record[1] if record else {}

    def _all(self) -> MemoryIndex:
        if self._memory is None:
            self._memory = MemoryIndex(self.store)
        return self._memory

    def documents(self) -> list[Document]:
        """Every active chunk, read from the store (the coverage eval's whole-store pass)."""
        return self._all().documents()

    def chunk_facts(self) -> list[list[Fact]]:
        """The facts of every active chunk, aligned with `documents()`."""
        return self._all().chunk_facts()
