"""Deleting a photo: every object under its folder, then its rows.

The folder holds the served photo, its thumbnail, the redesigns and their
thumbnails and any stray upload (``common.photos.keys``), so one prefix delete
removes them all. It runs inside the row's transaction, before the rows go: a storage
failure deletes no row and the client can retry, and rows never outlive their files
the other way round. The photo's promoted redesign is released first (the two tables
point at each other), then deleting the photo cascades to its redesigns. A redesign
still being drawn finds its row gone and deletes what it writes
(``common.services.photo_generation``).
"""

from __future__ import annotations

import logging
import uuid

from sqlalchemy import delete

from common.db import session_scope
from common.db.models import Photo
from common.errors import DependencyFailed
from common.services.photos import BUCKET, STORAGE_ERRORS, find_photo, folder_of
from common.storage import Storage, get_storage

logger = logging.getLogger(__name__)


def delete_photo(
    user_id: str, photo_id: uuid.UUID, *, storage: Storage | None = None
) -> None:
    """Delete the photo's objects, then the photo and its redesigns."""
    storage = storage or get_storage()
    with session_scope() as db:
        photo = find_photo(db, user_id, photo_id, for_update=True)
        try:
            removed = storage.delete_prefix(BUCKET, folder_of(photo))
        except STORAGE_ERRORS as exc:
            raise DependencyFailed("storage_unavailable") from exc
        photo.promoted_redesign_id = None
        db.flush()
        db.execute(delete(Photo).where(Photo.id == photo.id))
    fields = {"photo_id": str(photo_id), "objects": removed}
    logger.info("photo deleted", extra={"fields": fields})
