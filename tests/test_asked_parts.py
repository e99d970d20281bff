"""Each part of a question answered by its own figure: the currency a part names, a distance from a figure."""

from __future__ import annotations

import pytest

from bot.answer import Answerer
from bot.question import asked_figure
from ingest.pipeline import ingest_paths
from ingest.settings import Settings
from ingest.store import Store
from tests.conftest import CORPUS

ARTICLE = """# Data engineering pay in Manila, 2026

Data engineers in Manila earn ₱85,000 to ₱160,000 a month in 2026, depending on the team.
Filipino data engineers working for international companies are paid in dollars, from $28,000 to $52,000 a year.

Senior data engineers on B2B contracts invoice ₱210,000 a month; on regular employment they earn ₱175,000 a month.

## Where the market is heading

Junior roles attract many applicants from bootcamps, but senior and principal data engineers remain scarce.
Engineers who specialise in streaming platforms can command pay 25-45% above the local median.
Cloud certificates are common; Kafka experience is rarer and valued more.
In Cebu, the AWS Certified Machine Learning Engineer – Associate shows up in most data engineering ads.
In Manila, ads ask most for the Microsoft Certified: Azure AI Engineer Associate.
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, embeddings) -> Answerer:
    root = tmp_path_factory.mktemp("parts")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "manila-data-engineering-pay.md").write_text(ARTICLE, encoding="utf-8")
    settings = Settings(_env_file=None, corpus_dir=corpus, chroma_path=root / "chroma")
    store = Store(settings, embeddings=embeddings)
    ingest_paths([CORPUS, corpus], settings, store)
    return Answerer(settings, store=store)


def test_a_part_naming_its_own_currency_is_answered_in_it(answerer: Answerer) -> None:
    text = answerer.answer(
        "manila data engineer pay per month in pesos? and what do they get in USD if they work for intl companies"
    ).answer
    assert "₱85,000" in text and "$28,000" in text, text


@pytest.mark.parametrize(
    "question", ["how far above the median do specialists get paid?", "how far below Berlin is pay in Leipzig?"]
)
def test_how_far_above_or_below_asks_a_share(question: str) -> None:
    assert asked_figure(question, pay=True) == "percent"


def test_a_distance_from_the_median_is_answered_by_the_share_that_states_it(answerer: Answerer) -> None:
    text = answerer.answer("for data engineers in manila, how far above the median can specialists get paid?").answer
    assert "25-45%" in text, text


def test_a_currency_no_figure_is_given_in_is_said_so(answerer: Answerer) -> None:
    text = answerer.answer("manila data engineer monthly pay in pesos? and what's that in euros").answer
    assert "₱85,000" in text and "no figure in EUR" in text, text


def test_asked_what_each_source_says_each_article_gives_its_own_figure(answerer: Answerer) -> None:
    from bot.question import parse

    question = "senior ML eng pay in singapore in SGD - do the sources agree?"
    text = answerer.answer(question).answer
    assert "SGD 108,000" in text and "S$100,000" in text, text  # one per article, not the best one alone
    assert parse(question).per_source and not parse("ML engineer pay in Singapore?").per_source


def test_a_certification_asked_for_a_place_is_the_one_its_own_sentence_gives_there(answerer: Answerer) -> None:
    text = answerer.answer("which certification do data engineering job ads in manila ask for most?").answer
    assert "Azure AI Engineer" in text and "AWS Certified" not in text, text  # Cebu's is another city's


def test_a_sentence_naming_another_place_is_not_about_the_one_asked() -> None:
    from bot.answer import _names_only

    assert _names_only("En España la certificación que más aparece es AI-102", ["Spain"])
    assert not _names_only("En Latinoamérica tiene más tirón la AWS Certified ML Engineer", ["Spain"])
    assert _names_only("Certs help most in Zürich", ["Switzerland"]) and _names_only("Certs help", ["Spain"])


def test_a_figure_its_own_words_set_aside_is_not_shown(answerer: Answerer) -> None:
    text = answerer.answer("senior data engineer pay in manila per month? regular employment, not b2b").answer
    assert "₱175,000" in text and "₱210,000" not in text, text


def test_a_figures_own_words_end_with_its_sentence() -> None:
    from bot.evidence import _figure_clause
    from ingest.facts import Fact

    quote = "Engineers in Hanoi earn ₫25M to ₫90M monthly. Those at foreign firms get USD-based pay of $40,000."
    fact = Fact(kind="salary", quote=quote, text="₫25M to ₫90M")
    assert "USD" not in _figure_clause(fact) and "Hanoi" in _figure_clause(fact)
