"""Shared pieces of the photo service tests: committed owners, photos, redesigns."""

from __future__ import annotations

import io
import uuid

from common.db import session_scope
from common.db.models import Photo, Redesign
from common.services import photo_generation, photo_redesigns, photo_uploads
from common.services.document_uploads import IncomingFile
from common.services.photo_redesigns import RedesignAsk
from common.services.photos import PhotoView
from common.storage import Storage
from tests.fakes.image_provider import FakeImageProvider
from tests.fakes.publisher import FakePublisher
from tests.fixtures.photos import phone_jpeg


def upload(
    user_id: str,
    property_id: uuid.UUID,
    storage: Storage,
    data: bytes | None = None,
    name: str = "salon.jpg",
    room_type: str | None = "living_room",
) -> PhotoView:
    """One photo uploaded through the multipart service (a phone JPEG by default)."""
    incoming = IncomingFile(name, io.BytesIO(phone_jpeg() if data is None else data))
    (item,) = photo_uploads.upload_photos(
        user_id, property_id, [incoming], room_type, storage=storage
    )
    assert item.photo is not None, item.error
    return item.photo


def ask(**options: object) -> RedesignAsk:
    """A request for the cozy hygge preset in French, unless told otherwise."""
    values: dict[str, object] = {
        "style_preset": "cozy_hygge",
        "prompt": None,
        "language": "fr",
        **options,
    }
    return RedesignAsk(**values)  # type: ignore[arg-type]


def requested(
    user_id: str, photo_id: uuid.UUID, publisher: FakePublisher, **options: object
) -> Redesign:
    """A pending redesign of the photo, its event published to ``publisher``."""
    return photo_redesigns.request(
        user_id, photo_id, ask(**options), publisher=publisher
    )


def generated(
    user_id: str,
    photo_id: uuid.UUID,
    storage: Storage,
    provider: FakeImageProvider | None = None,
    **options: object,
) -> Redesign:
    """A redesign requested and drawn (``done``)."""
    redesign = requested(user_id, photo_id, FakePublisher(), **options)
    photo_generation.generate_redesign(
        redesign.id, provider=provider or FakeImageProvider(), storage=storage
    )
    return reload_redesign(redesign.id)


def reload_redesign(redesign_id: uuid.UUID) -> Redesign:
    """The redesign as committed now."""
    with session_scope() as db:
        found = db.get(Redesign, redesign_id)
    assert found is not None
    return found


def reload_photo(photo_id: uuid.UUID) -> Photo | None:
    """The photo as committed now (None once deleted)."""
    with session_scope() as db:
        return db.get(Photo, photo_id)
