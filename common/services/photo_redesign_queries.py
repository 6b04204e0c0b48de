"""Reading redesigns: a photo's history of redesigns, one redesign's status, URLs.

A redesign still ``pending`` or ``generating`` after events stopped being delivered
for it (``event_max_age_seconds`` plus one lock period: the event platform has given
up and the handler drops older events) will never finish; reading it marks it
``failed`` with ``redesign_timed_out``, so that no status stays pending forever.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from common.config import get_settings
from common.db import session_scope
from common.db.models import Photo, Redesign
from common.messages import register, translate
from common.services.photo_redesigns import find_redesign
from common.services.photos import SignedImage, find_photo, sign_image
from common.storage import Storage, get_storage

register(
    "redesign_timed_out",
    "The redesign took too long and was abandoned. Please ask again.",
    "La reconception a pris trop de temps et a été abandonnée. Veuillez relancer.",
)
_UNFINISHED = ("pending", "generating")


@dataclass(frozen=True)
class RedesignView:
    """A redesign, whether it is the photo's promoted one, and its URLs when done."""

    redesign: Redesign
    promoted: bool
    image: SignedImage


def list_redesigns(
    user_id: str, photo_id: uuid.UUID, *, storage: Storage | None = None
) -> list[RedesignView]:
    """The photo's redesigns, newest first."""
    storage = storage or get_storage()
    with session_scope() as db:
        photo = find_photo(db, user_id, photo_id)
        _expire_stale(db, Redesign.photo_id == photo.id)
        redesigns = db.scalars(
            select(Redesign)
            .where(Redesign.photo_id == photo.id)
            .order_by(Redesign.created_at.desc(), Redesign.id)
        ).all()
    return [_view(item, photo.promoted_redesign_id, storage) for item in redesigns]


def get_redesign(
    user_id: str, redesign_id: uuid.UUID, *, storage: Storage | None = None
) -> RedesignView:
    """One redesign of the user (poll it until ``done`` or ``failed``)."""
    with session_scope() as db:
        _expire_stale(db, Redesign.id == redesign_id, Redesign.user_id == user_id)
        redesign = find_redesign(db, user_id, redesign_id)
        promoted = db.scalar(
            select(Photo.promoted_redesign_id).where(Photo.id == redesign.photo_id)
        )
    return _view(redesign, promoted, storage or get_storage())


def _view(
    redesign: Redesign, promoted_id: uuid.UUID | None, storage: Storage
) -> RedesignView:
    image = SignedImage(None, None, None)
    if redesign.status == "done":
        image = sign_image(storage, redesign.storage_key, redesign.thumbnail_key)
    return RedesignView(redesign, redesign.id == promoted_id, image)


def _expire_stale(db: Session, *conditions: Any) -> None:
    settings = get_settings()
    limit = settings.event_max_age_seconds + settings.event_lock_seconds
    now = datetime.now(tz=UTC)
    db.execute(
        update(Redesign)
        .where(
            *conditions,
            Redesign.status.in_(_UNFINISHED),
            Redesign.created_at < now - timedelta(seconds=limit),
        )
        .values(
            status="failed",
            error_code="redesign_timed_out",
            error_message=translate("redesign_timed_out", "en"),
            completed_at=now,
        )
    )
