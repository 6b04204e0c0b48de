"""Gemini provider pieces that need no server: retries, parsing, schemas, settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from common.ai.gemini import GeminiProvider, parse_answer
from common.ai.gemini_client import RetryPolicy, retry_delay
from common.ai.gemini_schema import response_schema
from common.ai.local import LocalProvider
from common.ai.provider import AnalysisFailed, get_ai
from common.ai.schemas import (
    ANALYSIS_MODELS,
    ChargesAnalysis,
    Classification,
    DiagsAnalysis,
    PvAgAnalysis,
    SynthesisNarrative,
)
from common.errors import DependencyFailed
from tests.support import reset_process_state

ROOT = Path(__file__).resolve().parents[2]


def test_retry_delay_doubles_with_jitter_up_to_the_cap() -> None:
    low = RetryPolicy(jitter=lambda: 0.0)
    high = RetryPolicy(jitter=lambda: 1.0)

    assert [low.delay(n) for n in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, 4.0]
    assert [high.delay(n) for n in (1, 2, 3, 4)] == [1.0, 2.0, 4.0, 8.0]
    assert high.delay(10) == 30.0


def test_retry_delay_waits_at_least_the_server_hint_within_a_bound() -> None:
    policy = RetryPolicy(jitter=lambda: 0.0)

    assert policy.delay(1, hint=7.0) == 7.0
    assert policy.delay(1, hint=3600.0) == 60.0


def test_retry_info_delay_is_read_from_the_error_body() -> None:
    body = {
        "error": {
            "code": 429,
            "details": [
                {"@type": "type.googleapis.com/google.rpc.Help"},
                {
                    "@type": "type.googleapis.com/google.rpc.RetryInfo",
                    "retryDelay": "12s",
                },
            ],
        }
    }

    assert retry_delay(body) == 12.0
    assert retry_delay({"error": {"code": 503}}) is None
    assert retry_delay("not a dict") is None


def test_parse_answer_validates_with_the_model() -> None:
    result = parse_answer('{"category": "charges", "confidence": 0.8}', Classification)

    assert result == Classification(category="charges", confidence=0.8)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("```json\n{}\n```", "not JSON"),
        ('{"category": "charges"', "not JSON"),
        ('{"category": "house", "confidence": 0.8}', "category: literal_error"),
        ('{"category": "charges", "confidence": 2}', "confidence: less_than_equal"),
    ],
)
def test_parse_answer_refuses_what_does_not_fit(text: str, reason: str) -> None:
    with pytest.raises(AnalysisFailed) as raised:
        parse_answer(text, Classification)

    assert raised.value.details == {"reason": reason}
    assert not raised.value.retryable


def test_response_schema_keeps_constraints_gemini_understands() -> None:
    schema = response_schema(DiagsAnalysis)

    carrez = schema["properties"]["carrez_surface_m2"]["anyOf"][0]
    assert carrez == {"type": "number", "minimum": 0, "maximum": 10_000}
    assert schema["properties"]["category"]["enum"] == ["diags"]
    assert "$defs" in schema and "Dpe" in schema["$defs"]


@pytest.mark.parametrize(
    "model",
    [*ANALYSIS_MODELS.values(), Classification, SynthesisNarrative],
)
def test_response_schema_has_no_keyword_gemini_refuses(model: type) -> None:
    text = str(response_schema(model))

    assert "exclusiveMinimum" not in text and "const" not in text


def test_response_schema_is_a_fresh_copy_each_time() -> None:
    first = response_schema(ChargesAnalysis)
    first["properties"].clear()

    assert response_schema(ChargesAnalysis)["properties"]


def test_from_settings_without_api_key_nor_vertex_fails_at_build() -> None:
    reset_process_state()

    with pytest.raises(ValueError, match="APP_GEMINI_API_KEY"):
        GeminiProvider.from_settings()


def test_from_settings_reads_the_model_options() -> None:
    os.environ.update(
        {
            "APP_GEMINI_API_KEY": "key",
            "APP_GEMINI_MODEL": "gemini-2.5-pro",
            "APP_GEMINI_THINKING_BUDGET": "2048",
            "APP_AI_PAGES_PER_CHUNK": "25",
            "APP_AI_MAX_CONCURRENCY": "3",
        }
    )
    reset_process_state()

    options = GeminiProvider.from_settings().options

    assert (options.model, options.thinking_budget) == ("gemini-2.5-pro", 2048)
    assert (options.pages_per_chunk, options.max_concurrency) == (25, 3)


def test_get_ai_chooses_the_provider_from_settings() -> None:
    get_ai.cache_clear()
    assert isinstance(get_ai(), LocalProvider)

    os.environ.update({"APP_AI_PROVIDER": "gemini", "APP_GEMINI_API_KEY": "key"})
    reset_process_state()
    get_ai.cache_clear()
    try:
        assert isinstance(get_ai(), GeminiProvider)
    finally:
        get_ai.cache_clear()


def test_importing_the_providers_does_not_load_google_genai() -> None:
    code = (
        "import sys\n"
        "import common.ai.provider, common.ai.gemini, common.ai.local\n"
        "assert 'google.genai' not in sys.modules, 'google.genai imported'\n"
    )

    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True
    )

    assert completed.returncode == 0, completed.stderr


def test_pv_ag_schema_lists_every_field_of_the_model() -> None:
    assert set(response_schema(PvAgAnalysis)["properties"]) == set(
        PvAgAnalysis.model_fields
    )


def test_vertex_without_default_credentials_is_a_retryable_failure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import google.auth
    from google.auth.exceptions import DefaultCredentialsError

    def no_credentials(scopes: tuple[str, ...]) -> None:
        raise DefaultCredentialsError("no credentials here")  # type: ignore[no-untyped-call]

    monkeypatch.setattr(google.auth, "default", no_credentials)
    os.environ["APP_GEMINI_USE_VERTEX"] = "true"
    reset_process_state()
    provider = GeminiProvider.from_settings()

    with pytest.raises(DependencyFailed) as raised:
        provider.client  # noqa: B018 - the client is built at first use

    assert raised.value.message_key == "ai_credentials_unavailable"
