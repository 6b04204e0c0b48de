"""Facts of a charges statement: period, amounts, yearly total, lot and tantièmes.

The period comes from ``local_periods``. Amounts are read line by line
(``local_charge_lines``: each label with the owner's share, the last amount of its
line, and what the line is), once the columns OCR flattened are put back beside their
labels (``local_columns``). The total of the period is the amount after the most
specific label. It must be recurring: when the statement also calls works or shows a
previous balance or arrears, its totals count them, so the recurring lines are added
instead ("Provisions charges générales", "Charges spéciales ascenseur", "Fonds de
travaux ALUR"). The yearly total is the period's times the periods in a year, with the
contribution to the fonds de travaux when a total of the expenses leaves it out; a
yearly total or part is read only when nothing can be computed.
"""

from __future__ import annotations

import re

from common.ai.french import find_numbers
from common.ai.local_charge_lines import StatementLine, row_kind, statement_lines
from common.ai.local_columns import rejoin_columns
from common.ai.local_narrative_documents import describe_charges
from common.ai.local_periods import period_type_of, statement_period
from common.ai.local_text import DocumentText, any_of, ranked_labels
from common.ai.schemas import ChargesAnalysis, PeriodType

# The total of the period, most specific first; a partial quote-part comes last.
PERIOD_LABELS = (
    "total de l'appel", "montant de l'appel", "total appele", "montant appele",
    "total appel", "montant de votre appel", "total de votre appel",
    "total du trimestre", "appel du trimestre", "total de la periode",
    "total echeance", "total de l'echeance", "montant de l'echeance",
    "montant echeance", "total du mois", "total mensuel", "total annuel",
    "total de l'exercice", "total de vos charges", "total des charges",
    "total de votre quote-part", "montant des charges", "votre quote-part",
)  # fmt: skip
PAYABLE_LABELS = (
    "total a payer", "net a payer", "montant a regler", "total a regler",
    "montant total", "total ttc", "total",
)  # fmt: skip
# When the period's total cannot be annualised: a yearly total, else a yearly part.
ANNUAL_TOTAL_LABELS = ("total annuel", "total de l'exercice", "total general annuel")
ANNUAL_PART_LABELS = (
    "montant annuel", "charges annuelles", "quote-part annuelle",
    "charges de l'exercice",
)  # fmt: skip
GENERAL_LABELS = (
    "charges generales", "charges communes generales", "charges communes",
    "charges courantes",
)  # fmt: skip
SPECIAL_LABELS = ("total charges speciales", "total des charges speciales")
MAX_FUND_SHARE = 0.5  # of the charges: more is the fund's balance, not a contribution
_FUND_BALANCE = re.compile(r"solde|disponible|\bau \d|montant du fonds|placement")
FUND_LABELS = (
    "fonds de travaux", "fonds travaux", "fonds alur", "cotisation alur", "loi alur",
    "fds trav",
)  # fmt: skip
PERIOD_FACTORS: dict[PeriodType, int] = {
    "annual": 1, "semester": 2, "quarterly": 4, "monthly": 12,
}  # fmt: skip
# "Lot n° 23", "Lots : 12", "N° de lot : 12"; "lot : 245 / 10 000" is a share.
_LOT = re.compile(
    r"\blots?(?:\s+principal)?\s*(?:n\s*[°o.]?\s*|numero\s*)?:?\s*(?P<lot>\d{1,5})\b"
    r"(?!\s*/)|\b(?:n\s*[°o.]?|numero)\s*(?:de|du)\s+lot\s*:?\s*(?P<numbered>\d{1,5})\b"
)
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
    # "Tantièmes : 152 sur 10 000", "Vos tantièmes : 245 - Total des tantièmes : 10 000"
    re.compile(
        r"(?:"
        + _SHARE_WORDS
        + r")[^\d\n]{0,25}(?P<part>\d{1,6})\s*"
        + r"(?:sur\s*|[^\d\n]{0,12}total[^\d\n]{0,25})"
        + _WHOLE
        + r"\b"
    ),
    # a bare fraction over a usual total, in a column headed "Tantièmes"
    re.compile(
        r"(?<![\d/])(?P<part>\d{1,5})\s*/\s*(?P<whole>10{2,5}|10{0,2}[ .]000)\b"
    ),
)


def extract_charges(text: DocumentText, language: str) -> ChargesAnalysis:
    """Period, amounts, yearly total, lot and tantièmes of a charges statement."""
    text = DocumentText.from_lines(rejoin_columns(text.lines, row_kind))
    start, end = statement_period(text)
    period_type = period_type_of(text, start, end)
    lines = statement_lines(text)
    total = _period_total(lines)
    general = _share(lines, GENERAL_LABELS, total)
    fund = _share(lines, FUND_LABELS, total)
    special = _special(lines, total)
    factor = PERIOD_FACTORS.get(period_type)
    annual = _annual(lines, total, factor)
    if annual is not None and total is not None and factor:
        annual = round(annual + _fund_left_out(lines, total) * factor, 2)
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
        lot_number=(lot["lot"] or lot["numbered"]) if lot else None,
        tantiemes_lot=tantiemes[0] if tantiemes else None,
        tantiemes_total=tantiemes[1] if tantiemes else None,
    )
    return describe_charges(facts, language)


