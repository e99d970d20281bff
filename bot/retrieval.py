"""Hybrid retrieval: dense search in Chroma plus BM25, fused by reciprocal rank; sentence re-scoring.

The lexical side matters here: figures, currencies, places and acronyms such as MLOps are matched
exactly by BM25 where MiniLM blurs them. The in-memory index follows the store's generation token,
so an ingest (from the bot or the CLI) is picked up without a restart.
"""

from __future__ import annotations

import json
import logging
import math
import re
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from langchain_core.documents import Document

from ingest.chunking import embed_text, sentence_spans
from ingest.cleaning import value_shape
from ingest.embeddings import unpack_vectors
from ingest.facts import Fact
from ingest.places import gazetteer
from ingest.store import Store

TOKEN = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*%?|[$€£¥₹₩₫]", re.IGNORECASE)
STOPWORDS = set(
    "a an the of in on at to for and or is are was were be do does did what which who how much many by with "
    "from as that this it its i you your my me we our they their there here about into than then so can".split()
)
DOTTED = re.compile(r"\b(?:[A-Za-z]{1,2}\.){2,}")
COMPOUND = re.compile(r"\b[a-z]+(?:-[a-z]+)+\b", re.IGNORECASE)
RRF_K = 60
LIST_ITEM = re.compile(r"[-*•]\s|\d+[.)]\s")
ROW_BREAK = re.compile(r"^(?:[-*•#>]|\d+[.)]\s)|[.!?:]$")
MAX_ROW_WORDS = 25


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


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


@dataclass
class Passage:
    """A retrieved chunk as a langchain Document, with its fused score."""

    doc: Document
    score: float
    facts: list[Fact] = field(default_factory=list)

    @property
    def chunk_id(self) -> str:
        """The Chroma id of the chunk."""
        return str(self.doc.id)


@dataclass
class SentenceView:
    """One answerable sentence (or table row, or list item) of a chunk, as shown and as matched."""

    text: str  # shown to members; a sentence opening "It/This ..." comes after its antecedent
    context: str  # title, section, header and sentence: what lexical matching and embedding read
    header: str  # the table header or list lead-in it sits under, "" for prose
    vector: np.ndarray  # unit vector, stored at ingest in the context of its chunk


