"""Hybrid retrieval: dense search in Chroma plus BM25, fused by reciprocal rank; sentence re-scoring.

The lexical side matters here: figures, currencies, places and acronyms such as MLOps are matched
exactly by BM25 where MiniLM blurs them. The lexical index and facts are the snapshot ingest persisted
beside the store (bot/chunk_index.py); they follow the store's generation token, so an ingest (from
the bot or the CLI) is picked up without a restart.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from langchain_core.documents import Document

from bot.chunk_index import ChunkIndex, MemoryIndex, PersistedIndex
from ingest.chunking import LIST_ITEM, embed_text, lead_in_of, sentence_spans
from ingest.cleaning import value_shape
from ingest.embeddings import unpack_vectors
from ingest.facts import Fact
from ingest.places import gazetteer
from ingest.search_index import STOPWORDS, open_snapshot, pay_places, stems, terms, tokenize
from ingest.store import Store, doc_of_chunk

__all__ = ["STOPWORDS", "Passage", "Retriever", "SentenceView", "stems", "terms", "tokenize"]

log = logging.getLogger(__name__)

RRF_K = 60
LEXICAL_SURE = 1  # BM25's best chunks that are always read, whatever the fusion ranks them
OTHER_ARTICLES = 2  # chunks of other articles read beside the top k
SEARCH_DEPTH = 48  # chunks ranked by each side before fusion; deep enough to find other articles' best
STATING_DEPTH = 10  # chunks read past the top k for the kind of figure asked
EXTRA_STATING = 2
ROW_BREAK = re.compile(r"^(?:[-*•#>]|\d+[.)]\s)|[.!?:]$")
MAX_ROW_WORDS = 25
NAME_CHARS = 4  # "nz" is a place's code, not an article's name
NAMING_ZIPF = 4.0  # an English word more frequent than this ("band", "job", "start") names no article
NAMING_IDF = 0.4  # of the rarest word's IDF: a title word this rare in the chunks names its article


def _bm25(query: str, index: ChunkIndex) -> np.ndarray | None:
    """BM25 scores of every chunk for a query's terms; None without terms or an index to score them."""
    tokens = terms(query)
    return index.bm25.get_scores(tokens) if tokens and index.bm25 is not None else None


