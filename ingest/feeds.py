"""A news feed (RSS or Atom) saved as a page or text file, read as its items: a heading, a date and the text.

Parsing is `feedparser`'s; the item's HTML is read like any page's. Only telling a feed from an article that
quotes some XML is ours.
"""

from __future__ import annotations

import re
from collections.abc import Callable

FEED_START = re.compile(r"\A\ufeff?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S)


def is_feed(text: str) -> bool:
    """Whether a text is a feed document: an `<rss>`, `<feed>` or RDF root, after an XML declaration at most."""
    return bool(FEED_START.match(text))


def feed_text(text: str, html_to_text: Callable[[str], tuple[str, str | None]]) -> tuple[str, str | None] | None:
    """A feed's items as `## title` sections, each dated, and the feed's title; None when it is no feed."""
    if not is_feed(text):
        return None
    import feedparser

    feed = feedparser.parse(text)
    if not feed.version or not feed.entries:
        return None
    sections = []
    for entry in feed.entries:
        body = entry.get("content", [{}])[0].get("value") or entry.get("summary", "")
        dated = entry.get("published") or entry.get("updated") or ""
        lines = [f"## {entry.get('title', '').strip()}", f"Published {dated}" if dated else "", html_to_text(body)[0]]
        sections.append("\n".join(x for x in lines if x))
    return "\n\n".join(sections), feed.feed.get("title") or None
