"""The ingest job: find articles, skip unchanged ones by hash, prepare, embed in batches, write."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import logging
import os
import queue
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ingest.chunking import Chunk, chunk_article, content_hash, sentence_spans, sentences
from ingest.cleaning import CleanedArticle, clean, title_from_doc_id
from ingest.corrections import apply_corrections
from ingest.embeddings import pack_vectors
from ingest.errors import SkippedFile
from ingest.facts import article_period, extract_facts, fill_locations, fill_periods
from ingest.legend import with_codes_defined
from ingest.loaders import SUFFIXES, LoadedArticle, doc_id_for, load_bytes, load_file, too_large
from ingest.money import main_currency, money_in
from ingest.places import article_currencies, gazetteer, towns_known
from ingest.roles import find_role
from ingest.search_index import publish_index
from ingest.settings import Settings
from ingest.store import ChunkRecord, DocVersion, Store

log = logging.getLogger(__name__)

# Bump when cleaning, chunking or fact extraction change, so the next ingest redoes every article.
PIPELINE_VERSION = "104"
# The places an article names first are its scope: where a figure with no place of its own applies.
MAX_SCOPE_PLACES = 5
EMBED_BATCH_CHUNKS = 2048
_DONE = object()
Progress = Callable[[int, int], None]  # (done, total), called from the ingest's thread
EmbedListener = Callable[[int, int, int], None]  # (chunks embedded, chunks to embed, articles done)


@dataclass
class IngestReport:
    """What an ingest did, for the CLI summary, the bot's reply and the audit log."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[SkippedFile] = field(default_factory=list)
    chunks_written: int = 0
    chunks_embedded: int = 0
    orphans_deleted: int = 0
    seconds: float = 0.0
    encodings: dict[str, str] = field(default_factory=dict)  # doc id -> encoding of each text file read

    def summary(self) -> str:
        """One line a moderator can read; names the text files that were not plain UTF-8."""
        line = (
            f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
            f"{len(self.removed)} removed, {len(self.failed)} failed; {self.chunks_written} chunks written "
            f"({self.chunks_embedded} embedded) in {self.seconds:.1f}s"
        )
        legacy = sorted(f"{doc_id} ({enc})" for doc_id, enc in self.encodings.items() if enc != "UTF-8")
        if legacy:
            shown = ", ".join(legacy[:10]) + (f" and {len(legacy) - 10} more" if len(legacy) > 10 else "")
            line += f"; decoded {shown}"
        return line


def yield_cpu(niceness: int) -> None:
    """Lower the calling thread's CPU priority, and that of the threads it starts (Linux).

    An ingest shares a small machine with a bot answering members; at a lower priority it takes
    only the CPU the answers leave, and on an idle machine it runs at full speed all the same.
    Per thread, so a bot can run an ingest in its own thread without slowing its other work.
    """
    if niceness > 0 and sys.platform == "linux":
        with contextlib.suppress(OSError):
            tid = threading.get_native_id()
            os.setpriority(os.PRIO_PROCESS, tid, max(niceness, os.getpriority(os.PRIO_PROCESS, tid)))


def version_hash(data: bytes, settings: Settings) -> str:
    """Hash of an article's bytes and everything that shapes its chunks."""
    h = hashlib.sha256(data)
    h.update(f"|{PIPELINE_VERSION}|{settings.chunk_size}|{settings.chunk_overlap}|{settings.embed_model}".encode())
    return h.hexdigest()[:24]


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[SkippedFile]]:
    """Article files under the given files and folders, and explicit files we cannot read."""
    found: list[Path] = []
    bad: list[SkippedFile] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES))
        elif path.is_file():
            found.append(path)
        else:
            bad.append(SkippedFile(path.name, "no such file or folder"))
    return found, bad


def check_chunk_cap(name: str, chunks: int, settings: Settings) -> None:
    """Refuse an article that would add more chunks than MAX_CHUNKS_PER_DOC allows, naming the setting.

    Checked right after chunking (a second or so for a 2 MB text), before fact extraction and
    embedding, which are what cost minutes.
    """
    if chunks > settings.max_chunks_per_doc:
        raise SkippedFile(name, f"too long: {chunks} chunks, over MAX_CHUNKS_PER_DOC={settings.max_chunks_per_doc}")


