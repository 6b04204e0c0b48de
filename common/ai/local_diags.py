"""Facts of a dossier de diagnostic technique (or one diagnostic), by French rules.

Read now: which diagnostics are present, the DPE energy class and kWh/m²/an, the GES
class and kg CO2/m²/an, the DPE dates and estimated energy costs, whether asbestos was
found, the number of electrical anomalies and the Carrez surface. The rental ban that a
DPE class implies (loi Climat et Résilience) is stated as a risk factor.
"""

from __future__ import annotations

import re

from common.ai.french import find_amounts, parse_number
from common.ai.local_narrative import say
from common.ai.local_text import DocumentText
from common.ai.schemas import (
    Diagnostic,
    DiagsAnalysis,
    Dpe,
    EnergyClass,
    InstallationCheck,
    RiskFactor,
)

DIAGNOSTIC_TERMS: tuple[tuple[Diagnostic, tuple[str, ...]], ...] = (
    ("dpe", ("dpe", "performance energetique")),
    ("amiante", ("amiante",)),
    ("plomb", ("plomb", "crep")),
    ("termites", ("termite",)),
    ("electricite", ("electricite", "installation electrique")),
    ("erp", ("etat des risques", "erp", "ernmt", "esris")),
    ("carrez", ("carrez",)),
    ("assainissement", ("assainissement",)),
    ("bruit", ("exposition au bruit",)),
    ("merules", ("merule",)),
)
_LETTER = r"\s*:?\s*(?P<letter>[a-g])(?![\w'])"
_ENERGY_CLASS = re.compile(
    r"(?:classe|etiquette)\s+(?:energie|energetique|dpe|de consommation"
    r"(?: energetique)?|de performance energetique)" + _LETTER
)
_GES_CLASS = re.compile(
    r"(?:classe|etiquette)\s+(?:ges|climat|d'emissions?(?: de gaz a effet de serre)?"
    r"|gaz a effet de serre)" + _LETTER
)
_NUMBER = r"(?P<value>\d{1,4}(?:[ .]\d{3})?(?:,\d+)?)"
_KWH = re.compile(_NUMBER + r"\s*kwh\s*(?:ep|ef)?\s*/\s*m\s*(?:2|²)")
_KG_CO2 = re.compile(
    _NUMBER + r"\s*kg\s*(?:eq\.?\s*)?co2\s*(?:eq\.?)?\s*/\s*m\s*(?:2|²)"
)
_CARREZ = re.compile(
    r"(?:loi carrez|surface privative|superficie privative)[^\d]{0,40}"
    + _NUMBER
    + r"\s*m\s*(?:2|²)"
)
_ANOMALIES = re.compile(r"(?P<count>\d{1,3}|aucune)\s+anomalies?")
ASBESTOS_ABSENT = (
    "pas ete repere de materiaux", "absence d'amiante", "aucun materiau",
    "n'a pas ete repere", "ne contient pas d'amiante", "absence de materiaux",
)  # fmt: skip
ASBESTOS_PRESENT = (
    "presence d'amiante", "contenant de l'amiante ont ete repere",
    "il a ete repere des materiaux", "materiaux amiantes",
)  # fmt: skip
# Loi Climat et Résilience: year from which a dwelling of that class may not be let.
RENTAL_BAN_YEAR: dict[str, int] = {"G": 2025, "F": 2028, "E": 2034}


def extract_diags(text: DocumentText, language: str) -> DiagsAnalysis:
    """The diagnostics analysis of ``text``, summary in ``language``."""
    dpe = _dpe(text)
    asbestos = _asbestos(text)
    electricite = _electricity(text)
    carrez = text.search(_CARREZ)
    risks = _risks(dpe, asbestos, electricite, language)
    return DiagsAnalysis(
        summary=_summary(dpe, language),
        diagnostics_present=_present(text),
        dpe=dpe,
        amiante_present=asbestos,
        electricite=electricite,
        carrez_surface_m2=parse_number(carrez["value"]) if carrez else None,
        risk_factors=risks,
    )


def _present(text: DocumentText) -> list[Diagnostic]:
    found = [name for name, terms in DIAGNOSTIC_TERMS if text.has(*terms)]
    # "gaz" alone names the gas diagnostic; "gaz à effet de serre" is the DPE's GES.
    if text.count("gaz") > text.count("gaz a effet de serre"):
        found.append("gaz")
    return found


def _dpe(text: DocumentText) -> Dpe | None:
    energy = text.search(_ENERGY_CLASS)
    ges = text.search(_GES_CLASS)
    kwh = text.search(_KWH)
    kg = text.search(_KG_CO2)
    if not (energy or ges or kwh or kg):
        return None
    costs = [
        found.value for line in text.lines_with("cout") for found in find_amounts(line)
    ]
    return Dpe(
        energy_class=_letter(energy),
        energy_kwh_m2_year=parse_number(kwh["value"]) if kwh else None,
        ges_class=_letter(ges),
        ges_kg_co2_m2_year=parse_number(kg["value"]) if kg else None,
        issued_on=text.labelled_date(
            ("date d'etablissement", "etabli le", "date du dpe")
        ),
        valid_until=text.labelled_date(("valable jusqu'au", "date de fin de validite")),
        estimated_annual_cost_min=min(costs[:2]) if costs else None,
        estimated_annual_cost_max=max(costs[:2]) if costs else None,
    )


def _letter(match: re.Match[str] | None) -> EnergyClass | None:
    if match is None:
        return None
    letter = match["letter"].upper()
    classes: tuple[EnergyClass, ...] = ("A", "B", "C", "D", "E", "F", "G")
    return next(energy_class for energy_class in classes if energy_class == letter)


def _asbestos(text: DocumentText) -> bool | None:
    if not text.has("amiante"):
        return None
    if text.has(*ASBESTOS_ABSENT):
        return False
    return True if text.has(*ASBESTOS_PRESENT) else None


def _electricity(text: DocumentText) -> InstallationCheck | None:
    for line in text.lines_with("electricite", "electrique"):
        match = _ANOMALIES.search(line.lower())
        if match:
            count = 0 if match["count"] == "aucune" else int(match["count"])
            danger = "danger grave et immediat" in text.folded
            return InstallationCheck(anomalies=count, danger_immediat=danger)
    return None


def _summary(dpe: Dpe | None, language: str) -> str:
    if dpe is None or dpe.energy_class is None:
        return say("dpe_missing", language)
    value = f" ({dpe.energy_kwh_m2_year:g} kWh/m²/an)" if dpe.energy_kwh_m2_year else ""
    return say("dpe", language, energy_class=dpe.energy_class, value=value)


def _risks(
    dpe: Dpe | None,
    asbestos: bool | None,
    electricite: InstallationCheck | None,
    language: str,
) -> list[RiskFactor]:
    risks: list[RiskFactor] = []
    energy_class = dpe.energy_class if dpe else None
    if energy_class in RENTAL_BAN_YEAR:
        year = RENTAL_BAN_YEAR[str(energy_class)]
        severity = "medium" if energy_class == "E" else "high"
        text = say("rental_ban", language, energy_class=energy_class, year=year)
        risks.append(RiskFactor(severity=severity, description=text))
    if asbestos:
        risks.append(RiskFactor(severity="high", description=say("asbestos", language)))
    if electricite and electricite.anomalies:
        text = say("electrical", language, count=electricite.anomalies)
        risks.append(RiskFactor(severity="medium", description=text))
    return risks
