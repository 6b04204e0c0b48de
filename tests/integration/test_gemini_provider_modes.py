"""Gemini provider configuration: Developer API with a key, or Vertex AI with
explicit or application-default credentials resolved at the first call."""

from __future__ import annotations

import os

import pytest
from google.auth.credentials import Credentials

from common.ai.gemini import GeminiProvider
from common.ai.schemas import Classification
from tests.fakes.gemini import FakeGemini
from tests.fixtures.documents import CATEGORY_DOCUMENTS, text_pdf
from tests.integration.gemini_support import (
    MODEL,
    StaticCredentials,
    pdf_input,
)
from tests.support import reset_process_state


def test_vertex_mode_calls_the_vertex_endpoint_with_the_credentials(
    gemini: FakeGemini,
) -> None:
    os.environ["APP_GEMINI_USE_VERTEX"] = "true"
    os.environ["GOOGLE_CLOUD_PROJECT"] = "logis-test"
    del os.environ["APP_GEMINI_API_KEY"]
    reset_process_state()
    credentials = StaticCredentials(gemini.bearer_token)
    provider = GeminiProvider.from_settings(
        base_url=gemini.base_url, credentials=credentials
    )
    gemini.reply_json(Classification(category="diags", confidence=0.8))

    result = provider.classify(pdf_input(CATEGORY_DOCUMENTS["diags"]()))

    assert result.category == "diags"
    assert gemini.problems == []
    [request] = gemini.requests
    assert request.mode == "vertex"
    assert "/projects/logis-test/locations/europe-west1/" in request.path


def test_vertex_mode_resolves_default_credentials_at_the_first_call_only(
    gemini: FakeGemini, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given Vertex mode without explicit credentials nor project
    import google.auth

    calls: list[tuple[str, ...]] = []

    def default(scopes: tuple[str, ...]) -> tuple[Credentials, str]:
        calls.append(tuple(scopes))
        return StaticCredentials(gemini.bearer_token), "project-from-adc"

    monkeypatch.setattr(google.auth, "default", default)
    os.environ["APP_GEMINI_USE_VERTEX"] = "true"
    reset_process_state()

    # when the provider is built, then used twice
    provider = GeminiProvider.from_settings(base_url=gemini.base_url)
    calls_when_built = len(calls)
    gemini.reply_json(Classification(category="other", confidence=0.5))
    gemini.reply_json(Classification(category="other", confidence=0.5))
    provider.classify(pdf_input(text_pdf(1)))
    provider.classify(pdf_input(text_pdf(2)))

    # then
    assert calls_when_built == 0
    assert calls == [("https://www.googleapis.com/auth/cloud-platform",)]
    assert gemini.problems == []
    assert all("/projects/project-from-adc/" in r.path for r in gemini.requests)


def test_api_key_mode_sends_the_key_to_the_developer_api(
    provider: GeminiProvider, gemini: FakeGemini
) -> None:
    gemini.reply_json(Classification(category="other", confidence=0.5))

    provider.classify(pdf_input(text_pdf(1)))

    [request] = gemini.requests
    assert request.path == f"/v1/models/{MODEL}:generateContent"
    assert request.headers["x-goog-api-key"] == gemini.api_key
    assert "authorization" not in request.headers
