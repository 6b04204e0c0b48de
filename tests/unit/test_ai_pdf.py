"""PDF helpers: page count, text layer, page chunks, unreadable files."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter

from common.ai.pdf import extract_pages_text, first_pages, page_count, split_pages
from common.ai.provider import AnalysisFailed
from tests.fixtures.documents import (
    corrupt_pdf,
    ddt_pdf,
    image_only_pdf,
    pv_ag_pdf,
    text_pdf,
)


def _encrypted(content: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(content)))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_page_count_counts_the_pages() -> None:
    assert page_count(text_pdf(3)) == 3
    assert page_count(ddt_pdf()) == 2


def test_extract_pages_text_reads_french_text_exactly() -> None:
    [text] = extract_pages_text(pv_ag_pdf())

    assert "PROCÈS-VERBAL DE L'ASSEMBLÉE GÉNÉRALE ORDINAIRE" in text
    assert "85 400,00 € TTC" in text


def test_extract_pages_text_of_a_page_without_text_layer_is_empty() -> None:
    assert extract_pages_text(image_only_pdf()) == [""]


def test_split_pages_cuts_in_page_order_with_a_short_last_chunk() -> None:
    chunks = split_pages(text_pdf(90), 40)

    assert [(c.first_page, c.last_page) for c in chunks] == [
        (1, 40),
        (41, 80),
        (81, 90),
    ]
    assert [page_count(chunk.content) for chunk in chunks] == [40, 40, 10]
    assert extract_pages_text(chunks[1].content)[0].startswith("Page 41")


def test_split_pages_of_a_short_pdf_is_one_chunk() -> None:
    [chunk] = split_pages(text_pdf(2), 40)

    assert (chunk.first_page, chunk.last_page) == (1, 2)


def test_first_pages_keeps_only_the_first_pages() -> None:
    head = first_pages(text_pdf(5), 2)

    assert page_count(head) == 2


@pytest.mark.parametrize("content", [corrupt_pdf(), b"", b"%PDF-1.7\n"])
def test_unreadable_pdf_raises_a_permanent_analysis_failure(content: bytes) -> None:
    with pytest.raises(AnalysisFailed) as raised:
        page_count(content)

    assert raised.value.message_key == "pdf_unreadable"
    assert not raised.value.retryable
    assert "endommagé" in raised.value.localized("fr")


def test_password_protected_pdf_raises_analysis_failure() -> None:
    with pytest.raises(AnalysisFailed) as raised:
        extract_pages_text(_encrypted(text_pdf(1)))

    assert raised.value.details == {"reason": "encrypted"}


def test_split_pages_refuses_an_empty_chunk_size() -> None:
    with pytest.raises(ValueError, match="pages_per_chunk"):
        split_pages(text_pdf(1), 0)
