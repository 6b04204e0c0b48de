"""Fakes and data of the price analysis service tests: cache, engine, properties."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from common.db import session_scope
from common.db.models import DvfLoadRun, Property
from common.pricing.analysis import PriceAnalysisResult
from common.pricing.exclusions import Exclusions
from tests.factories import create_property

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


class InMemoryCache:
    """The :class:`common.cache.Cache` protocol over a dict (no expiry)."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def get(self, key: str) -> Any | None:
        return self.values.get(key)

    def set(self, key: str, value: Any, ttl_seconds: int) -> None:
        self.values[key] = value

    def delete(self, *keys: str) -> None:
        for key in keys:
            self.values.pop(key, None)


class MissCache(InMemoryCache):
    """A cache that stores but never answers (Redis down, as the app sees it)."""

    def get(self, key: str) -> Any | None:
        return None


class FakeEngine:
    """Returns an empty analysis and records what it was asked."""

    def __init__(self) -> None:
        self.calls: list[tuple[uuid.UUID, Exclusions, date]] = []

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
        self.calls.append((target.id, exclusions, today))
        return PriceAnalysisResult(
            status="insufficient_data", computed_on=today,
            property_type=target.property_type, surface=target.surface_area,
            asking_price=target.asking_price, search=None, comparables=(),
            used_count=len(self.calls), estimate=None, deviation_pct=None,
            verdict=None, confidence=None, confidence_score=None, trend=None,
            address_sale=None, exclusions=exclusions, notes=(),
        )  # fmt: skip


def service_options(cache: Any, engine_fake: FakeEngine) -> dict[str, Any]:
    return {"cache": cache, "engine": engine_fake, "clock": lambda: NOW}


def saved_property_id_for(owner: str) -> uuid.UUID:
    """A committed property of ``owner`` (by id)."""
    with session_scope() as db:
        return create_property(db, owner).id


def publish_load() -> uuid.UUID:
    run_id = uuid.uuid4()
    with session_scope() as db:
        db.add(DvfLoadRun(id=run_id, status="succeeded", finished_at=datetime.now(UTC)))
    return run_id
