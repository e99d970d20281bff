"""Records: a thread's posts and a template's fields, each post's figures read as its own.

The text is written for these tests: a salary thread whose posts are separated by the forum's own
chrome ("level 2", "▲ 57 · reply · share"), in the layout moderators paste from a thread export.
"""

from __future__ import annotations

from ingest.chunking import chunk_article
from ingest.cleaning import RECORD_BREAK, clean, record_breaks
from ingest.facts import pay_facts
from ingest.money import find_money
from ingest.roles import find_level

THREAD = """Quarterly pay thread - MLOps and data jobs
Posted by u/modbot · 3 March 2026
Use the template: Role / YOE / City / Base / Bonus / TC
level 1
u/fjord_ops · 5d
Role: MLOps Engineer
YOE: 5
City: Oslo
Base: NOK 780,000
Bonus: NOK 60,000
TC: NOK 840,000
▲ 57 · reply · share
level 2
u/viking_data · 5d
nice, oslo banks pay less than that in my experience
▲ 12 · reply · share
level 1
u/lisbon_lr · 4d
Lead Data Engineer · 11 YOE · Lisbon (remote-first scale-up)
Base €74,000, bonus €9,000, stock options "worth" €20k that I ignore. Cash total €83,000.
▲ 91 · reply · share
level 2
u/tagus_ml · 4d
Also Lisbon, I'm a data engineer with 2 YOE: €38,000 base, no bonus.
▲ 20 · reply · share
level 1
u/pune_pipelines · 3d
New grad data engineer, Pune
base ₹14.5L, joining bonus ₹2L, TC ₹16.5L
▲ 40 · reply · share
"""


def _thread_facts() -> dict:
    cleaned = clean(THREAD, title=None)
    facts = {}
    for chunk in chunk_article(cleaned.text, chunk_size=400, chunk_overlap=80):
        for f in pay_facts(chunk.text, title=cleaned.title or "", section=chunk.section, as_of=""):
            facts.setdefault(f.text, f)
    return facts


def test_a_threads_chrome_separates_its_posts_and_numbered_headings_stay():
    lines = ["level 1", "u/a · 5d", "Role: x", "▲ 57 · reply", "level 2", "▲ 12 · reply", "level 1", "▲ 3 · reply"]
    assert record_breaks(lines) == {0, 3, 4, 5, 6, 7}
    assert record_breaks(["Level 1", "text", "Level 2", "text", "Level 3", "text"]) == set()  # they count up
    cleaned = clean(THREAD, title=None).text
    assert "▲" not in cleaned and cleaned.count(RECORD_BREAK) >= 5
    assert "## Lead Data Engineer" not in cleaned  # a post's header heads that post only, not the next ones


def test_each_posts_figures_take_its_own_header_fields():
    facts = _thread_facts()
    oslo = facts["NOK 780,000"]
    assert (oslo.role, oslo.location, oslo.basis) == ("MLOps Engineer", "Oslo", "base")
    lisbon = facts["€74,000"]
    assert (lisbon.role, lisbon.location, lisbon.level) == ("Lead Data Engineer", "Lisbon", "lead")
    reply = facts["€38,000"]
    assert (reply.role, reply.location, reply.level) == ("data engineer", "Lisbon", "")  # not the lead's post
    pune = facts["₹14.5L"]
    assert (pune.location, pune.level, pune.low) == ("Pune", "entry", 1_450_000)


def test_a_component_of_the_package_is_neither_base_nor_total():
    facts = _thread_facts()
    assert (facts["€9,000"].basis, facts["€9,000"].label) == ("", "bonus")
    assert facts["€20k"].label == "stock options"
    assert (facts["₹2L"].label, facts["₹2L"].period) == ("joining bonus", "")  # one-time: no period of its own
    assert facts["₹16.5L"].basis == "total" and facts["NOK 840,000"].basis == "total"
    facts = {f.text: f for f in pay_facts("$140,000 base, $30,000 sign-on", title="Offers", section="", as_of="")}
    assert (facts["$140,000"].basis, facts["$30,000"].label) == ("base", "sign-on")


def test_a_posts_header_line_labels_the_lines_under_it_until_another_follows_their_figures():
    text = "---\nRole: Data Engineer\nCity: Krakow\nBase: PLN 18,000 a month\nCity: Gdansk\nBase: PLN 15,000 a month"
    facts = {f.text: f for f in pay_facts(text, title="Pay", section="", as_of="")}
    assert (facts["PLN 18,000"].role, facts["PLN 18,000"].location) == ("Data Engineer", "Kraków")
    assert (facts["PLN 15,000"].role, facts["PLN 15,000"].location) == ("", "Gdańsk")


