"""Deterministic words of the local provider: amounts in French or English, and the
synthesis narrative written from the facts computed by code.

``narrate`` reads these keys of the facts, each optional (anything else is ignored):
``annual_costs`` (``{cost key: amount}`` or a list of ``{"key", "amount"}``),
``annual_total``, ``one_time_costs`` (list of ``{"description", "amount", "status",
"year", "paid"}``), ``one_time_total``, ``unpaid_total``, ``risk_level``,
``risk_factors`` (list of ``{"severity", "description"}``), ``missing_categories``,
and the ``themes`` (strings) and ``action_items`` (``{"action", "urgency",
"reason"}``) that code already derived, which are used first. It states the facts
plainly and never invents any. The words of each document's analysis are written by
``local_narrative_diags`` and ``local_narrative_documents`` with ``say`` and the
phrases of ``local_phrases``; ``format_eur``, ``format_date`` and ``format_decimal``
write figures as a reader of each language expects.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from common.ai.local_phrases import DOCUMENT_PHRASES
from common.ai.provider import narrative_language
from common.ai.schemas import ActionItem, Severity, SynthesisNarrative

PHRASES: dict[str, tuple[str, str]] = {
    "finding": ("{label} : {amount}", "{label}: {amount}"),
    "annual": (
        "Coûts annuels estimés : {amount}.",
        "Estimated annual costs: {amount}.",
    ),
    "one_time": ("Coûts ponctuels : {amount}.", "One-time costs: {amount}."),
    "unpaid": ("Dont non payés : {amount}.", "Of which unpaid: {amount}."),
    "risk_level": ("Niveau de risque : {level}.", "Risk level: {level}."),
    "no_facts": (
        "Aucun fait chiffré n'a pu être établi à partir des documents.",
        "No figures could be established from the documents.",
    ),
    "ask_about": ("Se renseigner : {subject}", "Ask about: {subject}"),
    "ask_for": ("Demander : {subject}", "Ask for: {subject}"),
    "missing": (
        "Document manquant pour l'analyse.",
        "Document missing from the analysis.",
    ),
    "unpaid_works": (
        "Négocier qui paie les travaux votés restant à appeler",
        "Negotiate who pays the voted works still to be called",
    ),
    "unpaid_works_reason": (
        "Des travaux votés restent à payer.",
        "Voted works remain to be paid.",
    ),
    "theme_charges": ("charges de copropriété", "co-ownership charges"),
    "theme_works": ("travaux de l'immeuble", "building works"),
    "theme_energy": ("performance énergétique", "energy performance"),
    "theme_risks": ("risques à vérifier", "risks to check"),
    # What the provider says of a document it could not read; the words of the
    # documents it read are in local_phrases (merged below).
    "no_text": (
        "Le texte du document n'a pas pu être lu (document image, pas d'OCR).",
        "The text of the document could not be read (image document, no OCR).",
    ),
    "ocr_no_text": (
        "Le texte du document n'a pas pu être lu, même par OCR.",
        "The text of the document could not be read, even with OCR.",
    ),
    "ocr_unavailable": (
        "OCR indisponible (tesseract avec le français n'est pas installé) : "
        "{pages} page(s) sans texte non lue(s).",
        "OCR unavailable (tesseract with French is not installed): {pages} "
        "page(s) without text not read.",
    ),
    "ocr_skipped": (
        "{pages} page(s) numérisée(s) au-delà des {limit} premières non lue(s) "
        "par OCR.",
        "{pages} scanned page(s) beyond the first {limit} not read by OCR.",
    ),
    "ocr_failed": (
        "{pages} page(s) illisible(s) par OCR (délai dépassé ou erreur).",
        "{pages} page(s) could not be read by OCR (timed out or failed).",
    ),
}
PHRASES |= DOCUMENT_PHRASES
COST_LABELS: dict[str, tuple[str, str]] = {
    "charges_copropriete": ("charges de copropriété", "co-ownership charges"),
    "taxe_fonciere": ("taxe foncière", "property tax"),
    "estimated_energy": ("énergie estimée", "estimated energy"),
    "fonds_travaux": ("fonds de travaux", "works fund"),
    "other_recurring": ("autres frais récurrents", "other recurring costs"),
}
CATEGORY_LABELS: dict[str, tuple[str, str]] = {
    "pv_ag": ("procès-verbal d'assemblée générale", "general meeting minutes"),
    "diags": ("diagnostics techniques", "technical diagnostics"),
    "taxe_fonciere": ("avis de taxe foncière", "property tax notice"),
    "charges": ("appels de charges", "service charge statements"),
    "other": ("autres documents", "other documents"),
}
RISK_LEVELS = {"low": ("faible", "low"), "medium": ("moyen", "medium")}
RISK_LEVELS |= {"high": ("élevé", "high"), "critical": ("critique", "critical")}
SEVERITIES: tuple[Severity, ...] = ("low", "medium", "high")


def pick(language: str, french: str, english: str) -> str:
    """``french`` or ``english`` according to ``language``."""
    return french if language == "fr" else english


def say(key: str, language: str, **values: object) -> str:
    """The phrase ``key`` of ``PHRASES`` in ``language``, filled with ``values``."""
    french, english = PHRASES[key]
    return pick(language, french, english).format(**values)


def format_eur(value: float, language: str) -> str:
    """An amount as a reader expects it: ``1 234,56 €`` or ``€1,234.56``."""
    cents = round(value * 100) % 100 != 0
    text = f"{value:,.2f}" if cents else f"{value:,.0f}"
    if language == "fr":
        return text.replace(",", " ").replace(".", ",") + " €"
    return "€" + text


def format_date(day: date, language: str) -> str:
    """A date as a reader expects it: ``15/01/2024`` or ``2024-01-15``."""
    return day.strftime("%d/%m/%Y") if language == "fr" else day.isoformat()


def format_decimal(value: float, language: str) -> str:
    """A measure without useless decimals: ``52,3`` or ``52.3``."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if language == "fr" else text


