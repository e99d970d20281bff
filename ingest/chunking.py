"""Section-aware chunks: split at headings first, then by size, each chunk knowing where it came from."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from langchain_core.documents import Document

RECORD_HEADER_LINES = 3  # "Role: ML Engineer", "YOE: 4", "City: Toronto" above a post's figures
RECORD_HEADER_WORDS = 12
FIELD_BREAK = re.compile(r"\s+[·•|]\s+")  # a card's meta line: fields set apart by a dot or bar
FIELD_WORDS = 5
INTRODUCTION_WORDS = 30  # "Senior ML Engineer, fintech, Sydney. 6 YOE (2 as a SWE before switching)."
AMOUNT = re.compile(r"\d[\d,.]*\s?[kKmM]\b|\d{3,}")
EXPERIENCE_STATED = re.compile(r"\b\d+(?:\.\d+)?\+?\s*(?:YOE|yrs?|years?)\b", re.I)
LIST_ITEM = re.compile(r"\s*(?:[-*•]|\d+[.)])\s")
NUMBERED = re.compile(r"\s*\d{1,2}[.)]\s+")
# A sentence ends at . ! ? before a capital, but not after "U.S." or "e.g.", nor at a leader of dots between a
# label and its value ("Step 1 .......... KES 58,300").
SENTENCE_BREAK = re.compile(
    r"(?<![A-Z]\.[A-Z]\.)(?<!\b[A-Z]\.)(?<!e\.g\.)(?<!i\.e\.)(?<!vs\.)(?<!\.\.\.\.)(?<!\s\.\.\.)"
    # an abbreviation ends no sentence: "(aprox. CLP 4.700.000"
    r"(?<!approx\.)(?<!aprox\.)(?<!\bca\.)(?<!\benv\.)(?<!incl\.)(?<!excl\.)(?<!\best\.)(?<!\bavg\.)"
    r"(?<!Approx\.)(?<!Aprox\.)(?<!\bEnv\.)(?<!Incl\.)(?<!Excl\.)(?<!\bEst\.)(?<!\bAvg\.)"  # not "CA." (a state)
    r"(?<!› \d\.)(?<!› \d\d\.)"  # a numbered item's "› 1." under its parent opens its sentence
    r"(?<=[.!?])\s+"
    r"(?=[A-Z(\"'“$])"
)


def sentences(line: str) -> list[str]:
    """The sentences of one line of article text; a numbered item's "3." opens its first sentence."""
    number = NUMBERED.match(line)
    head = line[: number.end()] if number else ""
    found = [s.strip() for s in SENTENCE_BREAK.split(line[len(head) :]) if s.strip()]
    if head and found:
        found[0] = f"{head.strip()} {found[0]}"
    return found or ([head.strip()] if head.strip() else [])


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of a passage's answerable sentences, in order.

    A sentence answers with four words or more; a table row does with a figure ("| PhD required | 6% |").
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        for sent in sentences(line):
            start = text.find(sent, pos)
            if start < 0:
                continue
            pos = start + len(sent)
            listed = "|" in sent or LIST_ITEM.match(line)  # "| PhD required | 6% |", "2. SQL - 54%"
            if len(re.findall(r"\w+", sent)) >= 4 or listed and re.search(r"\d", sent):
                spans.append((start, pos))
    return spans


@dataclass
class Chunk:
    """A passage of one article with its section heading and position."""

    text: str
    section: str
    position: int

    def embed_text(self, title: str) -> str:
        """What is embedded and ranked: title and section give a short passage its context."""
        return embed_text(title, self.section, self.text)


def embed_text(title: str, section: str, text: str) -> str:
    """Context header plus passage, the same at ingest and at query time."""
    head = f"{title} — {section}" if section and section != title else title
    return f"{head}\n{text}"


def content_hash(text: str) -> str:
    """Stable hash of a text, used to reuse embeddings of unchanged chunks."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def split_sections(markdown: str) -> list[Document]:
    """One langchain Document per section, headings in metadata."""
    from langchain_text_splitters import MarkdownHeaderTextSplitter  # imported here: unchanged re-ingests skip it

    splitter = MarkdownHeaderTextSplitter(
        headers_to_split_on=[("#", "title"), ("##", "section"), ("###", "subsection")],
        strip_headers=True,
    )
    return splitter.split_text(markdown)


def chunk_article(markdown: str, *, chunk_size: int, chunk_overlap: int) -> list[Chunk]:
    """Split a cleaned article into chunks no longer than `chunk_size` characters."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from ingest.tables import RULE

    sizer = RecursiveCharacterTextSplitter(
        chunk_size=chunk_size,
        chunk_overlap=chunk_overlap,
        separators=["\n---\n", "\n\n", "\n", ". ", "; ", " ", ""],  # a thread's posts are kept whole
    )
    chunks: list[Chunk] = []
    for section in split_sections(markdown):
        meta = section.metadata
        name = meta.get("subsection") or meta.get("section") or meta.get("title") or ""
        headers = _opening_context(section.page_content)
        for piece in sizer.split_text(section.page_content):
            piece = piece.strip()
            if piece:
                opening = next((x for x in piece.split("\n") if not RULE.match(x.strip())), "")
                header = headers.get(opening.strip(), "")  # a chunk opening at a table's "|---|---|" row too
                text = f"{header}\n{piece}" if header and header.splitlines()[-1] not in piece else piece
                chunks.append(Chunk(text=text, section=name, position=len(chunks)))
    return chunks


