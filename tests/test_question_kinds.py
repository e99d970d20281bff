"""What a member's question asks, as members write it: currencies, sources, sides, kinds of answer and roles."""

from __future__ import annotations

import pytest

from bot.question import asked_figure, asked_roles, comparison_split, parse, question_parts


@pytest.mark.parametrize(
    ("question", "currencies"),
    [
        ("how high can top AI engineers in pune go? give me usd and lakh pls", ["USD", "INR"]),
        ("hcmc MLE pay in dong? just the VND figure, dont care about the usd one", ["VND"]),
        ("do php devs in manila earn more than ML engineers?", []),
        ("is it all worth it at the top?", []),
    ],
)
def test_currency_codes_in_lower_case_and_ones_set_aside(question: str, currencies: list[str]) -> None:
    assert parse(question).currencies == currencies


def test_a_later_part_asking_who_says_so_asks_a_source() -> None:
    parts = question_parts("median MLE salary in seoul in KRW — and which firm is that number from?")
    assert [asked_figure(p, pay=True) for p in parts] == ["money", "source"]


def test_a_place_naming_the_table_pointed_at_is_not_asked() -> None:
    assert parse("in the europe IT vs non-IT table, what does an ML engineer in lisbon make?").places == ["Lisbon"]
    assert parse("the US report: what do ML leads earn?").places == ["United States"]  # nothing else is asked
    assert parse("ML pay in the US vs Europe").places == ["United States", "Europe"]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("which cloud techs are worth knowing for MLE pay?", "item"),
        ("which languages are worth learning for a data scientist?", "item"),
        ("what kind of bonus should I ask for as an ML lead?", "reason"),
        ("how many papers do you have when you get hired as a research scientist?", "count"),
        ("when do RSUs vest at most big tech firms?", "time"),
        ("median base for seniors, and when does the equity vest?", "money"),
    ],
)
def test_the_kind_of_answer_a_question_asks(question: str, kind: str) -> None:
    assert asked_figure(question, pay=bool(parse(question).pay)) == kind


def test_who_earns_more_a_or_b_compares_the_two() -> None:
    q = parse("who's paid more right now: an ML lead in canada or a lead data scientist in mexico?")
    assert q.compare and q.places == ["Canada", "Mexico"]
    assert len(comparison_split(q.normalized)) == 2
    assert not parse("which city pays more for ML engineers?").compare  # no two things offered


def test_an_academic_post_is_a_role_of_its_own() -> None:
    q = parse("france: how does a postdoc salary compare with a research scientist at an industry lab?")
    assert [r.head for r in asked_roles(q)] == ["postdoc", "scientist"]


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "does databricks experience help lead ML engineers?",
        "is kafka worth learning for pay?",
    ],
)
def test_the_chunk_sharing_most_rare_words_is_always_read(corpus_store, question: str) -> None:
    import numpy as np

    from bot.retrieval import Retriever

    retriever = Retriever(corpus_store[1])
    vector = retriever.embed_query(question)
    passages = retriever.search(question, vector)
    scores = retriever._lexical_scores(question)
    best = retriever._loaded().ids[int(np.argmax(scores))]
    assert best in [p.chunk_id for p in passages]
