"""Drawing redesigns against PostgreSQL: idempotence, history, failures, races."""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from common.ai.images import GeneratedImage, ImageEditRequest, RedesignRefused
from common.db import session_scope
from common.db.models import Redesign
from common.errors import DependencyFailed
from common.event_payloads import RedesignRequested
from common.events import event_handler
from common.photos.keys import redesign_key, redesign_thumbnail_key
from common.services import photo_deletion, photo_generation, photo_redesign_queries
from common.services.photo_generation import SourceMissing
from common.services.photos import folder_of
from common.storage import LocalStorage
from tests import factories
from tests.factories import is_stored
from tests.fakes.image_provider import DRAWN, MODEL, FakeImageProvider
from tests.fakes.publisher import FakePublisher
from tests.fixtures.photos import phone_jpeg
from tests.integration.photos_support import (
    generated,
    reload_photo,
    reload_redesign,
    requested,
    upload,
)


@pytest.fixture
def photo(
    member: factories.TestUser, property_id: uuid.UUID, storage: LocalStorage
) -> Any:
    return upload(member.id, property_id, storage).photo


@pytest.fixture
def provider() -> FakeImageProvider:
    return FakeImageProvider()


def _event(redesign_id: uuid.UUID, event_id: str = "1") -> Any:
    """A CloudEvent-like Pub/Sub push of ``redesign-requested``."""
    data = base64.b64encode(f'{{"redesign_id":"{redesign_id}"}}'.encode()).decode()
    message = {"data": data, "messageId": event_id, "publishTime": _now()}

    class Event(dict[str, Any]):
        @property
        def data(self) -> dict[str, Any]:
            return {"message": message}

    return Event(
        id=event_id,
        source="//pubsub.googleapis.com/projects/p/topics/redesign-requested",
        type=RedesignRequested.event_type,
        time=_now(),
    )


def _now() -> str:
    return datetime.now(tz=UTC).isoformat()


def test_generation_stores_the_image_and_records_the_turns(
    member: factories.TestUser,
    photo: Any,
    storage: LocalStorage,
    provider: FakeImageProvider,
) -> None:
    redesign = requested(member.id, photo.id, FakePublisher(), aspect_ratio="16:9")

    photo_generation.generate_redesign(redesign.id, provider=provider, storage=storage)

    (request,) = provider.requests
    assert request.image.data == storage.download_bytes("photos", photo.storage_key)
    assert (request.aspect_ratio, request.style_preset) == ("16:9", "cozy_hygge")
    assert request.prompt == redesign.prompt and request.history == ()
    done = reload_redesign(redesign.id)
    key = redesign_key(folder_of(photo), redesign.id, "image/png")
    assert (done.status, done.storage_key, done.model) == ("done", key, MODEL)
    assert done.thumbnail_key == redesign_thumbnail_key(folder_of(photo), redesign.id)
    assert done.generation_ms is not None and done.generation_ms >= 0
    assert done.started_at is not None and done.completed_at is not None
    assert storage.download_bytes("photos", key) == DRAWN
    assert is_stored(storage, "photos", done.thumbnail_key)
    assert done.history == [
        {"role": "user", "text": redesign.prompt, "image_keys": [photo.storage_key]},
        {
            "role": "model",
            "image_keys": [key],
            "thought_signature": base64.b64encode(b"signature").decode(),
        },
    ]


def test_a_redelivered_event_draws_one_image(
    member: factories.TestUser,
    photo: Any,
    storage: LocalStorage,
    provider: FakeImageProvider,
) -> None:
    # given the handler as the function wraps it, and one pending redesign
    @event_handler(RedesignRequested)
    def on_redesign_requested(_event: Any, payload: RedesignRequested) -> None:
        photo_generation.generate_redesign(
            payload.redesign_id, provider=provider, storage=storage
        )

    redesign = requested(member.id, photo.id, FakePublisher())

    # when the same event comes twice, then another event for the same redesign
    on_redesign_requested(_event(redesign.id, "1"))
    on_redesign_requested(_event(redesign.id, "1"))
    on_redesign_requested(_event(redesign.id, "2"))

    # then the model was asked once
    assert len(provider.requests) == 1
    assert reload_redesign(redesign.id).status == "done"


def test_a_retryable_failure_is_noted_raised_and_then_recovered(
    member: factories.TestUser,
    photo: Any,
    storage: LocalStorage,
    provider: FakeImageProvider,
) -> None:
    redesign = requested(member.id, photo.id, FakePublisher())
    provider.fail(DependencyFailed("ai_unavailable", attempts=4))

    with pytest.raises(DependencyFailed):
        photo_generation.generate_redesign(
            redesign.id, provider=provider, storage=storage
        )
    noted = reload_redesign(redesign.id)
    photo_generation.generate_redesign(redesign.id, provider=provider, storage=storage)

    assert (noted.status, noted.error_code) == ("generating", "ai_unavailable")
    done = reload_redesign(redesign.id)
    assert (done.status, done.error_code, done.error_message) == ("done", None, None)


