"""analyse_price end to end against PostgreSQL: estimate, verdict, exclusions."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy.orm import Session

from common.db.models import Property
from common.pricing.analysis import analyse_price, as_json
from common.pricing.exclusions import Exclusions
from common.pricing.stats import time_adjusted
from tests.factories import create_property
from tests.integration.pricing_support import (
    ORIGIN_LAT,
    ORIGIN_LON,
    TODAY,
    add_sale,
    add_sales,
)

DAGUERRE = ("12", "RUE DAGUERRE", "2515")


def _located(db: Session, owner: str, **fields: object) -> Property:
    return create_property(
        db, owner, latitude=ORIGIN_LAT, longitude=ORIGIN_LON, **fields
    )


def test_analysis_thirteen_close_sales_give_estimate_and_verdict(
    db_session: Session, owner: str
) -> None:
    add_sales(db_session, 13, north_m=150.0)  # 10 000 ... 10 120 €/m², one year
    result = analyse_price(db_session, _located(db_session, owner), today=TODAY)
    assert result.status == "complete" and result.used_count == 13
    assert result.estimate is not None
    # type-7 quartiles of 13 values: ranks 3, 6, 9 -> 10 030, 10 060, 10 090
    assert (result.estimate.p25_m2, result.estimate.price_m2) == (10_030, 10_060)
    assert result.estimate.p75_m2 == 10_090
    assert result.estimate.value == round(10_060 * 52.5)  # 528 150
    assert (result.estimate.value_low, result.estimate.value_high) == (
        round(10_030 * 52.5), round(10_090 * 52.5),
    )  # fmt: skip
    assert result.deviation_pct == round((520_000 - 528_150) / 528_150 * 100, 2)
    assert result.verdict == "fair_price"
    # size 13/20, spread 1 - (60 / 10 060) / 0.5, proximity 1 (300 m)
    assert (result.confidence, result.confidence_score) == ("high", 0.64)
    assert result.search is not None and result.search.rule == "radius_300m_s20_m24"
    assert "trend_unavailable_no_time_adjustment" in result.notes


def test_analysis_comparables_are_time_adjusted_with_local_trend(
    db_session: Session, owner: str
) -> None:
    for year in range(2021, 2024):
        for day in (1, 2, 3):
            price = 10_000 * 1.05 ** (year - 2021)
            add_sale(
                db_session, north_m=5000.0, price_m2=price, sold_on=date(year, 12, day)
            )
    for _ in range(12):  # 2024 at the same 5 % a year: 11 576.25 €/m²
        add_sale(
            db_session, north_m=100.0, price_m2=11_576.25, sold_on=date(2024, 12, 2)
        )
    db_session.flush()
    result = analyse_price(db_session, _located(db_session, owner), today=TODAY)
    assert result.trend is not None
    assert result.trend.annual_rate == pytest.approx(0.05, abs=1e-6)
    first = result.comparables[0]
    expected = time_adjusted(
        11_576.25, date(2024, 12, 2), TODAY, result.trend.annual_rate
    )
    assert first.adjusted_price_m2 == round(expected, 2)
    # 11 576.25 x 1.05 ** (195 / 365.25) by hand
    assert first.adjusted_price_m2 == pytest.approx(11_881.75, abs=0.01)
    assert first.adjusted_price_m2 > first.sale.price_m2


def test_analysis_exclusion_modes_are_applied(db_session: Session, owner: str) -> None:
    regular = add_sales(db_session, 12, north_m=100.0)
    outlier = add_sale(db_session, north_m=120.0, price_m2=30_000.0)
    db_session.flush()
    prop = _located(db_session, owner)

    auto = analyse_price(db_session, prop, today=TODAY)
    flagged = {r.sale.sale_id: r for r in auto.comparables}
    assert flagged[outlier.id].is_outlier and flagged[outlier.id].excluded
    assert flagged[outlier.id].exclusion_reason == "outlier" and auto.used_count == 12

    none = analyse_price(
        db_session, prop, exclusions=Exclusions.of("none"), today=TODAY
    )
    assert none.used_count == 13 and not any(r.excluded for r in none.comparables)

    chosen = Exclusions.of("explicit", excluded=[regular[0].id], included=[outlier.id])
    explicit = analyse_price(db_session, prop, exclusions=chosen, today=TODAY)
    reasons = {r.sale.sale_id: r.exclusion_reason for r in explicit.comparables}
    assert reasons[regular[0].id] == "user" and reasons[outlier.id] is None
    assert explicit.used_count == 12 and explicit.exclusions == chosen
    assert analyse_price(db_session, prop, exclusions=chosen, today=TODAY) == explicit


def test_analysis_too_few_comparables_has_no_verdict(
    db_session: Session, owner: str
) -> None:
    add_sales(db_session, 3, north_m=100.0)
    result = analyse_price(db_session, _located(db_session, owner), today=TODAY)
    assert result.status == "insufficient_data"
    assert (result.estimate, result.verdict, result.confidence) == (None, None, None)
    assert "too_few_comparables" in result.notes and len(result.comparables) == 3


def test_analysis_without_coordinates_says_which_fallback(
    db_session: Session, owner: str
) -> None:
    add_sales(db_session, 12, north_m=None, street=DAGUERRE)
    add_sale(db_session, north_m=None, sold_on=date(2023, 4, 2), street=DAGUERRE)
    prop = create_property(db_session, owner)
    result = analyse_price(db_session, prop, today=TODAY)
    assert {"no_coordinates", "fallback_street"} <= set(result.notes)
    assert result.search is not None and result.search.scope == "street"
    assert result.address_sale is not None
    assert result.address_sale.date_mutation == date(2025, 1, 10)
    assert result.verdict is not None


def test_analysis_without_asking_price_estimates_only(
    db_session: Session, owner: str
) -> None:
    add_sales(db_session, 12, north_m=100.0)
    result = analyse_price(
        db_session, _located(db_session, owner, asking_price=None), today=TODAY
    )
    assert result.estimate is not None and result.verdict is None
    assert "asking_price_missing" in result.notes


def test_analysis_without_surface_is_not_searched(
    db_session: Session, owner: str
) -> None:
    add_sales(db_session, 12, north_m=100.0)
    prop = _located(db_session, owner, surface_area=None)
    result = analyse_price(db_session, prop, today=TODAY)
    assert (result.status, result.notes, result.search) == (
        "insufficient_data", ("surface_missing",), None,
    )  # fmt: skip


def test_analysis_result_is_json_ready(db_session: Session, owner: str) -> None:
    add_sales(db_session, 12, north_m=100.0)
    data = as_json(analyse_price(db_session, _located(db_session, owner), today=TODAY))
    decoded = json.loads(json.dumps(data))
    assert decoded["computed_on"] == "2025-06-15"
    assert decoded["comparables"][0]["sale"]["date_mutation"] == "2025-01-10"
    assert decoded["exclusions"] == {
        "mode": "auto",
        "excluded_ids": [],
        "included_ids": [],
    }


def test_analysis_with_data_until_searches_up_to_the_data_but_dates_today(
    db_session: Session, owner: str
) -> None:
    # given: the same 13 sales, but the analysis runs six years after the data ends
    add_sales(db_session, 13, north_m=150.0)
    later = date(TODAY.year + 6, TODAY.month, TODAY.day)
    # when
    without = analyse_price(db_session, _located(db_session, owner), today=later)
    with_end = analyse_price(
        db_session, _located(db_session, owner), today=later, data_until=TODAY
    )
    # then: without the data's end the 24-60 month windows miss every sale
    assert without.used_count < 5 and without.estimate is None
    assert with_end.status == "complete" and with_end.used_count == 13
    assert with_end.computed_on == later
    assert "window_at_data_end" in with_end.notes
