"""Document analysis on PostgreSQL: two uploads of the same content at once.

The unique index on (property_id, sha256) decides which one is kept; the loser is
recorded as a ``duplicate_document`` and its handler never crashes.
"""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import Engine, text

from common.services.document_analysis import analyse_uploaded_object
from common.services.document_analysis_records import (
    ContentFacts,
    PostgresDocumentRecords,
)
from common.storage import LocalStorage, StoredObject
from common.storage_base import BucketRole
from tests.fakes.ai import FakeAiProvider
from tests.fakes.publisher import FakePublisher
from tests.integration.document_analysis_support import (
    BUCKET,
    PDF,
    committed_document,
    committed_owner,
    reload,
    upload,
)

ROUNDS = 5


class AligningStorage(LocalStorage):
    """Lets concurrent readers finish their downloads together (a barrier)."""

    def __init__(self, root: Path, barrier: threading.Barrier) -> None:
        super().__init__(root, b"k" * 32, "http://files.test", 900)
        self.barrier = barrier

    def download_to_file(
        self, bucket: BucketRole, key: str, destination: BinaryIO
    ) -> StoredObject:
        stored = super().download_to_file(bucket, key, destination)
        self.barrier.wait()
        return stored


def deliver_together(
    storage: AligningStorage, events: list[tuple[str, int]]
) -> list[BaseException]:
    """Deliver the finalize events in parallel threads; what they raised."""
    errors: list[BaseException] = []

    def deliver(name: str, generation: int) -> None:
        try:
            analyse_uploaded_object(
                BUCKET, name, generation, storage=storage,
                ai=FakeAiProvider(), publisher=FakePublisher(),
            )  # fmt: skip
        except BaseException as exc:  # surfaced by the main thread
            errors.append(exc)
            storage.barrier.abort()

    threads = [threading.Thread(target=deliver, args=event) for event in events]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors


def test_analyse_of_one_content_twice_at_once_keeps_exactly_one(
    clean_db: Engine, tmp_path: Path
) -> None:
    for round_number in range(ROUNDS):
        # given
        owner = committed_owner()
        content = PDF + f"round {round_number}".encode()
        documents = [committed_document(owner, f"copy-{n}.pdf") for n in range(2)]
        storage = AligningStorage(tmp_path, threading.Barrier(2, timeout=10))
        events = [(d.storage_key, upload(storage, d, content)) for d in documents]
        # when
        errors = deliver_together(storage, events)
        # then
        assert errors == []
        rows = [reload(d.id) for d in documents]
        outcomes = sorted((r.status, r.error_code) for r in rows if r is not None)
        assert outcomes == [("analyzed", None), ("failed", "duplicate_document")]
        [kept] = [r for r in rows if r is not None and r.status == "analyzed"]
        assert kept.sha256 == hashlib.sha256(content).hexdigest()


def wait_for_a_lock_waiter(engine: Engine, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    query = text(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    while time.monotonic() < deadline:
        with engine.connect() as connection:
            if connection.execute(query).scalar():
                return
        time.sleep(0.02)
    raise AssertionError("no session waited on a lock")


def test_claim_content_losing_on_the_unique_index_returns_the_winner(
    clean_db: Engine,
) -> None:
    # given: a winner whose hash is written but not yet committed
    owner = committed_owner()
    winner, loser = committed_document(owner), committed_document(owner, "b.pdf")
    facts = ContentFacts(hashlib.sha256(PDF).hexdigest(), "application/pdf")
    results: list[uuid.UUID | BaseException | None] = []

    def claim() -> None:
        try:
            results.append(
                PostgresDocumentRecords().claim_content(
                    loser.id, owner.property_id, facts
                )
            )
        except BaseException as exc:
            results.append(exc)

    with clean_db.connect() as connection:
        transaction = connection.begin()
        connection.execute(
            text("UPDATE documents SET sha256 = :sha WHERE id = :id"),
            {"sha": facts.sha256, "id": winner.id},
        )
        # when: the loser reads no holder, then waits on the index entry
        thread = threading.Thread(target=claim)
        thread.start()
        wait_for_a_lock_waiter(clean_db)
        transaction.commit()
    thread.join(timeout=10)
    # then
    assert results == [winner.id]
    row = reload(loser.id)
    assert row is not None and row.sha256 is None
