"""The offline provider: the document's text read with French-document rules.

Nothing leaves the machine and nothing is invented. The text comes from the PDF text
layer (PDFium); a page without one (a scan) and an image uploaded as a document are
read by OCR (tesseract, ``common.ai.ocr``), at most ``APP_OCR_MAX_PAGES`` pages per
document. Without tesseract the document keeps the text its layer has and its analysis
says OCR is unavailable; a document with no text at all is classified ``other`` with a
low confidence and no facts. Classification is by weighted French keywords
(``local_classify``), extraction by labelled values (``local_extract``), and the
narrative is written from the facts (``local_narrative``). A text is read once per
document even when the pipeline classifies then analyses it (a small cache keyed by
the bytes' digest).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from contextlib import closing
from dataclasses import dataclass
from typing import Any, TypeGuard, cast

from common.ai import local_narrative, pdf
from common.ai.local_classify import (
    OTHER_TYPE_NAMES,
    guess_category,
    other_document_type,
)
from common.ai.local_extract import extract
from common.ai.local_narrative import say
from common.ai.local_text import DocumentText
from common.ai.ocr import (
    RENDER_DPI,
    OcrImage,
    OcrOptions,
    find_tesseract,
    has_usable_text,
    image_for_ocr,
)
from common.ai.provider import DocumentInput, narrative_language
from common.ai.schemas import (
    ANALYSIS_MODELS,
    CategoryAnalysis,
    Classification,
    DocumentCategory,
    SynthesisNarrative,
)
from common.config import Settings, get_settings

logger = logging.getLogger(__name__)
TEXT_CACHE_SIZE = 8
DOCUMENT_TYPE_NAMES: dict[DocumentCategory, str] = {
    "pv_ag": "Procès-verbal d'assemblée générale",
    "diags": "Dossier de diagnostic technique",
    "taxe_fonciere": "Avis de taxe foncière",
    "charges": "Appel de fonds / charges de copropriété",
    "other": "Autre document",
}
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})


@dataclass(frozen=True)
class DocumentReading:
    """The text read from a document, and the pages OCR could not read."""

    text: DocumentText
    page_count: int | None  # None when the content type has no pages
    ocr_pages: int = 0  # pages given to tesseract
    ocr_failed: int = 0  # of those, pages it could not read (timeout, error)
    ocr_skipped: int = 0  # pages without text beyond APP_OCR_MAX_PAGES
    ocr_unavailable: int = 0  # pages without text left unread: no tesseract


class LocalProvider:
    """The ``AiProvider`` that works offline, for free, on this machine."""

    name = "local"

    def __init__(self, ocr: OcrOptions | None = None) -> None:
        self.ocr = ocr or OcrOptions()
        self._texts: OrderedDict[str, DocumentReading] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> LocalProvider:
        """The provider with the OCR options of the settings."""
        return cls(OcrOptions.from_settings(settings or get_settings()))

    def classify(self, document: DocumentInput) -> Classification:
        """The category of ``document`` from the keywords of its text."""
        reading = self._read(document)
        text, pages = reading.text, reading.page_count
        guess = guess_category(text)
        document_type = DOCUMENT_TYPE_NAMES[guess.category]
        if guess.category == "other" and not text.is_empty:
            document_type = OTHER_TYPE_NAMES[other_document_type(text)]
        logger.info(
            "document classified",
            extra={"fields": {"category": guess.category, "pages": pages}},
        )
        return Classification(
            category=guess.category,
            confidence=guess.confidence,
            document_type=document_type,
            page_count=pages,
        )

    def analyse(
        self, document: DocumentInput, category: DocumentCategory
    ) -> CategoryAnalysis:
        """The facts of ``document`` as ``category`` that the rules can read."""
        reading = self._read(document)
        language = narrative_language(document.language)
        notes = _ocr_notes(reading, language)
        if reading.text.is_empty:
            lead = "ocr_no_text" if reading.ocr_pages else "no_text"
            summary = " ".join([say(lead, language), *notes])
            return cast(CategoryAnalysis, ANALYSIS_MODELS[category](summary=summary))
        analysis = extract(category, reading.text, language)
        if not notes:
            return analysis
        summary = " ".join([analysis.summary, *notes]).strip()
        return analysis.model_copy(update={"summary": summary})

    def narrate(self, facts: dict[str, Any], language: str) -> SynthesisNarrative:
        """The synthesis words, written by rules from the facts."""
        return local_narrative.narrate(facts, language)

    def _read(self, document: DocumentInput) -> DocumentReading:
        """The document's text and pages, cached briefly."""
        digest = hashlib.sha256(document.content).hexdigest()
        with self._lock:
            if digest in self._texts:
                self._texts.move_to_end(digest)
                return self._texts[digest]
        started = time.perf_counter()
        reading = read_document(document, self.ocr)
        fields = {
            "content_type": document.content_type,
            "pages": reading.page_count,
            "ocr_pages": reading.ocr_pages,
            "ocr_failed": reading.ocr_failed,
            "ocr_skipped": reading.ocr_skipped,
            "ocr_unavailable": reading.ocr_unavailable,
            "seconds": round(time.perf_counter() - started, 3),
        }
        logger.info("document text read", extra={"fields": fields})
        with self._lock:
            self._texts[digest] = reading
            while len(self._texts) > TEXT_CACHE_SIZE:
                self._texts.popitem(last=False)
        return reading


