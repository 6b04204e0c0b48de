"""A large file on disk, and request bodies that stream it instead of holding it.

``write_file`` writes a PDF-headed file of a given size in 1 MiB chunks;
``multipart_body`` wraps an open file into a ``multipart/form-data`` body that reads
it part by part, so that a benchmark measuring memory does not count a copy of it.
"""

from __future__ import annotations

import io
import os
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO

MIB = 1024 * 1024


class ConcatenatedBody(io.RawIOBase):
    """A request body read from byte strings and an open file, in order.

    Seekable, because werkzeug's test client measures a body by seeking to its end.
    """

    def __init__(self, *parts: bytes | BinaryIO) -> None:
        super().__init__()
        self._parts = [io.BytesIO(p) if isinstance(p, bytes) else p for p in parts]
        self._sizes = [part.seek(0, io.SEEK_END) for part in self._parts]
        self._position = 0

    def readable(self) -> bool:
        """Always: this is a body to read."""
        return True

    def seekable(self) -> bool:
        """Always: every part is."""
        return True

    def tell(self) -> int:
        """The position in the whole body."""
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        """Move in the whole body (``SEEK_SET``, ``SEEK_CUR`` or ``SEEK_END``)."""
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position}.get(whence)
        self._position = (sum(self._sizes) if base is None else base) + offset
        return self._position

    def readinto(self, buffer: Any) -> int:
        """Fill ``buffer`` from the part at the position; 0 at the end."""
        start = 0
        for part, size in zip(self._parts, self._sizes, strict=True):
            if self._position < start + size:
                part.seek(self._position - start)
                count = int(part.readinto(buffer))  # type: ignore[attr-defined]
                self._position += count
                return count
            start += size
        return 0


def write_file(path: Path, size: int) -> None:
    """A file of ``size`` bytes that content sniffing takes for a PDF."""
    header = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    with path.open("wb") as file:
        file.write(header)
        remaining = size - len(header)
        while remaining > 0:
            chunk = os.urandom(min(MIB, remaining))
            file.write(chunk)
            remaining -= len(chunk)


def multipart_body(
    fields: Mapping[str, str], file: BinaryIO, *, field_name: str = "files"
) -> tuple[ConcatenatedBody, str]:
    """A multipart body of ``fields`` then ``file`` (a PDF); the content type."""
    boundary = uuid.uuid4().hex
    head = "".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        f"{value}\r\n"
        for name, value in fields.items()
    )
    filename = Path(str(getattr(file, "name", "document.pdf"))).name
    head += (
        f"--{boundary}\r\nContent-Disposition: form-data; "
        f'name="{field_name}"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    )
    tail = f"\r\n--{boundary}--\r\n".encode()
    body = ConcatenatedBody(head.encode(), file, tail)
    return body, f"multipart/form-data; boundary={boundary}"
