"""PDF helpers: page count, text layer, page images, page chunks, unreadable files."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen.canvas import Canvas

from common.ai.pdf import (
    extract_pages_text,
    first_pages,
    page_count,
    render_pages,
    split_pages,
)
from common.ai.provider import AnalysisFailed
from tests.fixtures.documents import (
    corrupt_pdf,
    ddt_pdf,
    image_only_pdf,
    pv_ag_pdf,
    text_pdf,
)


def _encrypted(content: bytes, user_password: str = "secret") -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(content)))
    writer.encrypt(
        user_password=user_password, owner_password="owner", algorithm="RC4-128"
    )
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


def test_extract_pages_text_keeps_the_line_break_after_a_hyphen() -> None:
    # given a word cut by a hyphen at the end of a line
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=True)
    canvas.drawString(56, 700, "les travaux d'entre-")
    canvas.drawString(56, 686, "tien des parties communes")
    canvas.showPage()
    canvas.save()

    # then
    assert extract_pages_text(buffer.getvalue()) == [
        "les travaux d'entre-\ntien des parties communes"
    ]


def test_extract_pages_text_reads_a_pdf_protected_by_an_owner_password() -> None:
    [text] = extract_pages_text(_encrypted(text_pdf(1), user_password=""))

    assert text.startswith("Page 1")


def test_render_pages_gives_grayscale_pngs_at_the_asked_resolution() -> None:
    content = text_pdf(3)

    images = list(render_pages(content, [2, 0], dpi=150))

    pages = [Image.open(io.BytesIO(image or b"")) for image in images]
    assert [(page.format, page.mode, page.size) for page in pages] == [
        ("PNG", "L", (1241, 1754))  # A4 (595.3 x 841.9 pt) at 150 dpi, rounded up
    ] * 2
    assert images[1] == next(render_pages(content, [0], dpi=150))  # in asked order
    assert images[0] != images[1]


def test_render_pages_draws_the_page_content() -> None:
    [image] = render_pages(image_only_pdf(), [0], dpi=72)

    page = Image.open(io.BytesIO(image or b""))
    assert page.getextrema() == (0, 255)  # black bars on white paper


def test_render_pages_of_an_unreadable_pdf_fails_permanently() -> None:
    with pytest.raises(AnalysisFailed) as raised:
        next(render_pages(corrupt_pdf(), [0], dpi=72))

    assert raised.value.message_key == "pdf_unreadable"


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
