"""Generating one redesign (topic ``redesign-requested``): start, draw, store, finish.

The event handler's claim makes a redelivered event a no-op; on top of it the row
says what is left to do, so a second event for the same redesign (a publish retried)
draws nothing either: a ``done`` or ``failed`` redesign is skipped, a ``pending`` one
becomes ``generating``, a ``generating`` one (a crash or a retry) is drawn again.

The request is rebuilt from the row: the photo (or, in a refinement, the parent's
image), the reference photos and the earlier turns, whose object keys are read into
bytes only now. The image goes under a deterministic name
(``common.photos.keys.redesign_key``), so drawing again overwrites; the row records
the model, the generation time and, in ``history``, its own two turns (keys and the
model's thought signature), which a refinement of it continues.

Failures are recorded on the row. A retryable one (model rate limit, 5xx, timeout,
storage outage) leaves it ``generating`` with a note and is raised again so that the
event is redelivered; a permanent one (safety block, no image, a source gone) makes it
``failed`` and is raised for the handler to acknowledge. If the photo was deleted
while the model drew, the files just written are deleted again.
"""

from __future__ import annotations

import base64
import io
import logging
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.ai.images import (
    GeneratedImage,
    ImageEditRequest,
    ImageProvider,
    RedesignRefused,
    SourceImage,
    Turn,
    get_image_ai,
)
from common.config import get_settings
from common.db import session_scope
from common.db.models import Photo, Redesign
from common.errors import AppError, DependencyFailed, NotFound
from common.messages import register
from common.photos.images import (
    CorruptPhoto,
    UnsupportedPhoto,
    decode,
    make_thumbnail,
    photo_content_type,
)
from common.photos.keys import photo_folder, redesign_key, redesign_thumbnail_key
from common.services.photos import BUCKET, READY, STORAGE_ERRORS
from common.storage import Storage, get_storage

logger = logging.getLogger(__name__)

register(
    "redesign_source_missing",
    "A photo this redesign needs no longer exists.",
    "Une photo nécessaire à cette reconception n'existe plus.",
)
register(
    "ai_image_invalid",
    "The AI answered with a file that is not a usable image.",
    "L'IA a répondu avec un fichier qui n'est pas une image exploitable.",
)


class SourceMissing(NotFound):
    """The photo, parent image or a reference photo of the redesign is gone."""

    code = "redesign_source_missing"


@dataclass(frozen=True)
class Plan:
    """What one generation draws, as keys (read from the row at start)."""

    redesign_id: uuid.UUID
    folder: str
    prompt: str
    aspect_ratio: str
    style_preset: str | None
    input_key: str
    reference_keys: tuple[str, ...]
    history: list[dict[str, Any]]


def generate_redesign(
    redesign_id: uuid.UUID,
    *,
    provider: ImageProvider | None = None,
    storage: Storage | None = None,
) -> None:
    """Draw the redesign unless it is finished; see the module docstring."""
    plan = _start(redesign_id)
    if plan is None:
        return
    storage = storage or get_storage()
    try:
        request = _request(storage, plan)
        started = time.perf_counter()
        image = (provider or get_image_ai()).edit(request)
        generation_ms = round((time.perf_counter() - started) * 1000)
        keys = _store(storage, plan, image)
    except AppError as exc:
        _record_failure(redesign_id, exc)
        raise
    _finish(plan, image, keys, generation_ms, storage)


def _start(redesign_id: uuid.UUID) -> Plan | None:
    """The plan of an unfinished redesign, now ``generating``; None: nothing to do."""
    fields = {"redesign_id": str(redesign_id)}
    with session_scope() as db:
        redesign = db.get(Redesign, redesign_id, with_for_update=True)
        if redesign is None or redesign.status in ("done", "failed"):
            fields["status"] = redesign.status if redesign else "deleted"
            logger.info("redesign skipped", extra={"fields": fields})
            return None
        plan = _plan(db, redesign)
        if plan is None:
            _mark(redesign, SourceMissing(**fields))
        else:
            redesign.status, redesign.started_at = "generating", _now()
    if plan is None:
        raise SourceMissing(**fields)
    return plan


def _plan(db: Session, redesign: Redesign) -> Plan | None:
    """What to draw, from the row; None when a photo it needs is gone."""
    photo = db.get(Photo, redesign.photo_id)
    parent = db.get(Redesign, redesign.parent_id) if redesign.parent_id else None
    references = _reference_keys(db, redesign)
    source = parent.storage_key if parent else photo.storage_key if photo else None
    if photo is None or source is None or references is None:
        return None
    return Plan(
        redesign.id, photo_folder(photo.user_id, photo.property_id, photo.id),
        redesign.prompt, redesign.aspect_ratio or "1:1", redesign.style_preset,
        source, references, list(redesign.history),
    )  # fmt: skip


