"""Redesign requests against PostgreSQL: validation, ownership, prompt, publication."""

from __future__ import annotations

import uuid

import pytest

from common.errors import DependencyFailed
from common.services import photo_redesign_queries
from common.services.photo_redesigns import (
    RedesignNotDone,
    RedesignNotFound,
    closest_aspect_ratio,
)
from common.services.photos import PhotoNotFound, PhotoNotReady
from common.storage import LocalStorage
from tests import factories
from tests.factories import saved_property_id, signed_in_user
from tests.fakes.publisher import FakePublisher
from tests.integration.photos_support import (
    generated,
    reload_redesign,
    requested,
    upload,
)


@pytest.fixture
def photo_id(
    member: factories.TestUser, property_id: uuid.UUID, storage: LocalStorage
) -> uuid.UUID:
    """An uploaded 320 x 240 photo of the living room."""
    return upload(member.id, property_id, storage).photo.id


@pytest.fixture
def publisher() -> FakePublisher:
    return FakePublisher()


def test_request_records_a_pending_redesign_then_publishes_its_id(
    member: factories.TestUser, photo_id: uuid.UUID, publisher: FakePublisher
) -> None:
    redesign = requested(member.id, photo_id, publisher)

    assert publisher.on("redesign-requested") == [{"redesign_id": str(redesign.id)}]
    stored = reload_redesign(redesign.id)
    assert stored.status == "pending"
    assert stored.style_preset == "cozy_hygge"
    assert stored.prompt.startswith("Réaménagez le salon dans un style hygge douillet")
    assert stored.aspect_ratio == "4:3"  # the photo is 320 x 240
    assert (stored.history, stored.reference_photo_ids) == ([], [])


def test_an_edited_prompt_is_the_one_recorded(
    member: factories.TestUser, photo_id: uuid.UUID, publisher: FakePublisher
) -> None:
    redesign = requested(
        member.id,
        photo_id,
        publisher,
        prompt="Keep the sofa, paint the walls sage green.",
        language="en",
    )

    assert reload_redesign(redesign.id).prompt == (
        "The photo shows the living room. Keep the sofa, paint the walls sage green."
    )


def test_a_failed_publication_fails_the_redesign_instead_of_leaving_it_pending(
    member: factories.TestUser, photo_id: uuid.UUID, publisher: FakePublisher
) -> None:
    publisher.fail(DependencyFailed("event_publish_failed"))

    with pytest.raises(DependencyFailed):
        requested(member.id, photo_id, publisher)

    (view,) = photo_redesign_queries.list_redesigns(member.id, photo_id)
    assert view.redesign.status == "failed"
    assert view.redesign.error_code == "event_publish_failed"


def test_a_photo_of_another_user_is_not_found(
    member: factories.TestUser, photo_id: uuid.UUID, publisher: FakePublisher
) -> None:
    stranger = signed_in_user()

    with pytest.raises(PhotoNotFound):
        requested(stranger.id, photo_id, publisher)

    assert publisher.messages == []


def test_a_photo_still_awaiting_its_upload_cannot_be_redesigned(
    member: factories.TestUser,
    property_id: uuid.UUID,
    storage: LocalStorage,
    publisher: FakePublisher,
) -> None:
    from common.services import photo_uploads

    pending = photo_uploads.create_upload_url(
        member.id, property_id, ("a.jpg", "image/jpeg", 10), storage=storage
    )

    with pytest.raises(PhotoNotReady):
        requested(member.id, pending.photo.photo.id, publisher)


def test_references_must_be_the_users_own_photos(
    member: factories.TestUser,
    photo_id: uuid.UUID,
    storage: LocalStorage,
    publisher: FakePublisher,
) -> None:
    # given another user's photo
    stranger = signed_in_user()
    theirs = upload(stranger.id, saved_property_id(stranger), storage).photo.id

    # when it is named as a reference, then it is not found, like a missing one
    with pytest.raises(PhotoNotFound) as raised:
        requested(member.id, photo_id, publisher, reference_photo_ids=[theirs])
    with pytest.raises(PhotoNotFound) as missing:
        requested(member.id, photo_id, publisher, reference_photo_ids=[uuid.uuid4()])

    assert raised.value.message == missing.value.message
    assert publisher.messages == []


def test_own_reference_photos_are_recorded_in_order(
    member: factories.TestUser,
    property_id: uuid.UUID,
    photo_id: uuid.UUID,
    storage: LocalStorage,
    publisher: FakePublisher,
) -> None:
    first = upload(member.id, property_id, storage, name="canape.jpg").photo.id
    second = upload(member.id, property_id, storage, name="tapis.jpg").photo.id

    redesign = requested(
        member.id, photo_id, publisher, reference_photo_ids=[second, first]
    )

    assert redesign.reference_photo_ids == [str(second), str(first)]


def test_a_parent_must_be_a_finished_redesign_of_the_same_photo(
    member: factories.TestUser,
    property_id: uuid.UUID,
    photo_id: uuid.UUID,
    storage: LocalStorage,
    publisher: FakePublisher,
) -> None:
    other_photo = upload(member.id, property_id, storage, name="cuisine.jpg").photo.id
    of_other_photo = generated(member.id, other_photo, storage)
    unfinished = requested(member.id, photo_id, publisher)

    with pytest.raises(RedesignNotFound):
        requested(member.id, photo_id, publisher, parent_redesign_id=of_other_photo.id)
    with pytest.raises(RedesignNotDone):
        requested(member.id, photo_id, publisher, parent_redesign_id=unfinished.id)


def test_a_refinement_continues_the_parents_history_and_aspect_ratio(
    member: factories.TestUser,
    photo_id: uuid.UUID,
    storage: LocalStorage,
    publisher: FakePublisher,
) -> None:
    parent = generated(member.id, photo_id, storage, aspect_ratio="16:9")

    child = requested(
        member.id,
        photo_id,
        publisher,
        style_preset=None,
        prompt="Un canapé vert.",
        parent_redesign_id=parent.id,
    )

    assert child.parent_id == parent.id
    assert child.aspect_ratio == "16:9"
    assert child.history == parent.history
    assert [turn["role"] for turn in child.history] == ["user", "model"]


@pytest.mark.parametrize(
    ("width", "height", "expected"),
    [(4032, 3024, "4:3"), (3024, 4032, "3:4"), (1920, 1080, "16:9"), (1000, 990, "1:1"),
     (1080, 1920, "9:16"), (None, None, "1:1")],
)  # fmt: skip
def test_closest_aspect_ratio(
    width: int | None, height: int | None, expected: str
) -> None:
    assert closest_aspect_ratio(width, height) == expected
