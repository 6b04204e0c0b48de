"""Listing, editing, promoting and deleting photos against PostgreSQL."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from common.db.models import Redesign
from common.services import photo_deletion, photo_promotion, photos
from common.services.photo_promotion import RedesignOfAnotherPhoto
from common.services.photo_redesigns import RedesignNotDone, RedesignNotFound
from common.services.photos import PhotoNotFound
from common.services.properties import PropertyNotFound
from common.services.property_dashboard import list_properties_with_synthesis
from common.storage import LocalStorage
from tests import factories
from tests.factories import count_rows, saved_property_id, signed_in_user
from tests.fakes.publisher import FakePublisher
from tests.integration.photos_support import generated, reload_photo, requested, upload


@pytest.fixture
def photo(
    member: factories.TestUser, property_id: uuid.UUID, storage: LocalStorage
) -> Any:
    return upload(member.id, property_id, storage).photo


def stored_files(tmp_path: Path) -> list[str]:
    root = tmp_path / "objects" / "photos"
    return sorted(path.name for path in root.rglob("*") if path.is_file())


def test_list_gives_each_uploaded_photo_signed_urls_valid_for_ten_minutes(
    member: factories.TestUser,
    property_id: uuid.UUID,
    photo: Any,
    storage: LocalStorage,
) -> None:
    second = upload(member.id, property_id, storage, name="cuisine.jpg").photo

    listed = photos.list_photos(member.id, property_id, storage=storage)

    assert [item.photo.id for item in listed] == [photo.id, second.id]
    first = listed[0].image
    assert first.url is not None and "/_storage/photos/" in first.url
    assert first.thumbnail_url is not None and "thumbnail.jpg" in first.thumbnail_url
    assert first.expires_at is not None
    assert (
        storage.accept_signed_download(
            "photos", photo.storage_key, _query(first.url)
        ).stored.size
        == photo.size_bytes
    )


def _query(url: str) -> dict[str, str]:
    from urllib.parse import parse_qsl, urlsplit

    return dict(parse_qsl(urlsplit(url).query))


def test_list_of_another_users_property_is_not_found(
    property_id: uuid.UUID, photo: Any, storage: LocalStorage
) -> None:
    with pytest.raises(PropertyNotFound):
        photos.list_photos(signed_in_user().id, property_id, storage=storage)


def test_update_renames_and_clears_the_room_type(
    member: factories.TestUser, photo: Any, storage: LocalStorage
) -> None:
    updated = photos.update_photo(
        member.id, photo.id, {"name": "Séjour", "room_type": None}, storage=storage
    )

    assert (updated.photo.filename, updated.photo.room_type) == ("Séjour", None)
    found = reload_photo(photo.id)
    assert found is not None and (found.filename, found.room_type) == ("Séjour", None)


def test_update_of_another_users_photo_is_not_found(photo: Any) -> None:
    with pytest.raises(PhotoNotFound):
        photos.update_photo(signed_in_user().id, photo.id, {"name": "x"})


def test_promote_then_demote_a_finished_redesign(
    member: factories.TestUser, photo: Any, storage: LocalStorage
) -> None:
    redesign = generated(member.id, photo.id, storage)

    promoted = photo_promotion.promote(
        member.id, photo.id, redesign.id, storage=storage
    )
    demoted = photo_promotion.demote(member.id, photo.id, storage=storage)

    assert promoted.photo.promoted_redesign_id == redesign.id
    assert promoted.photo.promoted_at is not None
    assert (demoted.photo.promoted_redesign_id, demoted.photo.promoted_at) == (
        None,
        None,
    )


def test_a_redesign_of_another_photo_cannot_be_promoted(
    member: factories.TestUser,
    property_id: uuid.UUID,
    photo: Any,
    storage: LocalStorage,
) -> None:
    other = upload(member.id, property_id, storage, name="cuisine.jpg").photo
    of_other = generated(member.id, other.id, storage)

    with pytest.raises(RedesignOfAnotherPhoto) as raised:
        photo_promotion.promote(member.id, photo.id, of_other.id, storage=storage)

    assert raised.value.status == 422
    found = reload_photo(photo.id)
    assert found is not None and found.promoted_redesign_id is None


def test_an_unfinished_or_foreign_redesign_cannot_be_promoted(
    member: factories.TestUser, photo: Any, storage: LocalStorage
) -> None:
    pending = requested(member.id, photo.id, FakePublisher())
    stranger = signed_in_user()
    theirs = upload(stranger.id, saved_property_id(stranger), storage).photo
    foreign = generated(stranger.id, theirs.id, storage)

    with pytest.raises(RedesignNotDone):
        photo_promotion.promote(member.id, photo.id, pending.id, storage=storage)
    with pytest.raises(RedesignNotFound):
        photo_promotion.promote(member.id, photo.id, foreign.id, storage=storage)
    with pytest.raises(PhotoNotFound):
        photo_promotion.promote(stranger.id, photo.id, pending.id, storage=storage)


def test_the_dashboard_shows_the_promoted_redesign_and_its_thumbnail(
    member: factories.TestUser,
    property_id: uuid.UUID,
    photo: Any,
    storage: LocalStorage,
) -> None:
    redesign = generated(member.id, photo.id, storage)
    photo_promotion.promote(member.id, photo.id, redesign.id, storage=storage)

    page = list_properties_with_synthesis(member.id, storage=storage)

    (item,) = page.items
    promoted = item.preview.promoted_photo
    assert promoted is not None
    assert (promoted.photo_id, promoted.redesign_id) == (photo.id, redesign.id)
    assert redesign.storage_key is not None and redesign.thumbnail_key is not None
    assert redesign.storage_key.split("/")[-1] in promoted.url
    assert promoted.thumbnail_url is not None
    assert redesign.thumbnail_key.split("/")[-1] in promoted.thumbnail_url
    assert item.preview.redesign_count == 1


def test_deleting_a_photo_with_a_promoted_redesign_removes_rows_and_files(
    member: factories.TestUser,
    property_id: uuid.UUID,
    photo: Any,
    storage: LocalStorage,
    tmp_path: Path,
) -> None:
    # given a photo with two redesigns, one promoted, and a photo that stays
    kept = upload(member.id, property_id, storage, name="cuisine.jpg").photo
    first = generated(member.id, photo.id, storage)
    generated(member.id, photo.id, storage, parent_redesign_id=first.id)
    photo_promotion.promote(member.id, photo.id, first.id, storage=storage)

    # when it is deleted
    photo_deletion.delete_photo(member.id, photo.id, storage=storage)

    # then its rows and files are gone, the other photo's stay
    assert reload_photo(photo.id) is None
    assert count_rows(Redesign) == 0
    assert stored_files(tmp_path) == ["photo.jpg", "thumbnail.jpg"]
    assert reload_photo(kept.id) is not None


def test_deleting_another_users_photo_is_not_found_and_deletes_nothing(
    photo: Any, storage: LocalStorage, tmp_path: Path
) -> None:
    with pytest.raises(PhotoNotFound):
        photo_deletion.delete_photo(signed_in_user().id, photo.id, storage=storage)

    assert stored_files(tmp_path) == ["photo.jpg", "thumbnail.jpg"]
