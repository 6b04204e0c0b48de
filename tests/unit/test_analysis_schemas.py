"""Request and response models of /api/analysis, built from stored documents."""

from __future__ import annotations

from typing import Any

from common.api.analysis_schemas import (
    MAX_COMPARABLES,
    ExclusionsIn,
    PriceFullOut,
    PriceSummaryOut,
)
from tests.support import validation_errors

PROPERTY_ID = "7d0f4a8e-3c55-4bb1-9d4e-2f8f6b9a1c01"
LOAD_ID = "0b7e1f7c-4f0e-4d58-9a0e-5c3b7a2d9e10"


def _comparable(sale_id: int) -> dict[str, Any]:
    sale = {
        "sale_id": sale_id, "date_mutation": "2026-03-02", "price": 450_000.0,
        "surface": 50.0, "price_m2": 9_000.0, "rooms": 2, "address": "3 RUE DAGUERRE",
        "code_postal": "75014", "code_commune": "75114", "latitude": 48.83,
        "longitude": 2.33, "distance_m": 120.5, "ring": "300m", "rule": "radius",
    }  # fmt: skip
    return {
        "sale": sale,
        "adjusted_price_m2": 9_100.0,
        "is_outlier": False,
        "excluded": False,
        "exclusion_reason": None,
    }


def _document(comparables: int = 3, scope: str = "radius") -> dict[str, Any]:
    analysis = {
        "status": "complete", "asking_price": 500_000, "surface": 52.5,
        "estimate": {
            "price_m2": 9_000.0, "p25_m2": 8_900.0, "p75_m2": 9_100.0,
            "dispersion": 0.02, "value": 472_500, "value_low": 467_250,
            "value_high": 477_750,
        },
        "deviation_pct": 5.82, "verdict": "slightly_overpriced",
        "confidence": "medium", "confidence_score": 0.5, "used_count": comparables,
        "search": {
            "scopes_tried": [scope], "scope": scope, "rule": f"{scope}_s20_m24",
            "radius_m": 300 if scope == "radius" else None, "surface_band": 0.2,
            "months": 24, "candidate_count": comparables, "truncated": False,
        },
        "comparables": [_comparable(n) for n in range(1, comparables + 1)],
        "trend": None, "address_sale": None, "notes": ["no_coordinates"],
    }  # fmt: skip
    return {
        "property_id": PROPERTY_ID,
        "property_version": 1,
        "dvf_load_run_id": LOAD_ID,
        "computed_at": "2026-11-25T10:00:00+00:00",
        "exclusions": {
            "mode": "auto",
            "excluded_sale_ids": [],
            "included_sale_ids": [],
        },
        "analysis": analysis,
    }


def test_summary_of_document_flattens_estimate_and_search() -> None:
    summary = PriceSummaryOut.of(_document())

    assert (summary.estimated_value, summary.value_low, summary.value_high) == (
        472_500,
        467_250,
        477_750,
    )
    assert (summary.verdict, summary.comparable_count) == ("slightly_overpriced", 3)
    assert summary.search is not None
    assert (summary.search.radius_m, summary.search.fallback) == (300, False)
    assert str(summary.dvf_load_run_id) == LOAD_ID


def test_summary_of_postal_code_search_is_a_fallback() -> None:
    summary = PriceSummaryOut.of(_document(scope="postal_code"))

    assert summary.search is not None
    assert (summary.search.scope, summary.search.fallback) == ("postal_code", True)


def test_summary_without_estimate_has_null_values() -> None:
    document = _document()
    document["analysis"].update(estimate=None, search=None, verdict=None, used_count=0)

    summary = PriceSummaryOut.of(document)

    assert (summary.estimated_value, summary.search, summary.verdict) == (
        None,
        None,
        None,
    )


def test_full_of_document_flattens_each_comparable() -> None:
    full = PriceFullOut.of(_document(comparables=2))

    assert [c.sale_id for c in full.comparables] == [1, 2]
    assert full.comparables[0].adjusted_price_m2 == 9_100.0
    assert full.truncated is False


def test_full_with_too_many_comparables_is_truncated() -> None:
    full = PriceFullOut.of(_document(comparables=MAX_COMPARABLES + 5))

    assert len(full.comparables) == MAX_COMPARABLES
    assert full.truncated is True


def test_exclusions_in_defaults_to_empty_lists() -> None:
    body = ExclusionsIn.model_validate({"mode": "none"})

    assert (body.excluded_sale_ids, body.included_sale_ids) == ([], [])


def test_exclusions_in_rejects_unknown_mode_and_non_integer_ids() -> None:
    errors = validation_errors(
        ExclusionsIn,
        {"mode": "all", "excluded_sale_ids": [1, "2"], "included_sale_ids": [1.5]},
    )

    assert errors == [
        (("mode",), "literal_error"),
        (("excluded_sale_ids", 1), "int_type"),
        (("included_sale_ids", 0), "int_type"),
    ]


def test_exclusions_in_rejects_too_many_ids() -> None:
    errors = validation_errors(
        ExclusionsIn, {"mode": "explicit", "excluded_sale_ids": list(range(1001))}
    )

    assert errors == [(("excluded_sale_ids",), "too_long")]
