"""Codes an article defines for its jobs and grades, read where its tables use them."""

from __future__ import annotations

from ingest.cleaning import clean
from ingest.facts import pay_facts
from ingest.legend import defined_codes, with_codes_defined

SCHEDULE = """KESTREL CONTRACTING - RATE CARD 2026

SECTION 1 - ROLE CODES
CODE  TITLE                        SCOPE
----  ---------------------------  ------------------------------
VSE   COMPUTER VISION ENGINEER     BUILDS IMAGE MODELS
DAN   DATA ANALYST                 DASHBOARDS AND REPORTING

SECTION 2 - GRADES
GRD   LEVEL
---   ------------
K1    JUNIOR
K2    SENIOR

SECTION 3 - RATES
ROLE  GRD  LOCATION     CCY   HOURLY   DAILY (8H)
----  ---  -----------  ---  -------  ----------
VSE   K2   CAMBRIDGE    GBP    91.50      732.00
DAN   K1   ROTTERDAM    EUR    48.00      384.00
"""


def test_codes_defined_in_a_legend_name_their_job_and_grade() -> None:
    text = clean(SCHEDULE).text
    assert defined_codes(text) == {
        "VSE": "COMPUTER VISION ENGINEER",
        "DAN": "DATA ANALYST",
        "K1": "JUNIOR",
        "K2": "SENIOR",
    }


def test_a_rate_row_reads_its_codes_place_in_capitals_and_period_adjectives() -> None:
    text = with_codes_defined(clean(SCHEDULE).text)
    rates = text[text.index("SECTION 3") :]
    facts = {f.text: f for f in pay_facts(rates, title="Rate card 2026", section="SECTION 3 - RATES", as_of="2026")}
    hourly, daily = facts["GBP 91.50"], facts["GBP 732.00"]
    assert (hourly.period, daily.period) == ("hour", "day")
    assert (daily.role, daily.level, daily.location) == ("COMPUTER VISION ENGINEER", "senior", "Cambridge")
    assert (facts["EUR 384.00"].level, facts["EUR 384.00"].location) == ("junior", "Rotterdam")


def test_a_field_spelled_out_is_that_field_alone() -> None:
    from ingest.roles import find_role

    assert find_role("ML Operations Engineer").fields == {"mlops"}
    assert find_role("machine learning operations engineer").fields == {"mlops"}
    assert find_role("AI/ML engineer").fields == {"ai", "ml"}


def test_a_row_of_data_or_a_place_defines_no_code() -> None:
    text = (
        "City | Level | Base\nSF | Senior | $240,000\n\n"
        "Level | UK | US\nJunior | £48,000 | $120,000\nUK | Data Scientist"
    )
    assert defined_codes(text) == {}
