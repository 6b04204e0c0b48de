"""Facts of a charges statement: period, amounts, yearly total, lot and tantièmes.

The period is "du <date> au <date>" (the first date may omit its year: "du 1er janvier
au 31 mars 2024"), else a named quarter, semester or month ("2e trimestre 2024", "T2
2024", "1er semestre 2024", "mois de mars 2024"), else, for a yearly statement only
(décompte, régularisation), its "exercice 2023". Its type comes from its length, else
from the words of the title, then of the body. Amounts are the last one of their line,
as tables put the owner's share after the building's base ("Charges générales 48 500,00
€ 152 184,30 €"). The total of the period is the amount after the most specific label;
"total à payer" counts a previous balance when the statement shows one, so then the
parts are added instead. The yearly total is the period's times the periods in a year.
"""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

from common.ai.french import (
    MONTH_NAMES,
    AmountMatch,
    find_dates,
    find_numbers,
    month_number,
    safe_date,
)
from common.ai.local_narrative_documents import describe_charges
from common.ai.local_number_words import ORDINAL_WORDS, ordinal
from common.ai.local_text import DocumentText
from common.ai.schemas import ChargesAnalysis, PeriodType

PERIOD_LABELS = (
    "total de l'appel", "montant de l'appel", "total appele", "montant appele",
    "total appel", "montant de votre appel", "total de votre appel",
    "total du trimestre", "appel du trimestre", "total de la periode",
    "total de vos charges", "total des charges", "montant des charges",
    "votre quote-part", "total de votre quote-part",
)  # fmt: skip
PAYABLE_LABELS = (
    "total a payer", "net a payer", "montant a regler", "total a regler",
    "montant total", "total ttc", "total",
)  # fmt: skip
ANNUAL_LABELS = (
    "total annuel", "montant annuel", "charges annuelles", "quote-part annuelle",
    "total de l'exercice", "charges de l'exercice",
)  # fmt: skip
ANNUAL_TOLERANCE = 0.25  # a stated yearly total this close to the computed one wins
BALANCE_LABELS = (
    "solde anterieur", "solde precedent", "ancien solde", "report a nouveau",
    "solde au", "solde debiteur", "solde crediteur", "reliquat",
)  # fmt: skip
GENERAL_LABELS = ("charges generales", "charges communes generales", "charges communes")
SPECIAL_LABELS = ("total charges speciales", "total des charges speciales")
FUND_LABELS = (
    "fonds de travaux", "fonds travaux", "fonds alur", "cotisation alur", "loi alur",
)  # fmt: skip
PERIOD_FACTORS: dict[PeriodType, int] = {
    "annual": 1, "semester": 2, "quarterly": 4, "monthly": 12,
}  # fmt: skip
PERIOD_DAYS: tuple[tuple[PeriodType, int, int], ...] = (
    ("monthly", 28, 31), ("quarterly", 89, 92), ("semester", 181, 184),
    ("annual", 365, 366),
)  # fmt: skip
PERIOD_WORDS: tuple[tuple[PeriodType, str], ...] = (
    ("quarterly", r"trimestr"), ("semester", r"semestr"),
    ("monthly", r"mensuel|mensualite"), ("annual", r"annuel|exercice"),
)  # fmt: skip
_RANGE = re.compile(
    r"\bdu\s+(?P<day>\d{1,2}|[li])(?:er)?\s+(?P<month>" + MONTH_NAMES + r")\s+au\s+"
)
_QUARTER = re.compile(
    r"(?:\b(?P<n>[1-4])\s*(?:er|e|eme|nd)?|(?P<word>" + ORDINAL_WORDS + r"))\s+"
    r"trimestre\s+(?:de\s+l'annee\s+|de\s+)?(?P<year>(?:19|20)\d{2})"
    r"|\b(?:t|trimestre\s*)(?P<t>[1-4])[\s/-]*(?P<tyear>(?:19|20)\d{2})\b"
)
_SEMESTER = re.compile(
    r"\b(?:(?P<n>[12])\s*(?:er|e|eme|nd)?|(?P<word>premier|second|deuxieme))\s+"
    r"semestre\s+(?:de\s+)?(?P<year>(?:19|20)\d{2})"
)
_MONTH = re.compile(
    r"\bmois\s+(?:de\s+|d')?(?P<month>" + MONTH_NAMES + r")\s+(?P<year>\d{4})"
)
_EXERCISE = re.compile(
    r"\b(?:exercice|annee|decompte|regularisation|releve general)\b[^\n\d]{0,40}?"
    r"(?P<year>(?:19|20)\d{2})\b"
)
_YEARLY_TITLE = re.compile(r"decompte|regularisation|exercice|annuel|releve general")
_LOT = re.compile(r"\blots?\s*(?:n\s*[°o.]?\s*|numero\s*)?(?P<lot>\d{1,5})\b")
_SHARE_WORDS = r"tantiemes?|milliemes?|dix-milliemes?|quotes?-parts?"
_WHOLE = r"(?P<whole>\d{1,3}(?:[ .]\d{3})|\d{3,6})"
# "152 / 10 000 tantièmes", "Tantièmes : 152/10000", "152 tantièmes sur 10 000"
_TANTIEMES = (
    re.compile(
        r"(?P<part>\d{1,6})\s*/\s*"
        + _WHOLE
        + r"\s*(?:e|es|emes?|"
        + _SHARE_WORDS
        + r")\b"
    ),
    re.compile(
        r"(?:"
        + _SHARE_WORDS
        + r")[^\d\n]{0,25}(?P<part>\d{1,6})\s*/\s*"
        + _WHOLE
        + r"\b"
    ),
    re.compile(
        r"(?P<part>\d{1,6})\s*(?:" + _SHARE_WORDS + r")\s*(?:sur|/)\s*" + _WHOLE + r"\b"
    ),
)


