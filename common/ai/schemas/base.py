"""The base of the analysis schemas: frozen models, categories, words of an analysis.

Every model ignores fields it does not know (a provider may answer more) and is frozen
(facts are values). ``DocumentAnalysis`` holds what every category's analysis says in
words besides its facts: a summary, findings, risks and what the buyer should do.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

DocumentCategory = Literal["pv_ag", "diags", "taxe_fonciere", "charges", "other"]
CATEGORIES: tuple[DocumentCategory, ...] = (
    "pv_ag",
    "diags",
    "taxe_fonciere",
    "charges",
    "other",
)
Severity = Literal["low", "medium", "high"]
EnergyClass = Literal["A", "B", "C", "D", "E", "F", "G"]
Amount = Annotated[float, Field(ge=0, le=1_000_000_000)]


class SchemaModel(BaseModel):
    """A frozen model that ignores the fields it does not know."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class RiskFactor(SchemaModel):
    """A risk a document reveals."""

    severity: Severity
    description: str = Field(max_length=500)


class ActionItem(SchemaModel):
    """Something the buyer should do before signing."""

    action: str = Field(max_length=300)
    urgency: Severity
    reason: str = Field(default="", max_length=500)


class DocumentAnalysis(SchemaModel):
    """What every category analysis says in words, besides its facts."""

    summary: str = Field(default="", max_length=2000)
    key_findings: list[str] = Field(default_factory=list, max_length=20)
    risk_factors: list[RiskFactor] = Field(default_factory=list, max_length=20)
    action_items: list[ActionItem] = Field(default_factory=list, max_length=15)


class Classification(SchemaModel):
    """The category of a document and how sure the provider is."""

    category: DocumentCategory
    confidence: float = Field(ge=0, le=1)
    document_type: str | None = Field(default=None, max_length=100)
    page_count: int | None = Field(default=None, ge=0)


class SynthesisNarrative(SchemaModel):
    """The words of a synthesis, written from facts computed by code."""

    summary: str = Field(max_length=4000)
    key_findings: list[str] = Field(default_factory=list, max_length=10)
    themes: list[str] = Field(default_factory=list, max_length=10)
    action_items: list[ActionItem] = Field(default_factory=list, max_length=15)
