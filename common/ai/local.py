"""The offline provider: the PDF text layer read with French-document rules.

Nothing leaves the machine and nothing is invented. The text comes from the PDF text
layer (pypdf); a document without one (an image, a scanned PDF) cannot be read yet (OCR
comes with the offline-intelligence issue): it is classified ``other`` with a low
confidence and its analysis says so, with no facts. Classification is by weighted
French keywords (``local_classify``), extraction by labelled values
(``local_extract``), and the narrative is written from the facts
(``local_narrative``). A text is extracted once per document even when the pipeline
classifies then analyses it (a small cache keyed by the bytes' digest).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from typing import Any, cast

from common.ai import local_narrative, pdf
from common.ai.local_classify import (
    OTHER_TYPE_NAMES,
    guess_category,
    other_document_type,
)
from common.ai.local_extract import extract
from common.ai.local_narrative import say
from common.ai.local_text import DocumentText
from common.ai.provider import DocumentInput
from common.ai.schemas import (
    ANALYSIS_MODELS,
    CategoryAnalysis,
    Classification,
    DocumentCategory,
    SynthesisNarrative,
)

logger = logging.getLogger(__name__)
TEXT_CACHE_SIZE = 8
DOCUMENT_TYPE_NAMES: dict[DocumentCategory, str] = {
    "pv_ag": "Procès-verbal d'assemblée générale",
    "diags": "Dossier de diagnostic technique",
    "taxe_fonciere": "Avis de taxe foncière",
    "charges": "Appel de fonds / charges de copropriété",
    "other": "Autre document",
}


class LocalProvider:
    """The ``AiProvider`` that works offline, for free, on this machine."""

    name = "local"

    def __init__(self) -> None:
        self._texts: OrderedDict[str, tuple[DocumentText, int | None]] = OrderedDict()
        self._lock = threading.Lock()

    def classify(self, document: DocumentInput) -> Classification:
        """The category of ``document`` from the keywords of its text."""
        text, pages = self._text(document)
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
        text, _ = self._text(document)
        language = _language(document.language)
        if text.is_empty:
            empty = ANALYSIS_MODELS[category](summary=say("no_text", language))
            return cast(CategoryAnalysis, empty)
        return extract(category, text, language)

    def narrate(self, facts: dict[str, Any], language: str) -> SynthesisNarrative:
        """The synthesis words, written by rules from the facts."""
        return local_narrative.narrate(facts, language)

    def _text(self, document: DocumentInput) -> tuple[DocumentText, int | None]:
        """The document's text and page count (None for an image), cached briefly."""
        digest = hashlib.sha256(document.content).hexdigest()
        with self._lock:
            if digest in self._texts:
                self._texts.move_to_end(digest)
                return self._texts[digest]
        found: tuple[DocumentText, int | None] = (DocumentText.from_pages([]), None)
        if document.content_type == "application/pdf":
            pages = pdf.extract_pages_text(document.content)
            found = (DocumentText.from_pages(pages), len(pages))
        with self._lock:
            self._texts[digest] = found
            while len(self._texts) > TEXT_CACHE_SIZE:
                self._texts.popitem(last=False)
        return found


def _language(code: str) -> str:
    return "fr" if code.lower().startswith("fr") else "en"