class Retriever:
    """Dense + lexical retrieval over the active chunks of a store, refreshed on every ingest."""

    def __init__(self, store: Store, *, sentence_cache_size: int = 20_000) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._generation: str | None = None
        self._docs: list[Document] = []
        self._facts: list[list[Fact]] = []
        self._by_id: dict[str, int] = {}
        self._bm25: Any = None
        self._pay_by_place: dict[str, list[tuple[Fact, Document]]] = {}
        self._idf: dict[str, float] = {}
        self._vocabulary: frozenset[str] = frozenset()
        self._skill_facts: list[tuple[Fact, Document]] = []
        self._sentence_vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._sentence_cache_size = sentence_cache_size

    def refresh(self) -> bool:
        """Reload the lexical index and facts if the store changed; True when it did."""
        generation = self.store.generation()
        if generation == self._generation:
            return False
        with self._lock:
            if generation == self._generation:
                return False
            ids, texts, metas = self.store.active_chunks()
            docs = [Document(id=i, page_content=t, metadata=m) for i, t, m in zip(ids, texts, metas, strict=True)]
            facts = [[_fact(f, m) for f in json.loads(m.get("facts") or "[]")] for m in metas]
            pay_by_place: dict[str, list[tuple[Fact, Document]]] = {}
            geo = gazetteer()
            for doc, chunk_facts in zip(docs, facts, strict=True):
                for f in chunk_facts:
                    if f.kind == "salary":
                        for place in {"", f.location, *geo.ancestors(f.location)} if f.location else {""}:
                            pay_by_place.setdefault(place, []).append((f, doc))
            words = [tokenize(_indexed_text(d)) for d in docs]
            tokens = [stems(w) for w in words]
            bm25 = None
            if docs:
                import bm25s

                logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets DEBUG on import
                bm25 = bm25s.BM25()
                bm25.index([t or ["_"] for t in tokens], show_progress=False)
            df: Counter[str] = Counter()
            for t in tokens:
                df.update(set(t))
            idf = {t: math.log(1 + len(docs) / n) for t, n in df.items()}
            self._docs, self._facts, self._bm25, self._pay_by_place = docs, facts, bm25, pay_by_place
            self._idf = idf
            self._vocabulary = frozenset(t for w in words for t in w if t.isalpha())
            self._skill_facts = [
                (f, doc)
                for doc, fs in zip(docs, facts, strict=True)
                for f in fs
                if f.kind in {"skill", "certification"}
            ]
            self._by_id = {d.id: k for k, d in enumerate(docs)}
            self._generation = generation
        return True

    @property
    def empty(self) -> bool:
        """Whether the store holds no active chunk; checks for a newer ingest (once per question)."""
        self.refresh()
        return not self._docs

    def _loaded(self) -> None:
        if self._generation is None:
            self.refresh()

    def documents(self) -> list[Document]:
        """Every active chunk."""
        self._loaded()
        return self._docs

    def chunk_facts(self) -> list[list[Fact]]:
        """The facts of every active chunk, aligned with `documents()`."""
        self._loaded()
        return self._facts

    def chunk_text(self, chunk_id: str) -> str:
        """The text of an active chunk ("" when gone), to check an answer against what it cites."""
        self._loaded()
        docs, k = self._docs, self._by_id.get(chunk_id)
        return docs[k].page_content if k is not None and k < len(docs) and docs[k].id == chunk_id else ""

    def pay_facts(self, place: str = "") -> list[tuple[Fact, Document]]:
        """Pay facts located in a place or anywhere inside it (all of them for "")."""
        self._loaded()
        return self._pay_by_place.get(place, [])

    def skill_facts(self) -> list[tuple[Fact, Document]]:
        """Skill and certification facts with their chunks."""
        self._loaded()
        return self._skill_facts

    def embed_query(self, text: str) -> np.ndarray:
        """Unit-length query embedding."""
        return np.asarray(self.store.embeddings.embed_query(text), dtype=np.float32)

    def search(self, query: str, vector: np.ndarray, k: int = 6) -> list[Passage]:
        """Top-k chunks by reciprocal-rank fusion of Chroma's dense ranking and BM25."""
        self._loaded()
        if not self._docs:
            return []
        depth = min(len(self._docs), max(20, 4 * k))
        dense = self.store.chunks.query(query_embeddings=[vector.tolist()], n_results=depth, include=["distances"])
        dense_ids = [i for i in dense["ids"][0] if i in self._by_id]
        scores: dict[int, float] = {}
        for rank, chunk_id in enumerate(dense_ids):
            scores[self._by_id[chunk_id]] = 1.0 / (RRF_K + rank)
        lexical = self._lexical_scores(query)
        if lexical is not None:
            for rank, idx in enumerate(np.argsort(-lexical)[:depth]):
                if lexical[idx] > 0:
                    scores[int(idx)] = scores.get(int(idx), 0.0) + 1.0 / (RRF_K + rank)
        best = sorted(scores.items(), key=lambda kv: -kv[1])[:k]
        return [Passage(doc=self._docs[i], score=s, facts=self._facts[i]) for i, s in best]

    def _lexical_scores(self, query: str) -> np.ndarray | None:
        tokens = terms(query)
        return self._bm25.get_scores(tokens) if tokens and self._bm25 is not None else None

    def best_chunks(self, query: str, chunk_ids: list[str], k: int) -> list[str]:
        """The k of these chunks that match the query best lexically: a cheap first cut of many chunks."""
        if len(chunk_ids) <= k:
            return chunk_ids
        lexical = self._lexical_scores(query)
        if lexical is None:
            return chunk_ids[:k]
        return sorted(chunk_ids, key=lambda i: -float(lexical[self._by_id[i]]) if i in self._by_id else 0.0)[:k]

    @property
    def idf(self) -> dict[str, float]:
        """Inverse document frequency of each indexed token (how distinctive a word is in the corpus)."""
        self._loaded()
        return self._idf

    @property
    def vocabulary(self) -> frozenset[str]:
        """Every word of the ingested articles: a word they use is never a typo to "correct"."""
        self._loaded()
        return self._vocabulary

    def sentence_vectors(self, doc: Document) -> list[SentenceView]:
        """The sentences of a chunk with their vectors: stored at ingest, else embedded here."""
        candidates = _candidates(doc)
        if not candidates:
            return []
        stored = self._stored_vectors(doc, len(candidates))
        if stored is None or np.isnan(stored[:, 0]).any():
            stored = self._sentence_embeddings([ctx for _, ctx, _ in candidates])
        return [SentenceView(shown, ctx, header, stored[k]) for k, (shown, ctx, header) in enumerate(candidates)]

    def _stored_vectors(self, doc: Document, n: int) -> np.ndarray | None:
        vectors = unpack_vectors(str(doc.metadata.get("sentence_vectors", "")))
        return vectors if vectors is not None and len(vectors) == n else None

    def _sentence_embeddings(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self._sentence_vectors]
        if missing:
            for t, v in zip(missing, self.store.embeddings.embed_documents(missing), strict=True):
                self._sentence_vectors[t] = np.asarray(v, dtype=np.float32)
            while len(self._sentence_vectors) > self._sentence_cache_size:
                self._sentence_vectors.popitem(last=False)
        return np.stack([self._sentence_vectors[t] for t in texts])


