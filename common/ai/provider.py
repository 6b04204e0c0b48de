"""The AI provider port: classify a document, analyse it, narrate a synthesis.

Two implementations, chosen by ``APP_AI_PROVIDER``: ``gemini`` (google-genai, native PDF
input, structured output) and ``local`` (offline text extraction and French-document
rules). Tests inject fakes. Providers raise ``common.errors`` types only: a retryable
``DependencyFailed`` for outages and rate limits, ``AnalysisFailed`` (permanent) for a
document they cannot read or an answer that does not fit the schema.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Protocol

from common.ai.schemas import (
    CategoryAnalysis,
    Classification,
    DocumentCategory,
    SynthesisNarrative,
)
from common.config import get_settings
from common.errors import AppError
from common.messages import register

register(
    "analysis_failed",
    "The document could not be analysed: {reason}.",
    "Le document n'a pas pu être analysé : {reason}.",
)


class AnalysisFailed(AppError):
    """A document the provider cannot read, or an answer outside the schema."""

    status, code = 422, "analysis_failed"


@dataclass(frozen=True)
class DocumentInput:
    """One document to read: its bytes, sniffed content type and display name."""

    content: bytes
    content_type: str  # application/pdf, image/jpeg, image/png or image/webp
    filename: str
    language: str = "fr"  # language of the narrative parts of the answer


def narrative_language(code: str) -> str:
    """``fr`` for any French tag (``fr``, ``fr-FR``...), else ``en``."""
    return "fr" if code.lower().startswith("fr") else "en"


class AiProvider(Protocol):
    """What the document pipeline needs from an AI provider."""

    name: str

    def classify(self, document: DocumentInput) -> Classification:
        """The category of ``document``."""

    def analyse(
        self, document: DocumentInput, category: DocumentCategory
    ) -> CategoryAnalysis:
        """The full structured analysis of ``document`` as ``category``."""

    def narrate(self, facts: dict[str, Any], language: str) -> SynthesisNarrative:
        """Summary, findings, themes and action items from computed synthesis facts."""


@functools.cache
def get_ai() -> AiProvider:
    """The provider chosen by settings (built once per process)."""
    if get_settings().ai_provider == "gemini":
        from common.ai.gemini import GeminiProvider

        return GeminiProvider.from_settings()
    from common.ai.local import LocalProvider

    return LocalProvider.from_settings()
