"""The narrative of a synthesis: facts computed by code, words by the AI narrator.

The narrator receives only computed facts (costs, risk factors with their sentences,
themes, action items, and each document's own summary) and writes the summary, key
findings, themes and action items in the owner's language. A retryable failure is
raised again so that the event is redelivered; a permanent one is replaced by the
deterministic narrative of :func:`fallback_narrative` and the result says so.
"""

from __future__ import annotations

import logging
from typing import Any

from common.ai.provider import AiProvider
from common.ai.schemas import CATEGORIES, ActionItem, SynthesisNarrative
from common.errors import AppError
from common.services.synthesis_facts import AnalyzedDocument
from common.services.synthesis_ledger import AnnualLine, OneTimeItem
from common.services.synthesis_store import SynthesisInputs
from common.services.synthesis_texts import format_money
from common.services.synthesis_view import SynthesisView

logger = logging.getLogger(__name__)
MAX_DOCUMENT_FINDINGS = 5


def narration_facts(inputs: SynthesisInputs, view: SynthesisView) -> dict[str, Any]:
    """What the narrator may say, as JSON types (no personal data beyond the flat)."""
    costs, profile = view.costs, inputs.profile
    tantiemes = costs.tantiemes
    return {
        "language": view.language,
        "property": {
            "asking_price": profile.asking_price,
            "surface": profile.surface_area,
        },
        "documents": [_document_facts(document) for document in inputs.documents],
        "categories": sorted({d.analysis.category for d in inputs.documents}),
        "missing_categories": _missing_categories(inputs),
        **_totals(view),
        "annual_costs": [_line_facts(line) for line in costs.annual if line.included],
        "one_time_costs": [_item_facts(i) for i in costs.one_time if i.included],
        "tantiemes": {"lot": tantiemes.lot, "total": tantiemes.total}
        if tantiemes
        else None,
        "risk_level": view.risk_level,
        "confidence": view.confidence,
        "risk_factors": [
            {"severity": f.severity, "description": f.description}
            for f in view.risk_factors
        ],
        "themes": [theme.label for theme in view.themes],
        "action_items": [
            {"action": item.text, "urgency": item.urgency, "reason": item.reason}
            for item in view.advice
        ],
    }


def _line_facts(line: AnnualLine) -> dict[str, Any]:
    return {
        "key": line.key,
        "label": line.label,
        "amount": line.amount,
        "source": line.source_filename,
    }


def _totals(view: SynthesisView) -> dict[str, Any]:
    totals = view.costs.totals
    names = ("annual_total", "monthly_total", "one_time_total", "unpaid_total")
    return {name: getattr(totals, name) for name in names} | {
        "total_flags": list(totals.flags)
    }


def _missing_categories(inputs: SynthesisInputs) -> list[str]:
    present = {document.analysis.category for document in inputs.documents}
    return [category for category in CATEGORIES if category not in present]


def _item_facts(item: OneTimeItem) -> dict[str, Any]:
    names = (
        "description", "year", "status", "cost_type", "amount", "buyer_amount",
        "payment_status", "remaining_amount",
    )  # fmt: skip
    facts = {name: getattr(item, name) for name in names}
    return facts | {"paid": item.payment_status == "paid"}


def _document_facts(document: AnalyzedDocument) -> dict[str, Any]:
    analysis = document.analysis
    return {
        "filename": document.filename,
        "category": analysis.category,
        "summary": analysis.summary,
        "key_findings": analysis.key_findings[:MAX_DOCUMENT_FINDINGS],
    }


def narrate(
    ai: AiProvider, facts: dict[str, Any], view: SynthesisView
) -> dict[str, Any]:
    """The stored narrative: the AI's, or the fallback after a permanent failure."""
    try:
        narrative = ai.narrate(facts, view.language)
        source, error_code = "ai", None
    except AppError as exc:
        if exc.retryable:
            raise
        fields = {"error_code": exc.code, "provider": getattr(ai, "name", None)}
        logger.warning("synthesis narrative fell back", extra={"fields": fields})
        narrative, source = fallback_narrative(view), "fallback"
        error_code = exc.code
    stored: dict[str, Any] = narrative.model_dump(mode="json")
    return {**stored, "source": source, "error_code": error_code}


_LEVELS_FR = {
    "low": "faible",
    "medium": "moyen",
    "high": "élevé",
    "critical": "critique",
}
_SUMMARY = {
    "en": "Risk level: {level}. Recurring costs: {annual_total} per year "
    "({monthly_total} per month). One-time costs: {one_time_total}, of which "
    "{unpaid_total} may remain to be paid. Based on {count} analysed documents.",
    "fr": "Niveau de risque : {level}. Frais récurrents : {annual_total} par an "
    "({monthly_total} par mois). Frais ponctuels : {one_time_total}, dont "
    "{unpaid_total} restant potentiellement à payer. Sur la base de {count} "
    "documents analysés.",
}


def fallback_narrative(view: SynthesisView) -> SynthesisNarrative:
    """A narrative written by code from the same facts the narrator receives."""
    language = "en" if view.language == "en" else "fr"
    totals, level = view.costs.totals, view.risk_level or "low"
    amounts = {
        name: format_money(getattr(totals, name), language)
        for name in ("annual_total", "monthly_total", "one_time_total", "unpaid_total")
    }
    summary = _SUMMARY[language].format(
        level=level if language == "en" else _LEVELS_FR[level],
        count=view.document_count,
        **amounts,
    )
    return SynthesisNarrative(
        summary=summary,
        key_findings=[factor.description for factor in view.risk_factors][:10],
        themes=[theme.label for theme in view.themes][:10],
        action_items=[
            ActionItem(action=item.text, urgency=item.urgency, reason=item.reason)
            for item in view.advice
        ][:15],
    )
