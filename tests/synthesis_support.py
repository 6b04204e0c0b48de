"""Synthesis tests: analysed documents (as values and as rows), a narrator that can
be made slow or can change the database while it writes, and rows read back."""

from __future__ import annotations

import base64
import json
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.ai.schemas import (
    CategoryAnalysis,
    ChargesAnalysis,
    DiagsAnalysis,
    Dpe,
    FinancialObligation,
    FundCall,
    OtherAnalysis,
    PvAgAnalysis,
    SynthesisNarrative,
    TaxeFonciereAnalysis,
    Works,
)
from common.db import session_scope
from common.db.models import Document, Synthesis
from common.services.synthesis_facts import AnalyzedDocument
from tests.fakes.ai import FakeAiProvider
from tests.support import (
    PUBSUB_EVENT,
    ROOT,
    sample_event_json,
)

ANALYZED_AT = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
NOW = datetime(2025, 6, 2, 10, 0, tzinfo=UTC)  # 2 June 2025 in France too
TODAY = date(2025, 6, 2)


def charges(**fields: Any) -> ChargesAnalysis:
    """A quarterly appel de fonds, 2025 Q1, tantièmes 152 / 10 000 (``fields`` win)."""
    values: dict[str, Any] = {
        "period_start": date(2025, 1, 1),
        "period_end": date(2025, 3, 31),
        "period_type": "quarterly",
        "charges_generales": 700.0,
        "charges_speciales": 71.87,
        "fonds_travaux_alur": 40.5,
        "total_for_period": 812.37,
        "tantiemes_lot": 152,
        "tantiemes_total": 10_000,
    }
    return ChargesAnalysis(**{**values, **fields})


def taxe(year: int = 2024, amount: float = 1234.0) -> TaxeFonciereAnalysis:
    """An avis de taxe foncière."""
    return TaxeFonciereAnalysis(tax_year=year, total_amount=amount)


def diags(**fields: Any) -> DiagsAnalysis:
    """A DDT with a D DPE costing 900 to 1 301 € a year (``fields`` win)."""
    dpe = Dpe(
        energy_class="D",
        issued_on=date(2024, 5, 2),
        valid_until=date(2034, 5, 1),
        estimated_annual_cost_min=900,
        estimated_annual_cost_max=1301,
    )
    values: dict[str, Any] = {"dpe": dpe, "amiante_present": False}
    return DiagsAnalysis(**{**values, **fields})


def facade_works(**fields: Any) -> Works:
    """Ravalement voted for 84 000 €, called in two halves (Jan. 2025, Jan. 2026)."""
    values: dict[str, Any] = {
        "description": "Ravalement de façade",
        "amount_ttc": 84_000.0,
        "year": 2025,
        "status": "voted",
        "call_for_funds": [
            FundCall(due_date=date(2025, 1, 15), amount=42_000),
            FundCall(due_date=date(2026, 1, 15), amount=42_000),
        ],
    }
    return Works(**{**values, **fields})


def pv_ag(
    *works: Works, meeting: date = date(2024, 6, 12), **fields: Any
) -> PvAgAnalysis:
    """A PV d'AG of ``meeting`` with ``works`` (the ravalement by default)."""
    chosen = list(works) if works else [facade_works()]
    return PvAgAnalysis(meeting_date=meeting, works=chosen, **fields)


def other(*obligations: FinancialObligation, **fields: Any) -> OtherAnalysis:
    """Another document with ``obligations``."""
    return OtherAnalysis(financial_obligations=list(obligations), **fields)


def obligation(
    description: str, amount: float | None, **fields: Any
) -> FinancialObligation:
    """A financial obligation (one-time unless ``frequency`` says otherwise)."""
    return FinancialObligation(description=description, amount=amount, **fields)


def analyzed(
    analysis: CategoryAnalysis,
    *,
    filename: str | None = None,
    analyzed_at: datetime = ANALYZED_AT,
    confidence: float | None = 0.9,
    document_id: uuid.UUID | None = None,
) -> AnalyzedDocument:
    """``analysis`` as an analysed document value."""
    return AnalyzedDocument(
        id=document_id or uuid.uuid4(),
        filename=filename or f"{analysis.category}.pdf",
        analysis=analysis,
        analyzed_at=analyzed_at,
        confidence=confidence,
    )


