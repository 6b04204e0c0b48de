"""Streaming multipart parsing: fields, spooled files, per-file cap, part limits."""

from __future__ import annotations

import io

import pytest
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from common.errors import InvalidInput, PayloadTooLarge
from common.http.multipart import MAX_FIELDS, spooled_form

BOUNDARY = "----logis-test-boundary"


def _body(*parts: tuple[str, str | tuple[bytes, str, str]]) -> io.BytesIO:
    values: MultiDict[str, object] = MultiDict()
    for name, value in parts:
        if isinstance(value, tuple):
            content, filename, kind = value
            values.add(name, FileStorage(io.BytesIO(content), filename, name, kind))
        else:
            values.add(name, value)
    _, data = encode_multipart(values, BOUNDARY)
    return io.BytesIO(data)


class _Tripwire(io.BytesIO):
    """A body that fails if read past ``allowed`` bytes."""

    def __init__(self, data: bytes, allowed: int) -> None:
        super().__init__(data)
        self.allowed = allowed

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        assert self.tell() <= self.allowed, "read past the point of refusal"
        return data


def test_spooled_form_gives_fields_and_files_in_order() -> None:
    body = _body(
        ("property_id", "p-1"),
        ("files", (b"%PDF-a", "a.pdf", "application/pdf")),
        ("files", (b"\x89PNG-b", "b.png", "image/png")),
    )

    with spooled_form(body, BOUNDARY, max_files=5, max_file_bytes=100) as form:
        assert form.fields == {"property_id": "p-1"}
        assert [(f.filename, f.content_type) for f in form.files] == [
            ("a.pdf", "application/pdf"),
            ("b.png", "image/png"),
        ]
        assert [f.stream.read() for f in form.files] == [b"%PDF-a", b"\x89PNG-b"]
        assert [f.size for f in form.files] == [6, 6]


def test_spooled_form_keeps_the_first_value_of_a_repeated_field() -> None:
    body = _body(("property_id", "first"), ("property_id", "second"))

    with spooled_form(body, BOUNDARY, max_files=5, max_file_bytes=100) as form:
        assert form.fields["property_id"] == "first"


def test_spooled_form_keeps_one_byte_past_the_file_limit_and_drops_the_rest() -> None:
    big = b"%PDF-" + bytes(300_000)
    body = _body(("files", (big, "big.pdf", "application/pdf")), ("after", "x"))

    with spooled_form(body, BOUNDARY, max_files=5, max_file_bytes=1000) as form:
        [spooled] = form.files
        assert spooled.size == 1001
        assert spooled.stream.read() == big[:1001]
        assert form.fields == {"after": "x"}


def test_spooled_form_closes_its_temporary_files_on_exit() -> None:
    body = _body(("files", (b"%PDF-a", "a.pdf", "application/pdf")))

    with spooled_form(body, BOUNDARY, max_files=5, max_file_bytes=100) as form:
        stream = form.files[0].stream

    assert stream.closed


def test_spooled_form_stops_at_the_first_file_over_the_count() -> None:
    files = [("files", (b"%PDF-" + bytes(50_000), f"{n}.pdf", "x/y")) for n in range(4)]
    data = _body(*files).getvalue()
    # Refused at the third file's headers, far before the fourth file.
    body = _Tripwire(data, allowed=len(data) * 3 // 4)

    with (
        pytest.raises(InvalidInput) as raised,
        spooled_form(body, BOUNDARY, max_files=2, max_file_bytes=10**6),
    ):
        pass

    assert (raised.value.message_key, raised.value.details) == (
        "too_many_files",
        {"limit": 2},
    )


def test_spooled_form_refuses_too_many_fields() -> None:
    body = _body(*[(f"f{n}", "x") for n in range(MAX_FIELDS + 1)])

    with (
        pytest.raises(InvalidInput) as raised,
        spooled_form(body, BOUNDARY, max_files=2, max_file_bytes=100),
    ):
        pass

    assert raised.value.message_key == "too_many_fields"


def test_spooled_form_refuses_a_huge_text_field() -> None:
    body = _body(("property_id", "x" * 10_000))

    with (
        pytest.raises(PayloadTooLarge),
        spooled_form(body, BOUNDARY, max_files=2, max_file_bytes=100),
    ):
        pass


@pytest.mark.parametrize(
    "data",
    [
        b"--" + BOUNDARY.encode() + b"\r\nContent-Type: text/plain\r\n\r\nx\r\n",
        b"--" + BOUNDARY.encode() + b"\r\nContent-Disposition: form-data; name=a",
    ],
    ids=["no-disposition", "truncated"],
)
def test_spooled_form_refuses_a_malformed_body(data: bytes) -> None:
    with (
        pytest.raises(InvalidInput) as raised,
        spooled_form(io.BytesIO(data), BOUNDARY, max_files=2, max_file_bytes=100),
    ):
        pass

    assert raised.value.message_key == "malformed_multipart"


def test_spooled_form_of_an_empty_form_has_nothing() -> None:
    body = io.BytesIO(b"--" + BOUNDARY.encode() + b"--\r\n")

    with spooled_form(body, BOUNDARY, max_files=2, max_file_bytes=100) as form:
        assert (form.fields, form.files) == ({}, [])
