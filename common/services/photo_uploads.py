"""Photo uploads: a signed PUT then a completion call, or multipart in one request.

There is no finalize function for the photos bucket (DESIGN.md's function map), so a
signed-URL upload ends with the client calling ``complete``: the service reads the
uploaded object (``upload``, never served), checks it by content, normalises it
(orientation applied, metadata stripped: ``common.photos.images``) and writes the
photo that will be served and its thumbnail; the uploaded object is then deleted. A
file that is not a usable image is deleted and the photo marked ``failed`` with the
reason. A multipart upload does the same per file, from the spooled request part.

Rows come before objects (``awaiting_upload``), objects before the row says
``uploaded``: a crash leaves either a pending row or objects under the photo's folder,
which deleting the photo (or its property) removes.
"""

from __future__ import annotations

import logging
import tempfile
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import BinaryIO, Literal, cast

from common.config import get_settings
from common.db import session_scope
from common.db.models import Photo
from common.errors import AppError, Conflict, DependencyFailed, NotFound
from common.messages import register
from common.photos.images import (
    FORMATS,
    SPOOL_BYTES,
    CorruptPhoto,
    NormalisedPhoto,
    PhotoTooLarge,
    UnsupportedPhoto,
    normalise_photo,
)
from common.photos.keys import image_key, photo_folder, thumbnail_key, upload_key
from common.services.document_content import display_filename
from common.services.document_uploads import IncomingFile
from common.services.photos import (
    BUCKET,
    READY,
    STORAGE_ERRORS,
    PhotoView,
    find_photo,
    folder_of,
    view,
)
from common.services.properties import get_property
from common.storage import Storage, get_storage
from common.storage_base import SignedUpload

logger = logging.getLogger(__name__)
REJECTIONS = (UnsupportedPhoto, CorruptPhoto, PhotoTooLarge)

register(
    "photo_not_uploaded",
    "No file was uploaded for this photo yet.",
    "Aucun fichier n'a encore été envoyé pour cette photo.",
)


class PhotoNotUploaded(Conflict):
    """``complete`` came before the file (the PUT did not happen or failed)."""

    code = "photo_not_uploaded"


@dataclass(frozen=True)
class PhotoUpload:
    """A pending photo and where to PUT its file."""

    photo: PhotoView
    upload: SignedUpload


@dataclass(frozen=True)
class UploadItem:
    """The outcome for one file of a multipart upload (``error``: the refusal)."""

    index: int
    filename: str
    status: Literal["uploaded", "rejected"]
    photo: PhotoView | None = None
    error: AppError | None = None


def _pending(
    user_id: str, property_id: uuid.UUID, filename: str, room_type: str | None
) -> Photo:
    photo_id = uuid.uuid4()
    return Photo(
        id=photo_id, property_id=property_id, user_id=user_id,
        filename=display_filename(filename), room_type=room_type,
        storage_key=upload_key(photo_folder(user_id, property_id, photo_id)),
        status="awaiting_upload",
    )  # fmt: skip


def create_upload_url(
    user_id: str,
    property_id: uuid.UUID,
    declared: tuple[str, str, int],
    room_type: str | None = None,
    *,
    storage: Storage | None = None,
) -> PhotoUpload:
    """A pending photo and a signed PUT URL for ``(filename, content_type, size)``."""
    storage = storage or get_storage()
    filename, content_type, size_bytes = declared
    media_type = content_type.split(";", 1)[0].strip().lower()
    max_bytes = get_settings().photo_max_upload_bytes
    if media_type not in FORMATS:
        raise UnsupportedPhoto("unsupported_photo")
    if size_bytes > max_bytes:
        raise PhotoTooLarge("file_too_large", max_bytes=max_bytes)
    with session_scope() as db:
        get_property(user_id, property_id, db=db)
        photo = _pending(user_id, property_id, filename, room_type)
        photo.content_type, photo.size_bytes = media_type, size_bytes
        db.add(photo)
    metadata = {"photo_id": str(photo.id)}
    try:  # signing may call IAM: after the commit, not inside it
        upload = storage.signed_put_url(
            BUCKET,
            photo.storage_key,
            media_type,
            max_bytes=max_bytes,
            metadata=metadata,
        )
    except STORAGE_ERRORS as exc:
        with session_scope() as db:
            db.delete(db.get(Photo, photo.id))
        raise DependencyFailed("storage_unavailable") from exc
    return PhotoUpload(view(photo, storage), upload)


def complete_upload(
    user_id: str, photo_id: uuid.UUID, *, storage: Storage | None = None
) -> PhotoView:
    """Check and normalise the uploaded file; ``uploaded`` photos are returned as is.

    Raises:
        PhotoNotUploaded: nothing was PUT yet (the photo stays pending).
        UnsupportedPhoto, CorruptPhoto, PhotoTooLarge: the photo is now ``failed``.
    """
    storage = storage or get_storage()
    with session_scope() as db:
        photo = find_photo(db, user_id, photo_id)
    if photo.status == READY:
        return view(photo, storage)
    source_key = upload_key(folder_of(photo))
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spooled_file:
        spooled = cast(BinaryIO, spooled_file)
        try:
            _download(storage, photo, source_key, spooled)
            stored = _store(storage, photo, spooled)
        except REJECTIONS as exc:
            _fail(storage, photo, source_key, exc)
            raise
    _delete_quietly(storage, source_key)
    return view(stored, storage)


