"""Deterministic merge of the analyses of a long PDF's page chunks, per category.

Pure functions over the chunk analyses in page order. The rules: a scalar fact is the
first non-null value in page order (``"unknown"``/``"other"`` count as null where they
are the "not said" value of an enumeration); lists are concatenated in page order and
de-duplicated by a key (a later duplicate only fills the fields the first left null);
summaries are joined. One exception, on purpose: a hazard flag (amiante, plomb,
termites, danger immédiat) is true when any chunk says true, because a chunk that did
not see the report's conclusion must not hide a hazard another chunk found. Lists and
texts are cut to the schema's maximum lengths, so the merge is always a valid model.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, TypeVar, cast

from annotated_types import MaxLen
from pydantic import BaseModel

from common.ai.french import fold
from common.ai.schemas import (
    CategoryAnalysis,
    ChargesAnalysis,
    DiagsAnalysis,
    DocumentCategory,
    Dpe,
    InstallationCheck,
    OtherAnalysis,
    PvAgAnalysis,
    TaxBreakdown,
    TaxeFonciereAnalysis,
)

ModelT = TypeVar("ModelT", bound=BaseModel)
ItemT = TypeVar("ItemT")
_NOT_SAID = (None, "unknown")
SUMMARY_SEPARATOR = "\n\n"


def first_present(
    values: Iterable[ItemT | None], absent: Sequence[object] = (None,)
) -> ItemT | None:
    """The first value that is not one of ``absent`` (None by default)."""
    return next((value for value in values if value not in absent), None)


def any_true(values: Iterable[bool | None]) -> bool | None:
    """True if any value is true, else the first non-null value."""
    collected = list(values)
    return True if True in collected else first_present(collected)


def fill_missing(first: ModelT, later: ModelT) -> ModelT:
    """``first`` with its null (or ``"unknown"``) fields taken from ``later``."""
    update = {
        name: getattr(later, name)
        for name in type(first).model_fields
        if getattr(first, name) in _NOT_SAID and getattr(later, name) not in _NOT_SAID
    }
    return first.model_copy(update=update) if update else first


def unique(
    items: Iterable[ItemT], key: Callable[[ItemT], Hashable] | None = None
) -> list[ItemT]:
    """Items in order without later duplicates of a key (models: later fill nulls)."""
    by_key: dict[Hashable, ItemT] = {}
    for item in items:
        item_key = key(item) if key else _default_key(item)
        kept = by_key.get(item_key)
        if kept is None:
            by_key[item_key] = item
        elif isinstance(kept, BaseModel) and isinstance(item, BaseModel):
            by_key[item_key] = cast(ItemT, fill_missing(kept, item))
    return list(by_key.values())


def _default_key(item: object) -> Hashable:
    if isinstance(item, BaseModel):
        return item.model_dump_json()
    if isinstance(item, str):
        return " ".join(fold(item).split())
    return item


def merged_model(parts: Iterable[ModelT | None]) -> ModelT | None:
    """Field-wise first non-null over the present ``parts`` (None if none)."""
    present = [part for part in parts if part is not None]
    if not present:
        return None
    merged = present[0]
    for later in present[1:]:
        merged = fill_missing(merged, later)
    return merged


def _flat(lists: Iterable[Iterable[ItemT]]) -> list[ItemT]:
    return [item for items in lists for item in items]


def _text_key(text: str) -> str:
    return " ".join(fold(text).split())


def _common(parts: Sequence[CategoryAnalysis]) -> dict[str, Any]:
    """Summary, key findings, risk factors and action items of all parts."""
    summaries = unique(part.summary.strip() for part in parts)
    return {
        "summary": SUMMARY_SEPARATOR.join(text for text in summaries if text),
        "key_findings": unique(_flat(part.key_findings for part in parts)),
        "risk_factors": unique(
            _flat(part.risk_factors for part in parts),
            key=lambda risk: _text_key(risk.description),
        ),
        "action_items": unique(
            _flat(part.action_items for part in parts),
            key=lambda item: _text_key(item.action),
        ),
    }


def _build(model: type[ModelT], values: dict[str, Any]) -> ModelT:
    """``model`` from ``values``, lists and texts cut to the schema's maximum length."""
    fitted = dict(values)
    for name, field in model.model_fields.items():
        limits = [
            item.max_length for item in field.metadata if isinstance(item, MaxLen)
        ]
        value = fitted.get(name)
        if limits and isinstance(value, list | str) and len(value) > limits[0]:
            cut = limits[0]
            fitted[name] = (
                value[: cut - 1] + "…" if isinstance(value, str) else value[:cut]
            )
    return model.model_validate(fitted)


def _first(parts: Sequence[BaseModel], *names: str) -> dict[str, Any]:
    return {
        name: first_present(getattr(part, name) for part in parts) for name in names
    }


