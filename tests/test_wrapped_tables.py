"""A fixed-width table whose cells wrap onto several lines, as a salary guide saved from PDF to text has them;
written for these tests."""

from __future__ import annotations

from ingest.wrapped_tables import unwrapped_tables
from tests.conftest import article_facts

GUIDE = """NORDBRIDGE SEARCH - SALARY GUIDE 2026
All figures are gross per month.

   TABLE 4 - DATA & AI, BALTICS (gross per month)

   Role                   Experience    Estonia               Latvia
                                        (Tallinn)             (Riga)
                                        EUR / month*          EUR / month
   ------------------------------------------------------------------------
   Machine Learning       1-3 yrs       3,100 - 4,000         2,700 - 3,500
   Engineer
                          4-7 yrs       4,200 - 5,600         3,800 - 5,1001
                          8+ yrs /      5,900 - 7,400         5,300 -
                          Lead                                6,800*
   Data Scientist         4-7 yrs       3,900 - 5,000         3,500 - 4,600
   ------------------------------------------------------------------------
   * Before the employee's social tax.
   1 Upper end: fintechs only.
"""


def test_wrapped_cells_join_into_one_row_each_and_a_blank_lead_is_the_groups() -> None:
    rows = [x for x in unwrapped_tables(GUIDE.splitlines()) if " | " in x]
    assert rows == [
        "Role | Experience | Estonia (Tallinn) EUR / month* | Latvia (Riga) EUR / month",
        "Machine Learning Engineer | 1-3 yrs | 3,100 - 4,000 | 2,700 - 3,500",
        "Machine Learning Engineer | 4-7 yrs | 4,200 - 5,600 | 3,800 - 5,100",  # "5,1001": footnote 1
        "Machine Learning Engineer | 8+ yrs / Lead | 5,900 - 7,400 | 5,300 - 6,800",  # a range broken at its dash
        "Data Scientist | 4-7 yrs | 3,900 - 5,000 | 3,500 - 4,600",
    ]


def test_each_cell_of_a_wrapped_table_is_pay_for_its_own_row_and_column() -> None:
    facts = article_facts("nordbridge-guide.txt", GUIDE)
    riga = facts["EUR 3,800 - 5,100"]
    assert (riga.role, riga.location, riga.period) == ("Machine Learning Engineer", "Riga", "month")
    lead = facts["EUR 5,300 - 6,800"]
    assert (lead.location, lead.level) == ("Riga", "lead")
    assert facts["EUR 3,900 - 5,000"].location == "Tallinn"


def test_a_row_with_words_for_figures_is_a_row_of_its_own() -> None:
    lines = [
        "Role                   Dubai          Abu Dhabi",
        "--------------------------------------------------",
        "Senior ML Engineer     38,000         36,000",
        "Intern                 not disclosed  not disclosed",
        "Junior ML Engineer     18,000         17,000",
    ]
    assert [x for x in unwrapped_tables(lines) if " | " in x][1:] == [
        "Senior ML Engineer | 38,000 | 36,000",
        "Intern | not disclosed | not disclosed",
        "Junior ML Engineer | 18,000 | 17,000",
    ]


def test_prose_between_rules_is_no_table() -> None:
    text = ["Notes on method", "----------------", "We asked 40 firms in 2025 about pay.", "Most replied."]
    assert unwrapped_tables(text) == text
