"""Reading French figures in document text: amounts, dates, keywords.

Amounts come in many written forms: ``1 234,56 €``, ``1.234,56 €``, ``1 234 €``,
``12 k€``, ``1,2 M€``, ``1,5 million d'euros``, ``12 000 euros``, ``EUR 350``, with
``HT``/``TTC`` (or ``hors taxes``) after them or before them (``Total TTC : 1 200 €``);
a number followed by ``HT``/``TTC`` alone is money too (OCR: ``TIC``). The thousands
separator may be a space, a no-break space (U+00A0, U+202F) or a dot, and the decimal
separator is a comma (a dot followed by one or two digits is read as decimal too).
OCR reads "€" as "E" or "C": such a unit is accepted after a number with cents only,
where it cannot be a class letter or a staircase. Dates are ``12 mars 2024``, ``1er
mars 2024`` (OCR: ``ler mars``, ``l er mars``), ``12/03/2024``, ``12-03-2024``,
``12.03.24``, ``12 / 03 / 2024`` and ISO ``2024-03-12``. Words are matched on "folded"
text: lower case, accents removed.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal

TaxBasis = Literal["HT", "TTC"]
DEFAULT_WORKS_VAT_RATE = 0.10  # travaux d'amélioration/entretien of dwellings

_SPACES = "\u00a0\u202f\u2009\t "
_NUMBER = (
    r"\d{1,3}(?:,\d{3})+\.\d{1,2}"  # English grouping, from an English document
    r"|\d{1,3}(?:[ \u00a0\u202f\u2009.]\d{3})+(?:[,.]\d{1,2})?"  # grouped thousands
    r"|\d+(?:[.,]\d{1,2})?"
)
_BASIS_WORDS = (
    r"(?i:HT|TTC|TIC|H\.T\.?|T\.T\.C\.?|hors\s+taxes?|toutes\s+taxes\s+comprises)"
    r"(?![A-Za-z])"
)
_AMOUNT = re.compile(
    r"(?<![\w.,])(?:(?:EUR|€)\s?(?P<pre>" + _NUMBER + r")(?![\d,])"
    r"|(?P<num>" + _NUMBER + r")\s?(?:(?P<unit>[kKM]\s?€|€|EUR\b|(?i:k?euros?)\b"
    r"|(?i:millions?\s+d'euros))|(?P<ocr>[EC])(?![\w€])|(?=" + _BASIS_WORDS + r")))"
    r"(?:\s*\(?\s*(?P<basis>" + _BASIS_WORDS + r")\)?)?"
)
_BASIS_BEFORE = re.compile(
    r"\b(?P<basis>HT|TTC|H\.T\.?|T\.T\.C\.?)\s*(?:\(?€\)?)?\s*:?\s*$", re.IGNORECASE
)
_CENTS = re.compile(r"[,.]\d\d$")
_BARE_NUMBER = re.compile(r"(?<![\w.,])(?P<num>" + _NUMBER + r")(?![\d,]|\.\d)")

_MONTHS = {
    "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3,
    "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8,
    "septembre": 9, "sept": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12,
}  # fmt: skip
MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_WORDS = re.compile(
    r"(?<!\w)(?:(?P<day>\d{1,2})\s?(?:er)?|(?P<first>[li])\s?er)\s+(?P<month>"
    + MONTH_NAMES
    + r")\.?\s+(?P<year>\d{4})\b"
)
_DATE_NUMERIC = re.compile(
    r"(?<![\d/.-])(?P<day>\d{1,2})\s?(?P<sep>[/.-])\s?(?P<month>\d{1,2})\s?(?P=sep)"
    r"\s?(?P<year>\d{4}|\d{2})(?![\d/-]|[.,]\d)"
)
_DATE_ISO = re.compile(r"(?<![\d/.-])(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)\b")


@dataclass(frozen=True)
class AmountMatch:
    """An amount found in text: its value in euros, its HT/TTC basis and position."""

    value: float
    basis: TaxBasis | None
    start: int
    end: int
    number: str = ""  # the digits as written

    def last_group(self) -> float | None:
        """The value of the last space-separated group ("152 184,30": 184.3).

        A table's columns may put a number right before an amount ("152 184,30 €",
        tantièmes then euros); a caller that knows the amount is too large for its
        place reads the last group instead.
        """
        groups = self.number.split()
        return parse_number(groups[-1]) if len(groups) > 1 else None


@dataclass(frozen=True)
class DateMatch:
    """A date found in text, with its position."""

    value: date
    start: int
    end: int


# Typographic variants written by word processors, read as their plain forms.
_SAME_AS = dict.fromkeys("\u2019\u2018\u02bc\u00b4`", "'")
_SAME_AS |= dict.fromkeys("\u2010\u2011\u2013\u2014\u2212", "-")
_SAME_AS |= dict.fromkeys("\u00a0\u202f\u2009", " ")
_SAME_AS |= {"\u00b2": "2", "\u2082": "2", "\u00ba": "°"}


class _FoldTable(dict[int, str]):
    """``str.translate`` table filled on demand: each character to its folded base."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        base = _SAME_AS.get(char) or unicodedata.normalize("NFD", char)[0].lower()[:1]
        self[code] = base or char
        return self[code]


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower case without accents, one character for one (positions are kept)."""
    return text.translate(_FOLD)


def collapse_spaces(text: str) -> str:
    """Every run of whitespace (newlines included) as one space."""
    return " ".join(text.split())


def parse_number(text: str) -> float | None:
    """A French-written number (``1 234,56``, ``1.234``, ``12,5``) or None."""
    raw = text.strip().translate({ord(char): None for char in _SPACES})
    if not raw or not re.fullmatch(r"[\d.,]+", raw) or not raw[0].isdigit():
        return None
    if "," in raw and "." in raw and raw.rindex(".") > raw.rindex(","):
        raw = raw.replace(",", "")  # 1,234.56: an English-written amount
    if "," in raw:
        integer, _, decimals = raw.rpartition(",")
        if "," in integer or not decimals.isdigit():
            return None
        integer = integer.replace(".", "")
        return float(f"{integer}.{decimals}") if integer.isdigit() else None
    if "." in raw:
        groups = raw.split(".")
        if all(len(group) == 3 for group in groups[1:]):
            return float("".join(groups))  # dots as thousands separators
        if len(groups) == 2 and len(groups[1]) <= 2:
            return float(raw)
        return None
    return float(raw)


def parse_amount(text: str) -> float | None:
    """The first amount with a currency in ``text`` (``12 k€`` is 12000), or None."""
    found = find_amounts(text)
    return found[0].value if found else None


def find_amounts(text: str) -> list[AmountMatch]:
    """Every amount with a currency (``€``, ``euros``, ``EUR``, ``k€``) in ``text``."""
    matches: list[AmountMatch] = []
    for match in _AMOUNT.finditer(text):
        number = match["num"] or match["pre"]
        value = parse_number(number)
        if value is None or (match["ocr"] and not _CENTS.search(number)):
            continue
        unit = fold(match["unit"] or "").replace(" ", "")
        if unit[:1] == "k":
            value *= 1_000
        elif unit[:1] == "m":
            value *= 1_000_000
        basis = _basis(match["basis"]) or _basis_before(text, match.start())
        matches.append(
            AmountMatch(round(value, 2), basis, match.start(), match.end(), number)
        )
    return matches


def _basis(written: str | None) -> TaxBasis | None:
    folded = fold(written or "").replace(".", "").strip()
    if folded in ("ht", "hors taxe", "hors taxes") or folded.startswith("hors"):
        return "HT"
    return "TTC" if folded else None


def _basis_before(text: str, start: int) -> TaxBasis | None:
    """The basis a label states just before an amount (``Total TTC : 1 200 €``)."""
    found = _BASIS_BEFORE.search(text[max(0, start - 18) : start])
    return _basis(found["basis"]) if found else None


def find_numbers(text: str) -> list[float]:
    """Every French-written number in ``text`` (grouped thousands read as one)."""
    values = (parse_number(match["num"]) for match in _BARE_NUMBER.finditer(text))
    return [value for value in values if value is not None]


def to_ttc(amount: AmountMatch, vat_rate: float = DEFAULT_WORKS_VAT_RATE) -> float:
    """The amount including VAT: an HT amount is multiplied by 1 + ``vat_rate``."""
    if amount.basis == "HT":
        return round(amount.value * (1 + vat_rate), 2)
    return amount.value


def parse_date(text: str) -> date | None:
    """The first valid French date in ``text`` (words or digits), or None."""
    found = find_dates(text)
    return found[0].value if found else None


def find_dates(text: str) -> list[DateMatch]:
    """Every valid date in ``text``, in order of position."""
    folded = fold(text)
    found: list[DateMatch] = []
    for match in _DATE_WORDS.finditer(folded):
        day_number = int(match["day"]) if match["day"] else 1
        month = _MONTHS[match["month"]]
        day = _safe_date(int(match["year"]), month, day_number)
        if day is not None:
            found.append(DateMatch(day, match.start(), match.end()))
    for match in _DATE_NUMERIC.finditer(folded):
        year = int(match["year"])
        year = year + 2000 if year < 100 and year <= 69 else year
        year = year + 1900 if year < 100 else year
        day = _safe_date(year, int(match["month"]), int(match["day"]))
        if day is not None:
            found.append(DateMatch(day, match.start(), match.end()))
    for match in _DATE_ISO.finditer(folded):
        day = _safe_date(int(match["year"]), int(match["month"]), int(match["day"]))
        if day is not None:
            found.append(DateMatch(day, match.start(), match.end()))
    return sorted(found, key=lambda item: item.start)


def month_number(folded_name: str) -> int | None:
    """The month (1-12) of a folded French month name or abbreviation."""
    return _MONTHS.get(folded_name.rstrip("."))


def safe_date(year: int, month: int, day: int) -> date | None:
    """The date, or None when it does not exist or is out of 1900-2100."""
    return _safe_date(year, month, day)


def _safe_date(year: int, month: int, day: int) -> date | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def count_terms(folded_text: str, terms: tuple[str, ...]) -> int:
    """Occurrences of any of ``terms`` (folded) as whole words, plurals included."""
    return sum(len(term_pattern(term).findall(folded_text)) for term in terms)


@functools.cache
def term_pattern(term: str) -> re.Pattern[str]:
    """``term`` as whole words (plurals allowed on each), spaces flexible."""
    return re.compile(term_regex(term))


def term_regex(term: str) -> str:
    """The regex source of ``term``: words joined by spaces or hyphens, plurals."""
    return r"(?<!\w)" + term_body(term) + r"(?!\w)"


def terms_regex(terms: tuple[str, ...], *, named: bool = False) -> str:
    """One regex source for all ``terms`` (named groups t0, t1... if ``named``).

    The word boundaries are checked once for all the terms: inside a word, the
    alternatives are not even tried, which keeps a scan of a long text fast.
    """
    bodies = (
        f"(?P<t{index}>{term_body(term)})" if named else term_body(term)
        for index, term in enumerate(terms)
    )
    return r"(?<!\w)(?:" + "|".join(bodies) + r")(?!\w)"


def term_body(term: str) -> str:
    """``term`` without word boundaries: words joined by spaces or hyphens, plurals."""
    words = (
        r"(?:-\s*|\s+)".join(re.escape(part) for part in word.split("-"))
        + _plural(word)
        for word in term.split()
    )
    return r"[\s-]+".join(words)


def _plural(word: str) -> str:
    return "[sx]?" if word.endswith(("au", "eu")) else "s?"
