"""Photo uploads against PostgreSQL: signed PUT + complete, multipart, refusals."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import update

from common.db import session_scope
from common.db.models import Photo
from common.errors import NotFound
from common.photos.images import CorruptPhoto, PhotoTooLarge, UnsupportedPhoto
from common.photos.keys import upload_key
from common.services import photo_uploads, photos
from common.services.document_uploads import IncomingFile
from common.services.photo_uploads import PhotoNotUploaded
from common.services.photos import PhotoNotFound, folder_of
from common.storage import LocalStorage
from tests import factories
from tests.factories import count_rows, is_stored, signed_in_user
from tests.fixtures.photos import (
    WINDOW,
    encoded,
    html_named_jpg,
    phone_jpeg,
    png_photo,
    room_photo,
    truncated,
)
from tests.integration.photos_support import reload_photo, upload
from tests.support import reset_process_state

MIB = 1024 * 1024


def _declare(
    member: factories.TestUser,
    property_id: uuid.UUID,
    storage: LocalStorage,
    content_type: str = "image/jpeg",
    size: int = 50_000,
) -> photo_uploads.PhotoUpload:
    return photo_uploads.create_upload_url(
        member.id,
        property_id,
        ("IMG_0042.JPG", content_type, size),
        "kitchen",
        storage=storage,
    )


def _put(
    storage: LocalStorage, pending: photo_uploads.PhotoUpload, data: bytes
) -> None:
    """What the client's PUT to the signed URL leaves in the bucket."""
    storage.upload_bytes("photos", pending.photo.photo.storage_key, data, "image/jpeg")


def test_upload_url_creates_a_pending_photo_and_a_put_link_for_it(
    member: factories.TestUser, property_id: uuid.UUID, storage: LocalStorage
) -> None:
    pending = _declare(member, property_id, storage)

    photo = pending.photo.photo
    assert photo.status == "awaiting_upload"
    assert (photo.filename, photo.room_type) == ("IMG_0042.JPG", "kitchen")
    assert photo.storage_key == upload_key(folder_of(photo))
    assert pending.upload.method == "PUT"
    assert pending.upload.headers == {"Content-Type": "image/jpeg"}
    assert pending.photo.image.url is None


def test_upload_url_refuses_undeclarable_files_without_creating_a_photo(
    member: factories.TestUser, property_id: uuid.UUID, storage: LocalStorage
) -> None:
    with pytest.raises(UnsupportedPhoto):
        _declare(member, property_id, storage, content_type="image/gif")
    with pytest.raises(PhotoTooLarge):
        _declare(member, property_id, storage, size=20 * MIB + 1)

    assert count_rows(Photo) == 0


def test_complete_normalises_the_upload_and_serves_only_the_clean_copy(
    member: factories.TestUser, property_id: uuid.UUID, storage: LocalStorage
) -> None:
    # given a phone JPEG PUT to the signed URL
    pending = _declare(member, property_id, storage)
    _put(storage, pending, phone_jpeg())

    # when the client completes the upload
    done = photo_uploads.complete_upload(
        member.id, pending.photo.photo.id, storage=storage
    )

    # then the served photo is upright, without GPS, with a thumbnail
    photo = done.photo
    assert photo.status == "uploaded"
    assert (photo.width, photo.height, photo.content_type) == (320, 240, "image/jpeg")
    served = storage.download_bytes("photos", photo.storage_key)
    assert b"GPS" not in served and b"Daguerre" not in served
    image = Image.open(io.BytesIO(served))
    assert dict(image.getexif()) == {}
    pixel = image.convert("RGB").getpixel((20, 20))
    assert isinstance(pixel, tuple)
    assert sum(abs(a - b) for a, b in zip(pixel, WINDOW, strict=True)) < 90
    assert photo.thumbnail_key is not None
    assert is_stored(storage, "photos", photo.thumbnail_key)
    assert not is_stored(storage, "photos", upload_key(folder_of(photo)))
    assert done.image.url is not None and done.image.thumbnail_url is not None


def test_complete_twice_returns_the_uploaded_photo(
    member: factories.TestUser, property_id: uuid.UUID, storage: LocalStorage
) -> None:
    pending = _declare(member, property_id, storage)
    _put(storage, pending, png_photo())
    first = photo_uploads.complete_upload(
        member.id, pending.photo.photo.id, storage=storage
    )

    again = photo_uploads.complete_upload(
        member.id, pending.photo.photo.id, storage=storage
    )

    assert again.photo.storage_key == first.photo.storage_key
    assert again.photo.content_type == "image/png"  # a PNG whatever the declared type


def test_complete_before_the_put_is_a_conflict_and_keeps_the_photo_pending(
    member: factories.TestUser, property_id: uuid.UUID, storage: LocalStorage
) -> None:
    pending = _declare(member, property_id, storage)

    with pytest.raises(PhotoNotUploaded) as raised:
        photo_uploads.complete_upload(
            member.id, pending.photo.photo.id, storage=storage
        )

    assert raised.value.status == 409
    found = reload_photo(pending.photo.photo.id)
    assert found is not None and found.status == "awaiting_upload"


