"""The words of a diagnostics analysis, written by rules from its facts (FR or EN).

The summary is the DPE in one sentence; the key findings state every fact read (DPE
classes and values, whether a class was inferred, dates and the legal end of an old
DPE, energy cost, each report's conclusion, ERP hazards, Carrez surface); the risk
factors and the buyer's action items follow the hazards, with the rental ban of the
loi Climat et Résilience (G from 2025, F from 2028, E from 2034) computed from the
class by ``Dpe.rental_ban_from``. Nothing depends on today's date.
"""

from __future__ import annotations

from common.ai.local_narrative import format_date, format_decimal, format_eur, say
from common.ai.schemas import (
    ActionItem,
    Diagnostic,
    DiagsAnalysis,
    Dpe,
    InstallationCheck,
    RiskFactor,
    Severity,
)

DIAGNOSTIC_NAMES: dict[Diagnostic, str] = {
    "dpe": "DPE", "amiante": "amiante", "plomb": "plomb (CREP)", "termites": "termites",
    "gaz": "gaz", "electricite": "électricité", "erp": "ERP", "carrez": "loi Carrez",
    "assainissement": "assainissement", "bruit": "bruit", "merules": "mérules",
}  # fmt: skip
SERIOUS_HAZARDS = (
    "PPR", "Inondation", "Submersion", "Mouvement", "Cavités", "Sismicité zone 4",
    "Sismicité zone 5", "Radon niveau 3", "argiles (fort",
)  # fmt: skip
Words = tuple[list[str], list[RiskFactor], list[ActionItem]]


def describe_diags(facts: DiagsAnalysis, language: str) -> DiagsAnalysis:
    """``facts`` with their summary, key findings, risk factors and action items."""
    findings, risks, actions = _dpe_words(facts.dpe, language)
    for words in (
        _safety_words(facts, language),
        _installation_words("electricite", facts.electricite, language),
        _installation_words("gaz", facts.gaz, language),
        _erp_words(facts.erp_risks, language),
    ):
        findings += words[0]
        risks += words[1]
        actions += words[2]
    if facts.carrez_surface_m2:
        surface = format_decimal(facts.carrez_surface_m2, language)
        findings.append(say("carrez", language, surface=surface))
    if facts.diagnostics_present:
        names = ", ".join(DIAGNOSTIC_NAMES[name] for name in facts.diagnostics_present)
        findings.append(say("diagnostics", language, names=names))
    return facts.model_copy(
        update={
            "summary": _summary(facts.dpe, language),
            "key_findings": findings[:20],
            "risk_factors": risks[:20],
            "action_items": actions[:15],
        }
    )


def _summary(dpe: Dpe | None, language: str) -> str:
    if dpe is None or dpe.energy_class is None:
        return say("dpe_missing", language)
    value = f" ({dpe.energy_kwh_m2_year:g} kWh/m²/an)" if dpe.energy_kwh_m2_year else ""
    return say("dpe", language, energy_class=dpe.energy_class, value=value)


def _dpe_words(dpe: Dpe | None, language: str) -> Words:
    if dpe is None:
        action = _action("act_dpe", "medium", say("dpe_missing", language), language)
        return [], [], [action]
    findings = _dpe_findings(dpe, language)
    risks: list[RiskFactor] = []
    actions: list[ActionItem] = []
    if dpe.rental_ban_from is not None:
        severity: Severity = "medium" if dpe.energy_class == "E" else "high"
        year = dpe.rental_ban_from.year
        text = say("rental_ban", language, energy_class=dpe.energy_class, year=year)
        findings.append(text)
        risks.append(RiskFactor(severity=severity, description=text))
        actions.append(_action("act_renovation", severity, text, language))
    if dpe.energy_class is None or dpe.energy_class_inferred:
        actions.append(_action("act_dpe", "medium", findings[0], language))
    return findings, risks, actions


