"""The DPE of a diagnostic: classes, values, dates and costs, checked by thresholds.

The values are found by their units ("245 kWh/m².an", "52 kg CO₂/m²/an", also as OCR
writes them: "KWh/m2.an", "kWh/m?.an", a unit in the next table cell), with or without
a label, so also on the row of the class scale where a new DPE prints them ("110 à 180
| C | 152 kWh/m².an | 28 kg CO₂/m².an"), the primary-energy one first ("énergie
finale" values, thresholds of a scale ("≤ 70", "51 à 90") and projections after works
are not the dwelling's). A class
letter is read after its label ("Classe énergie : D", "Étiquette climat E", "logement
classé D") or next to its value ("D 245 kWh/m².an"), in capitals, and never from a
scale ("A B C D E F G" lines). When no letter is legible it is computed from the
values with the thresholds of the DPE's method (July 2021: the worse of the energy and
the GES letters; before: energy alone) and the analysis says it was inferred.
"""

from __future__ import annotations

import bisect
import re
from datetime import date

from common.ai.french import find_amounts, fold, parse_number
from common.ai.local_text import DocumentText
from common.ai.schemas import Dpe, EnergyClass

CLASSES: tuple[EnergyClass, ...] = ("A", "B", "C", "D", "E", "F", "G")
METHOD_2021_FROM = date(2021, 7, 1)
# Upper bounds of A..F (G above), kWh EP/m²/an and kg CO2/m²/an.
ENERGY_2021 = (70, 110, 180, 250, 330, 420)
GES_2021 = (6, 11, 30, 50, 70, 100)
ENERGY_BEFORE_2021 = (50, 90, 150, 230, 330, 450)
GES_BEFORE_2021 = (5, 10, 20, 35, 55, 80)
ISSUED_LABELS = (
    "date d'etablissement", "etabli le", "date de realisation", "realise le",
    "date du diagnostic", "date du dpe", "date du rapport", "date d'edition",
    "date de visite", "date (etablissement)", "date (visite)",
)  # fmt: skip
VALID_LABELS = (
    "valable jusqu'au", "valide jusqu'au", "date de fin de validite",
    "fin de validite", "date limite de validite", "validite",
)  # fmt: skip
COST_LABELS = (
    "couts annuels", "cout annuel", "depenses annuelles", "facture annuelle",
    "montant annuel", "estimation des couts", "depenses energetiques",
)  # fmt: skip
COST_RANGE = (50.0, 20_000.0)

# A table may put the value and its unit in two cells ("152 | kWh/m².an").
_NUMBER = r"(?P<value>\d{1,4}(?:[ .]\d{3})?(?:,\d+)?)\s*\*?\s*(?:\|\s*)?"
_PER_M2 = r"\s*(?:/|par|l|i)?\s*\(?\s*(?:m|rn)\s*\^?\s*[2?*°]"
_KWH = re.compile(_NUMBER + r"k\s?wh\s*(?P<unit>[a-z()' .]{0,28}?)" + _PER_M2)
_KG_CO2 = re.compile(
    _NUMBER + r"kg\s*(?:d'|de\s+)?(?:eq\.?\s*)?c[o0]2\s*(?:eq\.?|e)?" + _PER_M2
)
_NOT_OWN_VALUE = re.compile(
    r"(?:[<>≤≥]|\ba|\bmoins de|\bplus de|inferieure? a|superieure? a|jusqu'a|seuil"
    r"|entre)\s*$"
)
_PROJECTION = re.compile(r"apres (?:travaux|renovation)|projete|objectif|etape \d")
_SEP = r"\s*(?:\((?:dpe|ges)\))?\s*(?::|=|-|est\s+(?:de\s+)?|en\s+)?\s*(?:classe\s+)?"
_LETTER = r"(?P<letter>[a-g])(?![\w'])"
_ENERGY_LABEL = re.compile(
    r"(?:(?:classe|etiquette|lettre|note|categorie|indice)\s+(?:de\s+|d')?(?:l')?"
    r"(?:energie|energetique|dpe|consommation(?:\s+d'energie|\s+energetique)?"
    r"|performance\s+energetique)(?:\s+primaire)?(?:\s+du\s+(?:logement|bien))?"
    r"|\bdpe|(?:est|sont)\s+classee?s?|classee?s?\s+en|performance\s+energetique)"
    + _SEP
    + _LETTER
)
_GES_LABEL = re.compile(
    r"(?:(?:classe|etiquette|lettre|note|categorie|indice)\s+(?:de\s+|d')?"
    r"(?:ges|climat|emissions?(?:\s+de\s+(?:ges|gaz\s+a\s+effet\s+de\s+serre))?"
    r"|gaz\s+a\s+effet\s+de\s+serre)|\bges)" + _SEP + _LETTER
)
SCALE_SEPARATORS = " \n|/,.-"
_SCALE_NEIGHBOUR = re.compile(r"[\s|/,.\-]*[a-g](?![\w'])")
# A line that starts with a letter and its band is a row of the scale ("A ≤ 70").
_SCALE_ROW_AFTER = re.compile(r"[ |:]*(?:[<>≤≥]|(?:de\s+)?\d+\s*(?:a|-)\s*\d)")
_SCALE_LINE = re.compile(
    r"^(?P<letter>[A-G])\s+(?P<kwh>\d{1,3}(?:,\d)?)\s*\*?\s+(?P<kg>\d{1,3}(?:,\d)?)"
    r"\s*\*?$",
    re.MULTILINE,
)
_COST_RANGE = re.compile(
    r"entre\s+(?P<low>\d[\d .]*(?:,\d{1,2})?)\s*(?:€|euros?)?\s*et\s+"
    r"(?P<high>\d[\d .]*(?:,\d{1,2})?)\s*(?:€|euros?)"
)


