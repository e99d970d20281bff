"""Places named in articles and questions, with their containing country and region (`places.txt`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PLACES_FILE = Path(__file__).with_name("places.txt")


@dataclass(frozen=True)
class Gazetteer:
    """Canonical place names, their parents, and one regex that finds any of them in text."""

    parent: dict[str, str]
    alias: dict[str, str]
    pattern: re.Pattern[str]
    exact_pattern: re.Pattern[str] | None

    def find(self, text: str) -> list[str]:
        """Canonical names of the places a text mentions, in order of first mention."""
        hits: list[tuple[int, str]] = []
        for pat in (self.pattern, self.exact_pattern):
            if pat is not None:
                hits += [(m.start(), self.alias[m.group(1).lower()]) for m in pat.finditer(text)]
        out: list[str] = []
        for _, name in sorted(hits):
            if name not in out:
                out.append(name)
        return [p for p in out if not any(p != q and p in self.ancestors(q) for q in out)] or out

    def ancestors(self, place: str) -> list[str]:
        """The places containing this one, nearest first (city -> country -> region)."""
        chain: list[str] = []
        while place in self.parent and self.parent[place] and self.parent[place] not in chain:
            place = self.parent[place]
            chain.append(place)
        return chain

    def within(self, place: str, area: str) -> bool:
        """Whether `place` is `area` or lies inside it."""
        return place == area or area in self.ancestors(place)

    def country(self, place: str) -> str:
        """The country of a city (a country or region is returned as is)."""
        chain = [place, *self.ancestors(place)]
        return chain[-2] if len(chain) >= 3 else chain[0] if len(chain) == 2 else place


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The place list, parsed once."""
    parent: dict[str, str] = {}
    alias: dict[str, str] = {}
    loose: list[str] = []
    exact: list[str] = []
    for line in PLACES_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, aliases, up = (part.strip() for part in line.split("|"))
        parent[name] = up
        for a in [name, *(x.strip() for x in aliases.split(",") if x.strip())]:
            alias[a.lower()] = name
            (exact if a.replace(".", "").isupper() and len(a) <= 5 else loose).append(a)

    def alternation(names: list[str]) -> str:
        return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))

    pattern = re.compile(rf"(?<![\w$])({alternation(loose)})(?!\w)", re.IGNORECASE)
    exact_pattern = re.compile(rf"(?<![\w$])({alternation(exact)})(?![\w$])") if exact else None
    return Gazetteer(parent=parent, alias=alias, pattern=pattern, exact_pattern=exact_pattern)
