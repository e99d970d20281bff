"""Structured pay and skill facts, extracted at ingest and stored with their chunk."""

from __future__ import annotations

from pydantic import BaseModel


class Fact(BaseModel):
    """One cited fact: a pay range or a skill, with the exact quote it comes from."""

    kind: str
    quote: str


def extract_facts(text: str, *, title: str, section: str, as_of: str) -> list[Fact]:
    """Facts stated in one chunk (filled in by the answers work)."""
    return []
