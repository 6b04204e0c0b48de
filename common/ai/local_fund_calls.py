"""The calls for funds of voted works, as a resolution schedules them.

Minutes write the schedule after the words that introduce it ("appels de fonds",
"exigibles", "échéances", "payable"...), in one of these ways, tried in this order:
each due date with its share or amount ("le 1er avril 2024 (50 %) et le 1er juillet
2024 (50 %)", "50 % le 01/06/2024", "01/10/2024 : 12 500 €"); due dates alone, which
share the total equally ("exigibles les 1er avril, 1er juillet et 1er octobre 2024");
or a number of periodic calls from a first date ("en 4 appels trimestriels à compter
du 1er janvier 2025", "en quatre échéances"), dated when the first date is given.
Dates before the meeting are not due dates (a quote's date, the previous meeting).
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from common.ai.french import DateMatch, find_amounts, find_dates, fold, parse_number
from common.ai.local_number_words import NUMBER_WORDS, cardinal
from common.ai.schemas import FundCall

MAX_CALLS = 24
_INTRO = re.compile(
    r"appels? de fonds|exigib|echeance|payable|echelonn|appele|appels?\b"
)
_SHARE_AFTER = re.compile(r"^\s*[:,]?\s*\(?\s*(?P<pct>\d{1,3}(?:,\d+)?)\s*%")
_SHARE_BEFORE = re.compile(r"(?P<pct>\d{1,3}(?:,\d+)?)\s*%[^%\d]{0,22}$")
_PERIODIC = re.compile(
    r"en\s+(?P<count>\d{1,2}|" + NUMBER_WORDS + r")\s*(?:appels?|echeances?|fois"
    r"|versements?)(?:\s+de\s+fonds)?\s*(?P<period>trimestriel|semestriel|mensuel"
    r"|annuel)?"
)
_FIRST_DATE = re.compile(
    r"(?:a compter du|a partir du|des le|premier (?:appel )?le|debut)"
)
PERIOD_MONTHS = {"trimestriel": 3, "semestriel": 6, "mensuel": 1, "annuel": 12}


def fund_calls(text: str, total: float, meeting: date | None) -> list[FundCall]:
    """The calls for funds of a works resolution whose total TTC is ``total``."""
    folded = fold(text)
    intro = _INTRO.search(folded)
    if intro is None or total <= 0:
        return []
    zone, zone_folded = text[intro.start() :], folded[intro.start() :]
    dates = [
        found for found in find_dates(zone) if meeting is None or found.value >= meeting
    ]
    calls = _dated_calls(zone, zone_folded, dates, total)
    if calls:
        return calls[:MAX_CALLS]
    periodic = _PERIODIC.search(zone_folded)
    if periodic:
        return _periodic_calls(periodic, zone_folded, dates, total)
    if dates:
        share = round(total / len(dates), 2)
        return [FundCall(due_date=found.value, amount=share) for found in dates][
            :MAX_CALLS
        ]
    return []


def _dated_calls(
    zone: str, folded: str, dates: list[DateMatch], total: float
) -> list[FundCall]:
    """Due dates that carry their share or amount, before or after them."""
    calls: list[FundCall] = []
    previous_end = 0
    for found in dates:
        after = folded[found.end : found.end + 25]
        before = folded[previous_end : found.start][-30:]
        share = _SHARE_AFTER.match(after) or _SHARE_BEFORE.search(before)
        previous_end = found.end
        if share:
            percent = parse_number(share["pct"]) or 0.0
            calls.append(
                FundCall(due_date=found.value, amount=round(total * percent / 100, 2))
            )
            continue
        amounts = find_amounts(zone[found.end : found.end + 30])
        if amounts and amounts[0].start < 6 and amounts[0].value <= total:
            calls.append(FundCall(due_date=found.value, amount=amounts[0].value))
    return calls


def _periodic_calls(
    periodic: re.Match[str], folded: str, dates: list[DateMatch], total: float
) -> list[FundCall]:
    """``count`` calls of equal shares, dated from the first date when it is given."""
    count = (
        int(periodic["count"])
        if periodic["count"].isdigit()
        else cardinal(periodic["count"])
    )
    if not count or count > MAX_CALLS:
        return []
    months = PERIOD_MONTHS.get(periodic["period"] or "", 0)
    first = _first_date(folded, dates)
    share = round(total / count, 2)
    calls = []
    for index in range(count):
        due = first if index == 0 else None
        if first and months:
            due = _add_months(first, months * index)
        calls.append(FundCall(due_date=due, amount=share))
    return calls


def _first_date(folded: str, dates: list[DateMatch]) -> date | None:
    for found in dates:
        if _FIRST_DATE.search(folded[max(0, found.start - 25) : found.start]):
            return found.value
    return dates[0].value if len(dates) == 1 else None


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
