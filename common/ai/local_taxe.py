"""Facts of an avis de taxe foncière: year, total, its parts, cadastral reference.

The total is the amount after the most specific label ("Montant de votre impôt",
"Montant de vos taxes foncières", then "Total à payer"...), never "Reste à payer"
(what is left after monthly payments). The parts are read in either layout of the
notice: one line per part ("Cotisation commune ..... 745 €") or a table whose header
names the columns (Commune, Syndicat de communes, Intercommunalité, Département until
2020, Taxes spéciales, GEMAPI, TEOM; a wrapped name is known by its first word) over a
row of "Cotisations" with one figure per column. Figures of a table often have no "€"
and their thousands are told from the next column only by the sum: the figures that
add up to the total, less the frais de gestion, are the row's. A label without a
currency amount after it takes the last plain number of its line that is not a year.
"""

from __future__ import annotations

import re

from common.ai.french import find_amounts, find_numbers, parse_number
from common.ai.local_narrative_documents import describe_taxe_fonciere
from common.ai.local_text import DocumentText
from common.ai.schemas import TaxBreakdown, TaxeFonciereAnalysis

TOTAL_LABELS = (
    "montant de votre impot", "montant de vos taxes foncieres",
    "montant de votre taxe fonciere", "total de votre impot", "total a payer",
    "montant a payer", "net a payer", "somme a payer", "montant total",
    "total de l'impot", "total des cotisations",
)  # fmt: skip
PARTS: dict[str, tuple[str, ...]] = {
    "commune": ("cotisation commune", "part communale", "commune"),
    "syndicat_communes": ("syndicat de communes", "syndicats de communes"),
    "intercommunalite": ("intercommunalite", "groupement de communes"),
    "departement": ("departement",),
    "gemapi": ("gemapi",),
    "teom": ("ordures menageres", "teom"),
    "taxes_speciales": ("taxes speciales", "taxe speciale"),
    "frais_gestion": ("frais de gestion",),
}
# A header may wrap its names ("Syndicat" over "de communes", "Taxes" over
# "spéciales"): the first word names the column, else the figures are read one
# column off.
_COLUMNS = re.compile(
    r"(?P<syndicat_communes>\bsyndicats?\b(?: de communes)?)|(?P<intercommunalite>"
    r"intercommunalite|\bintercom\b|groupement)|(?P<commune>\bcommunes?\b)"
    r"|(?P<departement>departement|\bdept\b)"
    r"|(?P<taxes_speciales>\btaxes? speciales?|\btse\b"
    r"|\btaxes?\b(?! (?:gemapi|d'enlevement|foncieres?|ordures|sur|d'habitation)))"
    r"|(?P<gemapi>gemapi)|(?P<teom>ordures menageres|\bteom\b)"
)
_ROW = re.compile(r"^(?:cotisations?|montants?)\b")
_RATE = re.compile(r"\d+(?:,\d+)?\s*%")
_TOKEN = re.compile(r"\d+(?:,\d+)?")
_GROUP = re.compile(r"\d{3}(?:,\d+)?")
MAX_JOINABLE = 8
ROW_DISTANCE = 12  # lines between a table's header and its row of amounts
SUM_TOLERANCE = 2.0  # euros: the parts are rounded one by one
_YEAR = re.compile(
    r"(?:avis d'impot|taxes? foncieres?|annee d'imposition|impots? locaux"
    r"|au titre de)\s*(?:-\s*)?(?:de\s+|pour\s+|sur\s+)?(?:l'annee\s+)?:?\s*"
    r"(?P<year>(?:19|20)\d{2})\b"
)
_RATE_YEAR = re.compile(r"\btaux\s+(?P<year>20\d{2})\b")
_CADASTRE = re.compile(
    r"(?:references? cadastrales?|ref\.? cadastrale|cadastree?|parcelle|cadastre)"
    r"\s*:?\s*(?:section\s*)?(?P<ref>(?:\d{3}\s+)?[a-z]{1,2}\s*(?:n[°o]?\s*|numero"
    r"(?: de plan)?\s*)?\d{1,4})\b"
)


def extract_taxe_fonciere(text: DocumentText, language: str) -> TaxeFonciereAnalysis:
    """Tax year, total, parts and cadastral reference of an avis de taxe foncière."""
    total = _total(text)
    fees = _part(text, PARTS["frais_gestion"])
    parts_sum = total - (fees or 0.0) if total is not None else None
    parts = _table_parts(text, parts_sum) or {}
    for name, labels in PARTS.items():
        if name not in parts:
            value = _part(text, labels)
            if value is not None:
                parts[name] = value
    facts = TaxeFonciereAnalysis(
        tax_year=_year(text),
        total_amount=total,
        breakdown=TaxBreakdown(**parts),
        cadastral_reference=_cadastre(text),
    )
    return describe_taxe_fonciere(facts, language)


