"""Upload services against PostgreSQL: commit before write, failures leave nothing."""

from __future__ import annotations

import hashlib
import io
import threading
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from common.db import session_scope
from common.db.models import Document
from common.errors import DependencyFailed, PayloadTooLarge
from common.services import document_uploads
from common.services.document_content import Content
from common.services.document_uploads import (
    Batch,
    DeclaredFile,
    IncomingFile,
    claim_document,
)
from common.storage import LocalStorage, StoredObject
from tests import factories
from tests.factories import count_rows
from tests.fakes.storage import FakeStorage


def _incoming(content: bytes, name: str = "pv.pdf") -> IncomingFile:
    return IncomingFile(name, io.BytesIO(content))


def _pdf(marker: str) -> bytes:
    return b"%PDF-1.7\n" + marker.encode() + bytes(100)


def test_bulk_upload_stores_each_file_with_its_document_metadata(
    member: factories.TestUser, property_id: uuid.UUID
) -> None:
    storage = FakeStorage()
    content = _pdf("a")

    batch = document_uploads.bulk_upload(
        member.id, property_id, [_incoming(content)], storage=storage
    )

    [item] = batch.items
    with session_scope() as db:
        document = db.get(Document, item.document_id)
    assert document is not None
    stored = storage.objects[("documents", document.storage_key)]
    assert stored[0] == content
    assert stored[1].content_type == "application/pdf"
    assert stored[1].metadata == {
        "document_id": str(document.id),
        "workflow_id": str(batch.workflow_id),
    }


def test_bulk_upload_commits_the_row_before_the_finalize_event(
    member: factories.TestUser, property_id: uuid.UUID, tmp_path: Path
) -> None:
    # given a storage whose finalize hook reads the row as the analysis would
    seen: list[str | None] = []

    def on_finalize(stored: StoredObject) -> None:
        with session_scope() as db:
            found = db.scalar(
                text("SELECT status FROM documents WHERE storage_key = :key"),
                {"key": stored.key},
            )
        seen.append(found)

    storage = LocalStorage(
        tmp_path, b"k" * 32, "http://files.test", 900, on_finalize=on_finalize
    )
    content = _pdf("b")
    # when
    batch = document_uploads.bulk_upload(
        member.id, property_id, [_incoming(content)], storage=storage
    )

    # then
    assert seen == ["awaiting_upload"]
    with session_scope() as db:
        document = db.get(Document, batch.items[0].document_id)
    assert document is not None
    assert storage.download_bytes("documents", document.storage_key) == content


def test_bulk_upload_storage_outage_removes_the_row_and_keeps_earlier_files(
    member: factories.TestUser, property_id: uuid.UUID
) -> None:
    # given a storage that fails on the second write
    storage = FakeStorage()
    first = document_uploads.bulk_upload(
        member.id, property_id, [_incoming(_pdf("1"))], storage=storage
    )
    storage.fail("upload_bytes", DependencyFailed("storage_unavailable"))
    # when
    with pytest.raises(DependencyFailed):
        document_uploads.bulk_upload(
            member.id, property_id, [_incoming(_pdf("2"))], storage=storage
        )

    # then
    assert count_rows(Document) == 1
    assert len(storage.objects) == 1
    with session_scope() as db:
        assert db.get(Document, first.items[0].document_id) is not None


def test_bulk_upload_refused_by_the_storage_size_limit_leaves_no_row(
    member: factories.TestUser, property_id: uuid.UUID
) -> None:
    storage = FakeStorage()
    storage.fail("upload_bytes", PayloadTooLarge("file_too_large", max_bytes=1))

    batch = document_uploads.bulk_upload(
        member.id, property_id, [_incoming(_pdf("3"))], storage=storage
    )

    [item] = batch.items
    assert (item.status, item.error, item.document_id) == (
        "rejected",
        "file_too_large",
        None,
    )
    assert batch.workflow_id is None
    assert count_rows(Document) == 0


def test_upload_urls_signs_each_file_for_its_declared_type_and_size(
    member: factories.TestUser, property_id: uuid.UUID
) -> None:
    storage = FakeStorage()

    batch = document_uploads.create_upload_urls(
        member.id,
        property_id,
        [DeclaredFile("dpe.png", "image/png", 4321)],
        storage=storage,
    )

    [item] = batch.items
    assert item.upload is not None
    assert item.upload.headers["Content-Type"] == "image/png"
    assert item.upload.headers["x-goog-meta-document_id"] == str(item.document_id)
    assert item.upload.headers["x-goog-meta-workflow_id"] == str(batch.workflow_id)
    with session_scope() as db:
        document = db.get(Document, item.document_id)
    assert document is not None
    assert storage.called("signed_put_url") == [document.storage_key]


def test_upload_urls_signing_outage_leaves_no_row(
    member: factories.TestUser, property_id: uuid.UUID
) -> None:
    storage = FakeStorage()
    storage.fail("signed_put_url", OSError("signer down"))

    with pytest.raises(DependencyFailed):
        document_uploads.create_upload_urls(
            member.id,
            property_id,
            [DeclaredFile("a.pdf", "application/pdf", 10)] * 2,
            storage=storage,
        )

    assert count_rows(Document) == 0


def _wait_for_lock_waiter(engine: Engine) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with engine.connect() as connection:
            waiting = connection.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE wait_event_type = 'Lock' AND datname = current_database()"
                )
            )
        if waiting:
            return
        time.sleep(0.02)
    raise AssertionError("the second insert never waited on the first")


def test_claim_of_content_committed_meanwhile_by_another_batch_reuses_it(
    member: factories.TestUser, property_id: uuid.UUID, clean_db: Engine
) -> None:
    # given a first batch that has inserted the content but not committed yet
    sha256 = hashlib.sha256(b"same").hexdigest()
    content = Content("application/pdf", 4, sha256)
    storage = FakeStorage()
    first = Batch(member.id, property_id, storage)
    second = Batch(member.id, property_id, storage)
    outcome: list[tuple[Document, str]] = []

    def claim_second() -> None:
        with session_scope() as db:
            outcome.append(claim_document(db, second, "b.pdf", content))

    with session_scope() as db:
        claimed, how = claim_document(db, first, "a.pdf", content)
        racer = threading.Thread(target=claim_second)
        racer.start()
        _wait_for_lock_waiter(clean_db)
    # when the first commits, the second's insert fails on the unique index
    racer.join(timeout=10)

    # then the second batch adopts the first's pending document
    assert how == "created"
    [(document, second_how)] = outcome
    assert (document.id, second_how) == (claimed.id, "adopted")
    assert count_rows(Document) == 1
