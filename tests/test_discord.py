"""The unmodified bot (`bot.start(token)`) against a local server playing Discord's REST, gateway and CDN."""

from __future__ import annotations

import asyncio
import shutil

import discord
import pytest
import pytest_asyncio
from pydantic import SecretStr

from bot.answer import Answer, Answerer, Citation
from bot.app import CareerBot
from bot.feedback import FeedbackLog
from ingest.pipeline import ingest_paths
from ingest.settings import Settings
from ingest.store import Store
from tests.conftest import CORPUS
from tests.fake_discord import GUILD_ID, MOD_ROLE_ID, THREAD_ID, FakeDiscord, member

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]

ASK_PER_MINUTE = 3
NEW_ARTICLE = b"""# Machine Learning Engineer Pay in Denmark 2026

Last Updated: March 2026

## Salaries

Machine Learning Engineers in Denmark earn between \xe2\x82\xac85,000 and \xe2\x82\xac120,000 per year.
"""
MODERATOR = member(50, "mod", roles=(MOD_ROLE_ID,))
users = iter(range(1000, 100000))


def someone() -> dict:
    uid = next(users)
    return member(uid, f"user{uid}")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def running(tmp_path_factory: pytest.TempPathFactory, embeddings):
    root = tmp_path_factory.mktemp("discord")
    corpus = root / "corpus"
    shutil.copytree(CORPUS, corpus)
    settings = Settings(
        _env_file=None,
        corpus_dir=corpus,
        chroma_path=root / "store" / "chroma",
        discord_guild_ids=[GUILD_ID],
        moderator_role="Moderator",
        ask_per_minute=ASK_PER_MINUTE,
        max_file_mb=0.05,
    )
    store = Store(settings, embeddings=embeddings)
    ingest_paths([corpus], settings, store)
    fake = FakeDiscord()
    await fake.start()
    patch = pytest.MonkeyPatch()
    patch.setattr(discord.http.Route, "BASE", fake.api_base)
    patch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", discord.gateway.yarl.URL(fake.gateway_url))
    bot = CareerBot(
        settings,
        answerer=Answerer(settings, store),
        feedback=FeedbackLog(root / "feedback.sqlite3"),
        guild_ready_timeout=0.1,
    )
    task = asyncio.create_task(bot.start("test-token"))
    await asyncio.wait_for(bot.wait_until_ready(), 120)
    yield fake, bot, settings
    await bot.close()
    await asyncio.wait_for(task, 30)
    await fake.stop()
    patch.undo()


async def test_commands_sync_to_the_guild_with_moderator_defaults(running) -> None:
    fake, _, _ = running
    commands = {c["name"]: c for c in fake.synced[str(GUILD_ID)]}
    assert {"ask", "salary", "skills", "sources", "help", "ingest", "reingest", "forget"} <= set(commands)
    for name in ("ingest", "reingest", "forget"):
        assert int(commands[name]["default_member_permissions"]) == discord.Permissions(manage_guild=True).value
    assert commands["ask"]["default_member_permissions"] is None


async def test_ask_defers_then_follows_up_with_a_cited_embed(running) -> None:
    fake, bot, _ = running
    sent_at = asyncio.get_running_loop().time()
    iid = await fake.slash(
        "ask", {"question": "How much does a machine learning engineer make in the Philippines?"}, who=someone()
    )
    reply = await fake.reply_to(iid)
    first = fake.for_interaction(iid)[0]
    assert first.route == "callback" and first.payload["type"] == 5  # deferred
    assert first.at - sent_at < 3.0
    embed = reply.payload["embeds"][0]
    assert "PHP 455,000 to PHP 685,000" in embed["description"] and "[1]" in embed["description"]
    assert embed["fields"][0]["name"] == "Sources" and "[1]" in embed["fields"][0]["value"]
    assert "(as of " in embed["fields"][0]["value"]  # members see how old each cited figure is
    buttons = fake.buttons(reply)
    assert set(buttons) == {"up", "down", "quotes"}
    assert len({b.rsplit(":", 1)[1] for b in buttons.values()}) == 1  # one answer id on all three

    quotes = await fake.click(reply.message_id, buttons["quotes"], who=someone())
    shown = await fake.reply_to(quotes)
    assert shown.payload["data"]["flags"] & 64  # ephemeral
    assert "PHP 455,000 to PHP 685,000" in shown.payload["data"]["embeds"][0]["fields"][0]["value"]

    before = bot.feedback.stats().up
    vote = await fake.click(reply.message_id, buttons["up"], who=someone())
    await fake.reply_to(vote)
    assert bot.feedback.stats().up == before + 1


