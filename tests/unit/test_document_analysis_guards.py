"""Document analysis with fakes: events that must not (or no longer) analyse."""

from __future__ import annotations

import uuid

import pytest

from common.domain import document_object_key
from tests.unit.document_analysis_support import (
    PDF,
    PROPERTY_ID,
    USER_ID,
    Upload,
    uploaded,
)


def assert_nothing_done(upload: Upload, status: str = "awaiting_upload") -> None:
    assert upload.row.status == status
    assert upload.ai.calls == []
    assert upload.synthesis_requests() == []


def test_analyse_of_another_bucket_ignores_the_event() -> None:
    upload = uploaded(PDF)

    upload.run(bucket="logis-photos")

    assert_nothing_done(upload)
    assert upload.storage.called("stat") == []


@pytest.mark.parametrize(
    "name",
    [
        f"users/{USER_ID}/properties/{PROPERTY_ID}/photos/{uuid.uuid4()}/salon.jpg",
        "exports/report.pdf",
        f"users/{USER_ID}/properties/not-a-uuid/documents/{uuid.uuid4()}/a.pdf",
    ],
)
def test_analyse_of_an_object_that_is_not_a_document_ignores_it(name: str) -> None:
    upload = uploaded(PDF)

    upload.run(name=name)

    assert_nothing_done(upload)


def test_analyse_when_the_row_is_gone_acknowledges_without_reading() -> None:
    # given
    upload = uploaded(PDF)
    del upload.records.rows[upload.row.id]
    # when
    upload.run()
    # then
    assert upload.ai.calls == []
    assert upload.storage.called("stat") == []
    assert upload.synthesis_requests() == []


@pytest.mark.parametrize(
    "column", ["user_id", "property_id", "storage_key"], ids=lambda c: str(c)
)
def test_analyse_when_the_row_does_not_match_the_object_name_ignores_it(
    column: str,
) -> None:
    # given
    upload = uploaded(PDF)
    name = upload.key
    other = {
        "user_id": "u_someoneElse",
        "property_id": uuid.uuid4(),
        "storage_key": document_object_key(
            USER_ID, PROPERTY_ID, upload.row.id, "other.pdf"
        ),
    }[column]
    setattr(upload.row, column, other)
    # when
    upload.run(name=name)
    # then
    assert_nothing_done(upload)


def test_analyse_of_an_older_generation_than_the_row_is_dropped() -> None:
    # given
    upload = uploaded(PDF)
    old_generation = upload.generation
    upload.put(PDF + b"v2")
    upload.run()
    upload.ai.calls.clear()
    # when
    upload.run(old_generation)
    # then
    assert upload.ai.calls == []
    assert upload.row.generation == upload.generation
    assert upload.row.status == "analyzed"


def test_analyse_of_an_older_generation_than_the_object_is_dropped() -> None:
    upload = uploaded(PDF)
    old_generation = upload.generation
    upload.put(PDF + b"v2")

    upload.run(old_generation)

    assert_nothing_done(upload)
    assert upload.storage.called("download_to_file") == []


def test_analyse_when_the_object_is_gone_acknowledges_and_keeps_the_row() -> None:
    upload = uploaded(PDF)
    upload.storage.delete("documents", upload.key)

    upload.run()

    assert_nothing_done(upload)


def test_analyse_when_a_rewrite_races_the_download_leaves_it_to_its_event() -> None:
    # given
    upload = uploaded(PDF)
    generation = upload.generation

    def rewrite_once() -> None:
        upload.storage.before_download = None
        upload.put(PDF + b"v2")

    upload.storage.before_download = rewrite_once
    # when
    upload.run(generation)
    # then
    assert_nothing_done(upload, status="uploaded")
    assert upload.row.generation == generation


def test_analyse_when_the_row_is_deleted_meanwhile_records_nothing() -> None:
    # given
    upload = uploaded(PDF)
    upload.storage.before_download = lambda: upload.records.rows.clear()
    # when
    upload.run()
    # then
    assert upload.ai.calls == []
    assert upload.synthesis_requests() == []


@pytest.mark.parametrize("status", ["analyzed", "failed"])
def test_analyse_of_a_generation_already_processed_only_requests_the_synthesis(
    status: str,
) -> None:
    # given
    upload = uploaded(PDF)
    upload.row.generation, upload.row.status = upload.generation, status
    # when
    upload.run()
    # then
    assert upload.ai.calls == []
    assert upload.storage.called("stat") == []
    assert upload.row.status == status
    assert len(upload.synthesis_requests()) == 1


def test_analyse_of_the_same_generation_twice_analyses_once() -> None:
    upload = uploaded(PDF)

    upload.run()
    upload.run()

    assert upload.ai.steps() == ["classify", "analyse"]
    assert upload.row.history == ["uploaded", "classifying", "analyzing", "analyzed"]
    assert len(upload.synthesis_requests()) == 2


@pytest.mark.parametrize("status", ["uploaded", "classifying", "analyzing"])
def test_analyse_of_a_generation_interrupted_midway_analyses_it_again(
    status: str,
) -> None:
    upload = uploaded(PDF)
    upload.row.generation, upload.row.status = upload.generation, status

    upload.run()

    assert upload.row.status == "analyzed"
    assert upload.ai.steps() == ["classify", "analyse"]
