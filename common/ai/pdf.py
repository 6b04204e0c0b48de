"""PDF helpers on pypdf: page count, text layer, splitting into page chunks.

Every pypdf failure on a damaged, truncated or password-protected file becomes a
permanent ``AnalysisFailed`` with the ``pdf_unreadable`` message: retrying cannot help.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError

from common.ai.provider import AnalysisFailed
from common.messages import register

register(
    "pdf_unreadable",
    "The PDF file is damaged or password-protected and cannot be read.",
    "Le fichier PDF est endommagé ou protégé par un mot de passe et ne peut pas "
    "être lu.",
)

# pypdf raises its own errors, but damaged files also surface as these built-ins.
_PDF_ERRORS = (PyPdfError, ValueError, KeyError, TypeError, IndexError, OSError)
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PdfChunk:
    """Consecutive pages of a PDF as a PDF of their own (page numbers from 1)."""

    first_page: int
    last_page: int
    content: bytes


def open_pdf(content: bytes) -> PdfReader:
    """A reader over ``content`` whose pages are readable (decrypted if possible)."""
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted and not reader.decrypt(""):
            raise AnalysisFailed("pdf_unreadable", reason="encrypted")
        if len(reader.pages) == 0:
            raise AnalysisFailed("pdf_unreadable", reason="no pages")
    except AnalysisFailed:
        raise
    except (*_PDF_ERRORS, NotImplementedError) as exc:
        logger.info("pdf rejected", extra={"fields": {"error": type(exc).__name__}})
        raise AnalysisFailed("pdf_unreadable", reason="damaged") from exc
    return reader


def page_count(content: bytes) -> int:
    """The number of pages of the PDF ``content``."""
    return len(open_pdf(content).pages)


def extract_pages_text(content: bytes) -> list[str]:
    """The text layer of each page (an empty string for a page without one)."""
    reader = open_pdf(content)
    texts: list[str] = []
    for page in reader.pages:
        try:
            texts.append(page.extract_text() or "")
        except _PDF_ERRORS as exc:
            # One broken content stream should not hide the text of the other pages.
            logger.info("pdf page unreadable", extra={"fields": {"error": str(exc)}})
            texts.append("")
    return texts


def split_pages(content: bytes, pages_per_chunk: int) -> list[PdfChunk]:
    """``content`` cut into PDFs of at most ``pages_per_chunk`` pages, in page order."""
    if pages_per_chunk < 1:
        raise ValueError("pages_per_chunk must be at least 1")
    reader = open_pdf(content)
    total = len(reader.pages)
    chunks: list[PdfChunk] = []
    for start in range(0, total, pages_per_chunk):
        end = min(start + pages_per_chunk, total)
        chunks.append(PdfChunk(start + 1, end, _pages_as_pdf(reader, start, end)))
    return chunks


def first_pages(content: bytes, count: int) -> bytes:
    """The first ``count`` pages of ``content`` as a PDF of their own."""
    reader = open_pdf(content)
    return _pages_as_pdf(reader, 0, min(count, len(reader.pages)))


def _pages_as_pdf(reader: PdfReader, start: int, end: int) -> bytes:
    writer = PdfWriter()
    try:
        for index in range(start, end):
            writer.add_page(reader.pages[index])
        buffer = io.BytesIO()
        writer.write(buffer)
    except _PDF_ERRORS as exc:
        raise AnalysisFailed("pdf_unreadable", reason="damaged") from exc
    return buffer.getvalue()
