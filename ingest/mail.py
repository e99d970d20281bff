"""A saved e-mail (a newsletter, a forwarded offer) read as its subject, its date and the text a reader sees.

Mail headers, MIME boundaries and quoted-printable soft breaks ("Senior ML engineers in Dub=" / "lin") are
no article text: the standard library's `email` package decodes them. Only telling a saved message from
an article that happens to open with "From:" is ours.
"""

from __future__ import annotations

import email
import email.message
import email.policy
import re
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

HEADER_FIELD = re.compile(r"([A-Za-z][\w-]*):[ \t]")  # "Subject: …"; a folded line starts with a blank
MIN_FIELDS = 3
MAIL_FIELDS = {"to", "message-id", "mime-version", "received", "return-path", "content-type", "reply-to"}


@dataclass(frozen=True)
class Mail:
    """What a reader of a saved message sees of it."""

    subject: str
    dated: str  # "14 October 2025", or "" when the message has no readable date
    body: str  # plain text, or HTML as `html` says
    html: bool


def is_mail(text: str) -> bool:
    """Whether a text is a saved message: a block of header fields (From, and a Subject or Date) before its body."""
    head = text.lstrip("\ufeff\n").split("\n\n", 1)[0].splitlines()
    fields = [m.group(1).lower() for line in head if (m := HEADER_FIELD.match(line))]
    folded = all(HEADER_FIELD.match(line) or line[:1] in {" ", "\t"} for line in head)
    sender = next((line for line in head if line.lower().startswith("from:")), "")
    mailed = bool(MAIL_FIELDS & set(fields)) or "@" in sender  # not a post's "From: Lisbon, Portugal" card
    return folded and len(fields) >= MIN_FIELDS and bool(sender) and bool({"subject", "date"} & set(fields)) and mailed


def read_mail(text: str) -> Mail | None:
    """A saved message's subject and body, or None when the text is not one or holds no readable body."""
    if not is_mail(text):
        return None
    message = email.message_from_string(text.lstrip("\ufeff\n"), policy=email.policy.default)
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return None
    content = _decoded(body)
    if content is None:
        return None
    dated = ""
    try:
        dated = parsedate_to_datetime(str(message["date"])).strftime("%d %B %Y")
    except (TypeError, ValueError):
        pass
    subject = str(message["subject"] or "").strip()
    return Mail(subject=subject, dated=dated, body=content, html=body.get_content_type() == "text/html")


def _decoded(part: email.message.Message) -> str | None:
    """A part's text; unencoded text is the file's own, already decoded, whatever charset the part declares."""
    if str(part.get("Content-Transfer-Encoding", "")).strip().lower() in {"", "7bit", "8bit", "binary"}:
        payload = part.get_payload()
        return payload if isinstance(payload, str) else None
    data = part.get_payload(decode=True)
    try:
        return data.decode(part.get_content_charset() or "utf-8", errors="replace") if data is not None else None
    except LookupError:  # a charset Python does not know
        return None
