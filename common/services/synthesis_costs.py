"""Cost facts of a synthesis, extracted by code from the documents' structured analyses.

Pure functions, no I/O. Amounts are euros TTC, rounded half up to the cent. Rules:

- ``charges_copropriete``: ``annualized_total``, else ``total_for_period`` (or générales
  + spéciales) times the periods per year of ``period_type`` (an ``other`` period is
  annualised from its dates, in whole months). Assumption: ``fonds_travaux_alur`` is
  an amount of the document's period, and an appel de fonds totals it with the
  charges (``annualized_total`` too), so it is taken out of the charges and becomes
  its own ``fonds_travaux`` line, never counted twice; unless the parts show the
  total excludes it (générales + spéciales = total, within 1 €) or the total is
  derived from the parts. An amount for the whole lot, as billed to the owner.
- ``taxe_fonciere``: ``total_amount``; ``estimated_energy``: the midpoint of the DPE's
  estimated annual cost range; ``other_recurring``: monthly, quarterly and annual
  financial obligations of ``other`` documents, annualised.
- When several documents give the same key, the most recent (period end, tax year, DPE
  date, meeting date, then ``analyzed_at``) is used; the others are kept, superseded.
  ``other_recurring`` lines are distinct contracts: only the same obligation (same
  normalised description) supersedes across documents. Works of several PV d'AG with
  the same description and year are one work: the latest meeting's wins.
- One-time items: works of PV d'AG (``copro``: the amount is the copropriété's total)
  and one-time obligations of other documents (``direct``: the buyer pays 100 %).
- Tantièmes: from the most recent charges document that gives a valid lot / total.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TypeVar

from common.ai.schemas import (
    CategoryAnalysis,
    ChargesAnalysis,
    DiagsAnalysis,
    OtherAnalysis,
    PvAgAnalysis,
    TaxeFonciereAnalysis,
)
from common.services.synthesis_facts import (
    ANNUAL_KEYS,
    AnalyzedDocument,
    AnnualFact,
    AnnualKey,
    CostFacts,
    OneTimeFact,
    money,
    slug,
    to_decimal,
    unique_name,
)
from common.services.synthesis_one_time import (
    direct_items,
    tantiemes_fact,
    works_items,
)

PERIODS_PER_YEAR = {"annual": 1, "semester": 2, "quarterly": 4, "monthly": 12}
OBLIGATION_PERIODS = {"annual": 1, "quarterly": 4, "monthly": 12}
_NEVER = datetime.min.replace(tzinfo=UTC)
Fact = TypeVar("Fact", AnnualFact, OneTimeFact)


def compute_cost_facts(documents: Iterable[AnalyzedDocument]) -> CostFacts:
    """The annual lines, one-time items and tantièmes of ``documents``."""
    ordered = sorted(documents, key=_recency)
    annual: list[AnnualFact] = []
    one_time: list[OneTimeFact] = []
    warnings: list[str] = []
    for document in ordered:
        analysis = document.analysis
        if isinstance(analysis, ChargesAnalysis):
            lines = _charges_lines(document, analysis)
            if not lines and _has_charges(analysis):
                warnings.append(f"charges_period_unknown:{document.id}")
            annual += lines
        elif isinstance(analysis, TaxeFonciereAnalysis):
            if analysis.total_amount is not None:
                amount = analysis.total_amount
                annual.append(_annual(document, "taxe_fonciere", amount, "tax_notice"))
        elif isinstance(analysis, DiagsAnalysis):
            annual += _energy_lines(document, analysis)
        elif isinstance(analysis, OtherAnalysis):
            annual += _obligation_lines(document, analysis)
            one_time += direct_items(document, analysis)
        elif isinstance(analysis, PvAgAnalysis):
            one_time += works_items(document, analysis)
    annual = sorted(
        _supersede(annual, _annual_group),
        key=lambda fact: (ANNUAL_KEYS.index(fact.key), fact.superseded),
    )
    one_time = sorted(
        _supersede(one_time, _one_time_group), key=lambda fact: fact.superseded
    )
    return CostFacts(
        annual=tuple(annual),
        one_time=tuple(one_time),
        tantiemes=tantiemes_fact(ordered),
        warnings=tuple(warnings),
    )


# --- recency and supersession ------------------------------------------------------


def _document_date(analysis: CategoryAnalysis) -> date | None:
    if isinstance(analysis, ChargesAnalysis):
        return analysis.period_end or analysis.period_start
    if isinstance(analysis, TaxeFonciereAnalysis):
        return date(analysis.tax_year, 12, 31) if analysis.tax_year else None
    if isinstance(analysis, DiagsAnalysis):
        return analysis.dpe.issued_on if analysis.dpe else None
    if isinstance(analysis, PvAgAnalysis):
        return analysis.meeting_date
    return None


def _recency(document: AnalyzedDocument) -> tuple[bool, date, datetime, str]:
    """Oldest first: undated before dated, then by date, analysis time and id."""
    day = _document_date(document.analysis)
    analyzed = document.analyzed_at or _NEVER
    return (day is not None, day or date.min, analyzed, str(document.id))


def _annual_group(fact: AnnualFact) -> tuple[str, ...]:
    return (fact.key, slug(fact.description)) if fact.description else (fact.key,)


def _one_time_group(fact: OneTimeFact) -> tuple[str, ...]:
    if fact.cost_type == "direct":
        return (fact.id,)
    return ("works", slug(fact.description), str(fact.year))


def _supersede(
    facts: list[Fact], group: Callable[[Fact], tuple[str, ...]]
) -> list[Fact]:
    """Facts come oldest document first: each group's latest document wins."""
    latest = {group(fact): fact.source_document_id for fact in facts}
    return [
        fact
        if latest[group(fact)] == fact.source_document_id
        else replace(fact, superseded=True)
        for fact in facts
    ]