def lead_in_of(line: str) -> str:
    """What a line says of a list it introduces: its last sentence before a colon, or a title-like line whole.

    "… For 2025 the ranges I'm seeing in Toronto:" and "Skills employers ask for (top 5, share of ads)".
    """
    if line.rstrip().endswith(":"):
        return sentences(line.strip())[-1]
    return line.strip() if header_shaped(line) and not line.lstrip().startswith("#") else ""


def list_lead_ins(lines: list[str]) -> dict[int, str]:
    """Index of each list item -> the sentence that introduces its list, for items that have one."""
    out: dict[int, str] = {}
    lead_in = ""
    for k, line in enumerate(lines):
        if not LIST_ITEM.match(line):
            lead_in = lead_in_of(line)
        elif lead_in:
            out[k] = lead_in
    return out


def _opening_context(text: str) -> dict[str, str]:
    """Line -> the lines that frame it, so a chunk opening mid-table or mid-list still knows its columns or lead-in.

    A table row is framed by its caption and header line; a list item by the line that introduces its list
    ("For 2025 the ranges I'm seeing for base in Toronto:").
    """
    from ingest.tables import table_rows

    lines = text.splitlines()
    framed: dict[str, str] = {}
    for i, row in table_rows(lines).items():
        framed[lines[i].strip()] = "\n".join(filter(None, [row.caption, row.header_line]))
        if row.caption:  # a chunk opening at the header line still knows the caption's currency and period
            framed.setdefault(row.header_line, row.caption)
    for k, lead_in in list_lead_ins(lines).items():
        framed.setdefault(lines[k].strip(), lead_in)
    for k, header in record_headers(lines).items():
        framed.setdefault(lines[k].strip(), header)
    return framed


def header_shaped(line: str) -> bool:
    """A short line that is no sentence, no list item and states no figure: "Staff MLE | 9 YOE | Austin, TX"."""
    from ingest.money import money_in

    bare = line.strip()
    fields = FIELD_BREAK.split(bare)  # "Odra Robotics · Wrocław, Poland · On-site · posted 4 days ago": short fields
    long_fields = sum(1 for f in fields if len(f.split()) > FIELD_WORDS)  # "Applied Scientist (LLM evaluation), …"
    short = (
        len(bare.split()) <= RECORD_HEADER_WORDS
        or len(fields) > 3
        and long_fields <= 1
        and all(len(f.split()) <= 2 * FIELD_WORDS for f in fields)
        or len(fields) > 2
        and not long_fields
    )
    return bool(bare) and bare[-1] not in ".!?:" and short and not LIST_ITEM.match(bare) and not money_in(bare)


def introduces(line: str) -> bool:
    """A post's opening sentence introducing its writer: a role with a place or years, and no figure.

    In a thread the first line of a reply often says who writes it ("Data Scientist, big retailer, Melbourne.
    3 YOE."); what the post then states is that person's pay, as under a header line.
    """
    from ingest.money import money_in
    from ingest.places import gazetteer
    from ingest.roles import find_role

    bare = line.strip()
    return (
        len(bare.split()) <= INTRODUCTION_WORDS
        and not LIST_ITEM.match(bare)
        and not money_in(bare)
        and not AMOUNT.search(bare)  # "Senior MLE / 6 YOE / Sydney / Base 180k" is a post's figures, not its writer
        and find_role(bare) is not None
        and bool(gazetteer().find(bare) or EXPERIENCE_STATED.search(bare))
    )


def record_headers(lines: list[str]) -> dict[int, str]:
    """Index of each line of a record (a thread's post) -> the header-shaped lines that open it."""
    from ingest.cleaning import RECORD_BREAK

    out: dict[int, str] = {}
    head: list[str] = []
    inside = opening = False
    for k, line in enumerate(lines):
        if line.strip() == RECORD_BREAK:
            head, inside, opening = [], True, True
        elif inside and opening and len(head) < RECORD_HEADER_LINES and (header_shaped(line) or introduces(line)):
            head.append(line.strip())
        else:
            opening = False
            if inside and head:
                out[k] = "\n".join(head)
    return out
