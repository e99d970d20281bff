"""Processes the chaos tests start: an ingest that SIGKILLs itself at a chosen write step, and a reader.

    python -m tests.chaos_procs ingest STEP [PATH ...]   # STEP: chunks | switch | delete | stall
    python -m tests.chaos_procs read QUESTION            # one JSON line per answer until SIGTERM

Both read CHROMA_PATH / CHROMA_HOST from the environment like `careerbot` does. The ingest kills
itself with SIGKILL right after the chosen Chroma call returns, so a kill lands exactly between two
steps of a write: new chunks stored (`chunks`), manifest switched (`switch`), some old chunks
deleted (`delete`); `stall` instead waits after storing chunks, for the test to stop the store.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
import time
from collections import Counter

FIGURE = re.compile(r"\$\d{3},\d{3}")
STALL_S = 5.0
PAUSE_S = 0.05  # a busy member's pace; leaves the writer some CPU on a 2-core machine


def _die_after(step: str) -> None:
    from chromadb.api.models.Collection import Collection

    def hook(method: str, fires, then=lambda: os.kill(os.getpid(), signal.SIGKILL)):
        real = getattr(Collection, method)

        def wrapped(self, *args, **kwargs):
            result = real(self, *args, **kwargs)
            if fires(self, kwargs):
                then()
            return result

        setattr(Collection, method, wrapped)

    if step == "chunks":
        hook("upsert", lambda c, kw: not c.name.endswith("_docs"))
    elif step == "stall":  # announce (a file named by CHAOS_STALL_FILE), then wait a while: the test pulls the store
        hook("upsert", lambda c, kw: not c.name.endswith("_docs"), then=_stall)
    elif step == "switch":
        hook("upsert", lambda c, kw: c.name.endswith("_docs") and any(not i.startswith("~") for i in kw["ids"]))
    elif step == "delete":
        hook("delete", lambda c, kw: not c.name.endswith("_docs") and "where" in kw)


def _stall() -> None:
    from pathlib import Path

    Path(os.environ["CHAOS_STALL_FILE"]).touch()
    time.sleep(STALL_S)


def ingest(step: str, paths: list[str]) -> int:
    from bot.cli import main

    _die_after(step)
    return main(["ingest", *paths])


def read(question: str) -> None:
    """Answer one question in a loop; each line: figures quoted, grounded, and whether every doc was whole."""
    from bot.answer import Answerer, grounded
    from ingest.settings import Settings

    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    answerer = Answerer(Settings())
    store = answerer.store
    while not stopping:
        record: dict = {}
        try:
            answer = answerer.answer(question)
            record = {"figures": FIGURE.findall(answer.answer), "grounded": grounded(answer)}
            before = store.generation()
            manifest = store.manifest()
            _, _, metas = store.active_chunks()
            if store.generation() == before:
                counts = Counter(m["doc_id"] for m in metas)
                record["docs"] = len(manifest)
                record["partial"] = sorted(d for d, m in manifest.items() if counts[d] != m["chunks"])
        except Exception as exc:  # the point of the test: there must be none
            record = {"error": f"{type(exc).__name__}: {exc}"}
        print(json.dumps(record), flush=True)
        time.sleep(PAUSE_S)


if __name__ == "__main__":
    if sys.argv[1] == "ingest":
        sys.exit(ingest(sys.argv[2], sys.argv[3:]))
    read(sys.argv[2])
