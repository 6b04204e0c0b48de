"""The local provider on scans and images: OCR through LocalProvider, end to end."""

from __future__ import annotations

import logging
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Literal

import pytest

from common.ai.local import LocalProvider, read_document
from common.ai.ocr import OcrOptions
from common.ai.provider import AnalysisFailed, DocumentInput
from common.ai.schemas import DiagsAnalysis, TaxeFonciereAnalysis
from common.config import get_settings
from tests.fixtures import documents
from tests.integration.ocr_support import MISSING_TESSERACT, require_tesseract

TEXT_PAGE = ["# PROCÈS-VERBAL DE L'ASSEMBLÉE GÉNÉRALE ORDINAIRE DU 12 MARS 2024"]
SCANNED_PAGE = [
    "# Résolution n° 4 : Ravalement des façades sur rue",
    "L'assemblée générale décide de faire procéder au ravalement des façades.",
]


@pytest.fixture(autouse=True, scope="module")
def tesseract_installed() -> None:
    require_tesseract()


@pytest.fixture
def provider() -> LocalProvider:
    return LocalProvider()  # default options, and an empty text cache


def _pdf(content: bytes, language: str = "fr") -> DocumentInput:
    return DocumentInput(content, "application/pdf", "scan.pdf", language)


def test_scanned_taxe_fonciere_is_read_like_the_text_one(
    provider: LocalProvider,
) -> None:
    # given
    document = _pdf(documents.scanned_taxe_fonciere_pdf())

    # when
    classification = provider.classify(document)
    analysis = provider.analyse(document, classification.category)

    # then
    assert (classification.category, classification.page_count) == (
        "taxe_fonciere",
        1,
    )
    assert classification.confidence >= 0.7
    assert isinstance(analysis, TaxeFonciereAnalysis)
    assert (analysis.tax_year, analysis.total_amount) == (
        documents.TAX_YEAR,
        documents.TAX_TOTAL,
    )
    assert analysis.breakdown.model_dump(exclude_none=True) == documents.TAX_BREAKDOWN
    assert analysis.summary == "Taxe foncière 2024 : 1 234 €."


def test_scanned_ddt_of_two_pages_is_diagnostics_with_its_dpe(
    provider: LocalProvider,
) -> None:
    document = _pdf(documents.scanned_ddt_pdf())

    classification = provider.classify(document)
    analysis = provider.analyse(document, classification.category)

    assert (classification.category, classification.page_count) == ("diags", 2)
    assert isinstance(analysis, DiagsAnalysis)
    assert analysis.dpe is not None
    assert (analysis.dpe.energy_class, analysis.dpe.ges_class) == (
        documents.DPE_CLASS,
        documents.GES_CLASS,
    )
    assert analysis.amiante_present is False


def test_text_page_and_scanned_page_are_read_in_page_order() -> None:
    # given page 1 with a text layer and page 2 scanned
    document = _pdf(documents.text_and_scan_pdf(TEXT_PAGE, SCANNED_PAGE))

    # when
    reading = read_document(document, OcrOptions())

    # then: only the scanned page went to OCR, and it comes second
    assert (reading.page_count, reading.ocr_pages, reading.ocr_failed) == (2, 1, 0)
    assert reading.text.lines == (
        TEXT_PAGE[0].removeprefix("# "),
        SCANNED_PAGE[0].removeprefix("# "),
        SCANNED_PAGE[1],
    )


def test_documents_read_on_several_threads_are_each_read_whole() -> None:
    # given documents with a text page and a scan each, and text documents
    words = ["Ravalement", "Chaudière", "Ascenseur"]
    scans = [
        documents.text_and_scan_pdf(TEXT_PAGE, [f"# Résolution n° {n} : {word}"])
        for n, word in enumerate(words)
    ]
    contents = [*scans, documents.text_pdf(40), documents.pv_ag_pdf()]
    # when PDFium and tesseract serve them all at once
    with ThreadPoolExecutor(len(contents)) as pool:
        readings = list(
            pool.map(
                lambda content: read_document(_pdf(content), OcrOptions()), contents
            )
        )

    # then
    assert [reading.page_count for reading in readings] == [2, 2, 2, 40, 1]
    assert [
        word in reading.text.lines[1]
        for reading, word in zip(readings[: len(words)], words, strict=True)
    ] == [True] * len(words)


@pytest.mark.parametrize(
    ("image_format", "content_type", "orientation"),
    [("PNG", "image/png", 1), ("JPEG", "image/jpeg", 6), ("WEBP", "image/webp", 8)],
)
def test_image_document_is_read_by_ocr(
    provider: LocalProvider,
    image_format: Literal["JPEG", "PNG", "WEBP"],
    content_type: str,
    orientation: Literal[1, 3, 6, 8],
) -> None:
    # given a photographed avis, stored sideways for JPEG and WebP
    content = documents.image_document(
        documents.TAXE_FONCIERE_LINES,
        image_format,
        exif_orientation=orientation,
    )
    document = DocumentInput(content, content_type, "avis", "fr")

    # when
    classification = provider.classify(document)
    analysis = provider.analyse(document, "taxe_fonciere")

    # then
    assert (classification.category, classification.page_count) == (
        "taxe_fonciere",
        1,
    )
    assert isinstance(analysis, TaxeFonciereAnalysis)
    assert analysis.total_amount == documents.TAX_TOTAL


