"""What a document file is: type by content, size limit, SHA-256, display names."""

from __future__ import annotations

import hashlib
import io
from collections import Counter

import pytest

from common.services.document_content import (
    HashingReader,
    declared_content,
    display_filename,
    display_name_problem,
    inspect_content,
)
from common.services.document_workflows import workflow_state
from tests.fixtures.documents import corrupt_pdf, pv_ag_pdf

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)
JPEG = b"\xff\xd8\xff\xdb" + bytes(64)
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(64)


class _CountingStream(io.BytesIO):
    """Counts the bytes handed out, to prove reading stops early."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.handed_out = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.handed_out += len(data)
        return data


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (pv_ag_pdf(), "application/pdf"),
        (corrupt_pdf(), "application/pdf"),
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
        (WEBP, "image/webp"),
    ],
    ids=["pdf", "corrupt-pdf", "png", "jpeg", "webp"],
)
def test_inspect_content_recognises_accepted_types(
    content: bytes, content_type: str
) -> None:
    found = inspect_content(io.BytesIO(content), len(content))

    assert not isinstance(found, str)
    assert (found.content_type, found.size) == (content_type, len(content))
    assert found.sha256 == hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize(
    ("content", "key"),
    [
        (b"", "empty_file"),
        (b"MZ\x90\x00" + bytes(100), "unsupported_content"),
        (b"GIF89a" + bytes(100), "unsupported_content"),
        (b" %PDF-1.7", "unsupported_content"),
        (b"PK\x03\x04" + bytes(100), "unsupported_content"),
    ],
    ids=["empty", "executable", "gif", "pdf-not-at-start", "zip"],
)
def test_inspect_content_refuses_other_content(content: bytes, key: str) -> None:
    assert inspect_content(io.BytesIO(content), 10_000) == key


def test_inspect_content_accepts_a_file_of_exactly_the_limit() -> None:
    content = b"%PDF-1.7\n" + bytes(991)

    found = inspect_content(io.BytesIO(content), 1000)

    assert not isinstance(found, str)
    assert found.size == 1000


def test_inspect_content_stops_reading_once_past_the_limit() -> None:
    stream = _CountingStream(b"%PDF-1.7\n" + bytes(10 * 1024 * 1024))

    assert inspect_content(stream, 1000) == "file_too_large"
    assert stream.handed_out < 2 * 1024 * 1024


def test_inspect_content_of_an_unsupported_file_reads_only_its_head() -> None:
    stream = _CountingStream(b"MZ" + bytes(10 * 1024 * 1024))

    assert inspect_content(stream, 100 * 1024 * 1024) == "unsupported_content"
    assert stream.handed_out <= 4096


def test_hashing_reader_hashes_and_counts_what_passes() -> None:
    reader = HashingReader(io.BytesIO(b"abcdef"))

    assert reader.read(2) + reader.read() == b"abcdef"
    assert (reader.size, reader.hexdigest()) == (
        6,
        hashlib.sha256(b"abcdef").hexdigest(),
    )


@pytest.mark.parametrize(
    ("content_type", "size", "expected"),
    [
        ("application/pdf", 10, "application/pdf"),
        (" IMAGE/JPEG ; q=1", 10, "image/jpeg"),
        ("image/webp", 100, "image/webp"),
        ("image/gif", 10, "unsupported_content"),
        ("application/pdf", 0, "empty_file"),
        ("application/pdf", 101, "file_too_large"),
    ],
)
def test_declared_content_checks_type_and_size(
    content_type: str, size: int, expected: str
) -> None:
    found = declared_content(content_type, size, "AB" * 32, 100)

    if isinstance(found, str):
        assert found == expected
    else:
        assert (found.content_type, found.sha256) == (expected, "ab" * 32)


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("pv.pdf", "pv.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\camille\\taxe.pdf", "taxe.pdf"),
        ("  Relevé\u00a0de charges.pdf  ", "Relevé de charges.pdf"),
        ("a\u0000b\u202ec.pdf", "abc.pdf"),
        ("Cafe\u0301.pdf", "Café.pdf"),
        ("dossier/", "document"),
        ("..", "document"),
        ("", "document"),
        ("x" * 300 + ".pdf", "x" * 255),
    ],
    ids=[
        "plain", "traversal", "windows", "nbsp", "controls", "nfc", "folder",
        "dots", "empty", "long",
    ],
)  # fmt: skip
def test_display_filename_keeps_what_a_user_should_see(name: str, shown: str) -> None:
    assert display_filename(name) == shown
    assert display_name_problem(display_filename(name)) is None


@pytest.mark.parametrize(
    ("statuses", "state"),
    [
        ({"analyzed": 2}, "completed"),
        ({"failed": 2}, "failed"),
        ({"analyzed": 1, "failed": 1}, "partially_failed"),
        ({"analyzed": 1, "analyzing": 1}, "processing"),
        ({"awaiting_upload": 1}, "processing"),
        ({"failed": 1, "classifying": 1}, "processing"),
    ],
)
def test_workflow_state_is_final_once_every_document_is(
    statuses: dict[str, int], state: str
) -> None:
    assert workflow_state(Counter(statuses)) == state
