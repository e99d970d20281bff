"""The fact parser on every pay expression in corpus/ and on tricky ones."""

from __future__ import annotations

import pytest

from ingest.chunking import chunk_article
from ingest.cleaning import clean, title_from_doc_id
from ingest.facts import extract_facts, fill_locations, pay_facts
from ingest.money import find_money
from ingest.roles import find_role
from tests.conftest import CORPUS


def corpus_facts(stem: str):
    cleaned = clean((CORPUS / f"{stem}.txt").read_text(encoding="utf-8"))
    title = cleaned.title or title_from_doc_id(stem)
    facts = []
    for c in chunk_article(cleaned.text, chunk_size=700, chunk_overlap=100):
        facts += extract_facts(c.text, title=title, section=c.section, as_of=cleaned.as_of)
    fill_locations(facts)
    return [f for f in facts if f.kind == "salary"]


@pytest.mark.parametrize(
    ("text", "currency", "low", "high"),
    [
        ("₩60 million to ₩120 million KRW annually", "KRW", 60e6, 120e6),
        ("S$100,000 to S$170,000", "SGD", 100_000, 170_000),
        ("$2,300 monthly", "USD", 2_300, 2_300),
        ("₹30–45 lakh", "INR", 3e6, 4.5e6),
        ("$55,000–$170,000/yr", "USD", 55_000, 170_000),
        ("PHP 455,000 to PHP 685,000 per year", "PHP", 455_000, 685_000),
        ("between ₫20M and ₫120M monthly", "VND", 20e6, 120e6),
        ("SGD 100K–170K", "SGD", 100_000, 170_000),
        ("Top 1%: Over $554,000", "USD", 554_000, None),
        ("US$ 95,000", "USD", 95_000, 95_000),
        ("€90,000 - €150,000+ per year", "EUR", 90_000, 150_000),
        ("£65k-£80k", "GBP", 65_000, 80_000),
        ("₹56 lakh per year", "INR", 5.6e6, 5.6e6),
        ("2.5 crore", "INR", 2.5e7, 2.5e7),
        ("R$ 12.500 por mês", "BRL", 12_500, 12_500),
        ("Rp 9.750.000", "IDR", 9_750_000, 9_750_000),
        ("$4.99", "USD", 4.99, 4.99),
        ("Rp 35–55 juta per month", "IDR", 35e6, 55e6),
        ("₹8–14 LPA", "INR", 8e5, 1.4e6),
        ("R$ 140 a R$ 190 por hora", "BRL", 140, 190),
        ("R45,000 per month", "ZAR", 45_000, 45_000),
        ("R 650k a year", "ZAR", 650_000, 650_000),
        ("48 000 € per year", "EUR", 48_000, 48_000),
    ],
)
def test_money_expressions_parse(text: str, currency: str, low: float, high: float | None) -> None:
    (money,) = find_money(text)
    assert (money.currency, money.low, money.high) == (currency, low, high)


@pytest.mark.parametrize(
    "text", ["R2 of 0.91", "R&D teams", "Based on 649 data points", "grew 22% from 2020 to 2030", "5-7+ years", "3.2:1"]
)
def test_numbers_that_are_not_money(text: str) -> None:
    assert find_money(text) == []


def test_gap_between_two_figures_is_not_a_range() -> None:
    assert [m.text for m in find_money("the gap between $156,401 and $175,169")] == ["$156,401", "$175,169"]


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("base sits between NZD 120,000 and 145,000, plus KiwiSaver", 120_000, 145_000),
        ("offers between €90k and 110k", 90_000, 110_000),
        ("between £70,000 and 12% of staff", 70_000, 70_000),  # a share is no range's end
        ("between $95,000 and 2026", 95_000, 95_000),
    ],
)
def test_a_ranges_bare_end_takes_its_starts_currency(text: str, low: int, high: int) -> None:
    [money] = find_money(text)
    assert (money.low, money.high) == (low, high)


