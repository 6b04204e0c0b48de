"""The pipeline through the local stack: uploads by both paths, analysis, idempotency.

A browser-like client signs up, creates a property and uploads one PDF per category:
two through signed URLs (``upload-urls`` then a PUT to the returned link), three in
one multipart ``bulk-upload``. Each object's finalize event reaches
``document_uploaded`` through the local bus, which requests the synthesis; the test
polls ``bulk-status`` (draining the bus between polls) until each batch ends.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from common.config import get_settings
from common.local.bus import DeliveryRecord
from common.local.cloud_events import DeliveryMode
from tests.e2e.pipeline_support import (
    BULK_FILES,
    SIGNED_URL_FILES,
    Pipeline,
    Uploaded,
    document_rows,
    local_stack,
    processed_events,
)

pytestmark = pytest.mark.e2e
CATEGORIES = ("pv_ag", "diags", "taxe_fonciere", "charges", "other")


@pytest.fixture
def pipeline(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    clean_db: Engine,
    redis_flushed: Any,
) -> Iterator[Pipeline]:
    """The local stack, started (structured events unless parametrized)."""
    mode: DeliveryMode = getattr(request, "param", "structured")
    with local_stack(tmp_path / "storage", mode) as stack:
        yield stack


@pytest.fixture
def property_id(pipeline: Pipeline) -> str:
    """A property of a user who just signed up (the client keeps the session)."""
    pipeline.sign_up()
    return pipeline.create_property()


@pytest.fixture
def uploaded(pipeline: Pipeline, property_id: str) -> Uploaded:
    """One document per category, both upload batches finished."""
    uploaded = pipeline.upload_one_per_category(property_id)
    for workflow_id in uploaded.workflow_ids:
        assert pipeline.workflow(workflow_id)["state"] == "completed"
    pipeline.settle()
    return uploaded


def _finalize_delivery(pipeline: Pipeline, document_id: str) -> DeliveryRecord:
    """The finalize event the bus delivered to document_uploaded for the document."""
    [record] = [
        record
        for record in pipeline.bus.history
        if record.subscriber == "document_uploaded"
        and f"/documents/{document_id}/" in str(record.data["name"])
    ]
    return record


def _synthesis_deliveries(pipeline: Pipeline) -> int:
    return sum(1 for r in pipeline.bus.history if r.subscriber == "synthesis")


@pytest.mark.parametrize("pipeline", ["structured", "binary"], indirect=True)
def test_pipeline_one_pdf_per_category_by_both_paths_ends_analyzed(
    pipeline: Pipeline, property_id: str
) -> None:
    # given
    uploaded = pipeline.upload_one_per_category(property_id)
    # when
    batches = [pipeline.workflow(workflow_id) for workflow_id in uploaded.workflow_ids]
    # then
    assert [(b["state"], b["total"], b["percentage"]) for b in batches] == [
        ("completed", len(SIGNED_URL_FILES), 100),
        ("completed", len(BULK_FILES), 100),
    ]
    for category, document_id in uploaded.document_ids.items():
        document = pipeline.document(document_id)
        assert (document["status"], document["category"]) == ("analyzed", category)
        assert document["error_code"] is None
        assert document["analysis"]["category"] == category
        assert document["analyzed_at"] is not None
    assert sorted(uploaded.document_ids) == sorted(CATEGORIES)


def test_pipeline_lists_the_analysed_documents_by_category(
    pipeline: Pipeline, property_id: str, uploaded: Uploaded
) -> None:
    response = pipeline.client.get(f"/api/documents?property_id={property_id}")

    body = response.get_json()
    assert (response.status_code, body["total"]) == (200, len(CATEGORIES))
    for category in CATEGORIES:
        [listed] = body["by_category"][category]
        assert listed["id"] == uploaded.document_ids[category]
    assert body["by_category"]["unclassified"] == []


def test_pipeline_every_upload_leaves_one_object_and_one_final_row(
    pipeline: Pipeline, property_id: str, uploaded: Uploaded
) -> None:
    rows = document_rows(property_id)

    assert sorted(row.status for row in rows) == ["analyzed"] * len(CATEGORIES)
    objects = [
        name for name in pipeline.stored_files() if name.startswith("documents/")
    ]
    assert sorted(objects) == sorted(f"documents/{row.storage_key}" for row in rows)
    assert not [name for name in pipeline.stored_files() if name.startswith(".tmp/")]
    claims = processed_events(get_settings().documents_bucket + "/")
    assert sorted(claim.status for claim in claims) == ["completed"] * len(CATEGORIES)


def test_pipeline_same_finalize_event_delivered_twice_is_analysed_once(
    pipeline: Pipeline,
    uploaded: Uploaded,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # given the finalize event the bus delivered for the charges document
    document_id = uploaded.document_ids["charges"]
    first = pipeline.document(document_id)
    record = _finalize_delivery(pipeline, document_id)
    syntheses = _synthesis_deliveries(pipeline)
    caplog.set_level(logging.INFO, logger="common.events")
    # when the platform delivers it again, same id and all, to the function
    function = pipeline.event_functions["document_uploaded"]
    status = function.deliverer(dict(record.data), dict(record.attributes))
    pipeline.settle()
    # then it is acknowledged as a duplicate and nothing is analysed or requested
    assert status == 200
    assert [r.getMessage() for r in caplog.records if r.name == "common.events"] == [
        "duplicate event"
    ]
    again = pipeline.document(document_id)
    assert (again["analyzed_at"], again["updated_at"]) == (
        first["analyzed_at"],
        first["updated_at"],
    )
    key = f"{record.data['bucket']}/{record.data['name']}#{record.data['generation']}"
    [claim] = processed_events(key)
    assert (claim.status, claim.attempts) == ("completed", 1)
    assert _synthesis_deliveries(pipeline) == syntheses


def test_pipeline_same_object_finalized_again_by_the_bus_is_analysed_once(
    pipeline: Pipeline, uploaded: Uploaded
) -> None:
    # given
    document_id = uploaded.document_ids["pv_ag"]
    first = pipeline.document(document_id)
    record = _finalize_delivery(pipeline, document_id)
    deliveries = len(pipeline.bus.history)
    # when the same generation is announced again (a new event id)
    pipeline.bus.object_finalized(str(record.data["bucket"]), dict(record.data))
    pipeline.settle()
    # then
    [redelivered] = pipeline.bus.history[deliveries:]
    assert redelivered.attributes["id"] != record.attributes["id"]
    assert (redelivered.subscriber, redelivered.statuses) == (
        "document_uploaded",
        (200,),
    )
    assert pipeline.document(document_id)["analyzed_at"] == first["analyzed_at"]
    key = f"{record.data['bucket']}/{record.data['name']}#"
    assert [(c.status, c.attempts) for c in processed_events(key)] == [("completed", 1)]