def _total(text: DocumentText) -> float | None:
    found = text.labelled_amount(TOTAL_LABELS)
    return found.value if found else _plain_number(text, TOTAL_LABELS)


def _part(text: DocumentText, labels: tuple[str, ...]) -> float | None:
    """The amount on the line of a part's label (a currency amount, else a number)."""
    found = text.labelled_amount(labels, next_line=False, last=True)
    return found.value if found else _plain_number(text, labels)


def _plain_number(text: DocumentText, labels: tuple[str, ...]) -> float | None:
    """The last number after a label on its line, not a year nor a rate."""
    for _, end in text.labelled(labels):
        rest = _RATE.sub(" ", text.rest_of_line(end))
        numbers = [value for value in find_numbers(rest) if not _is_year(value)]
        if numbers:
            return numbers[-1]
    return None


def _table_parts(
    text: DocumentText, parts_sum: float | None
) -> dict[str, float] | None:
    """The parts of a table: column names in a header, one figure each in a row."""
    for index, folded in enumerate(text.folded_lines):
        columns = list(
            dict.fromkeys(m.lastgroup or "" for m in _COLUMNS.finditer(folded))
        )
        if len(columns) < 3:
            continue
        for row in range(index + 1, min(index + 1 + ROW_DISTANCE, len(text.lines))):
            if not _ROW.match(text.folded_lines[row]):
                continue
            values = _row_values(text.lines[row], len(columns), parts_sum)
            if values is not None:
                return dict(zip(columns, values, strict=True))
    return None


def _row_values(line: str, count: int, parts_sum: float | None) -> list[float] | None:
    """``count`` figures of a row, its thousands told from columns.

    A row may have more figures than named columns (a year, a total column) and a
    row of plain numbers ("612 12 36 1 472 7 4 272") reads several ways: the
    ``count`` figures in a row whose sum is the notice's total (less the frais de
    gestion) win; else the last ``count`` of the first reading long enough.
    """
    amounts = [amount.value for amount in find_amounts(line)]
    readings = [amounts] if len(amounts) >= count else []
    readings += _groupings(_TOKEN.findall(_RATE.sub(" ", line)))
    readings = [values for values in readings if len(values) >= count]
    if parts_sum is not None:
        for values in readings:
            for start in range(len(values) - count, -1, -1):
                window = values[start : start + count]
                if abs(sum(window) - parts_sum) <= SUM_TOLERANCE:
                    return window
    return readings[0][len(readings[0]) - count :] if readings else None


def _groupings(tokens: list[str]) -> list[list[float]]:
    """The readings of digit tokens where a 3-digit token may continue a number.

    "1 050 12 48 5 4 286" has 6 readings; the ones a header of 6 columns fits are
    tried, those leaving no number that starts with 0 ("050") first.
    """
    joinable = [
        index
        for index in range(1, len(tokens))
        if _GROUP.fullmatch(tokens[index]) and "," not in tokens[index - 1]
    ][:MAX_JOINABLE]
    readings: list[tuple[int, list[float]]] = []
    for mask in range(2 ** len(joinable)):
        joined = {joinable[bit] for bit in range(len(joinable)) if mask >> bit & 1}
        numbers: list[str] = []
        for index, token in enumerate(tokens):
            if index in joined and numbers:
                numbers[-1] += token
            else:
                numbers.append(token)
        leading_zero = sum(
            1 for number in numbers if len(number) > 1 and number[0] == "0"
        )
        values = [parse_number(number) or 0.0 for number in numbers]
        readings.append((leading_zero * 100 - len(values), values))
    # Fewest numbers starting with 0, then the most numbers (the fewest joins).
    return [values for _, values in sorted(readings, key=lambda item: item[0])]


def _year(text: DocumentText) -> int | None:
    found = text.search(_YEAR)
    if found:
        return int(found["year"])
    rates = [int(match["year"]) for match in text.finditer(_RATE_YEAR)]
    return max(rates) if rates else None


def _cadastre(text: DocumentText) -> str | None:
    found = text.search(_CADASTRE)
    if found is None:
        return None
    reference = text.text[found.start("ref") : found.end("ref")]
    return " ".join(reference.upper().replace("N°", " ").split())[:100]


def _is_year(value: float) -> bool:
    return value.is_integer() and 1990 <= value <= 2100
