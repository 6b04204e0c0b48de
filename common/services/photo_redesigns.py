"""Redesign requests and their history: validate, record ``pending``, publish.

A request names a preset and/or gives the prompt the user edited; the prompt that
is used is the user's when there is one, else the preset's template in the request's
language, with the photo's room type (``common.photos.styles``). A refinement names a
parent redesign, which must be of the same photo and ``done``: the new turn edits the
parent's image and its history is the parent's, which by then ends with the parent's
own two turns. Histories hold object keys, never image bytes.
Reference photos must be the user's own: any other id is ``PhotoNotFound``, exactly
as a missing one. Without an aspect ratio, the parent's is kept, else the one closest
to the photo's shape is chosen.

The row is committed ``pending`` before ``redesign-requested`` is published
(DESIGN.md); if publishing fails the row is marked ``failed`` and the client gets a
503, so that no redesign waits forever for an event that was never sent.
"""

from __future__ import annotations

import logging
import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.ai.images import ASPECT_RATIOS
from common.db import session_scope
from common.db.models import Photo, Redesign
from common.errors import Conflict, DependencyFailed, NotFound
from common.messages import register
from common.photos.styles import compose_prompt
from common.publisher import Publisher, request_redesign
from common.services.photos import READY, PhotoNotFound, PhotoNotReady, find_photo

logger = logging.getLogger(__name__)

register("redesign_not_found", "Redesign not found.", "Reconception introuvable.")
register(
    "redesign_not_done",
    "This redesign is not finished: refine or promote it once it is done.",
    "Cette reconception n'est pas terminée : affinez-la ou mettez-la en avant "
    "une fois terminée.",
)


class RedesignNotFound(NotFound):
    """The redesign does not exist, belongs to another user or to another photo."""

    code = "redesign_not_found"


class RedesignNotDone(Conflict):
    """The redesign has no image yet (or failed)."""

    code = "redesign_not_done"


@dataclass(frozen=True)
class RedesignAsk:
    """What the user asks: a preset and/or an edited prompt, refinement, references."""

    style_preset: str | None
    prompt: str | None
    language: str
    parent_redesign_id: uuid.UUID | None = None
    reference_photo_ids: Sequence[uuid.UUID] = ()
    aspect_ratio: str | None = None


def find_redesign(db: Session, user_id: str, redesign_id: uuid.UUID) -> Redesign:
    """The redesign if ``user_id`` owns it, else ``RedesignNotFound``."""
    found = db.scalar(
        select(Redesign).where(Redesign.id == redesign_id, Redesign.user_id == user_id)
    )
    if found is None:
        raise RedesignNotFound(redesign_id=str(redesign_id))
    return found


def closest_aspect_ratio(width: int | None, height: int | None) -> str:
    """The supported aspect ratio nearest to ``width:height`` (``1:1`` if unknown)."""
    if not width or not height:
        return "1:1"

    def distance(ratio: str) -> float:
        across, up = (int(part) for part in ratio.split(":"))
        return abs(math.log(width / height) - math.log(across / up))

    return min(ASPECT_RATIOS, key=distance)


def request(
    user_id: str,
    photo_id: uuid.UUID,
    ask: RedesignAsk,
    *,
    publisher: Publisher | None = None,
) -> Redesign:
    """Record a ``pending`` redesign of the photo and ask for it to be generated."""
    with session_scope() as db:
        photo = find_photo(db, user_id, photo_id)
        if photo.status != READY:
            raise PhotoNotReady(photo_id=str(photo_id))
        parent = _parent(db, user_id, photo, ask.parent_redesign_id)
        references = _references(db, user_id, ask.reference_photo_ids)
        aspect_ratio = (
            ask.aspect_ratio
            or (parent.aspect_ratio if parent else None)
            or closest_aspect_ratio(photo.width, photo.height)
        )
        redesign = Redesign(
            id=uuid.uuid4(), photo_id=photo.id, user_id=user_id,
            parent_id=parent.id if parent else None, style_preset=ask.style_preset,
            prompt=compose_prompt(
                ask.style_preset, ask.prompt, photo.room_type, ask.language
            ),
            aspect_ratio=aspect_ratio,
            reference_photo_ids=[str(reference) for reference in references],
            history=list(parent.history) if parent else [], status="pending",
        )  # fmt: skip
        db.add(redesign)
    _publish(redesign, publisher)
    return redesign


def _parent(
    db: Session, user_id: str, photo: Photo, parent_id: uuid.UUID | None
) -> Redesign | None:
    if parent_id is None:
        return None
    parent = find_redesign(db, user_id, parent_id)
    if parent.photo_id != photo.id:
        raise RedesignNotFound(redesign_id=str(parent_id))
    if parent.status != "done":
        raise RedesignNotDone(redesign_id=str(parent_id))
    return parent


def _references(
    db: Session, user_id: str, photo_ids: Sequence[uuid.UUID]
) -> list[uuid.UUID]:
    wanted = list(dict.fromkeys(photo_ids))
    if not wanted:
        return []
    found = set(
        db.scalars(
            select(Photo.id).where(
                Photo.id.in_(wanted), Photo.user_id == user_id, Photo.status == READY
            )
        )
    )
    for photo_id in wanted:
        if photo_id not in found:
            raise PhotoNotFound(photo_id=str(photo_id))
    return wanted


def _publish(redesign: Redesign, publisher: Publisher | None) -> None:
    try:
        request_redesign(redesign.id, publisher=publisher)
    except DependencyFailed as exc:
        with session_scope() as db:
            row = db.get(Redesign, redesign.id, with_for_update=True)
            if row is not None and row.status == "pending":
                row.status, row.error_code = "failed", exc.message_key
                row.error_message = exc.message
                row.completed_at = datetime.now(tz=UTC)
        redesign.status, redesign.error_code = "failed", exc.message_key
        logger.warning(
            "redesign request not published",
            extra={"fields": {"redesign_id": str(redesign.id)}},
        )
        raise
    logger.info(
        "redesign requested", extra={"fields": {"redesign_id": str(redesign.id)}}
    )
