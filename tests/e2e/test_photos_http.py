"""functions/photos/main.py through functions-framework: uploads, errors, ownership."""

from __future__ import annotations

import io
import uuid
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from sqlalchemy import Engine

from common.storage import LocalStorage, get_storage
from tests import factories
from tests.e2e.photos_support import (
    headers,
    photos_client,
    upload,
    uploaded_photo_id,
)
from tests.fixtures.photos import html_named_jpg, phone_jpeg, png_photo

pytestmark = pytest.mark.e2e


@pytest.fixture
def client(clean_db: Engine, redis_flushed: Any) -> Any:
    return photos_client()


def test_presets_are_public_and_bilingual(client: Any) -> None:
    response = client.get("/api/photos/presets")

    assert response.status_code == 200
    body = response.get_json()
    ids = [preset["id"] for preset in body["presets"]]
    assert {"modern_norwegian", "minimalist_scandinavian", "cozy_hygge"} <= set(ids)
    assert "fancy_dark_modern" in ids
    hygge = body["presets"][ids.index("cozy_hygge")]
    assert hygge["name"] == {"en": "Cozy hygge", "fr": "Hygge douillet"}
    assert "{room}" in hygge["prompt_template"]["fr"]
    assert "living_room" in body["room_types"]
    assert body["aspect_ratios"] == ["1:1", "3:4", "4:3", "9:16", "16:9"]