def _candidates(doc: Document) -> list[tuple[str, str, str]]:
    """(text shown, text embedded, header) per sentence of a chunk, aligned with the vectors stored at ingest.

    A sentence opening with "It/This ..." is shown after its antecedent.
    """
    text = doc.page_content
    meta = doc.metadata
    headers = _row_headers(text)
    out = []
    prev = ""
    for a, b in sentence_spans(text):
        sent = text[a:b]
        shown = f"{prev} {sent}" if prev and re.match(r"(It|This|That|These|They|Such)\b", sent) else sent
        header = headers.get(text.count("\n", 0, a), "")
        context = embed_text(meta.get("title", ""), meta.get("section", ""), f"{header}\n{sent}".lstrip())
        out.append((shown, context, header))
        prev = sent
    return out


def _row_headers(text: str) -> dict[int, str]:
    """Line number -> the first line of the table it is a row of, or the lead-in of its list.

    A list's items get the line that leads into it ("Key skills include:"). A run of three or more
    short lines that are not sentences or list items is read as a table (one pasted from a web page
    loses its cell borders), so a row like "Mid-Level MLOps 1–2 years 2.8x" is matched with the
    words of its column headers ("Time to Reach", "Salary Multiplier").
    """
    lines = [x.strip() for x in text.split("\n")]
    row = [bool(x) and not ROW_BREAK.search(x) and len(x.split()) <= MAX_ROW_WORDS for x in lines]
    item = [bool(LIST_ITEM.match(x)) for x in lines]
    headers: dict[int, str] = {}
    k = 0
    while k < len(lines):
        end = k
        while end < len(lines) and row[end]:
            end += 1
        if end - k >= 3 and not value_shape(lines[k]):  # a header names columns, it states no figure
            headers.update({n: lines[k] for n in range(k + 1, end)})
        if item[k] and k and lines[k - 1].endswith(":"):
            end = k
            while end < len(lines) and item[end]:
                end += 1
            headers.update({n: lines[k - 1] for n in range(k, end)})
        k = max(end, k + 1)
    return headers


def _indexed_text(doc: Document) -> str:
    return embed_text(doc.metadata.get("title", ""), doc.metadata.get("section", ""), doc.page_content)


def _fact(raw: dict[str, Any], meta: dict[str, Any]) -> Fact:
    return Fact.model_construct(**{**raw, "source": str(meta["doc_id"])})  # validated when written
