"""Document services against PostgreSQL: deletions, re-process, links, expiry."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from common.config import get_settings
from common.db import session_scope
from common.db.models import Document
from common.errors import DependencyFailed
from common.services import documents
from common.services.document_workflows import expire_stale_uploads
from common.storage import LocalStorage, StoredObject
from tests import factories
from tests.factories import saved_property_id, signed_in_user
from tests.fakes.publisher import FakePublisher
from tests.fakes.storage import FakeStorage


def _document(
    owner: factories.TestUser, property_id: uuid.UUID, **fields: Any
) -> Document:
    document_id = uuid.uuid4()
    values: dict[str, Any] = {
        "filename": "pv.pdf",
        "status": "analyzed",
        "storage_key": (
            f"users/{owner.id}/properties/{property_id}/documents/{document_id}/pv.pdf"
        ),
    } | fields
    with session_scope() as db:
        created = Document(
            id=document_id, property_id=property_id, user_id=owner.id, **values
        )
        db.add(created)
    return created


def _stored(
    storage: FakeStorage,
    owner: factories.TestUser,
    property_id: uuid.UUID,
    **fields: Any,
) -> Document:
    created = _document(owner, property_id, **fields)
    storage.upload_bytes("documents", created.storage_key, b"%PDF-1.7", "x/y")
    return created


def _reload(document_id: uuid.UUID) -> Document | None:
    with session_scope() as db:
        return db.get(Document, document_id)


def test_delete_requests_a_synthesis_of_the_property(
    member: factories.TestUser, property_id: uuid.UUID
) -> None:
    storage, publisher = FakeStorage(), FakePublisher()
    target = _stored(storage, member, property_id)

    documents.delete_document(
        member.id, target.id, storage=storage, publisher=publisher
    )

    [message] = publisher.on(get_settings().synthesis_topic)
    assert (message["property_id"], message["reason"]) == (
        str(property_id),
        "document_deleted",
    )
    assert storage.objects == {}


def test_delete_when_storage_fails_deletes_nothing(
    member: factories.TestUser, property_id: uuid.UUID
) -> None:
    storage, publisher = FakeStorage(), FakePublisher()
    target = _stored(storage, member, property_id)
    storage.fail("delete_prefix", DependencyFailed("storage_unavailable"))

    with pytest.raises(DependencyFailed):
        documents.delete_document(
            member.id, target.id, storage=storage, publisher=publisher
        )

    assert _reload(target.id) is not None
    assert storage.content("documents", target.storage_key) is not None
    assert publisher.messages == []


def test_delete_when_publishing_fails_still_deletes(
    member: factories.TestUser, property_id: uuid.UUID
) -> None:
    storage, publisher = FakeStorage(), FakePublisher()
    target = _stored(storage, member, property_id)
    publisher.fail(DependencyFailed("event_publish_failed"))

    documents.delete_document(
        member.id, target.id, storage=storage, publisher=publisher
    )

    assert _reload(target.id) is None


class _FailsOnSecondFolderDelete(FakeStorage):
    """Deletes the first document's folder, then fails like a disk error."""

    def delete_prefix(self, bucket: Any, prefix: str) -> int:
        if self.called("delete_prefix"):
            self.calls.append(("delete_prefix", prefix))
            raise OSError("disk")
        return super().delete_prefix(bucket, prefix)


def test_bulk_delete_stops_at_a_storage_failure_after_whole_deletions(
    member: factories.TestUser, property_id: uuid.UUID
) -> None:
    # given two documents, the storage failing on the second deletion
    storage, publisher = _FailsOnSecondFolderDelete(), FakePublisher()
    first = _stored(storage, member, property_id)
    second = _stored(storage, member, property_id)
    # when
    with pytest.raises(DependencyFailed):
        documents.bulk_delete(
            member.id, [first.id, second.id], storage=storage, publisher=publisher
        )

    # then
    assert _reload(first.id) is None
    assert _reload(second.id) is not None
    assert storage.content("documents", second.storage_key) is not None
    [message] = publisher.on(get_settings().synthesis_topic)
    assert message["property_id"] == str(property_id)


def test_reprocess_commits_the_new_status_before_the_rewrite(
    member: factories.TestUser, property_id: uuid.UUID, tmp_path: Path
) -> None:
    # given a stored, failed document and a storage reporting finalize events
    seen: list[str | None] = []

    def on_finalize(stored: StoredObject) -> None:
        with session_scope() as db:
            found = db.get(Document, uuid.UUID(stored.key.split("/")[5]))
            seen.append(found.status if found else None)

    storage = LocalStorage(tmp_path, b"k" * 32, "http://f.test", 900)
    target = _document(member, property_id, status="failed", error_code="boom")
    storage.upload_bytes("documents", target.storage_key, b"%PDF-1.7", "x/y")
    listening = LocalStorage(
        tmp_path, b"k" * 32, "http://f.test", 900, on_finalize=on_finalize
    )
    generation = storage.stat("documents", target.storage_key).generation
    # when
    documents.reprocess_document(member.id, target.id, storage=listening)

    # then
    assert seen == ["uploaded"]
    rewritten = storage.stat("documents", target.storage_key)
    assert rewritten.generation > generation
    assert "reprocess_at" in rewritten.metadata


def test_reprocess_when_the_rewrite_fails_restores_the_document(
    member: factories.TestUser, property_id: uuid.UUID
) -> None:
    storage = FakeStorage()
    target = _stored(
        storage, member, property_id, status="failed", error_code="e", error_message="E"
    )
    storage.fail("rewrite", DependencyFailed("storage_unavailable"))

    with pytest.raises(DependencyFailed):
        documents.reprocess_document(member.id, target.id, storage=storage)

    restored = _reload(target.id)
    assert restored is not None
    assert (restored.status, restored.error_code, restored.error_message) == (
        "failed",
        "e",
        "E",
    )


def test_download_url_when_signing_fails_is_dependency_failed(
    member: factories.TestUser, property_id: uuid.UUID
) -> None:
    storage = FakeStorage()
    target = _stored(storage, member, property_id)
    storage.fail("signed_get_url", OSError("signer down"))

    with pytest.raises(DependencyFailed):
        documents.download_url(member.id, target.id, storage=storage)


def test_expire_stale_uploads_touches_only_old_pending_uploads_of_the_user(
    member: factories.TestUser, property_id: uuid.UUID
) -> None:
    # given pending uploads, old and recent, the user's and another user's
    long_ago = datetime.now(tz=UTC) - timedelta(hours=1)
    stranger = signed_in_user()
    old = _document(member, property_id, status="awaiting_upload", updated_at=long_ago)
    recent = _document(member, property_id, status="awaiting_upload")
    done = _document(member, property_id, updated_at=long_ago)
    theirs = _document(
        stranger, saved_property_id(stranger), status="awaiting_upload",
        updated_at=long_ago,
    )  # fmt: skip
    # when
    with session_scope() as db:
        count = expire_stale_uploads(db, member.id, Document.property_id == property_id)

    # then
    assert count == 1
    statuses = {
        name: (found.status, found.error_code)
        for name, found in {
            "old": _reload(old.id), "recent": _reload(recent.id),
            "done": _reload(done.id), "theirs": _reload(theirs.id),
        }.items()
        if found is not None
    }  # fmt: skip
    assert statuses == {
        "old": ("failed", "upload_expired"),
        "recent": ("awaiting_upload", None),
        "done": ("analyzed", None),
        "theirs": ("awaiting_upload", None),
    }
