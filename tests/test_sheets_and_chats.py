"""Spreadsheets with merged headers, chat bots' embeds, review cards and notes pages, in articles written for these
tests: each figure keeps the place, level, unit and period its header, card or line above gives it."""

from __future__ import annotations

import pytest

from bot.answer import Answerer
from bot.question import asked_figure, parse
from ingest.statistics import statistics_of
from tests.conftest import article_facts, articles_answerer

SHEET = """#latam data pay sheet — 2025 (crowdsourced),,,,,,,,
"Figures = base salary, local currency. Cells marked — = fewer than 3 answers.",,,,,,,,
,,,,,,,,
,MEXICO CITY,,,BOGOTÁ,,,,
,MXN / month,,,COP — millones / month,,,,
Role,Junior,Mid,Senior,Junior,Mid,Senior,n,Notes
Data Engineer,"32,000","48,000","71,000",6,9,14,41,CDMX senior skews high — two US-remote answers
Data Scientist,"30,000","45,000","66,000",5,8,—,37,Bogotá senior: not enough answers
"""

EMBED = """#💼・salary-chat  |  Data Folks Andes

ana.r — 02/05/2025 8:01 PM
/paybot role:Data Engineer city:Lima
PayBot
APP
 — 02/05/2025 8:01 PM
📊 Salary snapshot · Data Engineer · Lima 🇵🇪
Based on 96 member answers, base only, monthly
Junior (0–2 yrs)
Median S/ 4,200 /mo
Mid (3–5 yrs)
Median S/ 6,900 /mo
Senior (6+ yrs)
Median S/ 10,400 /mo

PayBot
APP
 — 02/05/2025 8:03 PM
📊 Salary snapshot · Data Scientist · Lima 🇵🇪
Junior (0–2 yrs)
Median S/ 4,500 /mo
Mid (3–5 yrs)
Median S/ 7,300 /mo
"""

REVIEWS = """<html><head><title>Andino Analytics reviews | WorkRate</title></head><body><main>
<h1>Andino Analytics</h1>
<section class="salaries"><h2>Salaries at Andino Analytics</h2>
<div class="sal-card"><div class="sal-title">Data Engineer · Lima</div>
<div class="sal-range">S/ 6,000 – S/ 8,500 <span>/mo</span></div>
<div class="sal-avg">Avg. S/ 7,100 · 22 salaries</div></div>
<div class="sal-card"><div class="sal-title">Senior Data Engineer · Lima</div>
<div class="sal-range">S/ 9,000 – S/ 12,500 <span>/mo</span></div>
<div class="sal-avg">Avg. S/ 10,800 · 9 salaries</div></div>
</section></main></body></html>
"""

NOTES = """# Job hunt notes — Lima, spring 2025

## Interview debriefs

▸ Toggle: Quipu Data rejection call
   - Recruiter was kind: for their platform team the Azure AI Engineer Associate "is nice, not needed"
   - What they actually want to see is the CKA (Certified Kubernetes Administrator) and Terraform in production
   - Their stack: EKS, Argo, MLflow

## Levels page

📌 Lima data engineer median total comp S/ 98,000 a year (n = 140). 25th pct ≈ S/ 81k, 90th pct ≈ S/ 142k.
"""