def test_outside_a_thread_a_byline_or_a_rule_frames_nothing():
    text = "By Jane Doe, Senior Data Scientist at Acme\nThe median base across all tech jobs in Berlin is €65,000."
    (fact,) = pay_facts(text, title="Tech pay", section="", as_of="")
    assert (fact.role, fact.level) == ("", "")
    prose = "This paragraph explains the survey method in some detail and has no figures at all in it. " * 3
    article = clean(f"# Pay\n{prose}\n---\n{prose}\n{prose}\n{prose}", title=None, trust_headings=True).text
    assert all(len(c.text) <= 400 for c in chunk_article(article, chunk_size=400, chunk_overlap=80))


def test_recurring_fields_with_numbers_are_data_not_chrome():
    lines = ["Sample size: 412", "Berlin", "Sample size: 230", "Munich", "Sample size: 198", "YOE: 5", "YOE: 9"]
    assert record_breaks(lines) == set()
    cards = ["Data Engineer", "Based on 86 salaries", "MLOps Engineer", "Based on 41 salaries", "Based on 12 salaries"]
    assert record_breaks(cards) == set()


def test_everyday_words_are_no_pay_component():
    for text in (
        "There are more remote options and a junior earns $150,000 a year.",
        "$40,000 in RSUs, so $190,000 in total.",
        "A stipend for interns is €1,500 a month, a junior engineer earns €4,500 a month.",
    ):
        last = pay_facts(text, title="ML pay", section="", as_of="")[-1]
        assert last.label == "" and last.period in {"year", "month"}, text


def test_indian_short_forms_of_lakh_and_crore_are_read_only_beside_the_rupee():
    assert [(m.text, m.low) for m in find_money("TC ₹47.4L, or ₹1.2 Cr with stock")] == [
        ("₹47.4L", 4_740_000),
        ("₹1.2 Cr", 12_000_000),
    ]
    assert find_money("$5 L of water") == [] and find_money("1.5L users") == []
    assert find_level("New grad MLE") == "entry"


REPLIES = """Pay check: what are data people on in Canada?
[+] u/maple_ml · 310 points
Senior ML Engineer at an insurer in Calgary, 7 YOE (3 of them in analytics first).
Base: $168k
Bonus: 10% target, paid in March
    [+] u/curious_cat · 12 points
    Is the bonus guaranteed or tied to company results?
        [+] u/maple_ml · 15 points
        Tied to results, but it has paid out 100% the last two years.
[+] u/halifax_ds · 205 points
Data Scientist, public health agency, Halifax. 2 YOE.
$88k, no bonus. Pension is great though.
[+] u/random_lurker · 99 points
I'm paid in coffee and the occasional pizza friday.
"""


def test_a_replys_opening_sentence_introduces_its_writer_and_their_figures() -> None:
    cleaned = clean(REPLIES, title=None).text
    assert "u/maple_ml" not in cleaned  # chrome with a different handle in each post is still chrome
    facts = {f.text: f for f in pay_facts(cleaned, title="Pay check", section="", as_of="")}
    calgary = facts["$168k"]
    assert (calgary.role, calgary.location, calgary.level, calgary.currency) == (
        "Senior ML Engineer",
        "Calgary",
        "senior",
        "CAD",  # a bare "$" figure placed in Canada is in Canada's dollars
    )
    halifax = facts["$88k"]
    assert (halifax.role, halifax.location, halifax.currency) == ("Data Scientist", "Halifax", "CAD")


def test_a_line_stating_figures_is_no_introduction() -> None:
    from ingest.chunking import introduces

    assert introduces("Data Scientist, public health agency, Halifax. 2 YOE.")
    assert not introduces("Senior ML Engineer / 6 YOE / Sydney / Base 180k / TC 210k")
    assert not introduces("I'm paid in coffee and the occasional pizza friday.")


def test_a_threads_chrome_with_bare_bold_handles_separates_its_posts() -> None:
    from ingest.cleaning import RECORD_BREAK

    text = "\n".join(
        [
            "**tulip_tensor** · 168 points · Feb 14, 2026 [–]",
            "ML engineer, 6 YOE, ranking at a scale-up in Utrecht, Netherlands.",
            "I take home €6.2k/month net.",
            "**zkb_gradient** · 133 points · Feb 14, 2026 [–]",
            "Senior applied scientist in Basel: CHF 150k base.",
            "**pune_pipelines** · 119 points · Feb 15, 2026 [–]",
            "Data scientist, Pune, 5 YOE: ₹28 LPA fixed.",
        ]
    )
    body = clean(text, title="Ask HN: pay outside the US").text
    assert body.count(RECORD_BREAK) == 3 and "points" not in body
    facts = {f.text: f for f in pay_facts(body, title="Ask HN", section="", as_of="")}
    assert (facts["€6.2k"].location, facts["€6.2k"].role) == ("Utrecht", "ML engineer")