def test_multipart_judges_files_by_content_not_by_name(
    client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    files = [(png_photo(), "salon.jpg"), (html_named_jpg(), "cuisine.jpg")]

    response = upload(client, user, property_id, files, "fr", room_type="living_room")

    assert response.status_code == 201
    accepted, refused = response.get_json()["items"]
    assert accepted["status"] == "uploaded"
    assert accepted["photo"]["content_type"] == "image/png"
    assert accepted["photo"]["room_type"] == "living_room"
    assert accepted["photo"]["url"] and accepted["photo"]["thumbnail_url"]
    assert refused["status"] == "rejected" and refused["photo"] is None
    assert refused["error"] == {
        "code": "unsupported_photo",
        "message": "Seules les images JPEG, PNG et WebP sont acceptées.",
    }


def test_multipart_refuses_an_oversized_file(
    client: Any,
    user: factories.TestUser,
    property_id: uuid.UUID,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.support import reset_process_state

    monkeypatch.setenv("APP_PHOTO_MAX_UPLOAD_BYTES", "2000")
    reset_process_state()

    response = upload(client, user, property_id, [(phone_jpeg(), "grand.jpg")])

    (item,) = response.get_json()["items"]
    assert item["status"] == "rejected"
    assert item["error"]["code"] == "file_too_large"
    assert "2000" in item["error"]["message"]


def test_multipart_without_property_is_a_400(
    client: Any, user: factories.TestUser
) -> None:
    response = client.post(
        "/api/photos/upload",
        data={"files": [(b"x", "a.jpg")]},
        headers=headers(user),
        content_type="multipart/form-data",
    )

    assert response.status_code == 400
    assert response.get_json()["error"]["details"]["fields"] == "property_id"


def test_signed_upload_then_complete_serves_the_clean_photo(
    client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    # given a signed PUT URL, and the file PUT to it (as the local stack stores it)
    created = client.post(
        "/api/photos/upload-url",
        json={
            "property_id": str(property_id),
            "filename": "IMG_0042.JPG",
            "content_type": "image/jpeg",
            "size_bytes": len(phone_jpeg()),
        },
        headers=headers(user),
    )
    assert created.status_code == 201, created.get_data(as_text=True)
    body = created.get_json()
    _put(body["upload"], phone_jpeg())

    # when the client completes the upload
    completed = client.post(body["complete_url"], headers=headers(user))

    # then the photo is uploaded and listed with its URLs
    assert completed.status_code == 200, completed.get_data(as_text=True)
    assert completed.get_json()["status"] == "uploaded"
    listed = client.get(f"/api/photos?property_id={property_id}", headers=headers(user))
    (photo,) = listed.get_json()["photos"]
    assert (photo["width"], photo["height"]) == (320, 240)
    assert photo["url"] and photo["urls_expire_at"]


def _put(upload_link: dict[str, Any], data: bytes) -> None:
    storage = get_storage()
    assert isinstance(storage, LocalStorage)
    parts = urlsplit(upload_link["url"])
    key = parts.path.split("/_storage/photos/", 1)[1]
    query = dict(parse_qsl(parts.query))
    storage.accept_signed_upload(
        "photos", key, query, upload_link["headers"]["Content-Type"], io.BytesIO(data)
    )


def test_completing_an_html_upload_is_a_415_and_the_photo_fails(
    client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    created = client.post(
        "/api/photos/upload-url",
        json={
            "property_id": str(property_id),
            "filename": "salon.jpg",
            "content_type": "image/jpeg",
            "size_bytes": 100,
        },
        headers=headers(user),
    ).get_json()
    _put(created["upload"], html_named_jpg())

    response = client.post(created["complete_url"], headers=headers(user, "fr"))

    assert response.status_code == 415
    assert response.get_json()["error"]["code"] == "unsupported_photo"
    photo = client.get(f"/api/photos/{created['photo']['id']}", headers=headers(user))
    assert photo.get_json()["status"] == "failed"
    assert photo.get_json()["error_code"] == "unsupported_photo"


def test_another_users_photo_is_not_found_everywhere(
    client: Any,
    user: factories.TestUser,
    stranger: factories.TestUser,
    property_id: uuid.UUID,
) -> None:
    photo_id = uploaded_photo_id(client, user, property_id, phone_jpeg())
    redesign_id = uuid.uuid4()

    responses = [
        client.get(f"/api/photos/{photo_id}", headers=headers(stranger)),
        client.patch(
            f"/api/photos/{photo_id}", json={"name": "x"}, headers=headers(stranger)
        ),
        client.delete(f"/api/photos/{photo_id}", headers=headers(stranger)),
        client.post(
            f"/api/photos/{photo_id}/redesign",
            json={"style_preset": "cozy_hygge"},
            headers=headers(stranger),
        ),
        client.get(f"/api/photos/{photo_id}/redesigns", headers=headers(stranger)),
        client.patch(
            f"/api/photos/{photo_id}/promote/{redesign_id}", headers=headers(stranger)
        ),
        client.get(f"/api/photos?property_id={property_id}", headers=headers(stranger)),
    ]

    assert [response.status_code for response in responses] == [404] * 7
    codes = [response.get_json()["error"]["code"] for response in responses]
    assert codes[:6] == ["photo_not_found"] * 6
    assert codes[6] == "property_not_found"


def test_patch_renames_sets_the_room_type_and_refuses_unknown_rooms(
    client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    photo_id = uploaded_photo_id(client, user, property_id, phone_jpeg())

    renamed = client.patch(
        f"/api/photos/{photo_id}",
        json={"name": "Cuisine ouverte", "room_type": "kitchen"},
        headers=headers(user),
    )
    refused = client.patch(
        f"/api/photos/{photo_id}", json={"room_type": "garage"}, headers=headers(user)
    )

    assert renamed.status_code == 200
    assert (renamed.get_json()["name"], renamed.get_json()["room_type"]) == (
        "Cuisine ouverte",
        "kitchen",
    )
    assert refused.status_code == 400


def test_redesign_is_accepted_and_pending_until_its_event(
    client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    photo_id = uploaded_photo_id(client, user, property_id, phone_jpeg())

    accepted = client.post(
        f"/api/photos/{photo_id}/redesign",
        json={"style_preset": "modern_norwegian", "aspect_ratio": "16:9"},
        headers=headers(user, "fr"),
    )

    assert accepted.status_code == 202
    body = accepted.get_json()
    status = client.get(body["status_url"], headers=headers(user)).get_json()
    assert (status["id"], status["status"]) == (body["redesign_id"], "pending")
    assert status["prompt"].startswith("Réaménagez cette pièce")
    assert (status["aspect_ratio"], status["turn"]) == ("16:9", 1)


def test_redesign_needs_a_preset_or_a_prompt(
    client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    photo_id = uploaded_photo_id(client, user, property_id, phone_jpeg())

    response = client.post(
        f"/api/photos/{photo_id}/redesign",
        json={"aspect_ratio": "2:1", "reference_photo_ids": [str(uuid.uuid4())] * 3},
        headers=headers(user),
    )

    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_input"


def test_redesign_requests_are_rate_limited_per_user(
    client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    photo_id = str(uuid.uuid4())
    path = f"/api/photos/{photo_id}/redesign"

    # the limit counts requests, valid or not: 30 an hour
    statuses = [
        client.post(path, json={}, headers=headers(user)).status_code for _ in range(30)
    ]
    limited = client.post(path, json={}, headers=headers(user))

    assert set(statuses) == {400}
    assert limited.status_code == 429
    assert limited.get_json()["error"]["code"] == "rate_limited"
    assert int(limited.headers["Retry-After"]) > 0
