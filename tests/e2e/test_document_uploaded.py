"""functions/document_uploaded through functions-framework: real finalize CloudEvents.

Objects live in the local storage adapter under the test's directory, the AI is the
offline local provider reading real PDFs generated with reportlab, and synthesis
requests travel on the local bus. ``test_document_uploaded_gemini.py`` plays the AI
outages and counts the provider's calls.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine

from common.ai.local import LocalProvider
from common.errors import NotFound
from common.storage import get_storage
from tests.e2e.document_uploaded_support import (
    PostEvent,
    SynthesisRequests,
    finalize_event,
    function_client,
    reload,
    reset_providers,
    uploaded_document,
)
from tests.fixtures.documents import (
    TAX_TOTAL,
    corrupt_pdf,
    pv_ag_pdf,
    taxe_fonciere_pdf,
)
from tests.support import post_binary, post_structured, reset_process_state

pytestmark = pytest.mark.e2e
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(500)


@pytest.fixture
def client(clean_db: Engine, redis_flushed: Any) -> Iterator[Any]:
    """The function with its production defaults (local storage, AI and bus)."""
    reset_providers()
    yield function_client()
    reset_providers()


@pytest.fixture
def synthesis(client: Any) -> SynthesisRequests:
    """What the function publishes to the synthesis topic."""
    return SynthesisRequests()


@pytest.mark.parametrize("post", [post_structured, post_binary])
def test_finalize_event_of_a_pdf_stores_its_analysis(
    client: Any, synthesis: SynthesisRequests, post: PostEvent
) -> None:
    # given
    document = uploaded_document(taxe_fonciere_pdf(), "avis-taxe-fonciere.pdf")
    # when
    response = post(client, finalize_event(document))
    # then
    assert response.status_code == 200
    row = reload(document)
    assert (row.status, row.category, row.page_count) == (
        "analyzed",
        "taxe_fonciere",
        1,
    )
    assert row.generation == document.generation
    assert row.analysis is not None
    assert row.analysis["total_amount"] == TAX_TOTAL
    assert row.analysis["provider"] == LocalProvider.name
    assert [m["property_id"] for m in synthesis.received()] == [
        str(document.property_id)
    ]


@pytest.mark.parametrize("post", [post_structured, post_binary])
def test_finalize_event_delivered_twice_analyses_once(
    client: Any, post: PostEvent
) -> None:
    # given
    document = uploaded_document(pv_ag_pdf())
    event = finalize_event(document)
    # when
    first = post(client, event)
    analysed = reload(document)
    again = post(client, event)
    # then
    assert (first.status_code, again.status_code) == (200, 200)
    row = reload(document)
    assert row.status == "analyzed"
    assert (row.analyzed_at, row.updated_at) == (
        analysed.analyzed_at, analysed.updated_at,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (corrupt_pdf(), "analysis_failed"),
        (b"", "empty_file"),
        (EXECUTABLE, "unsupported_content"),
    ],
    ids=["corrupt_pdf", "empty", "executable_renamed_pdf"],
)
def test_finalize_event_of_unreadable_content_records_a_clear_error(
    client: Any, synthesis: SynthesisRequests, content: bytes, code: str
) -> None:
    # given
    document = uploaded_document(content, "scan.pdf")
    # when
    response = post_structured(client, finalize_event(document))
    # then
    assert response.status_code == 200
    row = reload(document)
    assert (row.status, row.error_code) == ("failed", code)
    assert row.error_message
    assert row.analysis is None and row.category is None
    assert len(synthesis.received()) == 1


def test_finalize_event_of_a_file_over_the_limit_fails_and_deletes_it(
    client: Any,
) -> None:
    # given
    os.environ["APP_MAX_UPLOAD_BYTES"] = str(512 * 1024)
    reset_process_state()
    document = uploaded_document(pv_ag_pdf() + b"\n%" + bytes(600_000))
    # when
    response = post_binary(client, finalize_event(document))
    # then
    assert response.status_code == 200
    row = reload(document)
    assert (row.status, row.error_code) == ("failed", "file_too_large")
    assert row.error_message == "The file is larger than the 0.5 MB limit."
    with pytest.raises(NotFound):
        get_storage().stat("documents", document.storage_key)


def test_finalize_event_of_a_rewritten_object_analyses_the_new_generation(
    client: Any,
) -> None:
    # given: analysed, then re-processed (the object is rewritten)
    document = uploaded_document(pv_ag_pdf())
    post_structured(client, finalize_event(document))
    first = reload(document)
    rewritten = get_storage().rewrite("documents", document.storage_key, {"r": "1"})
    # when
    response = post_structured(client, finalize_event(document, rewritten.generation))
    # then
    assert response.status_code == 200
    row = reload(document)
    assert (row.status, row.generation) == ("analyzed", rewritten.generation)
    assert first.analyzed_at is not None and row.analyzed_at is not None
    assert row.analyzed_at > first.analyzed_at
