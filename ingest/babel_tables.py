"""Lists read from babel's CLDR data once and kept as `key<TAB>a|b|c` files, so no start-up pays for babel's locales."""

from __future__ import annotations

from pathlib import Path


def read_table(path: Path) -> dict[str, list[str]]:
    """A kept table: each key with its values."""
    rows = (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line)
    return {key: values.split("|") for key, values in rows}


def write_table(path: Path, table: dict[str, list[str]]) -> None:
    """Keep a table read from babel (`python -m ingest.endonyms`, `python -m ingest.currency_symbols`)."""
    path.write_text("".join(f"{key}\t{'|'.join(values)}\n" for key, values in table.items()), encoding="utf-8")