async def test_non_moderator_ingest_is_rejected_audited_and_nothing_changes(running) -> None:
    fake, bot, settings = running
    intruder = someone()
    iid = await fake.slash("ingest", who=intruder, attachment=("denmark-pay.md", NEW_ARTICLE))
    reply = await fake.reply_to(iid)
    assert "Moderators only" in reply.payload["data"]["content"]
    assert reply.payload["data"]["flags"] & 64
    assert "denmark-pay" not in bot.answerer.store.manifest()
    assert not (settings.corpus_dir / "denmark-pay.md").exists()
    forgot = await fake.reply_to(await fake.slash("forget", {"source": "ml-careers-asia-2026"}, who=intruder))
    assert "Moderators only" in forgot.payload["data"]["content"]
    assert "ml-careers-asia-2026" in bot.answerer.store.manifest()
    refused = [e[1:] for e in bot.feedback.audit_entries() if e[1].endswith(f"({intruder['user']['id']})")]
    assert [(a, t, r) for _, a, t, r in refused] == [
        ("ingest", "denmark-pay.md", "refused: not a moderator"),
        ("forget", "ml-careers-asia-2026", "refused: not a moderator"),
    ]


async def test_moderator_ingest_answers_at_once_and_forget_removes_it(running) -> None:
    fake, bot, settings = running
    question = {"question": "How much do ML engineers earn in Denmark?"}
    iid = await fake.slash("ingest", who=MODERATOR, attachment=("denmark-pay.md", NEW_ARTICLE))
    done = await fake.reply_to(iid)
    assert "1 added" in done.payload["content"]

    asked = await fake.reply_to(await fake.slash("ask", question, who=someone()))
    embed = asked.payload["embeds"][0]
    assert "€85,000 and €120,000" in embed["description"]
    assert "Machine Learning Engineer Pay in Denmark 2026" in embed["fields"][0]["value"]

    forgot = await fake.reply_to(await fake.slash("forget", {"source": "denmark-pay"}, who=MODERATOR))
    assert "Forgot `denmark-pay`" in forgot.payload["content"]
    again = await fake.reply_to(await fake.slash("ask", question, who=someone()))
    assert "€85,000" not in again.payload["embeds"][0]["description"]
    assert "no pay figures" in again.payload["embeds"][0]["description"]
    assert "Denmark" in again.payload["embeds"][0]["description"]
    actions = [(a, t) for _, _, a, t, _ in bot.feedback.audit_entries()]
    assert ("ingest", "denmark-pay.md") in actions and ("forget", "denmark-pay") in actions


@pytest.mark.parametrize(
    ("filename", "data", "reason"),
    [
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 8, "binary"),
        ("huge.md", b"# Big\n" + b"x" * 60_000, "too large"),
        ("notes.docx", b"PK\x03\x04", "unsupported file type"),
    ],
)
async def test_bad_attachments_are_refused_clearly(running, filename: str, data: bytes, reason: str) -> None:
    fake, bot, _ = running
    before = set(bot.answerer.store.manifest())
    reply = await fake.reply_to(await fake.slash("ingest", who=MODERATOR, attachment=(filename, data)))
    text = reply.payload.get("content") or reply.payload["data"]["content"]
    assert "Not ingested" in text and reason in text and filename in text
    assert set(bot.answerer.store.manifest()) == before


async def test_cooldown_per_user(running) -> None:
    fake, _, _ = running
    asker = someone()
    replies = []
    for _ in range(ASK_PER_MINUTE + 1):
        replies.append(await fake.reply_to(await fake.slash("ask", {"question": "Skills for ML leads?"}, who=asker)))
    last = replies[-1].payload["data"]
    assert "cooldown" in last["content"].lower() and last["flags"] & 64
    other = await fake.reply_to(await fake.slash("ask", {"question": "Skills for ML leads?"}, who=someone()))
    assert other.route == "followup"


