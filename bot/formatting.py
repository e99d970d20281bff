"""Every embed and message the bot sends, built here and kept within Discord's limits.

discord.py does not check the limits; Discord rejects an oversize message with error 50035.
"""

from __future__ import annotations

import discord

from bot.answer import Answer

CONTENT_MAX = 2000
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FIELDS_MAX = 25
FOOTER_MAX = 2048
EMBED_TOTAL_MAX = 6000
ANSWER_COLOUR = discord.Colour.blurple()
REFUSAL_COLOUR = discord.Colour.light_grey()
NO_PINGS = discord.AllowedMentions.none()


def fit(text: str, limit: int) -> str:
    """Cut text to a limit, ending with an ellipsis when cut."""
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def embed_size(embed: discord.Embed) -> int:
    """Characters Discord counts towards the 6,000 total."""
    size = len(embed.title or "") + len(embed.description or "") + len(embed.footer.text or "")
    size += len(embed.author.name or "")
    return size + sum(len(f.name or "") + len(f.value or "") for f in embed.fields)


def enforce_limits(embed: discord.Embed) -> discord.Embed:
    """Trim an embed until every part and the total fit Discord's limits."""
    embed.title = fit(embed.title or "", TITLE_MAX) or None
    embed.description = fit(embed.description or "", DESCRIPTION_MAX) or None
    fields = [(fit(f.name or "", FIELD_NAME_MAX), fit(f.value or "", FIELD_VALUE_MAX), f.inline) for f in embed.fields]
    embed.clear_fields()
    for name, value, inline in fields[:FIELDS_MAX]:
        embed.add_field(name=name, value=value, inline=inline)
    if embed.footer.text:
        embed.set_footer(text=fit(embed.footer.text, FOOTER_MAX))
    while embed_size(embed) > EMBED_TOTAL_MAX and embed.fields:
        embed.remove_field(len(embed.fields) - 1)
    overflow = embed_size(embed) - EMBED_TOTAL_MAX
    if overflow > 0 and embed.description:
        embed.description = fit(embed.description, max(1, len(embed.description) - overflow))
    return embed


def _chunks(lines: list[str], limit: int) -> list[str]:
    out: list[str] = []
    for line in lines:
        line = fit(line, limit)
        if out and len(out[-1]) + 1 + len(line) <= limit:
            out[-1] += "\n" + line
        else:
            out.append(line)
    return out


def answer_embed(answer: Answer) -> discord.Embed:
    """The answer with its [n] markers and a numbered source list (title, section, as-of date)."""
    embed = discord.Embed(
        title=fit(answer.question, TITLE_MAX),
        description=answer.answer,
        colour=REFUSAL_COLOUR if answer.refused else ANSWER_COLOUR,
    )
    lines = [f"[{c.n}] {c.label()}" for c in answer.citations]
    for k, value in enumerate(_chunks(lines, FIELD_VALUE_MAX)):
        embed.add_field(name="Sources" if k == 0 else "Sources (cont.)", value=value, inline=False)
    if not answer.refused:
        embed.set_footer(text="Figures are quoted from the articles cited; use “Show quotes” to check them.")
    return enforce_limits(embed)


def quotes_embed(answer: Answer) -> discord.Embed:
    """The exact passages an answer relies on, one field per citation."""
    embed = discord.Embed(title="Quoted passages", colour=ANSWER_COLOUR)
    for c in answer.citations:
        embed.add_field(name=f"[{c.n}] {c.title}", value=f"{c.quote}\n— `{c.source}`", inline=False)
    if not answer.citations:
        embed.description = "This answer has no quotes."
    return enforce_limits(embed)


def sources_embed(manifest: dict[str, dict]) -> discord.Embed:
    """The ingested articles with as-of dates and chunk counts."""
    lines = [
        f"`{doc_id}` — {meta.get('title', '')} (as of {meta.get('as_of') or 'n/a'}, {meta.get('chunks', 0)} chunks)"
        for doc_id, meta in sorted(manifest.items())
    ]
    embed = discord.Embed(title=f"{len(lines)} articles", colour=ANSWER_COLOUR)
    embed.description = "\n".join(lines) if lines else "No articles have been ingested yet."
    return enforce_limits(embed)


def notice(text: str) -> str:
    """A plain message (errors, confirmations) within the content limit."""
    return fit(text, CONTENT_MAX)


HELP_TEXT = (
    "**/ask** a question about ML careers — pay by role, place and level, skills, certifications.\n"
    "**/salary** role, location, level — pay figures from the articles.\n"
    "**/skills** role — skills and certifications the articles tie to it.\n"
    "**/sources** — the articles I answer from.\n"
    "You can also @mention me with a question. Every figure comes with its source; "
    "“Show quotes” shows the exact passages.\n"
    "Moderators: **/ingest** (attach an article), **/reingest**, **/forget**."
)


def help_embed() -> discord.Embed:
    """What the bot can do."""
    return enforce_limits(discord.Embed(title="careerbot", description=HELP_TEXT, colour=ANSWER_COLOUR))
