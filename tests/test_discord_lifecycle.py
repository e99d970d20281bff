"""The bot across restarts and shutdowns: buttons that outlive the process, SIGTERM with SQLite intact."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bot.answer import Answerer
from bot.app import CareerBot
from bot.cogs.ask import QUOTES_GONE
from bot.feedback import MIGRATIONS, FeedbackLog
from ingest.settings import Settings
from ingest.store import Store
from tests.conftest import CORPUS, ROOT, synthetic_articles
from tests.fake_discord import GUILD_ID, MOD_ROLE_ID, FakeDiscord, bot_running, member

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]

QUESTION = "How much does a machine learning engineer make in the Philippines?"


@pytest.fixture(scope="module")
def ingested(corpus_store) -> Settings:
    settings, _ = corpus_store
    return settings.model_copy(update={"discord_guild_ids": [GUILD_ID]})


def new_bot(settings: Settings, embeddings) -> CareerBot:
    return CareerBot(
        settings,
        answerer=Answerer(settings, Store(settings, embeddings=embeddings)),
        feedback=FeedbackLog(settings.data_dir / "careerbot.sqlite3"),
        guild_ready_timeout=0.1,
    )


async def test_answer_buttons_work_after_a_restart(ingested: Settings, embeddings) -> None:
    fake = FakeDiscord()
    await fake.start()
    async with bot_running(new_bot(ingested, embeddings), fake):
        reply = await fake.reply_to(await fake.slash("ask", {"question": QUESTION}, who=member(11, "a")))
    buttons = fake.buttons(reply)
    cited = reply.payload["embeds"][0]["description"]
    assert "PHP 455,000 to PHP 685,000" in cited

    restarted = new_bot(ingested, embeddings)  # a new process in all but name: nothing kept in memory
    async with bot_running(restarted, fake):
        quotes = await fake.reply_to(await fake.click(reply.message_id, buttons["quotes"], who=member(12, "b")))
        fields = quotes.payload["data"]["embeds"][0]["fields"]
        assert quotes.payload["data"]["flags"] & 64
        assert any("PHP 455,000 to PHP 685,000" in f["value"] for f in fields)
        vote = await fake.reply_to(await fake.click(reply.message_id, buttons["down"], who=member(13, "c")))
        assert "Thanks" in vote.payload["data"]["content"]
        assert restarted.feedback.stats().down == 1

        with contextlib.closing(sqlite3.connect(ingested.data_dir / "careerbot.sqlite3")) as raw:
            raw.execute("DELETE FROM answers WHERE answer_id = ?", (buttons["quotes"].rsplit(":", 1)[1],))
            raw.commit()  # an answer no longer kept
        missing = await fake.reply_to(await fake.click(reply.message_id, buttons["quotes"], who=member(14, "d")))
        assert missing.payload["data"]["content"] == QUOTES_GONE
    await fake.stop()


def niceness() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


def count(db: Path, table: str) -> int:
    if not db.exists():
        return 0
    with contextlib.closing(sqlite3.connect(db)) as raw:
        return raw.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


async def test_sigterm_closes_the_bot_cleanly_with_the_database_intact(ingested: Settings) -> None:
    """`careerbot run` in its own process: answers, then SIGTERM while more questions are in flight."""
    db = ingested.data_dir / "careerbot.sqlite3"
    before = {t: count(db, t) for t in ("questions", "answers")}
    fake = FakeDiscord()
    await fake.start()
    env = {
        **os.environ,
        "DISCORD_TOKEN": "test-token",
        "DISCORD_GUILD_IDS": str(GUILD_ID),
        "CHROMA_PATH": str(ingested.chroma_path),
        "CORPUS_DIR": str(CORPUS),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.bot_proc", fake.api_base, fake.gateway_url],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        await asyncio.wait_for(fake.identified.wait(), 120)
        first = await fake.reply_to(await fake.slash("ask", {"question": QUESTION}, who=member(21, "a")))
        assert "PHP 455,000" in first.payload["embeds"][0]["description"]
        in_flight = [await fake.slash("ask", {"question": QUESTION}, who=member(22 + k, "b")) for k in range(12)]
        await fake.wait_for(lambda s: s.interaction == in_flight[-1] and s.route == "callback")  # deferred
        proc.send_signal(signal.SIGTERM)
        out, err = await asyncio.to_thread(proc.communicate, timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
        await fake.stop()
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "ERROR" not in err

    assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0  # closed, WAL checkpointed
    with contextlib.closing(sqlite3.connect(db)) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert raw.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    answered = {s.interaction for s in fake.sent if s.route == "followup"}
    assert answered == set(in_flight) | {first.interaction}  # the answers under way were delivered
    assert all(count(db, t) - before[t] == len(answered) for t in before)  # and logged


async def test_long_reingest_edits_its_deferred_reply_with_progress(
    tmp_path: Path, embeddings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """...and runs in a thread of its own at INGEST_NICENESS, leaving the bot's other threads as they were."""
    corpus = tmp_path / "corpus"
    synthetic_articles(corpus, 80)
    settings = Settings(
        _env_file=None,
        corpus_dir=corpus,
        chroma_path=tmp_path / "store" / "chroma",
        discord_guild_ids=[GUILD_ID],
        moderator_role="Moderator",
    )
    bot = new_bot(settings, embeddings)
    bot.progress_every_s = 0.2
    priorities: list[int] = []

    async with bot_running(bot) as fake:
        loaded = sys.modules["bot.cogs.moderation"]  # the module the bot loaded as an extension
        real = loaded.ingest_paths

        def spy(*args, **kwargs):
            priorities.append(niceness())
            return real(*args, **kwargs)

        monkeypatch.setattr(loaded, "ingest_paths", spy)
        iid = await fake.slash("reingest", who=member(31, "mod", roles=(MOD_ROLE_ID,)))
        done = await fake.wait_for(lambda s: s.interaction == iid and s.route == "followup", timeout=120)
        after = await bot.run_blocking(niceness)
    assert "80 added" in done.payload["content"]
    if sys.platform == "linux":
        assert priorities == [max(settings.ingest_niceness, os.getpriority(os.PRIO_PROCESS, 0))]
        assert after == os.getpriority(os.PRIO_PROCESS, 0)
    edits = [s for s in fake.for_interaction(iid) if s.route == "edit" and s.at < done.at]
    counts = [tuple(map(int, re.search(r"(\d+)/(\d+) articles", e.payload["content"]).groups())) for e in edits]
    assert fake.for_interaction(iid)[0].payload["type"] == 5  # deferred first
    assert any(0 < d < 80 for d, _ in counts) and all(t == 80 for _, t in counts)
    assert counts == sorted(counts) and counts[-1] == (80, 80)
    assert edits[-1].payload["content"] == "Reingesting: 80/80 articles — done."
