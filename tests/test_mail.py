"""A saved e-mail (a newsletter, a forwarded offer) read as its subject, date and the text a reader sees."""

from __future__ import annotations

import pytest

from ingest.loaders import load_bytes
from ingest.mail import read_mail
from tests.conftest import article_facts

DIGEST = """Return-Path: <bounce-12@mail.example.org>
Received: from out3.example.org (out3.example.org [198.51.100.7])
        by mx.example.net with ESMTPS; Mon, 03 Mar 2025 08:01:02 +0000
From: Data Careers Weekly <digest@example.org>
To: reader@example.net
Subject: =?UTF-8?Q?Issue_58_=E2=80=94_Nordic_ML_pay,_a_T?=
 =?UTF-8?Q?ampere_offer?=
Date: Mon, 03 Mar 2025 08:00:11 +0000
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1"

--b1
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

TAMPERE
Mid-level ML engineers in Tampere are being offered =E2=82=AC58,000 to =E2=
=82=AC66,000 a year.
Senior ML engineers in Tampere: =E2=82=AC74,000 to =E2=82=AC86,000, with th=
e bigger product companies at the top.

--b1
Content-Type: text/html; charset=UTF-8

<p>HTML version</p>
--b1--
"""

HTML_ONLY = """From: hr@example.com
To: team@example.com
Subject: Pay bands for 2025
Date: Tue, 07 Jan 2025 10:00:00 +0100
Content-Type: text/html; charset=UTF-8

<html><body><h2>Bergen</h2><p>Senior data scientists in Bergen earn NOK 820,000 a year.</p>
<div style="display:none">tracking pixel NOK 1</div></body></html>
"""


def test_a_saved_message_is_its_decoded_subject_date_and_plain_text() -> None:
    mail = read_mail(DIGEST)
    assert mail is not None
    assert mail.subject == "Issue 58 — Nordic ML pay, a Tampere offer"
    assert mail.dated == "03 March 2025"
    assert "€58,000 to €66,000 a year" in mail.body and "=E2" not in mail.body and "HTML version" not in mail.body


def test_a_newsletter_saved_as_text_gives_each_figure_its_town_and_level() -> None:
    facts = article_facts("data-careers-58.txt", DIGEST)
    mid, senior = facts["€58,000 to €66,000"], facts["€74,000 to €86,000"]
    assert (mid.location, mid.level, senior.location, senior.level) == ("Tampere", "mid", "Tampere", "senior")
    assert load_bytes("data-careers-58.eml", DIGEST.encode()).title == "Issue 58 — Nordic ML pay, a Tampere offer"


def test_an_html_only_message_reads_as_a_page_without_what_it_hides() -> None:
    article = load_bytes("bands.eml", HTML_ONLY.encode())
    assert article.fmt == "html" and article.text.startswith("Dated 07 January 2025")
    assert "NOK 820,000" in article.text and "tracking pixel" not in article.text


@pytest.mark.parametrize(
    "text",
    [
        "From: the editor's desk\nWe looked at pay in Oslo this spring.\n",  # a heading, not a header block
        "Subject: pay\nFrom: me\n\nbody",  # two fields only
        "Title: ML pay in Oslo\nDate: 2025\nAuthor: Kari\n\nSeniors earn NOK 900,000.",  # no sender
        "From: Lisbon, Portugal\nDate: March 2025\nRole: Senior ML Engineer\n\nHappy to answer questions.",  # a card
    ],
)
def test_an_article_that_opens_with_labelled_lines_is_no_message(text: str) -> None:
    assert read_mail(text) is None
