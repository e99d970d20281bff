"""A video's subtitles read as the talk they transcribe: cues joined into sentences, sound tags as breaks."""

from __future__ import annotations

from ingest.facts import pay_facts
from ingest.loaders import load_bytes
from ingest.subtitles import subtitle_prose

SRT = """1
00:00:01,000 --> 00:00:02,500
[Music]

2
00:00:03,000 --> 00:00:05,100
Right, first stop is Lyon.

3
00:00:05,200 --> 00:00:07,900
France is one of the cheaper markets.

4
00:00:08,000 --> 00:00:10,400
A junior data engineer there

5
00:00:10,500 --> 00:00:13,000
is offered €41,000 to €46,000 a year.

6
00:00:13,200 --> 00:00:14,000
(applause)

7
00:00:14,500 --> 00:00:17,000
Over in Bilbao, senior analysts
8
00:00:17,100 --> 00:00:19,000
make about €4,100 a month.
"""

VTT = """WEBVTT
Kind: captions

NOTE recorded live

00:00:01.000 --> 00:00:03.000
<v Host>Senior ML engineers in Leeds

00:00:03.100 --> 00:00:05.000 align:start
<v Host>earn around £78,000 a year.
"""


def test_cues_join_into_sentences_and_a_sound_tag_ends_a_paragraph() -> None:
    prose = subtitle_prose(SRT)
    assert prose is not None
    paragraphs = prose.strip().split("\n\n")
    assert paragraphs[0] == (
        "Right, first stop is Lyon. France is one of the cheaper markets. A junior data engineer there "
        "is offered €41,000 to €46,000 a year."
    )
    assert paragraphs[1].startswith("Over in Bilbao, senior analysts make about €4,100")
    assert "-->" not in prose and "[Music]" not in prose


def test_webvtt_voices_and_settings_are_not_words_of_the_talk() -> None:
    prose = subtitle_prose(VTT)
    assert prose is not None
    assert prose.strip() == "Senior ML engineers in Leeds earn around £78,000 a year."


def test_prose_is_not_read_as_subtitles() -> None:
    assert subtitle_prose("2024 was a good year.\nSenior pay rose 8%.") is None
    assert subtitle_prose("1\nIntroduction\n\nThe survey ran for 00:10:00 hours.") is None


def test_a_subtitle_file_as_an_article_gives_each_figure_its_town_level_and_period() -> None:
    for name, data in (("talk.srt", SRT), ("talk.txt", SRT)):
        article = load_bytes(name, data.encode())
        facts = {f.text: f for f in pay_facts(article.text, title="City pay video", section="", as_of="2025")}
        lyon = facts["€41,000 to €46,000"]
        assert (lyon.location, lyon.level, lyon.period) == ("Lyon", "junior", "year")  # the town, not France
        bilbao = facts["€4,100"]
        assert (bilbao.location, bilbao.level, bilbao.period) == ("Bilbao", "senior", "month")
    assert load_bytes("talk.vtt", VTT.encode()).text.startswith("Senior ML engineers in Leeds earn")


def test_the_rest_of_a_country_is_the_country_not_the_town_before_it() -> None:
    text = "Zurich tops the table. The rest of Switzerland pays noticeably less. Seniors there earn CHF 110,000."
    (fact,) = pay_facts(text, title="Swiss pay", section="", as_of="2025")
    assert fact.location == "Switzerland"
