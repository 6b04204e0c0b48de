"""Cross-document synthesis of a property: regenerate, read, override, request.

``regenerate_synthesis`` always recomputes from every analysed document of the
property as the database holds it (never from one batch), so duplicate and reordered
events are harmless. The AI narrator is called outside any transaction; the result is
then written under the synthesis row lock only if the inputs did not change meanwhile
(otherwise it is recomputed), so the last write always reflects the latest documents
and concurrent regenerations take turns. A failure never replaces a good synthesis:
the error is recorded next to it. The user's overrides are never touched by it.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from common.ai.provider import AiProvider, get_ai
from common.db import session_scope
from common.db.models import Synthesis
from common.errors import AppError, Conflict
from common.messages import register
from common.publisher import Publisher, request_synthesis
from common.services.properties import PropertyNotFound
from common.services.synthesis_costs import compute_cost_facts
from common.services.synthesis_narrative import narrate, narration_facts
from common.services.synthesis_overrides import merge_overrides
from common.services.synthesis_risk import confidence, document_factors
from common.services.synthesis_store import (
    PropertyProfile,
    SynthesisInputs,
    find_synthesis,
    lock_synthesis,
    read_inputs,
    read_profile,
    record_failure,
)
from common.services.synthesis_view import (
    SynthesisView,
    base_result,
    build_view,
    snapshot,
)

logger = logging.getLogger(__name__)
Outcome = Literal["ready", "empty", "property_missing"]
MAX_ATTEMPTS = 3
MAX_KEY_FINDINGS = 5
PARIS = ZoneInfo("Europe/Paris")

register(
    "synthesis_inputs_changing",
    "The documents keep changing; the synthesis will be computed again.",
    "Les documents changent encore ; la synthèse sera recalculée.",
)


class SynthesisInputsChanging(Conflict):
    """The documents changed during every attempt; retry later (redelivery)."""

    code = "synthesis_inputs_changing"


def today_in_france(moment: datetime) -> date:
    """The calendar day in France at ``moment`` (due dates are French dates)."""
    return moment.astimezone(PARIS).date()


def regenerate_synthesis(
    property_id: uuid.UUID, *, ai: AiProvider | None = None, now: datetime | None = None
) -> Outcome:
    """Recompute the property's synthesis from all its analysed documents."""
    for _attempt in range(MAX_ATTEMPTS):
        with session_scope() as db:
            inputs = read_inputs(db, property_id)
        if inputs is None:
            fields = {"property_id": str(property_id)}
            logger.info("synthesis skipped, property gone", extra={"fields": fields})
            return "property_missing"
        moment = now or datetime.now(tz=UTC)
        try:
            result = _compute(inputs, ai, moment)
        except Exception as exc:
            _record_failure(property_id, exc, moment)
            raise
        outcome = _store_if_current(inputs, result, moment)
        if outcome is not None:
            return outcome
        logger.info("documents changed during synthesis, recomputing")
    error = SynthesisInputsChanging()
    _record_failure(property_id, error, now or datetime.now(tz=UTC))
    raise error


def _compute(
    inputs: SynthesisInputs, ai: AiProvider | None, now: datetime
) -> dict[str, Any]:
    """The result to store: facts, then the narrative when there are documents."""
    today, documents = today_in_france(now), inputs.documents
    result = base_result(
        inputs,
        compute_cost_facts(documents),
        document_factors(documents, today) if documents else [],
        confidence=confidence(documents) if documents else 0.0,
        now=now,
        today=today,
    )
    if documents:
        profile = inputs.profile
        view = build_view(profile.property_id, result, inputs.overrides, profile, today)
        narrator = ai or get_ai()
        result["narrative"] = narrate(narrator, narration_facts(inputs, view), view)
    return result


