"""OCR with the machine's tesseract: detection, recognition, timeouts, image input."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from common.ai.ocr import (
    MAX_IMAGE_SIDE,
    RENDER_DPI,
    OcrImage,
    Tesseract,
    find_tesseract,
    has_usable_text,
    image_for_ocr,
)
from common.ai.provider import AnalysisFailed
from tests.fixtures.documents import SCAN_DPI, image_document, scanned_page
from tests.integration.ocr_support import MISSING_TESSERACT, require_tesseract

AVIS = ["# AVIS D'IMPÔT 2024 -- TAXES FONCIÈRES", "Montant de votre impôt : 1 234 €"]


@pytest.fixture(scope="module")
def tesseract() -> Tesseract:
    return require_tesseract()


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _page(lines: list[str]) -> OcrImage:
    return OcrImage(_png(scanned_page(lines)), SCAN_DPI)


def test_find_tesseract_finds_the_french_data(tesseract: Tesseract) -> None:
    assert "fra" in tesseract.languages
    assert Path(tesseract.path).is_absolute()


def test_find_tesseract_of_a_missing_program_is_none() -> None:
    assert find_tesseract(MISSING_TESSERACT) is None


def test_find_tesseract_without_french_data_is_none(tmp_path: Path) -> None:
    # given a tesseract whose only language is English
    english_only = tmp_path / "tesseract"
    english_only.write_text(
        "#!/bin/sh\necho 'List of available languages in \"/tessdata/\" (2):'\n"
        "echo eng\necho osd\n"
    )
    english_only.chmod(0o755)

    # then
    assert find_tesseract(str(english_only)) is None


def test_recognise_reads_french_print_exactly(tesseract: Tesseract) -> None:
    [text] = tesseract.recognise([_page(AVIS)], timeout_seconds=30)

    assert text is not None
    assert "AVIS D'IMPÔT 2024" in text and "TAXES FONCIÈRES" in text
    assert "Montant de votre impôt : 1 234 €" in text


def test_recognise_returns_the_pages_in_document_order(tesseract: Tesseract) -> None:
    # given more pages than workers, each with its own words
    words = ["Ravalement", "Chaudière", "Ascenseur", "Toiture", "Interphone"]
    pages = [_page([f"# Résolution n° {n} : {word}"]) for n, word in enumerate(words)]

    # when
    texts = tesseract.recognise(iter(pages), timeout_seconds=30)

    # then
    assert [word in (text or "") for text, word in zip(texts, words, strict=True)] == [
        True
    ] * len(words)


def test_recognise_gives_up_a_page_past_its_timeout(tesseract: Tesseract) -> None:
    assert tesseract.recognise([_page(AVIS)], timeout_seconds=0.01) == [None]


def test_recognise_of_a_page_tesseract_cannot_decode_is_none(
    tesseract: Tesseract,
) -> None:
    damaged = OcrImage(b"\x89PNG\r\n\x1a\n" + bytes(64), RENDER_DPI)

    assert tesseract.recognise([damaged, None], timeout_seconds=30) == [None, None]


def test_image_for_ocr_applies_the_exif_orientation(tesseract: Tesseract) -> None:
    # given a JPEG stored sideways with the orientation that turns it upright
    content = image_document(AVIS, "JPEG", exif_orientation=6)
    stored = Image.open(io.BytesIO(content))
    assert stored.width > stored.height

    # when
    image = image_for_ocr(content)
    [text] = tesseract.recognise([image], timeout_seconds=30)

    # then
    upright = Image.open(io.BytesIO(image.png))
    assert (upright.mode, upright.height > upright.width) == ("L", True)
    assert image.dpi == SCAN_DPI
    assert text is not None and "Montant de votre impôt : 1 234 €" in text


def test_image_for_ocr_puts_transparency_on_white_paper() -> None:
    # given black text on a fully transparent background
    drawing = Image.new("RGBA", (400, 100), (0, 0, 0, 0))
    ImageDraw.Draw(drawing).text((10, 40), "Classe énergie : F", fill=(0, 0, 0, 255))

    # when
    image = Image.open(io.BytesIO(image_for_ocr(_png(drawing)).png))

    # then
    assert image.getpixel((0, 0)) == 255
    assert sum(image.histogram()[:128]) > 0  # the text stays dark


def test_image_for_ocr_scales_a_huge_image_down() -> None:
    huge = Image.new("L", (2 * MAX_IMAGE_SIDE, 300), 255)
    buffer = io.BytesIO()
    huge.save(buffer, format="PNG", dpi=(600, 600))

    image = image_for_ocr(buffer.getvalue())

    assert Image.open(io.BytesIO(image.png)).size == (MAX_IMAGE_SIDE, 150)
    assert image.dpi == 300


def test_image_for_ocr_without_a_resolution_lets_tesseract_guess() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (100, 100), "white").save(buffer, format="WEBP")

    assert image_for_ocr(buffer.getvalue()).dpi is None


@pytest.mark.parametrize(
    "content",
    [b"\x89PNG\r\n\x1a\n" + bytes(64), b"\xff\xd8\xff\xdb" + bytes(64), b"RIFF"],
)
def test_image_for_ocr_of_a_damaged_image_fails_permanently(content: bytes) -> None:
    with pytest.raises(AnalysisFailed) as raised:
        image_for_ocr(content)

    assert raised.value.message_key == "image_unreadable"
    assert not raised.value.retryable


@pytest.mark.parametrize(
    ("text", "usable"),
    [
        ("", False),
        ("Page 3 / 12", False),
        ("Scanned with CamScanner", False),  # a scanner's stamp on an image page
        ("Le présent règlement de copropriété", True),
    ],
)
def test_has_usable_text_needs_more_than_a_stamp(text: str, usable: bool) -> None:
    assert has_usable_text(text) is usable
