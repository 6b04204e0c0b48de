"""The Gemini provider through the real google-genai SDK against a loopback fake API:
classification, analysis of each category, long PDFs in chunks, narrative."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from common.ai.gemini import GeminiProvider
from common.ai.provider import DocumentInput
from common.ai.schemas import (
    CATEGORIES,
    ActionItem,
    Classification,
    DocumentCategory,
    PvAgAnalysis,
    Resolution,
    SynthesisNarrative,
)
from tests.fakes.gemini import FakeGemini, GeminiRequest, Reply
from tests.fixtures.documents import CATEGORY_DOCUMENTS, pv_ag_pdf, text_pdf
from tests.integration.gemini_support import (
    CANNED,
    MODEL,
    PNG_1PX,
    pdf_input,
)


def test_classify_sends_the_pdf_inline_and_returns_the_category(
    provider: GeminiProvider, gemini: FakeGemini
) -> None:
    # given
    document = pv_ag_pdf()
    gemini.reply_json(
        Classification(category="pv_ag", confidence=0.93), expect_language="fr"
    )

    # when
    result = provider.classify(pdf_input(document))

    # then
    assert result == Classification(category="pv_ag", confidence=0.93, page_count=1)
    assert gemini.problems == []
    [request] = gemini.requests
    assert request.mode == "api_key"
    assert request.model == MODEL
    assert request.documents == [("application/pdf", document)]
    assert request.response_schema is not None
    assert {"category", "confidence"} <= set(request.response_schema["properties"])
    assert "classify_v1" in request.prompt
    thinking = request.body["generationConfig"]["thinkingConfig"]
    # The SDK writes some nested fields in snake_case, which the API also accepts.
    assert thinking.get("thinkingBudget", thinking.get("thinking_budget")) == 512


@pytest.mark.parametrize("category", CATEGORIES)
def test_analyse_each_category_returns_its_schema_model(
    provider: GeminiProvider, gemini: FakeGemini, category: DocumentCategory
) -> None:
    gemini.reply_json(CANNED[category], expect_language="en")

    result = provider.analyse(pdf_input(CATEGORY_DOCUMENTS[category](), "en"), category)

    assert result == CANNED[category]
    assert gemini.problems == []
    [request] = gemini.requests
    assert request.response_schema is not None
    assert request.response_schema["properties"]["category"]["enum"] == [category]
    assert f"analyse_{category}_v2" in request.prompt
    assert "whole document (" in request.prompt


def test_analyse_image_sends_the_image_inline(
    provider: GeminiProvider, gemini: FakeGemini
) -> None:
    gemini.reply_json(CANNED["taxe_fonciere"])

    result = provider.analyse(
        DocumentInput(PNG_1PX, "image/png", "avis.png"), "taxe_fonciere"
    )

    assert result == CANNED["taxe_fonciere"]
    assert gemini.requests[0].documents == [("image/png", PNG_1PX)]
    assert gemini.problems == []


def _chunk_reply(gemini: FakeGemini, request: GeminiRequest) -> Reply:
    """Each chunk says what its first page is; only the second knows the date."""
    [(_, chunk)] = request.documents
    reader = PdfReader(io.BytesIO(chunk))
    first = re.search(r"Page (\d+)", reader.pages[0].extract_text())
    assert first is not None
    page = int(first[1])
    analysis = PvAgAnalysis(
        summary=f"Pages {page}-{page + len(reader.pages) - 1}.",
        meeting_date=date(2024, 3, 12) if page == 41 else None,
        resolutions=[
            Resolution(number=str(page), subject=f"Point {page}", result="adoptee"),
            Resolution(number="1", subject="Élection du président de séance"),
        ],
    )
    return gemini.answer_json(analysis, delay_seconds=0.2)


def test_analyse_long_pdf_in_bounded_parallel_chunks_merged_in_page_order(
    provider: GeminiProvider, gemini: FakeGemini
) -> None:
    # given a 90-page PDF, chunks of 40 pages, at most 2 calls at a time
    document = text_pdf(90)
    gemini.respond_with(lambda request: _chunk_reply(gemini, request))

    # when
    result = provider.analyse(pdf_input(document), "pv_ag")

    # then
    assert gemini.problems == []
    sent = [request.documents[0][1] for request in gemini.requests]
    assert sorted(len(PdfReader(io.BytesIO(chunk)).pages) for chunk in sent) == [
        10,
        40,
        40,
    ]
    assert gemini.max_in_flight == 2
    assert any("pages 41 to 80 of a 90-page" in r.prompt for r in gemini.requests)
    assert isinstance(result, PvAgAnalysis)
    assert result.summary == "Pages 1-40.\n\nPages 41-80.\n\nPages 81-90."
    assert result.meeting_date == date(2024, 3, 12)
    assert [r.number for r in result.resolutions] == ["1", "41", "81"]
    assert result.resolutions[0].subject == "Point 1"


def test_classify_long_pdf_sends_only_the_first_chunk(
    provider: GeminiProvider, gemini: FakeGemini
) -> None:
    gemini.reply_json(Classification(category="other", confidence=0.6))

    result = provider.classify(pdf_input(text_pdf(45)))

    assert result.page_count == 45
    [(_, sent)] = gemini.requests[0].documents
    assert len(PdfReader(io.BytesIO(sent)).pages) == 40


@pytest.mark.parametrize("language", ["fr", "en"])
def test_narrate_asks_for_the_requested_language(
    provider: GeminiProvider, gemini: FakeGemini, language: str
) -> None:
    narrative = SynthesisNarrative(
        summary="Coûts annuels : 5 000 €." if language == "fr" else "Costs: €5,000.",
        action_items=[ActionItem(action="Demander le DPE", urgency="high")],
    )
    gemini.reply_json(narrative, expect_language=language)

    result = provider.narrate({"annual_total": 5000, "risk_level": "high"}, language)

    assert result == narrative
    assert gemini.problems == []
    [request] = gemini.requests
    assert request.documents == []
    assert '"annual_total": 5000' in request.prompt
    assert "narrate_v1" in request.prompt
