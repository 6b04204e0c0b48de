"""functions/document_uploaded with the Gemini provider against a loopback fake API.

The AI is faked at the outermost boundary only (HTTP): the function builds the real
``GeminiProvider`` from settings, and ``GOOGLE_GEMINI_BASE_URL`` sends google-genai to
``tests.fakes.gemini.FakeGemini``, which checks each request and answers what the test
queued. Retries inside the provider are off (one attempt), so an outage reaches the
event handler, which asks the platform to redeliver.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine

from common.ai.schemas import Classification
from tests.e2e.document_uploaded_support import (
    finalize_event,
    function_client,
    reload,
    reset_providers,
    uploaded_document,
)
from tests.fakes.ai import CANNED_ANALYSES
from tests.fakes.gemini import FakeGemini
from tests.fixtures.documents import pv_ag_pdf
from tests.integration.claim_support import claim_row
from tests.support import post_binary, post_structured, reset_process_state

pytestmark = pytest.mark.e2e
CLASSIFICATION = Classification(category="pv_ag", confidence=0.97)


@pytest.fixture
def gemini(clean_db: Engine, redis_flushed: Any) -> Iterator[FakeGemini]:
    """A fake Gemini API; the function's settings point the Gemini provider at it."""
    with FakeGemini() as fake:
        os.environ.update(
            {
                "APP_AI_PROVIDER": "gemini",
                "APP_GEMINI_API_KEY": fake.api_key,
                "APP_GEMINI_MAX_ATTEMPTS": "1",
                "GOOGLE_GEMINI_BASE_URL": fake.base_url,
            }
        )
        reset_process_state()
        reset_providers()
        yield fake
        reset_providers()


def queue_analysis(gemini: FakeGemini) -> None:
    gemini.reply_json(CLASSIFICATION, expect_language="fr")
    gemini.reply_json(CANNED_ANALYSES["pv_ag"], expect_language="fr")


def claim_key(event: dict[str, Any]) -> str:
    data = event["data"]
    return f"{data['bucket']}/{data['name']}#{data['generation']}"


@pytest.mark.parametrize("post", [post_structured, post_binary])
def test_finalize_event_delivered_twice_calls_the_provider_once(
    gemini: FakeGemini, post: Any
) -> None:
    # given
    queue_analysis(gemini)
    client = function_client()
    document = uploaded_document(pv_ag_pdf())
    event = finalize_event(document)
    # when
    first, again = post(client, event), post(client, event)
    # then
    assert (first.status_code, again.status_code) == (200, 200)
    assert len(gemini.requests) == 2
    assert gemini.problems == []
    [(mime_type, content)] = gemini.requests[0].documents
    assert (mime_type, content) == ("application/pdf", pv_ag_pdf())
    row = reload(document)
    assert (row.status, row.category) == ("analyzed", "pv_ag")
    assert row.analysis is not None
    assert (
        row.analysis["works"]
        == CANNED_ANALYSES["pv_ag"].model_dump(mode="json")["works"]
    )


def test_finalize_event_redelivered_after_a_rate_limit_is_analysed(
    gemini: FakeGemini, clean_db: Engine
) -> None:
    # given
    gemini.reply_error(429)
    queue_analysis(gemini)
    client = function_client()
    document = uploaded_document(pv_ag_pdf())
    event = finalize_event(document)
    # when
    first = post_binary(client, event)
    waiting = reload(document)
    second = post_binary(client, event)
    # then
    assert (first.status_code, second.status_code) == (500, 200)
    assert (waiting.status, waiting.error_code) == ("uploaded", None)
    assert reload(document).status == "analyzed"
    assert len(gemini.requests) == 3
    row = claim_row(clean_db, claim_key(event))
    assert row is not None
    assert (row["status"], row["attempts"]) == ("completed", 1)


def test_finalize_event_when_the_model_answers_nonsense_fails_analysis_failed(
    gemini: FakeGemini,
) -> None:
    # given
    gemini.reply_json(CLASSIFICATION)
    gemini.reply_text("{not json")
    client = function_client()
    document = uploaded_document(pv_ag_pdf())
    # when
    response = post_structured(client, finalize_event(document))
    # then
    assert response.status_code == 200
    row = reload(document)
    assert (row.status, row.error_code) == ("failed", "analysis_failed")
    assert row.error_message
