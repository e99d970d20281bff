"""The `careerbot` command: each subcommand a thin shell over library code."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ingest.errors import CareerbotError
from ingest.settings import Settings
from ingest.store import Store

LISTED_PER_KIND = 20


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    """Ingest articles (default: CORPUS_DIR); unchanged ones are skipped."""
    from ingest.pipeline import ingest_paths, yield_cpu

    paths = [Path(p) for p in args.paths] or [settings.corpus_dir]
    yield_cpu(settings.ingest_niceness)  # a bot answering on this machine comes first
    store = Store(settings)
    report = ingest_paths(paths, settings, store, rebuild=args.rebuild, prune=args.prune, progress=sys.stderr.isatty())
    for label, ids in (("added", report.added), ("updated", report.updated), ("removed", report.removed)):
        for doc_id in ids[:LISTED_PER_KIND]:
            print(f"  {label:9} {doc_id}")
        if len(ids) > LISTED_PER_KIND:
            print(f"  {label:9} … and {len(ids) - LISTED_PER_KIND} more")
    for failure in report.failed:
        print(f"  failed    {failure}")
    print(report.summary())
    return 1 if report.failed and not (report.added or report.updated or report.unchanged) else 0


def _answerer(settings: Settings):
    """The answer engine over the configured store, ingesting CORPUS_DIR first if the store is empty."""
    from bot.answer import Answerer
    from ingest.pipeline import ingest_paths

    answerer = Answerer(settings)
    if answerer.retriever.empty:
        print(f"careerbot: the store is empty; ingesting {settings.corpus_dir} first", file=sys.stderr)
        ingest_paths([settings.corpus_dir], settings, answerer.store, progress=sys.stderr.isatty())
    return answerer


def _writer(settings: Settings, answerer):
    """The optional LLM writer (None when no LLM is configured), checking answers against the store's chunks."""
    from bot.writer import build_writer

    return build_writer(settings, chunk_text=answerer.retriever.chunk_text)


def _print_answer(answer, as_json: bool, trace: list[str] | None = None) -> None:
    if trace:
        print("Top candidates (score [parts] source: text):", file=sys.stderr)
        for line in trace:
            print(f"  {line}", file=sys.stderr)
    if as_json:
        print(answer.model_dump_json(), flush=True)
        return
    print(answer.answer)
    if answer.citations:
        print("\nSources:")
        for c in answer.citations:
            print(f"  [{c.n}] {c.label()} `{c.source}`")
    print(flush=True)


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer a question from the articles, with citations ("-" reads one question per line from stdin)."""
    answerer = _answerer(settings)
    writer = _writer(settings, answerer)
    questions = (line.strip() for line in sys.stdin) if args.question == "-" else [args.question]
    for question in questions:
        if question:
            trace: list[str] | None = [] if args.explain else None
            answer = answerer.answer(question, trace=trace)
            if writer is not None:
                answer = writer.write(answer)
            _print_answer(answer, args.json, trace)
    if writer is not None:
        writer.close()
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    """Score an eval file or the store's coverage: facts, citations, refusals, grounding (and LLM use, if set)."""
    from bot.coverage import run_coverage
    from bot.evaluate import run_eval

    if not args.file and not args.coverage:
        print("Give an eval file, or --coverage.", file=sys.stderr)
        return 2
    answerer = _answerer(settings)
    figures = None
    if args.coverage:
        report, figures = run_coverage(answerer, sample=args.sample)
    else:
        writer = _writer(settings, answerer)
        report = run_eval(Path(args.file), answerer, writer)
        if writer is not None:
            writer.close()
    if args.verbose:
        for s in report.scored:
            verdict = "PASS" if s.ok else "WRONG" if s.wrong else "FAIL"
            print(f"{verdict} {s.item.get('id', '')}: {s.item['question']}")
            if not s.ok or args.verbose > 1:
                print("     " + s.answer.answer.replace("\n", "\n     "))
    metrics = report.metrics()
    if figures is not None:
        metrics["figures_stated"] = figures
    fallbacks = report.fallbacks() if report.llm else None
    if args.json:
        print(json.dumps(metrics | ({"fallbacks": fallbacks} if fallbacks is not None else {})))
    else:
        for key, value in metrics.items():
            print(f"{key:20} {value}")
        if fallbacks is not None:
            print(f"{'fallbacks':20} {_counts(fallbacks) or 'none'}")
        for kind, row in report.by_kind().items():
            print(f"  {kind:18} {row['ok']:.2f} of {row['n']}")
    return 0


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{reason} {n}" for reason, n in counts.items())


