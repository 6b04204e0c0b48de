"""Photos through the local stack, driven like a browser: upload by signed PUT and by
multipart, redesign on events (local provider), refine, promote, dashboard, delete."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import Engine

from common.config import get_settings
from tests.e2e.pipeline_support import ORIGIN, Pipeline, local_stack
from tests.fixtures.photos import phone_jpeg, png_photo

pytestmark = pytest.mark.e2e


@pytest.fixture
def pipeline(
    tmp_path: Path, clean_db: Engine, redis_flushed: Any
) -> Iterator[Pipeline]:
    with local_stack(tmp_path / "storage") as stack:
        yield stack


@pytest.fixture
def property_id(pipeline: Pipeline) -> str:
    pipeline.sign_up()
    return pipeline.create_property()


def _signed_upload(pipeline: Pipeline, property_id: str) -> str:
    """upload-url, the browser's PUT to the signed URL, then complete: the photo id."""
    data = phone_jpeg(640, 480)
    created = pipeline.client.post(
        "/api/photos/upload-url",
        json={
            "property_id": property_id,
            "filename": "salon.jpg",
            "content_type": "image/jpeg",
            "size_bytes": len(data),
            "room_type": "living_room",
        },
        headers=ORIGIN,
    )
    assert created.status_code == 201, created.get_data(as_text=True)
    body = created.get_json()
    put = pipeline.put_signed(body["upload"], data, len(data))
    assert put.status_code == 200, put.get_data(as_text=True)
    completed = pipeline.client.post(body["complete_url"], headers=ORIGIN)
    assert completed.status_code == 200, completed.get_data(as_text=True)
    return str(body["photo"]["id"])


def _multipart_upload(pipeline: Pipeline, property_id: str) -> str:
    response = pipeline.client.post(
        "/api/photos/upload",
        data={
            "property_id": property_id,
            "files": [(io.BytesIO(png_photo()), "tissu.png")],
        },
        headers=ORIGIN,
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    return str(response.get_json()["items"][0]["photo"]["id"])


def _redesign(
    pipeline: Pipeline, photo_id: str, body: dict[str, Any]
) -> dict[str, Any]:
    """Ask, let the bus deliver the event, then read the redesign."""
    accepted = pipeline.client.post(
        f"/api/photos/{photo_id}/redesign", json=body, headers=ORIGIN
    )
    assert accepted.status_code == 202, accepted.get_data(as_text=True)
    pipeline.settle()
    status = pipeline.client.get(accepted.get_json()["status_url"])
    result: dict[str, Any] = status.get_json()
    return result


def _download(pipeline: Pipeline, url: str) -> bytes:
    response = pipeline.client.get(url)
    assert response.status_code == 200, url
    return bytes(response.get_data())


def test_upload_redesign_refine_promote_and_delete(
    pipeline: Pipeline, property_id: str
) -> None:
    # given a photo uploaded by signed URL and a reference uploaded by multipart
    photo_id = _signed_upload(pipeline, property_id)
    reference_id = _multipart_upload(pipeline, property_id)

    # when a redesign is asked, then refined
    first = _redesign(
        pipeline,
        photo_id,
        {"style_preset": "cozy_hygge", "reference_photo_ids": [reference_id]},
    )
    refined = _redesign(
        pipeline,
        photo_id,
        {"prompt": "Un canapé vert, plus sombre.", "parent_redesign_id": first["id"]},
    )

    # then both were drawn on the photo's geometry, the second on the first
    assert (first["status"], first["turn"]) == ("done", 1)
    assert (refined["status"], refined["turn"]) == ("done", 2)
    assert (
        refined["prompt"]
        == "The photo shows the living room. Un canapé vert, plus sombre."
    )
    drawn = Image.open(io.BytesIO(_download(pipeline, refined["url"])))
    assert drawn.size == (640, 480)
    thumbnail = Image.open(io.BytesIO(_download(pipeline, refined["thumbnail_url"])))
    assert max(thumbnail.size) == 512

    # when the refinement is promoted, the dashboard shows it
    promoted = pipeline.client.patch(
        f"/api/photos/{photo_id}/promote/{refined['id']}", headers=ORIGIN
    )
    assert promoted.status_code == 200
    dashboard = pipeline.client.get("/api/properties/with-synthesis").get_json()
    preview = dashboard["items"][0]["preview"]
    assert preview["promoted_photo"]["redesign_id"] == refined["id"]
    assert preview["promoted_photo"]["thumbnail_url"]
    assert preview["redesign_count"] == 2

    # when the photo is deleted, its redesigns and files go with it
    deleted = pipeline.client.delete(f"/api/photos/{photo_id}", headers=ORIGIN)
    assert deleted.status_code == 204
    listed = pipeline.client.get(f"/api/photos?property_id={property_id}").get_json()
    assert [photo["id"] for photo in listed["photos"]] == [reference_id]
    assert not [name for name in pipeline.stored_files() if f"/{photo_id}/" in name]
    dashboard = pipeline.client.get("/api/properties/with-synthesis").get_json()
    assert dashboard["items"][0]["preview"]["promoted_photo"] is None
    assert pipeline.client.get(refined["url"]).status_code == 404


def test_openapi_describes_the_photo_routes(pipeline: Pipeline) -> None:
    paths = pipeline.client.get("/api/openapi.json").get_json()["paths"]

    assert {
        "/api/photos",
        "/api/photos/presets",
        "/api/photos/upload",
        "/api/photos/upload-url",
        "/api/photos/{photo_id}",
        "/api/photos/{photo_id}/complete",
        "/api/photos/{photo_id}/redesign",
        "/api/photos/{photo_id}/redesigns",
        "/api/photos/redesigns/{redesign_id}",
        "/api/photos/{photo_id}/promote/{redesign_id}",
        "/api/photos/{photo_id}/promote",
    } <= set(paths)
    assert (
        "multipart/form-data"
        in paths["/api/photos/upload"]["post"]["requestBody"]["content"]
    )


def test_the_redesign_function_is_mounted_on_the_redesign_topic(
    pipeline: Pipeline,
) -> None:
    function = pipeline.event_functions["photo_redesign"]

    assert function.entry_point == "on_redesign_requested"
    assert function.trigger.describe(get_settings())["topic"] == "redesign-requested"
