"""The price analysis service on PostgreSQL, with a fake engine and cache."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from common.db import session_scope
from common.db.models import PriceAnalysis
from common.pricing.exclusions import Exclusions
from common.services import price_analysis, price_analysis_market
from common.services.properties import PropertyNotFound, update_property
from tests.factories import signed_in_user
from tests.integration.analysis_support import (
    NOW,
    FakeEngine,
    InMemoryCache,
    MissCache,
    publish_load,
    saved_property_id_for,
    service_options,
)


@pytest.fixture
def owner(clean_db: Engine) -> str:
    """A committed user id."""
    return signed_in_user().id


@pytest.fixture
def engine_fake() -> FakeEngine:
    """A fresh fake pricing engine."""
    return FakeEngine()


def test_get_computes_once_then_serves_the_cache(
    owner: str, engine_fake: FakeEngine
) -> None:
    mine = saved_property_id_for(owner)
    cache = InMemoryCache()

    first = price_analysis.get_price_analysis(
        owner, mine, **service_options(cache, engine_fake)
    )
    second = price_analysis.get_price_analysis(
        owner, mine, **service_options(cache, engine_fake)
    )

    assert first == second
    assert len(engine_fake.calls) == 1
    [key] = cache.values
    assert key.startswith(f"analysis:price:{owner}:{mine}:") and key.endswith(":none")


def test_get_with_cache_down_serves_the_stored_row(
    owner: str, engine_fake: FakeEngine
) -> None:
    mine = saved_property_id_for(owner)
    options = service_options(MissCache(), engine_fake)

    first = price_analysis.get_price_analysis(owner, mine, **options)
    second = price_analysis.get_price_analysis(owner, mine, **options)

    assert first == second
    assert len(engine_fake.calls) == 1


def test_get_after_a_property_edit_recomputes(
    owner: str, engine_fake: FakeEngine
) -> None:
    mine = saved_property_id_for(owner)
    cache = InMemoryCache()
    price_analysis.get_price_analysis(
        owner, mine, **service_options(cache, engine_fake)
    )

    update_property(owner, mine, {"asking_price": 480_000})
    again = price_analysis.get_price_analysis(
        owner, mine, **service_options(cache, engine_fake)
    )

    assert len(engine_fake.calls) == 2
    assert again["analysis"]["asking_price"] == 480_000
    assert len(cache.values) == 2


def test_get_after_a_published_load_recomputes_with_its_id(
    owner: str, engine_fake: FakeEngine
) -> None:
    mine = saved_property_id_for(owner)
    cache = InMemoryCache()
    price_analysis.get_price_analysis(
        owner, mine, **service_options(cache, engine_fake)
    )

    load_id = publish_load()
    again = price_analysis.get_price_analysis(
        owner, mine, **service_options(cache, engine_fake)
    )

    assert len(engine_fake.calls) == 2
    assert again["dvf_load_run_id"] == str(load_id)
    with session_scope() as db:
        row = db.get(PriceAnalysis, mine)
        assert row is not None and row.dvf_load_run_id == load_id


def test_get_of_another_users_property_is_not_found(
    owner: str, engine_fake: FakeEngine
) -> None:
    theirs = saved_property_id_for(signed_in_user().id)

    with pytest.raises(PropertyNotFound):
        price_analysis.get_price_analysis(
            owner, theirs, **service_options(InMemoryCache(), engine_fake)
        )

    assert engine_fake.calls == []


def test_refresh_recomputes_and_replaces_the_cached_document(
    owner: str, engine_fake: FakeEngine
) -> None:
    mine = saved_property_id_for(owner)
    cache = InMemoryCache()
    price_analysis.get_price_analysis(
        owner, mine, **service_options(cache, engine_fake)
    )

    refreshed = price_analysis.refresh_price_analysis(
        owner, mine, **service_options(cache, engine_fake)
    )

    assert refreshed["analysis"]["used_count"] == 2
    assert list(cache.values.values()) == [refreshed]


def test_set_exclusions_are_passed_to_the_engine_and_stored(
    owner: str, engine_fake: FakeEngine
) -> None:
    mine = saved_property_id_for(owner)
    chosen = Exclusions.of("explicit", [5, 3], [9])

    document = price_analysis.set_price_exclusions(
        owner, mine, chosen, **service_options(InMemoryCache(), engine_fake)
    )
    price_analysis.refresh_price_analysis(
        owner, mine, **service_options(InMemoryCache(), engine_fake)
    )

    assert [call[1] for call in engine_fake.calls] == [chosen, chosen]
    assert document["exclusions"] == {
        "mode": "explicit",
        "excluded_sale_ids": [3, 5],
        "included_sale_ids": [9],
    }
    with session_scope() as db:
        row = db.get(PriceAnalysis, mine)
        assert row is not None
        assert (row.exclusion_mode, row.excluded_sale_ids) == ("explicit", [3, 5])
        assert row.computed_at == NOW


def test_dvf_stats_are_cached_under_the_load_id(clean_db: Engine) -> None:
    cache = InMemoryCache()
    load_id = publish_load()

    stats = price_analysis_market.get_dvf_stats(cache=cache)

    assert stats["sales"] == 0 and stats["last_load"]["id"] == str(load_id)
    assert list(cache.values) == [f"analysis:dvf-stats:{load_id.hex}"]


def test_get_after_exclusions_changed_on_the_row_recomputes_with_them(
    owner: str, engine_fake: FakeEngine
) -> None:
    # given a stored analysis, then exclusions written by another request
    mine = saved_property_id_for(owner)
    price_analysis.get_price_analysis(
        owner, mine, **service_options(MissCache(), engine_fake)
    )
    with session_scope() as db:
        row = db.get(PriceAnalysis, mine)
        assert row is not None
        row.exclusion_mode = "none"

    # when
    document = price_analysis.get_price_analysis(
        owner, mine, **service_options(MissCache(), engine_fake)
    )

    # then
    assert engine_fake.calls[-1][1] == Exclusions("none")
    assert document["exclusions"]["mode"] == "none"