async def test_a_burst_gets_every_question_an_answer_or_a_cooldown_none_silent(running) -> None:
    """24 /ask at once from 4 members, twice the rate limit each: 12 answers, 12 polite cooldowns."""
    fake, _, _ = running
    askers = [someone() for _ in range(4)]
    iids = [await fake.slash("ask", {"question": f"Skills for ML leads? ({k})"}, who=askers[k % 4]) for k in range(24)]
    await asyncio.gather(*(fake.reply_to(iid, timeout=120) for iid in iids))
    answered = cooled = 0
    for iid in iids:
        finals = [s for s in fake.for_interaction(iid) if s.route == "followup" or s.payload.get("type") == 4]
        assert len(finals) == 1, finals  # exactly one reply: none lost, none doubled
        if finals[0].route == "followup":
            answered += bool(finals[0].payload["embeds"])
        else:
            data = finals[0].payload["data"]
            cooled += "cooldown" in data["content"].lower() and bool(data["flags"] & 64)
    assert (answered, cooled) == (4 * ASK_PER_MINUTE, 24 - 4 * ASK_PER_MINUTE)


async def test_everyone_in_a_question_pings_nobody(running) -> None:
    fake, _, _ = running
    reply = await fake.reply_to(
        await fake.slash("ask", {"question": "@everyone what do ML engineers make in Seoul?"}, who=someone())
    )
    assert reply.payload["allowed_mentions"] == {"parse": []}
    assert "@everyone" in reply.payload["embeds"][0]["title"]
    assert not reply.payload.get("content")


async def test_very_long_answer_stays_within_limits(running, monkeypatch: pytest.MonkeyPatch) -> None:
    fake, bot, _ = running
    huge = Answer(
        question="q" * 400,
        answer="figure $1 [1] " * 900,
        refused=False,
        citations=[
            Citation(n=k, source=f"doc-{k}", title="T" * 300, section="S" * 300, quote="Q" * 2000, chunk_id=f"c{k}")
            for k in range(1, 41)
        ],
    )
    monkeypatch.setattr(bot.answerer, "answer", lambda question: huge)
    reply = await fake.reply_to(await fake.slash("ask", {"question": "long one"}, who=someone()))
    assert reply.route == "followup" and not fake.rejected
    quotes = await fake.reply_to(await fake.click(reply.message_id, fake.buttons(reply)["quotes"], who=someone()))
    assert quotes.payload["type"] == 4 and not fake.rejected


async def test_twenty_concurrent_asks_all_deferred_within_3s_and_answered(running) -> None:
    fake, _, _ = running
    loop = asyncio.get_running_loop()
    started = {}
    for k in range(20):
        started[
            await fake.slash("ask", {"question": f"What do senior ML engineers earn in Europe? ({k})"}, who=someone())
        ] = loop.time()
    replies = await asyncio.gather(*(fake.reply_to(iid, timeout=120) for iid in started))
    for iid, t0 in started.items():
        first = fake.for_interaction(iid)[0]
        assert first.payload["type"] == 5 and first.at - t0 < 3.0
    assert all("€90,000 - €150,000+" in r.payload["embeds"][0]["description"] for r in replies)


async def test_mention_in_a_thread_is_answered_in_the_thread(running) -> None:
    fake, _, _ = running
    mid = await fake.mention("salary range for ML engineers in South Korea?", channel_id=THREAD_ID, who=someone())
    reply = await fake.wait_for(lambda s: s.route == f"message:{THREAD_ID}")
    assert str(reply.payload["message_reference"]["message_id"]) == mid
    assert "₩60 million to ₩120 million" in reply.payload["embeds"][0]["description"]
    assert reply.payload["allowed_mentions"]["parse"] == []


async def test_internal_error_gets_a_polite_reply(running, monkeypatch: pytest.MonkeyPatch) -> None:
    fake, bot, _ = running

    def boom(question: str) -> Answer:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(bot.answerer, "answer", boom)
    reply = await fake.reply_to(await fake.slash("ask", {"question": "anything about ML pay?"}, who=someone()))
    text = reply.payload.get("content", "")
    assert "something went wrong" in text and "secret internals" not in text and "Traceback" not in text


async def test_rejected_token_ends_with_one_clear_line(running, capsys: pytest.CaptureFixture[str]) -> None:
    from bot.app import run_bot

    _, _, settings = running
    bad = settings.model_copy(update={"discord_token": SecretStr("wrong-token")})
    code = await asyncio.to_thread(run_bot, bad)
    out = capsys.readouterr().out
    assert code == 2
    assert (
        out.strip() == "careerbot: Discord rejected DISCORD_TOKEN (401 Unauthorized); reset it in the Developer Portal."
    )
    assert "wrong-token" not in out
