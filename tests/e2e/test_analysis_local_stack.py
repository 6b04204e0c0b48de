"""Price analysis through the local stack, on the DVF sample ``make run`` loads.

The stack is built in process as ``python -m common.local up`` builds it (see
``tests.e2e.pipeline_support.local_stack``), the bundled Paris 14e sample (first half
of 2020) is loaded with ``load_sample()``, then everything goes over HTTP: sign up,
create a flat rue Daguerre, read its price analysis, exclude a comparable, read the
market trend and the public DVF statistics. The sample is years old, so these tests
also prove an analysis dates itself at the data's last sale, not at the wall clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from statistics import median
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from common.db import session_scope
from common.db.models import DvfSale
from common.dvf.sample import load_sample
from common.pricing.analysis import WINDOW_AT_DATA_END
from tests.e2e.pipeline_support import ORIGIN, Pipeline, local_stack

pytestmark = pytest.mark.e2e

VERDICTS = {
    "excellent_deal",
    "good_deal",
    "fair_price",
    "slightly_overpriced",
    "overpriced",
    "heavily_overpriced",
}
LATITUDE, LONGITUDE, SURFACE = 48.8339, 2.3265, 52.5
FLAT: dict[str, Any] = {
    "name": "T2 rue Daguerre",
    "address": "12 rue Daguerre",
    "postal_code": "75014",
    "city": "Paris",
    "property_type": "Appartement",
    "surface_area": SURFACE,
    "asking_price": 520_000,
    "latitude": LATITUDE,
    "longitude": LONGITUDE,
}
README_MEDIAN_M2 = 10_366  # shared/data/dvf/README.md, single-apartment sales
SAMPLE_SALES = 693


@pytest.fixture
def stack(clean_db: Engine, redis_flushed: Any, tmp_path: Path) -> Iterator[Pipeline]:
    """The local stack with the bundled DVF sample loaded, as ``make run`` leaves it."""
    with local_stack(tmp_path / "storage") as pipeline:
        assert load_sample() > 0
        yield pipeline


def _create(stack: Pipeline, **overrides: Any) -> str:
    response = stack.client.post(
        "/api/properties", json=FLAT | overrides, headers=ORIGIN
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    return str(response.get_json()["id"])


def _get(stack: Pipeline, path: str) -> dict[str, Any]:
    response = stack.client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)
    body: dict[str, Any] = response.get_json()
    return body


def test_analysis_local_stack_sample_flat_is_priced_from_nearby_sales(
    stack: Pipeline,
) -> None:
    # given
    stack.sign_up()
    property_id = _create(stack)
    # when
    price = _get(stack, f"/api/analysis/{property_id}/price")
    full = _get(stack, f"/api/analysis/{property_id}/price/full")
    stats = _get(stack, "/api/analysis/dvf-stats")
    # then
    assert price["status"] == "complete", price["notes"]
    assert price["comparable_count"] >= 5
    assert price["value_low"] <= price["estimated_value"] <= price["value_high"]
    assert price["p25_m2"] <= price["price_m2"] <= price["p75_m2"]
    assert 8_000 <= price["price_m2"] <= 13_000
    assert price["verdict"] in VERDICTS
    assert price["confidence"] in {"low", "medium", "high"}
    assert price["search"]["scope"] == "radius" and not price["search"]["fallback"]
    assert "no_coordinates" not in price["notes"]
    assert WINDOW_AT_DATA_END in price["notes"]  # the sample ends on 2020-06-30
    assert price["dvf_load_run_id"] == stats["last_load"]["id"]
    assert 1 <= len(full["comparables"]) <= 200
    assert all(
        c["sale_id"] and c["distance_m"] is not None for c in full["comparables"]
    )
    assert all(
        c["distance_m"] <= full["search"]["radius_m"] for c in full["comparables"]
    )
    assert all(c["date_mutation"].startswith("2020-") for c in full["comparables"])


def test_analysis_local_stack_sample_flat_lies_inside_the_sample_cloud(
    stack: Pipeline,
) -> None:
    # given / when
    with session_scope() as db:
        south, north, west, east = db.execute(
            select(
                func.min(DvfSale.latitude),
                func.max(DvfSale.latitude),
                func.min(DvfSale.longitude),
                func.max(DvfSale.longitude),
            )
        ).one()
    # then
    assert south is not None and north is not None
    assert west is not None and east is not None
    assert south < LATITUDE < north
    assert west < LONGITUDE < east


def test_analysis_local_stack_explicit_exclusion_changes_the_figures(
    stack: Pipeline,
) -> None:
    # given
    stack.sign_up()
    property_id = _create(stack)
    before = _get(stack, f"/api/analysis/{property_id}/price/full")
    used = [c for c in before["comparables"] if not c["excluded"]]
    cheapest = min(used, key=lambda c: (c["adjusted_price_m2"], c["sale_id"]))
    body = {"mode": "explicit", "excluded_sale_ids": [cheapest["sale_id"]]}
    # when
    put = stack.client.put(
        f"/api/analysis/{property_id}/price/exclusions", json=body, headers=ORIGIN
    )
    after = _get(stack, f"/api/analysis/{property_id}/price/full")
    # then
    assert put.status_code == 200, put.get_data(as_text=True)
    assert after["exclusions"]["mode"] == "explicit"
    assert after["exclusions"]["excluded_sale_ids"] == [cheapest["sale_id"]]
    rows = {c["sale_id"]: c for c in after["comparables"]}
    assert rows[cheapest["sale_id"]]["excluded"] is True
    assert rows[cheapest["sale_id"]]["exclusion_reason"] == "user"
    kept = [c["adjusted_price_m2"] for c in after["comparables"] if not c["excluded"]]
    assert after["comparable_count"] == len(kept) == len(used) - 1
    assert after["price_m2"] == pytest.approx(median(kept), abs=0.01)
    assert after["price_m2"] >= before["price_m2"]
    value = after["price_m2"] * SURFACE  # the median is rounded to the cent
    assert after["estimated_value"] == pytest.approx(value, abs=1)


def test_analysis_local_stack_market_trend_2020_median_matches_the_readme(
    stack: Pipeline,
) -> None:
    # given
    stack.sign_up()
    property_id = _create(stack)
    # when
    trend = _get(stack, f"/api/analysis/{property_id}/market-trend")["trend"]
    # then
    years = {point["year"]: point for point in trend["years"]}
    assert (trend["scope"], trend["area"]) in {
        ("postal_code", "75014"),
        ("commune", "75114"),
    }
    assert set(years) == {2020}
    assert years[2020]["median_price_m2"] == pytest.approx(README_MEDIAN_M2, rel=0.02)
    assert years[2020]["partial"] is True
    assert trend["reason"] == "insufficient_history"  # one year: no slope
    assert trend["annual_rate"] == 0.0


def test_analysis_local_stack_dvf_stats_are_public(stack: Pipeline) -> None:
    # given: nobody signed in
    # when
    stats = _get(stack, "/api/analysis/dvf-stats")
    # then
    assert stats["sales"] == SAMPLE_SALES
    assert stats["first_sale_date"] == "2020-01-02"
    assert stats["last_sale_date"] == "2020-06-30"
    assert stats["last_load"] is not None
    assert stats["last_load"]["sales_loaded"] == SAMPLE_SALES


def test_analysis_local_stack_without_coordinates_falls_back_and_says_so(
    stack: Pipeline,
) -> None:
    # given
    stack.sign_up()
    property_id = _create(stack, latitude=None, longitude=None)
    # when
    price = _get(stack, f"/api/analysis/{property_id}/price")
    # then
    assert "no_coordinates" in price["notes"]
    assert price["search"]["fallback"] is True
    # the street scope gives fewer than 5 comparables in the sample: postal code
    assert price["search"]["scopes_tried"] == ["street", "postal_code"]
    assert price["search"]["scope"] == "postal_code"
    assert "fallback_postal_code" in price["notes"]
    assert price["status"] == "complete", price["notes"]
    assert price["comparable_count"] >= 5
