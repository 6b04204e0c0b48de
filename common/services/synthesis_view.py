"""A synthesis as stored (result JSON) and as shown (overrides applied), pure.

The stored result keeps the per-line cost facts and the document risk factors, so the
view is recomputed cheaply from it with the current overrides, without any AI call:
costs, cost risk factors, level, themes and action items follow the overrides, while
the narrative keeps the words written at ``generated_at``.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from pydantic import TypeAdapter, ValidationError

from common.ai.schemas import ActionItem, DiagsAnalysis
from common.services.synthesis_advice import Advice, Theme, advice, themes
from common.services.synthesis_facts import FACTS_ADAPTER, AnalyzedDocument, CostFacts
from common.services.synthesis_ledger import Costs, apply_overrides
from common.services.synthesis_overrides import parse_overrides
from common.services.synthesis_risk import (
    RANK,
    RiskFactor,
    Severity,
    cost_factors,
    risk_level,
)
from common.services.synthesis_store import PropertyProfile, SynthesisInputs
from common.services.synthesis_texts import describe_factor

logger = logging.getLogger(__name__)
RESULT_VERSION = 1
NarrativeSource = Literal["ai", "fallback", "none"]
_FACTORS: TypeAdapter[list[RiskFactor]] = TypeAdapter(list[RiskFactor])
_ACTIONS: TypeAdapter[list[ActionItem]] = TypeAdapter(list[ActionItem])


@dataclass(frozen=True)
class FactorView:
    """A risk factor with its sentence in the synthesis language."""

    code: str
    severity: Severity
    description: str
    source_document_ids: tuple[str, ...]
    details: Mapping[str, object]


@dataclass(frozen=True)
class NarrativeView:
    """The words of the synthesis and who wrote them."""

    summary: str = ""
    key_findings: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    action_items: tuple[ActionItem, ...] = ()
    source: NarrativeSource = "none"
    error_code: str | None = None


@dataclass(frozen=True)
class SynthesisView:
    """The synthesis as the owner sees it."""

    property_id: uuid.UUID
    status: str
    language: str
    generated_at: datetime | None = None
    document_count: int = 0
    document_ids: tuple[str, ...] = ()
    skipped_document_ids: tuple[str, ...] = ()
    risk_level: Severity | None = None
    confidence: float | None = None
    risk_factors: tuple[FactorView, ...] = ()
    themes: tuple[Theme, ...] = ()
    advice: tuple[Advice, ...] = ()
    costs: Costs = field(default_factory=Costs)
    overrides: Mapping[str, Any] = field(default_factory=dict)
    narrative: NarrativeView = field(default_factory=NarrativeView)
    error_code: str | None = None
    error_message: str | None = None


def base_result(
    inputs: SynthesisInputs,
    facts: CostFacts,
    factors: list[RiskFactor],
    *,
    confidence: float,
    now: datetime,
    today: date,
) -> dict[str, Any]:
    """The stored result before the view and narrative are added."""
    documents = inputs.documents
    carrez = [
        d.analysis.carrez_surface_m2
        for d in documents
        if isinstance(d.analysis, DiagsAnalysis) and d.analysis.carrez_surface_m2
    ]
    return {
        "version": RESULT_VERSION,
        "status": "ready" if documents else "empty",
        "language": inputs.profile.language,
        "generated_at": now.isoformat(),
        "as_of": today.isoformat(),
        "document_ids": [str(d.id) for d in documents],
        "skipped_document_ids": [str(i) for i in inputs.skipped_document_ids],
        "documents": [_document_entry(d) for d in documents],
        "cost_facts": FACTS_ADAPTER.dump_python(facts, mode="json"),
        "document_factors": _FACTORS.dump_python(factors, mode="json"),
        "confidence": confidence,
        "carrez_surface_m2": carrez[-1] if carrez else None,
    }


def _document_entry(document: AnalyzedDocument) -> dict[str, Any]:
    return {
        "id": str(document.id),
        "filename": document.filename,
        "category": document.analysis.category,
        "confidence": document.confidence,
    }


def build_view(
    property_id: uuid.UUID,
    result: Mapping[str, Any] | None,
    overrides: Mapping[str, Any] | None,
    profile: PropertyProfile,
    today: date,
) -> SynthesisView:
    """The view of a stored result with ``overrides`` applied as of ``today``."""
    overrides = dict(overrides or {})
    language = str((result or {}).get("language") or profile.language)
    parsed = _parse(result)
    facts, stored_factors = parsed if parsed else (CostFacts(), [])
    costs = apply_overrides(
        facts, parse_overrides(overrides), language=language, today=today
    )
    if parsed is None or result is None:
        return SynthesisView(
            property_id, "empty", language, costs=costs, overrides=overrides
        )
    generated_at = datetime.fromisoformat(result["generated_at"])
    if result.get("status") != "ready":
        return SynthesisView(
            property_id, "empty", language, generated_at, costs=costs,
            overrides=overrides,
        )  # fmt: skip
    surface = profile.surface_area or result.get("carrez_surface_m2")
    factors = stored_factors + cost_factors(costs, profile.asking_price, surface)
    return SynthesisView(
        property_id=property_id, status="ready", language=language,
        generated_at=generated_at,
        document_count=len(result.get("document_ids", [])),
        document_ids=tuple(result.get("document_ids", [])),
        skipped_document_ids=tuple(result.get("skipped_document_ids", [])),
        risk_level=risk_level(factors), confidence=result.get("confidence"),
        risk_factors=tuple(_factor_view(f, language) for f in _ordered(factors)),
        themes=tuple(themes(factors, language)),
        advice=tuple(advice(factors, language)),
        costs=costs, overrides=overrides, narrative=_narrative(result),
    )  # fmt: skip


def _parse(
    result: Mapping[str, Any] | None,
) -> tuple[CostFacts, list[RiskFactor]] | None:
    if not result or result.get("version") != RESULT_VERSION:
        return None
    try:
        facts = FACTS_ADAPTER.validate_python(result.get("cost_facts") or {})
        factors = _FACTORS.validate_python(result.get("document_factors") or [])
    except ValidationError:
        logger.warning("stored synthesis result does not fit its schema")
        return None
    return facts, factors


def _ordered(factors: Sequence[RiskFactor]) -> list[RiskFactor]:
    return sorted(factors, key=lambda factor: -RANK[factor.severity])


def _factor_view(factor: RiskFactor, language: str) -> FactorView:
    return FactorView(
        code=factor.code,
        severity=factor.severity,
        description=describe_factor(factor.code, factor.details, language),
        source_document_ids=factor.source_document_ids,
        details=factor.details,
    )


def _narrative(result: Mapping[str, Any]) -> NarrativeView:
    stored = result.get("narrative") or {}
    try:
        actions = _ACTIONS.validate_python(stored.get("action_items") or [])
    except ValidationError:
        actions = []
    return NarrativeView(
        summary=str(stored.get("summary", "")),
        key_findings=tuple(stored.get("key_findings") or ()),
        themes=tuple(stored.get("themes") or ()),
        action_items=tuple(actions),
        source=stored.get("source", "none"),
        error_code=stored.get("error_code"),
    )


def snapshot(view: SynthesisView) -> dict[str, Any]:
    """The computed parts of ``view`` to store next to the facts (JSON types)."""
    costs: dict[str, Any] = TypeAdapter(Costs).dump_python(view.costs, mode="json")
    return {
        "costs": costs,
        "risk": {
            "level": view.risk_level,
            "confidence": view.confidence,
            "factors": [
                TypeAdapter(FactorView).dump_python(f, mode="json")
                for f in view.risk_factors
            ],
        },
        "themes": [asdict(theme) for theme in view.themes],
        "action_items": [asdict(item) for item in view.advice],
    }
