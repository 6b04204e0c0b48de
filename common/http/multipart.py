"""Streaming ``multipart/form-data`` parsing for upload routes.

The body is read once, in 64 KiB chunks, through werkzeug's sans-IO decoder. Each file
part is written to its own anonymous temporary file as it arrives, and only its first
``max_file_bytes + 1`` bytes are kept: what comes after is read and dropped, so a part
over the limit never fills the disk and the service sees it is too large. A request
with more file parts than allowed stops at the first extra part. Nothing here holds a
file in memory, and the temporary files are closed (deleted) when the form is closed.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import BinaryIO

from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.sansio.multipart import (
    Data,
    Epilogue,
    Field,
    File,
    MultipartDecoder,
    NeedData,
)

from common.errors import InvalidInput, PayloadTooLarge
from common.messages import register

CHUNK_BYTES = 64 * 1024
MAX_FIELDS = 20
MAX_FIELD_BYTES = 4096
# Part headers and the decoder's look-ahead stay far below this; a client that sends
# megabytes of headers is refused rather than buffered.
MAX_BUFFER_BYTES = 1024 * 1024

register(
    "malformed_multipart",
    "The multipart body is malformed.",
    "Le corps multipart est mal formé.",
)
register(
    "too_many_files",
    "Too many files: at most {limit} per request.",
    "Trop de fichiers : {limit} au maximum par requête.",
)
register(
    "too_many_fields",
    "Too many form fields: at most {limit}.",
    "Trop de champs de formulaire : {limit} au maximum.",
)


@dataclass
class SpooledFile:
    """One file part, kept in a temporary file positioned at its start."""

    field_name: str
    filename: str
    content_type: str | None
    stream: BinaryIO
    size: int = 0  # bytes kept: at most the limit + 1, so "too large" shows

    def write(self, data: bytes, limit: int) -> None:
        """Keep ``data`` up to ``limit + 1`` bytes in all; drop the rest."""
        kept = data[: max(limit + 1 - self.size, 0)]
        if kept:
            self.stream.write(kept)
            self.size += len(kept)


@dataclass
class MultipartForm:
    """The text fields (first value of each name) and the spooled file parts."""

    fields: dict[str, str] = field(default_factory=dict)
    files: list[SpooledFile] = field(default_factory=list)

    def close(self) -> None:
        """Close (and so delete) every temporary file."""
        for spooled in self.files:
            spooled.stream.close()


@contextmanager
def spooled_form(
    stream: BinaryIO, boundary: str, *, max_files: int, max_file_bytes: int
) -> Iterator[MultipartForm]:
    """Parse the body into a form whose files are closed on exit.

    Raises:
        InvalidInput: ``too_many_files``, ``too_many_fields``, ``malformed_multipart``.
        PayloadTooLarge: a text field over ``MAX_FIELD_BYTES``.
    """
    form = MultipartForm()
    try:
        _parse(stream, boundary, form, max_files, max_file_bytes)
        for spooled in form.files:
            spooled.stream.seek(0)
        yield form
    finally:
        form.close()


def _parse(
    stream: BinaryIO,
    boundary: str,
    form: MultipartForm,
    max_files: int,
    max_file_bytes: int,
) -> None:
    decoder = MultipartDecoder(boundary.encode("latin-1"), MAX_BUFFER_BYTES)
    parts = _Parts(form, max_files, max_file_bytes)
    try:
        while True:
            chunk = stream.read(CHUNK_BYTES)
            decoder.receive_data(chunk or None)
            event = decoder.next_event()
            while not isinstance(event, NeedData | Epilogue):
                parts.receive(event)
                event = decoder.next_event()
            if isinstance(event, Epilogue) or not chunk:
                return
    except RequestEntityTooLarge as exc:
        raise PayloadTooLarge() from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput("malformed_multipart") from exc


class _Parts:
    """Routes decoder events to the current field buffer or spooled file."""

    def __init__(self, form: MultipartForm, max_files: int, limit: int) -> None:
        self.form, self.max_files, self.limit = form, max_files, limit
        self.field_count = 0
        self.field: tuple[str, bytearray] | None = None
        self.file: SpooledFile | None = None

    def receive(self, event: object) -> None:
        if isinstance(event, File):
            if len(self.form.files) >= self.max_files:
                raise InvalidInput("too_many_files", limit=self.max_files)
            self.file = SpooledFile(
                event.name,
                event.filename,
                event.headers.get("content-type"),
                tempfile.TemporaryFile(),  # noqa: SIM115 - closed by MultipartForm
            )
            self.form.files.append(self.file)
            self.field = None
        elif isinstance(event, Field):
            self.field_count += 1
            if self.field_count > MAX_FIELDS:
                raise InvalidInput("too_many_fields", limit=MAX_FIELDS)
            self.field, self.file = (event.name, bytearray()), None
        elif isinstance(event, Data):
            self._data(event)

    def _data(self, event: Data) -> None:
        if self.file is not None:
            self.file.write(event.data, self.limit)
        elif self.field is not None:
            name, value = self.field
            value.extend(event.data)
            if len(value) > MAX_FIELD_BYTES:
                raise PayloadTooLarge()
            if not event.more_data:
                self.form.fields.setdefault(name, value.decode("utf-8"))
