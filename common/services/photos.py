"""Photos of a property: ownership, lists and reads with signed URLs, rename, room type.

Every query is scoped by the owner: another user's photo is ``PhotoNotFound`` (404),
never a 403 that would confirm it exists. URLs are signed after the transaction (a
signature may be a network call, ``common.storage_signing``) and only for photos
whose normalised file exists (``uploaded``); ``urls_expire_at`` is the time every
URL handed out is still valid at least.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.config import get_settings
from common.db import session_scope
from common.db.models import Photo
from common.errors import AppError, Conflict, DependencyFailed, NotFound
from common.messages import register
from common.photos.keys import photo_folder
from common.services.document_workflows import expire_stale_uploads
from common.services.properties import get_property
from common.storage import BucketRole, Storage, get_storage
from common.storage_base import signed_url_validity

BUCKET: BucketRole = "photos"
STORAGE_ERRORS = (AppError, OSError)
READY = "uploaded"

register("photo_not_found", "Photo not found.", "Photo introuvable.")
register(
    "photo_not_ready",
    "The photo has not been uploaded yet.",
    "La photo n'a pas encore été envoyée.",
)


class PhotoNotFound(NotFound):
    """The photo does not exist or belongs to another user."""

    code = "photo_not_found"


class PhotoNotReady(Conflict):
    """The photo has no normalised file yet (upload pending or failed)."""

    code = "photo_not_ready"


@dataclass(frozen=True)
class SignedImage:
    """Time-limited URLs of an image and of its thumbnail."""

    url: str | None
    thumbnail_url: str | None
    expires_at: datetime | None


@dataclass(frozen=True)
class PhotoView:
    """A photo and the URLs to show it."""

    photo: Photo
    image: SignedImage


def find_photo(
    db: Session, user_id: str, photo_id: uuid.UUID, *, for_update: bool = False
) -> Photo:
    """The photo if ``user_id`` owns it, else ``PhotoNotFound``."""
    statement = select(Photo).where(Photo.id == photo_id, Photo.user_id == user_id)
    found = db.scalar(statement.with_for_update() if for_update else statement)
    if found is None:
        raise PhotoNotFound(photo_id=str(photo_id))
    return found


def folder_of(photo: Photo) -> str:
    """The folder of every object of ``photo``."""
    return photo_folder(photo.user_id, photo.property_id, photo.id)


def sign_image(
    storage: Storage, key: str | None, thumbnail_key: str | None
) -> SignedImage:
    """Signed GET URLs of an image and its thumbnail (None where there is no file)."""
    if key is None:
        return SignedImage(None, None, None)
    validity = signed_url_validity(get_settings().signed_url_ttl_seconds)
    expires_at = datetime.now(tz=UTC) + timedelta(seconds=validity)
    try:
        url = storage.signed_get_url(BUCKET, key)
        thumbnail = (
            storage.signed_get_url(BUCKET, thumbnail_key) if thumbnail_key else None
        )
    except STORAGE_ERRORS as exc:
        raise DependencyFailed("storage_unavailable") from exc
    return SignedImage(url, thumbnail, expires_at)


def view(photo: Photo, storage: Storage) -> PhotoView:
    """``photo`` with its URLs when its file is ready."""
    if photo.status != READY:
        return PhotoView(photo, SignedImage(None, None, None))
    return PhotoView(photo, sign_image(storage, photo.storage_key, photo.thumbnail_key))


def list_photos(
    user_id: str, property_id: uuid.UUID, *, storage: Storage | None = None
) -> list[PhotoView]:
    """The property's photos, oldest first, with their URLs.

    A photo whose signed PUT URL expired unused (plus a grace period) is ``failed``
    with ``upload_expired`` from then on, as documents are: a client never waits on it.
    """
    storage = storage or get_storage()
    with session_scope() as db:
        get_property(user_id, property_id, db=db)
        expire_stale_uploads(db, user_id, Photo.property_id == property_id, Photo)
        photos = db.scalars(
            select(Photo)
            .where(Photo.property_id == property_id, Photo.user_id == user_id)
            .order_by(Photo.created_at, Photo.id)
        ).all()
    return [view(photo, storage) for photo in photos]


def get_photo(
    user_id: str, photo_id: uuid.UUID, *, storage: Storage | None = None
) -> PhotoView:
    """One photo of the user, with its URLs."""
    with session_scope() as db:
        photo = find_photo(db, user_id, photo_id)
    return view(photo, storage or get_storage())


def update_photo(
    user_id: str,
    photo_id: uuid.UUID,
    changes: Mapping[str, str | None],
    *,
    storage: Storage | None = None,
) -> PhotoView:
    """Change the display ``name`` and/or the ``room_type`` (None clears it)."""
    with session_scope() as db:
        photo = find_photo(db, user_id, photo_id, for_update=True)
        if (name := changes.get("name")) is not None:
            photo.filename = name
        if "room_type" in changes:
            photo.room_type = changes["room_type"]
        photo.updated_at = datetime.now(tz=UTC)
    return view(photo, storage or get_storage())