def read_dpe(whole: DocumentText, section: DocumentText | None) -> Dpe | None:
    """The DPE facts of a document (``section``: its DPE part, when it has one)."""
    kwh = _value(whole, _KWH, 2000)
    kg = _value(whole, _KG_CO2, 1000)
    zone = section or whole
    issued = zone.labelled_date(ISSUED_LABELS)
    energy = _labelled_letter(zone, _ENERGY_LABEL) or _labelled_letter(
        whole, _ENERGY_LABEL
    )
    ges = _labelled_letter(zone, _GES_LABEL) or _labelled_letter(whole, _GES_LABEL)
    if energy is None and kwh is not None:
        energy = _letter_next_to(whole, _KWH, kwh, kg, issued)
    if kwh is None and kg is None:
        kwh, kg, energy = _scale_line(whole, energy)
    if not (energy or ges or kwh or kg):
        return None
    inferred_energy, inferred_ges = infer_classes(kwh, kg, issued)
    low, high = _costs(zone)
    return Dpe(
        energy_class=energy or inferred_energy,
        energy_kwh_m2_year=kwh,
        ges_class=ges or inferred_ges,
        ges_kg_co2_m2_year=kg,
        issued_on=issued,
        valid_until=zone.labelled_date(VALID_LABELS),
        estimated_annual_cost_min=low,
        estimated_annual_cost_max=high,
        energy_class_inferred=energy is None and inferred_energy is not None,
        ges_class_inferred=ges is None and inferred_ges is not None,
    )


def class_of(value: float, bounds: tuple[int, ...]) -> EnergyClass:
    """The letter of ``value`` on a scale whose upper bounds of A..F are ``bounds``."""
    return CLASSES[bisect.bisect_left(bounds, value)]


def infer_classes(
    kwh: float | None, kg: float | None, issued: date | None
) -> tuple[EnergyClass | None, EnergyClass | None]:
    """(energy, GES) letters the values give by the method of the DPE's date."""
    if issued is not None and issued < METHOD_2021_FROM:
        energy = class_of(kwh, ENERGY_BEFORE_2021) if kwh is not None else None
        return energy, class_of(kg, GES_BEFORE_2021) if kg is not None else None
    ges = class_of(kg, GES_2021) if kg is not None else None
    if kwh is None or ges is None:
        return None, ges  # the 2021 letter needs both values
    return max(class_of(kwh, ENERGY_2021), ges), ges


def _value(
    text: DocumentText, pattern: re.Pattern[str], ceiling: float
) -> float | None:
    """The dwelling's value of ``pattern``'s unit: primary energy before the others."""
    candidates: list[tuple[int, float]] = []
    for match in text.finditer(pattern):
        value, start = _own_number(match, ceiling)
        before = text.folded[max(0, start - 100) : start]
        if _NOT_OWN_VALUE.search(before[-24:]) or _PROJECTION.search(before):
            continue
        if value is None or not 0 < value <= ceiling:
            continue
        line = before.rsplit("\n", 1)[-1]
        context = line[-60:] + " " + (match.groupdict().get("unit") or "")
        if "finale" in context or re.search(r"\bef\b", context):
            continue
        rank = 0 if "primaire" in context or re.search(r"\bep\b", context) else 1
        candidates.append((rank, value))
    return min(candidates, key=lambda item: item[0])[1] if candidates else None


