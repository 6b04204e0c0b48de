"""Market trend and the last sale at the address, against PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from common.pricing.address import parse_address
from common.pricing.stats import years_between
from common.pricing.trend import TrendScope, last_sale_at_address, market_trend
from tests.integration.pricing_support import TODAY, add_sale

POSTAL: list[tuple[TrendScope, str]] = [("postal_code", "75014")]
DAGUERRE = parse_address("12 rue Daguerre")


def _year(
    db: Session, year: int, price_m2: float, count: int = 3, month: int = 12
) -> None:
    for n in range(count):
        add_sale(db, north_m=None, price_m2=price_m2, sold_on=date(year, month, 1 + n))
    db.flush()


def test_trend_years_changes_and_partial_current_year(db_session: Session) -> None:
    for year in range(2021, 2025):
        _year(db_session, year, 10_000 * 1.05 ** (year - 2021))
    _year(db_session, 2025, 30_000, count=2, month=3)
    trend = market_trend(db_session, "Appartement", POSTAL, TODAY)
    assert trend is not None and trend.reason is None
    assert [p.year for p in trend.years] == [2021, 2022, 2023, 2024, 2025]
    assert [p.count for p in trend.years] == [3, 3, 3, 3, 2]
    assert [p.yoy_change_pct for p in trend.years][:4] == [None, 5.0, 5.0, 5.0]
    current = trend.years[-1]
    assert (current.partial, current.coverage, current.weight) == (True, 0.25, 0.0)
    assert trend.annual_rate == pytest.approx(0.05)
    assert trend.years[0].median_price_m2 == 10_000


def test_trend_rate_is_capped(db_session: Session) -> None:
    _year(db_session, 2023, 10_000)
    _year(db_session, 2024, 14_000)
    trend = market_trend(db_session, "Appartement", POSTAL, TODAY)
    assert trend is not None
    assert trend.raw_rate == pytest.approx(0.4)
    assert trend.annual_rate == 0.15


def test_trend_postal_code_without_history_falls_back_to_commune(
    db_session: Session,
) -> None:
    _year(db_session, 2023, 10_000)
    _year(db_session, 2024, 10_000)
    areas: list[tuple[TrendScope, str]] = [
        ("postal_code", "75099"), ("commune", "75114"),
    ]  # fmt: skip
    trend = market_trend(db_session, "Appartement", areas, TODAY)
    assert trend is not None
    assert (trend.scope, trend.area, trend.annual_rate) == ("commune", "75114", 0.0)


def test_trend_single_year_is_insufficient(db_session: Session) -> None:
    _year(db_session, 2024, 10_000)
    trend = market_trend(db_session, "Appartement", POSTAL, TODAY)
    assert trend is not None
    assert (trend.reason, trend.annual_rate, trend.raw_rate) == (
        "insufficient_history", 0.0, None,
    )  # fmt: skip


def test_last_sale_at_address_projected_with_trend(db_session: Session) -> None:
    street = "RUE DAGUERRE", "2515"
    add_sale(db_session, north_m=None, sold_on=date(2021, 5, 3), street=("12", *street))
    wanted = add_sale(
        db_session, north_m=None, sold_on=date(2023, 5, 3), street=("0012", *street)
    )
    add_sale(db_session, north_m=None, sold_on=date(2024, 5, 3), street=("14", *street))
    add_sale(db_session, north_m=None, type_local="Maison", street=("12", *street))
    db_session.flush()
    assert DAGUERRE is not None
    found = last_sale_at_address(
        db_session, "Appartement", "75014", DAGUERRE, TODAY, 0.05
    )
    assert found is not None and found.sale_id == wanted.id
    age = years_between(date(2023, 5, 3), TODAY)
    assert found.projected_price == round(500_000 * 1.05**age)
    assert found.projected_price_m2 == pytest.approx(10_000 * 1.05**age, abs=0.01)
    assert found.years_ago == round(age, 2)


def test_last_sale_at_address_needs_a_number(db_session: Session) -> None:
    add_sale(db_session, north_m=None, street=("12", "RUE DAGUERRE", "2515"))
    db_session.flush()
    bare = parse_address("rue Daguerre")
    assert bare is not None
    assert (
        last_sale_at_address(db_session, "Appartement", "75014", bare, TODAY, 0.0)
        is None
    )
