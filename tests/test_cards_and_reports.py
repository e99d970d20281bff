"""Job-board pages, statistics bulletins and chat exports, in articles written for these tests: each figure
is read with the place, role and statistic its own card, column or sentence gives it."""

from __future__ import annotations

import pytest

from bot.answer import Answerer
from bot.question import asked_figure, asked_levels, parse
from tests.conftest import article_facts, articles_answerer

JOB_BOARD = """<!DOCTYPE html><html><head><title>Data jobs in Portugal | Caravela Jobs</title></head><body>
<div id="cookie-banner">We use cookies. <button>Accept</button></div>
<header><nav><a href="/">Jobs</a> · <a href="/salaries">Salaries</a></nav></header>
<main>
<aside class="filters">
  <h4>Filters</h4>
  <ul><li>Remote (40)</li><li>Visa sponsorship (12)</li></ul>
  <div class="insight">
    <h4>Salary insights</h4>
    <p>Data Scientist · Porto</p>
    <p>Median advertised salary: €41,500 / yr</p>
    <p>90th percentile: €63,000 / yr</p>
  </div>
</aside>
<aside class="related"><h4>Related searches</h4><ul><li><a href="/q/ml">ML jobs</a></li></ul></aside>
<section class="results">
<article class="job-card promoted">
  <h3>Senior Data Scientist (Ads)</h3>
  <div class="company">Nordlicht GmbH</div>
  <div class="location">📍 Hamburg, Germany · On-site</div>
  <div class="salary">€84,000 – €99,000 / Jahr</div>
  <div class="meta">Posted 2d ago · 40 applicants</div>
</article>
<article class="job-card">
  <h3>Senior Data Scientist – Pricing</h3>
  <div class="company">Mar Azul Seguros</div>
  <div class="location">📍 Porto, Norte · Hybrid (3 days office)</div>
  <div class="salary">€52,000 – €64,000 per year</div>
  <div class="meta">Posted 4d ago</div>
</article>
<article class="job-card">
  <h3>Lead Machine Learning Engineer</h3>
  <div class="company">Ribeira Labs</div>
  <div class="location">📍 Lisbon · Remote-first</div>
  <div class="salary">€90k – €110k</div>
  <div class="meta">Posted today</div>
</article>
<article class="job-card">
  <h3>Junior Data Engineer</h3>
  <div class="company">Havenkraan</div>
  <div class="location">📍 Rotterdam, Zuid-Holland · On-site</div>
  <div class="salary">€3.100 - €3.900 bruto per maand</div>
</article>
</section></main><footer>© 2025 Caravela Jobs</footer></body></html>
"""

BULLETIN = """=====================================================================
  Occupational Pay Bulletin No. 7 -- Data occupations, New Zealand
  Reference period: June 2025
=====================================================================

1.1  All figures are New Zealand dollars (NZD), annual base salary.

Table 2  Data scientists: annual base salary by region, June 2025

  Region           Employees     P25       P50       P75
  --------------   ---------   -------   -------   -------
  Auckland             2,400    98,500   121,000   146,000
  Wellington           1,100    96,000   117,500   139,000
  Canterbury             600    88,000   104,500   125,500
  --------------   ---------   -------   -------   -------

2.1  Auckland employed the most data scientists in scope.
"""

CHAT = """Slack export | workspace: lyon-ml.slack.com | channel: #salaires

Camille R  [9:02 AM]
  PSA: the 2025 survey closed with 1,240 self-reported offers. senior ML engineer median base in Lyon was €71,000.
    ↳ Théo  [9:10 AM]
        is that base or TC?
    ↳ Camille R  [9:14 AM]  (edited)
        base. TC median for senior MLE Lyon was 84,500. (edit: had typed 88k before, sorry)
"""

FAQ = """# Graduate outcomes FAQ — Tagus Institute, 2025

## What do our MSc in Data Science graduates earn?

Most graduates of the MSc in Data Science go into data scientist roles. \
The median starting salary was €38,000 in Lisbon and €34,500 in Porto. \
The top quartile of MSc grads in Lisbon started at €47,000 or more.

## Contact

Careers office, room 2.14.
"""