def narrate(facts: Mapping[str, Any], language: str) -> SynthesisNarrative:
    """The synthesis narrative of ``facts`` in ``language`` (fr or en), by rules."""
    language = narrative_language(language)
    annual = _annual_costs(facts.get("annual_costs"))
    one_time = [item for item in facts.get("one_time_costs") or [] if _is_map(item)]
    risks = [item for item in facts.get("risk_factors") or [] if _is_map(item)]
    findings = [
        _finding(_cost_label(key, language), amount, language)
        for key, amount in annual.items()
    ]
    findings += [_one_time_finding(item, language) for item in one_time]
    findings += [str(risk.get("description", "")) for risk in risks]
    return SynthesisNarrative(
        summary=_summary(facts, annual, language),
        key_findings=[finding[:300] for finding in findings if finding][:10],
        themes=_given_themes(facts) or _themes(annual, one_time, risks, language),
        action_items=_unique_actions(
            _given_actions(facts) + _actions(facts, one_time, risks, language)
        )[:15],
    )


def _given_themes(facts: Mapping[str, Any]) -> list[str]:
    themes = facts.get("themes")
    if not isinstance(themes, list):
        return []
    return [theme[:200] for theme in themes if isinstance(theme, str) and theme][:10]


def _given_actions(facts: Mapping[str, Any]) -> list[ActionItem]:
    given = facts.get("action_items")
    items = [item for item in given if _is_map(item)] if isinstance(given, list) else []
    actions: list[ActionItem] = []
    for item in items:
        urgency = next((s for s in SEVERITIES if s == item.get("urgency")), None)
        action, reason = item.get("action"), item.get("reason")
        if urgency is None or not isinstance(action, str) or not action:
            continue
        reason = reason[:500] if isinstance(reason, str) else ""
        actions.append(ActionItem(action=action[:300], urgency=urgency, reason=reason))
    return actions


def _unique_actions(actions: list[ActionItem]) -> list[ActionItem]:
    seen: set[str] = set()
    kept: list[ActionItem] = []
    for action in actions:
        if action.action not in seen:
            seen.add(action.action)
            kept.append(action)
    return kept


def _summary(facts: Mapping[str, Any], annual: dict[str, float], language: str) -> str:
    annual_total = _number(facts.get("annual_total"))
    if annual_total is None and annual:
        annual_total = sum(annual.values())
    amounts = {
        "annual": annual_total,
        "one_time": _number(facts.get("one_time_total")) or None,
        "unpaid": _number(facts.get("unpaid_total")) or None,
    }
    sentences = [
        say(key, language, amount=format_eur(amount, language))
        for key, amount in amounts.items()
        if amount is not None
    ]
    level = RISK_LEVELS.get(str(facts.get("risk_level", "")))
    if level:
        sentences.append(say("risk_level", language, level=pick(language, *level)))
    return " ".join(sentences) or say("no_facts", language)


def _themes(
    annual: dict[str, float],
    one_time: list[Mapping[str, Any]],
    risks: list[Mapping[str, Any]],
    language: str,
) -> list[str]:
    wanted = {
        "theme_charges": "charges_copropriete" in annual or "fonds_travaux" in annual,
        "theme_works": bool(one_time),
        "theme_energy": "estimated_energy" in annual,
        "theme_risks": bool(risks),
    }
    return [say(key, language) for key, present in wanted.items() if present]


def _actions(
    facts: Mapping[str, Any],
    one_time: list[Mapping[str, Any]],
    risks: list[Mapping[str, Any]],
    language: str,
) -> list[ActionItem]:
    actions: list[ActionItem] = []
    for risk in risks:
        severity = next((s for s in SEVERITIES if s == risk.get("severity")), "medium")
        description = str(risk.get("description", ""))[:250]
        if severity != "low" and description:
            action = say("ask_about", language, subject=description)
            actions.append(
                ActionItem(action=action, urgency=severity, reason=description)
            )
    if any(item.get("paid") is False for item in one_time):
        actions.append(
            ActionItem(
                action=say("unpaid_works", language),
                urgency="high",
                reason=say("unpaid_works_reason", language),
            )
        )
    for category in facts.get("missing_categories") or []:
        label = CATEGORY_LABELS.get(str(category))
        if label:
            action = say("ask_for", language, subject=pick(language, *label))
            reason = say("missing", language)
            actions.append(ActionItem(action=action, urgency="medium", reason=reason))
    return actions


def _finding(label: str, amount: float, language: str) -> str:
    return say("finding", language, label=label, amount=format_eur(amount, language))


def _one_time_finding(item: Mapping[str, Any], language: str) -> str:
    description = str(item.get("description", "")).strip()
    amount = _number(item.get("amount"))
    if amount is None:
        return description
    return say(
        "finding", language, label=description, amount=format_eur(amount, language)
    )


def _annual_costs(value: Any) -> dict[str, float]:
    if _is_map(value):
        pairs = list(value.items())
    elif isinstance(value, list):
        pairs = [
            (item.get("key"), item.get("amount")) for item in value if _is_map(item)
        ]
    else:
        return {}
    costs = {str(key): _number(amount) for key, amount in pairs}
    return {key: amount for key, amount in costs.items() if amount is not None}


def _cost_label(key: str, language: str) -> str:
    labels = COST_LABELS.get(key, (key, key))
    return pick(language, labels[0], labels[1]).capitalize()


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        return float(value)
    except ValueError:
        return None


def _is_map(value: Any) -> bool:
    return isinstance(value, Mapping)
