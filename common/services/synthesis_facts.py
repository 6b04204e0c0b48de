"""The values a synthesis is computed from and stored with: documents and cost facts.

Frozen dataclasses, stored in the synthesis result as JSON (``FACTS_ADAPTER``) so that
the user's overrides can be applied again without re-reading any document. Amounts are
euros TTC rounded half up to the cent; arithmetic goes through ``Decimal``.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from pydantic import TypeAdapter

from common.ai.schemas import CategoryAnalysis

AnnualKey = Literal[
    "charges_copropriete", "taxe_fonciere", "estimated_energy", "fonds_travaux",
    "other_recurring",
]  # fmt: skip
ANNUAL_KEYS: tuple[AnnualKey, ...] = (
    "charges_copropriete", "taxe_fonciere", "estimated_energy", "fonds_travaux",
    "other_recurring",
)  # fmt: skip
WorkStatus = Literal["voted", "upcoming", "estimated"]
CostType = Literal["copro", "direct"]
CENT = Decimal("0.01")
_SLUG_MAX = 60


def money(value: Decimal | float | int) -> float:
    """``value`` rounded half up to the cent, as a float for JSON."""
    return float(Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP))


def to_decimal(value: float | int) -> Decimal:
    """The exact decimal of a float as written (``0.1`` is ``Decimal("0.1")``)."""
    return Decimal(str(value))


def slug(text: str) -> str:
    """A stable, accent-free, lowercase form of a description, for ids."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return words[:_SLUG_MAX].rstrip("-") or "item"


def unique_name(seen: dict[str, int], name: str) -> str:
    """``name``, suffixed ``-2``, ``-3``... when ``seen`` already counted it."""
    seen[name] = seen.get(name, 0) + 1
    return name if seen[name] == 1 else f"{name}-{seen[name]}"


@dataclass(frozen=True)
class AnalyzedDocument:
    """One analysed document of the property, its analysis validated back."""

    id: uuid.UUID
    filename: str
    analysis: CategoryAnalysis
    analyzed_at: datetime | None = None
    confidence: float | None = None


@dataclass(frozen=True)
class AnnualFact:
    """A yearly cost for the lot as a document gives it, before the user's overrides."""

    id: str
    key: AnnualKey
    amount: float
    source_document_id: uuid.UUID
    source_filename: str
    basis: str
    periods_per_year: float | None = None
    description: str | None = None
    superseded: bool = False


@dataclass(frozen=True)
class FundCallFact:
    """One call for funds of voted works (copropriété level)."""

    due_date: date | None
    amount: float


@dataclass(frozen=True)
class OneTimeFact:
    """A one-time cost: works of the copropriété or a direct obligation."""

    id: str
    description: str
    year: int | None
    status: WorkStatus
    cost_type: CostType
    amount: float | None
    source_document_id: uuid.UUID
    source_filename: str
    calls: tuple[FundCallFact, ...] = ()
    due_date: date | None = None
    paid: bool | None = None
    superseded: bool = False


@dataclass(frozen=True)
class TantiemesFact:
    """The lot's tantièmes as the most recent charges document gives them."""

    lot: int
    total: int
    source_document_id: uuid.UUID
    source_filename: str


@dataclass(frozen=True)
class CostFacts:
    """Every computed cost fact of a property: what overrides are applied to."""

    annual: tuple[AnnualFact, ...] = ()
    one_time: tuple[OneTimeFact, ...] = ()
    tantiemes: TantiemesFact | None = None
    warnings: tuple[str, ...] = ()


FACTS_ADAPTER: TypeAdapter[CostFacts] = TypeAdapter(CostFacts)