def extract_charges(text: DocumentText, language: str) -> ChargesAnalysis:
    """Period, amounts, yearly total, lot and tantièmes of a charges statement."""
    start, end = _period(text)
    period_type = _period_type(text, start, end)
    total = _period_total(text)
    general = _within(
        text.labelled_amount(GENERAL_LABELS, last=True, next_line=False), total
    )
    fund = _within(text.labelled_amount(FUND_LABELS, last=True, next_line=False), total)
    special = _special(text)
    if total is None and general is not None:
        parts = [value for value in (general, special, fund) if value is not None]
        total = round(sum(parts), 2)
    factor = PERIOD_FACTORS.get(period_type)
    annual = _annual(text, total, factor)
    tantiemes = _tantiemes(text)
    lot = text.search(_LOT)
    facts = ChargesAnalysis(
        period_start=start,
        period_end=end,
        period_type=period_type,
        charges_generales=general,
        charges_speciales=special,
        fonds_travaux_alur=fund,
        total_for_period=total,
        annualized_total=annual,
        lot_number=lot["lot"] if lot else None,
        tantiemes_lot=tantiemes[0] if tantiemes else None,
        tantiemes_total=tantiemes[1] if tantiemes else None,
    )
    return describe_charges(facts, language)


def _annual(
    text: DocumentText, total: float | None, factor: int | None
) -> float | None:
    """The period's total times the periods of a year, or the yearly total stated."""
    computed = round(total * factor, 2) if total is not None and factor else None
    stated = text.labelled_amount(ANNUAL_LABELS, next_line=False, last=True)
    if stated is None:
        return computed
    if computed is None or abs(stated.value - computed) <= ANNUAL_TOLERANCE * computed:
        return stated.value
    return computed


def _within(found: AmountMatch | None, total: float | None) -> float | None:
    """A part of the period's total: when larger, a table column was read into it."""
    if found is None:
        return None
    if total is not None and found.value > total:
        column = found.last_group()
        return column if column is not None and column <= total else None
    return found.value


