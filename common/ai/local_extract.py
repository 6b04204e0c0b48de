"""Facts of a taxe foncière, a charges statement or another document, by French rules.

Values are read after the labels French documents put before them ("Montant de votre
impôt", "Total de l'appel", "Charges générales"...), labels being tried from the most to
the least specific. Nothing is guessed: a fact whose label is absent stays null.
``extract`` dispatches every category, including the diagnostics and general-meeting
rules of ``local_diags`` and ``local_pv_ag``.
"""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

from common.ai.french import find_dates, find_numbers
from common.ai.local_classify import OTHER_TYPE_NAMES, other_document_type
from common.ai.local_diags import extract_diags
from common.ai.local_narrative import format_eur, say
from common.ai.local_pv_ag import extract_pv_ag
from common.ai.local_text import DocumentText
from common.ai.schemas import (
    CategoryAnalysis,
    ChargesAnalysis,
    DocumentCategory,
    OtherAnalysis,
    PeriodType,
    TaxBreakdown,
    TaxeFonciereAnalysis,
)

TAX_TOTAL_LABELS = (
    "montant de votre impot", "total a payer", "montant a payer", "net a payer",
    "somme a payer", "total de votre impot", "total des cotisations", "montant total",
)  # fmt: skip
TAX_PARTS: dict[str, tuple[str, ...]] = {
    "commune": ("cotisation commune", "commune"),
    "intercommunalite": ("intercommunalite", "groupement de communes"),
    "departement": ("departement",),
    "teom": ("ordures menageres", "teom"),
    "taxes_speciales": ("taxes speciales", "taxe speciale"),
    "frais_gestion": ("frais de gestion",),
}
_TAX_YEAR = re.compile(
    r"(?:avis d'impot|taxes? foncieres?|annee d'imposition|impots? locaux)"
    r"\s*(?:-\s*)?(?:de\s+|pour\s+)?(?:l'annee\s+)?:?\s*(?P<year>(?:19|20)\d{2})\b"
)
CHARGES_TOTAL_LABELS = (
    "total de l'appel", "montant de l'appel", "total appele", "total a payer",
    "net a payer", "montant a regler", "total a regler", "montant total", "total",
)  # fmt: skip
PERIOD_FACTORS: dict[PeriodType, int] = {
    "annual": 1, "semester": 2, "quarterly": 4, "monthly": 12,
}  # fmt: skip
PERIOD_DAYS: tuple[tuple[PeriodType, int, int], ...] = (
    ("monthly", 28, 31), ("quarterly", 89, 92), ("semester", 181, 184),
    ("annual", 365, 366),
)  # fmt: skip
PERIOD_WORDS: tuple[tuple[PeriodType, tuple[str, ...]], ...] = (
    ("quarterly", ("trimestre", "trimestriel", "trimestrielle")),
    ("semester", ("semestre", "semestriel", "semestrielle")),
    ("monthly", ("mensuel", "mensuelle", "mensualite")),
    ("annual", ("annuel", "annuelle", "exercice")),
)
_QUARTER = re.compile(r"\b(?P<n>[1-4])\s*(?:er|e|eme)\s+trimestre\s+(?P<year>\d{4})")
_LOT = re.compile(r"\blot\s*(?:n\s*[°o.]?\s*)?(?P<lot>\d{1,5})\b")
_SHARE_WORDS = "tantiemes?|milliemes?|dix-milliemes?"
_TANTIEMES = (  # "152 / 10 000 tantièmes", "152/1000èmes", "152 tantièmes sur 10 000"
    re.compile(
        r"(?P<part>\d[\d ]{0,7})\s*/\s*(?P<whole>\d[\d ]{0,8}\d)\s*"
        r"(?:e|es|emes?|" + _SHARE_WORDS + r")\b"
    ),
    re.compile(
        r"(?P<part>\d[\d ]{0,7})\s*(?:" + _SHARE_WORDS + r")\s*(?:sur|/)\s*"
        r"(?P<whole>\d[\d ]{0,8}\d)\b"
    ),
)


def extract(
    category: DocumentCategory, text: DocumentText, language: str
) -> CategoryAnalysis:
    """The analysis of ``text`` as ``category``, summary in ``language``."""
    if category == "taxe_fonciere":
        return extract_taxe_fonciere(text, language)
    if category == "charges":
        return extract_charges(text, language)
    if category == "diags":
        return extract_diags(text, language)
    if category == "pv_ag":
        return extract_pv_ag(text, language)
    return extract_other(text, language)