@pytest.mark.parametrize(
    ("data", "error", "code"),
    [
        (html_named_jpg(), UnsupportedPhoto, "unsupported_photo"),
        (truncated(phone_jpeg()), CorruptPhoto, "corrupt_photo"),
    ],
    ids=["html-named-jpg", "truncated"],
)
def test_complete_of_a_bad_file_deletes_it_and_fails_the_photo(
    member: factories.TestUser,
    property_id: uuid.UUID,
    storage: LocalStorage,
    data: bytes,
    error: type[Exception],
    code: str,
) -> None:
    pending = _declare(member, property_id, storage)
    _put(storage, pending, data)

    with pytest.raises(error):
        photo_uploads.complete_upload(
            member.id, pending.photo.photo.id, storage=storage
        )

    found = reload_photo(pending.photo.photo.id)
    assert found is not None
    assert (found.status, found.error_code) == ("failed", code)
    assert found.error_message
    assert not is_stored(storage, "photos", pending.photo.photo.storage_key)


def test_complete_of_an_oversized_upload_fails_without_reading_it(
    member: factories.TestUser,
    property_id: uuid.UUID,
    storage: LocalStorage,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pending = _declare(member, property_id, storage)
    _put(storage, pending, phone_jpeg())
    monkeypatch.setenv("APP_PHOTO_MAX_UPLOAD_BYTES", "1000")
    reset_process_state()

    with pytest.raises(PhotoTooLarge):
        photo_uploads.complete_upload(
            member.id, pending.photo.photo.id, storage=storage
        )

    found = reload_photo(pending.photo.photo.id)
    assert found is not None and found.error_code == "file_too_large"


def test_complete_of_another_users_photo_is_not_found(
    member: factories.TestUser, property_id: uuid.UUID, storage: LocalStorage
) -> None:
    pending = _declare(member, property_id, storage)
    _put(storage, pending, phone_jpeg())
    stranger = signed_in_user()

    with pytest.raises(PhotoNotFound):
        photo_uploads.complete_upload(
            stranger.id, pending.photo.photo.id, storage=storage
        )


def test_multipart_accepts_a_png_named_jpg_and_refuses_an_html_named_jpg(
    member: factories.TestUser,
    property_id: uuid.UUID,
    storage: LocalStorage,
    tmp_path: Path,
) -> None:
    files = [
        IncomingFile("salon.jpg", io.BytesIO(png_photo())),
        IncomingFile("cuisine.jpg", io.BytesIO(html_named_jpg())),
    ]

    first, second = photo_uploads.upload_photos(
        member.id, property_id, files, storage=storage
    )

    assert first.status == "uploaded" and first.photo is not None
    assert first.photo.photo.content_type == "image/png"
    assert first.photo.photo.storage_key.endswith("/photo.png")
    assert second.status == "rejected" and second.photo is None
    assert second.error is not None and second.error.code == "unsupported_photo"
    assert count_rows(Photo) == 1
    stored = [
        path for path in (tmp_path / "objects" / "photos").rglob("*") if path.is_file()
    ]
    assert sorted(path.name for path in stored) == ["photo.png", "thumbnail.jpg"]


def test_multipart_into_another_users_property_is_not_found(
    member: factories.TestUser, property_id: uuid.UUID, storage: LocalStorage
) -> None:
    stranger = signed_in_user()

    with pytest.raises(NotFound):
        upload(stranger.id, property_id, storage)


def test_multipart_photo_keeps_its_room_type_and_name(
    member: factories.TestUser, property_id: uuid.UUID, storage: LocalStorage
) -> None:
    data = encoded(room_photo(100, 80), "WEBP")

    found = upload(member.id, property_id, storage, data, "Chambre.webp", "bedroom")

    assert (found.photo.filename, found.photo.room_type) == ("Chambre.webp", "bedroom")
    assert (found.photo.width, found.photo.height) == (100, 80)


def test_a_photo_whose_upload_link_expired_unused_is_listed_as_failed(
    member: factories.TestUser, property_id: uuid.UUID, storage: LocalStorage
) -> None:
    stale = _declare(member, property_id, storage).photo.photo
    fresh = _declare(member, property_id, storage).photo.photo
    with session_scope() as db:
        db.execute(
            update(Photo)
            .where(Photo.id == stale.id)
            .values(updated_at=datetime.now(tz=UTC) - timedelta(hours=2))
        )

    listed = {
        view.photo.id: view.photo
        for view in photos.list_photos(member.id, property_id, storage=storage)
    }

    assert listed[stale.id].status == "failed"
    assert listed[stale.id].error_code == "upload_expired"
    assert listed[fresh.id].status == "awaiting_upload"
