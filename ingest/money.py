"""Money expressions as articles write them: `S$100,000 to S$170,000`, `₹30–45 lakh`, `₩60 million`.

Each expression keeps its exact text (answers quote figures as the source writes them) beside a
normalised currency code and low/high amounts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Longest first; a symbol maps to the currency it usually means in these articles.
CURRENCY_PREFIXES = {
    "US$": "USD",
    "USD": "USD",
    "S$": "SGD",
    "SGD": "SGD",
    "C$": "CAD",
    "CAD": "CAD",
    "A$": "AUD",
    "AUD": "AUD",
    "MX$": "MXN",
    "MXN": "MXN",
    "R$": "BRL",
    "BRL": "BRL",
    "HK$": "HKD",
    "HKD": "HKD",
    "NZ$": "NZD",
    "PHP": "PHP",
    "₱": "PHP",
    "₹": "INR",
    "INR": "INR",
    "Rs.": "INR",
    "Rs": "INR",
    "₫": "VND",
    "VND": "VND",
    "₩": "KRW",
    "KRW": "KRW",
    "€": "EUR",
    "EUR": "EUR",
    "£": "GBP",
    "GBP": "GBP",
    "¥": "JPY",
    "JPY": "JPY",
    "CNY": "CNY",
    "RMB": "CNY",
    "zł": "PLN",
    "PLN": "PLN",
    "Rp": "IDR",
    "IDR": "IDR",
    "RM": "MYR",
    "MYR": "MYR",
    "฿": "THB",
    "THB": "THB",
    "AED": "AED",
    "CHF": "CHF",
    "$": "USD",
}
CURRENCY_SUFFIXES = {
    code: code
    for code in (
        "USD",
        "SGD",
        "KRW",
        "INR",
        "PHP",
        "VND",
        "EUR",
        "GBP",
        "JPY",
        "CAD",
        "AUD",
        "CHF",
        "AED",
        "PLN",
        "IDR",
        "MYR",
        "THB",
        "BRL",
        "MXN",
        "CNY",
    )
}
CURRENCY_SUFFIXES |= {"dollars": "USD", "euros": "EUR", "rupees": "INR", "won": "KRW", "pesos": "PHP"}
MULTIPLIERS = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "lakh": 1e5,
    "lakhs": 1e5,
    "lac": 1e5,
    "crore": 1e7,
    "crores": 1e7,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "trillion": 1e12,
}
IMPLIED_CURRENCY = {"lakh": "INR", "lakhs": "INR", "lac": "INR", "crore": "INR", "crores": "INR"}

_PREFIX = "|".join(re.escape(p) for p in sorted(CURRENCY_PREFIXES, key=len, reverse=True))
_SUFFIX = "|".join(sorted(CURRENCY_SUFFIXES, key=len, reverse=True))
_MULT = "|".join(sorted(MULTIPLIERS, key=len, reverse=True))
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


def _amount_re(n: str) -> str:
    return (
        rf"(?:(?P<{n}cur>{_PREFIX})\s?)?(?P<{n}num>{_NUMBER})(?:\s?(?P<{n}mult>{_MULT})\b)?"
        rf"(?P<{n}plus>\+)?(?:\s(?P<{n}code>{_SUFFIX})\b)?"
    )


MONEY = re.compile(
    r"(?P<over>\b(?:over|above|more than|at least|up to|under|below)\s+)?"
    + _amount_re("a")
    + r"(?:\s?(?:-|–|—|to)\s?"
    + _amount_re("b")
    + r")?",
    re.IGNORECASE,
)
MONTHLY = re.compile(r"\b(monthly|per month|a month|/mo(?:nth)?)\b|/mo\b", re.IGNORECASE)
YEARLY = re.compile(r"\b(annually|annual|per year|a year|yearly|per annum|p\.a\.)\b|/yr\b|/year\b", re.IGNORECASE)


@dataclass
class Money:
    """One money expression: exact text, currency code, amounts (high None when open-ended)."""

    text: str
    currency: str
    low: float
    high: float | None
    start: int
    end: int
    scale: float


def _amount(m: re.Match[str], n: str) -> tuple[str | None, float, str | None, bool, str | None]:
    cur = m.group(f"{n}cur")
    num = float(m.group(f"{n}num").replace(",", ""))
    mult = (m.group(f"{n}mult") or "").lower() or None
    code = m.group(f"{n}code")
    return cur, num, mult, bool(m.group(f"{n}plus")), code


def _currency(symbol: str | None, code: str | None, mult: str | None) -> str | None:
    if code:
        return CURRENCY_SUFFIXES.get(code.lower(), CURRENCY_SUFFIXES.get(code.upper(), code.upper()))
    if symbol:
        return CURRENCY_PREFIXES.get(symbol) or CURRENCY_PREFIXES.get(symbol.upper())
    return IMPLIED_CURRENCY.get(mult or "")


def find_money(text: str) -> list[Money]:
    """Every money expression in a text; bare numbers (649 data points, 42%) are not money."""
    found: list[Money] = []
    for m in MONEY.finditer(text):
        a_cur, a_num, a_mult, a_plus, a_code = _amount(m, "a")
        has_b = m.group("bnum") is not None
        b_cur, b_num, b_mult, b_plus, b_code = _amount(m, "b") if has_b else (None, 0.0, None, False, None)
        currency = _currency(a_cur or b_cur, a_code or b_code, a_mult or b_mult)
        if currency is None:
            continue
        if has_b and (b_cur is None and a_cur is None and not (a_mult or b_mult)):
            continue
        a_scale = MULTIPLIERS.get(a_mult or b_mult or "", 1.0) if has_b else MULTIPLIERS.get(a_mult or "", 1.0)
        b_scale = MULTIPLIERS.get(b_mult or a_mult or "", 1.0)
        low = a_num * a_scale
        high: float | None = b_num * b_scale if has_b else (None if a_plus or m.group("over") else low)
        over = (m.group("over") or "").lower()
        if over.startswith(("under", "below", "up to")):
            low, high = 0.0, low
        text_span = m.group().strip()
        if has_b and high is not None and high < low:
            continue
        found.append(
            Money(text=text_span, currency=currency, low=low, high=high, start=m.start(), end=m.end(), scale=a_scale)
        )
    return _join_between(text, found)


def _join_between(text: str, found: list[Money]) -> list[Money]:
    """`between A and B` is a range; `the gap between A and B` is two figures."""
    out: list[Money] = []
    for money in found:
        prev = out[-1] if out else None
        if (
            prev
            and prev.high == prev.low
            and money.currency == prev.currency
            and text[prev.end : money.start].strip().lower() == "and"
            and re.search(
                r"(?<!gap )(?<!difference )(?<!delta )between\s+$", text[max(0, prev.start - 30) : prev.start]
            )
        ):
            out[-1] = Money(
                text=text[prev.start : money.end].strip(),
                currency=prev.currency,
                low=prev.low,
                high=money.high,
                start=prev.start,
                end=money.end,
                scale=prev.scale,
            )
        else:
            out.append(money)
    return out


def period_of(text: str) -> str:
    """Pay period stated near a figure: month or year (articles default to annual figures)."""
    if MONTHLY.search(text):
        return "month"
    return "year"
