"""Faults on real components: ingests SIGKILLed at each step of a write while other processes answer,
and a Chroma server stopped and restarted under a running bot."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from bot.answer import Answerer
from bot.app import STORE_DOWN, CareerBot
from bot.feedback import FeedbackLog
from ingest.pipeline import ingest_paths
from ingest.settings import Settings
from ingest.store import Store
from tests.chaos_procs import FIGURE
from tests.conftest import CORPUS, ROOT, free_port, start_chroma, synthetic_articles
from tests.fake_discord import FakeDiscord, Sent, bot_running, member

pytestmark = pytest.mark.slow

SYNTHETIC = 120
LEAD = "ml-lead-united-states-2026"
QUESTION = "What is the projected compensation for a Machine Learning Lead in the United States?"


def lead_figure(revision: int) -> str:
    return f"${175_169 + 1_000 * revision:,}"


class Corpus:
    """The shipped articles plus synthetic ones cut to two chunks each, rewritten whole per revision."""

    def __init__(self, folder: Path, synthetic: int) -> None:
        synthetic_articles(folder, synthetic)
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
                text = text.rstrip("\n") + f" Revision {revision}.\n"
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


class Asker:
    """Members asking the bot at a steady pace through the fake Discord, one fresh member per question."""

    def __init__(self, fake: FakeDiscord, question: str, pace_s: float = 0.3) -> None:
        self.fake, self.question, self.pace_s = fake, question, pace_s
        self.sent: list[str] = []
        self.task = asyncio.create_task(self._ask())

    async def _ask(self) -> None:
        for k in itertools.count():
            self.sent.append(await self.fake.slash("ask", {"question": self.question}, who=member(70_000 + k, f"m{k}")))
            await asyncio.sleep(self.pace_s)

    async def stop(self) -> list[Sent]:
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task
        return await asyncio.gather(*(self.fake.reply_to(iid, timeout=120) for iid in self.sent))


def description(sent: Sent) -> str:
    return (sent.payload.get("embeds") or [{}])[0].get("description", "")


async def test_sigkilled_cli_ingests_while_the_bot_and_another_process_answer(tmp_path: Path, embeddings) -> None:
    """A CLI ingest SIGKILLed at each step of a write (and once from outside, mid-run), with an
    Answerer in another process and the bot (fake Discord) on the same embedded store answering."""
    corpus = Corpus(tmp_path / "corpus", SYNTHETIC)
    settings = Settings(_env_file=None, corpus_dir=corpus.folder, chroma_path=tmp_path / "store" / "chroma")
    corpus.revise(0)
    ingest_paths([corpus.folder], settings, Store(settings, embeddings=embeddings))
    reader = Reader(settings)
    bot = CareerBot(
        settings,
        answerer=Answerer(settings, Store(settings, embeddings=embeddings)),
        feedback=FeedbackLog(tmp_path / "feedback.sqlite3"),
        guild_ready_timeout=0.1,
    )
    steps = ["timed", "chunks", "delete", "switch"]  # "switch" last: the final run then changes nothing
    last = len(steps)
    async with bot_running(bot) as fake:
        await asyncio.to_thread(reader.wait_for, lambda r: lead_figure(0) in r.get("figures", []))
        asker = Asker(fake, QUESTION)
        for revision, step in enumerate(steps, start=1):
            corpus.revise(revision)
            assert await asyncio.to_thread(killed_ingest, settings, step) == -signal.SIGKILL, step
        writer = Store(settings, embeddings=embeddings)
        report = await asyncio.to_thread(ingest_paths, [corpus.folder], settings, writer)
        finished = asyncio.get_running_loop().time()
        await fake.wait_for(lambda s: s.at > finished and lead_figure(last) in description(s), timeout=60)
        replies = await asker.stop()
    await asyncio.to_thread(reader.wait_for, lambda r: r.get("figures") == [lead_figure(last)])
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

    allowed = {lead_figure(r) for r in range(last + 1)}
    assert len(records) >= 20 and not [r for r in records if "error" in r]
    assert all(r["figures"] and set(r["figures"]) <= allowed and r["grounded"] for r in records)
    checked = [r for r in records if "partial" in r]
    assert len(checked) >= 10 and not [r for r in checked if r["partial"]]
    assert all(r["docs"] == len(corpus.doc_ids) for r in checked)

    assert len(replies) >= 20
    for reply in replies:
        assert reply.route == "followup", reply.payload
        shown = set(FIGURE.findall(description(reply)))
        assert shown and shown <= allowed, description(reply)


async def test_chroma_server_stopped_mid_run_then_restarted(tmp_path: Path, embeddings) -> None:
    """The server stops under a CLI ingest and a running bot: the ingest fails in one line, the bot says
    the store is unavailable, and both carry on once it is back, without a restart."""
    data, port = tmp_path / "chroma-server", free_port()
    server = start_chroma(data, port)
    corpus = Corpus(tmp_path / "corpus", SYNTHETIC // 4)
    corpus.revise(0)
    settings = Settings(
        _env_file=None, corpus_dir=CORPUS, chroma_host="127.0.0.1", chroma_port=port, collection="restarts"
    )
    ingest_paths([CORPUS], settings, Store(settings, embeddings=embeddings))
    env = {**os.environ, "CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(port), "COLLECTION": "restarts"}
    stalled = tmp_path / "stalled"
    bot = CareerBot(
        settings,
        answerer=Answerer(settings, Store(settings, embeddings=embeddings)),
        feedback=FeedbackLog(tmp_path / "feedback.sqlite3"),
        guild_ready_timeout=0.1,
    )
    try:
        async with bot_running(bot) as fake:
            before = await fake.reply_to(await fake.slash("ask", {"question": QUESTION}, who=member(81, "a")))
            assert "$175,169" in description(before)

            ingest = subprocess.Popen(
                [sys.executable, "-m", "tests.chaos_procs", "ingest", "stall", str(corpus.folder)],
                env={**env, "CHAOS_STALL_FILE": str(stalled)},
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            await asyncio.to_thread(wait_for_file, stalled, ingest)
            server.terminate()
            server.wait(timeout=30)
            _, err = await asyncio.to_thread(ingest.communicate, timeout=120)
            assert ingest.returncode == 2
            assert (
                err.strip()
                .splitlines()[-1]
                .startswith(f"careerbot: cannot reach the Chroma server at 127.0.0.1:{port}")
            )

            down = await fake.reply_to(await fake.slash("ask", {"question": QUESTION}, who=member(82, "b")))
            assert down.payload["content"] == STORE_DOWN and down.payload["flags"] & 64
            await fake.mention("What is the projected pay of ML leads in the United States?", who=member(83, "c"))
            said = await fake.wait_for(lambda s: s.route.startswith("message:"))
            assert said.payload["content"] == STORE_DOWN

            server = start_chroma(data, port)
            back = await fake.reply_to(await fake.slash("ask", {"question": QUESTION}, who=member(84, "d")))
            assert "$175,169" in description(back)
            report = await asyncio.to_thread(
                ingest_paths, [corpus.folder], settings, Store(settings, embeddings=embeddings)
            )
            listed = report.added + report.updated + report.unchanged
            assert sorted(listed) == corpus.doc_ids and not report.failed  # each article listed once
            assert sorted(report.added) == [d for d in corpus.doc_ids if d.startswith("synthetic-")]
            assert report.orphans_deleted == 0  # the stalled run's chunks are the same ids, rewritten
            assert sorted(Store(settings).manifest()) == corpus.doc_ids
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_for_file(path: Path, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.05)