def cmd_sources(args: argparse.Namespace, settings: Settings) -> int:
    """List the ingested articles with their as-of dates and chunk counts."""
    manifest = Store(settings).manifest()
    if args.json:
        print(json.dumps([{"source": k, **v} for k, v in sorted(manifest.items())], ensure_ascii=False))
        return 0
    if not manifest:
        print("No articles ingested yet; run `careerbot ingest`.")
    for doc_id, meta in sorted(manifest.items()):
        print(f"{doc_id}  ({meta.get('chunks')} chunks, as of {meta.get('as_of') or 'n/a'})  {meta.get('title')}")
    return 0


def cmd_forget(args: argparse.Namespace, settings: Settings) -> int:
    """Remove one article (by doc id) and all its chunks from the store."""
    from ingest.pipeline import forget

    n = forget(Store(settings), args.doc_id)
    print(f"forgot {args.doc_id} ({n} chunks)")
    return 0


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    """Bring the search index in INDEX_PATH in line with the store (ingest does this itself)."""
    from ingest.search_index import publish

    if settings.index_dir is None:
        raise CareerbotError("set INDEX_PATH to a folder every bot can read: with CHROMA_HOST there is no default")
    print(publish(Store(settings), settings.index_dir))
    return 0


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Start the Discord bot (needs DISCORD_TOKEN); stops cleanly on Ctrl-C or SIGTERM."""
    from bot.app import run_bot

    return run_bot(settings)


def cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    """Summarise questions asked on Discord: count, refusal rate, votes, LLM use, slowest questions."""
    from bot.feedback import FeedbackLog

    path = settings.data_dir / "careerbot.sqlite3"
    if not path.exists():
        print("No questions recorded yet.")
        return 0
    stats = FeedbackLog(path).stats()
    print(f"questions      {stats.questions}")
    print(f"refusal rate   {stats.refusal_rate:.1%}")
    print(f"feedback       👍 {stats.up}  👎 {stats.down}")
    if stats.llm_used or stats.fallbacks:
        fell_back = sum(stats.fallbacks.values())
        detail = f" ({_counts(stats.fallbacks)})" if fell_back else ""
        print(f"llm writer     {stats.llm_used} used, {fell_back} fell back{detail}")
    for question, ms in stats.slowest:
        print(f"slow  {ms:8.1f} ms  {question[:80]}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; each subcommand's help is its function's docstring."""
    parser = argparse.ArgumentParser(prog="careerbot", description="ML career answers from cited articles.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help=cmd_ingest.__doc__)
    p.add_argument("paths", nargs="*", help="files or folders (default: CORPUS_DIR)")
    p.add_argument("--rebuild", action="store_true", help="drop the store and ingest everything again")
    p.add_argument("--prune", action="store_true", help="forget articles whose file is gone from these folders")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("ask", help=cmd_ask.__doc__)
    p.add_argument("question", help='the question, or "-" to read one per line from stdin')
    p.add_argument("--json", action="store_true", help="one JSON answer per line")
    p.add_argument("--explain", action="store_true", help="print the top candidates and the parts of their scores")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("eval", help=cmd_eval.__doc__)
    p.add_argument("file", nargs="?", help="an eval file (JSONL); omit with --coverage")
    p.add_argument(
        "--coverage", action="store_true", help="ask a question made from each figure-bearing sentence of the store"
    )
    p.add_argument("--sample", type=int, default=0, help="with --coverage: a random sample of this many sentences")
    p.add_argument("--json", action="store_true")
    p.add_argument("-v", "--verbose", action="count", default=0)
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("sources", help=cmd_sources.__doc__)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_sources)

    p = sub.add_parser("run", help=cmd_run.__doc__)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("stats", help=cmd_stats.__doc__)
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("index", help=cmd_index.__doc__)
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("forget", help=cmd_forget.__doc__)
    p.add_argument("doc_id")
    p.set_defaults(func=cmd_forget)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `careerbot` console script."""
    args = build_parser().parse_args(argv)
    settings = Settings()
    logging.basicConfig(level=settings.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("httpx", "httpx2", "openai", "chromadb", "sentence_transformers", "transformers", "huggingface_hub"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        return args.func(args, settings)
    except CareerbotError as exc:
        print(f"careerbot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("careerbot: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
