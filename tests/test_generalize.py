"""The failure kinds of answers that did not generalise, on articles written for these tests.

Fast tests cover the parsers (places, currencies, tables, questions); slow ones ingest
`tests/articles/` on top of the corpus into a real store and ask through the real engine.
"""

from __future__ import annotations

import json
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest

from bot.answer import Answer, Answerer, grounded
from bot.question import asked_roles, parse, question_parts, states_figure
from ingest.cleaning import clean
from ingest.facts import Fact, article_period, fill_locations, pay_facts, skill_facts
from ingest.loaders import load_bytes
from ingest.money import find_money, main_currency, period_of
from ingest.pipeline import ingest_paths, prepare
from ingest.places import gazetteer, towns_known
from ingest.roles import find_levels, find_role, find_roles
from ingest.settings import Settings
from ingest.statistics import named_statistics
from ingest.store import Store

ARTICLES = Path(__file__).parent / "articles"
ROOT = Path(__file__).resolve().parent.parent


def _facts_by_text(text: str, title: str, section: str = "", period: str = "year") -> dict:
    return {f.text: f for f in pay_facts(text, title=title, section=section, as_of="", period=period)}


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("ML engineers in Oslo and Vienna", ["Oslo", "Vienna"]),
        ("salary in USD for Calgary", ["Calgary"]),
        ("converted to US dollars", []),
        ("US$120,000 in Bangalore", ["Bengaluru"]),
        ("male engineers earn more", []),
        ("Seoul, Korea", ["Seoul"]),
        ("canadian ML engineer pay", ["Canada"]),
        ("American and Swiss data scientists", ["United States", "Switzerland"]),
        ("polish your resume", []),
        ("paid in Canadian dollars", []),
        ("what Brazilians and Filipinos earn", ["Brazil", "Philippines"]),
    ],
)
def test_places_come_from_a_dataset_and_currency_phrases_are_not_places(text: str, places: list[str]) -> None:
    assert gazetteer().find(text) == places


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("for Kenyans working remotely for UK software companies", ["Kenya"]),
        ("Leeds fintech start-ups pay well", ["Leeds"]),
    ],
)
def test_a_countrys_employers_are_no_place_a_citys_start_ups_are_in_it(text: str, places: list[str]) -> None:
    assert gazetteer().find(text, employers=False) == places


@pytest.mark.parametrize(
    ("question", "places"),
    [("ml pay in eindhoven or tilburg?", ["Eindhoven", "Tilburg"]), ("is ml pay nice in reading?", [])],
)
def test_a_place_name_english_never_uses_as_a_word_is_found_in_lower_case(question: str, places: list[str]) -> None:
    assert parse(question).places == places


def test_a_city_lies_in_its_country_and_region() -> None:
    geo = gazetteer()
    assert geo.country("Vancouver") == "Canada"
    assert geo.within("Helsinki", "Europe") and geo.within("Helsinki", "Nordics")
    assert not geo.within("Vancouver", "United States")


@pytest.mark.parametrize(
    ("text", "currency", "low"),
    [
        ("NOK 67,400", "NOK", 67400),
        ("DKK57,300", "DKK", 57300),
        ("5,000 euros", "EUR", 5000),
        ("₩60 million", "KRW", 6e7),
    ],
)
def test_currencies_by_code_symbol_and_name(text: str, currency: str, low: float) -> None:
    (money,) = find_money(text)
    assert (money.currency, money.low) == (currency, low)


@pytest.mark.parametrize(
    ("question", "currencies", "period"),
    [
        ("ML engineer pay in Calgary in USD?", ["USD"], ""),
        ("what do they make per month in euros", ["EUR"], "month"),
        ("yearly range in US dollars? usd only, not sgd or won", ["USD"], "year"),
        ("in all cases, what is the pay", [], ""),
        ("Top earners, Top?", [], ""),
        ("hourly rate for an MLOps contractor in Bogotá?", [], "hour"),
        ("monthly pay? austria pays 14 times a year", [], "month"),
    ],
)
def test_questions_name_currency_and_period(question: str, currencies: list[str], period: str) -> None:
    q = parse(question)
    assert (q.currencies, q.period) == (currencies, period)
    assert not q.unknown_place


def test_level_rows_and_city_columns_are_attributed_by_cell() -> None:
    text = "| Level | Munich | Vienna |\n|---|---|---|\n| Junior | 61,100 | 52,300 |\n| Senior | 97,400 | 81,600 |"
    facts = {
        (f.location, f.level): f.text for f in pay_facts(text, title="ML pay", section="Pay (EUR per year)", as_of="")
    }
    assert facts == {
        ("Munich", "junior"): "EUR 61,100",
        ("Vienna", "junior"): "EUR 52,300",
        ("Munich", "senior"): "EUR 97,400",
        ("Vienna", "senior"): "EUR 81,600",
    }


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("ML engineers in Nice, France", ["Nice"]),
        ("| ML Engineer | Mid | Reading | United Kingdom | GBP |", ["Reading"]),
        ("Split (Croatia) pays less", ["Split"]),
        ("most, Czechia included, pay in CZK", ["Czechia"]),  # a word, not the town of Most
        ("nice, France is not named here", ["France"]),
    ],
)
def test_a_town_named_by_a_word_counts_capitalised_beside_its_country(text: str, places: list[str]) -> None:
    assert gazetteer().find(text) == places


def test_a_town_an_article_names_with_its_country_counts_by_its_name_alone_in_that_article() -> None:
    article = "We opened an office in Hamilton, New Zealand. In Hamilton, juniors start at NZD 74,000."
    geo = gazetteer()
    with towns_known(geo.towns_named(article)):
        assert geo.find("In Hamilton, juniors start at NZD 74,000.") == ["Hamilton, New Zealand"]
        assert geo.find("hamilton") == []  # a name in lower case is a word: only a member's question spells it so
    assert geo.find("In Hamilton, juniors start at NZD 74,000.") == []  # another article's Hamilton is unknown


def test_a_rows_city_column_is_read_with_its_country_column() -> None:
    text = (
        "| role | city | country | median (EUR) |\n|---|---|---|---|\n"
        "| ML Engineer | Nice | France | 53,000 |\n| ML Engineer | Eindhoven | Netherlands | 70,000 |"
    )
    facts = pay_facts(text, title="ML pay survey", section="Annual base salary", as_of="")
    assert {f.text: f.location for f in facts} == {"EUR 53,000": "Nice", "EUR 70,000": "Eindhoven"}


def test_a_level_named_alone_after_a_jobs_pay_is_that_jobs_next_level() -> None:
    text = "For a junior ML engineer we see €54,000 to €61,000. Mid-level, it's €72,000 to €86,000. The rest was €9."
    facts = pay_facts(text, title="Podcast transcript", section="Berlin", as_of="")
    assert [(f.text, f.role, f.level) for f in facts] == [
        ("€54,000 to €61,000", "junior ML engineer", "junior"),
        ("€72,000 to €86,000", "ML engineer", "mid"),
    ]


def test_a_job_cards_meta_line_places_the_pay_listed_under_it() -> None:
    text = (
        "Vistula Analytics · Kraków, Poland · Hybrid (2 days/week) · posted 2 days ago\n"
        "- B2B: 25 000 – 32 000 PLN net/month + VAT\n"
        "- UoP (employment contract): 19 500 – 25 000 PLN gross/month"
    )
    facts = pay_facts(text, title="Machine learning jobs in Europe", section="Senior ML Engineer", as_of="")
    assert [f.location for f in facts] == ["Kraków", "Kraków"]


@pytest.mark.parametrize("word", ["Valley", "Lion", "Drug", "Spoken", "Tour"])
def test_a_citys_other_spelling_that_is_an_english_word_names_no_place(word: str) -> None:
    assert gazetteer().find(f"{word} Grid Services is hiring") == []


def test_a_statistics_release_table_reads_in_its_countrys_dollars_and_weeks() -> None:
    text = (
        "Table 1. Weekly total cash earnings ($), May 2025\n"
        "Occupation | P10 | Median (P50)\n"
        "Machine learning engineer | 1,820 | 2,790\n"
        "AI research scientist | np | np\n"
        "Data scientist | 1,650 | 2,480\n\n"
        "Table 2. Median annual base salary ($), by capital city\n"
        "Capital city | ML engineer, median\n"
        "Perth | 136,500\n"
        "Darwin | np\n"
        "Brisbane | 132,000\n"
    )
    facts = pay_facts(text, title="Employee earnings, Australia", section="", as_of="2025")
    fill_locations(facts)
    read = {f.low: (f.location, f.currency, f.period) for f in facts}
    assert read[2_790] == ("Australia", "AUD", "week")
    assert read[136_500] == ("Perth", "AUD", "year")
    assert read[132_000] == ("Brisbane", "AUD", "year")  # a suppressed row ("Darwin | np") ends no table


def test_a_work_pattern_is_no_pay_period() -> None:
    assert period_of("€4,000 a month, 3 days a week in the office") == "month"
    assert period_of("$900 per week before tax") == "week"


def test_each_slide_of_an_exported_deck_is_a_section_of_its_own() -> None:
    deck = (
        "==================== Slide 4 / 12 ====================\n"
        "São Paulo — Data Scientist\n"
        "   Pleno ...... R$ 14.500 – 19.000 / mês\n\n"
        "==================== Slide 5 / 12 ====================\n"
        "Spain — ML Engineer (annual gross)\n"
        "   Valencia (remote-first hub) ..... Senior €45k – €58k\n\n"
        "==================== Slide 6 / 12 ====================\n"
        "Remote contracting for US companies (hourly, USD)\n"
        "   Senior ML Eng, Iberia-based ...... USD 55–85 / hour\n"
    )
    text = clean(deck, title="Hiring outlook").text
    assert "## Spain — ML Engineer (annual gross)" in text.splitlines()
    assert "Slide 5" not in text
    version = prepare(load_bytes("outlook.txt", deck.encode()), "0" * 40, Settings(_env_file=None), len(deck))
    facts = {f["text"]: Fact(**f) for c in version.chunks for f in json.loads(c.metadata["facts"]) if "text" in f}
    assert (facts["€45k – €58k"].role, facts["€45k – €58k"].location) == ("ML Engineer", "Valencia")
    assert (facts["USD 55–85"].role, facts["USD 55–85"].location) == ("Senior ML Eng", "Iberia")


@pytest.mark.parametrize(("text", "country"), [("DACH", "Switzerland"), ("Iberia", "Portugal"), ("Benelux", "Belgium")])
def test_regions_the_dataset_lacks_hold_their_countries(text: str, country: str) -> None:
    (region,) = gazetteer().find(text)
    assert gazetteer().within(country, region) and gazetteer().within(region, "Europe")


