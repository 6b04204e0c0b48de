"""An in-memory AI provider: the :class:`common.ai.provider.AiProvider` protocol.

It answers a canned classification and a canned analysis per category (realistic
facts of French purchase documents), records every call, and raises the errors it is
told to raise, once each and in order, so that a test can play an outage followed by
a redelivery that succeeds.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import Any, Literal

from common.ai.provider import DocumentInput
from common.ai.schemas import (
    CategoryAnalysis,
    ChargesAnalysis,
    Classification,
    DiagsAnalysis,
    DocumentCategory,
    Dpe,
    FinancialObligation,
    OtherAnalysis,
    PvAgAnalysis,
    Resolution,
    RiskFactor,
    SynthesisNarrative,
    TaxBreakdown,
    TaxeFonciereAnalysis,
    Works,
)

Step = Literal["classify", "analyse", "narrate"]

CANNED_ANALYSES: dict[DocumentCategory, CategoryAnalysis] = {
    "pv_ag": PvAgAnalysis(
        summary="AG ordinaire : ravalement voté, budget adopté.",
        key_findings=["Ravalement de façade voté pour 2025"],
        risk_factors=[RiskFactor(severity="medium", description="Travaux votés")],
        meeting_date=date(2024, 6, 12),
        meeting_type="AGO",
        syndic="Cabinet Durand",
        resolutions=[
            Resolution(
                number="12", subject="Ravalement", amount_ttc=84_000, result="adoptee"
            )
        ],
        works=[
            Works(
                description="Ravalement de façade",
                amount_ttc=84_000,
                year=2025,
                status="voted",
                resolution_number="12",
            )
        ],
        annual_budget=42_000,
    ),
    "diags": DiagsAnalysis(
        summary="DPE D, pas d'amiante.",
        diagnostics_present=["dpe", "amiante", "electricite"],
        dpe=Dpe(
            energy_class="D",
            energy_kwh_m2_year=210,
            estimated_annual_cost_min=900,
            estimated_annual_cost_max=1300,
        ),
        amiante_present=False,
        carrez_surface_m2=52.3,
    ),
    "taxe_fonciere": TaxeFonciereAnalysis(
        summary="Taxe foncière 2024 : 1 234 €.",
        tax_year=2024,
        total_amount=1234,
        breakdown=TaxBreakdown(commune=800, teom=180, frais_gestion=54),
    ),
    "charges": ChargesAnalysis(
        summary="Appel de fonds trimestriel.",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 3, 31),
        period_type="quarterly",
        charges_generales=610,
        fonds_travaux_alur=40,
        total_for_period=650,
        annualized_total=2600,
        lot_number="12",
        tantiemes_lot=152,
        tantiemes_total=10_000,
    ),
    "other": OtherAnalysis(
        summary="État daté : aucun impayé.",
        document_type="etat_date",
        financial_obligations=[
            FinancialObligation(description="Frais d'état daté", amount=380, paid=True)
        ],
    ),
}


class FakeAiProvider:
    """Canned answers per category; ``fail`` queues errors for the next calls."""

    name = "fake"
    prompt_version = "fake-v1"

    def __init__(
        self,
        category: DocumentCategory = "pv_ag",
        *,
        confidence: float = 0.93,
        page_count: int | None = 3,
    ) -> None:
        self.category = category
        self.confidence = confidence
        self.page_count = page_count
        self.calls: list[tuple[Step, DocumentInput | None]] = []
        self._failures: dict[Step, list[Exception]] = {}
        self._lock = threading.Lock()

    def fail(self, step: Step, *errors: Exception) -> None:
        """Raise ``errors`` from the next calls of ``step``, one per call."""
        with self._lock:
            self._failures.setdefault(step, []).extend(errors)

    def steps(self) -> list[Step]:
        """The steps called so far, in order."""
        return [step for step, _ in self.calls]

    def classify(self, document: DocumentInput) -> Classification:
        self._called("classify", document)
        return Classification(
            category=self.category,
            confidence=self.confidence,
            document_type=self.category,
            page_count=self.page_count,
        )

    def analyse(
        self, document: DocumentInput, category: DocumentCategory
    ) -> CategoryAnalysis:
        self._called("analyse", document)
        return CANNED_ANALYSES[category]

    def narrate(self, facts: dict[str, Any], language: str) -> SynthesisNarrative:
        self._called("narrate", None)
        summary = "Synthèse du bien." if language == "fr" else "Property synthesis."
        return SynthesisNarrative(summary=summary)

    def _called(self, step: Step, document: DocumentInput | None) -> None:
        with self._lock:
            self.calls.append((step, document))
            pending = self._failures.get(step)
            error = pending.pop(0) if pending else None
        if error is not None:
            raise error
