"""A scanned brochure's text layer, a fixed-width guide grouping its rows, and a news feed saved as a file, on
text written for these tests."""

from __future__ import annotations

from bot.question import parse
from ingest.cleaning import clean, fix_text
from ingest.loaders import load_bytes
from tests.conftest import article_facts

SCAN = """ADRIA TALENT  |  Sa1ary Guide 2O25

HOW TO READ THIS GU1DE
  All figures are GROSS MONTHLY sa1aries on an emp1oyment contract (Croatia: ugovor o radu).
  Figures are as of Q2 2O25 and are based on 410 0ffers.

Zagreb
    Machine Learning Engineer
        Junior  ...............................   1 400 – 1 900 EUR
        Senior  ...............................   3 100 – 4 200 EUR

Ljub1jana
    Machine Learning Engineer    Mid        2 600 – 3 300 EUR
                                 Senior     3 500 – 4 600 EUR
                              (approx. 2 100 – 2 700 EUR net)
    Data Scientist               Mid        2 300 – 3 000 EUR

Python and C1oud dep1oyment were 1isted in most 0ffers; the 1st interview is technica1.
"""

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Datapay Wire</title><link>https://datapay.example</link>
<description>ML pay news</description>
<item><title>Tallinn ML engineers see pay rise</title><pubDate>Tue, 03 Mar 2026 08:00:00 +0000</pubDate>
<description><![CDATA[<p>Senior ML engineers in Tallinn were offered &euro;5,200&ndash;&euro;6,400 a month in 2025.
Mid-level data scientists earned &euro;3,600&ndash;&euro;4,300.</p><p>The post <a href="x">Tallinn ML engineers
see pay rise</a> appeared first on <a href="y">Datapay Wire</a>.</p>]]></description></item>
<item><title>Riga catches up</title><pubDate>Mon, 02 Mar 2026 08:00:00 +0000</pubDate>
<description><![CDATA[<p>In Riga, senior ML engineers now get &euro;4,700&ndash;&euro;5,600 a month.</p>]]>
</description></item>
</channel></rss>
"""


def test_a_scans_letters_read_as_digits_are_put_back_and_a_typed_article_is_left_alone() -> None:
    fixed = fix_text(SCAN)
    assert "Salary Guide 2025" in fixed and "Ljubljana" in fixed and "Cloud deployment were listed" in fixed
    assert "offers; the 1st interview is technical" in fixed  # an ordinal stays
    typed = "B2B rates for k8s work (H1B holders too) rose in 2O25 at L5."
    assert fix_text(typed) == typed
    links = "Tier1 cities pay more; many move on an O1 visa.\n" + "".join(
        f"- [thread](https://www.reddit.com/r/cscareerquestions/comments/1a{k}b0c/pay/)\n" for k in range(6)
    )
    assert fix_text(links) == links  # link IDs are no scan's misreads, and make none


def test_a_scans_guide_gives_each_row_its_town_level_and_the_period_its_notes_declare() -> None:
    facts = article_facts("adria-guide-scan.txt", SCAN)
    junior = facts["1 400 – 1 900 EUR"]
    assert (junior.location, junior.level, junior.period) == ("Zagreb", "junior", "month")  # "(Croatia: …)" aside
    senior = facts["3 500 – 4 600 EUR"]  # a row that leaves its group's job blank takes it from the row above
    assert (senior.location, senior.level, senior.role) == ("Ljubljana", "senior", "Machine Learning Engineer")
    assert facts["2 300 – 3 000 EUR"].role == "Data Scientist"
    net = facts["2 100 – 2 700 EUR"]  # a note set under a row's figure is that row's
    assert (net.location, net.level, net.role) == ("Ljubljana", "senior", "Machine Learning Engineer")


def test_a_feed_reads_as_its_items_each_under_its_own_heading() -> None:
    article = load_bytes("datapay-feed.txt", FEED.encode())
    assert article.title == "Datapay Wire"
    assert "## Riga catches up" in article.text.splitlines() and "appeared first on" in article.text
    facts = article_facts("datapay-feed.txt", FEED)
    assert facts["€5,200–€6,400"].location == "Tallinn" and facts["€4,700–€5,600"].location == "Riga"
    assert not any("appeared first" in f.quote for f in facts.values())  # a feed's footer is no article text
    assert load_bytes("notes.txt", b"<rss> is a tag name; pay in Riga is EUR 5,000.").text.startswith("<rss>")


def test_a_follow_up_sentence_asks_for_its_place_too() -> None:
    assert parse("senior MLE band in amsterdam? and lisbon senior too pls").places == ["Amsterdam", "Lisbon"]
    assert parse("mle salary in munich? saw a compare page w berlin/vienna").places == ["Munich"]
    told = "I used to work in Berlin too. What do ML engineers earn in Amsterdam?"
    assert parse(told).places == ["Amsterdam"]  # a sentence telling, however it ends


def test_a_header_of_years_heads_its_rows_and_a_note_under_the_last_column_is_its_cells() -> None:
    years = "Role                  2024      2025\nJunior ML Engineer    55,000    58,000\n"
    years += "Senior ML Engineer    85,000    92,000"
    assert clean(years).text.splitlines()[:2] == ["Role | 2024 | 2025", "Junior ML Engineer | 55,000 | 58,000"]
    notes = (
        "Level          Bucharest         Cluj\nJunior         9 000 RON         8 500 RON\n"
        "Senior         21 000 RON        19 000 RON\n                                 (approx. 13 000 RON net)\n"
        "Lead           27 000 RON        24 000 RON"
    )
    assert "Senior | 21 000 RON | 19 000 RON (approx. 13 000 RON net)" in clean(notes).text.splitlines()


def test_a_drafts_tracked_changes_are_read_accepted() -> None:
    draft = "Data Scientist (Mid): €[deleted: 38,000–46,000][inserted: 41,000–49,000] per year in Lisbon."
    assert fix_text(draft) == "Data Scientist (Mid): €41,000–49,000 per year in Lisbon."
    assert fix_text("Seniors earn {~~€60,000~>€64,000~~}{>>checked<<} in Porto.") == "Seniors earn €64,000 in Porto."
