"""Synthesis routes of the documents function, and their request / response models.

``register_synthesis_routes(router)`` adds to the documents router:
``GET /api/documents/synthesis/<property_id>`` (the synthesis, overrides applied),
``PATCH .../overrides`` (tantièmes and cost lines; a null removes an override) and
``POST .../regenerate`` (202: a recomputation is queued). Another user's property
answers 404 ``property_not_found``.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from common.http import ApiRequest, RateLimit, Router
from common.publisher import Publisher
from common.services import synthesis
from common.services.synthesis_view import SynthesisView

PREFIX = "/api/documents/synthesis/<uuid:property_id>"
LineId = Annotated[str, StringConstraints(min_length=1, max_length=300)]
Money = Annotated[float, Field(ge=0, le=1_000_000_000)]
Severity = Literal["low", "medium", "high", "critical"]
REGENERATE_LIMIT = RateLimit("synthesis_regenerate", 20, 3600)
_STRICT = ConfigDict(extra="forbid")
_FROM_ATTRIBUTES = ConfigDict(from_attributes=True)

# --- requests ----------------------------------------------------------------------


class TantiemesOverride(BaseModel):
    """The lot's tantièmes and the copropriété's total (lot <= total)."""

    model_config = _STRICT

    lot: int = Field(gt=0, le=1_000_000_000)
    total: int = Field(gt=0, le=1_000_000_000)

    @model_validator(mode="after")
    def _lot_within_total(self) -> Self:
        if self.lot > self.total:
            raise ValueError("lot must not exceed total")
        return self


class LineOverride(BaseModel):
    """A cost line's amount (euros) and inclusion; null removes that override."""

    model_config = _STRICT

    amount: Money | None = None
    included: bool | None = None


class OverridesPatch(BaseModel):
    """Overrides to merge: only the fields sent change; null removes one."""

    model_config = _STRICT

    tantiemes: TantiemesOverride | None = None
    lines: dict[LineId, LineOverride] | None = Field(default=None, max_length=500)


# --- responses ---------------------------------------------------------------------


class SynthesisAnnualLine(BaseModel):
    """A yearly cost of the lot (whole lot, as billed to the owner)."""

    model_config = _FROM_ATTRIBUTES

    id: str
    key: str
    label: str
    amount: float
    computed_amount: float
    source_document_id: str
    source_filename: str
    basis: str
    description: str | None
    included: bool
    overridden: bool
    superseded: bool


class SynthesisOneTimeItem(BaseModel):
    """A one-time cost; ``amount`` is the copropriété total for ``copro`` items."""

    model_config = _FROM_ATTRIBUTES

    id: str
    description: str
    year: int | None
    status: Literal["voted", "upcoming", "estimated"]
    cost_type: Literal["copro", "direct"]
    amount: float | None
    computed_amount: float | None
    buyer_amount: float | None
    called_amount: float | None
    remaining_amount: float | None
    payment_status: Literal["paid", "partially_paid", "unpaid", "unknown"]
    source_document_id: str
    source_filename: str
    included: bool
    overridden: bool
    superseded: bool
    flags: list[str]


class SynthesisTantiemes(BaseModel):
    """The tantièmes behind the buyer's share."""

    model_config = _FROM_ATTRIBUTES

    lot: int
    total: int
    share: float
    overridden: bool
    source_document_id: str | None
    computed_lot: int | None
    computed_total: int | None


class SynthesisTotals(BaseModel):
    """Totals of the included lines and items."""

    model_config = _FROM_ATTRIBUTES

    annual_total: float
    monthly_total: float
    one_time_total: float
    unpaid_total: float
    flags: list[str]


class SynthesisRiskFactor(BaseModel):
    """One explicit risk factor computed by code."""

    model_config = _FROM_ATTRIBUTES

    code: str
    severity: Severity
    description: str
    source_document_ids: list[str]
    details: dict[str, Any]


class SynthesisTheme(BaseModel):
    """A subject several risk factors point to."""

    model_config = _FROM_ATTRIBUTES

    code: str
    label: str
    severity: Severity