def test_a_social_posts_emoji_list_is_read_under_the_line_that_leads_into_it() -> None:
    post = (
        "🇿🇦 CAPE TOWN — ZAR, ANNUAL cost-to-company\n\n"
        "👉 ML Engineer (mid): R850,000 – R1.1m\n"
        "👉 Senior ML Engineer: R1.3m – R1.75m\n\n"
        "🇰🇪 NAIROBI — KES, MONTHLY, gross, paid in 12 instalments\n\n"
        "👉 ML Engineer (mid): KSh 350,000 – 480,000\n"
        "👉 Senior ML Engineer: KSh 600,000 – 850,000\n"
    )
    version = prepare(load_bytes("post.txt", post.encode()), "0" * 40, Settings(_env_file=None), len(post))
    facts = [Fact(**f) for c in version.chunks for f in json.loads(c.metadata["facts"]) if "text" in f]
    read = {(f.location, f.level, f.currency, f.low, f.high, f.period) for f in facts}
    assert read == {
        ("Cape Town", "mid", "ZAR", 850_000, 1_100_000, "year"),
        ("Cape Town", "senior", "ZAR", 1_300_000, 1_750_000, "year"),
        ("Nairobi", "mid", "KES", 350_000, 480_000, "month"),
        ("Nairobi", "senior", "KES", 600_000, 850_000, "month"),
    }


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [("₦850,000 – ₦1.2m", 850_000, 1_200_000), ("30–45k EUR", 30_000, 45_000), ("USh 2.5m – 3m", 2_500_000, 3_000_000)],
)
def test_a_ranges_multiplier_is_borrowed_only_by_a_number_not_written_out(text: str, low: float, high: float) -> None:
    (money,) = find_money(text)
    assert (money.low, money.high) == (low, high)


def test_each_figure_of_a_labelled_line_takes_the_level_its_own_clause_names() -> None:
    text = "- Munich – senior ML Engineer: €95,000 – €115,000; mid-level: €75,000 – €90,000"
    facts = pay_facts(text, title="Candidate FAQ", section="Germany", as_of="")
    assert [(f.text, f.level, f.location) for f in facts] == [
        ("€95,000 – €115,000", "senior", "Munich"),
        ("€75,000 – €90,000", "mid", "Munich"),
    ]


def test_a_years_pay_worked_out_from_the_months_is_pay_and_an_exchange_rate_is_not() -> None:
    text = (
        "A senior data scientist is offered €4,600 gross per month × 14 = €64,400 a year. Rate used: EUR 1 = USD 1,082."
    )
    facts = pay_facts(text, title="Vienna offers", section="", as_of="")
    assert [(f.text, f.period) for f in facts] == [("€4,600", "month"), ("€64,400", "year")]


def test_spanish_periods_and_an_abbreviated_hedge_keep_a_figure_in_its_month() -> None:
    text = "- ML Engineer Senior: CLP 3.800.000 – 4.800.000 líquidos al mes (aprox. CLP 4.700.000 – 6.000.000 brutos)"
    facts = pay_facts(text, title="Salarios ML", section="Santiago", as_of="")
    assert [f.period for f in facts] == ["month", "month"]
    (cop,) = pay_facts(
        "- Data Scientist Senior: COP 14.000.000 – 18.000.000 mensuales", title="Salarios", section="", as_of=""
    )
    assert cop.period == "month"


def test_a_figure_denied_beside_the_right_one_is_no_pay() -> None:
    text = "Portugal pays 14x a year, so €78k on paper is ~€5,570 gross on each monthly payslip, not €6,500."
    facts = pay_facts(text, title="Lisbon offers", section="", as_of="")
    assert [(f.text, f.period) for f in facts] == [("€78k", "year"), ("€5,570", "payslip")]


def test_vietnamese_millions_are_dong() -> None:
    (money,) = find_money("Net after PIT: ~38.5 triệu/month")
    assert (money.currency, money.low) == ("VND", 38_500_000)


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("In March, UK pay for ML engineers rose to £70,000.", ["United Kingdom"]),  # a month, not March (UK)
        ("Most, Czechia included, pay in CZK these days.", ["Czechia"]),  # opens a sentence
        ("Best, Netherlands and Belgium pay the same.", ["The Netherlands", "Belgium"]),
        ("## Hamilton, New Zealand", ["Hamilton, New Zealand"]),  # a heading names the town
    ],
)
def test_a_capitalised_word_before_a_country_is_a_town_only_where_a_name_goes(text: str, places: list[str]) -> None:
    assert gazetteer().find(text) == places


def test_towns_the_articles_give_pay_for_are_known_in_a_fresh_process() -> None:
    code = "from ingest.places import gazetteer; print(gazetteer().bare_names(['Hamilton, New Zealand']))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert "'hamilton': 'Hamilton, New Zealand'" in out


def test_a_known_town_opening_a_question_is_a_word() -> None:
    with towns_known({"nice": "Nice"}):
        assert gazetteer().find("Nice. And what about Berlin?") == ["Berlin"]
        assert gazetteer().find("eindhoven vs Nice") == ["Eindhoven", "Nice"]


def test_a_dollar_table_of_several_countries_stays_in_us_dollars() -> None:
    text = "| Country | Median ML engineer salary ($) |\n|---|---|\n| Canada | 120,000 |\n| Australia | 130,000 |"
    facts = pay_facts(text, title="ML pay around the world", section="", as_of="")
    fill_locations(facts)
    assert {f.location: f.currency for f in facts} == {"Canada": "USD", "Australia": "USD"}


@pytest.mark.parametrize(
    "text",
    [
        "Senior ML engineers in Berlin earn €90,000. Senior hires get a laptop that costs €2,500.",
        "Senior ML engineers in Berlin earn €90,000. Rent for a mid-size flat is €1,400 a month.",
    ],
)
def test_a_cost_after_a_jobs_pay_is_no_pay(text: str) -> None:
    assert [f.text for f in pay_facts(text, title="Berlin", section="", as_of="")] == ["€90,000"]


def test_a_size_of_firm_is_no_level_and_work_hours_no_period() -> None:
    facts = pay_facts(
        "- Senior ML Engineer: €95,000 at mid-sized firms, €115,000 at big tech", title="x", section="", as_of=""
    )
    assert {f.level for f in facts} == {"senior"}
    assert period_of("Senior ML engineers earn €60,000, with 40h a week") == "year"
    assert period_of("€4,000 a month, in the office twice a week") == "month"


def test_a_label_naming_a_city_beats_its_country_column() -> None:
    text = "| Market | Country | ML engineer (EUR) |\n|---|---|---|\n| Munich | Germany | 95,000 |"
    (fact,) = pay_facts(text, title="Pay", section="Annual salary", as_of="")
    assert fact.location == "Munich"


def test_prose_lines_with_commas_and_thousands_are_no_table() -> None:
    text = "Salaries, perks, growth\nIn Berlin, juniors earn €45,000\nIn Munich, juniors earn €52,000\n"
    assert load_bytes("notes.txt", text.encode()).text.splitlines() == text.splitlines()


TWO_COLUMN_PAGE = "\n".join(
    f"{left:<50}{right}".rstrip()
    for left, right in [
        ("WHO WE HIRED", "WHAT WE PAY (2025)"),
        ("Most of our interns joined one of three", "All figures are gross annual base salary."),
        ("teams: data science, ML platform or the", ""),
        ("research group. A few went abroad and one", "Junior data scientist"),
        ("started a PhD in Leeds straight away.", "  Leeds ............ £31,000 – £36,000"),
        ("", "  Bristol .......... £33,000 – £38,000"),
        ("Hiring managers ask most for Python and", "Junior ML engineer"),
        ("SQL, then for one cloud platform; maths", "  Leeds ............ £35,000 – £41,000"),
        ("beyond the degree rarely comes up at all.", "  Bristol .......... £37,000 – £43,000"),
    ]
)


def test_a_page_in_two_columns_is_read_one_column_after_the_other() -> None:
    text = clean(TWO_COLUMN_PAGE, title="Careers factsheet").text
    assert not any("PhD" in x and "£" in x for x in text.splitlines())  # prose and pay no longer share lines
    facts = pay_facts(text, title="Careers factsheet", section="", as_of="")
    read = {(f.role, f.location, f.low) for f in facts}
    assert ("Junior data scientist", "Leeds", 31_000) in read and ("Junior ML engineer", "Bristol", 37_000) in read


WRAPPED_COLUMN_PAGE = "\n".join(
    f"{left:<50}{right}".rstrip()
    for left, right in [
        ("WHERE GRADUATES WENT", "ABROAD (local currency)"),
        ("Most leavers stayed in the UK; a few took", "Oslo, Norway — graduate data"),
        ("offers abroad after an internship, and one", "  scientist: NOK 560,000 –"),
        ("returned to study for a PhD in Leeds.", "  640,000 per year, before tax."),
        ("", ""),
        ("Hiring managers ask most for Python and", "Lisbon, Portugal — graduate ML"),
        ("SQL, then for one cloud platform; maths", "  engineer: €28,000 – €34,000"),
        ("beyond the degree rarely comes up at all.", "  a year."),
    ]
)


def test_a_narrow_columns_wrapped_sentences_are_read_whole() -> None:
    text = clean(WRAPPED_COLUMN_PAGE, title="Careers factsheet").text
    facts = {f.text: f for f in pay_facts(text, title="Careers factsheet", section="", as_of="")}
    oslo = facts["NOK 560,000 – 640,000"]  # a range broken after its dash, then a job broken from its place
    assert (oslo.location, oslo.level, oslo.period) == ("Oslo", "entry", "year")
    assert facts["€28,000 – €34,000"].location == "Lisbon"


def test_a_caption_never_overrides_a_rows_own_place() -> None:
    text = "| Country | Annual pay (USD) |\n|---|---|\n| Switzerland | $131,860 |\n| United States | $158,030 |"
    facts = pay_facts(text, title="Pay converted to US dollars", section="ML engineer salaries in US dollars", as_of="")
    assert {f.text: f.location for f in facts} == {"$131,860": "Switzerland", "$158,030": "United States"}


def test_definition_list_terms_label_their_lines() -> None:
    text = "Oslo\nData scientist: NOK 67,400 per month\nHelsinki\nData scientist: EUR 5,120 per month"
    facts = pay_facts(text, title="Nordic pay", section="Monthly pay", as_of="")
    assert [(f.location, f.period) for f in facts] == [("Oslo", "month"), ("Helsinki", "month")]


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("Data engineers in Lyon earn €58,000, about 9% less than ML engineers there.", "Data engineers"),
        (
            "NLP engineers answered in numbers. In Lyon the NLP median reached €66,000, above the ML engineer one.",
            "NLP engineers",
        ),
        ("The base for ML engineers in Lyon is €61,000.", "ML engineers"),
    ],
)
def test_a_figure_belongs_to_the_role_named_before_it_not_the_one_it_is_compared_with(text: str, role: str) -> None:
    [fact] = pay_facts(text, title="Pay in France", section="Lyon", as_of="")
    assert fact.role == role