@pytest.mark.parametrize(
    ("stem", "text", "role", "location", "level", "period"),
    [
        (
            "ml-lead-specialist-singapore-2026",
            "$97,789",
            "Lead Machine Learning Specialist",
            "Singapore",
            "lead",
            "year",
        ),
        ("ml-lead-united-states-2026", "$156,401", "Machine Learning Lead", "United States", "", "year"),
        ("ml-careers-asia-2026", "$2,300", "lead AI developers", "Bengaluru", "lead", "month"),
        (
            "ml-careers-asia-2026",
            "₹56 lakh",
            "AI engineers",
            "India",
            "",
            "year",
        ),  # "That is roughly": the $68,000+ of India
        ("ml-careers-asia-2026", "S$100,000 to S$170,000", "AI/ML Engineer", "Singapore", "", "year"),
        ("ml-careers-asia-2026", "PHP 455,000 to PHP 685,000", "Machine Learning Engineer", "Manila", "", "year"),
        ("ml-careers-asia-2026", "₫20M and ₫120M", "Machine Learning Engineers", "Ho Chi Minh City", "", "month"),
        ("ml-careers-asia-2026", "₩60 million to ₩120 million KRW", "Machine Learning Engineers", "Seoul", "", "year"),
        ("ml-careers-asia-2026", "$72,000", "ML Engineer", "Seoul", "", "year"),
        ("ml-careers-asia-2026", "$25,000–$55,000", "Mid-Level ML Engineer", "Asia", "mid", "year"),
        ("ml-careers-asia-2026", "₹30–45 lakh", "Mid-Level ML Engineer", "Bengaluru", "mid", "year"),
        ("ml-careers-asia-2026", "₩40M+", "Junior ML Engineer", "Seoul", "junior", "year"),
        (
            "ml-engineer-salary-guide",
            "$80,000 - $120,000",
            "Machine Learning Engineer",
            "United States",
            "entry",
            "year",
        ),
        ("ml-engineer-salary-guide", "€90,000 - €150,000+", "Machine Learning Engineer", "Europe", "senior", "year"),
        (
            "ml-engineer-salary-guide",
            "SGD 48,000 - SGD 72,000",
            "Machine Learning Engineer",
            "Singapore",
            "entry",
            "year",
        ),
        ("lead-ml-engineer-role-guide", "$220,680", "Lead ML Engineer", "New York City", "lead", "year"),
        ("lead-ml-engineer-role-guide", "Over $554,000", "Lead ML Engineer", "United States", "lead", "year"),
        ("lead-ml-engineer-role-guide", "$188,940 to $233,000", "Lead ML Engineer", "United States", "lead", "year"),
    ],
)
def test_corpus_pay_facts(stem, text, role, location, level, period) -> None:
    matches = [f for f in corpus_facts(stem) if f.text == text]
    assert matches, f"{text} not extracted from {stem}"
    f = matches[0]
    assert (f.role, f.location, f.level, f.period) == (role, location, level, period)
    assert text in f.quote


def test_projection_is_marked() -> None:
    facts = corpus_facts("ml-lead-united-states-2026")
    assert next(f for f in facts if f.text == "$175,169").projected
    assert not next(f for f in facts if f.text == "$156,401").projected


def test_market_sizes_and_prices_are_not_pay() -> None:
    texts = {f.text for stem in ("ml-careers-asia-2026", "lead-ml-engineer-role-guide") for f in corpus_facts(stem)}
    assert not any("billion" in t for t in texts)
    assert "$20" not in texts and "under $20 USD" not in texts


def test_non_ml_column_of_a_table_is_not_ml_pay() -> None:
    facts = [f for f in corpus_facts("ml-careers-asia-2026") if f.text in {"$34,000", "$23,000", "$8,400"}]
    assert len(facts) == 3
    assert all(find_role(f.role) is None and "Non-IT" in f.label for f in facts)
    assert [f.location for f in facts] == ["Singapore", "Seoul", "Bengaluru"]


def test_skill_and_certification_facts() -> None:
    text = (
        "To command a premium, mastering Python (NumPy/Pandas) is non-negotiable.\n"
        "Obtaining the AWS Machine Learning Specialty is a proven way to signal expertise.\n"
        "- PyTorch: PyTorch leads the pack, mentioned in 42% of machine learning engineer job postings."
    )
    facts = extract_facts(text, title="ML Lead in Singapore", section="Skills", as_of="")
    names = {(f.kind, f.name) for f in facts}
    assert ("skill", "Python (NumPy/Pandas)") in names
    assert ("certification", "AWS Machine Learning Specialty") in names
    assert next(f for f in facts if f.name == "PyTorch").share == "42%"


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("MLOps contractors in Bogotá bill US$35–45/hr.", "hour"),
        ("Freelance ML engineers in Madrid charge €480 a day.", "day"),
        ("A junior ML engineer in Jakarta earns Rp 12 juta per bulan.", "month"),
        ("A senior ML engineer in Pune makes ₹30 LPA.", "year"),
    ],
)
def test_hourly_daily_monthly_and_yearly_pay_keep_their_period(text: str, period: str) -> None:
    [fact] = pay_facts(text, title="ML pay", section="Rates", as_of="")
    assert fact.period == period