def _dpe_findings(dpe: Dpe, language: str) -> list[str]:
    """Classes, values (and whether a class was inferred), dates and energy cost."""
    energy, ges = dpe.energy_class or "?", dpe.ges_class or "?"
    findings = [say("dpe_classes", language, energy=energy, ges=ges)]
    kwh, kg = dpe.energy_kwh_m2_year, dpe.ges_kg_co2_m2_year
    if kwh is not None or kg is not None:
        kwh_text = format_decimal(kwh, language) if kwh is not None else "?"
        kg_text = format_decimal(kg, language) if kg is not None else "?"
        findings.append(say("dpe_values", language, kwh=kwh_text, kg=kg_text))
    inferred = {
        "which_energy": dpe.energy_class_inferred,
        "which_ges": dpe.ges_class_inferred,
    }
    for which, was_inferred in inferred.items():
        if was_inferred:
            findings.append(say("dpe_inferred", language, which=say(which, language)))
    findings += _dpe_dates(dpe, language)
    low, high = dpe.estimated_annual_cost_min, dpe.estimated_annual_cost_max
    if low is not None and high is not None:
        low_text, high_text = format_eur(low, language), format_eur(high, language)
        key = "dpe_cost" if low == high else "dpe_costs"
        findings.append(say(key, language, low=low_text, high=high_text))
    return findings


def _dpe_dates(dpe: Dpe, language: str) -> list[str]:
    found: list[str] = []
    if dpe.issued_on and dpe.valid_until:
        issued, until = (
            format_date(dpe.issued_on, language),
            format_date(dpe.valid_until, language),
        )
        found.append(say("dpe_dates", language, issued=issued, until=until))
    legal = dpe.effective_valid_until
    shortened = legal is not None and (
        dpe.valid_until is None or legal < dpe.valid_until
    )
    if dpe.issued_on and legal and shortened and legal.year <= 2024:
        found.append(say("dpe_old", language, until=format_date(legal, language)))
    return found


def _safety_words(facts: DiagsAnalysis, language: str) -> Words:
    findings: list[str] = []
    risks: list[RiskFactor] = []
    actions: list[ActionItem] = []
    hazards: list[tuple[bool | None, str, str, str, Severity]] = [
        (facts.amiante_present, "asbestos", "asbestos_none", "act_asbestos", "high"),
        (facts.termites_present, "termites", "termites_none", "act_termites", "high"),
    ]
    if facts.plomb_classes:
        classes = ", ".join(str(value) for value in facts.plomb_classes)
        findings.append(say("lead_classes", language, classes=classes))
    lead_severity: Severity = "high" if 3 in facts.plomb_classes else "medium"
    hazards.append(
        (facts.plomb_risk, "lead_risk", "lead_none", "act_lead", lead_severity)
    )
    for found, present_key, absent_key, action_key, severity in hazards:
        if found is None:
            continue
        text = say(present_key if found else absent_key, language)
        findings.append(text)
        if found:
            risks.append(RiskFactor(severity=severity, description=text))
            actions.append(_action(action_key, severity, text, language))
    return findings, risks, actions


def _installation_words(
    name: Diagnostic, check: InstallationCheck | None, language: str
) -> Words:
    if check is None:
        return [], [], []
    label = say(f"name_{name}", language)
    findings: list[str] = []
    risks: list[RiskFactor] = []
    actions: list[ActionItem] = []
    if check.anomalies == 0 and not check.danger_immediat:
        return [say("installation_ok", language, name=label)], [], []
    if check.anomalies:
        key = "electrical" if name == "electricite" else "gas"
        text = say(key, language, count=check.anomalies)
        findings.append(text)
        risks.append(RiskFactor(severity="medium", description=text))
    if check.danger_immediat:
        text = say("danger", language, name=label)
        findings.append(text)
        risks.append(RiskFactor(severity="high", description=text))
    urgency: Severity = "high" if check.danger_immediat else "medium"
    actions.append(
        _action("act_installation", urgency, findings[-1], language, name=label.lower())
    )
    findings += check.details
    return findings, risks, actions


def _erp_words(erp_risks: list[str], language: str) -> Words:
    if not erp_risks:
        return [], [], []
    findings = [say("erp", language, risks=", ".join(erp_risks))]
    serious = [
        risk for risk in erp_risks if any(word in risk for word in SERIOUS_HAZARDS)
    ]
    risks = [
        RiskFactor(severity="medium", description=say("erp_risk", language, risk=risk))
        for risk in serious
    ]
    actions = [_action("act_erp", "low", findings[0], language)] if serious else []
    return findings, risks, actions


def _action(
    key: str, urgency: Severity, reason: str, language: str, **values: object
) -> ActionItem:
    return ActionItem(
        action=say(key, language, **values)[:300], urgency=urgency, reason=reason[:500]
    )