USD_TABLE = """# ML engineer pay in Oceania, 2025

Based on the Antipodes Tech Pay Survey 2025.

| City | ML Engineer salary (annual USD) | Non-IT average (annual USD) |
| --- | --- | --- |
| Sydney | $98,000 | $41,000 |
| Auckland | $81,000 | $35,000 |
"""

BANDS = """# ==============================================================
#  kestrel_pay_bands_2025.yaml   (pasted from the people-ops repo)
#  All figures are annual base salary. Currency is set per office.
# ==============================================================
grades:
  G2: "Junior"
  G3: "Mid"
  G4: "Senior"
offices:
  lyon:
    currency: EUR
    adjustment: 0.92
    jobs:
      data_engineer:
        G2: {min: 38000, mid: 43000, max: 48000}
        G3: {min: 47000, mid: 53500, max: 60000}
        # G3 2024 (old): {min: 45000, mid: 51000, max: 57000}
      ml_engineer:
        G4: {min: 66000, mid: 75000, max: 84000}
  krakow:
    currency: PLN
    jobs:
      ml_engineer:
        G3: {min: 168000, mid: 192000, max: 216000}
review:
  ml_engineer:
    G4:
      certifications_counted:   # for the promotion case
        - "Google Cloud Professional Machine Learning Engineer"
        - "Databricks Certified Machine Learning Professional"
      # no Azure certificates on the list for 2025
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, embeddings) -> Answerer:
    return articles_answerer(
        tmp_path_factory.mktemp("cards"),
        {
            "portugal-data-jobs.html": JOB_BOARD,
            "nz-pay-bulletin.txt": BULLETIN,
            "lyon-ml-slack.txt": CHAT,
            "tagus-graduate-faq.md": FAQ,
            "oceania-ml-pay.md": USD_TABLE,
            "kestrel-pay-bands-2025.txt": BANDS,
        },
        embeddings,
    )


def test_a_job_cards_location_line_places_its_pay_not_the_pages_country() -> None:
    facts = article_facts("portugal-data-jobs.html", JOB_BOARD)
    assert facts["€84,000 – €99,000"].location == "Hamburg"  # a promoted card from another country
    assert facts["€52,000 – €64,000"].location == "Porto"
    assert facts["€90k – €110k"].location == "Lisbon" and facts["€90k – €110k"].level == "lead"  # no pay word
    rotterdam = facts["€3.100 - €3.900"]  # a card's pay field in Dutch: "bruto per maand"
    assert rotterdam.location == "Rotterdam" and rotterdam.role == "Junior Data Engineer"


def test_a_sidebar_stating_pay_is_read_and_one_of_links_is_not() -> None:
    facts = article_facts("portugal-data-jobs.html", JOB_BOARD)
    median = facts["€41,500"]
    assert (median.location, median.role, median.label) == ("Porto", "Data Scientist", "Median advertised salary")
    from ingest.loaders import html_to_text

    text, _ = html_to_text(JOB_BOARD)
    assert "Related searches" not in text


def test_a_fixed_width_tables_header_over_its_column_rules_heads_its_rows() -> None:
    facts = article_facts("nz-pay-bulletin.txt", BULLETIN)
    wellington = facts["NZD 117,500"]
    assert (wellington.location, wellington.label, wellington.currency) == ("Wellington", "P50", "NZD")
    assert not any(f.low in {2400, 1100, 600} for f in facts.values())  # the Employees column counts people


def test_a_chats_bare_amount_is_pay_in_its_posts_money_and_a_count_is_not() -> None:
    facts = article_facts("lyon-ml-slack.txt", CHAT)
    tc = next(f for f in facts.values() if f.low == 84500)
    assert (tc.currency, tc.location, tc.basis, tc.label) == ("EUR", "Lyon", "total", "median")
    assert not any(f.low == 1240 for f in facts.values())  # "1,240 self-reported offers"


def test_a_tables_header_currency_holds_for_its_bare_dollars() -> None:
    facts = article_facts("oceania-ml-pay.md", USD_TABLE)
    assert facts["$98,000"].currency == "USD" and facts["$98,000"].location == "Sydney"


@pytest.mark.slow
def test_asked_no_statistic_the_median_leads_and_the_top_quartile_is_left_out(answerer: Answerer) -> None:
    text = answerer.answer("what do MSc data science grads start on in Lisbon?").answer
    assert "€38,000" in text and "€47,000" not in text, text


@pytest.mark.slow
def test_not_base_sets_aside_a_kind_of_pay_not_the_level_after_it(answerer: Answerer) -> None:
    text = answerer.answer("what was the median TC (not base) for senior ML eng in lyon?").answer
    assert "84,500" in text and "71,000" not in text, text


@pytest.mark.slow
def test_who_pays_more_and_by_how_much_gives_each_sides_figure_in_the_currency_asked(answerer: Answerer) -> None:
    text = answerer.answer("in USD, who pays ML engineers more, Sydney or Auckland, and by how much?").answer
    assert "$98,000" in text and "$81,000" in text, text


def test_by_how_much_asks_a_share_unless_it_compares_two_sides() -> None:
    assert asked_figure("by how much do certifications raise pay?", pay=True) == "percent"
    assert asked_figure("who pays more, Sydney or Auckland, and by how much?", pay=True) == "money"


@pytest.mark.parametrize(
    ("question", "asked", "excluded"),
    [
        ("median TC (not base) for senior ML eng in lyon?", ["senior"], []),
        ("senior pay, not lead?", ["senior"], ["lead"]),
        ("IC track, not a lead role", [], ["lead"]),
    ],
)
def test_a_negation_sets_aside_only_the_words_up_to_its_bracket_or_preposition(
    question: str, asked: list[str], excluded: list[str]
) -> None:
    assert asked_levels(question) == (asked, excluded)


def test_start_on_asks_a_starting_salary() -> None:
    assert parse("what do MSc grads start on in Lisbon?").pay


def test_a_settings_files_values_are_read_under_their_keys_in_their_blocks_money() -> None:
    facts = article_facts("kestrel-pay-bands-2025.txt", BANDS)
    mid = facts["EUR 53500"]  # G3 is "Mid" by the file's own legend; its "mid" key is the band's midpoint
    assert (mid.location, mid.role, mid.level, mid.label) == ("Lyon", "Data engineer", "mid", "midpoint")
    senior = facts["EUR 84000"]
    assert (senior.role, senior.level, senior.label) == ("Ml engineer", "senior", "max")
    assert facts["PLN 192000"].location == "Kraków"
    assert not any(f.low in {45000, 51000, 57000} for f in facts.values())  # a commented-out old band
    assert not any(f.low == 0.92 for f in facts.values())  # a factor in a EUR block is no money


def test_a_settings_files_comment_in_words_is_kept_and_its_items_keep_their_keys() -> None:
    from ingest.configs import config_text

    text = config_text(BANDS)
    assert "no Azure certificates on the list for 2025" in text
    assert "- Review › Ml engineer › G4 (Senior) › Certifications counted › Databricks Certified" in text
    assert "old" not in text


@pytest.mark.slow
def test_a_band_midpoint_is_answered_for_the_office_job_and_grade_asked(answerer: Answerer) -> None:
    text = answerer.answer("kestrel bands: what's the midpoint for a mid-level data engineer in Lyon?").answer
    assert "53500" in text and "43000" not in text and "192000" not in text, text


@pytest.mark.slow
def test_a_question_naming_an_article_is_answered_from_it(answerer: Answerer) -> None:
    text = answerer.answer("which certifications does kestrel count for a G4 ML engineer promotion?").answer
    assert "Google Cloud Professional Machine Learning Engineer" in text, text
    assert "Databricks Certified Machine Learning Professional" in text, text


def test_a_rows_shortened_city_is_the_one_city_of_its_tables_country_the_name_starts() -> None:
    table = (
        "# Capital city pay, 2025\n\nTable 1  ML engineers: median base salary by city, 2025 (AUD)\n\n"
        "| City | Median |\n| --- | --- |\n| Syd. | 155,000 |\n| Greater Melb. | 142,000 |\n| Bris. | 131,000 |\n"
    )
    facts = article_facts("capital-city-pay.md", table)
    assert [f.location for f in facts.values()] == ["Sydney", "Melbourne", "Brisbane"], facts


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (
            "# Pay in Germany 2025\n\nWritten by Anna Schmidt · Munich · 5 min read\n\n"
            "Senior ML engineers in Germany earn €105,000 a year.\n",
            "Germany",
        ),
        (
            "# Pay in Germany\n\n## Cities\n\nBerlin · Munich · Hamburg\n\n"
            "The median ML engineer salary in Germany is €80,000.\n",
            "Germany",
        ),
    ],
)
def test_a_byline_or_a_list_of_cities_is_no_cards_place(text: str, where: str) -> None:
    assert [f.location for f in article_facts("pay.txt", text).values()] == [where]


def test_a_sentence_under_a_monthly_figure_keeps_its_own_period_and_a_cost_list_is_no_pay() -> None:
    prose = (
        "# Munich pay\n\nSenior ML engineers in Munich earn €7,200 gross per month.\nLead ML engineers earn €115,000.\n"
    )
    assert article_facts("munich.txt", prose)["€115,000"].period == "year"
    costs = (
        "# My Berlin life as an ML engineer\n\n"
        "What my monthly costs look like (EUR):\n- Childcare: 1,150\n- Flat: 1,400\n"
    )
    assert article_facts("costs.md", costs) == {}


def test_a_shortened_word_is_no_city_and_a_settings_note_in_words_is_kept() -> None:
    table = (
        "# US pay\n\nTable 1 ML pay (USD)\n\n| Role | Median |\n| --- | --- |\n| ML Engineer, Corp. IT | $150,000 |\n"
    )
    assert article_facts("us.md", table)["$150,000"].location == "United States"
    from ingest.configs import config_text

    bands = "\n".join(
        ["# Note: all figures below are monthly gross pay", "offices:", "  berlin:", "    currency: EUR", "    jobs:"]
        + ["      ml_engineer:", "        L3:", "          min: 3800", "          mid: 4200", "          max: 4600"]
        + ["        L4:", "          min: 4700", "          mid: 5300", "          max: 5900", "  munich:", "    x: 1"]
    )
    text = config_text(bands)
    assert "Note: all figures below are monthly gross pay" in text
    assert "L3 › Midpoint: EUR 4200" in text  # a block-style band's "mid" is its midpoint too


@pytest.mark.parametrize(
    ("question", "places", "pay"),
    [
        ("Toronto ML post-doc pay vs Montreal?", ["Toronto", "Montréal"], True),
        ("which project did you start on as a junior ML engineer?", [], False),
    ],
)
def test_source_nouns_and_start_on_are_read_only_where_they_mean_it(
    question: str, places: list[str], pay: bool
) -> None:
    q = parse(question)
    assert (q.places, q.pay) == (places, pay)


def test_a_state_code_ends_its_sentence_and_a_word_before_a_symbol_is_no_money() -> None:
    from ingest.chunking import sentences
    from ingest.money import find_money

    assert len(sentences("Our office is in San Jose, CA. The median is $210,000.")) == 2
    assert find_money("TOPS/ 2,000 and US/ 4,000") == [] and find_money("the TOP 10% of offers") == []


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("earn with a minimum of 3 years experience", set()),
        ("Senior ML engineers (minimum 5 years of experience)", set()),
        ("5 min read", set()),
        ("a maximum of €95,000", {"high end"}),
        ("what are the min and max?", {"low end", "high end"}),
    ],
)
def test_min_and_max_are_statistics_only_as_a_bands_ends(text: str, named: set[str]) -> None:
    from ingest.statistics import statistics_of

    assert statistics_of(text) == named


def test_a_role_and_place_asked_are_not_answered_by_a_line_stating_no_figure() -> None:
    from langchain_core.documents import Document

    from bot.answer import _figureless_lookup
    from bot.evidence import Candidate

    doc = Document(id="a:1", page_content="")
    q = parse("what's kestrel's G4 data scientist band in krakow?")
    assert _figureless_lookup(q, Candidate(text="- Offices › Krakow › Adjustment: 0.92", doc=doc))
    assert not _figureless_lookup(q, Candidate(text="- Offices › Krakow › G4: PLN 168000", doc=doc))
    advice = parse("negotiating an ML lead offer in Krakow, what's the main leverage point?")
    assert not _figureless_lookup(advice, Candidate(text="Lean on the competing offer.", doc=doc))
