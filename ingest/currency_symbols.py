"""Currency symbols as each currency's own country writes them ("S/", "kr.", "Kč"), from babel's CLDR data.

English writes most of them as their ISO codes ("PEN", "DKK", "CZK"), so babel's English locale misses them.
Reading the locales of every territory costs most of a second, so the symbols are kept in `currency_symbols.tsv`,
written by `python -m ingest.currency_symbols`; a test checks the file against babel. A symbol several currencies
share ("kr" for the Danish, Norwegian and Swedish crowns) is resolved by the places an article names.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from ingest.babel_tables import read_table, write_table

SYMBOLS_FILE = Path(__file__).with_name("currency_symbols.tsv")
INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff]")  # direction marks and zero-width spaces CLDR writes in


def from_babel() -> dict[str, list[str]]:
    """Symbol -> the ISO codes of the currencies whose countries write it so, in their official languages."""
    from babel import Locale, UnknownLocaleError
    from babel.languages import get_official_languages
    from babel.numbers import get_currency_symbol, get_territory_currencies

    out: dict[str, set[str]] = {}
    for territory in sorted(Locale("en").territories):
        if not (len(territory) == 2 and territory.isalpha()):
            continue  # a region's number ("419"), not a country
        current = get_territory_currencies(territory, date(2025, 1, 1))
        if not current:
            continue
        for language in get_official_languages(territory, de_facto=True):
            try:
                symbol = get_currency_symbol(current[0], locale=f"{language}_{territory}")
            except (UnknownLocaleError, ValueError):
                continue
            symbol = INVISIBLE.sub("", symbol).replace("\u202f", " ").replace("\xa0", " ").strip()
            if symbol and symbol != current[0]:
                out.setdefault(symbol, set()).add(current[0])
    return {symbol: sorted(codes) for symbol, codes in sorted(out.items())}


def local_symbols() -> dict[str, list[str]]:
    """The symbols as kept in `currency_symbols.tsv`."""
    return read_table(SYMBOLS_FILE)


def main() -> None:
    """Write `currency_symbols.tsv` from babel."""
    write_table(SYMBOLS_FILE, from_babel())


if __name__ == "__main__":
    main()
