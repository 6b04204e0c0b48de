"""The price analysis service when requests overlap (real PostgreSQL)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from common.db import session_scope
from common.db.models import PriceAnalysis, Property
from common.pricing.analysis import PriceAnalysisResult
from common.pricing.exclusions import Exclusions
from common.services import price_analysis
from tests.factories import signed_in_user
from tests.integration.analysis_support import (
    FakeEngine,
    InMemoryCache,
    MissCache,
    saved_property_id_for,
    service_options,
)


@pytest.fixture
def owner(clean_db: Engine) -> str:
    """A committed user id."""
    return signed_in_user().id


def test_get_does_not_undo_exclusions_stored_meanwhile(owner: str) -> None:
    # given a read computing with "auto" while a PUT stores "explicit"
    mine = saved_property_id_for(owner)
    chosen = Exclusions.of("explicit", [4])

    class RacingEngine(FakeEngine):
        def __call__(
            self,
            db: Session,
            target: Property,
            /,
            *,
            exclusions: Exclusions,
            today: date,
            data_until: date | None = None,
        ) -> PriceAnalysisResult:
            if not self.calls:
                price_analysis.set_price_exclusions(
                    owner,
                    mine,
                    chosen,
                    **service_options(InMemoryCache(), FakeEngine()),
                )
            return super().__call__(
                db, target, exclusions=exclusions, today=today, data_until=data_until
            )

    # when
    price_analysis.get_price_analysis(
        owner, mine, **service_options(MissCache(), RacingEngine())
    )

    # then
    with session_scope() as db:
        row = db.get(PriceAnalysis, mine)
        assert row is not None
        assert (row.exclusion_mode, row.excluded_sale_ids) == ("explicit", [4])


def test_concurrent_first_reads_both_succeed(owner: str) -> None:
    mine = saved_property_id_for(owner)
    barrier = threading.Barrier(2, timeout=10)

    class SlowEngine(FakeEngine):
        def __call__(
            self,
            db: Session,
            target: Property,
            /,
            *,
            exclusions: Exclusions,
            today: date,
            data_until: date | None = None,
        ) -> PriceAnalysisResult:
            barrier.wait()
            return super().__call__(
                db, target, exclusions=exclusions, today=today, data_until=data_until
            )

    def read() -> dict[str, Any]:
        options = service_options(MissCache(), SlowEngine())
        return price_analysis.get_price_analysis(owner, mine, **options)

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda _: read(), range(2)))

    assert [r["property_id"] for r in results] == [str(mine)] * 2
    with session_scope() as db:
        assert db.get(PriceAnalysis, mine) is not None