# --- annual lines ------------------------------------------------------------------


def _annual(
    document: AnalyzedDocument,
    key: AnnualKey,
    amount: Decimal | float,
    basis: str,
    *,
    periods: float | None = None,
    description: str | None = None,
    suffix: str = "",
) -> AnnualFact:
    return AnnualFact(
        id=f"annual:{key}:{document.id}{suffix}", key=key, amount=money(amount),
        source_document_id=document.id, source_filename=document.filename,
        basis=basis, periods_per_year=periods, description=description,
    )  # fmt: skip


def _has_charges(analysis: ChargesAnalysis) -> bool:
    parts = (analysis.total_for_period, analysis.charges_generales)
    return any(part is not None for part in (*parts, analysis.charges_speciales))


def periods_per_year(analysis: ChargesAnalysis) -> Decimal | None:
    """How many of the document's periods make a year (None when unknown)."""
    if analysis.period_type in PERIODS_PER_YEAR:
        return Decimal(PERIODS_PER_YEAR[analysis.period_type])
    if analysis.period_start and analysis.period_end:
        days = (analysis.period_end - analysis.period_start).days + 1
        months = round(Decimal(days) / Decimal("30.4375"))
        return Decimal(12) / months if months >= 1 else None
    return None


def _alur_included(analysis: ChargesAnalysis, period_total: Decimal) -> bool:
    """Whether the period total counts the ALUR contribution (see the module doc)."""
    parts = [analysis.charges_generales, analysis.charges_speciales]
    if analysis.total_for_period is None:
        return False  # the total is générales + spéciales
    if all(part is None for part in parts):
        return True
    known = sum((to_decimal(part) for part in parts if part is not None), Decimal(0))
    return abs(known - period_total) > 1


def _charges_lines(
    document: AnalyzedDocument, analysis: ChargesAnalysis
) -> list[AnnualFact]:
    periods = periods_per_year(analysis)
    alur = analysis.fonds_travaux_alur
    fonds = to_decimal(alur) * periods if alur is not None and periods else None
    if analysis.annualized_total is not None:
        total, basis = to_decimal(analysis.annualized_total), "annualized_total"
        include_alur = True
    else:
        parts = (analysis.charges_generales, analysis.charges_speciales)
        period_total = (
            to_decimal(analysis.total_for_period)
            if analysis.total_for_period is not None
            else sum((to_decimal(p) for p in parts if p is not None), Decimal(0))
        )
        if periods is None or not _has_charges(analysis):
            return []
        total, basis = period_total * periods, "period_total"
        include_alur = _alur_included(analysis, period_total)
    if fonds is not None and include_alur and fonds <= total:
        total -= fonds
    lines = [
        _annual(document, "charges_copropriete", total, basis, periods=_float(periods))
    ]
    if fonds is not None:
        lines.append(_annual(document, "fonds_travaux", fonds, "fonds_travaux_alur"))
    return lines


def _float(value: Decimal | None) -> float | None:
    return None if value is None else round(float(value), 4)


def _energy_lines(
    document: AnalyzedDocument, analysis: DiagsAnalysis
) -> list[AnnualFact]:
    dpe = analysis.dpe
    if dpe is None:
        return []
    bounds = [dpe.estimated_annual_cost_min, dpe.estimated_annual_cost_max]
    known = [to_decimal(bound) for bound in bounds if bound is not None]
    if not known:
        return []
    midpoint = sum(known, Decimal(0)) / len(known)
    return [_annual(document, "estimated_energy", midpoint, "dpe_midpoint")]


def _obligation_lines(
    document: AnalyzedDocument, analysis: OtherAnalysis
) -> list[AnnualFact]:
    lines: list[AnnualFact] = []
    seen: dict[str, int] = {}
    for obligation in analysis.financial_obligations:
        periods = OBLIGATION_PERIODS.get(obligation.frequency)
        if periods is None or obligation.amount is None:
            continue
        suffix = unique_name(seen, slug(obligation.description))
        amount = to_decimal(obligation.amount) * periods
        lines.append(
            _annual(
                document, "other_recurring", amount, obligation.frequency,
                periods=periods, description=obligation.description,
                suffix=f":{suffix}",
            )
        )  # fmt: skip
    return lines