def prepare(article: LoadedArticle, doc_hash: str, settings: Settings, size: int) -> DocVersion:
    """Clean, chunk and extract facts of one article into a version ready to embed and write."""
    cleaned = clean(article.text, title=article.title, trust_headings=article.fmt in {"md", "html"})
    with towns_known(gazetteer().towns_named(cleaned.text)):  # "Hamilton, New Zealand" once: "Hamilton" after
        return _prepared_version(article, cleaned, doc_hash, settings, size)


def _prepared_version(
    article: LoadedArticle, cleaned: CleanedArticle, doc_hash: str, settings: Settings, size: int
) -> DocVersion:
    name = article.path.name
    title = cleaned.title or title_from_doc_id(article.doc_id)
    text = with_codes_defined(cleaned.text)
    chunks = chunk_article(text, chunk_size=settings.chunk_size, chunk_overlap=settings.chunk_overlap)
    if not chunks:
        raise SkippedFile(name, "no text left after cleaning")
    check_chunk_cap(name, len(chunks), settings)
    version = DocVersion(
        doc_id=article.doc_id,
        doc_hash=doc_hash,
        metadata={
            "doc_hash": doc_hash,
            "title": title,
            "as_of": cleaned.as_of,
            "path": str(article.path),
            "fmt": article.fmt,
            "encoding": article.encoding or "",
            "bytes": size,
            "chunks": len(chunks),
            "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
        },
    )
    local = article_currencies(f"{title}\n{cleaned.text}")
    currency, period = main_currency(cleaned.text, local), article_period(cleaned.text, title)
    speakers = speaker_roles(chunks)
    chunk_facts = [
        extract_facts(
            c.text,
            title=title,
            section="\n".join(filter(None, [c.section, speakers.get(c.section, "")])),
            as_of=cleaned.as_of,
            currency=currency,
            period=period,
            local=local,
        )
        for c in chunks
    ]
    apply_corrections(chunk_facts, cleaned.text)
    fill_locations([f for facts in chunk_facts for f in facts])
    fill_periods([f for facts in chunk_facts for f in facts])
    scope = "|".join(gazetteer().find(cleaned.text)[:MAX_SCOPE_PLACES])
    for chunk, facts in zip(chunks, chunk_facts, strict=True):
        embed = chunk.embed_text(title)
        version.chunks.append(
            ChunkRecord(
                id=f"{article.doc_id}:{doc_hash[:10]}:{chunk.position:04d}",
                text=chunk.text,
                embed_text=embed,
                metadata={
                    "doc_id": article.doc_id,
                    "doc_hash": doc_hash,
                    "title": title,
                    "section": chunk.section,
                    "position": chunk.position,
                    "chunk_hash": content_hash(embed),
                    "as_of": cleaned.as_of,
                    "scope": scope,
                    "facts": json.dumps([f.model_dump(exclude_defaults=True) for f in facts], ensure_ascii=False),
                },
            )
        )
    return version


class _Embedded:
    """Counts chunks embedded and articles whose every new chunk is embedded, as model batches finish."""

    def __init__(self, versions: list[DocVersion], todo: list[ChunkRecord], listener: EmbedListener | None) -> None:
        self.todo, self.listener = todo, listener
        needed = {c.metadata["chunk_hash"] for c in todo}
        self.waiting = [{c.metadata["chunk_hash"] for c in v.chunks} & needed for v in versions]
        self.owners: dict[object, list[int]] = {}  # chunk hash -> the articles waiting for it
        for k, hashes in enumerate(self.waiting):
            for h in hashes:
                self.owners.setdefault(h, []).append(k)
        self.chunks = 0
        self.docs = sum(1 for hashes in self.waiting if not hashes)

    def batch(self, indices: list[int]) -> None:
        for i in indices:
            h = self.todo[i].metadata["chunk_hash"]
            for k in self.owners.get(h, []):
                self.waiting[k].discard(h)
                self.docs += not self.waiting[k]
        self.chunks += len(indices)
        if self.listener is not None:
            self.listener(self.chunks, len(self.todo), self.docs)


