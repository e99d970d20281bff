"""Subtitle files (SubRip .srt, WebVTT .vtt, or either saved as .txt) read as the talk they transcribe.

A cue holds a few words of a sentence that runs on into the next cue ("Junior ML engineers there," / "are
getting offers between CHF 105,000 and CHF 120,000 a year."), so the cues are joined into running prose;
a cue that is only a sound tag ("[Music]", "(applause)", "♪") is where one topic ends, so it breaks the
paragraph. Parsing is left to `srt` and `webvtt-py`; only telling a subtitle file from prose is ours.
"""

from __future__ import annotations

import io
import re

SRT_START = re.compile(r"\A\s*\d+\s*\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->\s*\d")
VTT_START = re.compile(r"\A\ufeff?WEBVTT\b")
SOUND_TAG = re.compile(r"^\s*(?:[\[(][^\])]{1,30}[\])]|[♪♫\s]+)\s*$")  # "[Music]", "(laughs)", "♪ ♪"
VOICE_TAG = re.compile(r"</?[a-z][^>]*>")  # WebVTT's "<v Ana>", "<i>"


def is_subtitles(text: str) -> bool:
    """Whether a text is a subtitle file: SubRip's numbered, timed first cue, or WebVTT's header."""
    return bool(SRT_START.match(text) or VTT_START.match(text))


def subtitle_prose(text: str) -> str | None:
    """The words of a subtitle file as paragraphs, or None when the text is not one (or does not parse)."""
    if not is_subtitles(text):
        return None
    import srt  # only a subtitle file needs the parsers: not every start of the bot (62 ms)
    import webvtt

    try:
        if VTT_START.match(text):
            cues = [VOICE_TAG.sub("", c.text) for c in webvtt.from_buffer(io.StringIO(text))]
        else:
            cues = [c.content for c in srt.parse(text)]
    except (srt.SRTParseError, webvtt.errors.MalformedFileError, ValueError):
        return None
    paragraphs: list[list[str]] = [[]]
    for cue in cues:
        if SOUND_TAG.match(cue):
            paragraphs.append([])
        else:
            paragraphs[-1].append(" ".join(cue.split()))
    return "\n\n".join(" ".join(p) for p in paragraphs if p) + "\n"
