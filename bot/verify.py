"""Checks an LLM's rewrite of an answer before anyone sees it; any failure names a short reason.

The rewrite may only say what its citations say: every `[n]` must exist, every sentence or line
with a figure must cite, and each figure must be stated (with the same currency, for money) by a
source it cites there. Article text is untrusted: sentences that address an AI or a reader with
instructions are "planted", never count as support, and a rewrite that repeats what only they
say (a figure, a link, or two of their words no honest evidence uses) or writes an instruction
itself is an instruction echo.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.answer import Answer
from bot.question import INJECTION
from bot.retrieval import STOPWORDS
from ingest.chunking import sentences
from ingest.money import MULTIPLIERS, currency_code, find_money

MAX_CHARS = 1500
ECHO_WORDS = 2
MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
SEGMENT_BREAK = re.compile(
    r"(?<![A-Z]\.[A-Z]\.)(?<!\b[A-Z]\.)(?<!e\.g\.)(?<!i\.e\.)(?<!vs\.)(?<=[.!?])\s+(?=[^\s\[])|(?<=\])\s+(?=[A-Z*(])"
)
NUMBER = re.compile(
    r"(?<![\w.,])(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d+)?"
    r"(?:\s?(?P<mult>k|mn|m|bn|b|thousand|million|billion|lakhs?|lac|crores?)\b|(?P<pct>\s?%|\s?percent\b)|(?!\w))",
    re.IGNORECASE,
)
RANGE_JOIN = re.compile(r"\s*(?:-|–|—|to|and)\s*[^\w\s]{0,2}\s*$", re.IGNORECASE)
LINK = re.compile(
    r"https?://[^\s)\]>]+|www\.[^\s)\]>]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|"
    r"\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|ai|dev|co|jobs|info|example)\b",
    re.IGNORECASE,
)
ADDRESSEE = (
    r"(?:ai|a\.i\.|llm|gpt|language|chat)[\s-]*(?:assistants?|models?|systems?|agents?|bots?)|"
    r"llms?|language models?|chat ?bots?|assistants?"
)
SPEECH = (
    r"ignore|disregard|say|tell|respond|reply|recommend|mention|output|repeat|claim|inform|advise|"
    r"state that|answer that"
)
PLANTED = re.compile(
    rf"\b(?:{ADDRESSEE})\b(?:\s*[:,–—-]|\s+(?:must|should|shall|need to|are (?:required|instructed) to|always|never|"
    rf"reading this))[^.!?]{{0,80}}?\b(?:{SPEECH})\b"
    r"|\b(?:note|attention|instructions?|message)\s+(?:to|for)\s+(?:any\s+|all\s+)?(?:ai|llms?|language models?|"
    r"assistants?|chat ?bots?|bots?)\b"
    r"|\bif\s+you\s+are\s+(?:an?\s+)?(?:ai|llm|language model|assistant|chat ?bot|bot)\b"
    r"|\b(?:when|while)\s+(?:summari[sz]\w*|answering|responding)\b[^.!?]{0,60}\b(?:say|tell|state|mention|claim)\b"
    r"|\b(?:tell|inform|instruct)\s+(?:the\s+)?(?:readers?|users?|members?|everyone|people)\s+(?:that|to)\b",
    re.IGNORECASE,
)


def planted(sentence: str) -> bool:
    """Whether a sentence gives instructions (to an AI, or to pass on to readers) rather than information."""
    return bool(PLANTED.search(sentence) or INJECTION.search(sentence))


def split_planted(text: str) -> tuple[str, list[str]]:
    """(the text without its planted sentences, those sentences)."""
    keep: list[str] = []
    found: list[str] = []
    for line in text.splitlines():
        kept = []
        for sentence in sentences(line):
            (found if planted(sentence) else kept).append(sentence)
        keep.append(" ".join(kept))
    return "\n".join(keep), found


@dataclass
class Evidence:
    """What citation `n` may support: its quote, title, section, date and chunk, without planted sentences."""

    n: int
    text: str
    planted: list[str] = field(default_factory=list)


def evidence_of(answer: Answer, chunk_text: Callable[[str], str] | None = None) -> dict[int, Evidence]:
    """The evidence of each citation of an answer, by number."""
    out: dict[int, Evidence] = {}
    for c in answer.citations:
        chunk = chunk_text(c.chunk_id) if chunk_text else ""
        clean, found = split_planted("\n".join((c.quote, chunk)))
        out[c.n] = Evidence(c.n, "\n".join((c.title, c.section, c.as_of, clean)), found)
    return out


@dataclass(frozen=True)
class Figure:
    """A number as written, with its value (multiplier applied) and whether it is a percentage."""

    text: str
    value: float
    raw: float
    percent: bool
    start: int
    end: int


def figures(text: str) -> list[Figure]:
    """Numbers in a text; the first of a range takes the second's multiplier ("60–120 million")."""
    found = []
    for m in NUMBER.finditer(text):
        raw = float(m.group("num").replace(",", "") + (m.group("dec") or ""))
        mult = MULTIPLIERS.get((m.group("mult") or "").lower(), 1.0)
        found.append(Figure(m.group(), raw * mult, raw, bool(m.group("pct")), m.start(), m.end()))
    for k in range(len(found) - 1):
        a, b = found[k], found[k + 1]
        if a.value == a.raw and b.value != b.raw and RANGE_JOIN.search(text[a.end : b.start]):
            found[k] = Figure(a.text, a.raw * (b.value / b.raw), a.raw, a.percent, a.start, a.end)
    return found


