"""The period of a charges statement and its type.

The period is "du <date> au <date>" (the first date may omit its year: "du 1er janvier
au 31 mars 2024"), else a named quarter, semester or month ("2e trimestre 2024", "T2
2024", "1er semestre 2024", "mois de mars 2024"), else, for a yearly statement only
(décompte, régularisation, budget), its "exercice 2023". Its type comes from its
length, else from the words of the title, then of the body ("mensuel", "échéancier
mensuel", "par mois"...).
"""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

from common.ai.french import MONTH_NAMES, find_dates, month_number, safe_date
from common.ai.local_number_words import ORDINAL_WORDS, ordinal
from common.ai.local_text import DocumentText
from common.ai.schemas import PeriodType

PERIOD_DAYS: tuple[tuple[PeriodType, int, int], ...] = (
    ("monthly", 28, 31), ("quarterly", 89, 92), ("semester", 181, 184),
    ("annual", 365, 366),
)  # fmt: skip
PERIOD_WORDS: tuple[tuple[PeriodType, str], ...] = (
    ("quarterly", r"trimestr"), ("semester", r"semestr"),
    ("monthly", r"mensuel|mensualite|par mois"), ("annual", r"annuel|exercice"),
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
    r"\b(?:exercice|annee|decompte|regularisation|releve general|budget)\b"
    r"[^\n\d]{0,40}?"
    r"(?P<year>(?:19|20)\d{2})\b"
)
_YEARLY_TITLE = re.compile(
    r"decompte|regularisation|exercice|annuel|releve general|budget"
)


def statement_period(text: DocumentText) -> tuple[date | None, date | None]:
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


def period_type_of(
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