@pytest.mark.parametrize(
    ("text", "levels"),
    [
        ("Sênior: R$ 9.000 por mês; Júnior: R$ 4.000", ["senior", "junior"]),
        ("seniors get €83,500 and juniors €51,000", ["senior", "junior"]),
        ("PyTorch leads the pack", []),
    ],
)
def test_levels_are_read_with_accents_and_in_the_plural(text: str, levels: list[str]) -> None:
    assert [level for level, _ in find_levels(text)] == levels


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        (
            "are bonuses included? how big are they for seniors",
            ["are bonuses included", "how big are they for seniors"],
        ),
        (
            "What skills does a data engineer need and what do they earn?",
            ["What skills does a data engineer need", "and what do they earn"],
        ),
        ("data engineer pay in lyon? monthly please", []),
        ("how long to senior, and whats the pay then", ["how long to senior", "and whats the pay then"]),
        ("what's the median and the top of the band?", []),
        ("lead pay in the US + how many data points is that", ["lead pay in the US", "+ how many data points is that"]),
        ("python + sql enough?", []),
    ],
)
def test_a_question_asking_several_things_is_split_into_its_parts(question: str, parts: list[str]) -> None:
    assert question_parts(question) == parts


@pytest.mark.parametrize(
    ("question", "places"),
    [
        ("data engineer in Chile working remotely for a German company, monthly pay?", ["Chile"]),
        ("senior ML engineer at a Japanese company, pay?", ["Japan"]),
        ("ML pay outside London?", []),
        ("ML engineer pay in Toronto vs Canada overall?", ["Toronto", "Canada"]),
        ("ML engineer pay in Toronto, Canada?", ["Toronto"]),
    ],
)
def test_an_employers_home_or_a_place_set_aside_is_not_the_place_asked(question: str, places: list[str]) -> None:
    assert parse(question).places == places


def test_an_employers_home_is_not_where_a_figure_is_earned() -> None:
    text = "Senior data engineers contracting for German or Dutch companies bill €6.500 a month."
    [fact] = pay_facts(text, title="Data engineering pay in Chile", section="Remote work", as_of="")
    assert (fact.location, fact.low) == ("Chile", 6500)


def test_a_place_named_before_a_figure_is_its_place_when_the_figure_says_there() -> None:
    text = "Lyon is the surprise. Around its biotech park, a senior data engineer there gets €71,000."
    [fact] = pay_facts(text, title="France", section="Outside Paris", as_of="")
    assert (fact.location, fact.level, fact.text) == ("Lyon", "senior", "€71,000")


def test_there_points_back_only_within_its_own_figures_clause() -> None:
    text = (
        "Juniors in Hanoi report VND 25 million a month. Seniors there report VND 60 million, "
        "and leads in Da Nang VND 70 million."
    )
    facts = _facts_by_text(text, title="Vietnam ML pay", period="month")
    assert [facts[k].location for k in ("VND 60 million", "VND 70 million")] == ["Hanoi", "Da Nang"]


def test_a_legal_minimum_wage_is_no_jobs_pay() -> None:
    text = "ML interns in Brno were paid CZK 260 per hour. For comparison, the minimum wage was CZK 124 per hour."
    facts = _facts_by_text(text, title="Czech ML pay")
    assert "CZK 260" in facts and "CZK 124" not in facts
    text = "While the minimum wage rose to CZK 124 an hour, junior ML engineers in Brno earn CZK 62,000 a month."
    assert list(_facts_by_text(text, title="Czech ML pay")) == ["CZK 62,000"]  # its own clause names no wage law


def test_a_count_listed_under_a_heading_in_a_currency_is_no_pay() -> None:
    from ingest.facts import pay_facts

    items = "- Respondents: 1,250\n- Headcount: 3,400\n- Senior: 85,000"
    facts = pay_facts(items, title="Survey", section="Salaries in EUR", as_of="2026", currency="EUR")
    assert [f.text for f in facts] == ["EUR 85,000"]


def test_a_boxed_price_list_nested_by_indentation_is_read_in_its_headings_money() -> None:
    from ingest.cleaning import clean
    from ingest.facts import pay_facts

    text = """Careers office notes for students on pay in the region and how to read them, with a price list below.

   .------------------------------------------------------------.
   | PAY GUIDE - DATA SCIENTIST - CZK PER MONTH                 |
   |                                                            |
   | Brno                                                       |
   |    junior ........................ 48,000                  |
   |    senior ........................ 92,000                  |
   | Ostrava                                                    |
   |    junior ........................ 41,000                  |
   '------------------------------------------------------------'

All figures in this guide are Czech koruna (CZK).
"""
    article = clean(text, title="Pay guide")
    assert "|" not in article.text and "Brno › junior: 48,000" in article.text
    table = clean("Pay by city for ML engineers this year.\n| City |\n|---|\n| Berlin |\n| Munich |\n", title="T")
    assert "|---|" in table.text and "| Munich |" in table.text  # a table drawn without a box's edge stays one
    contents = clean("Contents\n    Pay in Brno ........ 3\n    Pay in Ostrava ..... 7\n", title="T").text
    assert "›" not in contents  # page numbers are no values
    section = "PAY GUIDE - DATA SCIENTIST - CZK PER MONTH"
    body = article.text.split(section, 1)[1]
    facts = {f.text: f for f in pay_facts(body, title="Pay guide", section=section, as_of="2026", currency="CZK")}
    assert [(f.location, f.level, f.low, f.period) for f in facts.values()] == [
        ("Brno", "junior", 48000, "month"),
        ("Brno", "senior", 92000, "month"),
        ("Ostrava", "junior", 41000, "month"),
    ]


def test_shorthand_levels_and_amounts_are_understood() -> None:
    q = parse("is 90k good for a jr DS in lyon?")
    assert (q.pay, q.level, q.role.text if q.role else "") == (True, "junior", "junior data scientist")


@pytest.mark.parametrize(
    ("question", "pay"),
    [
        ("what does an mlops engineer actually do compared to a data scientist in perth?", False),
        ("wat does an AI product analyst actually do", False),
        ("mlops vs data scientist in perth, which pays more?", True),
        ("what do ML engineers in berlin vs munich make?", True),
    ],
)
def test_what_a_job_does_asks_its_work_not_its_pay(question: str, pay: bool) -> None:
    assert parse(question).pay is pay


@pytest.mark.parametrize(
    ("question", "other"),
    [("does the hiring mgr need a masters for her eng roles?", ""), ("civil engineer pay in lima?", "civil engineer")],
)
def test_a_word_before_engineer_names_another_profession_unless_it_is_grammar(question: str, other: str) -> None:
    assert parse(question).other_profession == other  # "her engineer" says whose job, not which


@pytest.mark.parametrize(
    ("question", "role", "in_domain"),
    [
        ("DS pay in lyon?", "data scientist", True),
        ("how long until you make senior in France?", "", True),
        ("mid-level CV engineer pay in lima?", "mid-level computer vision engineer", True),
        ("senior dl researchers in seoul?", "senior deep learning researchers", True),
        ("how do I make my CV stand out for engineer roles?", "engineer", True),
    ],
)
def test_shorthand_roles_and_levels_are_understood(question: str, role: str, in_domain: bool) -> None:
    q = parse(question)
    assert (q.role.text if q.role else "", q.in_domain) == (role, in_domain)


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, embeddings) -> Answerer:
    from tests.conftest import CORPUS

    root = tmp_path_factory.mktemp("generalize")
    settings = Settings(_env_file=None, corpus_dir=CORPUS, chroma_path=root / "chroma")
    store = Store(settings, embeddings=embeddings)
    ingest_paths([CORPUS, ARTICLES], settings, store)
    return Answerer(settings, store=store)


CASES = [
    # (question, must include, must not include)
    ("What do senior ML engineers earn in Vienna?", ["81,600"], ["97,400", "52,300", "139,200"]),
    ("junior ML engineer pay in munich", ["61,100"], ["97,400", "52,300"]),
    ("What is ML engineer pay in Switzerland in USD?", ["131,860"], ["158,030", "74,410"]),
    ("How much do ML engineers earn in Austria in US dollars?", ["74,410"], ["131,860", "158,030"]),
    ("What do the top 10 percent of ML engineers in Munich earn?", ["126,700"], ["97,400"]),
    ("What is total compensation for ML engineers in Munich?", ["96,250"], []),
    ("ML engineer monthly pay in Tampere?", ["4,410"], ["71,300"]),
    ("How much does an ML engineer make in Oslo per month?", ["71,300"], ["64,200"]),
    ("data scientist pay in Bergen per month? not ML engineer", ["64,200"], ["71,300"]),
    ("What does a senior machine learning engineer make in the United States?", ["171,200"], ["212,900", "158,030"]),
    ("what pay multiple comes with the established stage of the MLOps ladder?", ["2.3x"], ["1.6x", "3.5x"]),
    ("how long do MLOps engineers spend as trainees?", ["6–9 months"], ["1–2 years"]),
    ("senior MLOps engineer pay in São Paulo, not staff", ["25,000"], ["34,000"]),
    ("by how much does a Kubernetes certification raise MLOps pay?", ["12%"], []),
    ("what do hiring managers in Sao Paulo look for in MLOps candidates?", ["rollback"], []),
    ("senior ML engineer pay in vienna?", ["81,600"], ["74,410"]),  # the city's own figure, not its country's
    ("where do the research scientist pay figures come from?", ["Hays Tech Salary Guide"], []),
    ("senior ML engineer salary in Hobart?", ["163,700"], ["1,150", "121,300"]),
    ("day rate for a senior ML contractor in Wellington?", ["1,050"], ["158,400"]),
    ("mid-level data scientist pay in Hobart, median", ["121,300"], ["112,000", "133,000"]),
    ("how many responses is the Tasman ML pay export based on?", ["412"], []),
    ("senior ML engineer salary in Hobart? does that include bonus", ["163,700"], ["1,150"]),
    ("machine learning lead in the US: baseline pay and the projection", ["156,401", "175,169"], []),
    ("senior ML engineer total comp in Wellington, public sector vs global tech?", ["149,000", "212,000"], []),
    ("senior ML engineer base in Wellington, and roughly what's that in USD?", ["158,400", "94,800"], []),
    ("what % of tasman ML job postings require a PhD?", ["9%"], ["68%"]),
    (
        "when does a research scientist count as senior? the handbook and the startup notes say different things",
        ["6+ years", "3+ years"],
        [],
    ),
    ("how many years of experience do principal research scientists have?", ["10+ years"], []),
    (
        "median, 25th and 75th percentile pay for ML engineers in Canada?",
        ["131,000", "112,500", "149,000"],
        ["104,300", "91,000", "118,800"],
    ),
    ("median data scientist base pay in canada", ["104,300"], ["131,000"]),
    ("how much base do the top 10% of ML engineers in Canada get", ["171,000"], ["149,000"]),
    ("which skill adds the most to a data engineer's pay in portugal?", ["11%"], ["6%", "8%"]),
    (
        "what do senior data engineers make in lisbon? how big are bonuses for seniors",
        ["58,400", "6–9%"],
        [],
    ),
    ("senior data engineer salary in porto?", ["51,200"], ["58,400", "44,700"]),
    ("data engineer pay in portugal, the low end and the high end?", ["24,500", "66,000"], ["34,000"]),
    ("junior vs senior ML engineers in vienna, how do they compare", ["52,300", "81,600"], ["61,100", "97,400"]),
    ("junior vs staff ML engineer pay in vienna?", ["52,300"], ["61,100"]),
    ("is €60k good for a senior data engineer in lisbon?", ["58,400"], ["27,900"]),
    ("senior data engineer in lisbon: current median vs the projected one?", ["58,400", "61,900"], ["27,900"]),
    (
        "data scientist pay in Denver vs ML engineer pay in Atlanta?",
        ["142,000", "149,500"],
        ["131,200", "203,000", "161,000"],
    ),
    # a level code asked picks its own row; a town named with its country is that town
    ("whats the L4 ML engineer base in kaunas?", ["47,000"], ["38,000", "59,000"]),
    ("vilnius engineering manager pay at M2?", ["88,000"], ["72,000"]),
    ("data scientist II monthly base at harbourline?", ["340,000"], ["260,000", "455,000"]),  # a Roman rung
    ("data scientist I vs data scientist III pay in nairobi", ["(I): KES 260,000", "(III): KES 455,000"], ["340,000"]),
    ("L3 vs L5 ml engineer base in kaunas", ["(L3): EUR 38,000", "(L5): EUR 59,000"], ["47,000"]),
    ("data scientist salary in parnu, estonia?", ["41,000"], []),
    # skills to learn, the tools besides one named, and ML pay beside the non-IT average
    ("junior mle at harbourline, what should i learn next to reach mid level?", ["MLflow"], []),
    ("which infra tools besides docker does harbourline want?", ["Helm"], []),
    ("how does ML engineer pay in nairobi compare to the avg non-IT salary?", ["420,000", "95,000"], []),
    # a sentence referring back is shown with the one it continues
    (
        "what do junior ml engineers at harbourline actually do day to day?",
        ["feature pipelines", "under two years"],
        [],
    ),
    # a part standing alone is answered from its own best chunk and meaning; a restated figure comes with its own
    ("senior mle pay in cape town? and how common is pytorch in job ads there", ["1,150,000", "38%"], []),
    ("junior ML engineer pay in cape town? and what do seniors get, in usd", ["480,000", "62,000"], ["760,000"]),
    ("senior mle pay in cape town? and by how much does mlops experience raise it", ["1,150,000", "15%"], []),
    # a pay circular: leader dots, one grade for two jobs, numbered sub-sections of duty stations
    ("starting monthly basic for a senior ML engineer at the lagos data bureau? step 1", ["1,800,000"], ["1,180,000"]),
    ("what transport allowance do officers in abuja get per month?", ["120,000"], ["90,000", "150,000"]),
    # tips asked: the whole list, though a chunk boundary splits it
    ("any tips for negotiating an ML offer in cape town?", ["Benchmark first", "Relocation", "Get it in writing"], []),
    # each part naming its own year gets its own job's figure
    (
        "harbourline grad pay: mlops starting pay in 2025? also what was the data science one for 2024",
        ["205,000", "150,000"],
        ["170,000", "180,000"],
    ),
]


