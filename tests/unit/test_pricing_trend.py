"""Yearly points and the robust trend slope, on hand-built yearly medians."""

from __future__ import annotations

import math
from datetime import date

import pytest

from common.pricing.trend import YearRow, trend_rate, year_points

TODAY = date(2024, 11, 25)


def _full_years(rate: float, first: int = 2021, last: int = 2023) -> list[YearRow]:
    return [
        YearRow(year, 10_000 * (1 + rate) ** (year - first), 100, date(year, 12, 28))
        for year in range(first, last + 1)
    ]


def test_year_points_change_year_on_year_in_percent() -> None:
    points = year_points(_full_years(0.05), TODAY)
    assert [p.yoy_change_pct for p in points] == [None, 5.0, 5.0]
    assert [p.weight for p in points] == [100, 100, 100]
    assert not any(p.partial for p in points)


def test_year_points_gap_year_has_no_change() -> None:
    rows = [YearRow(2020, 9000, 10, date(2020, 12, 30)), *_full_years(0.0)[1:]]
    assert [p.yoy_change_pct for p in year_points(rows, TODAY)] == [None, None, 0.0]


def test_year_points_partial_year_weighs_months_covered() -> None:
    rows = [*_full_years(0.05), YearRow(2024, 12_000, 60, date(2024, 6, 20))]
    last = year_points(rows, TODAY)[-1]
    assert (last.partial, last.coverage, last.weight) == (True, 0.5, 30)


def test_year_points_partial_year_with_few_sales_is_dropped() -> None:
    rows = [*_full_years(0.05), YearRow(2024, 30_000, 29, date(2024, 6, 20))]
    last = year_points(rows, TODAY)[-1]
    assert (last.partial, last.weight) == (True, 0.0)
    assert trend_rate(year_points(rows, TODAY)) == pytest.approx(0.05)


def test_trend_rate_geometric_growth_gives_its_rate() -> None:
    assert trend_rate(year_points(_full_years(0.05), TODAY)) == pytest.approx(0.05)
    assert trend_rate(year_points(_full_years(-0.03), TODAY)) == pytest.approx(-0.03)


def test_trend_rate_partial_year_sits_at_its_covered_midpoint() -> None:
    # Jan-Jun 2024 stands at x = 2024.25, 2.75 years after 2021.5
    partial = YearRow(2024, 10_000 * 1.05**2.75, 60, date(2024, 6, 20))
    rows = [*_full_years(0.05), partial]
    assert trend_rate(year_points(rows, TODAY)) == pytest.approx(0.05)


def test_trend_rate_one_aberrant_year_does_not_move_it() -> None:
    rows = _full_years(0.03, 2019, 2023)
    rows[2] = YearRow(2021, 15_000, 100, date(2021, 12, 28))
    # 6 of the 10 equally weighted pairs avoid 2021 and have slope ln(1.03)
    assert trend_rate(year_points(rows, TODAY)) == pytest.approx(0.03)


def test_trend_rate_weights_years_by_their_counts() -> None:
    rows = [
        YearRow(2021, 10_000, 200, date(2021, 12, 28)),
        YearRow(2022, 10_000, 200, date(2022, 12, 28)),
        YearRow(2023, 20_000, 5, date(2023, 12, 28)),
    ]
    # pair weights 40000 (slope 0) against 1000 + 1000 (slopes ln2, ln2 / 2)
    assert trend_rate(year_points(rows, TODAY)) == 0.0
    # two points only: doubling over two years is sqrt(2) - 1 a year
    pair = year_points([rows[0], rows[2]], TODAY)
    assert trend_rate(pair) == pytest.approx(math.sqrt(2) - 1)


def test_trend_rate_single_year_is_not_computable() -> None:
    assert trend_rate(year_points(_full_years(0.05)[:1], TODAY)) is None
    assert trend_rate([]) is None