def test_without_tesseract_the_text_layer_is_kept_and_ocr_said_unavailable() -> None:
    # given tesseract missing and a PDF whose second page is a scan
    provider = LocalProvider(OcrOptions(tesseract=MISSING_TESSERACT))
    document = _pdf(documents.text_and_scan_pdf(TEXT_PAGE, SCANNED_PAGE))

    # when
    classification = provider.classify(document)
    analysis = provider.analyse(document, classification.category)

    # then
    assert (classification.category, classification.page_count) == ("pv_ag", 2)
    assert analysis.summary.endswith(
        "OCR indisponible (tesseract avec le français n'est pas installé) : "
        "1 page(s) sans texte non lue(s)."
    )
    assert "Ravalement" not in analysis.summary


def test_without_tesseract_an_image_says_ocr_is_unavailable() -> None:
    provider = LocalProvider(OcrOptions(tesseract=MISSING_TESSERACT))
    content = documents.image_document(documents.TAXE_FONCIERE_LINES, "PNG")
    document = DocumentInput(content, "image/png", "avis.png", "en")

    classification = provider.classify(document)
    analysis = provider.analyse(document, "taxe_fonciere")

    assert (classification.category, classification.page_count) == ("other", 1)
    assert isinstance(analysis, TaxeFonciereAnalysis)
    assert analysis.total_amount is None
    assert "OCR unavailable (tesseract with French is not installed)" in (
        analysis.summary
    )


def test_scanned_pages_beyond_the_limit_are_skipped_and_said() -> None:
    # given a limit of one OCR page and a scanned document of two
    options = OcrOptions(max_pages=1)
    document = _pdf(documents.scanned_ddt_pdf(), "en")

    # when
    reading = read_document(document, options)
    analysis = LocalProvider(options).analyse(document, "diags")

    # then: the first page (the DPE) is read, the second is not
    assert (reading.ocr_pages, reading.ocr_skipped) == (1, 1)
    assert "electricien qualifie" not in reading.text.folded
    assert isinstance(analysis, DiagsAnalysis)
    assert analysis.dpe is not None and analysis.dpe.energy_class == "F"
    assert analysis.summary.endswith(
        "1 scanned page(s) beyond the first 1 not read by OCR."
    )


def test_a_page_past_its_ocr_timeout_is_said_unread() -> None:
    provider = LocalProvider(OcrOptions(page_timeout_seconds=0.01))
    document = _pdf(documents.scanned_taxe_fonciere_pdf(), "en")

    classification = provider.classify(document)
    analysis = provider.analyse(document, "taxe_fonciere")

    assert (classification.category, classification.confidence) == ("other", 0.1)
    assert analysis.summary == (
        "The text of the document could not be read, even with OCR. "
        "1 page(s) could not be read by OCR (timed out or failed)."
    )


def test_damaged_image_fails_permanently(provider: LocalProvider) -> None:
    document = DocumentInput(b"\xff\xd8\xff\xdb" + bytes(64), "image/jpeg", "a.jpg")

    with pytest.raises(AnalysisFailed) as raised:
        provider.classify(document)

    assert raised.value.message_key == "image_unreadable"


def test_reading_is_logged_with_counts_and_no_document_text(
    provider: LocalProvider, caplog: pytest.LogCaptureFixture
) -> None:
    # given
    caplog.set_level(logging.INFO, logger="common.ai.local")
    document = _pdf(documents.text_and_scan_pdf(TEXT_PAGE, SCANNED_PAGE))

    # when
    provider.classify(document)

    # then
    [record] = [r for r in caplog.records if r.getMessage() == "document text read"]
    fields = record.__dict__["fields"]
    assert {key: fields[key] for key in ("pages", "ocr_pages", "ocr_failed")} == {
        "pages": 2,
        "ocr_pages": 1,
        "ocr_failed": 0,
    }
    assert fields["seconds"] > 0
    assert "Ravalement" not in str(fields) and "PROCÈS" not in str(fields)


def test_from_settings_takes_the_ocr_settings(environment: dict[str, str]) -> None:
    # given
    os.environ.update(
        {
            "APP_OCR_TESSERACT": MISSING_TESSERACT,
            "APP_OCR_MAX_PAGES": "3",
            "APP_OCR_PAGE_TIMEOUT_SECONDS": "7.5",
        }
    )
    get_settings.cache_clear()

    # when
    provider = LocalProvider.from_settings()

    # then
    assert provider.ocr == OcrOptions(MISSING_TESSERACT, 3, 7.5)
