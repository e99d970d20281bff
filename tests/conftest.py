from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from ingest.facts import Fact
from ingest.loaders import load_bytes
from ingest.pipeline import ingest_paths, prepare
from ingest.settings import Settings
from ingest.store import Store, load_embeddings

if TYPE_CHECKING:
    from bot.answer import Answerer

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
MAKE_CORPUS = ROOT.parent / "shared" / "bench" / "make_corpus.py"
LLM_VARS = ("LLM_PROVIDER", "LLM_MODEL", "LLM_BASE_URL", "LLM_API_KEY", "LLM_TIMEOUT_S")


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every data path points into tmp_path; no .env or real token leaks into a test."""
    monkeypatch.chdir(tmp_path)
    for var in ("DISCORD_TOKEN", "CHROMA_HOST", "CHROMA_PATH", "CORPUS_DIR", *LLM_VARS):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture
def settings(tmp_path: Path, corpus: Path) -> Settings:
    return Settings(_env_file=None, corpus_dir=corpus, chroma_path=tmp_path / "store" / "chroma")


@pytest.fixture(scope="session")
def embeddings():
    """The real packaged MiniLM, loaded once per test session."""
    return load_embeddings(Settings(_env_file=None))


@pytest.fixture
def store(settings: Settings, embeddings) -> Store:
    return Store(settings, embeddings=embeddings)


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory: pytest.TempPathFactory, embeddings) -> tuple[Settings, Store]:
    """The shipped corpus, ingested once per session; for tests that only read it."""
    from ingest.pipeline import ingest_paths

    settings = Settings(_env_file=None, corpus_dir=CORPUS, chroma_path=tmp_path_factory.mktemp("corpus") / "chroma")
    store = Store(settings, embeddings=embeddings)
    ingest_paths([CORPUS], settings, store)
    return settings, store


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_chroma(data: Path, port: int) -> subprocess.Popen:
    """A real `chroma run` server on a loopback port, returned once it accepts connections."""
    chroma = Path(sys.executable).with_name("chroma")
    proc = subprocess.Popen(
        [str(chroma), "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    pytest.fail("chroma run did not start")


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory):
    """A real `chroma run` server on a free loopback port."""
    port = free_port()
    proc = start_chroma(tmp_path_factory.mktemp("chroma-server"), port)
    yield ("127.0.0.1", port)
    proc.terminate()
    proc.wait(timeout=10)


def synthetic_articles(folder: Path, n: int, *, lines: int = 4, seed: int = 5) -> list[Path]:
    """N articles from the shared `make_corpus.py`, cut to their first lines (two chunks each by default)."""
    if not MAKE_CORPUS.exists():
        pytest.skip(f"{MAKE_CORPUS} not present")
    subprocess.run(
        [sys.executable, str(MAKE_CORPUS), str(n), str(folder), "--seed", str(seed)], check=True, capture_output=True
    )
    paths = sorted(folder.glob("synthetic-*.txt"))
    for path in paths:
        path.write_text("\n".join(path.read_text(encoding="utf-8").splitlines()[:lines]) + "\n", encoding="utf-8")
    return paths


def article_facts(name: str, text: str) -> dict[str, Fact]:
    """The facts ingest stores for one article, by the figure each states, read as the pipeline reads them."""
    version = prepare(load_bytes(name, text.encode()), "0" * 40, Settings(_env_file=None), len(text))
    return {f["text"]: Fact(**f) for c in version.chunks for f in json.loads(c.metadata["facts"]) if "text" in f}


def articles_answerer(root: Path, articles: dict[str, str], embeddings) -> Answerer:
    """An answerer over a store of these articles alone (file name -> text), ingested as a moderator would."""
    from bot.answer import Answerer

    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in articles.items():
        (corpus / name).write_text(text, encoding="utf-8")
    settings = Settings(_env_file=None, corpus_dir=corpus, chroma_path=root / "chroma")
    store = Store(settings, embeddings=embeddings)
    ingest_paths([corpus], settings, store)
    return Answerer(settings, store=store)