def _period_total(text: DocumentText) -> float | None:
    """The amount of the period: a payable total counts a previous balance."""
    found = text.labelled_amount(PERIOD_LABELS, last=True)
    if found is not None:
        return found.value
    payable = text.labelled_amount(PAYABLE_LABELS, last=True)
    balance = text.labelled_amount(BALANCE_LABELS, next_line=False, last=True)
    if payable is None or (balance is not None and balance.value > 0):
        return None  # the parts are added instead
    return payable.value


def _special(text: DocumentText) -> float | None:
    """The special charges: their total line, else the sum of their lines."""
    total = text.labelled_amount(SPECIAL_LABELS, next_line=False, last=True)
    if total is not None:
        return total.value
    values = [
        found.value
        for _, end in text.labelled(("charges speciales",))
        for found in [text.amount_after(end)]
        if found is not None
    ]
    return round(sum(values), 2) if values else None


def _period(text: DocumentText) -> tuple[date | None, date | None]:
    """The period of a statement (see the module docstring), or (None, None)."""
    dates = find_dates(text.text)
    for first, second in itertools.pairwise(dates):
        between = text.folded[first.end : second.start].strip()
        days = (second.value - first.value).days
        if between in ("au", "a", "-") and 27 <= days <= 370:
            return first.value, second.value
    for match in text.finditer(_RANGE):
        after = [found for found in dates if found.start == match.end()]
        month = month_number(match["month"])
        day = int(match["day"]) if match["day"].isdigit() else 1
        if after and month:
            start = safe_date(after[0].value.year, month, day)
            if start and start < after[0].value:
                return start, after[0].value
    return _named_period(text)


def _named_period(text: DocumentText) -> tuple[date | None, date | None]:
    quarter = text.search(_QUARTER)
    if quarter:
        rank = (
            int(quarter["n"] or quarter["t"] or 0)
            or ordinal(quarter["word"] or "")
            or 0
        )
        year = int(quarter["year"] or quarter["tyear"])
        if 1 <= rank <= 4:
            return _months(year, 3 * rank - 2, 3)
    semester = text.search(_SEMESTER)
    if semester:
        rank = (
            2
            if (semester["n"] == "2" or semester["word"] in ("second", "deuxieme"))
            else 1
        )
        return _months(int(semester["year"]), 6 * rank - 5, 6)
    month = text.search(_MONTH)
    number = month_number(month["month"]) if month else None
    if month and number:
        return _months(int(month["year"]), number, 1)
    exercise = text.search(_EXERCISE)
    if exercise and _YEARLY_TITLE.search(text.title):
        return _months(int(exercise["year"]), 1, 12)
    return None, None


def _months(year: int, first_month: int, count: int) -> tuple[date, date]:
    start = date(year, first_month, 1)
    following = first_month + count
    end = date(year + (following - 1) // 12, (following - 1) % 12 + 1, 1)
    return start, end - timedelta(days=1)


def _period_type(
    text: DocumentText, start: date | None, end: date | None
) -> PeriodType:
    """From the length of the period when known, else from the words used."""
    if start and end:
        days = (end - start).days + 1
        for period_type, low, high in PERIOD_DAYS:
            if low <= days <= high:
                return period_type
    for zone in (text.title, text.folded):
        for period_type, words in PERIOD_WORDS:
            if re.search(words, zone):
                return period_type
    return "other"


def _tantiemes(text: DocumentText) -> tuple[int, int] | None:
    """(lot share, total) as "152 / 10 000 tantièmes" or "152/1000èmes" writes it."""
    for pattern in _TANTIEMES:
        for match in text.finditer(pattern):
            numbers = find_numbers(match["part"]) + find_numbers(match["whole"])
            if len(numbers) == 2 and 0 < numbers[0] < numbers[1]:
                return int(numbers[0]), int(numbers[1])
    return None
