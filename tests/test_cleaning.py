from __future__ import annotations

import re

import pytest

from ingest.chunking import chunk_article
from ingest.cleaning import clean, figures, is_boilerplate, repair_cp874
from tests.conftest import CORPUS

ARTICLES = sorted(CORPUS.glob("*.txt"))


def test_cp874_mojibake_is_repaired() -> None:
    raw = (CORPUS / "ml-lead-specialist-singapore-2026.txt").read_text(encoding="utf-8")
    cleaned = clean(raw)
    assert "Last Updated: April 2026 · Based on 649 data points" in cleaned.text
    assert "$101,700 — a delta" in cleaned.text
    assert not re.search(r"[\u0e00-\u0e7f]", cleaned.text)


def test_real_thai_text_is_left_alone() -> None:
    thai = "เงินเดือนวิศวกรแมชชีนเลิร์นนิงในกรุงเทพ ประมาณ 80,000 บาทต่อเดือน"
    assert repair_cp874(thai) == thai


def test_the_title_follows_the_sites_trail() -> None:
    raw = "Lima Tech Blog > Hiring\n\nRobotics Engineer Pay in Peru: 2026\n\nSenior engineers earn PEN 14,000 a month."
    assert clean(raw).title == "Robotics Engineer Pay in Peru: 2026"


def test_glued_heading_is_split() -> None:
    cleaned = clean(
        "Title Of Things\nLast Updated: April 2026 · Based on 12 data pointsMarket Overview\nPay rose 5% this year."
    )
    assert "Based on 12 data points\n## Market Overview" in cleaned.text
    assert cleaned.as_of == "April 2026"


def test_camel_case_words_are_not_split() -> None:
    cleaned = clean("Intro Here\nMost teams now standardise on PyTorch\nMore text follows in this paragraph.")
    assert "standardise on PyTorch" in cleaned.text


def test_stray_markup_and_inline_headings() -> None:
    cleaned = clean(
        "Industry Trends\n$### Increasing Demand The demand keeps rising.\n"
        "$In conclusion, it grows.\nPay is \\$80,000 - \\$120,000 per year."
    )
    assert "$###" not in cleaned.text and "\n$In" not in cleaned.text
    assert "## Increasing Demand\nThe demand keeps rising." in cleaned.text
    assert "$80,000 - $120,000 per year" in cleaned.text


@pytest.mark.parametrize(
    "line",
    [
        "Read also: Emory University Tuition",
        "Leave a Comment",
        "Scroll to Top",
        "tags: #machine #learning",
        "Now I have all the data I need. Let me compose the full article.",
        "Thank you for reading this post, don't forget to subscribe!",
        "Your email address will not be published. Required fields are marked *",
        "Home › Careers › Pay Reports",
        "Blog > Salaries > Data",
    ],
)
def test_boilerplate_lines_are_recognised(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "Singapore: the average annual salary is S$100,000 to S$170,000.",
        "Leadership Skills",
        "Certifications: AWS and Google Cloud credentials raise pay 10–20%.",
        "By Ana Lima | Published May 3, 2026 | 6 min read",
        "Junior > Mid",
        "Pay went 90 > 110 > 130 in three years",
    ],
)
def test_content_is_not_boilerplate(line: str) -> None:
    assert not is_boilerplate(line)


def test_flattened_table_becomes_rows() -> None:
    raw = (CORPUS / "ml-careers-asia-2026.txt").read_text(encoding="utf-8")
    text = clean(raw).text
    assert "Seoul, Korea | $72,000 | $23,000" in text
    assert "| ML Engineer salary (annual USD) | Non-IT avg salary (annual USD)" in text


def test_site_chrome_and_writer_note_dropped() -> None:
    raw = (CORPUS / "ml-careers-asia-2026.txt").read_text(encoding="utf-8")
    cleaned = clean(raw)
    assert "Now I have all the data" not in cleaned.text
    assert "Scroll to Top" not in cleaned.text
    assert cleaned.title == "Best Machine Learning Careers In Asia 2026: Salaries, Skills, And How To Start"


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_cleaning_keeps_every_figure(path) -> None:
    """Each number of the raw article outside a dropped boilerplate line survives into the chunks."""
    raw = path.read_text(encoding="utf-8")
    cleaned = clean(raw)
    chunks = chunk_article(cleaned.text, chunk_size=700, chunk_overlap=100)
    kept = figures(cleaned.title or "") | set().union(*(figures(f"{c.section}\n{c.text}") for c in chunks))
    dropped = set().union(*(figures(line) for line in cleaned.dropped)) if cleaned.dropped else set()
    expected = figures(raw) - dropped
    assert expected, "article has figures"
    assert expected <= kept, f"lost figures: {sorted(expected - kept)}"