def _other_articles(
    rest: list[tuple[int, float]], best: list[tuple[int, float]], ids: list[str]
) -> list[tuple[int, float]]:  # noqa: E501
    """The best chunks of articles the top ones leave out, one each: a long article must not crowd out the rest."""
    seen = {doc_of_chunk(ids[i]) for i, _ in best}
    out = []
    for i, score in rest:
        doc = doc_of_chunk(ids[i])
        if doc not in seen and len(out) < OTHER_ARTICLES:
            seen.add(doc)
            out.append((i, score))
    return out


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
    """Dense + lexical retrieval over the active chunks of a store, refreshed on every ingest.

    The lexical index, facts and vocabulary come from the snapshot that ingest persisted beside the
    store when it matches the store's generation; otherwise (none yet, stale, unreadable) they are
    rebuilt in memory from every active chunk, as before snapshots existed, and the log says why.
    """

    def __init__(self, store: Store, *, sentence_cache_size: int = 20_000) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._generation: str | None = None
        self._index: ChunkIndex | None = None
        self._sentence_vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._sentence_cache_size = sentence_cache_size
        self._skill_groups: tuple[ChunkIndex, dict] | None = None
        self._last_lexical: tuple[ChunkIndex, str, np.ndarray | None] | None = None
        self._names: tuple[ChunkIndex, dict[str, str]] | None = None  # rare title words, by the article they name

    def refresh(self) -> bool:
        """Reload the lexical index and facts if the store changed; True when it did."""
        generation = self.store.generation()
        if generation == self._generation:
            return False
        with self._lock:
            if generation == self._generation:
                return False
            # The previous index is not closed: a question in another thread may still be reading it.
            self._index = self._open(generation)
            self._generation = generation
        return True

    def _open(self, generation: str) -> ChunkIndex:
        """The persisted snapshot of this generation, else an index rebuilt from every chunk."""
        index_dir = self.store.settings.index_dir
        if index_dir is None:
            log.info("no INDEX_PATH with a Chroma server; indexing every chunk in memory")
            return MemoryIndex(self.store)
        try:
            snapshot = open_snapshot(index_dir)
        except Exception as exc:
            log.warning("search index at %s is unreadable (%s); rebuilding it in memory", index_dir, exc)
            return MemoryIndex(self.store)
        if snapshot is None:
            if generation:
                log.warning("no search index at %s; rebuilding it in memory (run `careerbot ingest`)", index_dir)
            return MemoryIndex(self.store)
        if snapshot.generation != generation:
            snapshot.close()
            log.warning("search index at %s is behind the store; rebuilding it in memory", index_dir)
            return MemoryIndex(self.store)
        try:
            return PersistedIndex(self.store, snapshot)
        except Exception as exc:
            snapshot.close()
            log.warning("search index at %s is unreadable (%s); rebuilding it in memory", index_dir, exc)
            return MemoryIndex(self.store)

    @property
    def persisted(self) -> bool:
        """Whether the current index is the snapshot persisted at ingest (not a rebuild in memory)."""
        return isinstance(self._loaded(), PersistedIndex)

    @property
    def empty(self) -> bool:
        """Whether the store holds no active chunk; checks for a newer ingest (once per question)."""
        self.refresh()
        return not self._loaded().ids

    def _loaded(self) -> ChunkIndex:
        if self._index is None:
            self.refresh()
        assert self._index is not None
        return self._index

    def documents(self) -> list[Document]:
        """Every active chunk."""
        return self._loaded().documents()

    def chunk_facts(self) -> list[list[Fact]]:
        """The facts of every active chunk, aligned with `documents()`."""
        return self._loaded().chunk_facts()

    def chunk_text(self, chunk_id: str) -> str:
        """The text of an active chunk ("" when gone), to check an answer against what it cites."""
        return self._loaded().chunk_text(chunk_id)

    def pay_facts(self, place: str = "") -> list[tuple[Fact, Document]]:
        """Pay facts located in a place or anywhere inside it (all of them for "")."""
        return self._loaded().pay_facts(place)

    def skill_facts(self) -> dict[tuple[str, str], list[tuple[Fact, Document]]]:
        """Skill and certification facts with their chunks, by kind and the role their article names.

        Grouped once per index, so a question judges each role once however many facts share it.
        """
        index = self._loaded()
        cached = self._skill_groups
        if cached is None or cached[0] is not index:
            groups: dict[tuple[str, str], list[tuple[Fact, Document]]] = {}
            for fact, doc in index.skill_facts():
                groups.setdefault((fact.kind, fact.role), []).append((fact, doc))
            cached = self._skill_groups = (index, groups)
        return cached[1]

    def embed_query(self, text: str) -> np.ndarray:
        """Unit-length query embedding."""
        return np.asarray(self.store.embeddings.embed_query(text), dtype=np.float32)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length embeddings of several questions (the parts of one), one row each, embedded as queries."""
        return np.stack([self.embed_query(t) for t in texts])

    def search(
        self,
        query: str,
        vector: np.ndarray,
        k: int = 6,
        states: Callable[[str], bool] | None = None,
        parts: Sequence[tuple[str, np.ndarray]] = (),
    ) -> list[Passage]:
        """Top-k chunks by reciprocal-rank fusion of Chroma's dense ranking and BM25.

        With `states`, the best few chunks further down that state the kind of figure asked are added:
        a table of multipliers answers "what multiplier…" though its words match the question less than prose.
        Each of `parts` (the questions within a question, with their vectors) adds its own best chunk: "…, and how
        common is pytorch in job posts?" is answered in a chunk the rest of the question does not lead to.
        """
        index = self._loaded()
        if not index.ids:
            return []
        depth = min(len(index.ids), max(SEARCH_DEPTH, 4 * k))
        scores, lexical_order = self._fused(vector, self._lexical_scores(query, index), depth, index)
        top_lexical = lexical_order[:LEXICAL_SURE]
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        best = ranked[:k]
        # The chunk sharing most of the question's rare words ("devops") is read even when the dense side missed it.
        best += [(i, scores[i]) for i in top_lexical if all(i != j for j, _ in best)]
        best += _other_articles(ranked[k:], best, index.ids)
        for part, part_vector in parts:
            own, _ = self._fused(part_vector, _bm25(part, index), depth, index)
            top = max(own, key=own.__getitem__, default=None)
            best += [(top, scores.get(top, 0.0))] if top is not None and all(top != j for j, _ in best) else []
        further = ranked[k : k + STATING_DEPTH] if states is not None else []
        index.prefetch([index.ids[i] for i, _ in best + further])
        best += [(i, sc) for i, sc in further if states(index.chunk_text(index.ids[i]))][:EXTRA_STATING]
        passages = []
        for i, s in best:
            doc, facts = index.passage(i)
            passages.append(Passage(doc=doc, score=s, facts=facts))
        return passages

    def _fused(
        self, vector: np.ndarray, lexical: np.ndarray | None, depth: int, index: ChunkIndex
    ) -> tuple[dict[int, float], list[int]]:
        """Chunk rows scored by reciprocal-rank fusion of the dense ranking and BM25, and the BM25 order alone."""
        dense = self.store.chunks.query(query_embeddings=[vector.tolist()], n_results=depth, include=["distances"])
        dense_ids = [i for i in dense["ids"][0] if i in index.row_of]
        scores = {index.row_of[chunk_id]: 1.0 / (RRF_K + rank) for rank, chunk_id in enumerate(dense_ids)}
        order = [int(i) for i in np.argsort(-lexical)[:depth] if lexical[i] > 0] if lexical is not None else []
        for rank, idx in enumerate(order):
            scores[idx] = scores.get(idx, 0.0) + 1.0 / (RRF_K + rank)
        return scores, order

    def _lexical_scores(self, query: str, index: ChunkIndex | None = None) -> np.ndarray | None:
        """BM25 scores of every chunk; the last query's are kept (search and the pay-fact cut both ask)."""
        index = index or self._loaded()
        last = self._last_lexical
        if last is not None and last[0] is index and last[1] == query:
            return last[2]
        scores = _bm25(query, index)
        self._last_lexical = (index, query, scores)
        return scores

    def best_pay_facts(self, query: str, place: str, k: int) -> list[tuple[Fact, Document]]:
        """The pay facts in a place (anywhere for "") of the k chunks holding them that match the query best lexically.

        A cheap first cut: the cost stays that of k chunks however many pay facts the store holds.
        """
        index = self._loaded()
        rows = index.pay_rows(place)
        lexical = self._lexical_scores(query, index) if len(rows) > k else None
        if lexical is not None:
            rows = rows[np.argsort(-lexical[rows], kind="stable")[:k]]
        rows = rows[:k]
        index.prefetch([index.ids[r] for r in rows])
        out = []
        for r in rows:
            doc, facts = index.passage(int(r))
            out.extend((f, doc) for f in facts if f.kind == "salary" and place in pay_places(f.location))
        return out

    @property
    def idf(self) -> dict[str, float]:
        """Inverse document frequency of each indexed token (how distinctive a word is in the corpus)."""
        return self._loaded().idf()

    @property
    def vocabulary(self) -> frozenset[str]:
        """Every word of the ingested articles: a word they use is never a typo to "correct"."""
        return self._loaded().vocabulary()

    def named_articles(self, tokens: set[str]) -> set[str]:
        """The articles a question names by a rare word of their title or file name ("per the Lakeshore FAQ").

        A word names an article when no other article's title or name has it, few chunks use it and English does
        not use it often: "lumen" in "lumen-internal-comp-bands", not "salary" or "bands", nor a place's name.
        """
        index = self._loaded()
        if self._names is None or self._names[0] is not index:
            by_word: dict[str, set[str]] = {}
            geo = gazetteer()
            for doc_id, title in index.articles().items():
                name = f"{doc_id.replace('-', ' ').title()} | {title}"
                for place in geo.find(name):  # "toronto" is a place asked, not the article's name
                    name = re.sub(rf"\b{re.escape(place)}\b", " ", name, flags=re.I)
                for word in {w.lower() for w in tokenize(name) if w.isalpha() and len(w) >= NAME_CHARS and _naming(w)}:
                    by_word.setdefault(word, set()).add(doc_id)
            idf = index.idf()
            rare = NAMING_IDF * max(idf.values(), default=0.0)
            self._names = (
                index,
                {w: next(iter(d)) for w, d in by_word.items() if len(d) == 1 and idf.get(stems([w])[0], 0) >= rare},
            )
        return {self._names[1][t] for t in tokens if t in self._names[1]}  # as written: "certificates" is no "certif"

    @property
    def places(self) -> frozenset[str]:
        """The places the articles give pay for: a member may name them in lower case ("porto")."""
        return self._loaded().places()

    def sentence_vectors(self, doc: Document) -> list[SentenceView]:
        """The sentences of a chunk with their vectors: stored at ingest, else embedded here."""
        candidates = _candidates(doc)
        if not candidates:
            return []
        stored = self._stored_vectors(doc, len(candidates))
        if stored is None or np.isnan(stored[:, 0]).any():
            stored = self._sentence_embeddings([ctx for _, ctx, _ in candidates])
        return [SentenceView(shown, ctx, header, stored[k]) for k, (shown, ctx, header) in enumerate(candidates)]

    def heading(self, doc: Document) -> SentenceView | None:
        """A chunk's section heading as a sentence of its own ("Level 4 — Senior (4+ years)"), None if it has none.

        Headings are not embedded at ingest; the few a question reads are embedded here and kept.
        """
        meta = doc.metadata
        section = str(meta.get("section", "")).strip()
        if not section or section == str(meta.get("title", "")).strip():
            return None
        context = embed_text(str(meta.get("title", "")), section, section)
        return SentenceView(section, context, "", self._sentence_embeddings([context])[0])

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