def answered_with(answerer: Answerer, question: str, must: list[str], must_not: list[str]) -> Answer:
    """The answer to a question, checked to state every figure in `must`, none in `must_not`, all grounded."""
    answer = answerer.answer(question)
    assert not answer.refused, answer.answer
    assert all(f in answer.answer for f in must) and not any(f in answer.answer for f in must_not), answer.answer
    assert grounded(answer)
    return answer


@pytest.mark.slow
@pytest.mark.parametrize(("question", "must", "must_not"), CASES)
def test_answers_follow_the_question(answerer: Answerer, question: str, must: list[str], must_not: list[str]) -> None:
    answer = answered_with(answerer, question, must, must_not)
    assert all(c.as_of for c in answer.citations)


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "What do product managers earn in Vienna?",
        "data scientist salary in Munich?",
        "product manager salary in warsaw?",
        "hourly rate for a senior ML engineer in Vienna?",  # a salary is no hourly rate
    ],
)
def test_another_roles_pay_is_never_given_for_the_role_asked(answerer: Answerer, question: str) -> None:
    answer = answerer.answer(question)
    assert answer.refused, answer.answer


@pytest.mark.slow
def test_a_figure_placed_only_by_its_money_does_not_answer_for_a_city_its_article_is_not_about(
    answerer: Answerer,
) -> None:
    answer = answerer.answer("senior ML engineer monthly pay in Kano?")  # the Lagos circular's NGN, not Kano's
    assert answer.refused and "1,800,000" not in answer.answer, answer.answer


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "must", "must_not"),
    [
        ("junior ml engineer salary in hamilton?", ["74,000"], ["128000", "109000"]),
        ("mid level ML engineer in Hamilton vs Auckland?", ["109000", "128000"], ["74,000"]),
        ("senior ML engineer pay in Reading?", ["84000"], ["41000"]),
        ("data scientist pay in bath", ["41000"], ["84000"]),
    ],
)
def test_a_town_named_by_a_word_is_asked_by_its_name_alone(
    answerer: Answerer, question: str, must: list[str], must_not: list[str]
) -> None:
    answered_with(answerer, question, must, must_not)


@pytest.mark.slow
def test_a_certification_asked_for_a_place_comes_from_the_articles_about_it(answerer: Answerer) -> None:
    answer = answerer.answer("which cert is worth getting for MLOps roles in new zealand?")
    assert "CKA" in answer.answer and "AWS Machine Learning Specialty" not in answer.answer, answer.answer


def test_a_certification_is_for_the_jobs_its_own_sentence_names() -> None:
    facts = skill_facts(
        "- CKA – the most useful add-on for MLOps roles.", title="Candidate FAQ", section="Certificates"
    )
    assert {(f.name, f.role) for f in facts if f.kind == "certification"} == {("CKA", "MLOps")}


@pytest.mark.slow
def test_take_home_asked_is_answered_by_the_net_figure_beside_the_gross_one(answerer: Answerer) -> None:
    answered_with(answerer, "what's the take-home of a mid ML engineer in Auckland?", ["7,600"], [])


@pytest.mark.slow
def test_a_place_no_article_covers_is_refused_by_name(answerer: Answerer) -> None:
    answer = answerer.answer("What do ML engineers earn in Reykjavik?")
    assert answer.refused and "Reykjav" in answer.answer


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "answered"),
    [
        ("mid-level ML engineer pay in Quito, in US dollars?", True),  # Ecuador pays in US dollars
        ("mid-level ML engineer pay in Quito?", False),  # no currency asked: a city no article covers
        ("mid-level ML engineer pay in Lima, in US dollars?", False),  # Peru's own currency is the sol
    ],
)
def test_a_regions_figure_answers_for_a_city_only_in_the_citys_own_currency_when_asked(
    answerer: Answerer, question: str, answered: bool
) -> None:
    answer = answerer.answer(question)
    assert answer.refused is not answered, answer.answer
    if answered:
        assert "41,500" in answer.answer and "Latin America" in answer.answer and grounded(answer)


@pytest.mark.slow
def test_a_currency_no_article_gives_is_said(answerer: Answerer) -> None:
    answer = answerer.answer("What do junior ML engineers earn in Vienna in yen?")
    assert "52,300" in answer.answer and "no figure in JPY" in answer.answer


@pytest.mark.slow
def test_explain_lists_scored_candidates(answerer: Answerer) -> None:
    trace: list[str] = []
    answerer.answer("What do senior ML engineers earn in Vienna?", trace=trace)
    assert trace and "dense=" in trace[0] and "lexical=" in trace[0] and "81,600" in trace[0]


@pytest.mark.parametrize(
    ("question", "levels", "excluded"),
    [
        ("senior ML engineer in the US, IC track not a lead role", ["senior"], ["lead"]),
        ("senior / lead ML engineers in asia", ["senior", "lead"], []),
        ("junior pay vs the mid-level tier", ["junior", "mid"], []),
        ("Lima vs Cusco for a (non-senior) data scientist?", [], ["senior"]),
        ("non-IT pay for senior roles in Lima", ["senior"], []),
    ],
)
def test_questions_name_every_level_and_those_ruled_out(question: str, levels: list[str], excluded: list[str]) -> None:
    q = parse(question)
    assert (q.levels, q.excluded_levels) == (levels, excluded)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("what multiplier does the mid tier get?", "ratio"),
        ("how long does it take to reach senior?", "time"),
        ("what share of postings ask for Python?", "percent"),
        ("how much do ML engineers make in Oslo?", "money"),
        ("why is pay rising in Singapore?", "reason"),
        ("which skills pay the most for ML engineers?", "item"),
        ("what skills does a mid-level engineer need and what do they earn?", ""),
        ("is a cloud cert worth it, whats the salary bump?", "percent"),
        ("which cert pays the most, and how much is it?", "item"),
        ("how many responses was the ML comp survey based on?", "count"),
        ("which city had the fastest ML pay growth last year, and how much?", "percent"),
        ("whats the L5 bonus target, and when does the equity vest?", ""),  # "when" asks the later part
        ("how much do MLEs earn in Sydney, and how many responses is that based on?", "money"),
        ("ML pay at growth-stage startups in berlin?", "money"),
        ("how many rupees does a fresher ML engineer get?", "money"),
        ("new grad DS in lima, what base should I expect?", "money"),
        ("how much should I ask for as a senior MLE?", "money"),
        ("what should I put first on my CV?", "reason"),
        ("what makes ML pay higher in Lima?", "reason"),
        ("what is the salary multiplier for a junior in Lima?", "ratio"),
    ],
)
def test_questions_say_what_kind_of_figure_answers_them(question: str, kind: str) -> None:
    assert parse(question).answer_type == kind


@pytest.mark.parametrize(
    ("question", "pay"),
    [
        ("Senior data scientist, Oslo: and the average?", True),
        ("what's the median for a lead MLE", True),
        ("is the average time to promotion two years?", False),
        ("is ML hiring growing faster than average?", False),
        ("which skills are above average in demand?", False),
    ],
)
def test_a_statistic_asked_of_no_other_figure_asks_pay(question: str, pay: bool) -> None:
    assert parse(question).pay is pay


def test_rows_of_a_table_pasted_without_borders_are_not_headings() -> None:
    from ingest.cleaning import clean

    text = (ARTICLES / "mlops-ladder-sao-paulo.txt").read_text(encoding="utf-8")
    headings = [line for line in clean(text).text.splitlines() if line.startswith("#")]
    assert not any("Kubernetes" in h or "Kubeflow" in h for h in headings), headings
    assert any("Pay Multiple" in h for h in headings)


def test_table_rows_and_list_items_are_read_with_their_header() -> None:
    from bot.retrieval import _row_headers

    text = "Level Tools Time\nJunior PyTorch 6 months 1.8x\nMid MLOps 1 year 2.8x\nLook for:\n- Python\n- SQL"
    assert _row_headers(text) == {1: "Level Tools Time", 2: "Level Tools Time", 4: "Look for:", 5: "Look for:"}