def test_a_permanent_failure_fails_the_redesign(
    member: factories.TestUser,
    photo: Any,
    storage: LocalStorage,
    provider: FakeImageProvider,
) -> None:
    redesign = requested(member.id, photo.id, FakePublisher())
    provider.fail(RedesignRefused("ai_image_blocked", reason="IMAGE_SAFETY"))

    with pytest.raises(RedesignRefused):
        photo_generation.generate_redesign(
            redesign.id, provider=provider, storage=storage
        )

    failed = reload_redesign(redesign.id)
    assert (failed.status, failed.error_code) == ("failed", "ai_image_blocked")
    assert failed.error_message == "The AI declined to draw this image (IMAGE_SAFETY)."
    assert failed.storage_key is None


def test_an_answer_that_is_not_an_image_fails_the_redesign(
    member: factories.TestUser,
    photo: Any,
    storage: LocalStorage,
    provider: FakeImageProvider,
) -> None:
    redesign = requested(member.id, photo.id, FakePublisher())
    provider.answer(GeneratedImage(b"<html>", "image/png", MODEL))

    with pytest.raises(RedesignRefused):
        photo_generation.generate_redesign(
            redesign.id, provider=provider, storage=storage
        )

    assert reload_redesign(redesign.id).error_code == "ai_image_invalid"


def test_a_refinement_sends_the_earlier_turns_and_edits_the_parents_image(
    member: factories.TestUser,
    photo: Any,
    storage: LocalStorage,
    provider: FakeImageProvider,
) -> None:
    # given a finished first redesign
    parent = generated(member.id, photo.id, storage, provider)
    child = requested(
        member.id,
        photo.id,
        FakePublisher(),
        style_preset=None,
        prompt="Un canapé vert.",
        parent_redesign_id=parent.id,
    )

    # when the refinement is drawn
    photo_generation.generate_redesign(child.id, provider=provider, storage=storage)

    # then the model saw the first turn, its own image, and edits that image
    request: ImageEditRequest = provider.requests[-1]
    first, drawn = request.history
    assert (first.role, first.text) == ("user", parent.prompt)
    assert [image.data for image in first.images] == [
        storage.download_bytes("photos", photo.storage_key)
    ]
    assert (drawn.role, drawn.thought_signature) == ("model", b"signature")
    assert [image.data for image in drawn.images] == [DRAWN]
    assert request.image.data == DRAWN
    done = reload_redesign(child.id)
    assert [turn["role"] for turn in done.history] == ["user", "model"] * 2
    assert done.history[2]["image_keys"] == []  # the parent's image is implied


def test_a_reference_photo_deleted_before_drawing_fails_the_redesign(
    member: factories.TestUser,
    property_id: uuid.UUID,
    photo: Any,
    storage: LocalStorage,
    provider: FakeImageProvider,
) -> None:
    reference = upload(member.id, property_id, storage, phone_jpeg(64, 48)).photo
    redesign = requested(
        member.id, photo.id, FakePublisher(), reference_photo_ids=[reference.id]
    )
    photo_deletion.delete_photo(member.id, reference.id, storage=storage)

    with pytest.raises(SourceMissing):
        photo_generation.generate_redesign(
            redesign.id, provider=provider, storage=storage
        )

    assert reload_redesign(redesign.id).error_code == "redesign_source_missing"
    assert provider.requests == []


def test_references_reach_the_model_in_order(
    member: factories.TestUser,
    property_id: uuid.UUID,
    photo: Any,
    storage: LocalStorage,
    provider: FakeImageProvider,
) -> None:
    small = upload(member.id, property_id, storage, phone_jpeg(64, 48)).photo
    wide = upload(member.id, property_id, storage, phone_jpeg(96, 48)).photo

    generated(
        member.id, photo.id, storage, provider, reference_photo_ids=[wide.id, small.id]
    )

    (request,) = provider.requests
    assert [image.data for image in request.references] == [
        storage.download_bytes("photos", wide.storage_key),
        storage.download_bytes("photos", small.storage_key),
    ]


def test_a_photo_deleted_while_drawing_leaves_no_file_behind(
    member: factories.TestUser,
    photo: Any,
    storage: LocalStorage,
    tmp_path: Any,
) -> None:
    # given a model that takes so long the user deletes the photo meanwhile
    class SlowProvider(FakeImageProvider):
        def edit(self, request: ImageEditRequest) -> GeneratedImage:
            photo_deletion.delete_photo(member.id, photo.id, storage=storage)
            return super().edit(request)

    redesign = requested(member.id, photo.id, FakePublisher())

    photo_generation.generate_redesign(
        redesign.id, provider=SlowProvider(), storage=storage
    )

    assert reload_photo(photo.id) is None
    root = tmp_path / "objects" / "photos"
    assert [path for path in root.rglob("*") if path.is_file()] == []


def test_a_redesign_left_unfinished_past_the_event_age_reads_as_timed_out(
    member: factories.TestUser, photo: Any
) -> None:
    redesign = requested(member.id, photo.id, FakePublisher())
    with session_scope() as db:
        db.execute(
            update(Redesign)
            .where(Redesign.id == redesign.id)
            .values(created_at=datetime.now(tz=UTC) - timedelta(days=1))
        )

    found = photo_redesign_queries.get_redesign(member.id, redesign.id)

    assert (found.redesign.status, found.redesign.error_code) == (
        "failed",
        "redesign_timed_out",
    )
