"""Promoting a redesign to the property's overview, and taking it back.

A photo promotes at most one of its own redesigns, and only a finished one: a
redesign of another photo, even of the same user, is refused (``422``), one that is
not ``done`` is a ``409``, another user's is ``404`` like a missing one. The
dashboard shows the property's most recently promoted redesign
(``common.services.property_dashboard``).
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime

from common.db import session_scope
from common.errors import AppError
from common.messages import register
from common.services.photo_redesigns import RedesignNotDone, find_redesign
from common.services.photos import PhotoView, find_photo, view
from common.storage import Storage, get_storage

logger = logging.getLogger(__name__)

register(
    "redesign_of_another_photo",
    "This redesign belongs to another photo.",
    "Cette reconception appartient à une autre photo.",
)


class RedesignOfAnotherPhoto(AppError):
    """The redesign exists and is the user's, but was made from another photo."""

    status, code = 422, "redesign_of_another_photo"


def promote(
    user_id: str,
    photo_id: uuid.UUID,
    redesign_id: uuid.UUID,
    *,
    storage: Storage | None = None,
) -> PhotoView:
    """Show ``redesign_id`` as the photo's redesign on the property's overview."""
    with session_scope() as db:
        photo = find_photo(db, user_id, photo_id, for_update=True)
        redesign = find_redesign(db, user_id, redesign_id)
        if redesign.photo_id != photo.id:
            raise RedesignOfAnotherPhoto(redesign_id=str(redesign_id))
        if redesign.status != "done":
            raise RedesignNotDone(redesign_id=str(redesign_id))
        now = datetime.now(tz=UTC)
        photo.promoted_redesign_id, photo.promoted_at = redesign.id, now
        photo.updated_at = now
    fields = {"photo_id": str(photo_id), "redesign_id": str(redesign_id)}
    logger.info("redesign promoted", extra={"fields": fields})
    return view(photo, storage or get_storage())


def demote(
    user_id: str, photo_id: uuid.UUID, *, storage: Storage | None = None
) -> PhotoView:
    """Stop showing a redesign of the photo (nothing to do if none is promoted)."""
    with session_scope() as db:
        photo = find_photo(db, user_id, photo_id, for_update=True)
        if photo.promoted_redesign_id is not None:
            photo.promoted_redesign_id = photo.promoted_at = None
            photo.updated_at = datetime.now(tz=UTC)
    return view(photo, storage or get_storage())