def test_a_table_without_border_pipes_is_read_by_its_header_row() -> None:
    text = (
        "Country | Data scientist (local) | ML engineer (local) | ML engineer (USD)\n"
        "Poland | 252,000 zł | 318,000 zł | $79,500\n"
        "Japan | ¥8,400,000 | ¥10,200,000 | $68,900"
    )
    facts = pay_facts(text, title="Pay by country", section="Median annual pay", as_of="")
    assert {(f.text, f.location, f.role) for f in facts} == {
        ("252,000 zł", "Poland", "Data scientist"),
        ("318,000 zł", "Poland", "ML engineer"),
        ("$79,500", "Poland", "ML engineer"),
        ("¥8,400,000", "Japan", "Data scientist"),
        ("¥10,200,000", "Japan", "ML engineer"),
        ("$68,900", "Japan", "ML engineer"),
    }
    assert {f.currency for f in facts} == {"PLN", "JPY", "USD"}


def test_each_figure_of_a_sentence_takes_its_own_clause() -> None:
    text = (
        "A mid-level ML engineer in Dublin earns €82,000–€95,000 base, and senior ML engineers €108,000–€125,000.\n"
        "Senior ML engineers earn $150,000 in New York and $140,000 in Austin.\n"
        "The 25th percentile sat at $124,500, while the top 10% of offers cleared $215,000."
    )
    facts = _facts_by_text(text, title="ML pay", section="Pay")
    assert (facts["€82,000–€95,000"].level, facts["€108,000–€125,000"].level) == ("mid", "senior")
    assert (facts["$150,000"].location, facts["$140,000"].location) == ("New York City", "Austin")
    assert (facts["$124,500"].label, facts["$124,500"].level) == ("25th percentile", "")
    assert (facts["$215,000"].label, facts["$215,000"].level) == ("top 10%", "")


def test_a_chunk_opening_mid_table_repeats_the_header() -> None:
    from ingest.chunking import chunk_article

    rows = "\n".join(f"City{k} | {k},100 | {k},900" for k in range(1, 40))
    chunks = chunk_article(
        f"# Pay\n## Table\nCity | Junior (EUR) | Senior (EUR)\n{rows}", chunk_size=300, chunk_overlap=0
    )
    assert len(chunks) > 2
    assert all(c.text.startswith("City | Junior (EUR) | Senior (EUR)") for c in chunks)


@pytest.mark.slow
def test_coverage_questions_hide_their_figures_and_are_mostly_answered(answerer: Answerer) -> None:
    from bot.coverage import coverage_items, run_coverage

    items = coverage_items(answerer)
    assert len(items) > 50
    for item in items:
        for figure in item["answer_must_include"][0]:
            assert figure not in item["question"], item
    assert {i["sources"][0] for i in items} >= {"mlops-ladder-sao-paulo", "alpine-ml-pay-by-level"}
    report, figures = run_coverage(answerer, sample=40)
    assert report.metrics()["fact_accuracy"] >= 0.6 and figures >= 0.5


@pytest.mark.parametrize(
    ("question", "ruled_out"),
    [
        ("bonus at a local software house (not one of the foreign hubs)?", ["foreign", "hubs"]),
        ("senior ML engineer, IC track not a lead role", ["lead", "role"]),
        ("is it worth it or not?", []),
        ("I already know the ML engineer numbers, what about non-IT pay?", ["ml", "engineer", "numbers"]),
        ("can I get hired without a degree?", []),
        ("going contractor instead of employee as a senior MLE in lima?", ["employee"]),
        ("pay excluding bonus and equity for seniors", ["bonus", "equity"]),
    ],
)
def test_questions_say_what_they_rule_out(question: str, ruled_out: list[str]) -> None:
    assert parse(question).ruled_out == ruled_out


def test_members_shorthand_and_the_first_named_period() -> None:
    q = parse("senior MLE in Munich, monthly pay? they pay 14 times a year")
    assert q.role is not None and q.role.fields == frozenset({"ml"}) and q.role.head == "engineer"
    assert (q.places, q.period, q.pay) == (["Munich"], "month", True)
    assert parse("mid level ML eng pay").role.head == "engineer"


def test_a_figure_in_a_one_country_currency_lies_in_that_country() -> None:
    from ingest.facts import currency_country, fill_locations

    assert (currency_country("AED"), currency_country("CHF"), currency_country("USD")) == (
        "United Arab Emirates",
        "Switzerland",
        "",
    )
    facts = pay_facts(
        "A senior ML engineer on AED 29,000 a month earns roughly USD 7,900.",
        title="Pay ladder",
        section="Pay",
        as_of="",
    )
    fill_locations(facts)
    # the dirham places its figure; the dollar figure then takes the article's one country
    assert {f.text: f.location for f in facts} == {
        "AED 29,000": "United Arab Emirates",
        "USD 7,900": "United Arab Emirates",
    }


def test_hyphenated_compounds_are_words_of_their_own() -> None:
    from bot.retrieval import tokenize

    assert "non-it" in tokenize("average NON-IT salary") and "non-it" in tokenize("Non-IT avg salary")


@pytest.mark.slow
def test_a_list_answer_shows_its_items(answerer: Answerer) -> None:
    answer = answerer.answer("What do hiring managers in Sao Paulo look for in MLOps candidates?")
    lines = answer.answer.splitlines()
    assert len(lines) >= 3 and all(c.source == "mlops-ladder-sao-paulo" for c in answer.citations)
    assert {"rollback", "peers", "on-call"} <= {
        w for line in lines for w in ("rollback", "peers", "on-call") if w in line
    }


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "must"),
    [
        ("How do I negotiate my ML salary?", "egotiat"),  # stems: negotiate ~ negotiating
        ("Do I need a PhD to become an ML engineer?", "Ph.D."),  # "Ph.D." is "PhD"
        ("why does MLOps pay in São Paulo keep going up?", "GPU clusters"),  # the reason runs on a sentence
    ],
)
def test_open_questions_are_answered_by_sentences_not_figures(answerer: Answerer, question: str, must: str) -> None:
    answer = answerer.answer(question)
    assert not answer.refused and must in answer.answer and "$" not in answer.answer, answer.answer


@pytest.mark.slow
def test_which_skills_is_answered_by_skills_not_by_pay(answerer: Answerer) -> None:
    answer = answerer.answer("which skills raise MLOps engineer pay in São Paulo?")
    assert "12%" in answer.answer and "R$" not in answer.answer, answer.answer


@pytest.mark.parametrize(
    ("question", "statistics"),
    [
        ("median base in the US, and the 25th and 75th percentiles?", ["median", "25th percentile", "75th percentile"]),
        ("average vs mean vs median", ["average", "median"]),
        ("ML engineer pay in Seoul", []),
        ("the most common band, not the average", ["most common"]),
    ],
)
def test_questions_name_each_statistic_they_ask_for(question: str, statistics: list[str]) -> None:
    assert parse(question).statistics == statistics


@pytest.mark.parametrize(
    ("question", "normalized"),
    [
        ("i majored in stats, is that enough", "i majored in stats, is that enough"),
        ("salry of a machine lerning enginer in torronto", "salary of a machine learning engineer in toronto"),
    ],
)
def test_typos_are_fixed_but_common_words_are_meant_as_written(question: str, normalized: str) -> None:
    assert parse(question).normalized == normalized


def test_a_sentence_referring_back_takes_the_role_named_before_it() -> None:
    text = "Data scientists are paid less. Their median base was $128,700. ML engineers earn $150,000."
    facts = {f.text: f.role for f in pay_facts(text, title="US pay", section="Pay", as_of="")}
    assert facts == {"$128,700": "Data scientists", "$150,000": "ML engineers"}


def test_a_role_named_by_its_noun_alone_is_the_role_its_article_is_about() -> None:
    text = "Senior engineers in Lima earn PEN 14,000 a month."
    [fact] = pay_facts(text, title="Robotics engineer pay in Peru", section="Lima", as_of="2026")
    assert (fact.role, fact.level) == ("Robotics engineer", "senior")
    [fact] = pay_facts(text, title="Data scientist pay in Peru", section="Lima", as_of="2026")
    assert fact.role == "Senior engineers"  # a scientist's field is no engineer's


def test_a_role_carried_on_from_an_earlier_figure_leaves_that_figures_level_behind() -> None:
    text = "Junior data engineers in Perth earn AUD 85,000. At the senior level, Perth pay is AUD 150,000."
    facts = [(f.role, f.level) for f in pay_facts(text, title="AU pay", section="Pay", as_of="")]
    assert facts == [("Junior data engineers", "junior"), ("data engineers", "senior")]


def test_a_period_stated_after_one_figure_is_that_figures_own() -> None:
    text = "A senior ML engineer in Munich on €92,600 sees about €7,717 gross a month."
    periods = {f.text: f.period for f in pay_facts(text, title="Munich pay", section="Pay", as_of="")}
    assert periods == {"€92,600": "year", "€7,717": "month"}
    text = "Monthly pay: junior ML engineers €3,000, senior ML engineers €5,000."
    assert {f.period for f in pay_facts(text, title="ML pay", section="Pay", as_of="")} == {"month"}


@pytest.mark.parametrize(
    ("text", "years"),
    [
        (
            "In 2024 a senior ML engineer in Oslo earned NOK 61,000 a month; by 2026 that had reached NOK 67,400.",
            {"NOK 61,000": "2024", "NOK 67,400": "2026"},
        ),
        ("ML engineer pay rose from $150,000 in 2024 to $171,000 today.", {"$150,000": "2024", "$171,000": "2025"}),
        ("Junior ML engineers earn €52,300 (2023), up 12% since 2021.", {"€52,300": "2023"}),
        ("Junior ML engineers earn €52,300, up 12% since 2021.", {"€52,300": "2025"}),
    ],
)
def test_each_figure_is_of_the_year_its_own_clause_names(text: str, years: dict[str, str]) -> None:
    facts = pay_facts(text, title="ML pay", section="Pay", as_of="2025")
    assert {f.text: f.as_of for f in facts} == years


def test_a_year_before_a_figure_is_not_the_low_end_of_a_range() -> None:
    found = find_money("pay rose from $150,000 in 2024 to $171,000 today")
    assert [(m.text, m.low, m.high) for m in found] == [("$150,000", 150000, 150000), ("$171,000", 171000, 171000)]


def test_questions_name_the_years_they_ask_about() -> None:
    assert parse("lead ML pay in the US (the 2024 numbers)?").years == ["2024"]
    assert parse("what will ML engineers earn in 2030 vs 2028?").years == ["2030", "2028"]
    assert parse("ML engineer with 2-4 yrs in Berlin, pay?").years == []


YEAR_CASES = [
    # (question, must include, must not include): tests/articles/warsaw-ml-pay-over-the-years.md
    ("senior ML engineer pay in warsaw in 2024?", ["22,000", "2024"], ["26,500", "29,000"]),
    ("senior ML engineer pay in warsaw?", ["26,500"], ["22,000", "29,000"]),
    ("what will senior ML engineers in warsaw earn in 2028?", ["29,000"], ["22,000", "26,500"]),
]


@pytest.mark.slow
@pytest.mark.parametrize(("question", "must", "must_not"), YEAR_CASES)
def test_a_year_asked_is_a_filter_and_unasked_the_latest_figure_leads(
    answerer: Answerer, question: str, must: list[str], must_not: list[str]
) -> None:
    answered_with(answerer, question, must, must_not)


