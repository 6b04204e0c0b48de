"""Risk of a purchase from explicit factors computed by code (pure).

Document factors come from the analyses (DPE: the loi Climat et Résilience rental ban
of its class, ``Dpe.rental_ban_from``, and its end of validity by the law as much as by
its own words, ``Dpe.effective_valid_until``; amiante; plomb; termites; gas or
electrical installation in *danger immédiat*; litigation, unpaid charges and claims
in PV d'AG; missing key documents). Cost factors come from the costs with the user's
overrides and the property (voted works and unpaid one-time costs against the asking
price, charges per m² above typical, unknown tantièmes), so they follow the overrides.

Level: ``critical`` when a factor is critical or three are high; ``high`` when one is
high; ``medium`` when one is medium or three are low; ``low`` otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Literal

from common.ai.schemas import CATEGORIES, DiagsAnalysis, Dpe, PvAgAnalysis
from common.services.synthesis_facts import AnalyzedDocument, money, to_decimal
from common.services.synthesis_ledger import Costs

Severity = Literal["low", "medium", "high", "critical"]
RANK: dict[Severity, int] = {"low": 1, "medium": 2, "high": 3, "critical": 4}
BAN_SOON_YEARS = 3
PROBLEM_SEVERITY: dict[str, Severity] = {
    "litige": "high", "procedure": "high", "impayes": "medium", "sinistre": "medium",
    "other": "low",
}  # fmt: skip
KEY_CATEGORIES = ("pv_ag", "diags", "charges", "taxe_fonciere")
TYPICAL_CHARGES_PER_M2 = 50
HIGH_CHARGES_PER_M2 = 80
UNKNOWN_CONFIDENCE = 0.5
Detail = str | int | float
_NEVER = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True)
class RiskFactor:
    """One reason for concern, its severity and the documents it comes from."""

    code: str
    severity: Severity
    source_document_ids: tuple[str, ...] = ()
    details: dict[str, Detail] = field(default_factory=dict)


def risk_level(factors: Iterable[RiskFactor]) -> Severity:
    """The overall level of ``factors`` (see the module docstring)."""
    counts = dict.fromkeys(RANK, 0)
    for factor in factors:
        counts[factor.severity] += 1
    if counts["critical"] or counts["high"] >= 3:
        return "critical"
    if counts["high"]:
        return "high"
    return "medium" if counts["medium"] or counts["low"] >= 3 else "low"


def confidence(documents: Sequence[AnalyzedDocument]) -> float:
    """Mean over the 5 categories of the best classification confidence (0 if none)."""
    best: dict[str, float] = {}
    for document in documents:
        category = document.analysis.category
        score = document.confidence
        score = UNKNOWN_CONFIDENCE if score is None else score
        best[category] = max(best.get(category, 0.0), score)
    return round(sum(best.get(c, 0.0) for c in CATEGORIES) / len(CATEGORIES), 2)


def document_factors(
    documents: Sequence[AnalyzedDocument], today: date
) -> list[RiskFactor]:
    """The factors the analyses reveal, independent of costs and overrides."""
    diags = [d for d in documents if isinstance(d.analysis, DiagsAnalysis)]
    factors = _dpe_factors(diags, today) + _diags_factors(diags)
    factors += _problem_factors(documents)
    present = {document.analysis.category for document in documents}
    missing = [category for category in KEY_CATEGORIES if category not in present]
    if missing:
        severe = "pv_ag" in missing or "diags" in missing
        factors.append(
            RiskFactor(
                "missing_documents",
                "medium" if severe else "low",
                details={"categories": ", ".join(missing)},
            )
        )
    return factors


def _latest_dpe(
    diags: Sequence[AnalyzedDocument],
) -> tuple[AnalyzedDocument, Dpe] | None:
    """The DPE issued last (then analysed last) among the diagnostics."""
    found = [
        (d, d.analysis.dpe)
        for d in diags
        if isinstance(d.analysis, DiagsAnalysis) and d.analysis.dpe is not None
    ]
    if not found:
        return None
    return max(
        found,
        key=lambda pair: (
            pair[1].issued_on or date.min,
            pair[0].analyzed_at or _NEVER,
            str(pair[0].id),
        ),
    )


def _dpe_factors(diags: Sequence[AnalyzedDocument], today: date) -> list[RiskFactor]:
    latest = _latest_dpe(diags)
    if latest is None:
        sources = tuple(str(d.id) for d in diags)
        return [RiskFactor("dpe_missing", "low", sources)] if diags else []
    document, dpe = latest
    sources = (str(document.id),)
    factors: list[RiskFactor] = []
    ban_from = dpe.rental_ban_from
    if dpe.energy_class and ban_from:
        soon = ban_from.year - today.year <= BAN_SOON_YEARS
        details: dict[str, Detail] = {
            "energy_class": dpe.energy_class,
            "ban_year": ban_from.year,
        }
        factors.append(
            RiskFactor("dpe_rental_ban", "high" if soon else "medium", sources, details)
        )
    valid_until = dpe.effective_valid_until
    if valid_until and valid_until < today:
        expired: dict[str, Detail] = {"valid_until": valid_until.isoformat()}
        factors.append(RiskFactor("dpe_expired", "medium", sources, expired))
    return factors


def _diags_factors(diags: Sequence[AnalyzedDocument]) -> list[RiskFactor]:
    found: dict[tuple[str, Severity, str], list[str]] = {}

    def add(code: str, severity: Severity, subject: str, document_id: str) -> None:
        """Count ``document_id`` as a source of the factor."""
        found.setdefault((code, severity, subject), []).append(document_id)

    for document in diags:
        analysis, source = document.analysis, str(document.id)
        assert isinstance(analysis, DiagsAnalysis)
        if analysis.amiante_present:
            add("amiante_present", "high", "", source)
        if 3 in analysis.plomb_classes:
            add("plomb_risk", "high", "", source)
        elif analysis.plomb_risk:
            add("plomb_risk", "medium", "", source)
        if analysis.termites_present:
            add("termites_present", "high", "", source)
        for name in ("electricite", "gaz"):
            check = getattr(analysis, name)
            if check is not None and check.danger_immediat:
                add("installation_danger", "critical", name, source)
            elif check is not None and check.anomalies:
                add("installation_anomalies", "low", name, source)
    return [
        RiskFactor(code, severity, tuple(dict.fromkeys(sources)), _subject(subject))
        for (code, severity, subject), sources in found.items()
    ]


def _subject(subject: str) -> dict[str, Detail]:
    details: dict[str, Detail] = {"installation": subject} if subject else {}
    return details


def _problem_factors(documents: Sequence[AnalyzedDocument]) -> list[RiskFactor]:
    found: dict[str, list[str]] = {}
    for document in documents:
        if isinstance(document.analysis, PvAgAnalysis):
            for problem in document.analysis.problems:
                found.setdefault(problem.kind, []).append(str(document.id))
    return [
        RiskFactor(
            "copro_problem",
            PROBLEM_SEVERITY[kind],
            tuple(dict.fromkeys(sources)),
            {"kind": kind, "count": len(sources)},
        )
        for kind, sources in found.items()
    ]


def cost_factors(
    costs: Costs, asking_price: int | None, surface_m2: float | None
) -> list[RiskFactor]:
    """The factors that follow the costs as overridden, and the property."""
    factors = _works_factors(costs, asking_price)
    unpaid = to_decimal(costs.totals.unpaid_total)
    if unpaid > 0:
        ratio = _ratio(unpaid, asking_price)
        severity: Severity = "high" if ratio is not None and ratio >= 5 else "medium"
        factors.append(
            RiskFactor(
                "unpaid_one_time_costs",
                severity,
                _sources(i.source_document_id for i in costs.one_time if i.included),
                {"amount": money(unpaid)},
            )
        )
    factors += _charges_factors(costs, surface_m2)
    has_copro = any(item.cost_type == "copro" for item in costs.one_time)
    if has_copro and costs.tantiemes is None:
        factors.append(RiskFactor("tantiemes_unknown", "low"))
    return factors


def _ratio(amount: Decimal, asking_price: int | None) -> float | None:
    if not asking_price:
        return None
    return round(float(amount * 100 / asking_price), 2)


def _sources(ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


def _works_factors(costs: Costs, asking_price: int | None) -> list[RiskFactor]:
    voted = [
        item
        for item in costs.one_time
        if item.included and item.cost_type == "copro" and item.status == "voted"
    ]
    known = [item for item in voted if item.buyer_amount is not None]
    factors: list[RiskFactor] = []
    if len(known) < len(voted):
        sources = _sources(i.source_document_id for i in voted if i not in known)
        factors.append(RiskFactor("works_share_unknown", "medium", sources))
    burden = sum((to_decimal(i.buyer_amount or 0) for i in known), Decimal(0))
    if burden > 0:
        ratio = _ratio(burden, asking_price)
        details: dict[str, Detail] = {"amount": money(burden)}
        if ratio is not None:
            details["ratio_pct"] = ratio
        sources = _sources(i.source_document_id for i in known)
        severity = _burden_severity(burden, ratio)
        factors.append(RiskFactor("works_burden", severity, sources, details))
    return factors


def _burden_severity(amount: Decimal, ratio_pct: float | None) -> Severity:
    if ratio_pct is None:
        return "high" if amount >= 20_000 else "medium" if amount >= 5_000 else "low"
    if ratio_pct >= 10:
        return "critical"
    return "high" if ratio_pct >= 5 else "medium" if ratio_pct >= 2 else "low"


def _charges_factors(costs: Costs, surface_m2: float | None) -> list[RiskFactor]:
    keys = ("charges_copropriete", "fonds_travaux")
    lines = [line for line in costs.annual if line.included and line.key in keys]
    if not lines or not surface_m2:
        return []
    total = sum((to_decimal(line.amount) for line in lines), Decimal(0))
    per_m2 = money(total / to_decimal(surface_m2))
    if per_m2 <= TYPICAL_CHARGES_PER_M2:
        return []
    severity: Severity = "high" if per_m2 > HIGH_CHARGES_PER_M2 else "medium"
    sources = _sources(line.source_document_id for line in lines)
    return [RiskFactor("high_charges", severity, sources, {"per_m2": per_m2})]