def _own_number(match: re.Match[str], ceiling: float) -> tuple[float | None, int]:
    """The value before a unit and where it starts; "180 152" is a range's end and it.

    On the class scale of a new DPE the dwelling's value sits on the row of its class,
    after the row's range ("110 à 180 | C | 152 kWh/m².an"); when the letter and the
    separators are lost, the range's end and the value read as one grouped number,
    too large to be a value: its last group is the value.
    """
    written = match["value"]
    value = parse_number(written)
    groups = written.split()
    if value is not None and value > ceiling and len(groups) == 2:
        return parse_number(groups[1]), match.start("value") + written.rindex(" ") + 1
    return value, match.start("value")


def _labelled_letter(
    text: DocumentText, pattern: re.Pattern[str]
) -> EnergyClass | None:
    """The first capital class letter after a label that is not part of a scale."""
    for match in text.finditer(pattern):
        position = match.start("letter")
        if text.text[position].isupper() and not _in_scale(text.folded, position):
            return _class(text.text[position])
    return None


def _in_scale(folded: str, position: int) -> bool:
    """True when the letter at ``position`` is in a scale: by a letter, or its band."""
    if _SCALE_NEIGHBOUR.match(folded, position + 1):
        return True
    line_start = position == 0 or folded[position - 1] == "\n"
    if line_start and _SCALE_ROW_AFTER.match(folded, position + 1):
        return True
    before = position - 1
    while before >= 0 and folded[before] in SCALE_SEPARATORS:
        before -= 1
    if before == position - 1 or before < 0 or folded[before] not in "abcdefg":
        return False
    return before == 0 or not (
        folded[before - 1].isalnum() or folded[before - 1] == "'"
    )


def _letter_next_to(
    text: DocumentText,
    pattern: re.Pattern[str],
    kwh: float,
    kg: float | None,
    issued: date | None,
) -> EnergyClass | None:
    """A capital letter written right before or after the energy value, if coherent."""
    for match in text.finditer(pattern):
        if _own_number(match, 2000)[0] != kwh:
            continue
        window_start = max(0, match.start() - 4)
        around = (
            text.text[window_start : match.start()]
            + " "
            + text.text[match.end() : match.end() + 4]
        )
        for letter in re.findall(r"(?<![\w'])([A-G])(?![\w'])", around):
            if _coherent(_class(letter), kwh, kg, issued):
                return _class(letter)
    return None


def _scale_line(
    text: DocumentText, energy: EnergyClass | None
) -> tuple[float | None, float | None, EnergyClass | None]:
    """Values printed next to the active letter of the scale ("D 245 52")."""
    for match in _SCALE_LINE.finditer(text.text):
        kwh, kg = parse_number(match["kwh"]), parse_number(match["kg"])
        letter = _class(match["letter"])
        if kwh is None or kg is None or energy not in (None, letter):
            continue
        if _coherent(letter, kwh, kg, None):
            return kwh, kg, letter
    return None, None, energy


def _coherent(
    letter: EnergyClass, kwh: float, kg: float | None, issued: date | None
) -> bool:
    """Whether the letter can be the class of these values by the DPE's method."""
    energy, _ = infer_classes(kwh, kg, issued)
    if energy is not None:
        return letter == energy
    return letter >= class_of(kwh, ENERGY_2021)  # GES unknown: at least the energy's


def _costs(text: DocumentText) -> tuple[float | None, float | None]:
    """The estimated yearly energy cost range ("entre 1 230 € et 1 700 € par an")."""
    for _, end in text.labelled(COST_LABELS):
        window = text.text[end : end + 220]
        found = _COST_RANGE.search(fold(window))
        values = (
            [parse_number(found["low"]), parse_number(found["high"])] if found else []
        )
        if not values or None in values:
            values = [amount.value for amount in find_amounts(window)[:2]]
        plausible = [
            v for v in values if v is not None and COST_RANGE[0] <= v <= COST_RANGE[1]
        ]
        if plausible:
            return min(plausible), max(plausible)
    return None, None


def _class(letter: str) -> EnergyClass:
    return CLASSES[CLASSES.index(letter.upper())]