@pytest.mark.slow
def test_a_future_year_no_article_forecasts_is_refused_by_name(answerer: Answerer) -> None:
    answer = answerer.answer("junior ML engineer pay in warsaw in 2030?")
    assert answer.refused and "2030" in answer.answer, answer.answer


@pytest.mark.parametrize(
    ("asked", "stated", "same_job"),
    [
        ("data scientist", "data analyst", False),
        ("ML engineer", "machine learning manager", False),
        ("ML engineer", "machine learning scientist", False),
        ("ML engineer", "Lead ML Specialist", True),
        ("ML lead", "Lead Machine Learning Engineer", True),
    ],
)
def test_a_manager_an_analyst_a_scientist_and_an_engineer_are_different_jobs(
    asked: str, stated: str, same_job: bool
) -> None:
    a, s = find_role(asked), find_role(stated)
    assert a and s
    assert (a.similarity(s) >= 0.5) == same_job


@pytest.mark.parametrize(
    ("text", "places"),
    [("In Aarhus, pay is higher", ["Århus"]), ("Kiev and Lisboa", ["Kyiv", "Lisbon"]), ("Google pays well", [])],
)
def test_other_spellings_of_a_city_are_the_city_but_not_every_alternate_name(text: str, places: list[str]) -> None:
    assert gazetteer().find(text) == places


def test_figures_of_the_same_currency_and_size_share_the_period_stated() -> None:
    text = "In Aarhus, mid-level ML engineers earn around 52,000 DKK a month, compared with 58,000 DKK in Copenhagen."
    facts = [(f.location, f.period) for f in pay_facts(text, title="Nordic pay", section="Denmark", as_of="2026")]
    assert facts == [("Århus", "month"), ("Copenhagen", "month")]


@pytest.mark.parametrize(
    ("text", "bases"),
    [
        (
            "Mid-level data scientists in Sydney get a $148k package incl super, so roughly $132k base.",
            {"$148k": "total", "$132k": "base"},
        ),
        (
            "Total compensation (base plus bonus plus stock) runs higher: the median ML engineer total comp was "
            "$214,000 in Denver and $188,000 in Atlanta.",
            {"$214,000": "total", "$188,000": "total"},
        ),
        ("Senior ML engineers in Melbourne earn A$185k base + super.", {"A$185k": "base"}),
        ("Senior ML engineers in Melbourne earn A$185k.", {"A$185k": ""}),
        (
            "Base salary for ML engineers in Sydney is A$180,000, total comp A$250,000.",
            {"A$180,000": "base", "A$250,000": "total"},
        ),
        ("ML engineers earn $180,000 base, $250,000 total.", {"$180,000": "base", "$250,000": "total"}),
        ("Teams that fine-tune base models and ship Python packages pay ML engineers $150,000.", {"$150,000": ""}),
        ("ML engineers with supervised learning experience earn $150,000.", {"$150,000": ""}),
    ],
)
def test_each_figure_is_base_salary_or_total_compensation_as_its_clause_says(text: str, bases: dict[str, str]) -> None:
    facts = pay_facts(text, title="ML pay", section="Pay", as_of="2026")
    assert {f.text: f.basis for f in facts} == bases


def test_a_tables_heading_says_what_kind_of_pay_its_rows_are() -> None:
    text = "| City | ML engineer |\n|---|---|\n| Denver | $161,000 |"
    facts = pay_facts(text, title="ML pay", section="Median base salary by city", as_of="2026")
    assert [(f.location, f.basis) for f in facts] == [("Denver", "base")]


@pytest.mark.parametrize(
    ("question", "bases"),
    [
        ("MLE base salary in seattle?", ["base"]),
        ("mid DS in sydney - whats the base, not the package incl super?", ["base"]),
        ("whats the tc for a senior mle in nyc", ["total"]),
        ("bay area MLE: median total comp vs base?", ["total", "base"]),
        ("ML engineer salary in London", []),
        ("senior MLE salary in perth? and does that include super", []),  # asks whether, not for total pay
        ("What is the median base salary for ML engineers in Sydney?", ["base"]),
    ],
)
def test_questions_say_which_kind_of_pay_they_ask_for(question: str, bases: list[str]) -> None:
    assert parse(question).bases == bases


@pytest.mark.parametrize(
    ("text", "statistics"),
    [
        ("the top decile of base pay", ["90th percentile"]),
        ("top 10 percent of offers", ["90th percentile"]),
        ("P90", ["90th percentile"]),
        ("the upper quartile", ["75th percentile"]),
        ("median, 25th and 75th percentile pay", ["median", "25th percentile", "75th percentile"]),
        ("the 50th percentile, or mean", ["median", "average"]),
        ("ranges from the low end to the top end", ["low end", "high end"]),
    ],
)
def test_a_statistic_is_one_however_it_is_written(text: str, statistics: list[str]) -> None:
    assert [n.name for n in named_statistics(text)] == statistics


def test_a_figures_place_is_the_one_its_own_clause_names() -> None:
    text = "In 2024 the Atlanta ML engineer base median was $137,800, so pay there grew faster than in Denver."
    facts = pay_facts(text, title="ML pay", section="Trends", as_of="2026")
    assert [(f.location, f.label, f.as_of) for f in facts] == [("Atlanta", "median", "2024")]


def test_a_place_a_figure_is_compared_with_is_not_its_own() -> None:
    text = "- Data scientist (Porto): median EUR 3,100, roughly 15% below Lisbon"
    assert [f.location for f in pay_facts(text, title="Pay", section="Portugal", as_of="2026")] == ["Porto"]


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("## Method\nAll amounts are gross monthly base pay.\n\n## Pay\n- Mid data scientist: PLN 14,000", "month"),
        ("In Brazil, salaries are normally quoted per month.\nMid data scientist: EUR 64,000", "year"),
        ("A column says whether figures are per month or per year.\nMid data scientist: EUR 64,000", "year"),
    ],
)
def test_an_article_declares_the_period_of_the_figures_that_state_none(text: str, period: str) -> None:
    declared = article_period(text)
    assert declared == period
    [fact] = pay_facts(text, title="Pay", section="", as_of="2026", period=declared)
    assert fact.period == period


BASIS_CASES = [
    # (question, must include, must not include): tests/articles/mountain-south-ml-pay.md
    ("ML engineer base salary in Denver?", ["161,000"], ["214,000"]),
    ("total comp for ML engineers in Denver?", ["214,000"], ["161,000"]),
    ("Denver ML engineer: total comp vs base?", ["214,000", "161,000"], []),
    ("ML engineer pay in Atlanta?", ["149,500", "188,000 a year — median, total comp"], ["137,800"]),  # both, named
    ("how much do the top 10% of ML engineers in Denver make?", ["203,000"], ["161,000", "366,000"]),
    ("data scientist base pay in atlanta, not total comp", ["131,200"], ["188,000"]),
    ("what premium do Kubernetes skills carry for ML engineers in Denver in 2026?", ["14%"], ["9%"]),
    ("ML engineer base pay in Atlanta?", ["149,500"], []),
    ("ML engineer base pay at venture-backed startups in Atlanta?", ["171,000"], []),
]


@pytest.mark.slow
@pytest.mark.parametrize(("question", "must", "must_not"), BASIS_CASES)
def test_base_total_and_statistic_asked_are_the_ones_answered(
    answerer: Answerer, question: str, must: list[str], must_not: list[str]
) -> None:
    answer = answered_with(answerer, question, must, must_not)
    assert must[0] in answer.answer.splitlines()[0], answer.answer  # it leads; a labelled other may follow


def test_figures_written_in_thousands_take_the_currency_their_article_declares() -> None:
    text = (
        "All figures AUD unless you say otherwise.\nMid-level DS in Sydney: 148k package incl super, roughly 132k base."
    )
    assert main_currency(text) == "AUD"
    facts = pay_facts(text, title="Pay thread", section="", as_of="2026", currency=main_currency(text))
    assert [(f.text, f.currency, f.basis, f.role) for f in facts] == [
        ("148k", "AUD", "total", "Mid-level DS"),
        ("132k", "AUD", "base", "Mid-level DS"),
    ]
    assert main_currency("We logged 620 offers; 42% asked for 10k more.") == ""


@pytest.mark.parametrize(
    ("text", "fields", "head", "level"),
    [
        ("Mid MLE in Melbourne", {"ml"}, "engineer", "mid"),
        ("sr MLEs", {"ml"}, "engineer", "senior"),
        ("a DS at a bank", {"data"}, "scientist", ""),
    ],
)
def test_abbreviated_roles_in_capitals_are_roles(text: str, fields: set[str], head: str, level: str) -> None:
    found = find_role(text)
    assert found and (set(found.fields), found.head, found.level) == (fields, head, level)
    assert find_role("a ds at a bank") is None  # in lower case, not a role


def test_a_year_later_in_a_figures_own_clause_is_its_year() -> None:
    text = "The same company paid me 160k AUD base as a mid back in 2024, so not bad growth."
    assert [f.as_of for f in pay_facts(text, title="Pay", section="", as_of="2026")] == ["2024"]


def test_a_threads_first_date_is_its_date() -> None:
    text = "Forum > Careers > Thread 48213\nPay thread\nStarted by someone, 9 January 2026 | 61 replies\nI earn $150k."
    assert clean(text, title=None).as_of == "9 January 2026"


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("does MLOps or ML engineer pay more", [("mlops", "engineer"), ("ml", "engineer")]),
        ("data and ML engineers", [("data", "engineer"), ("ml", "engineer")]),
        ("Berlin and ML engineers", [("ml", "engineer")]),
    ],
)
def test_a_field_joined_to_a_role_shares_its_noun(text: str, roles: list[tuple[str, str]]) -> None:
    assert [(next(iter(r.fields)), r.head) for r in asked_roles(parse(text))] == roles
    assert [r.text for r in find_roles("Data and ML engineers in Berlin earn €70,000.")] == ["ML engineers"]


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("Senior ML engineers now earn $210,000, nearly double what they made in 2019.", [("$210,000", "2026", "")]),
        (
            "ML engineers had a median of $150,000, and $180,000 at the 75th percentile.",
            [("$150,000", "2026", "median"), ("$180,000", "2026", "75th percentile")],
        ),
        (
            "The median ML engineer earns $150,000; senior ML engineers earn $200,000.",
            [("$150,000", "2026", "median"), ("$200,000", "2026", "")],
        ),
    ],
)
def test_a_figures_year_and_statistic_stop_at_its_own_clause(text: str, facts: list[tuple[str, str, str]]) -> None:
    assert [(f.text, f.as_of, f.label) for f in pay_facts(text, title="Pay", section="", as_of="2026")] == facts


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        ("All figures in Singapore dollars.", "SGD"),
        ("Every figure is in CAD.", "CAD"),
        ("All figures are all-in TC, so compare like with like.", ""),
        ("All pay is real money to someone.", ""),
    ],
)
def test_an_articles_declared_currency_is_read_whole_and_not_from_everyday_words(text: str, currency: str) -> None:
    assert main_currency(text) == currency


