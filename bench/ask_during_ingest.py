"""Warm answer latency while a large ingest runs: idle, beside it (another process), inside it (a thread).

    python bench/ask_during_ingest.py [--articles 600]

The store starts with the shipped corpus. Warm `Answerer.answer` latencies over the dev questions are
taken three ways: with nothing else running; while `careerbot ingest` adds N synthetic articles
(../shared/bench/make_corpus.py) in a separate process, as a cron or CLI ingest beside the bot would;
and while `ingest_paths` adds another N in a thread of this process, as a moderator's `/ingest` or
`/reingest` inside the bot does (the bot runs both through `asyncio.to_thread`). Only answers that
start and end while the ingest is running count. Last, the bot itself on the tests' fake Discord runs
a moderator's `/reingest` of another N while members `/ask`, timed from the gateway event to the
answer. Idle latencies after each ingest separate the cost of a bigger store from contention.
The goal in issue 10 is p95 <= 100 ms beside and inside.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.answer import Answerer  # noqa: E402
from bot.app import CareerBot  # noqa: E402
from bot.evaluate import load_items  # noqa: E402
from bot.feedback import FeedbackLog  # noqa: E402
from ingest.pipeline import ingest_paths, yield_cpu  # noqa: E402
from ingest.settings import Settings  # noqa: E402
from ingest.store import Store, load_embeddings  # noqa: E402
from tests.fake_discord import GUILD_ID, MOD_ROLE_ID, bot_running, member  # noqa: E402

SHARED = ROOT.parent / "shared"
DEV = SHARED / "eval" / "dev.jsonl"
MAKE_CORPUS = SHARED / "bench" / "make_corpus.py"


def summary(label: str, samples: list[float], extra: str = "") -> None:
    if len(samples) < 2:
        print(f"{label:>34}: only {len(samples)} answers; use more articles")
        return
    p95 = statistics.quantiles(samples, n=20, method="inclusive")[18]
    print(
        f"{label:>34}: n={len(samples):4d}  p50 {statistics.median(samples):6.1f} ms  "
        f"p95 {p95:6.1f} ms  max {max(samples):7.1f} ms{extra}"
    )


def ask_while(answerer: Answerer, questions: list[str], running) -> list[float]:
    """Answer questions in a loop while `running()` is true; latencies (ms) of answers fully inside it."""
    samples = []
    for question in itertools.cycle(questions):
        if not running():
            break
        started = time.perf_counter()
        answerer.answer(question)
        elapsed = (time.perf_counter() - started) * 1000
        if running():
            samples.append(elapsed)
    return samples


def idle(answerer: Answerer, questions: list[str], rounds: int = 3) -> list[float]:
    samples = []
    for question in questions * rounds:
        started = time.perf_counter()
        answerer.answer(question)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def make_corpus(n: int, out: Path, seed: int) -> Path:
    subprocess.run(
        [sys.executable, str(MAKE_CORPUS), str(n), str(out), "--seed", str(seed)], check=True, capture_output=True
    )
    return out


def beside(settings: Settings, answerer: Answerer, questions: list[str], corpus: Path) -> tuple[list[float], float]:
    env = {**os.environ, "CORPUS_DIR": str(settings.corpus_dir), "CHROMA_PATH": str(settings.chroma_path)}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "ingest", str(corpus)], env=env, cwd=ROOT, stdout=subprocess.DEVNULL
    )
    samples = ask_while(answerer, questions, lambda: proc.poll() is None)
    if proc.wait() != 0:
        raise SystemExit(f"careerbot ingest exited with {proc.returncode}")
    return samples, time.perf_counter() - started


def inside(settings: Settings, answerer: Answerer, embeddings, questions: list[str], corpus: Path):
    result = {}

    def run() -> None:
        yield_cpu(settings.ingest_niceness)  # as the bot's ingest thread does
        result["report"] = ingest_paths([corpus], settings, Store(settings, embeddings=embeddings))

    started = time.perf_counter()
    worker = threading.Thread(target=run, name="ingest")
    worker.start()
    samples = ask_while(answerer, questions, worker.is_alive)
    worker.join()
    return samples, time.perf_counter() - started, result["report"]


async def in_bot(settings: Settings, embeddings, questions: list[str], corpus: Path, tmp: Path):
    """A moderator's /reingest of `corpus` in the bot while members ask, through the fake Discord.

    Latency is the member's: from the gateway event to the bot's answer, one question at a time.
    """
    bot_settings = settings.model_copy(
        update={"corpus_dir": corpus, "discord_guild_ids": [GUILD_ID], "moderator_role": "Moderator"}
    )
    bot = CareerBot(
        bot_settings,
        answerer=Answerer(bot_settings, Store(bot_settings, embeddings=embeddings)),
        feedback=FeedbackLog(tmp / "careerbot.sqlite3"),
        guild_ready_timeout=0.1,
    )
    members = (member(40_000 + k, f"m{k}") for k in itertools.count())  # fresh members: no cooldowns
    samples: list[float] = []
    async with bot_running(bot) as fake:
        loop = asyncio.get_running_loop()
        for question in questions[:5]:
            await fake.reply_to(await fake.slash("ask", {"question": question}, who=next(members)))
        started = time.perf_counter()
        iid = await fake.slash("reingest", who=member(2, "mod", roles=(MOD_ROLE_ID,)))
        done = asyncio.create_task(fake.wait_for(lambda s: s.interaction == iid and s.route == "followup", 3600))
        for question in itertools.cycle(questions):
            if done.done():
                break
            sent_at = loop.time()
            reply = await fake.reply_to(await fake.slash("ask", {"question": question}, who=next(members)), 600)
            if not done.done():
                samples.append((reply.at - sent_at) * 1000)
        summary_line = (await done).payload["content"]
    return samples, time.perf_counter() - started, summary_line


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=600, help="synthetic articles per ingest run")
    args = parser.parse_args()
    questions = [item["question"] for item in load_items(DEV)]
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        settings = Settings(_env_file=None, corpus_dir=ROOT / "corpus", chroma_path=tmp_path / "chroma")
        embeddings = load_embeddings(settings)
        ingest_paths([settings.corpus_dir], settings, Store(settings, embeddings=embeddings))
        answerer = Answerer(settings, Store(settings, embeddings=embeddings))
        idle(answerer, questions, rounds=1)  # warm-up: caches, first-use imports
        print(f"{os.cpu_count()} CPUs; {args.articles} synthetic articles per ingest; {len(questions)} dev questions")
        summary("idle", idle(answerer, questions))

        first = make_corpus(args.articles, tmp_path / "beside", seed=11)
        samples, seconds = beside(settings, answerer, questions, first)
        summary("during CLI ingest (other process)", samples, f"  (ingest {seconds:.0f} s)")
        summary("idle, after it (a bigger store)", idle(answerer, questions))

        second = make_corpus(args.articles, tmp_path / "inside", seed=12)
        samples, seconds, report = inside(settings, answerer, embeddings, questions, second)
        summary("during ingest thread (in-process)", samples, f"  (ingest {seconds:.0f} s: {report.summary()})")
        summary("idle, after it", idle(answerer, questions))

        third = make_corpus(args.articles, tmp_path / "bot", seed=13)
        samples, seconds, line = asyncio.run(in_bot(settings, embeddings, questions, third, tmp_path))
        summary("/ask during /reingest (in the bot)", samples, f"  ({seconds:.0f} s: {line})")
        summary("idle, after it", idle(answerer, questions))


if __name__ == "__main__":
    main()