def upload_photos(
    user_id: str,
    property_id: uuid.UUID,
    files: Sequence[IncomingFile],
    room_type: str | None = None,
    *,
    storage: Storage | None = None,
) -> list[UploadItem]:
    """Store each acceptable file as a photo; refused files are reported, not stored."""
    storage = storage or get_storage()
    get_property(user_id, property_id)
    items = []
    for index, incoming in enumerate(files):
        photo = _pending(user_id, property_id, incoming.filename, room_type)
        try:
            with session_scope() as db:
                db.add(photo)
            stored = _store(storage, photo, incoming.stream)
        except REJECTIONS as exc:
            _forget(storage, photo)
            items.append(UploadItem(index, photo.filename, "rejected", error=exc))
            continue
        except Exception:
            _forget(storage, photo)
            raise
        items.append(
            UploadItem(index, photo.filename, "uploaded", view(stored, storage))
        )
    uploaded = sum(item.status == "uploaded" for item in items)
    fields = {"uploaded": uploaded, "rejected": len(items) - uploaded}
    logger.info("photos received", extra={"fields": fields})
    return items


def _download(storage: Storage, photo: Photo, key: str, destination: BinaryIO) -> None:
    """The uploaded file into ``destination``; refused unread when over the limit."""
    max_bytes = get_settings().photo_max_upload_bytes
    try:
        size = storage.stat(BUCKET, key).size
        if size <= max_bytes:
            storage.download_to_file(BUCKET, key, destination)
    except NotFound as exc:
        raise PhotoNotUploaded(photo_id=str(photo.id)) from exc
    except STORAGE_ERRORS as exc:
        raise DependencyFailed("storage_unavailable") from exc
    if size > max_bytes:
        raise PhotoTooLarge("file_too_large", max_bytes=max_bytes)


def _store(storage: Storage, photo: Photo, source: BinaryIO) -> Photo:
    """Normalise ``source``, write the photo and its thumbnail, mark it uploaded."""
    settings = get_settings()
    with normalise_photo(
        source,
        max_bytes=settings.photo_max_upload_bytes,
        max_pixels=settings.photo_max_pixels,
    ) as normalised:
        folder = folder_of(photo)
        key, thumbnail = (
            image_key(folder, normalised.content_type),
            thumbnail_key(folder),
        )
        try:
            storage.upload_stream(
                BUCKET, key, normalised.content, normalised.content_type
            )
            storage.upload_bytes(BUCKET, thumbnail, normalised.thumbnail, "image/jpeg")
        except STORAGE_ERRORS as exc:
            raise DependencyFailed("storage_unavailable") from exc
        return _mark_uploaded(photo, key, thumbnail, normalised)


def _mark_uploaded(
    photo: Photo, key: str, thumbnail: str, normalised: NormalisedPhoto
) -> Photo:
    with session_scope() as db:
        row = db.get(Photo, photo.id, with_for_update=True)
        if row is None:  # deleted meanwhile: its folder is gone, the new files too
            raise PhotoNotUploaded(photo_id=str(photo.id))
        row.storage_key, row.thumbnail_key = key, thumbnail
        row.content_type, row.size_bytes = normalised.content_type, normalised.size
        row.width, row.height = normalised.width, normalised.height
        row.sha256, row.status = normalised.sha256, READY
        row.error_code = row.error_message = None
        row.updated_at = datetime.now(tz=UTC)
    return row


def _fail(storage: Storage, photo: Photo, source_key: str, error: AppError) -> None:
    """A refused upload: its object deleted, the photo ``failed`` with the reason."""
    _delete_quietly(storage, source_key)
    with session_scope() as db:
        row = db.get(Photo, photo.id, with_for_update=True)
        if row is not None and row.status != READY:
            row.status, row.error_code = "failed", error.message_key
            row.error_message = error.message
            row.updated_at = datetime.now(tz=UTC)
    fields = {"photo_id": str(photo.id), "error_code": error.message_key}
    logger.info("photo rejected", extra={"fields": fields})


def _forget(storage: Storage, photo: Photo) -> None:
    """Remove a multipart file that was refused: its row and anything stored."""
    with session_scope() as db:
        row = db.get(Photo, photo.id)
        if row is not None:
            db.delete(row)
    try:
        storage.delete_prefix(BUCKET, folder_of(photo))
    except STORAGE_ERRORS:
        logger.warning("orphan delete failed", extra={"fields": {"id": str(photo.id)}})


def _delete_quietly(storage: Storage, key: str) -> None:
    try:
        storage.delete(BUCKET, key)
    except STORAGE_ERRORS:  # the photo's folder goes with the photo anyway
        logger.warning("upload delete failed", extra={"fields": {"key": key}})