def read_document(document: DocumentInput, ocr: OcrOptions) -> DocumentReading:
    """The text of a PDF (its text layer, OCR where a page has none) or an image."""
    if document.content_type == "application/pdf":
        return _read_pdf(document.content, ocr)
    if document.content_type in IMAGE_TYPES:
        return _read_image(document.content, ocr)
    return DocumentReading(DocumentText.from_pages([]), None)


def _read_pdf(content: bytes, ocr: OcrOptions) -> DocumentReading:
    pages = pdf.extract_pages_text(content)
    scanned = [index for index, text in enumerate(pages) if not has_usable_text(text)]
    tesseract = find_tesseract(ocr.tesseract) if scanned else None
    if tesseract is None:
        layer = DocumentText.from_pages(pages)
        return DocumentReading(layer, len(pages), ocr_unavailable=len(scanned))
    to_read = scanned[: ocr.max_pages]
    with closing(pdf.render_pages(content, to_read, RENDER_DPI)) as rendered:
        images = (
            None if png is None else OcrImage(png, RENDER_DPI) for png in rendered
        )
        texts = tesseract.recognise(images, ocr.page_timeout_seconds)
    for index, text in zip(to_read, texts, strict=True):
        if _has_words(text):
            pages[index] = text
    return DocumentReading(
        DocumentText.from_pages(pages),
        len(pages),
        ocr_pages=len(to_read),
        ocr_failed=texts.count(None),
        ocr_skipped=len(scanned) - len(to_read),
    )


def _read_image(content: bytes, ocr: OcrOptions) -> DocumentReading:
    tesseract = find_tesseract(ocr.tesseract)
    if tesseract is None:
        return DocumentReading(DocumentText.from_pages([]), 1, ocr_unavailable=1)
    [text] = tesseract.recognise([image_for_ocr(content)], ocr.page_timeout_seconds)
    pages = [text] if _has_words(text) else []
    failed = int(text is None)
    return DocumentReading(
        DocumentText.from_pages(pages), 1, ocr_pages=1, ocr_failed=failed
    )


def _has_words(ocr_text: str | None) -> TypeGuard[str]:
    """True when OCR read something: a short title counts, stray marks do not."""
    return ocr_text is not None and any(character.isalnum() for character in ocr_text)


def _ocr_notes(reading: DocumentReading, language: str) -> list[str]:
    """What the analysis must say about pages that were not read."""
    notes: list[str] = []
    if reading.ocr_unavailable:
        notes.append(say("ocr_unavailable", language, pages=reading.ocr_unavailable))
    if reading.ocr_skipped:
        limit = reading.ocr_pages
        notes.append(
            say("ocr_skipped", language, pages=reading.ocr_skipped, limit=limit)
        )
    if reading.ocr_failed:
        notes.append(say("ocr_failed", language, pages=reading.ocr_failed))
    return notes
