"""A public-sector pay scale, a wiki's expandable bands and vendor certifications, on text written for these tests.

Amounts with cents after a comma ("4.213,07 €"), numbered group headings that count down, "staff" as people
rather than a rung, and a disclosure's title heading the list it expands.
"""

from __future__ import annotations

import pytest

from ingest.cleaning import record_breaks
from ingest.facts import CERTIFICATION
from ingest.loaders import html_to_text
from ingest.money import find_money
from ingest.roles import find_levels
from tests.conftest import article_facts

SCALE = """PAY TABLE FOR RESEARCH AND SUPPORT STAFF, UNIVERSITY OF GRAZ
Valid from 1 March 2025. All amounts are monthly gross pay in euros for a full-time post.

Salary group 9
   Step 1 ....................  3.402,16 €
   Step 2 ....................  3.655,90 €
   Step 3 ....................  3.911,48 €

Salary group 8
   Step 1 ....................  3.105,72 €
   Step 2 ....................  3.298,04 €
   Step 3 ....................  3.517,33 €

Salary group 6
   Step 1 ....................  2.870,11 €
   Step 2 ....................  3.011,95 €
   Step 3 ....................  3.160,40 €
"""


@pytest.mark.parametrize(
    ("text", "value"),
    [("3.402,16 €", 3402.16), ("€ 12.500,00", 12500.0), ("R$ 18.000,00 por mês", 18000.0), ("5 611,41 €", 5611.41)],
)
def test_cents_after_a_comma_are_part_of_the_amount(text: str, value: float) -> None:
    (money,) = find_money(text)
    assert (money.low, money.text.strip()) == (value, text.removesuffix(" por mês"))


def test_group_headings_that_count_down_are_headings_not_thread_chrome() -> None:
    lines = ["Salary group 9", "a", "Salary group 8", "b", "Salary group 6", "c"]
    assert record_breaks(lines) == set()
    assert record_breaks(["↑ 211 · Reply", "a", "↑ 90 · Reply", "b", "↑ 131 · Reply"]) == {0, 2, 4}


def test_each_step_of_a_pay_scale_is_monthly_pay_under_its_group() -> None:
    facts = article_facts("graz-pay-table.txt", SCALE)
    step = facts["3.298,04 €"]
    assert (step.period, step.currency, step.low) == ("month", "EUR", 3298.04)
    assert "Salary group 8" in step.quote
    assert all(f.level != "staff" for f in facts.values())  # "research and support staff" are the people


@pytest.mark.parametrize(
    ("text", "levels"),
    [
        ("research and support staff", []),
        ("our staff earn more", []),
        ("Staff ML Engineer: $300k", ["staff"]),
        ("senior and staff engineers", ["senior", "staff"]),
        ("promoted to staff in 2 years", ["staff"]),
        ("L6 / Staff", ["staff"]),
        ("A Staff earns £210,000", ["staff"]),
        ("Pay for Staff at DeepMind", ["staff"]),
        ("compensation for staff level", ["staff"]),
    ],
)
def test_staff_is_a_rung_only_where_it_names_one(text: str, levels: list[str]) -> None:
    assert [level for level, _ in find_levels(text)] == levels


def test_a_disclosures_title_heads_the_list_it_expands() -> None:
    html = (
        "<h2>Bands by location</h2><p>Expand a city.</p>"
        '<div class="expand-container"><div class="expand-control" aria-expanded="false">'
        '<span class="icon"> </span><span>Perth (AUD, base per year)</span></div>'
        '<div class="expand-content"><p>Western Australian offers are made yearly.</p><ul>'
        "<li>P4 Senior Data Engineer: A$172,000 – A$199,000</li></ul></div></div>"
        "<details><summary>Hobart (AUD, base per year)</summary><ul><li>P4 Senior Data Engineer: "
        "A$151,000 – A$176,000</li></ul></details>"
    )
    text, _ = html_to_text(html)
    assert "### Perth (AUD, base per year)" in text.splitlines()
    opened = '<div class="accordion" aria-expanded="true"><h3>Darwin</h3><p>Seniors earn A$160,000.</p></div>'
    assert "Seniors earn A$160,000." in html_to_text(opened)[0]  # an open section's content is no title
    facts = article_facts("bands.html", html)
    assert facts["A$172,000 – A$199,000"].location == "Perth"  # not Australia, named in the line between
    assert facts["A$151,000 – A$176,000"].location == "Hobart"


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        (
            "start with the AWS Certified Machine Learning Engineer – Associate (MLA-C01) first",
            "AWS Certified Machine Learning Engineer – Associate (MLA-C01)",
        ),
        (
            "- Google Cloud Professional Machine Learning Engineer",
            "Google Cloud Professional Machine Learning Engineer",
        ),
        (
            "the Databricks Certified Machine Learning Associate is cheaper",
            "Databricks Certified Machine Learning Associate",
        ),
        ("Google Cloud Professional Machine Learning Engineer2.2%", "Google Cloud Professional Machine Learning"),
    ],
)
def test_a_certifications_whole_name_is_read(sentence: str, name: str) -> None:
    assert [m.group(0) for m in CERTIFICATION.finditer(sentence)] == [name]
