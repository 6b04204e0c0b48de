"""OCR tests run the machine's tesseract, the one the default options name."""

from __future__ import annotations

import pytest

from common.ai.ocr import OcrOptions, Tesseract, find_tesseract

MISSING_TESSERACT = "/nonexistent/bin/tesseract"


def require_tesseract() -> Tesseract:
    """The machine's tesseract with French data, or a failure saying how to get it."""
    tesseract = find_tesseract(OcrOptions().tesseract)
    if tesseract is None:
        pytest.fail(
            "OCR tests need tesseract with its French data: run `make install` "
            "(apt-get install tesseract-ocr tesseract-ocr-fra)"
        )
    return tesseract