def _embed(
    store: Store, versions: list[DocVersion], report: IngestReport, listener: EmbedListener | None = None
) -> list[DocVersion]:
    """Embed chunks (and, in the same pass, their sentences), reusing vectors of unchanged passages.

    `listener` hears (chunks embedded, chunks to embed, articles done) after each model batch.
    """
    reuse = store.embeddings_by_hash([v.doc_id for v in versions])
    with_spans = hasattr(store.embeddings, "embed_with_spans")

    def stale(c: ChunkRecord) -> bool:
        kept = reuse.get(str(c.metadata["chunk_hash"]))
        return kept is None or (with_spans and not kept[1] and bool(sentence_spans(c.text)))

    # Identical passages (within an article or across the batch) are embedded once.
    todo = list({c.metadata["chunk_hash"]: c for v in versions for c in v.chunks if stale(c)}.values())
    progress = _Embedded(versions, todo, listener)
    if todo:
        model = store.embeddings
        if with_spans:
            spans = []
            for c in todo:
                offset = len(c.embed_text) - len(c.text)
                spans.append([(a + offset, b + offset) for a, b in sentence_spans(c.text)])
            vectors, sentence_vectors = model.embed_with_spans(
                [c.embed_text for c in todo], spans, on_batch=progress.batch
            )
            packed = [pack_vectors(s) for s in sentence_vectors]
        else:
            vectors = model.embed_documents([c.embed_text for c in todo])
            packed = [""] * len(todo)
            progress.batch(list(range(len(todo))))
        for c, vec, sv in zip(todo, vectors, packed, strict=True):
            reuse[c.metadata["chunk_hash"]] = (vec, sv)
    elif listener is not None:
        listener(0, 0, len(versions))
    for v in versions:
        for c in v.chunks:
            c.embedding, c.metadata["sentence_vectors"] = reuse[c.metadata["chunk_hash"]]
    report.chunks_embedded += len(todo)
    return list(versions)


def speaker_roles(chunks: list[Chunk]) -> dict[str, str]:
    """Heading -> the role said under it, for a heading that recurs: a transcript's "Maya Okafor (Toronto)".

    A panel or interview gives each speaker a heading per question; the role they state in one answer ("I'm a
    Staff Machine Learning Engineer") is theirs in the others ("My base is CAD 162,000"). An opening stating pay
    is no one's introduction: "Junior MLEs start at €28,000" says nothing of the table before it.
    """
    counts = Counter(c.section for c in chunks if c.section)
    out: dict[str, str] = {}
    for c in chunks:
        if counts[c.section] > 1 and c.section not in out:
            opening = sentences(c.text.split("\n", 1)[0])
            said = opening[0] if opening and not money_in(opening[0]) else ""  # not "Junior MLEs start at €28,000"
            role = find_role(said) if said else None
            if role and role.fields:
                out[c.section] = role.text
    return out


def _write(store: Store, versions: list[DocVersion], report: IngestReport) -> None:
    store.write(versions)
    report.chunks_written += sum(len(v.chunks) for v in versions)


def ingest_paths(
    paths: Sequence[Path],
    settings: Settings,
    store: Store,
    *,
    rebuild: bool = False,
    prune: bool = False,
    progress: bool = False,
    on_progress: Progress | None = None,
) -> IngestReport:
    """Bring the store in line with these articles; safe to re-run, and to kill at any point.

    `progress` draws a bar on the terminal; `on_progress` hears (articles done, articles to do) from
    the ingest's thread as each one is embedded or skipped, e.g. to edit a Discord reply.
    """
    started = time.perf_counter()
    report = IngestReport()
    files, report.failed = discover(paths)
    with store.write_lock(), store.unavailable_as_error():
        if rebuild:
            store.reset()
        manifest = store.manifest()
        pending: list[tuple[Path, str, int]] = []
        seen: set[str] = set()
        for path in files:
            doc_id = doc_id_for(path)
            if doc_id in seen:
                report.failed.append(SkippedFile(path.name, f"another file already has the id {doc_id!r}"))
                continue
            seen.add(doc_id)
            try:
                size = path.stat().st_size
                data = path.read_bytes() if size <= settings.max_file_bytes else b""
            except OSError as exc:
                report.failed.append(SkippedFile(path.name, f"cannot read ({exc.strerror})"))
                continue
            doc_hash = version_hash(data, settings) if data else ""
            if doc_hash and manifest.get(doc_id, {}).get("doc_hash") == doc_hash:
                report.unchanged.append(doc_id)
            else:
                pending.append((path, doc_hash, size))
        _process(pending, settings, store, manifest, report, progress, on_progress)
        if prune:
            roots = [p.resolve() for p in paths if p.is_dir()]
            for doc_id, meta in sorted(manifest.items()):
                source = Path(str(meta.get("path", ""))).resolve()
                if doc_id not in seen and any(source.is_relative_to(r) for r in roots):
                    store.forget(doc_id)
                    report.removed.append(doc_id)
        if store.needs_sweep():
            report.orphans_deleted = store.delete_orphans(store.manifest())
        publish_index(store, reuse=not rebuild)
    if pending:
        gc.collect()  # an ingest's garbage is freed now, not in a pause during the next answers of this process
    report.seconds = time.perf_counter() - started
    return report