def _annual(
    lines: list[StatementLine], total: float | None, factor: int | None
) -> float | None:
    """The period's recurring total times the periods of a year, else the yearly
    total the statement states (a yearly part only when it states no total)."""
    if total is not None and factor:
        return round(total * factor, 2)
    stated = _labelled(lines, ANNUAL_TOTAL_LABELS) or _labelled(
        lines, ANNUAL_PART_LABELS
    )
    return stated.value if stated else None


def _fund_left_out(lines: list[StatementLine], total: float) -> float:
    """The fonds de travaux a stated total of the charges leaves out, else 0.

    A décompte totals the expenses and lists the contribution to the fonds de
    travaux apart ("Total de vos charges 2 850 €", then "Fonds de travaux 142,50
    €"), and a yearly budget may state the quote-part of the budget alone. The
    contribution is recurring: it is part of a year's cost all the same. It is left
    out when it comes after the total, or when the parts before the total make it
    without it.
    """
    totals = (_labelled(lines, PERIOD_LABELS), _labelled(lines, PAYABLE_LABELS))
    stated = next((line for line in totals if line and line.value == total), None)
    funds = [
        line
        for line in _all_labelled(lines, FUND_LABELS)
        if line.kind == "recurring" and not _FUND_BALANCE.search(line.label)
    ]
    fund = funds[0] if funds else None
    if stated is None or fund is None:
        return 0.0
    share = fund.within(total * MAX_FUND_SHARE)
    if share is None:
        return 0.0
    if lines.index(fund) > lines.index(stated):
        return share
    parts = sum(
        line.value
        for line in lines[: lines.index(stated)]
        if line.kind == "recurring" and line is not fund
    )
    return share if abs(parts - total) <= 0.005 * total else 0.0


def _period_total(lines: list[StatementLine]) -> float | None:
    """The recurring amount of the period: never a works call nor a previous balance.

    A stated total counts the works called with the charges, and a payable total the
    previous balance too: then the recurring lines are added instead (or, when none
    is legible, the one-off lines are taken off the payable total).
    """
    works = [line for line in lines if line.kind == "works"]
    balances = [line for line in lines if line.kind == "balance" and line.value > 0]
    stated = _labelled(lines, PERIOD_LABELS)
    payable = _labelled(lines, PAYABLE_LABELS)
    if stated is not None and not works:
        return stated.value
    if not works and not balances:
        return payable.value if payable else _recurring_sum(lines, None)
    bound = max((line.value for line in lines if line.kind == "total"), default=None)
    recurring = _recurring_sum(lines, bound)
    if recurring is not None:
        return recurring
    if payable is not None:
        left = payable.value - sum(line.value for line in [*works, *balances])
    elif stated is not None:  # a call's total counts its works, not the balance
        left = stated.value - sum(line.value for line in works)
    else:
        return None
    return round(left, 2) if left > 0 else None


def _recurring_sum(lines: list[StatementLine], bound: float | None) -> float | None:
    """The sum of the recurring parts (budget provisions, special charges, fund)."""
    shares = [line.within(bound) for line in lines if line.kind == "recurring"]
    known = [share for share in shares if share is not None]
    return round(sum(known), 2) if known else None


def _labelled(
    lines: list[StatementLine], labels: tuple[str, ...]
) -> StatementLine | None:
    """The line whose label holds the best of ``labels`` (the first of equals)."""
    found = _all_labelled(lines, labels)
    return found[0] if found else None


def _all_labelled(
    lines: list[StatementLine], labels: tuple[str, ...]
) -> list[StatementLine]:
    """The lines whose label holds one of ``labels``, the best label first."""
    pattern, ranks = any_of(labels, named=True), ranked_labels(labels)
    ranked: list[tuple[int, int, StatementLine]] = []
    for index, line in enumerate(lines):
        match = pattern.search(line.label)
        if match:
            ranked.append((ranks[match.lastgroup or ""], index, line))
    return [line for _, _, line in sorted(ranked, key=lambda item: item[:2])]


def _share(
    lines: list[StatementLine], labels: tuple[str, ...], total: float | None
) -> float | None:
    """A recurring part of the period's total: the owner's share, never the building's
    base nor a works call ("Appel de fonds travaux" is no fonds de travaux)."""
    for line in _all_labelled(lines, labels):
        if line.kind != "recurring":
            continue
        share = line.within(total)
        if share is not None:
            return share
    return None


def _special(lines: list[StatementLine], total: float | None) -> float | None:
    """The special charges: their total line, else the sum of their lines."""
    stated = _labelled(lines, SPECIAL_LABELS)
    if stated is not None:
        return stated.value
    values = [
        share
        for line in lines
        if "charges speciales" in line.label and line.kind == "recurring"
        for share in [line.within(total)]
        if share is not None
    ]
    return round(sum(values), 2) if values else None


def _tantiemes(text: DocumentText) -> tuple[int, int] | None:
    """(lot share, total) as "152 / 10 000 tantièmes" or "152/1000èmes" writes it."""
    for pattern in _TANTIEMES:
        for match in text.finditer(pattern):
            numbers = find_numbers(match["part"]) + find_numbers(match["whole"])
            if len(numbers) == 2 and 0 < numbers[0] < numbers[1]:
                return int(numbers[0]), int(numbers[1])
    return None