class SynthesisActionItem(BaseModel):
    """Something the buyer should do before signing."""

    model_config = _FROM_ATTRIBUTES

    action: str
    urgency: Literal["low", "medium", "high"]
    reason: str


class SynthesisNarrativeOut(BaseModel):
    """The words of the synthesis: by the AI, or by code after a permanent failure."""

    model_config = _FROM_ATTRIBUTES

    summary: str
    key_findings: list[str]
    themes: list[str]
    action_items: list[SynthesisActionItem]
    source: Literal["ai", "fallback", "none"]
    error_code: str | None


class SynthesisOut(BaseModel):
    """A property's synthesis as its owner sees it (overrides applied)."""

    property_id: uuid.UUID
    status: Literal["ready", "empty", "failed"]
    language: str
    generated_at: datetime | None
    document_count: int
    document_ids: list[str]
    skipped_document_ids: list[str]
    risk_level: Severity | None
    confidence: float | None
    risk_factors: list[SynthesisRiskFactor]
    risk_themes: list[SynthesisTheme]
    annual: list[SynthesisAnnualLine]
    one_time: list[SynthesisOneTimeItem]
    tantiemes: SynthesisTantiemes | None
    totals: SynthesisTotals
    orphaned_overrides: list[str]
    warnings: list[str]
    overrides: dict[str, Any]
    narrative: SynthesisNarrativeOut
    error_code: str | None
    error_message: str | None

    @classmethod
    def of(cls, view: SynthesisView) -> SynthesisOut:
        """The response for a service view."""
        costs = view.costs
        return cls.model_validate(
            {
                **{name: getattr(view, name) for name in _VIEW_FIELDS},
                "risk_themes": view.themes,
                "annual": costs.annual,
                "one_time": costs.one_time,
                "tantiemes": costs.tantiemes,
                "totals": costs.totals,
                "orphaned_overrides": costs.orphaned_overrides,
                "warnings": costs.warnings,
            },
            from_attributes=True,
        )


_VIEW_FIELDS = (
    "property_id", "status", "language", "generated_at", "document_count",
    "document_ids", "skipped_document_ids", "risk_level", "confidence", "risk_factors",
    "overrides", "narrative", "error_code", "error_message",
)  # fmt: skip


class SynthesisQueued(BaseModel):
    """A recomputation was queued; poll the synthesis for its result."""

    status: Literal["queued"] = "queued"


# --- routes ------------------------------------------------------------------------


def register_synthesis_routes(
    router: Router, *, publisher: Publisher | None = None
) -> None:
    """Add the synthesis endpoints to ``router`` (the documents router)."""

    @router.get(PREFIX, response=SynthesisOut)
    def get_synthesis(req: ApiRequest) -> SynthesisOut:
        """Read a property's synthesis, with the user's overrides applied."""
        view = synthesis.get_synthesis(req.user.user_id, req.path["property_id"])
        return SynthesisOut.of(view)

    @router.patch(f"{PREFIX}/overrides", body=OverridesPatch, response=SynthesisOut)
    def update_synthesis_overrides(
        req: ApiRequest[OverridesPatch, None],
    ) -> SynthesisOut:
        """Override tantièmes or cost lines; costs are recomputed without the AI."""
        patch = req.body.model_dump(exclude_unset=True)
        view = synthesis.update_overrides(
            req.user.user_id, req.path["property_id"], patch
        )
        return SynthesisOut.of(view)

    @router.post(
        f"{PREFIX}/regenerate",
        response=SynthesisQueued,
        status=202,
        rate_limit=REGENERATE_LIMIT,
    )
    def regenerate_synthesis(req: ApiRequest) -> SynthesisQueued:
        """Queue a recomputation of the synthesis from all analysed documents."""
        property_id = req.path["property_id"]
        synthesis.request_regeneration(
            req.user.user_id, property_id, publisher=publisher
        )
        return SynthesisQueued()
