"""Facts of another document: its kind, what the buyer will owe, and the dates.

A financial obligation is a line with an amount and a word of money owed (prime,
cotisation, loyer, honoraires, frais, provisions, sommes dues, à payer...); ceilings,
deductibles, guarantees and prices are not owed ("plafond", "franchise", "prix de
vente"). Its frequency comes from the line ("par mois", "annuelle"...), its due date
from "avant le", "exigible le"..., and whether it is paid from "payé"/"réglé" or "reste
dû"/"à payer". A key date is a date next to a word of deadline or effect ("date
d'effet", "échéance", "au plus tard le", "signature de l'acte"...).
"""

from __future__ import annotations

import re

from common.ai.french import find_amounts, find_dates
from common.ai.local_classify import OTHER_TYPE_NAMES, other_document_type
from common.ai.local_narrative_documents import describe_other
from common.ai.local_text import DocumentText
from common.ai.schemas import FinancialObligation, KeyDate, OtherAnalysis

MAX_ITEMS = 30
DESCRIPTION_CHARACTERS = 200
_OWED = re.compile(
    r"\bprime|cotisation|loyer|montant|\btotal|a payer|a regler|\bdue?s?\b|honoraires"
    r"|\bfrais|provision|appel|redevance|abonnement|avance|sommes?|depot de garantie"
    r"|echeance|charges"
)
_NOT_OWED = re.compile(
    r"plafond|franchise|(?<!depot de )garantie|capital|valeur|indemnit|prix|surface"
    r"|base d'imposition|capital social"
)
_FREQUENCIES = (
    ("monthly", re.compile(r"mensuel|par mois|/\s*mois")),
    ("quarterly", re.compile(r"trimestr|par trimestre")),
    ("annual", re.compile(r"annuel|par an\b|/\s*an\b|l'an\b")),
)
_PAID = re.compile(r"\bpaye|\bregle|acquitte|encaisse")
_UNPAID = re.compile(
    r"reste (?:du|a payer)|a payer|impaye|restant dus?|a regler|du par"
)
_DUE = re.compile(
    r"(?:avant le|au plus tard le|exigible le|echeance|payable le|le)\s*$"
)
_KEY_DATE = re.compile(
    r"date d'effet|prise d'effet|echeance|exigib|date limite|avant le|au plus tard"
    r"|expir|jusqu'au|a compter du|signature|reiteration|acte authentique"
    r"|date de l'acte|prochaine assemblee|delai|renouvel|resiliation"
    r"|entree en vigueur|valable"
)


def extract_other(text: DocumentText, language: str) -> OtherAnalysis:
    """The kind, obligations and key dates of a document of none of the four kinds."""
    document_type = other_document_type(text)
    obligations: list[FinancialObligation] = []
    key_dates: list[KeyDate] = []
    for line, folded in zip(text.lines, text.folded_lines, strict=True):
        if len(obligations) < MAX_ITEMS:
            obligation = _obligation(line, folded)
            if obligation is not None:
                obligations.append(obligation)
        if len(key_dates) < MAX_ITEMS and _KEY_DATE.search(folded):
            key_dates += _key_dates(line)
    facts = OtherAnalysis(
        document_type=document_type,
        financial_obligations=_unique(obligations),
        key_dates=list({(d.day, d.description): d for d in key_dates}.values())[
            :MAX_ITEMS
        ],
    )
    return describe_other(facts, OTHER_TYPE_NAMES[document_type].lower(), language)


def _obligation(line: str, folded: str) -> FinancialObligation | None:
    if not _OWED.search(folded) or _NOT_OWED.search(folded):
        return None
    amounts = [amount for amount in find_amounts(line) if amount.value > 0]
    if not amounts:
        return None
    first = amounts[0]
    description = line[: first.start].strip(" .:-\u2013\t") or line
    frequency = next(
        (name for name, pattern in _FREQUENCIES if pattern.search(folded)), "one_time"
    )
    due = None
    for found in find_dates(line):
        if _DUE.search(folded[: found.start]):
            due = found.value
            break
    paid = True if _PAID.search(folded) and not _UNPAID.search(folded) else None
    if _UNPAID.search(folded):
        paid = False
    return FinancialObligation(
        description=" ".join(description.split())[:DESCRIPTION_CHARACTERS],
        amount=first.value,
        frequency=frequency,
        due_date=due,
        paid=paid,
    )


def _key_dates(line: str) -> list[KeyDate]:
    found = find_dates(line)
    if not found:
        return []
    description = " ".join(line.split())[:DESCRIPTION_CHARACTERS]
    return [
        KeyDate(day=item.value, description=description)
        for item in found
        if item.value.year >= 1950
    ]


def _unique(obligations: list[FinancialObligation]) -> list[FinancialObligation]:
    seen: set[tuple[str, float | None]] = set()
    kept: list[FinancialObligation] = []
    for item in obligations:
        key = (item.description.lower(), item.amount)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept[:MAX_ITEMS]
