"""Money expressions as articles write them: `S$100,000 to S$170,000`, `₹30–45 lakh`, `₩60 million`.

Each expression keeps its exact text (answers quote figures as the source writes them) beside a
normalised currency code and low/high amounts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from ingest.currency_symbols import local_symbols

# Symbols babel's English locale lacks but articles use; babel supplies the rest, and every ISO code.
# One-letter symbols count only before a grouped amount ("R45,000", "R 650k"), never before "R2" or "R&D".
LETTER_SYMBOLS = {"R": "ZAR"}
LETTER_AMOUNT = r"(?=\s?(?:\d{1,3}(?:[ ,]\d{3})+(?!\d)|\d+(?:\.\d+)?\s?[kKmM]\b))"
EXTRA_SYMBOLS = {
    "US$": "USD",
    "S$": "SGD",
    "C$": "CAD",
    "Rs.": "INR",
    "Rs": "INR",
    "RM": "MYR",
    "Rp": "IDR",
    "zł": "PLN",
    "฿": "THB",
    "₦": "NGN",
    "₺": "TRY",
    "₴": "UAH",
    "₪": "ILS",
    "RMB": "CNY",
    # East Africa's shillings as their homes write them in English (babel's en_KE, en_TZ, en_UG locales; read
    # from babel these would cost every start half a second), and Ghana's cedi
    "KSh": "KES",
    "Ksh": "KES",
    "TSh": "TZS",
    "Tsh": "TZS",
    "USh": "UGX",
    "Ush": "UGX",
    "GH₵": "GHS",
}
# Where a currency word names several currencies ("dollar", "krone"), the most widely quoted one wins.
MAJOR = ("USD", "EUR", "GBP", "JPY", "CNY", "INR", "KRW", "CAD", "AUD", "CHF", "SEK", "NOK", "DKK", "MXN", "PHP", "BRL")


def currencies() -> tuple[dict[str, str], dict[str, str]]:
    """(symbol or code -> ISO code, lower-case currency name or name word -> ISO code), from babel."""
    symbols, names, _ = _currency_tables()
    return symbols, names


def currency_words() -> dict[str, tuple[str, ...]]:
    """Lower-case currency name word -> every ISO code whose English name ends in it ("dinar": BHD, DZD, …)."""
    return _currency_tables()[2]


@lru_cache(maxsize=1)
def _currency_tables() -> tuple[dict[str, str], dict[str, str], dict[str, tuple[str, ...]]]:
    from babel import Locale
    from babel.numbers import get_currency_name

    locale = Locale("en")
    symbols = {code: code for code in locale.currencies if len(code) == 3 and code.isalpha()}
    symbols |= {s: c for c, s in locale.currency_symbols.items() if s != c and c in symbols}
    names: dict[str, str] = {}
    word_codes: dict[str, list[str]] = {}
    for symbol, codes in local_symbols().items():  # "S/ 4,200", "52.000 kr.", "450 000 Ft": as their homes write
        if symbol in symbols or symbol in EXTRA_SYMBOLS or not _usable_symbol(symbol):
            continue
        if len(codes) == 1 and not symbol.isalpha():
            symbols[symbol] = codes[0]
        else:  # a word ("Ft") or one several currencies write ("kr"): a name, which an article's places settle
            word_codes.setdefault(symbol.lower(), []).extend(codes)
    symbols |= EXTRA_SYMBOLS | LETTER_SYMBOLS
    for code in symbols.values():
        for count in (1, 2):
            name = (get_currency_name(code, count=count, locale="en") or "").lower()
            if not name or name.upper() == code:
                continue
            names[name] = code
            word_codes.setdefault(name.split()[-1], []).append(code)
    rank = {c: k for k, c in enumerate(MAJOR)}
    for word, codes in word_codes.items():  # an article's places choose among the rest (`currency_code`)
        names.setdefault(word, min(codes, key=lambda c: (rank.get(c, len(rank)), c)))
    return symbols, names, {w: tuple(sorted(set(c))) for w, c in word_codes.items()}


SYMBOL_WORD_ZIPF = 3.5  # a symbol English uses as a word or unit more often than this ("ft", "le") is not read


def _usable_symbol(symbol: str) -> bool:
    """Whether a local symbol can be read as money: not one letter, nor a word or unit English writes ("ft")."""
    from wordfreq import zipf_frequency

    if len(symbol) < 2 or symbol in {"$", "£", "¥"}:
        return False
    letters = symbol.rstrip(".")
    if letters.isascii() and letters.isalpha():
        return len(letters) >= 2 and not letters.isupper() and zipf_frequency(letters, "en") < SYMBOL_WORD_ZIPF
    return True


def currency_code(token: str, prefer: Iterable[str] = ()) -> str | None:
    """The ISO code a symbol, code or currency name stands for ("€", "sgd", "euros", "Korean won").

    `prefer`: the currencies of the places at hand, for a name several share ("dirhams" in Dubai, "kroner" in
    Copenhagen).
    """
    symbols, names = currencies()
    code = symbols.get(token) or symbols.get(token.upper() if len(token) == 3 else token)
    if code:
        return code
    shared = currency_words().get(token.lower(), ())
    return next((c for c in prefer if c in shared), None) or names.get(token.lower())


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
    # as articles in other languages write them: "Rp 35–55 juta", "₹8–14 LPA", "COP 12 millones"
    "juta": 1e6,
    "jt": 1e6,
    "millones": 1e6,
    "millón": 1e6,
    "milhões": 1e6,
    "triệu": 1e6,  # "45 triệu VND/month": Vietnamese millions
    "trieu": 1e6,
    "lpa": 1e5,
    "l": 1e5,  # "₹47.4L", "₹1.2 Cr": India's short forms, read only beside the rupee
    "cr": 1e7,
}
RUPEE_ONLY = {"l", "cr"}
IMPLIED_CURRENCY = {
    "lakh": "INR",
    "lakhs": "INR",
    "lac": "INR",
    "crore": "INR",
    "crores": "INR",
    "lpa": "INR",
    "triệu": "VND",
    "trieu": "VND",
}

_NUMBER = (
    r"\d{1,3}(?:[. \u00a0\u202f]\d{3})+,\d{2}(?!\d|[ .\u00a0]\d{3})|"  # "5.611,41 €"; not "€85 000,95 000"
    r"\d{1,3}(?:,\d{2})+,\d{3}(?!\d)(?:\.\d+)?|"  # "52,00,000": India groups lakhs and crores in twos
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3}){2,}(?!\.?\d)|"
    r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d|[,.]\d)|\d{1,3}(?:['’]\d{3})+(?!\d)|\d+(?:\.\d+)?"  # "128'000" (Swiss)
)


def _alternation(words: list[str]) -> str:
    """Words as one regex alternative, longest first; one opening with a letter only where no letter is before it."""
    return "|".join(
        ("(?<![^\\W\\d_])" if w[:1].isalpha() else "") + re.escape(w) for w in sorted(words, key=len, reverse=True)
    )


# Words that are currency names or codes in some country but everyday English in a sentence ("all-in", "real").
PERCENT_AFTER = re.compile(r"\s?(?:%|percent\b|per cent\b)", re.I)
EVERYDAY_WORDS = {"all", "real", "rand", "mark", "pound", "pounds", "won", "dollar", "dollars", "franc", "francs"}
# "from A to B" after a verb of change is a figure then and a figure now, not a range.
CHANGE_FROM = re.compile(
    r"\b(?:ris(?:e|es|en)|rose|climb\w*|gr[eo]w\w*|increas\w*|jump\w*|went|fell|fall\w*|dropp\w*|declin\w*|"
    r"mov(?:ed|es)|up|down)\s+(?:\w+\s+)?from\s*$",
    re.I,
)
CHANGE_REACH = 40
ONE_CURRENCY_SHARE = 0.9  # of an article's figures, for its bare "148k" to be in that currency
DECLARED = re.compile(  # "All figures AUD unless you say otherwise", "every salary is in Singapore dollars"
    r"\b(?:all|every)\s+(?:figures?|amounts?|numbers?|salar(?:y|ies)|pay|values?)\s*:?\s+"
    r"(?:(?:in|on)\s+this\s+[^\W\d]+\s+)?"  # "All figures in this handout are New Zealand dollars"
    r"(?:(?:are|is|quoted|given|shown|in)\s+)*(?P<what>[^\W\d]+(?:\s+[^\W\d]+){0,2})",
    re.IGNORECASE,
)
BETWEEN = re.compile(r"(?<!gap )(?<!difference )(?<!delta )between\s+$")
BARE_END = re.compile(r"\s+and\s+(\d[\d,.]*\d(?:\s?[kK]\b)?)(?![\d%])")
DOT_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
COMMA_CENTS = re.compile(r"\d{1,3}(?:[.\s]\d{3})+,\d{2}")
GROUPED = re.compile(r"\d[,.\s'’]\d{3}(?!\d)")  # a number written out in full: "850,000", "22.000"
BARE_YEAR = re.compile(r"(?:19|20)\d\d")
RETIREMENT_PLAN = re.compile(r"401\s?\(?k\)?", re.I)


def _amount_re(n: str, prefix: str, suffix: str, mult: str) -> str:
    return (
        rf"(?:(?P<{n}cur>{prefix})\s?)?(?P<{n}num>{_NUMBER})(?:\s?(?P<{n}mult>{mult})\b)?"
        rf"(?P<{n}plus>\+)?(?:\s(?P<{n}code>{suffix})(?!\w))?"
    )


@lru_cache(maxsize=1)
def money_pattern() -> re.Pattern[str]:
    """One regex for money: optional symbol/code, number, multiplier, optional code or currency name after."""
    symbols, names = currencies()
    codes = [s for s in symbols if len(s) == 3 and s.isupper()]
    plain = [s for s in symbols if s not in codes and s not in LETTER_SYMBOLS]
    letters = "|".join(rf"\b{re.escape(s)}{LETTER_AMOUNT}" for s in LETTER_SYMBOLS)
    prefix = "(?-i:" + _alternation(plain) + "|" + letters + "|" + _alternation(codes) + r"(?![a-z]))"
    after = [s for s in symbols if not s.isascii()]  # "252,000 zł", "48 000 €": symbols some locales write after
    suffix = "(?-i:" + _alternation(codes) + ")|" + _alternation(list(names)) + "|" + _alternation(after)
    mult = _alternation(list(MULTIPLIERS))
    return re.compile(
        r"(?P<over>\b(?:over|above|more than|at least|up to|under|below)\s+)?"
        + _amount_re("a", prefix, suffix, mult)
        # "R$ 140 a R$ 190", "de 30 hasta 45 mil": other languages' "to", taken only before a second currency
        + rf"(?:(?:\s?(?:-|–|—|to)\s?|\s(?:a|até|hasta|bis|à)\s(?=(?:{prefix})))"
        + _amount_re("b", prefix, suffix, mult)
        + r")?",
        re.IGNORECASE,
    )


MONTHLY = re.compile(
    r"\b(monthly|per month|a month|por m[eê]s|al mes|mensual(?:es)?|mensais|mensal|pro monat|monatlich|par mois|"
    r"mensuel(?:le)?s?|per bulan)\b|/\s?mo(?:nth)?\b|/\s?m[eê]s\b",
    re.IGNORECASE,
)
YEARLY = re.compile(
    r"\b(annually|annual|per year|a year|yearly|per annum|p\.a\.|lpa|anual(?:es)?|anuais|al año|pro jahr|jährlich|"
    r"annuel(?:le)?s?|par an)\b|/\s?(?:yr|year|ano|año|jahr)\b|\bpor a[nñ]o\b",
    re.IGNORECASE,
)
# A pay run where a year's pay is split in more payments than months: "€4,743 gross on each payslip" (14 a year).
PAYSLIP = re.compile(  # "on each monthly payslip"
    r"\b(?:per|each|every|a)\s+(?:monthly\s+)?(?:payslip|pay ?check|paycheque|instal?ment|pay run)\b", re.IGNORECASE
)
HOURLY = re.compile(r"\b(hourly|per hour|an hour|a hour|por hora|pro stunde)\b|/\s?h(?:ou)?r\b|/h\b", re.IGNORECASE)
_WORKED = r"(?<!days )(?<!day )(?<!hours )(?<!hrs )(?<!\dh )(?<!\dx )(?<!twice )(?<!once )(?<!times )"
WEEKLY = re.compile(  # not "3 days a week", "40h a week", "twice a week": how much one works, not what one is paid for
    rf"{_WORKED}\b(weekly|per week|a week|each week|every week|p/w)\b|(?<!days)(?<!day)(?<!hours)/\s?(?:wk|week)\b",
    re.IGNORECASE,
)
DAILY = re.compile(r"\b(daily rates?|per (?:\d+[- ]hour )?day|a day|day rates?|por d[ií]a)\b|/\s?day\b", re.IGNORECASE)
# In the order `period_of` tries them; a year, its default, last.
PERIOD_PATTERNS = (
    ("hour", HOURLY),
    ("day", DAILY),
    ("week", WEEKLY),
    ("payslip", PAYSLIP),
    ("month", MONTHLY),
    ("year", YEARLY),
)


@dataclass(frozen=True)
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
    mult = (m.group(f"{n}mult") or "").lower() or None
    num = number_value(m.group(f"{n}num"), grouped=not mult)
    code = m.group(f"{n}code")
    return cur, num, mult, bool(m.group(f"{n}plus")), code


def number_value(text: str, grouped: bool = True) -> float:
    """A number as written: "38 000", "128'000", and "22.000" where a dot groups thousands (most of the world)."""
    if COMMA_CENTS.fullmatch(text):  # "5.611,41"
        return float(re.sub(r"[.\s]", "", text).replace(",", "."))
    if grouped and DOT_THOUSANDS.fullmatch(text):
        text = text.replace(".", "")
    return float(re.sub(r"[,\s'’]", "", text))


NUMBER_K = re.compile(rf"(?P<num>{_NUMBER})(?:\s?(?P<k>[kK])\b)?")


def _currency(symbol: str | None, code: str | None, mult: str | None, prefer: Iterable[str]) -> str | None:
    if code:
        return currency_code(code, prefer)
    if symbol:
        return currency_code(symbol, prefer)
    return IMPLIED_CURRENCY.get(mult or "")


@lru_cache(maxsize=16_384)
def money_in(text: str) -> tuple[Money, ...]:
    """`find_money`, kept: the same sentences are read by many questions."""
    return tuple(find_money(text))


# East Asian amounts count in myriads: "850万円" is 8.5 million yen, "1억 500만원" 105 million won. No money library
# parses them (babel formats, it does not read), so the units are written here.
_MYRIAD_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
MYRIAD = re.compile(
    rf"(?:(?P<hundred_million>{_MYRIAD_NUMBER})\s?[億억亿])?\s?(?:(?P<ten_thousand>{_MYRIAD_NUMBER})\s?[万만萬])?"
    r"\s?(?P<unit>円|엔|원|元|人民币|yen|won|yuan)",
    re.IGNORECASE,
)
MYRIAD_UNITS = re.compile(r"[万만萬億억亿]")
MYRIAD_CURRENCY = {
    "円": "JPY",
    "엔": "JPY",
    "yen": "JPY",
    "원": "KRW",
    "won": "KRW",
    "元": "CNY",
    "人民币": "CNY",
    "yuan": "CNY",
}


def myriad_money(text: str) -> list[Money]:
    """Amounts written in East Asian myriads (万 10,000; 億/억 100,000,000) before a yen, won or yuan unit."""
    found = []
    for m in MYRIAD.finditer(text):
        big, small = m.group("hundred_million"), m.group("ten_thousand")
        if not big and not small:
            continue
        value = float((big or "0").replace(",", "")) * 1e8 + float((small or "0").replace(",", "")) * 1e4
        start = m.start() + len(m.group()) - len(m.group().lstrip())
        currency = MYRIAD_CURRENCY[m.group("unit").lower()]
        found.append(
            Money(
                text=text[start : m.end()],
                currency=currency,
                low=value,
                high=value,
                start=start,
                end=m.end(),
                scale=1e4,
            )
        )
    return found


def find_money(text: str, bare: str = "", local: tuple[str, ...] = ()) -> list[Money]:
    """Every money expression in a text; bare numbers (649 data points, 42%) are not money.

    `bare`: the currency of an article that writes all its figures in one, for amounts it writes in thousands
    with no currency ("148k package, so roughly 132k base" in an AUD thread), and for a currency name several
    share. `local`: the currencies of the places the article names, for such a name too.
    """
    prefer = (bare, *local) if bare else local
    myriads = myriad_money(text) if MYRIAD_UNITS.search(text) else []
    found: list[Money] = []
    for m in money_pattern().finditer(text):
        if any(x.start < m.end() and m.start() < x.end for x in myriads):
            continue
        if RETIREMENT_PLAN.fullmatch(m.group().strip()):
            continue  # "401k match of 6%": a retirement plan, not $401,000
        if PERCENT_AFTER.match(text, m.end()):
            continue  # "the TOP 10% of offers": a share, whatever code its word spells (TOP is Tonga's paʻanga)
        a_cur, a_num, a_mult, a_plus, a_code = _amount(m, "a")
        has_b = m.group("bnum") is not None
        b_cur, b_num, b_mult, b_plus, b_code = _amount(m, "b") if has_b else (None, 0.0, None, False, None)
        currency = _currency(a_cur or b_cur, a_code or b_code, a_mult or b_mult, prefer)
        if currency is None and bare and (a_mult or b_mult) == "k":
            currency = bare
        if currency is None or currency != "INR" and {a_mult, b_mult} & RUPEE_ONLY:
            continue
        if has_b and b_cur is None and a_cur is None and not (a_mult or b_mult):
            if not b_code or BARE_YEAR.fullmatch(m.group("anum")):
                continue  # "345,000 – 420,000 PLN" is a range in złoty; "2024–2026" no money
        if has_b and CHANGE_FROM.search(text[max(0, m.start() - CHANGE_REACH) : m.start()]):
            b_start = m.start("bcur") if m.group("bcur") else m.start("bnum")  # "rose from €45,200 to €48,500": two
            for lo, hi in ((m.start(), b_start), (b_start, m.end())):
                found += [replace(x, start=x.start + lo, end=x.end + lo) for x in find_money(text[lo:hi], bare, local)]
            continue
        if has_b and b_cur and not (a_cur or a_code or a_mult) and BARE_YEAR.fullmatch(m.group("anum")):
            start = m.start("bcur")  # "from $100,000 in 2024 to $120,000": a year, then a figure
            found += [replace(x, start=x.start + start, end=x.end + start) for x in find_money(text[start : m.end()])]
            continue
        borrowed = b_mult if has_b and not GROUPED.search(m.group("anum")) else None  # "30–45k"; not "850,000 – 1.2m"
        a_scale = MULTIPLIERS.get(a_mult or borrowed or "", 1.0)
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
    return _join_between(text, sorted(found + myriads, key=lambda x: x.start))


@lru_cache(maxsize=256)
def writes_dollar_sign(code: str) -> bool:
    """Whether a currency's own country writes it with a bare "$" (ARS, MXN, CAD, ...), from babel's locale data.

    Only the territories using the currency are read: loading every locale costs most of a second.
    """
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global
    from babel.numbers import get_currency_symbol, get_territory_currencies

    if code == "USD":
        return False
    for territory in get_global("territory_currencies"):
        if code not in get_territory_currencies(territory):
            continue
        try:
            locale = Locale.parse(f"und_{territory}")
        except (UnknownLocaleError, ValueError):
            continue
        if get_currency_symbol(code, locale=locale) == "$":
            return True
    return False


def local_dollar(money: Money, context: str) -> Money:
    """A bare "$" figure under a line declaring a currency its home writes "$".

    "Argentina (ARS) › Junior: $ 1.850.000" is in pesos.
    """
    if money.currency != "USD" or not money.text.startswith("$"):
        return money
    declared = [c for c in re.findall(r"\b[A-Z]{3}\b", context) if writes_dollar_sign(c)]
    return replace(money, currency=declared[0]) if len(set(declared)) == 1 else money


def main_currency(text: str, local: tuple[str, ...] = ()) -> str:
    """The one currency a text writes its figures in, or "".

    The one it declares ("All figures AUD unless you say otherwise"), else that of nearly all its figures.
    """
    for m in DECLARED.finditer(text):
        what = m.group("what")
        words = [w for w in what.split() if w.isupper() or w.lower() not in EVERYDAY_WORDS]
        if not words:
            continue
        spans = [" ".join(what.split()[:n]) for n in range(len(what.split()), 1, -1)]
        whole = next((c for c in map(currency_code, spans) if c), None)  # "New Zealand dollars", "Singapore dollars"
        code = whole or next((c for c in (currency_code(w, local) for w in words) if c), None)
        if code:
            return code
    counts = Counter(m.currency for m in find_money(text, local=local))
    if not counts:
        return ""
    code, n = counts.most_common(1)[0]
    return code if n >= 2 and n / sum(counts.values()) >= ONE_CURRENCY_SHARE else ""


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
            and BETWEEN.search(text[max(0, prev.start - 30) : prev.start])
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
            out.append(
                _bare_end(text, money) if BETWEEN.search(text[max(0, money.start - 30) : money.start]) else money
            )
    return out


def _bare_end(text: str, money: Money) -> Money:
    """`between CAD 135,000 and 165,000`: the range's end written bare takes its start's currency."""
    m = BARE_END.match(text, money.end)
    if money.high != money.low or not m:
        return money
    end = find_money(f"{money.currency} {m.group(1)}")
    if len(end) != 1 or end[0].low < money.low:
        return money
    return replace(money, text=text[money.start : m.end()].strip(), high=end[0].high, end=m.end())


def period_of(text: str) -> str:
    """Pay period stated near a figure: hour, day, month or year (articles default to annual figures)."""
    return next((period for period, pattern in PERIOD_PATTERNS[:-1] if pattern.search(text)), "year")


def states_period(text: str) -> bool:
    """Whether a text names any pay period."""
    return bool(periods_named(text))


def periods_named(text: str) -> set[str]:
    """The pay periods a text names: "per month or per year" names two."""
    return {period for period, pattern in PERIOD_PATTERNS if pattern.search(text)}
