"""Questions asked, answers sent, votes and the moderators' audit log, in one SQLite file beside the store.

User ids are stored only as salted hashes for questions and votes; the audit log names moderators,
because "who changed the corpus" is its purpose.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

MIGRATIONS = [
    """
    CREATE TABLE questions (
        answer_id TEXT PRIMARY KEY, asked_at TEXT NOT NULL, user_hash TEXT NOT NULL, guild_id TEXT,
        question TEXT NOT NULL, refused INTEGER NOT NULL, latency_ms REAL NOT NULL
    );
    CREATE TABLE votes (
        answer_id TEXT NOT NULL, user_hash TEXT NOT NULL, vote INTEGER NOT NULL, voted_at TEXT NOT NULL,
        PRIMARY KEY (answer_id, user_hash)
    );
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
        target TEXT NOT NULL, result TEXT NOT NULL
    );
    """,
    """
    ALTER TABLE questions ADD COLUMN writer TEXT NOT NULL DEFAULT 'extractive';
    ALTER TABLE questions ADD COLUMN fallback TEXT NOT NULL DEFAULT '';
    """,
    """
    CREATE TABLE answers (answer_id TEXT PRIMARY KEY, saved_at TEXT NOT NULL, answer TEXT NOT NULL);
    """,
]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Stats:
    """What `careerbot stats` prints."""

    questions: int
    refused: int
    up: int
    down: int
    slowest: list[tuple[str, float]]
    llm_used: int = 0
    fallbacks: dict[str, int] = field(default_factory=dict)

    @property
    def refusal_rate(self) -> float:
        """Share of questions refused."""
        return self.refused / self.questions if self.questions else 0.0


class FeedbackLog:
    """A small SQLite log with ordered migrations; safe to call from worker threads."""

    def __init__(self, path: Path, salt: str = "careerbot") -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._salt = salt
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._migrate()

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            self._db.executescript(f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")

    def user_hash(self, user_id: int | str) -> str:
        """A stable pseudonym for a user id (never stored raw)."""
        return hashlib.sha256(f"{self._salt}:{user_id}".encode()).hexdigest()[:16]

    def record_question(
        self, answer_id: str, user_id: int | str, guild_id: int | None, question: str, refused: bool, latency_ms: float
    ) -> None:
        """Log one answered (or refused) question."""
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO questions (answer_id, asked_at, user_hash, guild_id, question, refused, "
                "latency_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (answer_id, _now(), self.user_hash(user_id), str(guild_id or ""), question, int(refused), latency_ms),
            )

    def record_writer(self, answer_id: str, writer: str, fallback: str) -> None:
        """Which writer's text the member ended up with, and why the LLM's was not used (if not)."""
        with self._lock:
            self._db.execute(
                "UPDATE questions SET writer = ?, fallback = ? WHERE answer_id = ?", (writer, fallback, answer_id)
            )

    def save_answer(self, answer_id: str, answer_json: str) -> None:
        """Keep an answer as sent, so its buttons ("Show quotes") still work after a restart."""
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?)", (answer_id, _now(), answer_json))

    def answer_json(self, answer_id: str) -> str | None:
        """The answer saved under this id, as JSON; None when there is none."""
        with self._lock:
            row = self._db.execute("SELECT answer FROM answers WHERE answer_id = ?", (answer_id,)).fetchone()
        return row[0] if row else None

    def record_vote(self, answer_id: str, user_id: int | str, up: bool) -> None:
        """One vote per user per answer; voting again replaces the earlier vote."""
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO votes VALUES (?, ?, ?, ?)",
                (answer_id, self.user_hash(user_id), 1 if up else -1, _now()),
            )

    def audit(self, actor: str, action: str, target: str, result: str) -> None:
        """Record a change to the corpus: who, what, on which article, and how it ended."""
        with self._lock:
            self._db.execute(
                "INSERT INTO audit (at, actor, action, target, result) VALUES (?, ?, ?, ?, ?)",
                (_now(), actor, action, target, result),
            )

    def audit_entries(self) -> list[tuple[str, str, str, str, str]]:
        """The audit log, oldest first."""
        with self._lock:
            return self._db.execute("SELECT at, actor, action, target, result FROM audit ORDER BY id").fetchall()

    def stats(self, slowest: int = 5) -> Stats:
        """Totals for `careerbot stats`."""
        with self._lock:
            total, refused = self._db.execute("SELECT COUNT(*), COALESCE(SUM(refused), 0) FROM questions").fetchone()
            up, down = self._db.execute(
                "SELECT COALESCE(SUM(vote = 1), 0), COALESCE(SUM(vote = -1), 0) FROM votes"
            ).fetchone()
            slow = self._db.execute(
                "SELECT question, latency_ms FROM questions ORDER BY latency_ms DESC LIMIT ?", (slowest,)
            ).fetchall()
            llm_used = self._db.execute("SELECT COUNT(*) FROM questions WHERE writer != 'extractive'").fetchone()[0]
            fallbacks = self._db.execute(
                "SELECT fallback, COUNT(*) AS n FROM questions WHERE fallback != '' GROUP BY fallback "
                "ORDER BY n DESC, fallback"
            ).fetchall()
        return Stats(
            questions=total,
            refused=refused,
            up=up,
            down=down,
            slowest=slow,
            llm_used=llm_used,
            fallbacks=dict(fallbacks),
        )

    def close(self) -> None:
        """Close the database once any write under way has finished; closing twice is harmless."""
        with self._lock:
            self._db.close()
