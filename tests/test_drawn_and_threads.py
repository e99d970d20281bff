"""Tables drawn with borders, HTML inside markdown and unrolled threads, in articles written for these tests."""

from __future__ import annotations

from ingest.drawn_tables import drawn_tables
from ingest.loaders import html_in_markdown
from tests.conftest import article_facts

BOX = """Issue 12 — what Nordic offers looked like this quarter

Median monthly base salary by city:
┌──────────────────────┬──────────┬───────────┐
│ Role / level         │ Helsinki │ Stockholm │
├──────────────────────┼──────────┼───────────┤
│ ML engineer, junior  │  €4,100  │ 41,000 kr │
│ ML engineer, senior  │  €6,300  │ 63,500 kr │
└──────────────────────┴──────────┴───────────┘
"""

GRID = """# Outcomes report 2024

+--------+----------+------------------------------+---------------------------+
| Cohort | City     | Most common first role       | Median starting salary    |
+========+==========+==============================+===========================+
| P24A   | Porto    | Junior data engineer         | €21,500 / year            |
+--------+----------+------------------------------+---------------------------+
| P24R   | Porto    | Junior ML engineer (remote   | €26,800 / year            |
|        | (remote) | for a Dutch client)          |                           |
+--------+----------+------------------------------+---------------------------+
"""

WIKI = """# Levels FAQ — Meridian Data

## Q: What are the bands in my country?

<details>
<summary><b>🇯🇵 Japan — Osaka (JPY, annual base)</b></summary>

| Level | ML Engineer | Data Scientist |
|---|---|---|
| L4 | ¥7,800,000 – ¥9,600,000 | ¥7,200,000 – ¥8,900,000 |

</details>

<table>
  <tr><th>Level</th><th>Title</th></tr>
  <tr><td>L4</td><td>Machine Learning Engineer II</td></tr>
</table>
"""

THREAD = """Thread by @kai_ships on X

1/4
Collected 40 Nordic MLOps offers this year, all with letters I saw (all base, per year).

2/4
Copenhagen, SENIOR MLOps:
→ base DKK 780k–DKK 880k

3/4
Helsinki is its own market.

MLOps mid-level: ~€64,000 base

4/4
That's it, thanks for reading!
"""


def test_a_box_drawn_table_is_read_as_rows_under_its_header() -> None:
    rows = [x for x in drawn_tables(BOX).splitlines() if x.startswith("|")]
    assert rows[0] == "| Role / level | Helsinki | Stockholm |" and len(rows) == 4  # header, rule, two rows
    facts = article_facts("nordic-offers-newsletter.txt", BOX)
    assert (facts["€6,300"].location, facts["€6,300"].level) == ("Helsinki", "senior")


def test_a_grid_tables_cell_wrapped_onto_two_lines_is_one_cell_of_its_row() -> None:
    rows = [x for x in drawn_tables(GRID).splitlines() if x.startswith("| P24R")]
    assert rows == ["| P24R | Porto (remote) | Junior ML engineer (remote for a Dutch client) | €26,800 / year |"]
    facts = article_facts("porto-outcomes-2024.md", GRID)
    assert facts["€21,500"].role == "Junior data engineer" and facts["€21,500"].location == "Porto"


def test_html_blocks_in_markdown_are_read_as_text_and_a_summary_as_a_heading() -> None:
    text = html_in_markdown(WIKI)
    assert "### 🇯🇵 Japan — Osaka (JPY, annual base)" in text and "<details>" not in text
    assert "L4 | Machine Learning Engineer II" in text
    facts = article_facts("meridian-levels-faq.md", WIKI)
    assert facts["¥7,800,000 – ¥9,600,000"].location == "Osaka"


def test_a_threads_posts_are_parted_by_their_counters_and_a_post_opening_with_a_place_is_about_it() -> None:
    facts = article_facts("nordic-mlops-thread.txt", THREAD)
    senior = next(f for f in facts.values() if f.low == 780_000)
    mid = next(f for f in facts.values() if f.low == 64_000)
    assert (senior.location, senior.role, senior.level) == ("Copenhagen", "MLOps", "senior")  # "→" under its lead-in
    assert (mid.location, mid.role, mid.level) == ("Helsinki", "MLOps", "mid")