def _reference_keys(db: Session, redesign: Redesign) -> tuple[str, ...] | None:
    """The keys of the reference photos, in order; None if one of them is gone."""
    ids = [uuid.UUID(value) for value in redesign.reference_photo_ids]
    if not ids:
        return ()
    rows = db.execute(
        select(Photo.id, Photo.storage_key).where(
            Photo.id.in_(ids), Photo.user_id == redesign.user_id, Photo.status == READY
        )
    )
    keys = dict(rows.all())
    if len(keys) != len(set(ids)):
        return None
    return tuple(keys[photo_id] for photo_id in ids)


def _request(storage: Storage, plan: Plan) -> ImageEditRequest:
    """The provider's request, with every image read from storage."""
    history = tuple(
        Turn(
            turn["role"],
            turn.get("text"),
            tuple(_history_images(storage, turn.get("image_keys", []))),
            _signature(turn.get("thought_signature")),
        )
        for turn in plan.history
    )
    return ImageEditRequest(
        prompt=plan.prompt,
        image=_load(storage, plan.input_key),
        aspect_ratio=plan.aspect_ratio,
        references=tuple(_load(storage, key) for key in plan.reference_keys),
        history=history,
        style_preset=plan.style_preset,
    )


def _load(storage: Storage, key: str) -> SourceImage:
    try:
        data = storage.download_bytes(BUCKET, key)
    except NotFound as exc:
        raise SourceMissing(key=key) from exc
    except STORAGE_ERRORS as exc:
        raise DependencyFailed("storage_unavailable") from exc
    return SourceImage(data, photo_content_type(data[:32]))


def _history_images(storage: Storage, keys: list[str]) -> list[SourceImage]:
    """The images of an earlier turn; one deleted since (a reference) is left out."""
    images = []
    for key in keys:
        try:
            images.append(_load(storage, key))
        except SourceMissing:
            logger.warning("history image missing", extra={"fields": {"key": key}})
    return images


def _store(storage: Storage, plan: Plan, image: GeneratedImage) -> tuple[str, str]:
    """Write the image and its thumbnail; their keys."""
    try:
        content_type = photo_content_type(image.data[:32])
        decoded = decode(
            io.BytesIO(image.data), content_type, get_settings().photo_max_pixels
        )
    except (UnsupportedPhoto, CorruptPhoto) as exc:
        raise RedesignRefused("ai_image_invalid") from exc
    key = redesign_key(plan.folder, plan.redesign_id, content_type)
    thumbnail = redesign_thumbnail_key(plan.folder, plan.redesign_id)
    try:
        storage.upload_bytes(BUCKET, key, image.data, content_type)
        storage.upload_bytes(BUCKET, thumbnail, make_thumbnail(decoded), "image/jpeg")
    except STORAGE_ERRORS as exc:
        raise DependencyFailed("storage_unavailable") from exc
    return key, thumbnail


def _finish(
    plan: Plan,
    image: GeneratedImage,
    keys: tuple[str, str],
    generation_ms: int,
    storage: Storage,
) -> None:
    key, thumbnail = keys
    with session_scope() as db:
        redesign = db.get(Redesign, plan.redesign_id, with_for_update=True)
        if redesign is not None and redesign.status != "done":
            redesign.status, redesign.storage_key = "done", key
            redesign.thumbnail_key, redesign.model = thumbnail, image.model
            redesign.generation_ms, redesign.completed_at = generation_ms, _now()
            redesign.error_code = redesign.error_message = None
            redesign.history = [*plan.history, *_own_turns(plan, key, image)]
    fields = {"redesign_id": str(plan.redesign_id), "generation_ms": generation_ms}
    if redesign is None:  # the photo was deleted while the model drew
        for orphan in keys:
            storage.delete(BUCKET, orphan)
        logger.info("redesign of a deleted photo dropped", extra={"fields": fields})
        return
    logger.info(
        "redesign generated", extra={"fields": {**fields, "model": image.model}}
    )


def _own_turns(plan: Plan, key: str, image: GeneratedImage) -> list[dict[str, Any]]:
    """This redesign's user and model turns, for a refinement to continue."""
    inputs = [] if plan.history else [plan.input_key]
    user = {
        "role": "user",
        "text": plan.prompt,
        "image_keys": [*inputs, *plan.reference_keys],
    }
    model: dict[str, Any] = {"role": "model", "image_keys": [key]}
    if image.thought_signature:
        model["thought_signature"] = base64.b64encode(image.thought_signature).decode()
    return [user, model]


def _record_failure(redesign_id: uuid.UUID, error: AppError) -> None:
    with session_scope() as db:
        redesign = db.get(Redesign, redesign_id, with_for_update=True)
        if redesign is not None and redesign.status != "done":
            _mark(redesign, error)
    fields = {"redesign_id": str(redesign_id), "error_code": error.message_key}
    logger.warning("redesign attempt failed", extra={"fields": fields})


def _mark(redesign: Redesign, error: AppError) -> None:
    """Note a retryable error (still generating), or fail on a permanent one."""
    redesign.error_code, redesign.error_message = error.message_key, error.message
    if not error.retryable:
        redesign.status, redesign.completed_at = "failed", _now()


def _signature(value: object) -> bytes | None:
    return base64.b64decode(value) if isinstance(value, str) else None


def _now() -> datetime:
    return datetime.now(tz=UTC)