# "It pays…", "This role…" refer to the sentence before; "This year…" is a time, not a reference.
REFERS_BACK = re.compile(
    r"(?:It|Its|This|That|These|Those|They|Their|Such)\b(?!\s+(?:year|month|week|quarter|spring|summer|autumn|fall|winter)\b)"
)

NAMED_BEFORE = re.compile(
    r"\b(?:it|that|this)(?:'s|’s| is| was)\s+the\s+(?:one|ones|thing|only)\b", re.I
)  # "told us it's the one", "so that's the only certification the bank will pay for"


def _naming(word: str) -> bool:
    """Whether a title word can name its article: rare in English and no word of the domain ("mlops", "pytorch")."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en", wordlist="small") < NAMING_ZIPF and word not in _domain_words()


@lru_cache(maxsize=1)
def _domain_words() -> frozenset[str]:
    from bot.question import vocabulary

    return frozenset(vocabulary())


def _candidates(doc: Document) -> list[tuple[str, str, str]]:
    """(text shown, text embedded, header) per sentence of a chunk, aligned with the vectors stored at ingest.

    A sentence opening with "It/This ..." or saying "it's the one …" is shown after its antecedent.
    """
    text = doc.page_content
    meta = doc.metadata
    headers = _row_headers(text)
    out = []
    prev = ""
    for a, b in sentence_spans(text):
        sent = text[a:b]
        shown = f"{prev} {sent}" if prev and (REFERS_BACK.match(sent) or NAMED_BEFORE.search(sent)) else sent
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
        if item[k] and k and lead_in_of(lines[k - 1]):
            end = k
            while end < len(lines) and item[end]:
                end += 1
            headers.update({n: lines[k - 1] for n in range(k, end)})
        k = max(end, k + 1)
    return headers