def article_facts(path):
    """The metadata and salary facts of one test article, as ingest prepares it (no embedding)."""
    import json

    from ingest.facts import Fact
    from ingest.loaders import load_file
    from ingest.pipeline import prepare
    from ingest.settings import Settings

    version = prepare(load_file(path, 10_000_000), "x" * 20, Settings(_env_file=None), path.stat().st_size)
    facts = [Fact(**f) for c in version.chunks for f in json.loads(c.metadata["facts"])]
    return version.metadata, [f for f in facts if f.kind == "salary"]


def test_a_pay_circular_reads_as_its_letter_says() -> None:
    """Leader dots, numbered sub-sections, a subject line, a declared period, two jobs on one grade."""
    from tests.conftest import CORPUS

    meta, facts = article_facts(CORPUS.parent / "tests" / "articles" / "lagos-data-office-pay-circular.txt")
    assert meta["title"].startswith("REVISED PAY SCALE FOR DATA SCIENCE STAFF") and "2026" in meta["as_of"]
    step = next(f for f in facts if f.text == "NGN 1,800,000" and "/" in f.role)
    assert step.period == "month" and "Senior Machine Learning Engineer" in step.role  # "All amounts are … per month"
    assert {f.period for f in facts if f.text == "NGN 1,800,000"} == {"month"}  # "(twelve months at NGN 1,800,000)"
    stations = {f.text: f.location for f in facts if f.text in {"NGN 150,000", "NGN 120,000", "NGN 90,000"}}
    assert stations["NGN 150,000"] == "Lagos" and stations["NGN 120,000"] == "Abuja"
    assert stations["NGN 90,000"] not in {"Lagos", "Abuja"}  # "3.4 All other duty stations" is a heading of its own


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("A Milan senior ML engineer on €66,400 sees about €4,743 gross on each payslip.", "payslip"),
        ("The annual salary of a senior ML engineer is KES 2,236,800 (twelve months at KES 186,400).", "month"),
    ],
)
def test_the_period_a_figure_is_paid_in(text: str, period: str) -> None:
    facts = pay_facts(text, title="ML pay", section="Pay", as_of="2026")
    assert facts[-1].period == period, facts


def test_a_bare_rate_in_a_day_rate_table_is_an_amount() -> None:
    text = "City | Mid contractor | Senior contractor\nMadrid | 340 | 460\nMilan | 380 | 520"
    facts = pay_facts(text, title="ML engineer pay", section="Contractor day rates (EUR per day)", as_of="2026")
    milan = {f.level: (f.low, f.period, f.currency) for f in facts if f.location == "Milan"}
    assert milan == {"mid": (380.0, "day", "EUR"), "senior": (520.0, "day", "EUR")}
    assert not pay_facts("Team | Size\nPlatform | 120", title="ML engineer pay", section="Teams", as_of="2026")
    years = "| Level | Years of experience | Day rate (GBP) |\n| Senior contractor | 10–15 | 650 |"
    facts = pay_facts(years, title="x", section="Contractor day rates in London (GBP)", as_of="2026")
    assert [f.text for f in facts] == ["GBP 650"]  # a column of years is no rate, though its table states rates


def test_a_grade_code_is_no_role() -> None:
    assert find_role("GRADE DS 3 - Data Scientist").text == "Data Scientist"


def test_a_figure_for_a_list_of_places_holds_for_each() -> None:
    from ingest.facts import listed_places

    text = "LEVEL 1 — ML Beginner\n- Entry income: $3,000–$8,000/yr (India, Philippines, Vietnam)"
    fact = pay_facts(text, title="ML careers in Asia", section="Levels", as_of="2026")[0]
    assert listed_places(fact) == ["India", "Philippines", "Vietnam"]
    assert not listed_places(pay_facts("ML engineers in India earn $20,000.", title="x", section="y", as_of="2026")[0])


def test_review_cases_of_periods_and_listed_places() -> None:
    from ingest.facts import article_period, listed_places

    assert article_period("Salaries are rising fast, especially for contractors paid hourly.") == "year"
    assert article_period("All amounts are in Kenya Shillings (KES), gross, per month.") == "month"
    text = "- Juniors: $3,000–$8,000/yr (India, Philippines, Vietnam); $40,000–$60,000/yr (Japan, Korea)"
    facts = pay_facts(text, title="ML careers in Asia", section="Levels", as_of="2026")
    assert listed_places(facts[0]) == ["India", "Philippines", "Vietnam"]
    hired = pay_facts(
        "A senior ML engineer was hired on 6 months at EUR 60,000 a year.", title="x", section="y", as_of="2026"
    )
    assert hired[0].period == "year"  # the period said after the figure wins over "6 months at"
