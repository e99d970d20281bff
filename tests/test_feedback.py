from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.feedback import MIGRATIONS, FeedbackLog


def test_questions_votes_and_audit_in_a_real_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "careerbot.sqlite3"
    log = FeedbackLog(path)
    log.record_question("a1", 123456789, 42, "pay in Seoul?", refused=False, latency_ms=12.5)
    log.record_question("a2", 123456789, 42, "weather?", refused=True, latency_ms=3.0)
    log.record_vote("a1", 555, up=True)
    log.record_vote("a1", 555, up=False)  # a second vote by the same member replaces the first
    log.record_vote("a1", 777, up=True)
    log.audit("mod (50)", "forget", "old-article", "removed 3 chunks")
    stats = log.stats()
    assert (stats.questions, stats.refused, stats.up, stats.down) == (2, 1, 1, 1)
    assert stats.refusal_rate == 0.5
    assert stats.slowest[0] == ("pay in Seoul?", 12.5)
    assert log.audit_entries()[0][1:] == ("mod (50)", "forget", "old-article", "removed 3 chunks")
    log.close()

    raw = sqlite3.connect(path)
    stored = [r[0] for r in raw.execute("SELECT user_hash FROM questions UNION ALL SELECT user_hash FROM votes")]
    assert len(stored) == 4 and not {"123456789", "555", "777"} & set(stored)  # user ids are only stored hashed
    assert all(len(h) == 16 and int(h, 16) >= 0 for h in stored)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_reopening_keeps_data_and_does_not_rerun_migrations(tmp_path: Path) -> None:
    path = tmp_path / "fb.sqlite3"
    FeedbackLog(path).record_question("a1", 1, None, "q", refused=False, latency_ms=1.0)
    assert FeedbackLog(path).stats().questions == 1


def test_answers_are_kept_for_their_buttons_and_an_older_database_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    raw = sqlite3.connect(path)
    raw.executescript(f"BEGIN; {MIGRATIONS[0]}; PRAGMA user_version = 1; COMMIT;")  # a database from before answers
    raw.execute("INSERT INTO questions VALUES ('a0', 'then', 'h', '', 'old question', 0, 1.0)")
    raw.commit()
    raw.close()
    log = FeedbackLog(path)
    assert log.stats().questions == 1
    assert log.answer_json("a1") is None
    log.save_answer("a1", '{"question": "q", "answer": "PHP 455,000 [1]"}')
    log.close()
    log.close()  # closing twice is harmless
    assert FeedbackLog(path).answer_json("a1") == '{"question": "q", "answer": "PHP 455,000 [1]"}'


def test_migrating_an_existing_file_adds_writer_columns_and_stats_count_them(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    raw = sqlite3.connect(path, isolation_level=None)
    raw.executescript(f"BEGIN; {MIGRATIONS[0]}; PRAGMA user_version = 1; COMMIT;")  # a file from before the writer
    raw.execute("INSERT INTO questions VALUES ('old', '2026-01-01T00:00:00', 'h', '', 'q', 0, 5.0)")
    raw.close()
    log = FeedbackLog(path)
    for answer_id, writer, fallback in [("a", "llm:m", ""), ("b", "extractive", "timeout"), ("c", "extractive", "")]:
        log.record_question(answer_id, 1, None, f"q {answer_id}", refused=False, latency_ms=1.0)
        log.record_writer(answer_id, writer, fallback)
    log.record_question("d", 1, None, "q d", refused=False, latency_ms=1.0)
    log.record_writer("d", "extractive", "timeout")
    stats = log.stats()
    assert (stats.questions, stats.llm_used, stats.fallbacks) == (5, 1, {"timeout": 2})
    log.close()
    row = sqlite3.connect(path).execute("SELECT writer, fallback FROM questions WHERE answer_id = 'old'").fetchone()
    assert row == ("extractive", "")