def test_a_bare_figure_in_thousands_is_pay_only_where_its_own_sentence_says_so() -> None:
    text = "This forum has 300k members.\nMid MLE in Melbourne: 150k + super."
    assert [f.text for f in pay_facts(text, title="AU pay thread", section="", as_of="2026", currency="AUD")] == [
        "150k"
    ]


def test_a_date_further_down_is_not_the_articles_date() -> None:
    text = "Pay thread\nOpening post\nSome intro\nI joined my firm on 3 March 2019 and earn $150k."
    assert clean(text, title=None).as_of == ""


def test_a_list_under_a_heading_that_states_a_period_is_of_that_period() -> None:
    text = "- Curitiba: R$ 17.100\n- Recife: R$ 15.400"
    facts = pay_facts(
        text, title="ML pay in Brazil", section="Other cities (Senior ML Engineer, per month)", as_of="2026"
    )
    assert [(f.location, f.period) for f in facts] == [("Curitiba", "month"), ("Recife", "month")]


@pytest.mark.parametrize(
    ("text", "employers"),
    [
        (
            "Foreign-affiliated (gaishikei) firms in Tokyo paid senior ML engineers a median ¥16,500,000.",
            "Foreign-affiliated",
        ),
        ("At the large domestic firms, senior ML engineers earned ¥12,000,000.", "large domestic"),
        ("In Rotterdam, where port-tech companies do the hiring, senior ML engineers get €83,500.", ""),
        ("Most companies pay senior ML engineers $150,000.", ""),
    ],
)
def test_a_figure_for_some_employers_says_which(text: str, employers: str) -> None:
    assert [f.employers for f in pay_facts(text, title="ML pay", section="Pay", as_of="2026")] == [employers]


@pytest.mark.slow
def test_a_pay_fact_of_the_role_and_place_asked_answers_however_unlike_its_words(answerer: Answerer) -> None:
    from langchain_core.documents import Document

    from bot.answer import _Cited
    from bot.evidence import Candidate
    from ingest.facts import Fact

    def candidate(place: str, text: str, dense: float, level: float = 0.0) -> Candidate:
        fact = Fact(kind="salary", quote=f"Entry level: {text}", text=text, role="ML engineer", location=place)
        doc = Document(page_content=fact.quote, metadata={"doc_id": "guide", "title": "Guide", "as_of": "2026"})
        parts = {"dense": dense, "lexical": 0.05, "role": 0.0, "level": level}
        return Candidate(text=text, doc=doc, fact=fact, place=place, parts=parts)

    q = parse("entry-level ML engineer pay in the US vs Europe?")
    ranked = [candidate("Europe", "€40,000", 0.6), candidate("United States", "$80,000", 0.3)]
    lines, _, missing = answerer._compose(q, ranked, _Cited([]))
    assert any("$80,000" in line for line in lines) and not any(missing), lines
    ranked[1] = candidate("United States", "$80,000", 0.3, level=-0.2)  # a level amiss: too weak to answer
    lines, _, missing = answerer._compose(q, ranked, _Cited([]))
    assert not any("$80,000" in line for line in lines), lines


def test_a_currency_a_later_part_asks_is_shown_beside_the_figure_as_stated() -> None:
    later = parse("senior MLE in dubai - median monthly base, and roughly what's that per year in USD?")
    assert (later.currencies, later.also_currencies) == ([], ["USD"])
    whole = parse("what is ML engineer pay in Switzerland in USD?")
    assert (whole.currencies, whole.also_currencies) == (["USD"], [])


@pytest.mark.parametrize(
    ("question", "places"),
    [
        ("ML engineer pay Monterrey vs Merida (Mexico), how much lower is merida", ["Monterrey", "Mérida"]),
        ("toronto vs montreal, canada ML pay?", ["Toronto", "Montréal"]),
        ("lead MLE: NYC average vs the US national average?", ["New York City", "United States"]),
    ],
)
def test_a_country_beside_a_compared_city_qualifies_it_and_is_no_side(question: str, places: list[str]) -> None:
    assert parse(question).places == places


def test_a_word_only_the_articles_use_puts_a_question_in_their_domain() -> None:
    known = frozenset({"aguinaldo", "pizza", "best", "naples"})
    assert parse("when is the aguinaldo due?", known=known).in_domain
    assert not parse("best pizza in naples?", known=known).in_domain  # words everyday English uses
    assert not parse("when is the aguinaldo due?").in_domain  # no article uses the word


def test_a_list_is_placed_by_its_lead_in_and_answered_whole(answerer: Answerer) -> None:
    answer = answerer.answer("what skills are employers in Riga asking for?")
    assert not answer.refused
    assert all(skill in answer.answer for skill in ("Kubernetes", "Airflow", "Terraform")), answer.answer
    assert "EUR" not in answer.answer and "**" not in answer.answer, answer.answer


def test_retrieval_reads_further_for_a_chunk_stating_the_kind_of_figure_asked(answerer: Answerer) -> None:
    retriever = answerer.retriever
    query = "what does a senior earn in Helsinki per month"
    vector = retriever.embed_query(query)
    plain = retriever.search(query, vector, k=1)
    wider = retriever.search(query, vector, k=1, states=partial(states_figure, "ratio"))
    assert wider[0].chunk_id == plain[0].chunk_id
    assert not states_figure("ratio", plain[0].doc.page_content)
    assert any(states_figure("ratio", p.doc.page_content) for p in wider[1:])


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("juniors in Aarhus are at DKK 38 000–45 000.", ["DKK 38 000–45 000"]),
        ("EUR 3 400–3 900, while seniors get EUR 5 100", ["EUR 3 400–3 900", "EUR 5 100"]),
    ],
)
def test_figures_grouped_by_spaces_end_at_punctuation(text: str, figures: list[str]) -> None:
    assert [m.text for m in find_money(text)] == figures


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("so Tampere's senior band is close to Munich", ["Tampere", "Munich"]),
        ("Tampere² figures exclude the holiday bonus", ["Tampere"]),
        ("Rotterdam-based respondents reported more", ["Rotterdam"]),
        ("the Dutch median", ["The Netherlands"]),
        ("pay in the Netherlands and Netherlands-wide", ["The Netherlands"]),
        ("Netherlands contractors", ["The Netherlands"]),
        ("St. John's", ["St. John's"]),
    ],
)
def test_possessives_footnote_marks_and_based_compounds_name_their_place(text: str, places: list[str]) -> None:
    assert gazetteer().find(text, employers=False) == places


def _located(text: str, title: str = "Pay notes") -> dict[str, tuple[str, str, str]]:
    return {t: (f.location, f.role, f.period) for t, f in _facts_by_text(text, title, "City notes").items()}


def test_a_figure_is_placed_where_its_currency_is_tendered_and_there_points_back() -> None:
    text = (
        "Bergen is the surprise of the year. A senior data engineer there earns NOK 71 000 a month, while the same "
        "profile in Gothenburg sits at SEK 64 000. Tampere pays about 8% less than Espoo, and a junior there can "
        "expect €3,100 a month."
    )
    got = _located(text)
    assert got["NOK 71 000"][0] == "Bergen" and got["SEK 64 000"][0] == "Gothenburg"
    assert got["€3,100"][0] == "Tampere"


def test_a_role_named_after_its_figure_is_its_own_and_a_bare_role_takes_the_one_before() -> None:
    text = (
        "At senior level the bands are MYR 180,000–230,000 for data scientists and MYR 200,000–260,000 for ML "
        "engineers. A junior NLP engineer in Penang starts at MYR 60,000, and a mid-level engineer earns MYR 95,000."
    )
    got = _located(text, title="What NLP and LLM engineers earn")
    assert got["MYR 180,000–230,000"][1] == "data scientists"
    assert got["MYR 200,000–260,000"][1] == "ML engineers"
    assert got["MYR 95,000"][1] == "NLP engineer"


def test_a_parenthesis_listing_parts_does_not_make_a_total_base() -> None:
    from ingest.basis import basis_of

    assert basis_of("total compensation (base, bonus and stock options) had a median of") == "total"
    assert basis_of("a base-only median of") == "base"


def test_a_statistic_after_a_comma_is_the_next_figures() -> None:
    text = "In Turin a senior earns €50,000–€64,000 RAL, with a median senior RAL of €57,000 in our sample."
    facts = {f.text: f.label for f in pay_facts(text, title="NLP pay", section="", as_of="")}
    assert facts == {"€50,000–€64,000": "", "€57,000": "median"}


def test_an_articles_period_comes_from_rates_declared_or_its_title() -> None:
    assert article_period("All rates are per 8-hour day, in the billing currency.") == "day"
    assert article_period("Thanks to all who answered.", title="Freelance data science day rates 2026") == "day"
    assert article_period("Thanks to all who answered.", title="Freelance data science pay 2026") == "year"


def test_a_monthly_articles_yearly_package_is_read_as_yearly() -> None:
    from ingest.facts import fill_periods

    text = (
        "Juniors earn NOK 50 000, mid-levels NOK 62 000 and seniors NOK 79 000. Including options the senior "
        "package comes to NOK 1.1 million."
    )
    facts = pay_facts(text, title="Bergen pay", section="", as_of="", period="month")
    fill_periods(facts)
    assert {f.text: f.period for f in facts} == {
        "NOK 50 000": "month",
        "NOK 62 000": "month",
        "NOK 79 000": "month",
        "NOK 1.1 million": "year",
    }


def test_places_named_together_share_their_figures_and_a_surprise_is_no_projection() -> None:
    text = (
        "Senior data engineers at VC-backed start-ups in Porto and Lisbon were offered up to €70,000 base, with total "
        "compensation of around €82,000. Respondents in Utrecht out-earned those in Leiden by more than I expected, "
        "with a median of €810."
    )
    facts = _facts_by_text(text, title="Data engineer pay")
    assert facts["up to €70,000"].location == facts["€82,000"].location == "Portugal"
    assert not facts["€810"].projected
    assert pay_facts("Pay is expected to reach €90,000 by 2027.", title="Data engineer pay", section="", as_of="")[
        0
    ].projected


def test_a_precision_is_no_pay_figure() -> None:
    text = "Figures are rounded to the nearest €500 (annual) or €100 (monthly); a senior earns €64,500."
    assert [f.text for f in pay_facts(text, title="NLP engineer pay", section="", as_of="")] == ["€64,500"]


def test_a_role_joined_to_another_by_and_is_both() -> None:
    from ingest.roles import stated_role

    role = stated_role("What Data and Analytics Engineers Earn in Prague")
    assert role is not None and role.fields == {"data", "analytics"} and role.text == "Data and Analytics Engineers"
    assert stated_role("MLOps or ML engineer").fields == {"ml"}  # a question's "or" asks about two


@pytest.mark.parametrize(
    ("question", "pay", "in_domain"),
    [
        ("how much more do LLM contractors charge than the rest?", True, True),
        ("what do freelancers bill per day", True, True),
    ],
)
def test_contracting_is_in_the_domain_and_charging_is_pay(question: str, pay: bool, in_domain: bool) -> None:
    q = parse(question)
    assert (q.pay, q.in_domain) == (pay, in_domain)


