"""A hiring thread saved as HTML (a forum laid out with tables, its posts marked as comments), on a page written
for these tests in the shape such threads take: each post's header line heads the pay under it."""

from __future__ import annotations

from ingest.loaders import html_to_text
from tests.conftest import article_facts


def _post(user: str, depth: int, body: str) -> str:
    return (
        f'<tr class="athing comtr"><td><table border="0"><tr><td class="ind" indent="{depth}">'
        f'<img src="s.gif" width="{40 * depth}"></td><td class="votelinks"><a href="vote"><div class="votearrow">'
        f'</div></a></td><td class="default"><span class="comhead"><a class="hnuser">{user}</a> on May 2, 2025 | '
        f'<a class="togg">[–]</a></span><div class="comment"><div class="commtext">{body}</div></div>'
        "</td></tr></table></td></tr>"
    )


POSTS = [
    (
        "fjord_vision",
        0,
        "Fjord Vision | Computer Vision Engineer, Senior Computer Vision Engineer | Trondheim, Norway | ONSITE"
        "<p>Inspection drones for offshore wind farms; 25 people, profitable.<p>Computer Vision Engineer: "
        "NOK 720,000 – 860,000 per year<p>Senior Computer Vision Engineer: NOK 900,000 – 1,050,000 per year"
        "<p>We use PyTorch, ONNX and a lot of synthetic data.",
    ),
    ("tora_k", 1, "Is that before or after the holiday pay? Norwegian offers usually add 12% on top."),
    (
        "kelpworks_jobs",
        0,
        "Kelpworks | MLOps Engineer (mid/senior) | Galway, Ireland | HYBRID<p>Forecasting seaweed harvest yields "
        "for co-ops along the Atlantic coast.<p>€68,000 – €92,000 base depending on experience.<p>Terraform, "
        "Kubernetes, MLflow.",
    ),
    (
        "meridian_ai",
        0,
        "Meridian AI | Data Scientist | Porto, Portugal | REMOTE (EU)<p>Pricing models for regional airlines."
        "<p>€46,000 – €58,000 base.<p>SQL, causal inference, some Python.",
    ),
]
PAGE = (
    '<html><head><title>Ask HN: Who is hiring? (May 2025)</title></head><body><table id="hnmain"><tr><td>'
    '<span class="pagetop"><b>Hacker News</b> new | past | comments</span></td></tr><tr><td>'
    '<table class="fatitem"><tr><td class="title">Ask HN: Who is hiring? (May 2025)</td></tr></table>'
    '<table class="comment-tree">' + "".join(_post(*p) for p in POSTS) + "</table></td></tr></table></body></html>"
)

BLOG = (
    "<html><body><article><h1>Pay in Galway</h1><p>"
    + "Senior data engineers in Galway earn about €88,000 in 2025, with bonuses of 5-10%. " * 6
    + '</p></article><section class="comments"><div class="comment">Great post! Mine is €95k.</div></section>'
    "</body></html>"
)


def test_a_thread_of_comments_is_the_page_and_its_layout_tables_are_read_as_text() -> None:
    text, _ = html_to_text(PAGE)
    lines = text.splitlines()
    assert "Computer Vision Engineer: NOK 720,000 – 860,000 per year" in lines  # a paragraph of its own
    assert not any(line.startswith("|") and "NOK" in line for line in lines)


def test_a_blogs_comments_are_still_chrome() -> None:
    text, _ = html_to_text(BLOG)
    assert "€88,000" in text and "€95k" not in text
    busy = (
        "<html><body><article><h1>Pay in Galway</h1><p>Senior data engineers in Galway earn €88,000.</p></article>"
        '<section class="comments">'
        + "".join(f'<div class="comment">u{k}: I work in Austin, make $180,000 as an analyst.</div>' for k in range(8))
        + "</section></body></html>"
    )
    text, _ = html_to_text(busy)  # comments longer than the post are still not the post
    assert "€88,000" in text and "$180,000" not in text


def test_each_posts_header_line_places_its_pay_and_a_header_of_several_jobs_sets_no_level() -> None:
    facts = article_facts("hn-may-2025.html", PAGE)
    junior = facts["NOK 720,000 – 860,000"]
    assert (junior.location, junior.level) == ("Trondheim", "")  # the header lists a senior job too
    assert facts["NOK 900,000 – 1,050,000"].level == "senior"
    kelp = facts["€68,000 – €92,000"]
    assert (kelp.location, kelp.level) == ("Galway", "")  # "(mid/senior)": either, so neither
    assert facts["€46,000 – €58,000"].location == "Porto"  # not the post before's Galway


def test_a_data_table_with_one_long_note_stays_a_table() -> None:
    note = "This band comes from 212 offers shared with us between January and June at scale-ups. " * 6
    html = (
        "<table><tr><th>City</th><th>Level</th><th>Salary</th><th>Notes</th></tr>"
        f"<tr><td>Berlin</td><td>Senior</td><td>€95,000</td><td>{note}</td></tr>"
        "<tr><td>Munich</td><td>Junior</td><td>€60,000</td><td>-</td></tr></table>"
    )
    text, _ = html_to_text(html)
    assert "City | Level | Salary | Notes" in text.splitlines()