def _store_if_current(
    inputs: SynthesisInputs, result: dict[str, Any], now: datetime
) -> Outcome | None:
    """Write ``result`` if the inputs are still current; None when they changed."""
    property_id = inputs.profile.property_id
    with session_scope() as db:
        profile = read_profile(db, property_id, lock=True)
        if profile is None:
            return "property_missing"
        row = lock_synthesis(db, profile)
        current = read_inputs(db, property_id)
        if current is None or current.fingerprint != inputs.fingerprint:
            return None
        view = _refresh(row, result, profile, today_in_france(now))
        row.generated_at = now
        row.key_findings = list(view.narrative.key_findings[:MAX_KEY_FINDINGS])
        row.error_code = row.error_message = None
    fields = {
        "property_id": str(property_id), "status": view.status,
        "document_count": view.document_count, "risk_level": view.risk_level,
        "narrative": view.narrative.source,
    }  # fmt: skip
    logger.info("synthesis stored", extra={"fields": fields})
    return "ready" if view.status == "ready" else "empty"


def _refresh(
    row: Synthesis, result: dict[str, Any], profile: PropertyProfile, today: date
) -> SynthesisView:
    """Store ``result`` with the view of the row's overrides; update the columns."""
    view = build_view(row.property_id, result, row.overrides, profile, today)
    row.result = {**result, **snapshot(view)}
    row.status = view.status
    row.risk_level = view.risk_level
    row.annual_cost_total = view.costs.totals.annual_total
    row.one_time_cost_total = view.costs.totals.one_time_total
    row.document_count = view.document_count
    return view


def _record_failure(property_id: uuid.UUID, exc: Exception, now: datetime) -> None:
    """Record the error next to the last good synthesis (best effort)."""
    app_error = exc if isinstance(exc, AppError) else AppError()
    fields = {"property_id": str(property_id), "error_code": app_error.code}
    logger.warning("synthesis failed", extra={"fields": fields})
    try:
        with session_scope() as db:
            profile = read_profile(db, property_id, lock=True)
            if profile is not None:
                message = app_error.localized(profile.language)
                record_failure(db, profile, app_error.code, message, now)
    except AppError:
        logger.warning("synthesis failure not recorded", extra={"fields": fields})


# --- the owner's requests -----------------------------------------------------------


def _owned_profile(
    db: Session, user_id: str, property_id: uuid.UUID, *, lock: bool = False
) -> PropertyProfile:
    profile = read_profile(db, property_id, lock=lock)
    if profile is None or profile.user_id != user_id:
        raise PropertyNotFound(property_id=str(property_id))
    return profile


def _view_of(
    row: Synthesis | None, profile: PropertyProfile, today: date
) -> SynthesisView:
    if row is None:
        return build_view(profile.property_id, None, None, profile, today)
    view = build_view(row.property_id, row.result, row.overrides, profile, today)
    status = "failed" if row.status == "failed" else view.status
    return replace(
        view, status=status, error_code=row.error_code, error_message=row.error_message
    )


def get_synthesis(
    user_id: str, property_id: uuid.UUID, *, now: datetime | None = None
) -> SynthesisView:
    """The owner's synthesis with the overrides applied (``empty`` if none yet)."""
    with session_scope() as db:
        profile = _owned_profile(db, user_id, property_id)
        row = find_synthesis(db, property_id)
    return _view_of(row, profile, today_in_france(now or datetime.now(tz=UTC)))


def update_overrides(
    user_id: str,
    property_id: uuid.UUID,
    patch: dict[str, Any],
    *,
    now: datetime | None = None,
) -> SynthesisView:
    """Merge ``patch`` into the overrides and recompute costs, without any AI call."""
    today = today_in_france(now or datetime.now(tz=UTC))
    with session_scope() as db:
        profile = _owned_profile(db, user_id, property_id, lock=True)
        row = lock_synthesis(db, profile)
        row.overrides = merge_overrides(row.overrides, patch)
        if row.result is not None:
            _refresh(row, row.result, profile, today)
        view = _view_of(row, profile, today)
    fields = {"property_id": str(property_id), "fields": sorted(patch)}
    logger.info("synthesis overrides updated", extra={"fields": fields})
    return view


def request_regeneration(
    user_id: str, property_id: uuid.UUID, *, publisher: Publisher | None = None
) -> str:
    """Queue a recomputation of the owner's synthesis; the message id."""
    with session_scope() as db:
        _owned_profile(db, user_id, property_id)
    return request_synthesis(property_id, "manual", publisher=publisher)