INTERVIEW = """# "Certificates rarely decide it": an interview with Inca Bank's head of data

Q: Do certificates matter when you hire?

A: Mostly a good portfolio beats a certificate. The one exception is the Google Cloud Professional Data Engineer. \
We run on GCP, so that's the only certification the bank will pay for, exam fee included.
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, embeddings) -> Answerer:
    return articles_answerer(
        tmp_path_factory.mktemp("sheets"),
        {
            "latam-data-pay-sheet-2025.csv": SHEET,
            "andes-salary-chat.txt": EMBED,
            "andino-analytics-reviews.html": REVIEWS,
            "lima-job-hunt-notes.md": NOTES,
            "inca-bank-interview.md": INTERVIEW,
        },
        embeddings,
    )


def test_a_sheets_merged_header_names_each_column_by_every_label_above_it() -> None:
    facts = article_facts("latam-data-pay-sheet-2025.csv", SHEET)
    mid = facts["MXN 48,000"]
    assert (mid.location, mid.level, mid.role, mid.period) == ("Mexico City", "mid", "Data Engineer", "month")
    senior = facts["9 millones"] if "9 millones" in facts else next(f for f in facts.values() if f.low == 9e6)
    assert (senior.location, senior.level, senior.currency) == ("Bogotá", "mid", "COP")  # the header's unit
    assert facts["MXN 32,000"].level == "junior"  # the Notes cell's "senior" is no label of the row's level


def test_a_rows_note_cell_keeps_the_row_in_its_table() -> None:
    facts = article_facts("latam-data-pay-sheet-2025.csv", SHEET)
    assert facts["MXN 45,000"].role == "Data Scientist"  # its Notes cell reads "Bogotá senior: not enough answers"


def test_a_bot_embeds_level_lines_head_the_figures_under_them_and_are_no_chat_chrome() -> None:
    facts = article_facts("andes-salary-chat.txt", EMBED)
    assert [(f.role, f.level) for f in facts.values() if f.low in {6900, 7300}] == [
        ("Data Engineer", "mid"),
        ("Data Scientist", "mid"),
    ]
    assert all(f.location == "Lima" for f in facts.values())


def test_a_cards_average_takes_the_period_of_the_range_above_it() -> None:
    facts = article_facts("andino-analytics-reviews.html", REVIEWS)
    assert facts["S/ 10,800"].period == "month" and facts["S/ 10,800"].label == "Avg"


def test_pct_is_a_percentile() -> None:
    assert statistics_of("25th pct ≈ S/ 81k, 90th pct") == {"25th percentile", "90th percentile"}
    facts = article_facts("lima-job-hunt-notes.md", NOTES)
    assert facts["S/ 142k"].label == "90th percentile" and facts["S/ 98,000"].label == "median"


def test_asked_for_most_and_is_there_a_cert_ask_for_items() -> None:
    assert parse("which cert do job ads ask for most?").extreme == "max"
    assert asked_figure("is there a local cert that postings ask for?", pay=False) == "item"


def test_a_sheet_named_at_the_start_of_a_message_is_no_place_asked() -> None:
    assert parse("apac pay sheet: mid level MLOps engineer in Sydney, how much base?").places == ["Sydney"]


@pytest.mark.slow
def test_which_cert_is_answered_by_a_line_naming_one_not_by_the_card_around_it(answerer: Answerer) -> None:
    text = answerer.answer("which cert did the Quipu Data recruiter say they want to see?").answer
    assert "CKA" in text, text


@pytest.mark.slow
def test_that_is_the_only_one_is_shown_after_what_it_refers_to(answerer: Answerer) -> None:
    text = answerer.answer("which certification will inca bank pay for?").answer
    assert "Google Cloud Professional Data Engineer" in text, text


def test_the_kept_local_currency_symbols_are_babels() -> None:
    from ingest.currency_symbols import from_babel, local_symbols

    assert local_symbols() == from_babel()  # `python -m ingest.currency_symbols` writes the file


@pytest.mark.parametrize(
    ("text", "local", "currency", "low"),
    [
        ("Median S/ 6,900 /mo", (), "PEN", 6900),
        ("Mid   52.000 kr.", ("DKK",), "DKK", 52000),
        ("52 000 kr i månaden", ("SEK",), "SEK", 52000),
        ("48 000 kr per month", ("NOK",), "NOK", 48000),
        ("35 000 Kč měsíčně", (), "CZK", 35000),
    ],
)
def test_currencies_as_their_homes_write_them(text: str, local: tuple[str, ...], currency: str, low: float) -> None:
    from ingest.money import find_money

    (money,) = find_money(text, local=local)
    assert (money.currency, money.low) == (currency, low)


def test_a_symbol_english_uses_as_a_unit_is_no_money() -> None:
    from ingest.money import find_money

    assert find_money("a 30 ft boat and a 450 ft tower") == []


SLIDES = """============================================================
SLIDE 6
============================================================
OSLO vs RIGA — data engineers, monthly base

                  Oslo (NOK)           Riga (EUR)
  Mid             61.000 kr            € 3,300
  Senior          74.500 kr            € 4,400

============================================================
SLIDE 9
============================================================
Certifications: do they matter?
  1. Databricks Certified Data Engineer Associate ..... named in 31% of ads
  2. AWS Certified Data Engineer – Associate ... 12%

  Speaker notes:
  - Databricks is the most requested cert by far
  - but: holding a cert correlated with only ~900 NOK/month more in Oslo.
"""


def test_a_header_leaving_the_corner_blank_names_the_columns_after_it() -> None:
    facts = article_facts("data-pay-oslo-riga-talk.txt", SLIDES)
    oslo, riga = facts["61.000 kr"], facts["€ 3,300"]
    assert (oslo.location, oslo.currency, oslo.level) == ("Oslo", "NOK", "mid")
    assert (riga.location, riga.currency, riga.level) == ("Riga", "EUR", "mid")


def test_a_line_of_text_beside_a_lists_items_ends_the_list_they_sit_under() -> None:
    from ingest.cleaning import clean

    text = clean(SLIDES).text
    assert "- Certifications › 1. Databricks Certified Data Engineer Associate" in text
    assert "Certifications › but" not in text  # the speaker's note is no item of the slide's list
