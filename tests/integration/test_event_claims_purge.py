"""purge_processed_events on a real PostgreSQL: what is old enough to forget."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from common.events import purge_processed_events
from tests.integration.claim_support import claim_row, insert_claim


def test_purge_processed_events_deletes_old_completed_and_abandoned_claims(
    clean_db: Engine,
) -> None:
    # given
    now = datetime.now(tz=UTC)
    old, recent = now - timedelta(days=10), now - timedelta(days=1)
    insert_claim(clean_db, "old-completed", "completed", old, old)
    insert_claim(clean_db, "old-abandoned", "in_progress", old, None)
    insert_claim(clean_db, "recent-completed", "completed", recent, recent)
    insert_claim(clean_db, "locked", "in_progress", now + timedelta(minutes=5), None)
    # when
    deleted = purge_processed_events(timedelta(days=7))
    # then
    assert deleted == 2
    assert claim_row(clean_db, "old-completed") is None
    assert claim_row(clean_db, "old-abandoned") is None
    assert claim_row(clean_db, "recent-completed") is not None
    assert claim_row(clean_db, "locked") is not None


def test_purge_processed_events_never_goes_below_the_event_max_age(
    clean_db: Engine,
) -> None:
    an_hour_ago = datetime.now(tz=UTC) - timedelta(hours=1)
    insert_claim(clean_db, "completed", "completed", an_hour_ago, an_hour_ago)

    assert purge_processed_events(timedelta(seconds=1)) == 0
    assert claim_row(clean_db, "completed") is not None