def forget(store: Store, doc_id: str) -> int:
    """Remove one article and its chunks, and publish the search index without it; the chunks removed."""
    with store.write_lock():
        removed = store.forget(doc_id)
        publish_index(store)
    return removed


def _prepared(pending: list[tuple[Path, str, int]], settings: Settings, report: IngestReport, out: queue.Queue) -> None:
    """Producer: load, clean, chunk and extract facts, one article at a time."""
    try:
        for path, doc_hash, size in pending:
            try:
                article = load_file(path, settings.max_file_bytes, settings.pdf_timeout_s)
                version = prepare(article, doc_hash, settings, size)
                _note_encoding(article, report)
                out.put(version)
            except SkippedFile as exc:
                report.failed.append(exc)
                out.put(None)
    finally:
        out.put(_DONE)


def _note_encoding(article: LoadedArticle, report: IngestReport) -> None:
    if article.encoding:
        report.encodings[article.doc_id] = article.encoding
        if article.encoding != "UTF-8":
            log.info("%s: decoded as %s", article.path.name, article.encoding)


def _process(
    pending: list[tuple[Path, str, int]],
    settings: Settings,
    store: Store,
    manifest: dict[str, dict],
    report: IngestReport,
    progress: bool,
    on_progress: Progress | None,
) -> None:
    """Three overlapping stages: prepare (thread), embed (here), write to Chroma (thread)."""
    from tqdm import tqdm

    prepared: queue.Queue = queue.Queue(maxsize=64)
    producer = threading.Thread(target=_prepared, args=(pending, settings, report, prepared), daemon=True)
    producer.start()
    batch: list[DocVersion] = []
    writing: Future | None = None
    done = 0
    with (
        ThreadPoolExecutor(max_workers=1) as writer,
        tqdm(total=len(pending), unit="doc", disable=not progress or not pending, desc="ingest") as bar,
    ):

        def advance(n: int) -> None:
            nonlocal done
            if n > 0:
                done += n
                bar.update(n)
                if on_progress is not None:
                    on_progress(done, len(pending))

        def flush() -> Future:
            in_batch = 0

            def embedded(_chunks: int, _total: int, docs: int) -> None:
                nonlocal in_batch
                advance(docs - in_batch)
                in_batch = docs

            vectors_ready = _embed(store, batch, report, embedded)
            if writing is not None:
                writing.result()
            return writer.submit(_write, store, vectors_ready, report)

        while (item := prepared.get()) is not _DONE:
            if item is None:
                advance(1)
                continue
            item.replaces = item.doc_id in manifest
            (report.updated if item.replaces else report.added).append(item.doc_id)
            batch.append(item)
            if sum(len(v.chunks) for v in batch) >= EMBED_BATCH_CHUNKS:
                writing, batch = flush(), []
        if batch:
            writing = flush()
        if writing is not None:
            writing.result()
    producer.join()


def ingest_upload(
    name: str, data: bytes, settings: Settings, store: Store, on_progress: Progress | None = None
) -> IngestReport:
    """Ingest one uploaded article (from Discord) and keep a copy in the corpus folder.

    `on_progress` hears (chunks embedded, chunks to embed) as the model works through the article.
    """
    started = time.perf_counter()
    report = IngestReport()
    if len(data) > settings.max_file_bytes:
        raise SkippedFile(name, too_large(len(data), settings.max_file_bytes))
    safe_name = Path(name).name
    article = load_bytes(safe_name, data, pdf_timeout_s=settings.pdf_timeout_s)
    target = settings.corpus_dir / safe_name
    article.path = target
    with store.write_lock(), store.unavailable_as_error():
        manifest = store.manifest()
        version = prepare(article, version_hash(data, settings), settings, len(data))
        _note_encoding(article, report)
        if manifest.get(version.doc_id, {}).get("doc_hash") == version.doc_hash:
            report.unchanged.append(version.doc_id)
        else:
            (report.updated if version.doc_id in manifest else report.added).append(version.doc_id)
            listener = (lambda chunks, total, _docs: on_progress(chunks, total)) if on_progress else None
            _write(store, _embed(store, [version], report, listener), report)
            publish_index(store)
        settings.corpus_dir.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(target.suffix + ".part")
        tmp.write_bytes(data)
        tmp.replace(target)
    report.seconds = time.perf_counter() - started
    return report
