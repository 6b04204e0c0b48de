"""What a document file is: its type by content, size, SHA-256 and display name.

Content is recognised by its first bytes (``sniff_content_type``): extensions and
declared types prove nothing. Streams are read through ``HashingReader`` in 1 MiB
chunks, so a file is never held in memory; reading stops as soon as it passes the size
limit. Display names are what the user typed, minus any path and invisible characters;
object names are derived separately by ``safe_filename``.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from typing import BinaryIO

from common.messages import register
from common.storage import sniff_content_type

ACCEPTED_CONTENT_TYPES = frozenset(
    {"application/pdf", "image/jpeg", "image/png", "image/webp"}
)
SNIFF_BYTES = 2048
READ_CHUNK_BYTES = 1024 * 1024
MAX_DISPLAY_NAME = 255
DEFAULT_DISPLAY_NAME = "document"

register(
    "unsupported_content",
    "Only PDF, JPEG, PNG and WebP files are accepted.",
    "Seuls les fichiers PDF, JPEG, PNG et WebP sont acceptés.",
)
register("empty_file", "The file is empty.", "Le fichier est vide.")


@dataclass(frozen=True)
class Content:
    """The facts of a file that decide how it is stored ("" when no SHA-256)."""

    content_type: str
    size: int
    sha256: str


class HashingReader:
    """Reads through to a stream while counting bytes and computing their SHA-256."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._digest = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        """Read like the wrapped stream, hashing what passes."""
        data = self._stream.read(size)
        self._digest.update(data)
        self.size += len(data)
        return data

    def hexdigest(self) -> str:
        """SHA-256 of everything read so far."""
        return self._digest.hexdigest()


def inspect_content(stream: BinaryIO, max_bytes: int) -> Content | str:
    """Type (by magic bytes), size and SHA-256 of a stream, or a rejection key."""
    reader = HashingReader(stream)
    head = reader.read(SNIFF_BYTES)
    if not head:
        return "empty_file"
    content_type = sniff_content_type(head)
    if content_type not in ACCEPTED_CONTENT_TYPES:
        return "unsupported_content"
    while reader.read(READ_CHUNK_BYTES):
        if reader.size > max_bytes:
            return "file_too_large"
    return Content(content_type, reader.size, reader.hexdigest())


def declared_content(
    content_type: str, size_bytes: int, sha256: str | None, max_bytes: int
) -> Content | str:
    """What a client says of a file it will upload, checked, or a rejection key."""
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type not in ACCEPTED_CONTENT_TYPES:
        return "unsupported_content"
    if size_bytes <= 0:
        return "empty_file"
    if size_bytes > max_bytes:
        return "file_too_large"
    return Content(media_type, size_bytes, (sha256 or "").lower())


def display_filename(name: str) -> str:
    """What the user sees: the last path segment, without invisible characters."""
    last = name.replace("\\", "/").rsplit("/", 1)[-1]
    visible = "".join(
        " " if unicodedata.category(char).startswith("Z") else char
        for char in unicodedata.normalize("NFC", last)
        if char.isprintable() or unicodedata.category(char).startswith("Z")
    )
    shown = visible.strip()[:MAX_DISPLAY_NAME].strip()
    return shown if shown not in ("", ".", "..") else DEFAULT_DISPLAY_NAME


def display_name_problem(name: str) -> str | None:
    """Why ``name`` (already stripped) cannot be a display name, if it cannot."""
    if not 1 <= len(name) <= MAX_DISPLAY_NAME:
        return "filename_length"
    if "/" in name or "\\" in name or name in (".", ".."):
        return "filename_path"
    if any(unicodedata.category(char).startswith("C") for char in name):
        return "filename_control_character"
    return None
