"""Concurrent work on one synthesis: regenerations take turns on the row lock, a
document changed during narration is not lost, overrides patched meanwhile stay."""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine, text

from common.services import synthesis
from common.services.synthesis import SynthesisInputsChanging
from tests.factories import saved_property_id, signed_in_user
from tests.synthesis_support import (
    NOW,
    ScriptedNarrator,
    full_set,
    saved_documents,
    stored_synthesis,
    taxe,
)


@dataclass(frozen=True)
class Owned:
    user_id: str
    property_id: uuid.UUID
    document_ids: list[uuid.UUID]


@pytest.fixture
def owned(clean_db: Engine) -> Owned:
    """A committed property with one analysed document of each category."""
    user = signed_in_user()
    property_id = saved_property_id(user)
    return Owned(
        user.id, property_id, saved_documents(property_id, user.id, full_set())
    )


def run_in_thread(
    target: Any, *args: Any, **kwargs: Any
) -> tuple[threading.Thread, list[Any]]:
    """Start ``target``; the list receives its return value or its exception."""
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(target(*args, **kwargs))
        except BaseException as exc:  # surfaced by the test
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def test_regenerate_waits_for_the_lock_of_the_synthesis_row(
    owned: Owned, clean_db: Engine
) -> None:
    # given: a synthesis row locked by another transaction
    synthesis.regenerate_synthesis(owned.property_id, ai=ScriptedNarrator(), now=NOW)
    later = NOW + timedelta(hours=1)
    with clean_db.connect() as connection:
        transaction = connection.begin()
        connection.execute(
            text("SELECT 1 FROM syntheses WHERE property_id = :p FOR UPDATE"),
            {"p": owned.property_id},
        )
        # when
        thread, outcome = run_in_thread(
            synthesis.regenerate_synthesis,
            owned.property_id, ai=ScriptedNarrator(), now=later,
        )  # fmt: skip
        thread.join(timeout=1.0)
        blocked = thread.is_alive()
        transaction.commit()
    thread.join(timeout=30)
    # then
    assert blocked
    assert outcome == ["ready"]
    row = stored_synthesis(owned.property_id)
    assert row is not None
    assert row.generated_at == later


def test_two_regenerations_at_once_both_succeed_with_one_consistent_row(
    owned: Owned,
) -> None:
    # given: both narrate at the same time
    barrier = threading.Barrier(2, timeout=10)

    def meet(_number: int) -> None:
        barrier.wait()

    narrator = ScriptedNarrator(hook=meet)
    # when
    runs = [
        run_in_thread(synthesis.regenerate_synthesis, owned.property_id, ai=narrator)
        for _ in range(2)
    ]
    for thread, _outcome in runs:
        thread.join(timeout=30)
    # then
    assert [outcome for _thread, outcome in runs] == [["ready"], ["ready"]]
    row = stored_synthesis(owned.property_id)
    assert row is not None
    assert (row.status, row.document_count) == ("ready", 5)
    assert row.annual_cost_total == Decimal("5763.98")


def test_document_analysed_during_narration_is_included_by_a_recomputation(
    owned: Owned,
) -> None:
    # given: a document lands while the first narration runs
    added: list[uuid.UUID] = []

    def add_once(number: int) -> None:
        if number == 1:
            added.extend(
                saved_documents(owned.property_id, owned.user_id, [taxe(2025, 1300)])
            )

    narrator = ScriptedNarrator(hook=add_once)
    # when
    outcome = synthesis.regenerate_synthesis(owned.property_id, ai=narrator, now=NOW)
    # then: 5763.98 - 1234 + 1300 (the 2025 notice supersedes the 2024 one)
    row = stored_synthesis(owned.property_id)
    assert outcome == "ready"
    assert len(narrator.facts) == 2
    assert row is not None and row.result is not None
    assert row.document_count == 6
    assert str(added[0]) in row.result["document_ids"]
    assert row.annual_cost_total == Decimal("5829.98")


def test_documents_changing_on_every_attempt_end_in_a_retryable_conflict(
    owned: Owned,
) -> None:
    def add_always(_number: int) -> None:
        saved_documents(owned.property_id, owned.user_id, [taxe()])

    with pytest.raises(SynthesisInputsChanging) as raised:
        synthesis.regenerate_synthesis(
            owned.property_id, ai=ScriptedNarrator(hook=add_always), now=NOW
        )

    assert raised.value.retryable
    row = stored_synthesis(owned.property_id)
    assert row is not None
    assert (row.status, row.error_code) == ("failed", "synthesis_inputs_changing")


def test_overrides_patched_during_narration_drive_the_stored_totals(
    owned: Owned,
) -> None:
    # given: the owner overrides the charges while the narrator writes
    charges_id = owned.document_ids[3]
    patch = {"lines": {f"annual:charges_copropriete:{charges_id}": {"amount": 3000.0}}}

    def patch_once(number: int) -> None:
        if number == 1:
            synthesis.update_overrides(owned.user_id, owned.property_id, patch, now=NOW)

    narrator = ScriptedNarrator(hook=patch_once)
    # when
    synthesis.regenerate_synthesis(owned.property_id, ai=narrator, now=NOW)
    # then: 5763.98 - 3087.48 + 3000, narrated once
    row = stored_synthesis(owned.property_id)
    assert row is not None
    assert row.overrides == {"tantiemes": None, **patch}
    assert row.annual_cost_total == Decimal("5676.50")
    assert len(narrator.facts) == 1