def extract_taxe_fonciere(text: DocumentText, language: str) -> TaxeFonciereAnalysis:
    """Tax year, total and parts of an avis de taxe foncière."""
    total = text.labelled_amount(TAX_TOTAL_LABELS)
    parts = {
        name: text.labelled_amount(labels, next_line=False)
        for name, labels in TAX_PARTS.items()
    }
    year_match = text.search(_TAX_YEAR)
    year = int(year_match["year"]) if year_match else None
    summary = ""
    if total is not None:
        amount = format_eur(total.value, language)
        summary = say("tax", language, year=year or "", amount=amount).replace(
            "  ", " "
        )
    return TaxeFonciereAnalysis(
        summary=summary,
        tax_year=year,
        total_amount=total.value if total else None,
        breakdown=TaxBreakdown(
            **{name: found.value for name, found in parts.items() if found}
        ),
    )


def extract_charges(text: DocumentText, language: str) -> ChargesAnalysis:
    """Period, amounts, annualised total, lot and tantièmes of a charges statement."""
    start, end = _period(text)
    period_type = _period_type(text, start, end)
    total = text.labelled_amount(CHARGES_TOTAL_LABELS)
    factor = PERIOD_FACTORS.get(period_type)
    annual = round(total.value * factor, 2) if total and factor else None
    tantiemes = _tantiemes(text)
    lot = text.search(_LOT)
    summary = ""
    if total is not None:
        amount = format_eur(total.value, language)
        yearly = format_eur(annual, language) if annual else "?"
        summary = say("charges", language, amount=amount, yearly=yearly)
    generales = text.labelled_amount(("charges generales", "charges communes"))
    speciales = text.labelled_amount(("charges speciales",))
    fonds = text.labelled_amount(("fonds de travaux", "fonds travaux", "alur"))
    return ChargesAnalysis(
        summary=summary,
        period_start=start,
        period_end=end,
        period_type=period_type,
        charges_generales=generales.value if generales else None,
        charges_speciales=speciales.value if speciales else None,
        fonds_travaux_alur=fonds.value if fonds else None,
        total_for_period=total.value if total else None,
        annualized_total=annual,
        lot_number=lot["lot"] if lot else None,
        tantiemes_lot=tantiemes[0] if tantiemes else None,
        tantiemes_total=tantiemes[1] if tantiemes else None,
    )


def extract_other(text: DocumentText, language: str) -> OtherAnalysis:
    """The kind of a document that is in none of the four main categories."""
    document_type = other_document_type(text)
    name = OTHER_TYPE_NAMES[document_type].lower()
    return OtherAnalysis(
        summary=say("other", language, name=name),
        document_type=document_type,
    )


def _period(text: DocumentText) -> tuple[date | None, date | None]:
    """The period of a statement: "du <date> au <date>", or "2e trimestre 2024"."""
    dates = find_dates(text.folded)
    for first, second in itertools.pairwise(dates):
        between = text.folded[first.end : second.start].strip()
        before = text.folded[max(0, first.start - 4) : first.start].strip()
        if between == "au" and before.endswith("du") and first.value < second.value:
            return first.value, second.value
    quarter = text.search(_QUARTER)
    if quarter is None:
        return None, None
    year, first_month = int(quarter["year"]), 3 * int(quarter["n"]) - 2
    if first_month == 10:
        return date(year, 10, 1), date(year, 12, 31)
    next_quarter = date(year, first_month + 3, 1)
    return date(year, first_month, 1), next_quarter - timedelta(days=1)


def _period_type(
    text: DocumentText, start: date | None, end: date | None
) -> PeriodType:
    """From the length of the period when known, else from the words used."""
    if start and end:
        days = (end - start).days + 1
        for period_type, low, high in PERIOD_DAYS:
            if low <= days <= high:
                return period_type
    for period_type, words in PERIOD_WORDS:
        if text.has(*words):
            return period_type
    return "other"


def _tantiemes(text: DocumentText) -> tuple[int, int] | None:
    """(lot share, total) as "152 / 10 000 tantièmes" or "152/1000èmes" writes it."""
    for pattern in _TANTIEMES:
        for match in pattern.finditer(text.folded):
            numbers = find_numbers(match["part"]) + find_numbers(match["whole"])
            if len(numbers) == 2 and 0 < numbers[0] < numbers[1]:
                return int(numbers[0]), int(numbers[1])
    return None