def test_the_rest_is_no_side_of_a_comparison() -> None:
    from bot.question import comparison_sides

    assert comparison_sides(parse("what do LLM contractors charge vs everyone else")) == []
    assert comparison_sides(parse("what do LLM contractors charge vs MLOps contractors")) != []


def test_each_currency_asked_gets_a_figure(answerer: Answerer) -> None:
    answer = answerer.answer("median data engineer pay in Bergen in NOK and EUR?")
    assert not answer.refused and "NOK" in answer.answer and "€" in answer.answer, answer.answer


@pytest.mark.parametrize(
    ("question", "known", "places"),
    [
        ("mid mle pay in porto?", {"Porto"}, ["Porto"]),  # a smaller city the articles give pay for
        ("mid mle pay in porto?", set(), []),  # one they don't: too often a word to take in lower case
        ("is pay nice in porto", {"Porto", "Nice"}, ["Porto"]),  # English's words stay words
        ("singapore vs kl for freshers", {"Kuala Lumpur", "Singapore"}, ["Singapore", "Kuala Lumpur"]),
    ],
)
def test_a_place_the_articles_give_pay_for_is_found_in_lower_case(
    question: str, known: set[str], places: list[str]
) -> None:
    assert parse(question, places=frozenset(known)).places == places


@pytest.mark.parametrize(
    ("question", "fields", "level"),
    [
        ("junior mlops in lima vs bogota, how much diff", {"mlops"}, "junior"),
        ("auckland vs wellington for ml roles", {"ml"}, ""),
        ("and for the nlp ppl?", {"nlp"}, ""),
        ("how much data backs that figure", None, ""),  # an everyday noun is no one's field
    ],
)
def test_a_field_named_as_its_people_is_a_role_of_any_job_noun(question: str, fields: set | None, level: str) -> None:
    role = parse(question).role
    assert (role.fields if role else None) == (frozenset(fields) if fields else None)
    assert parse(question).level == level
    if role:
        assert role.similarity(find_role(f"{next(iter(fields))} scientist")) >= 0.8  # any job noun of the field


def test_a_comparison_of_places_for_a_field_asks_pay() -> None:
    assert parse("junior mlops in lima vs bogota, how much diff").pay


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "must", "must_not"),
    [
        # each reply's figures are its writer's, and a "$" in New Zealand is New Zealand's
        ("what's an ML engineer making in christchurch?", ["131k", "143k"], ["118k", "150-160k"]),
        ("data scientist base pay in new zealand?", ["118k"], ["131k"]),
        ("how much did christchurch ML base rise from 2024 to 2025?", ["122k", "131k"], ["143k"]),
    ],
)
def test_a_threads_replies_answer_for_their_writers(
    answerer: Answerer, question: str, must: list[str], must_not: list[str]
) -> None:
    answered_with(answerer, question, must, must_not)


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "ML engineer pay in dunedin?",  # the thread's "Auckland/Wellington" figure is theirs, not NZ's
        "how much did christchurch ML base rise from 2021 to 2025?",  # no figure of 2021: no change to state
    ],
)
def test_a_figure_for_named_cities_or_a_missing_year_is_refused(answerer: Answerer, question: str) -> None:
    answer = answerer.answer(question)
    assert answer.refused, answer.answer


@pytest.mark.parametrize(
    ("question", "bases", "components"),
    [
        ("senior base range and stock grant in halifax?", ["base"], ["equity"]),
        ("base + pension pls", ["base"], ["retirement"]),  # the parts, not their sum
        ("tc incl bonus for a senior", ["total"], []),  # a part inside the total asked is no part of its own
        ("salary excluding bonus", ["base"], []),
    ],
)
def test_parts_of_a_package_named_in_a_question_are_asked_each(
    question: str, bases: list[str], components: list[str]
) -> None:
    q = parse(question)
    assert (q.bases, q.components) == (bases, components)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "must", "must_not"),
    [
        ("senior robotics engineer in halifax: base range and stock grant?", ["131,000", "95,000"], ["40,000"]),
        ("halifax senior robotics engineer base + pension?", ["131,000", "5%"], ["40,000"]),
    ],
)
def test_each_part_of_a_package_asked_is_answered(
    answerer: Answerer, question: str, must: list[str], must_not: list[str]
) -> None:
    answered_with(answerer, question, must, must_not)


def test_staff_and_principal_senior_and_lead_are_different_rungs() -> None:
    from ingest.roles import level_match

    assert level_match("principal", "staff") == 0 and level_match("lead", "senior") == 0
    assert level_match("junior", "entry") > 0  # one stands for the other


@pytest.mark.slow
def test_which_skills_is_answered_with_the_whole_list(answerer: Answerer) -> None:
    answer = answerer.answer("which skills raise data engineer pay in quito?")
    assert not answer.refused, answer.answer
    for skill in ("Airflow", "dbt", "Terraform", "Kafka", "Snowflake", "English"):
        assert skill in answer.answer, answer.answer


def test_a_statistic_of_a_role_in_a_place_asks_pay_and_two_years_are_each_a_part() -> None:
    assert parse("edinburgh mid ds p25 and p75 pls").pay
    assert parse("seoul mid mle total comp in 2026 and what was it in 2025").years == ["2026", "2025"]


def test_a_tables_header_row_and_a_pages_running_header_state_no_values() -> None:
    from ingest.tables import states_values, table_rows

    assert not states_values("Role | Level | Leeds P25 | Leeds Median")
    assert states_values("ML Engineer | Mid | £51,000 | £57,000")
    lines = ["Role | Level | P25 | Median", "ML Engineer | Mid | £1,000 | £2,000", "Acme Analytics | Pay Report 2026"]
    assert sorted(table_rows(lines)) == [1]  # the running header is no row of the table


def test_a_range_with_its_code_after_it_is_money_and_a_year_range_is_not() -> None:
    (m,) = find_money("Gdansk band: 210,000 – 260,000 PLN")
    assert (m.currency, m.low, m.high) == ("PLN", 210_000, 260_000)
    assert find_money("the 2024 – 2026 EUR programme") == []


def test_a_manager_named_by_what_they_manage_is_a_managers_job() -> None:
    role = parse("what do engineering managers get paid in lyon").role
    assert role is not None and role.head == "manager"
    assert role.similarity(find_role("ML Engineer")) == 0.0
    assert parse("what skills does the hiring manager screen for").role is None


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "answered"),
    [
        ("ML engineer pay in turin?", True),
        ("what did ML engineers in turin earn back in 2017?", False),  # an undated article is today's, not 2017's
        ("top 10% ML engineer pay in turin?", False),  # a median is no top decile
        ("ML engineer pay in genoa?", False),  # no figure for Genoa: Italy's is shown, as Italy's
        ("ML engineer pay in genoa specifically, not the national figure", False),
    ],
)
def test_an_undated_figure_a_statistic_and_a_countrys_figure_answer_only_what_they_are(
    answerer: Answerer, question: str, answered: bool
) -> None:
    answer = answerer.answer(question)
    assert answer.refused is not answered, answer.answer


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "figure", "country", "must_not"),
    [
        ("ML engineer pay in genoa?", "EUR 44,500", "Italy", []),
        ("ML engineer pay in Graz?", "74,410", "Austria", ["131,860", "158,030"]),  # a country table's row
    ],
)
def test_a_city_no_article_covers_is_refused_with_its_countrys_figure_labelled_as_the_countrys(
    answerer: Answerer, question: str, figure: str, country: str, must_not: list[str]
) -> None:
    answer = answerer.answer(question)
    assert answer.refused and answer.answer.startswith("My articles have no pay figures"), answer.answer
    assert figure in answer.answer and f"in {country}" in answer.answer, answer.answer
    assert answer.citations and not any(m in answer.answer for m in must_not), answer.answer


@pytest.mark.slow
def test_a_country_read_only_from_the_currency_still_answers_for_a_city_in_it(answerer: Answerer) -> None:
    answer = answerer.answer("mid ML engineer pay in wroclaw?")
    assert not answer.refused and "PLN 21,000" in answer.answer, answer.answer


@pytest.mark.slow
def test_a_city_asked_specifically_gets_no_countrys_figure(answerer: Answerer) -> None:
    specifically = answerer.answer("ML engineer pay in genoa specifically, not the national figure")
    assert "44,500" not in specifically.answer, specifically.answer


@pytest.mark.slow
def test_a_whether_question_is_answered_with_the_words_beside_the_figure(answerer: Answerer) -> None:
    answer = answerer.answer("ML engineer TC in christchurch? is that with the bonus or not")
    assert "NZ$143k" in answer.answer and "base + 9% bonus" in answer.answer, answer.answer


@pytest.mark.slow
def test_a_place_set_aside_answers_nothing(answerer: Answerer) -> None:
    answer = answerer.answer("ML engineer base at fjordline, not kaunas?")
    assert not any(f in answer.answer for f in ["38,000", "47,000", "59,000"]), answer.answer


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("what's the L4 base in kaunas", ["L4"]),
        ("ic-3 vs IC4 at kestrel", ["IC3", "IC4"]),
        ("p90 pay for 5 yoe", []),  # a percentile and a band of years are no level codes
        ("m1/m2 managers", ["M1", "M2"]),
        ("Data Scientist II vs data scientist iii", ["R2", "R3"]),  # a rung in Roman numerals
        ("data scientist I vs III", ["R1", "R3"]),  # the second rung's job left out
        ("as an engineer I want more, is engineer i think", []),
    ],
)
def test_a_companys_level_codes_are_read_as_written(text: str, codes: list[str]) -> None:
    from ingest.roles import level_codes

    assert level_codes(text) == codes


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("ml engineer salary in tartu, estonia?", ["Tartu"]),  # not Tartus in Syria, nor Estonia as a whole
        ("two data scientists in Pärnu, Estonia", ["Pärnu"]),
        ("Novi Sad (Serbia) and Kraków, Poland", ["Novi Sad", "Kraków"]),
        ("In 2024, Estonia paid more", ["Estonia"]),
    ],
)
def test_a_smaller_city_named_with_its_country_is_that_city(text: str, places: list[str]) -> None:
    assert gazetteer().find(text) == places


@pytest.mark.slow
def test_a_source_saying_it_has_no_figure_is_a_refusal_quoting_it(answerer: Answerer) -> None:
    answer = answerer.answer("staff ml engineer pay in mombasa?")
    assert answer.refused and "enough staff-level hires in Mombasa" in answer.answer, answer.answer
    assert answer.citations, answer.answer


@pytest.mark.parametrize(
    ("text", "places"),
    [("For most, Czechia is cheaper", ["Czechia"]), ("At my bank, India pays ₹30 lakh", ["India"])],
)
def test_a_word_before_a_country_is_no_town(text: str, places: list[str]) -> None:
    assert gazetteer().find(text) == places


def test_a_figure_disowned_by_the_next_sentence_is_dropped_after_another_figure_on_its_line() -> None:
    text = (
        "Junior ML engineers in Lyon earn EUR 50,000 a year. Senior ML engineers in Lyon earn EUR 90,000 a year. "
        "That was wrong, sorry."
    )
    assert list(_facts_by_text(text, title="ML pay")) == ["EUR 50,000"]