@dataclass
class Support:
    """The figures, money and links a body of evidence states, for membership tests."""

    text: str
    numbers: set[tuple[float, bool]] = field(default_factory=set)
    money: set[tuple[str, float]] = field(default_factory=set)
    currencies: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, text: str) -> Support:
        """Index a text."""
        s = cls(text.lower())
        for f in figures(text):
            s.numbers |= {(f.value, f.percent), (f.raw, f.percent), (f.value, False), (f.raw, False)}
        for m in find_money(text):
            s.money |= {(m.currency, v) for v in (m.low, m.high) if v}
            s.currencies.add(m.currency)
        for token in re.findall(r"\b[A-Z]{3}\b", text):
            code = currency_code(token)
            if code:
                s.currencies.add(code)
        return s

    def states(self, figure: Figure) -> bool:
        """Whether a bare figure is stated (same value, and a percentage only as a percentage)."""
        return (figure.value, figure.percent) in self.numbers

    def states_money(self, currency: str, value: float) -> bool:
        """Whether an amount is stated in this currency, or as a bare number where this currency is named."""
        return (currency, value) in self.money or (
            currency in self.currencies
            and (value, False) in self.numbers
            and not any(v == value for _, v in self.money)
        )

    def has_link(self, link: str) -> bool:
        """Whether a link or e-mail address appears in the text."""
        return link.lower().rstrip(".,;:") in self.text


def segments(text: str) -> list[str]:
    """Sentences and lines of an answer, each keeping the `[n]` markers that follow it."""
    return [s.strip() for line in text.splitlines() for s in SEGMENT_BREAK.split(line) if s.strip()]


def cited(text: str) -> list[int]:
    """The citation numbers a text uses, in order of first use."""
    seen: list[int] = []
    for group in MARKER.findall(text):
        for n in (int(x) for x in group.split(",")):
            if n not in seen:
                seen.append(n)
    return seen


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[^\W\d_]{3,}|\d[\d,.]*", text.lower()) if w not in STOPWORDS}


def verify(text: str, answer: Answer, evidence: dict[int, Evidence]) -> str:
    """Why an LLM's text may not replace the extractive answer ("" when it may)."""
    if not text.strip():
        return "empty"
    if len(text) > MAX_CHARS:
        return "too_long"
    numbers = cited(text)
    if not numbers:
        return "no_citation"
    if any(n not in evidence for n in numbers):
        return "unknown_citation"
    plants = [p for e in evidence.values() for p in e.planted]
    stated = [split_planted(answer.question)[0], split_planted(answer.answer)[0], *(e.text for e in evidence.values())]
    echo = _words(" ".join(plants)) - _words("\n".join(stated))
    for segment in segments(text):
        body = MARKER.sub(" ", segment)
        if planted(body) or len(_words(body) & echo) >= ECHO_WORDS:
            return "instruction_echo"
        marks = cited(segment)
        support = Support.of("\n".join(evidence[n].text for n in marks))
        for link in LINK.findall(body):
            if not support.has_link(link):
                return "instruction_echo" if any(link.lower() in p.lower() for p in plants) else "link_not_in_source"
        found = figures(body)
        if found and not marks:
            return "uncited_figure"
        money = find_money(body)
        for m in money:
            if not all(support.states_money(m.currency, v) for v in (m.low, m.high) if v):
                return _unsupported(m.text, plants)
        in_money = [(m.start, m.end) for m in money]
        for f in found:
            if not any(a <= f.start < b for a, b in in_money) and not support.states(f):
                return _unsupported(f.text, plants)
    return ""


def _unsupported(figure: str, plants: list[str]) -> str:
    values = {(f.value, f.percent) for f in figures(figure)}
    planted_values = {(f.value, f.percent) for p in plants for f in figures(p)}
    return "instruction_echo" if values and values <= planted_values else "figure_not_in_source"
