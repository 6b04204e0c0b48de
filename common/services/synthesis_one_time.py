"""One-time costs and tantièmes, extracted from the documents' analyses (pure).

Works of a PV d'AG are ``copro`` items: their amount is the copropriété's total, the
buyer's share follows tantièmes, and their calls for funds are copropriété amounts
too. One-time obligations of other documents are ``direct`` items (the buyer pays 100
%); their status is ``upcoming``. Item ids come from the document id, the normalised
description and the year, so they survive regenerations.
"""

from __future__ import annotations

from collections.abc import Sequence

from common.ai.schemas import ChargesAnalysis, OtherAnalysis, PvAgAnalysis
from common.services.synthesis_facts import (
    AnalyzedDocument,
    FundCallFact,
    OneTimeFact,
    TantiemesFact,
    money,
    slug,
    unique_name,
)


def works_items(
    document: AnalyzedDocument, analysis: PvAgAnalysis
) -> list[OneTimeFact]:
    """The works of a PV d'AG: copropriété totals and their calls for funds."""
    items: list[OneTimeFact] = []
    seen: dict[str, int] = {}
    for works in analysis.works:
        name = unique_name(seen, f"{slug(works.description)}:{works.year or 'na'}")
        calls = tuple(
            FundCallFact(c.due_date, money(c.amount)) for c in works.call_for_funds
        )
        amount = money(works.amount_ttc) if works.amount_ttc is not None else None
        items.append(
            OneTimeFact(
                id=f"one_time:{document.id}:{name}", description=works.description,
                year=works.year, status=works.status, cost_type="copro", amount=amount,
                source_document_id=document.id, source_filename=document.filename,
                calls=calls,
            )
        )  # fmt: skip
    return items


def direct_items(
    document: AnalyzedDocument, analysis: OtherAnalysis
) -> list[OneTimeFact]:
    """The one-time obligations of another document, paid in full by the buyer."""
    items: list[OneTimeFact] = []
    seen: dict[str, int] = {}
    for obligation in analysis.financial_obligations:
        if obligation.frequency != "one_time":
            continue
        due = obligation.due_date
        year = due.year if due else None
        name = unique_name(seen, f"{slug(obligation.description)}:{year or 'na'}")
        amount = money(obligation.amount) if obligation.amount is not None else None
        items.append(
            OneTimeFact(
                id=f"one_time:{document.id}:{name}", description=obligation.description,
                year=year, status="upcoming", cost_type="direct", amount=amount,
                source_document_id=document.id, source_filename=document.filename,
                due_date=due, paid=obligation.paid,
            )
        )  # fmt: skip
    return items


def tantiemes_fact(ordered: Sequence[AnalyzedDocument]) -> TantiemesFact | None:
    """The lot / total of the most recent charges document that gives valid ones."""
    for document in reversed(ordered):
        analysis = document.analysis
        if not isinstance(analysis, ChargesAnalysis):
            continue
        lot, total = analysis.tantiemes_lot, analysis.tantiemes_total
        if lot is not None and total is not None and lot <= total:
            return TantiemesFact(lot, total, document.id, document.filename)
    return None
