"""Values and rules shared by the storage adapters (re-exported by ``common.storage``).

Object keys are validated here once for every adapter; ``safe_filename`` turns any
user-supplied file name into a safe last segment of an object name; content is
recognised by its magic bytes, never by its extension.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import BinaryIO, Literal
from urllib.parse import quote

from common.errors import InvalidInput, PayloadTooLarge
from common.messages import register

BucketRole = Literal["documents", "photos"]
BUCKET_ROLES: tuple[BucketRole, ...] = ("documents", "photos")
COPY_CHUNK_BYTES = 1024 * 1024
MAX_KEY_BYTES = 1024
MAX_FILENAME_CHARS = 120
_MAX_EXTENSION_CHARS = 16
_FALLBACK_STEM = "file"
_METADATA_KEY = re.compile(r"[a-z0-9_-]{1,64}")
_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"%PDF-", "application/pdf"),
    (0, b"\xff\xd8\xff", "image/jpeg"),
    (0, b"\x89PNG\r\n\x1a\n", "image/png"),
)

register("invalid_object_key", "Invalid object name.", "Nom d'objet invalide.")
register("object_not_found", "The file was not found.", "Le fichier est introuvable.")
register(
    "invalid_object_metadata",
    "Invalid file metadata.",
    "Métadonnées de fichier invalides.",
)
register(
    "file_too_large",
    "The file is too large (limit: {max_bytes} bytes).",
    "Le fichier est trop volumineux (limite : {max_bytes} octets).",
)
register(
    "storage_unavailable",
    "File storage is unavailable. Please retry.",
    "Le stockage des fichiers est indisponible. Veuillez réessayer.",
)


@dataclass(frozen=True)
class StoredObject:
    """One generation of a stored object, as both adapters describe it."""

    bucket: BucketRole
    key: str
    size: int
    content_type: str | None
    generation: int  # GCS generation; local: a monotonically increasing time_ns
    metadata: dict[str, str]
    updated: datetime  # timezone-aware UTC


@dataclass(frozen=True)
class SignedUpload:
    """A URL the client PUTs the file to, with the headers it must send."""

    url: str
    method: str
    headers: dict[str, str]
    expires_at: datetime


def cache_seconds(ttl_seconds: int) -> int:
    """How long an adapter may hand out a signed GET URL it already made."""
    return ttl_seconds // 3


def signed_url_validity(ttl_seconds: int) -> int:
    """Seconds a signed GET URL handed out now is valid at least, whatever adapter."""
    return ttl_seconds - cache_seconds(ttl_seconds)


def validate_object_key(key: str) -> str:
    """``key`` if it is a safe object name, else ``InvalidInput``."""
    try:
        size = len(key.encode("utf-8"))
    except UnicodeEncodeError as exc:  # lone surrogates
        raise InvalidInput("invalid_object_key") from exc
    if (
        not key
        or size > MAX_KEY_BYTES
        or key.startswith("/")
        or any(unicodedata.category(char) == "Cc" for char in key)
        or any(part in ("", ".", "..") for part in key.split("/"))
    ):
        raise InvalidInput("invalid_object_key")
    return key


def validate_prefix(prefix: str) -> str:
    """A folder-like prefix ending in ``/`` (``users/u1`` and ``users/u1/`` agree)."""
    return validate_object_key(prefix.rstrip("/")) + "/"


def validate_header_metadata(metadata: Mapping[str, str] | None) -> dict[str, str]:
    """Metadata that can travel as ``x-goog-meta-*`` headers of a signed upload."""
    checked = dict(metadata or {})
    for name, value in checked.items():
        printable = value.isascii() and value.isprintable() and len(value) <= 1024
        if not (_METADATA_KEY.fullmatch(name) and printable):
            raise InvalidInput("invalid_object_metadata")
    return checked


class LimitedReader:
    """A read-only view of ``source`` that refuses to read past ``limit`` bytes.

    Reads are full until the end of the stream. Positions are relative to where
    ``source`` stood when wrapped, so that an upload library may ``tell`` and ``seek``
    (to resend a chunk) as if it started at 0.
    """

    def __init__(self, source: BinaryIO, limit: int | None) -> None:
        self._source = source
        self._limit = limit
        self._start = source.tell() if source.seekable() else 0
        self._position = 0

    def read(self, size: int | None = -1) -> bytes:
        """``size`` bytes (short only at the end); past the limit: PayloadTooLarge."""
        if size is None or size < 0:
            data = self._source.read()
        else:
            # A socket may return less than asked before the end; a resumable upload
            # would take that short chunk for the last one and truncate the object.
            parts: list[bytes] = []
            while size > 0 and (part := self._source.read(size)):
                parts.append(part)
                size -= len(part)
            data = b"".join(parts)
        self._position += len(data)
        if self._limit is not None and self._position > self._limit:
            raise PayloadTooLarge("file_too_large", max_bytes=self._limit)
        return data

    def tell(self) -> int:
        """Bytes read since the start (as positioned by ``seek``)."""
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        """Go to ``offset`` bytes after the start (absolute positions only)."""
        if whence != io.SEEK_SET:
            raise io.UnsupportedOperation("only absolute positions")
        self._source.seek(self._start + offset)
        self._position = offset
        return offset


def copy_limited(
    source: BinaryIO, destination: BinaryIO, size_limit: int | None
) -> int:
    """Copy in 1 MiB chunks; ``PayloadTooLarge`` as soon as ``size_limit`` is passed."""
    reader = LimitedReader(source, size_limit)
    while chunk := reader.read(COPY_CHUNK_BYTES):
        destination.write(chunk)
    return reader.tell()


def safe_filename(name: str) -> str:
    """A safe object-name segment from any user file name (extension kept)."""
    text = unicodedata.normalize("NFC", name)
    parts = [part for part in re.split(r"[/\\]", text) if part.strip()]
    text = "".join(
        char if _allowed_in_filename(char) else "_"
        for char in (parts[-1] if parts else "")
        if unicodedata.category(char) != "Cc"
    )
    text = re.sub(r"\.{2,}", ".", re.sub(r"_{2,}", "_", text))
    stem, dot, extension = text.rpartition(".")
    extension = extension.strip("_-")
    if not dot or not extension or len(extension) > _MAX_EXTENSION_CHARS:
        stem, extension = text, ""
    suffix = f".{extension}" if extension else ""
    stem = stem.strip("._-")[: MAX_FILENAME_CHARS - len(suffix)].rstrip("._-")
    return (stem or _FALLBACK_STEM) + suffix


def _allowed_in_filename(char: str) -> bool:
    if char.isascii():
        return char.isalnum() or char in "._-"
    # Latin-1 Supplement and Latin Extended-A letters: é, è, ç, ô, œ, ß, ñ...
    return "\u00c0" <= char <= "\u017f" and char.isalpha()


def sniff_content_type(head: bytes) -> str | None:
    """The media type of PDF, JPEG, PNG or WebP content from its first bytes."""
    for offset, magic, content_type in _MAGIC:
        if head[offset : offset + len(magic)] == magic:
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def content_disposition(download_name: str) -> str:
    """``attachment`` with an ASCII ``filename`` and an RFC 5987 ``filename*``."""
    name = (
        "".join(
            "_" if char in "/\\" else char
            for char in unicodedata.normalize("NFC", download_name)
            if not unicodedata.category(char).startswith("C")
        ).strip()[:200]
        or "download"
    )
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    fallback = re.sub(r"[^A-Za-z0-9._ ()-]", "_", ascii_name).strip() or "download"
    encoded = quote(name, safe="")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"


def rfc3339(moment: datetime) -> str:
    """``2025-04-03T10:14:55.318Z``: the timestamp format of GCS resources."""
    text = moment.astimezone(UTC).isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z")


def object_resource(bucket_name: str, stored: StoredObject) -> dict[str, object]:
    """The GCS object resource (JSON) of ``stored``, as finalize events carry it."""
    timestamp = rfc3339(stored.updated)
    return {
        "bucket": bucket_name,
        "name": stored.key,
        "generation": str(stored.generation),
        "metageneration": "1",
        "contentType": stored.content_type or "application/octet-stream",
        "size": str(stored.size),
        "timeCreated": timestamp,
        "updated": timestamp,
        "metadata": dict(stored.metadata),
    }
