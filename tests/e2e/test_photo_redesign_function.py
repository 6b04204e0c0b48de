"""functions/photo_redesign/main.py through functions-framework: Pub/Sub pushes draw
a redesign with the local provider, once per redesign whatever the deliveries."""

from __future__ import annotations

import io
import uuid
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import Engine

from common.storage import LocalStorage, get_storage
from tests import factories
from tests.e2e.photos_support import (
    headers,
    photos_client,
    post_event,
    redesign_event,
    redesign_function_client,
    uploaded_photo_id,
)
from tests.factories import saved_property_id
from tests.fixtures.photos import phone_jpeg

pytestmark = pytest.mark.e2e


@pytest.fixture
def photos(clean_db: Engine, redis_flushed: Any) -> Any:
    return photos_client()


@pytest.fixture
def function(clean_db: Engine, redis_flushed: Any) -> Any:
    return redesign_function_client()


@pytest.fixture
def redesign_id(photos: Any, user: factories.TestUser) -> str:
    """A pending redesign of an uploaded photo (its event went nowhere)."""
    photo_id = uploaded_photo_id(photos, user, saved_property_id(user), phone_jpeg())
    accepted = photos.post(
        f"/api/photos/{photo_id}/redesign",
        json={"style_preset": "fancy_dark_modern"},
        headers=headers(user),
    )
    assert accepted.status_code == 202
    return str(accepted.get_json()["redesign_id"])


def _status(photos: Any, user: factories.TestUser, redesign_id: str) -> Any:
    return photos.get(f"/api/photos/redesigns/{redesign_id}", headers=headers(user))


def test_the_event_draws_the_redesign_with_the_local_provider(
    photos: Any, function: Any, user: factories.TestUser, redesign_id: str
) -> None:
    response = post_event(function, redesign_event(redesign_id))

    assert response.status_code == 200
    body = _status(photos, user, redesign_id).get_json()
    assert body["status"] == "done"
    assert body["model"] == "local-pillow-styles-v1"
    assert body["generation_ms"] >= 0
    assert body["url"] and body["thumbnail_url"]
    storage = get_storage()
    assert isinstance(storage, LocalStorage)
    key = body["url"].split("/_storage/photos/", 1)[1].split("?", 1)[0]
    drawn = Image.open(io.BytesIO(storage.download_bytes("photos", key)))
    assert drawn.size == (320, 240)


def test_a_redelivered_event_keeps_the_one_image(
    photos: Any, function: Any, user: factories.TestUser, redesign_id: str
) -> None:
    # given one delivery that drew the image
    event = redesign_event(redesign_id)
    post_event(function, event)
    first = _status(photos, user, redesign_id).get_json()
    storage = get_storage()
    key = first["url"].split("/_storage/photos/", 1)[1].split("?", 1)[0]
    generation = storage.stat("photos", key).generation

    # when the platform delivers it again, and a second event names it too
    again = post_event(function, event)
    other = post_event(function, redesign_event(redesign_id))

    # then nothing was drawn or written again
    assert (again.status_code, other.status_code) == (200, 200)
    assert storage.stat("photos", key).generation == generation
    assert (
        _status(photos, user, redesign_id).get_json()["completed_at"]
        == first["completed_at"]
    )


def test_an_event_for_an_unknown_redesign_is_acknowledged(function: Any) -> None:
    response = post_event(function, redesign_event(str(uuid.uuid4())))

    assert response.status_code == 200
