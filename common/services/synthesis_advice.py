"""Cross-document themes and buyer action items, derived from risk factors (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from common.services.synthesis_risk import RANK, RiskFactor, Severity
from common.services.synthesis_texts import Texts, describe_factor, pick

Urgency = Literal["low", "medium", "high"]
URGENCY: dict[Severity, Urgency] = {
    "low": "low", "medium": "medium", "high": "high", "critical": "high",
}  # fmt: skip
THEMES: Texts = {
    "health_safety": ("Health and safety", "Santé et sécurité"),
    "legal": ("Disputes and proceedings", "Litiges et procédures"),
    "copro_finances": ("Co-ownership finances", "Finances de la copropriété"),
    "energy": ("Energy performance", "Performance énergétique"),
    "documentation": ("Missing information", "Informations manquantes"),
}
ACTIONS: Texts = {
    "fix_installation_danger": (
        "Have the dangerous installation made safe before signing, or negotiate.",
        "Faire mettre en sécurité l'installation avant la signature, ou négocier.",
    ),
    "plan_energy_renovation": (
        "Get an energy audit and renovation quotes before making an offer.",
        "Faire réaliser un audit énergétique et des devis avant de faire une offre.",
    ),
    "request_new_dpe": ("Ask the seller for a valid DPE.", "Demander un DPE valide."),
    "request_dpe": ("Ask the seller for the DPE.", "Demander le DPE au vendeur."),
    "review_amiante_report": (
        "Read the asbestos report and get a removal or monitoring quote.",
        "Lire le repérage amiante et faire chiffrer retrait ou surveillance.",
    ),
    "review_plomb_report": (
        "Check the lead report (CREP) and the works it requires.",
        "Vérifier le CREP et les travaux qu'il impose.",
    ),
    "treat_termites": (
        "Get a termite treatment quote and negotiate who pays it.",
        "Faire chiffrer le traitement des termites et négocier sa prise en charge.",
    ),
    "quote_installation_repairs": (
        "Get quotes for the installation's anomalies.",
        "Faire chiffrer la reprise des anomalies de l'installation.",
    ),
    "ask_syndic_procedures": (
        "Ask the syndic for the status and cost of the proceedings.",
        "Interroger le syndic sur l'état et le coût des procédures.",
    ),
    "ask_syndic_unpaid": (
        "Ask the syndic about unpaid charges in the co-ownership.",
        "Interroger le syndic sur les impayés de la copropriété.",
    ),
    "ask_syndic_claims": (
        "Ask the syndic about damage claims and their settlement.",
        "Interroger le syndic sur les sinistres et leur règlement.",
    ),
    "ask_syndic_issues": (
        "Ask the syndic about the issues raised in general meetings.",
        "Interroger le syndic sur les problèmes soulevés en assemblée.",
    ),
    "negotiate_works": (
        "Have the deed say who pays the works' calls for funds, or negotiate.",
        "Faire préciser dans l'acte qui paie les appels de fonds, ou négocier.",
    ),
    "agree_calls_allocation": (
        "Agree in the preliminary contract on who pays calls due after the sale.",
        "Convenir dans le compromis de qui paie les appels postérieurs à la vente.",
    ),
    "review_charges_history": (
        "Ask for the last three years of charges statements.",
        "Demander les décomptes de charges des trois dernières années.",
    ),
    "get_tantiemes": (
        "Get the lot's tantièmes (règlement de copropriété, charges call).",
        "Obtenir les tantièmes du lot (règlement de copropriété, appel de charges).",
    ),
    "obtain_missing_documents": (
        "Obtain the missing documents.",
        "Obtenir les documents manquants.",
    ),
}
_FACTOR_ADVICE: dict[str, tuple[str, str]] = {  # factor code -> (theme, action)
    "installation_danger": ("health_safety", "fix_installation_danger"),
    "installation_anomalies": ("health_safety", "quote_installation_repairs"),
    "amiante_present": ("health_safety", "review_amiante_report"),
    "plomb_risk": ("health_safety", "review_plomb_report"),
    "termites_present": ("health_safety", "treat_termites"),
    "dpe_rental_ban": ("energy", "plan_energy_renovation"),
    "dpe_expired": ("energy", "request_new_dpe"),
    "dpe_missing": ("documentation", "request_dpe"),
    "works_burden": ("copro_finances", "negotiate_works"),
    "works_share_unknown": ("copro_finances", "get_tantiemes"),
    "unpaid_one_time_costs": ("copro_finances", "agree_calls_allocation"),
    "high_charges": ("copro_finances", "review_charges_history"),
    "tantiemes_unknown": ("documentation", "get_tantiemes"),
    "missing_documents": ("documentation", "obtain_missing_documents"),
}
_PROBLEM_ADVICE = {
    "litige": ("legal", "ask_syndic_procedures"),
    "procedure": ("legal", "ask_syndic_procedures"),
    "impayes": ("copro_finances", "ask_syndic_unpaid"),
    "sinistre": ("copro_finances", "ask_syndic_claims"),
    "other": ("copro_finances", "ask_syndic_issues"),
}


@dataclass(frozen=True)
class Theme:
    """A subject several factors (and documents) point to."""

    code: str
    label: str
    severity: Severity


@dataclass(frozen=True)
class Advice:
    """Something the buyer should do, and how urgently."""

    code: str
    urgency: Urgency
    text: str
    reason: str


def _advice_of(factor: RiskFactor) -> tuple[str, str]:
    if factor.code == "copro_problem":
        return _PROBLEM_ADVICE[str(factor.details.get("kind", "other"))]
    return _FACTOR_ADVICE.get(
        factor.code, ("documentation", "obtain_missing_documents")
    )


def _by_severity(factors: Sequence[RiskFactor]) -> list[RiskFactor]:
    return sorted(factors, key=lambda factor: -RANK[factor.severity])


def themes(factors: Sequence[RiskFactor], language: str) -> list[Theme]:
    """The themes of ``factors``, most severe first."""
    found: dict[str, Severity] = {}
    for factor in _by_severity(factors):
        found.setdefault(_advice_of(factor)[0], factor.severity)
    return [
        Theme(code, pick(THEMES, code, language), sev) for code, sev in found.items()
    ]


def advice(factors: Sequence[RiskFactor], language: str) -> list[Advice]:
    """One action item per action code, most urgent first."""
    found: dict[str, Advice] = {}
    for factor in _by_severity(factors):
        code = _advice_of(factor)[1]
        if code not in found:
            urgency = URGENCY[factor.severity]
            reason = describe_factor(factor.code, factor.details, language)
            found[code] = Advice(code, urgency, pick(ACTIONS, code, language), reason)
    return list(found.values())