def _installation(
    checks: Iterable[InstallationCheck | None],
) -> InstallationCheck | None:
    present = [check for check in checks if check is not None]
    if not present:
        return None
    return _build(
        InstallationCheck,
        {
            "anomalies": first_present(check.anomalies for check in present),
            "danger_immediat": any(check.danger_immediat for check in present),
            "details": unique(_flat(check.details for check in present)),
        },
    )


def merge_diags(parts: Sequence[DiagsAnalysis]) -> DiagsAnalysis:
    """One diagnostics analysis from its chunks' analyses."""
    values = _common(parts) | _first(parts, "carrez_surface_m2")
    values |= {
        "diagnostics_present": unique(_flat(p.diagnostics_present for p in parts)),
        "dpe": merged_model(cast(Iterable[Dpe | None], (p.dpe for p in parts))),
        "amiante_present": any_true(p.amiante_present for p in parts),
        "plomb_risk": any_true(p.plomb_risk for p in parts),
        "plomb_classes": unique(_flat(p.plomb_classes for p in parts)),
        "electricite": _installation(p.electricite for p in parts),
        "gaz": _installation(p.gaz for p in parts),
        "termites_present": any_true(p.termites_present for p in parts),
        "erp_risks": unique(_flat(p.erp_risks for p in parts)),
    }
    return _build(DiagsAnalysis, values)


def merge_pv_ag(parts: Sequence[PvAgAnalysis]) -> PvAgAnalysis:
    """One general-meeting analysis: resolutions by number, works by resolution."""
    values = _common(parts) | _first(
        parts, "meeting_date", "syndic", "annual_budget", "fonds_travaux_balance"
    )
    values |= {
        "meeting_type": first_present((p.meeting_type for p in parts), _NOT_SAID)
        or "unknown",
        "resolutions": unique(
            _flat(p.resolutions for p in parts), key=lambda r: _text_key(r.number)
        ),
        "works": unique(
            _flat(p.works for p in parts),
            key=lambda w: _text_key(w.resolution_number or w.description),
        ),
        "problems": unique(
            _flat(p.problems for p in parts),
            key=lambda problem: (problem.kind, _text_key(problem.description)),
        ),
    }
    return _build(PvAgAnalysis, values)


def merge_taxe_fonciere(parts: Sequence[TaxeFonciereAnalysis]) -> TaxeFonciereAnalysis:
    """One taxe foncière analysis: first stated year, total and parts."""
    values = _common(parts) | _first(
        parts, "tax_year", "total_amount", "cadastral_reference"
    )
    values["breakdown"] = merged_model(p.breakdown for p in parts) or TaxBreakdown()
    return _build(TaxeFonciereAnalysis, values)


def merge_charges(parts: Sequence[ChargesAnalysis]) -> ChargesAnalysis:
    """One charges analysis: first stated period, amounts, lot and tantièmes."""
    values = _common(parts) | _first(
        parts, "period_start", "period_end", "charges_generales", "charges_speciales",
        "fonds_travaux_alur", "total_for_period", "annualized_total", "lot_number",
        "tantiemes_lot", "tantiemes_total",
    )  # fmt: skip
    values["period_type"] = (
        first_present((p.period_type for p in parts), (None, "other")) or "other"
    )
    return _build(ChargesAnalysis, values)


def merge_other(parts: Sequence[OtherAnalysis]) -> OtherAnalysis:
    """One analysis of another document: its type, obligations and key dates."""
    values = _common(parts)
    values |= {
        "document_type": first_present(
            (p.document_type for p in parts), (None, "other")
        )
        or "other",
        "financial_obligations": unique(
            _flat(p.financial_obligations for p in parts),
            key=lambda o: (_text_key(o.description), o.amount, o.due_date),
        ),
        "key_dates": unique(
            _flat(p.key_dates for p in parts),
            key=lambda d: (d.day, _text_key(d.description)),
        ),
    }
    return _build(OtherAnalysis, values)


_MERGERS: dict[DocumentCategory, tuple[type[BaseModel], Callable[[Any], BaseModel]]] = {
    "diags": (DiagsAnalysis, merge_diags),
    "pv_ag": (PvAgAnalysis, merge_pv_ag),
    "taxe_fonciere": (TaxeFonciereAnalysis, merge_taxe_fonciere),
    "charges": (ChargesAnalysis, merge_charges),
    "other": (OtherAnalysis, merge_other),
}


def merge_analyses(
    category: DocumentCategory, parts: Sequence[BaseModel]
) -> CategoryAnalysis:
    """The merge of ``parts`` (chunk analyses in page order) of one ``category``."""
    model, merge = _MERGERS[category]
    if not parts or not all(isinstance(part, model) for part in parts):
        raise TypeError(f"merge of {category} needs {model.__name__} parts")
    if len(parts) == 1:
        return cast(CategoryAnalysis, parts[0])
    return cast(CategoryAnalysis, merge(parts))