def full_set() -> list[CategoryAnalysis]:
    """One analysis of each category."""
    return [
        pv_ag(),
        diags(),
        taxe(),
        charges(),
        other(obligation("Assurance PNO", 15.0, frequency="monthly")),
    ]


def add_document(
    db: Session,
    property_id: uuid.UUID,
    user_id: str,
    analysis: CategoryAnalysis | None,
    *,
    status: str = "analyzed",
    filename: str | None = None,
    analyzed_at: datetime = ANALYZED_AT,
    confidence: float | None = 0.9,
) -> uuid.UUID:
    """A document row of the property, analysed as the pipeline stores it."""
    document_id = uuid.uuid4()
    name = filename or (f"{analysis.category}.pdf" if analysis else "pending.pdf")
    db.add(
        Document(
            id=document_id, property_id=property_id, user_id=user_id, filename=name,
            storage_key=f"users/{user_id}/properties/{property_id}/documents/"
            f"{document_id}/{name}",
            status=status, category=analysis.category if analysis else None,
            category_confidence=confidence,
            analysis=analysis.model_dump(mode="json") if analysis else None,
            analyzed_at=analyzed_at if analysis else None,
        )
    )  # fmt: skip
    db.flush()
    return document_id


def saved_documents(
    property_id: uuid.UUID, user_id: str, analyses: list[CategoryAnalysis]
) -> list[uuid.UUID]:
    """:func:`add_document` for each analysis, in one committed unit of work."""
    with session_scope() as db:
        return [add_document(db, property_id, user_id, a) for a in analyses]


def delete_documents(*document_ids: uuid.UUID) -> None:
    """Delete document rows (as the documents function does)."""
    with session_scope() as db:
        for document_id in document_ids:
            found = db.get(Document, document_id)
            if found is not None:
                db.delete(found)


def stored_synthesis(property_id: uuid.UUID) -> Synthesis | None:
    """The synthesis row, read in a fresh unit of work."""
    with session_scope() as db:
        return db.scalars(
            select(Synthesis).where(Synthesis.property_id == property_id)
        ).first()


class ScriptedNarrator(FakeAiProvider):
    """A fake narrator that records its facts and may run a hook while it narrates."""

    def __init__(self, hook: Callable[[int], None] | None = None) -> None:
        super().__init__()
        self.facts: list[tuple[dict[str, Any], str]] = []
        self.hook = hook
        self._narrations = 0
        self._count_lock = threading.Lock()

    def narrate(self, facts: dict[str, Any], language: str) -> SynthesisNarrative:
        with self._count_lock:
            self._narrations += 1
            number = self._narrations
            self.facts.append((facts, language))
        if self.hook is not None:
            self.hook(number)
        super().narrate(facts, language)
        findings = [f["description"] for f in facts["risk_factors"]][:7]
        return SynthesisNarrative(
            summary=f"AI summary ({language})", key_findings=findings
        )


# --- Pub/Sub push events of the synthesis function ------------------------------


def synthesis_event(
    property_id: uuid.UUID, reason: str = "document_analyzed"
) -> dict[str, Any]:
    """The sample push event, sent now, about ``property_id``, with a fresh id."""
    event = sample_event_json(PUBSUB_EVENT)
    now = datetime.now(tz=UTC).isoformat()
    message = {"property_id": str(property_id), "reason": reason, "requested_at": now}
    event["data"]["message"]["data"] = base64.b64encode(
        json.dumps(message).encode()
    ).decode()
    event["time"] = now
    event["id"] = uuid.uuid4().hex
    return event


def synthesis_function_client() -> Any:
    """A test client of ``functions/synthesis/main.py`` as a CloudEvent function."""
    from functions_framework import create_app

    source = ROOT / "functions" / "synthesis" / "main.py"
    app = create_app(
        target="on_synthesis_requested", source=str(source), signature_type="cloudevent"
    )
    return app.test_client()
