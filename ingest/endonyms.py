"""Countries by the names their own people write ("España", "Deutschland", "Schweiz"), from babel's CLDR data.

An article in Spanish names "España", a Swiss page "Schweiz": each is the country the gazetteer knows by its
English name. Reading babel's locales costs half a second, so the names are kept in `endonyms.tsv`, written by
`python -m ingest.endonyms`; a test checks the file against babel.
"""

from __future__ import annotations

from pathlib import Path

from ingest.babel_tables import read_table, write_table

ENDONYMS_FILE = Path(__file__).with_name("endonyms.tsv")


def from_babel() -> dict[str, list[str]]:
    """English country name -> its names in each language official there, where they differ."""
    from babel import Locale, UnknownLocaleError
    from babel.languages import get_official_languages

    english = Locale("en").territories
    out: dict[str, list[str]] = {}
    for code, name in sorted(english.items()):
        if not (len(code) == 2 and code.isalpha()):
            continue  # a region's number ("419"), not a country
        names: set[str] = set()
        for language in get_official_languages(code, de_facto=True):
            try:
                own = Locale.parse(language).territories.get(code)
            except (UnknownLocaleError, ValueError):
                continue
            if own and own != name:
                names.add(own)
        if names:
            out[name] = sorted(names)
    return out


def endonyms() -> dict[str, list[str]]:
    """The names as kept in `endonyms.tsv`."""
    return read_table(ENDONYMS_FILE)


def main() -> None:
    """Write `endonyms.tsv` from babel."""
    write_table(ENDONYMS_FILE, from_babel())


if __name__ == "__main__":
    main()
