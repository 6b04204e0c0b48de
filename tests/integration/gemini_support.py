"""Shared pieces of the Gemini provider tests: settings, canned answers, inputs."""

from __future__ import annotations

import os
from datetime import date
from typing import Any

from google.auth.credentials import Credentials

from common.ai.gemini import GeminiProvider
from common.ai.provider import DocumentInput
from common.ai.schemas import (
    ChargesAnalysis,
    DiagsAnalysis,
    DocumentCategory,
    Dpe,
    OtherAnalysis,
    PvAgAnalysis,
    Resolution,
    TaxeFonciereAnalysis,
    Works,
)
from tests.fakes.gemini import FakeGemini
from tests.support import reset_process_state

MODEL = "gemini-2.5-flash-test"
PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
CANNED: dict[DocumentCategory, Any] = {
    "pv_ag": PvAgAnalysis(
        meeting_date=date(2024, 3, 12),
        resolutions=[Resolution(number="4", subject="Ravalement", result="adoptee")],
        works=[Works(description="Ravalement", amount_ttc=85_400, status="voted")],
    ),
    "diags": DiagsAnalysis(
        diagnostics_present=["dpe"],
        dpe=Dpe(energy_class="F", energy_kwh_m2_year=380),
    ),
    "taxe_fonciere": TaxeFonciereAnalysis(tax_year=2024, total_amount=1_234),
    "charges": ChargesAnalysis(
        period_type="quarterly", total_for_period=760.63, annualized_total=3_042.52
    ),
    "other": OtherAnalysis(document_type="reglement_copropriete"),
}


class StaticCredentials(Credentials):
    """Credentials that already hold a token: no refresh, no network."""

    def __init__(self, token: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.token = token

    def refresh(self, request: Any) -> None:
        raise AssertionError("the fake token never needs a refresh")


def use_gemini_settings(gemini: FakeGemini, **overrides: str) -> None:
    """Settings of a Gemini provider on ``gemini``: 3 attempts, chunks of 40 pages."""
    os.environ.update(
        {
            "APP_AI_PROVIDER": "gemini",
            "APP_GEMINI_API_KEY": gemini.api_key,
            "APP_GEMINI_MODEL": MODEL,
            "APP_GEMINI_MAX_ATTEMPTS": "3",
            "APP_GEMINI_THINKING_BUDGET": "512",
            "APP_AI_PAGES_PER_CHUNK": "40",
            "APP_AI_MAX_CONCURRENCY": "2",
            **overrides,
        }
    )
    reset_process_state()


def provider_on(gemini: FakeGemini, sleeps: list[float]) -> GeminiProvider:
    """A provider built from settings, calling ``gemini``, recording its sleeps."""
    return GeminiProvider.from_settings(base_url=gemini.base_url, sleep=sleeps.append)


def pdf_input(content: bytes, language: str = "fr") -> DocumentInput:
    """A PDF document to read, answers in ``language``."""
    return DocumentInput(content, "application/pdf", "document.pdf", language)
