"""Gemini provider failures: retries with backoff (429, 5xx, timeouts), then a
retryable error; malformed or refused answers as permanent errors."""

from __future__ import annotations

import pytest

from common.ai.gemini import GeminiProvider
from common.ai.provider import AnalysisFailed
from common.errors import DependencyFailed
from tests.fakes.gemini import FakeGemini
from tests.fixtures.documents import CATEGORY_DOCUMENTS, pv_ag_pdf
from tests.integration.gemini_support import (
    CANNED,
    pdf_input,
    provider_on,
    use_gemini_settings,
)


def test_analyse_when_rate_limited_retries_after_the_server_delay(
    provider: GeminiProvider, gemini: FakeGemini, sleeps: list[float]
) -> None:
    gemini.reply_error(429, retry_delay="7s")
    gemini.reply_json(CANNED["charges"])

    result = provider.analyse(pdf_input(CATEGORY_DOCUMENTS["charges"]()), "charges")

    assert result == CANNED["charges"]
    assert len(gemini.requests) == 2
    assert sleeps == [7.0]


def test_analyse_when_unavailable_every_time_raises_dependency_failed(
    provider: GeminiProvider, gemini: FakeGemini, sleeps: list[float]
) -> None:
    gemini.reply_error(503, times=3)

    with pytest.raises(DependencyFailed) as raised:
        provider.analyse(pdf_input(CATEGORY_DOCUMENTS["diags"]()), "diags")

    assert raised.value.retryable
    assert raised.value.details == {"attempts": 3}
    assert len(gemini.requests) == 3
    assert len(sleeps) == 2
    assert 0.5 <= sleeps[0] <= 1.0 and 1.0 <= sleeps[1] <= 2.0


def test_analyse_when_server_error_then_success_returns_the_answer(
    provider: GeminiProvider, gemini: FakeGemini, sleeps: list[float]
) -> None:
    gemini.reply_error(500)
    gemini.reply_json(CANNED["other"])

    result = provider.analyse(pdf_input(CATEGORY_DOCUMENTS["other"]()), "other")

    assert result == CANNED["other"]
    assert len(sleeps) == 1


def test_analyse_when_the_call_times_out_retries(
    gemini: FakeGemini, sleeps: list[float]
) -> None:
    use_gemini_settings(gemini, APP_GEMINI_TIMEOUT_SECONDS="0.3")
    provider = provider_on(gemini, sleeps)
    gemini.reply_json(CANNED["other"], delay_seconds=1.5)
    gemini.reply_json(CANNED["other"])

    result = provider.analyse(pdf_input(CATEGORY_DOCUMENTS["other"]()), "other")

    assert result == CANNED["other"]
    assert len(gemini.requests) == 2
    assert len(sleeps) == 1


def test_analyse_when_answer_is_not_json_fails_permanently(
    provider: GeminiProvider, gemini: FakeGemini
) -> None:
    gemini.reply_text('Voici l\'analyse : {"category": "pv_ag", meeting_date: 2024}')

    with pytest.raises(AnalysisFailed) as raised:
        provider.analyse(pdf_input(pv_ag_pdf()), "pv_ag")

    assert not raised.value.retryable
    assert raised.value.message_key == "ai_answer_invalid"
    assert raised.value.details == {"reason": "not JSON"}
    assert len(gemini.requests) == 1


def test_analyse_when_answer_violates_the_schema_fails_permanently(
    provider: GeminiProvider, gemini: FakeGemini
) -> None:
    gemini.reply_json({"category": "taxe_fonciere", "total_amount": -1234})

    with pytest.raises(AnalysisFailed) as raised:
        provider.analyse(
            pdf_input(CATEGORY_DOCUMENTS["taxe_fonciere"]()), "taxe_fonciere"
        )

    assert raised.value.details == {"reason": "total_amount: greater_than_equal"}
    assert "total_amount" in raised.value.localized("fr")


def test_analyse_when_answer_has_another_category_fails_permanently(
    provider: GeminiProvider, gemini: FakeGemini
) -> None:
    gemini.reply_json(CANNED["diags"])

    with pytest.raises(AnalysisFailed, match="category"):
        provider.analyse(pdf_input(pv_ag_pdf()), "pv_ag")


def test_analyse_when_request_is_rejected_fails_without_retry(
    provider: GeminiProvider, gemini: FakeGemini, sleeps: list[float]
) -> None:
    gemini.reply_error(400)

    with pytest.raises(AnalysisFailed) as raised:
        provider.analyse(pdf_input(pv_ag_pdf()), "pv_ag")

    assert raised.value.message_key == "ai_request_rejected"
    assert raised.value.details == {"status": 400}
    assert sleeps == []


def test_analyse_when_answer_is_blocked_fails_permanently(
    provider: GeminiProvider, gemini: FakeGemini
) -> None:
    gemini.reply_empty("SAFETY")

    with pytest.raises(AnalysisFailed) as raised:
        provider.analyse(pdf_input(pv_ag_pdf()), "pv_ag")

    assert raised.value.message_key == "ai_answer_empty"
    assert "SAFETY" in str(raised.value.details["finish_reason"])