@pytest.mark.parametrize(
    ("line", "as_of"),
    [
        ("Written October 2026", "October 2026"),
        ("Published on March 3, 2026", "March 3, 2026"),
        ("Posted: 12 May 2026", "12 May 2026"),
        ("Last updated: 2026-01-05", "2026-01-05"),
    ],
)
def test_the_date_an_article_gives_itself_is_its_as_of(line: str, as_of: str) -> None:
    assert clean(f"ML pay notes\n{line}\nPay rose 5% this year.").as_of == as_of


def test_a_line_stating_pay_is_never_taken_for_a_heading() -> None:
    text = (
        "Halifax — Data Engineer (Senior): C$61,000 *\n--- WEST ---\nRegina — Data Engineer (Senior): C$54,000\n"
        "Saskatoon — Data Scientist (Junior): C$39,500\nNotes on the figures follow below.\n"
    )
    cleaned = clean(text, title="French pay lines")
    chunks = chunk_article(cleaned.text, chunk_size=900, chunk_overlap=0)
    kept = "\n".join(c.text for c in chunks)
    assert not [line for line in cleaned.text.splitlines() if line.startswith("#") and "$" in line]
    assert all(figure in kept for figure in ("C$61,000", "C$54,000", "C$39,500"))


def test_figures_said_in_words_in_a_transcript_are_read_as_digits() -> None:
    from ingest.facts import pay_facts

    text = (
        "[10:02] ANA: Mid-level ML engineer in Calgary, base, about ninety-five k. Canadian.\n"
        "[10:40] ANA: Junior in Calgary, seventy to seventy-eight k.\n"
        "[11:05] BEN: Interns in Cebu get about fifteen thousand pesos a month.\n"
        "[11:30] BEN: One of the two offers was remote.\n"
    )
    body = clean(text, title="Podcast").text
    assert "about 95 k" in body and "70 to 78 k" in body and "One of the two offers" in body
    facts = {f.text: f for f in pay_facts(body, title="Podcast", section="", as_of="")}
    assert (facts["95 k"].currency, facts["95 k"].low, facts["95 k"].location) == ("CAD", 95_000, "Calgary")
    assert clean("Separated by roughly a hundred dollars a year.", title="x").text.endswith("a hundred dollars a year.")


def test_ordinary_lines_near_thread_rules_neither_crash_nor_lose_their_marks() -> None:
    assert "Learn python3 today" in clean("Intro.\nLearn python3 today\nMore.", title="x").text
    bands = clean(">5 years: €80,000\n>3 years: €70,000\n>1 year: €60,000", title="x").text
    assert ">5 years: €80,000" in bands  # a "more than" band is no quoted reply
    joined = clean(
        "Junior hires earn €50,000 in Leipzig and in most other cities we cover this year,\n"
        "Munich: €60,000 for seniors.",
        title="x",
    ).text
    assert "Munich: €60,000 for seniors." in joined.splitlines()  # a labelled line with its own figure stays
    assert (
        "a mid-level engineer"
        in clean(
            "After a long search across three countries we hired a mid-\nlevel engineer who shipped ranking.",
            title="x",
        ).text
    )


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("3.4 Kisumu, Nakuru and Eldoret (municipal stations)", True),  # a numbered sub-section
        ("3.5 All other duty stations", True),
        ("4.5 years of experience required", False),  # a number, not a section's
        ("4.1 After social contributions and income tax, net earnings represent approximately", False),  # a paragraph
    ],
)
def test_a_numbered_sub_section_is_a_heading(line: str, heading: bool) -> None:
    from ingest.cleaning import looks_like_heading

    assert looks_like_heading(line) is heading


def test_a_leader_of_dots_is_the_colon_it_stands_for() -> None:
    from ingest.chunking import sentences

    text = clean("Pay scale\n\nStep 1 .................. KES 58,300\nI waited... Then it came.").text
    assert "Step 1: KES 58,300" in text and "I waited... Then it came." in text
    assert sentences("Step 1 ........ KES 58,300") == ["Step 1 ........ KES 58,300"]


def test_a_nested_list_is_headed_by_its_items_label_before_a_colon() -> None:
    text = clean("Pay\n\n- Cebu (IT Park): roughly 20% below Manila\n  - Senior: PHP 128,000\n").text
    assert "Cebu (IT Park) › Senior: PHP 128,000" in text


def test_review_cases_of_headings_and_ellipses() -> None:
    from ingest.cleaning import looks_like_heading, strip_markup

    assert not looks_like_heading("4.5 Years")
    assert strip_markup("We asked 40 recruiters ... most said 60%") == "We asked 40 recruiters ... most said 60%"
