"""PostgresClaimStore on a real PostgreSQL: claim, lock, complete, release, races."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import Engine

from common.events import ClaimState, PostgresClaimStore
from tests.integration.claim_support import EVENT_TYPE, claim_row, expire_lock


def test_claim_when_key_is_new_claims_it_with_a_lock(clean_db: Engine) -> None:
    # when
    state = PostgresClaimStore().claim("bucket/a.pdf#1", EVENT_TYPE, 600)
    # then
    row = claim_row(clean_db, "bucket/a.pdf#1")
    assert state == "claimed"
    assert row is not None
    assert row["status"] == "in_progress"
    assert row["event_type"] == EVENT_TYPE
    assert row["attempts"] == 1
    assert timedelta(seconds=590) < row["lock_left"] <= timedelta(seconds=600)


def test_claim_while_another_claim_is_locked_reports_in_progress(
    clean_db: Engine,
) -> None:
    store = PostgresClaimStore()
    store.claim("bucket/a.pdf#1", EVENT_TYPE, 600)

    state = store.claim("bucket/a.pdf#1", EVENT_TYPE, 600)

    row = claim_row(clean_db, "bucket/a.pdf#1")
    assert state == "in_progress"
    assert row is not None
    assert row["attempts"] == 1


def test_claim_after_completion_reports_completed(clean_db: Engine) -> None:
    # given
    store = PostgresClaimStore()
    store.claim("bucket/a.pdf#1", EVENT_TYPE, 600)
    store.complete("bucket/a.pdf#1")
    expire_lock(clean_db, "bucket/a.pdf#1")
    # when
    state = store.claim("bucket/a.pdf#1", EVENT_TYPE, 600)
    # then
    row = claim_row(clean_db, "bucket/a.pdf#1")
    assert state == "completed"
    assert row is not None
    assert row["status"] == "completed"
    assert row["completed_at"] is not None
    assert row["attempts"] == 1


def test_claim_when_lock_expired_takes_over(clean_db: Engine) -> None:
    # given
    store = PostgresClaimStore()
    store.claim("bucket/a.pdf#1", EVENT_TYPE, 600)
    expire_lock(clean_db, "bucket/a.pdf#1")
    # when
    state = store.claim("bucket/a.pdf#1", EVENT_TYPE, 600)
    # then
    row = claim_row(clean_db, "bucket/a.pdf#1")
    assert state == "claimed"
    assert row is not None
    assert row["attempts"] == 2
    assert row["lock_left"] > timedelta(seconds=590)


def test_claim_after_release_claims_again(clean_db: Engine) -> None:
    store = PostgresClaimStore()
    store.claim("bucket/a.pdf#1", EVENT_TYPE, 600)

    store.release("bucket/a.pdf#1")

    assert claim_row(clean_db, "bucket/a.pdf#1") is None
    assert store.claim("bucket/a.pdf#1", EVENT_TYPE, 600) == "claimed"


def test_release_of_a_completed_claim_keeps_it(clean_db: Engine) -> None:
    store = PostgresClaimStore()
    store.claim("bucket/a.pdf#1", EVENT_TYPE, 600)
    store.complete("bucket/a.pdf#1")

    store.release("bucket/a.pdf#1")

    row = claim_row(clean_db, "bucket/a.pdf#1")
    assert row is not None
    assert row["status"] == "completed"


def test_claim_by_two_threads_at_once_lets_exactly_one_win(clean_db: Engine) -> None:
    # given
    store = PostgresClaimStore()
    keys = [f"bucket/race-{n}.pdf#1" for n in range(10)]
    barrier = threading.Barrier(2, timeout=10)
    results: dict[str, list[ClaimState]] = {key: [] for key in keys}
    errors: list[BaseException] = []

    def contend() -> None:
        try:
            for key in keys:
                barrier.wait()
                results[key].append(store.claim(key, EVENT_TYPE, 600))
        except BaseException as exc:  # surfaced by the main thread
            errors.append(exc)
            barrier.abort()

    # when
    threads = [threading.Thread(target=contend) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    # then
    assert errors == []
    for key in keys:
        assert sorted(results[key]) == ["claimed", "in_progress"]
        row = claim_row(clean_db, key)
        assert row is not None
        assert row["attempts"] == 1
