"""Every price query reads a partial index: its conditions imply the index predicate.

The btree indexes of dvf_sales hold the usable sales only (models.USABLE_SALE_SQL)
and the spatial ones the geolocated usable sales of one type: a query whose
conditions stop implying a predicate (usable_sales changed alone) would scan the
whole table. Each query a price analysis or a market trend runs is captured and
planned with sequential scans disabled: a plan that still scans the table says no
index fits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from common.pricing.address import parse_address
from common.pricing.comparables import find_comparables
from common.pricing.ladder import Subject
from common.pricing.trend import TrendScope, last_sale_at_address, market_trend
from common.services.price_analysis_market import main_commune
from tests.integration.pricing_support import (
    ORIGIN_LAT,
    ORIGIN_LON,
    TODAY,
    add_sales,
)

pytestmark = pytest.mark.integration

DAGUERRE = ("12", "RUE DAGUERRE", "2515")
STREET = parse_address("12 rue Daguerre")
AREAS: list[tuple[TrendScope, str]] = [("postal_code", "75014"), ("commune", "75114")]


@contextmanager
def _captured(session: Session) -> Iterator[list[tuple[str, Any]]]:
    """The SELECTs on dvf_sales run meanwhile, except reads by primary key."""
    statements: list[tuple[str, Any]] = []

    def capture(_c: Any, _cur: Any, statement: str, params: Any, *_: Any) -> None:
        if "FROM dvf_sales" in statement and "dvf_sales.id IN" not in statement:
            statements.append((statement, params))

    connection = session.connection()
    event.listen(connection, "before_cursor_execute", capture)
    try:
        yield statements
    finally:
        event.remove(connection, "before_cursor_execute", capture)


def _plans(session: Session, run: Callable[[], object]) -> list[str]:
    with _captured(session) as statements:
        run()
    assert statements
    cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    cursor.execute("SET LOCAL enable_seqscan = off")
    plans = []
    for statement, params in statements:
        cursor.execute("EXPLAIN " + statement, params)
        plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return plans


def _indexes(plan: str) -> set[str]:
    words = plan.replace("(", " ").split()
    return {word for word in words if word.startswith("ix_dvf_sales_")}


def _each_reads_an_index(plans: list[str]) -> set[str]:
    """The partial indexes the plans read; fails when one plan reads none.

    Which one a plan picks depends on the statistics (a few rows here): the
    benchmark on 5,000,000 sales shows the plans of a national table.
    """
    for plan in plans:
        assert "Seq Scan" not in plan and _indexes(plan), plan
    return set().union(*(_indexes(plan) for plan in plans))


@pytest.fixture
def sales(db_session: Session) -> None:
    add_sales(db_session, 2, north_m=100.0, street=DAGUERRE)
    add_sales(db_session, 2, north_m=None, street=DAGUERRE)
    db_session.flush()


@pytest.mark.usefixtures("sales")
def test_ring_query_reads_the_spatial_partial_index(db_session: Session) -> None:
    near = Subject("Appartement", 50.0, "75014", ORIGIN_LAT, ORIGIN_LON)
    plans = _plans(db_session, lambda: find_comparables(db_session, near, TODAY))
    assert "ix_dvf_sales_near_apartment" in _each_reads_an_index(plans)


@pytest.mark.usefixtures("sales")
def test_street_and_postal_pools_read_the_usable_indexes(db_session: Session) -> None:
    no_gps = Subject("Appartement", 50.0, "75014", street=STREET)
    scopes: list[tuple[str, ...]] = []

    def run() -> None:
        scopes.append(find_comparables(db_session, no_gps, TODAY).scopes_tried)

    plans = _plans(db_session, run)
    assert scopes == [("street", "postal_code")]
    assert len(plans) == 3  # the street codes, the street's sales, the postal code's
    _each_reads_an_index(plans)


@pytest.mark.usefixtures("sales")
def test_trend_and_address_queries_read_the_usable_indexes(
    db_session: Session,
) -> None:
    def run() -> None:
        assert STREET is not None
        main_commune(db_session, "75014")
        market_trend(db_session, "Appartement", AREAS, TODAY)
        last_sale_at_address(db_session, "Appartement", "75014", STREET, TODAY, 0.0)

    plans = _plans(db_session, run)
    assert len(plans) == 5  # commune, two trends, street codes, address
    _each_reads_an_index(plans)
