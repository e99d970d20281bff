"""Load on the bot through discord.py's real dispatch (the fake Discord of tests/): deferral, bursts, memory.

    python bench/discord_load.py [--questions 1000]

1. 50 concurrent /ask from 25 members: time from the gateway event to the deferral (goal: all
   within 3 s) and to the answer.
2. A burst of 200 /ask from 20 members, spread unevenly (some ask more than ASK_PER_MINUTE): each
   must get an answer or a polite cooldown message; lost (no reply) or failed replies are counted.
3. RSS of this process after the first 10 answered questions and after N (default 1,000), asked
   in waves of 25 by members who stay under the rate limit (goal: within 50 MB).

Everything runs in this process: the bot, its model and store (the shipped corpus), and the fake
Discord, whose record of sent messages is cleared between waves so it does not count as growth.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.answer import Answerer  # noqa: E402
from bot.app import CareerBot  # noqa: E402
from bot.feedback import FeedbackLog  # noqa: E402
from ingest.pipeline import ingest_paths  # noqa: E402
from ingest.settings import Settings  # noqa: E402
from ingest.store import Store, load_embeddings  # noqa: E402
from tests.fake_discord import GUILD_ID, FakeDiscord, Sent, bot_running, member  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
ROLES = ["ML engineers", "senior ML engineers", "ML leads", "data scientists", "MLOps engineers", "AI engineers"]
PLACES = ["Singapore", "the United States", "the Philippines", "South Korea", "India", "Europe", "Vietnam", "Japan"]
FORMS = ["What do {} earn in {}?", "Salary range for {} in {}?", "Which skills pay most for {} in {}?"]


def rss_mb() -> float:
    """Resident set size of this process now (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def questions() -> list[str]:
    asked = [json.loads(x)["question"] for f in ("dev.jsonl", "paraphrase.jsonl") for x in (EVAL / f).open()]
    asked += [form.format(role, place) for form in FORMS for role in ROLES for place in PLACES]
    return asked


def pct(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1] if len(samples) > 1 else samples[0]


def outcome(sent: Sent | None) -> str:
    if sent is None:
        return "lost"
    if sent.route == "followup" and sent.payload.get("embeds"):
        return "answered"
    text = (sent.payload.get("data") or sent.payload).get("content") or ""
    return "cooldown" if "cooldown" in text.lower() else f"other: {text[:60]}"


async def reply_or_none(fake: FakeDiscord, iid: str, timeout: float) -> Sent | None:
    try:
        return await fake.reply_to(iid, timeout=timeout)
    except TimeoutError:
        return None


async def concurrent(fake: FakeDiscord, asked: list[str]) -> None:
    loop = asyncio.get_running_loop()
    started: dict[str, float] = {}
    for k in range(50):
        iid = await fake.slash("ask", {"question": asked[k % len(asked)]}, who=member(10_000 + k % 25, f"c{k % 25}"))
        started[iid] = loop.time()
    replies = await asyncio.gather(*(reply_or_none(fake, iid, 120) for iid in started))
    deferred = [fake.for_interaction(iid)[0].at - t0 for iid, t0 in started.items()]
    answered = [r.at - started[r.interaction] for r in replies if outcome(r) == "answered"]
    print("50 concurrent /ask from 25 members")
    print(f"  deferred: {sum(d < 3 for d in deferred)}/50 within 3 s; max {max(deferred) * 1000:.0f} ms, "
          f"p95 {pct(deferred, 95) * 1000:.0f} ms")  # fmt: skip
    print(f"  answered: {len(answered)}/50; p50 {statistics.median(answered):.2f} s, max {max(answered):.2f} s")
    fake.sent.clear()


async def burst(fake: FakeDiscord, asked: list[str], limit: int) -> None:
    rng = random.Random(7)
    askers = [rng.randrange(20) for _ in range(200)]
    iids = []
    for k, who in enumerate(askers):
        iids.append(await fake.slash("ask", {"question": asked[k % len(asked)]}, who=member(20_000 + who, f"b{who}")))
    replies = await asyncio.gather(*(reply_or_none(fake, iid, 180) for iid in iids))
    counts = Counter(outcome(r) for r in replies)
    expected = sum(max(0, n - limit) for n in Counter(askers).values())
    finals = Counter(s.interaction for s in fake.sent if s.route == "followup" or s.payload.get("type") == 4)
    doubled = sum(finals[iid] > 1 for iid in iids)
    print(f"burst of 200 /ask from 20 members ({limit} per member per minute)")
    print(f"  {dict(counts)}; cooldowns expected {expected}; answered twice {doubled}")
    fake.sent.clear()


async def memory(fake: FakeDiscord, asked: list[str], total: int) -> None:
    cycle = itertools.cycle(asked)
    members = itertools.cycle(range(300))  # 300 members x a few questions each stays under the rate limit
    done, first = 0, 0.0
    started = time.perf_counter()
    while done < total:
        wave = min(25, total - done)
        iids = []
        for _ in range(wave):
            who = next(members)
            iids.append(await fake.slash("ask", {"question": next(cycle)}, who=member(30_000 + who, f"m{who}")))
        replies = await asyncio.gather(*(reply_or_none(fake, iid, 120) for iid in iids))
        assert all(outcome(r) == "answered" for r in replies), Counter(outcome(r) for r in replies)
        fake.sent.clear()
        done += wave
        if done >= 10 and not first:
            gc.collect()
            first = rss_mb()
    gc.collect()
    last = rss_mb()
    rate = total / (time.perf_counter() - started)
    print(f"memory over {total} questions ({rate:.1f} answered/s)")
    print(f"  RSS after 10: {first:.0f} MB; after {total}: {last:.0f} MB; growth {last - first:+.1f} MB")


async def main(total: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        settings = Settings(
            _env_file=None, corpus_dir=ROOT / "corpus", chroma_path=root / "chroma", discord_guild_ids=[GUILD_ID]
        )
        store = Store(settings, embeddings=load_embeddings(settings))
        ingest_paths([settings.corpus_dir], settings, store)
        bot = CareerBot(
            settings,
            answerer=Answerer(settings, store),
            feedback=FeedbackLog(root / "careerbot.sqlite3"),
            guild_ready_timeout=0.1,
        )
        asked = questions()
        print(f"{os.cpu_count()} CPUs; {len(asked)} distinct questions; ASK_PER_MINUTE={settings.ask_per_minute}")
        async with bot_running(bot) as fake:
            await concurrent(fake, asked)
            await burst(fake, asked, settings.ask_per_minute)
            await memory(fake, asked, total)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=1000)
    asyncio.run(main(parser.parse_args().questions))
