"""Money and places as local articles write them, on text written for these tests.

A currency name several countries share is read as the one the article's places tender; a table
in "10.800" notation under a "(lei)" caption is pay; a row of percentiles labels its figures; a city
is found by its locals' short name or its initials; the baht sign is no mojibake.
"""

from __future__ import annotations

from ingest.cleaning import clean
from ingest.facts import pay_facts
from ingest.money import currency_code, find_money, main_currency
from ingest.places import article_currencies, gazetteer
from ingest.tables import table_rows

GULF = "Dubai packages in 2026: a senior ML engineer is offered 45,000 dirhams a month, a junior 18,000 dirhams."


def test_a_shared_currency_name_is_the_one_the_articles_places_tender():
    assert currency_code("lei", ["RON"]) == "RON" and currency_code("lei", ["MDL"]) == "MDL"
    local = article_currencies(GULF)
    assert local[0] == "AED"
    assert [m.currency for m in find_money(GULF, local=local)] == ["AED", "AED"]
    assert main_currency(GULF, local) == "AED"
    assert currency_code("kroner", ["DKK"]) == "DKK" and currency_code("kroner") == "NOK"
    facts = pay_facts(GULF, title="Gulf pay", section="", as_of="", local=local)
    assert {(f.currency, f.location) for f in facts} == {("AED", "Dubai")}


def test_a_table_in_dot_thousands_under_a_caption_naming_the_currency_is_pay():
    text = (
        "Table 3. Median gross monthly earnings, Data Engineer, by level and city (lei)\n"
        "Level | Cluj-Napoca | Iași\n"
        "Junior | 9.300 | 7.600\n"
        "Senior | 21.400 | 17.800\n"
    )
    lines = text.splitlines()
    facts = [f for i, row in table_rows(lines).items() for f in _row(row, lines[i])]
    assert {(f.text, f.currency, f.location, f.level, f.period) for f in facts} == {
        ("RON 9.300", "RON", "Cluj-Napoca", "junior", "month"),
        ("RON 7.600", "RON", "Iaşi", "junior", "month"),
        ("RON 21.400", "RON", "Cluj-Napoca", "senior", "month"),
        ("RON 17.800", "RON", "Iaşi", "senior", "month"),
    }
    assert facts[2].low == 21_400


def _row(row, line):
    from ingest.facts import row_facts

    return row_facts(row, line, title="Romania pay", section="", as_of="", period="month", local=("RON", "EUR"))


def test_a_row_of_percentiles_labels_each_figure_in_it():
    text = "Percentile | ML Engineer | Data Analyst\n90th (P90) | PLN 41,000 | PLN 24,500\n"
    lines = text.splitlines()
    facts = [f for i, row in table_rows(lines).items() for f in _row(row, lines[i])]
    assert {(f.text, f.role, f.label) for f in facts} == {
        ("PLN 41,000", "ML Engineer", "90th (P90)"),
        ("PLN 24,500", "Data Analyst", "90th (P90)"),
    }


def test_a_city_by_its_locals_short_name_or_its_initials():
    geo = gazetteer()
    assert geo.find("senior pay in cluj rn?") == ["Cluj-Napoca"]
    assert geo.find("median in KL per month") == ["Kuala Lumpur"]
    assert geo.find("kl is short for kilolitre") == []  # initials count only as capitals
    assert geo.find("SALARIES AS OF 2026") == [] and geo.find("CV engineers") == []  # words and roles, not cities
    assert geo.find("Gold prices rose") == [] and geo.find("Logan said so") == []  # common first parts


def test_the_baht_sign_in_a_latin_article_is_kept():
    prose = "Bangkok accounts for most of the Thai machine learning job ads we track this quarter. " * 5
    text = clean(f"# Bangkok pay\n{prose}\n- 90th percentile: ฿180,000\n- Median: ฿95,000 a month", title=None).text
    assert "฿180,000" in text and "฿95,000" in text


def test_indian_digit_grouping_counts_lakhs_and_crores() -> None:
    from ingest.money import find_money

    assert [(m.low, m.high) for m in find_money("INR 22,00,000 / yr; ₹1,20,00,000; INR 4,50,000-6,00,000")] == [
        (2_200_000, 2_200_000),
        (12_000_000, 12_000_000),
        (450_000, 600_000),
    ]


def test_a_currency_declared_for_the_whole_document_is_its_money() -> None:
    from ingest.money import main_currency

    assert main_currency("All figures in this handout are New Zealand dollars (NZD). One CAD 78,000 aside.") == "NZD"
    assert main_currency("All figures on this page in euros.") == "EUR"
    assert main_currency("All salaries are gross per year.") == ""


def test_a_country_is_found_by_the_name_its_own_people_write() -> None:
    from ingest.endonyms import endonyms, from_babel

    spain = from_babel()["Spain"]  # the kept file is babel's data (`python -m ingest.endonyms` writes it)
    assert "España" in spain and endonyms()["Spain"] == spain
    geo = gazetteer()
    assert geo.find("En España la certificación que más aparece es AI-102") == ["Spain"]
    assert geo.find("Gehälter in der Schweiz und in Österreich") == ["Switzerland", "Austria"]
    assert geo.find("En Latinoamérica tiene más tirón AWS") == ["Latin America"]
    assert geo.find("Maurice, a senior engineer, said so") == []  # a name, not Mauritius in French
