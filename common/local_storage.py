"""The local filesystem storage adapter (re-exported by ``common.storage``).

Objects are files under ``root/<bucket>/<key>``. Their description (content type,
metadata, generation, update time) lives in a sidecar tree,
``root/.meta/<bucket>/<key>.json`` (``common.local_sidecar``), so that listings and
``delete_prefix`` counts see objects only. A write goes to ``root/.tmp``, then its
sidecar is renamed into place, then the data: a reader never sees half a file, and a
sidecar that does not match its file is ignored in favour of the file itself.

Signed URLs are HMAC-signed links to the local stack's ``/_storage`` route
(``common.local_signing``); the stack hands them to ``accept_signed_upload`` and
``accept_signed_download``. Every completed write calls ``on_finalize``: the local
stack's stand-in for GCS finalize notifications.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import shutil
import stat
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from common.errors import DependencyFailed, InvalidInput, NotFound
from common.local_sidecar import describe, moment_of, next_generation, write_sidecar
from common.local_signing import LOCAL_URL_PREFIX, LocalUrlSigner
from common.storage_base import (
    BUCKET_ROLES,
    BucketRole,
    SignedUpload,
    StoredObject,
    content_disposition,
    copy_limited,
    validate_object_key,
    validate_prefix,
)

__all__ = ["LOCAL_URL_PREFIX", "LocalDownload", "LocalStorage"]

logger = logging.getLogger(__name__)

FinalizeHook = Callable[[StoredObject], None]
_META_DIR = ".meta"
_TMP_DIR = ".tmp"


@dataclass(frozen=True)
class LocalDownload:
    """What the local stack needs to answer a signed GET."""

    path: Path
    stored: StoredObject
    content_disposition: str | None


class LocalStorage:
    """Objects as files under ``root/<bucket>/<key>``, served by the local stack."""

    def __init__(
        self,
        root: Path,
        secret: bytes,
        base_url: str,
        ttl_seconds: int,
        *,
        on_finalize: FinalizeHook | None = None,
    ) -> None:
        self._root = Path(root)
        self._signer = LocalUrlSigner(secret, base_url, ttl_seconds)
        self._on_finalize = on_finalize

    def object_path(self, bucket: BucketRole, key: str) -> Path:
        """The file holding the object (the local stack streams signed GETs from it)."""
        return self._path(bucket, key)

    def upload_bytes(
        self,
        bucket: BucketRole,
        key: str,
        data: bytes,
        content_type: str,
        metadata: Mapping[str, str] | None = None,
    ) -> StoredObject:
        """Write atomically (overwrites)."""
        return self.upload_stream(bucket, key, io.BytesIO(data), content_type, metadata)

    def upload_stream(
        self,
        bucket: BucketRole,
        key: str,
        stream: BinaryIO,
        content_type: str,
        metadata: Mapping[str, str] | None = None,
        *,
        size_limit: int | None = None,
    ) -> StoredObject:
        """Copy in 1 MiB chunks to a temporary file, then rename it into place."""
        path = self._path(bucket, key)
        with _io_errors():
            temporary = self._temporary()
            try:
                with temporary.open("wb") as sink:
                    size = copy_limited(stream, sink, size_limit)
                generation = next_generation()
                stored = StoredObject(
                    bucket, key, size, content_type or None, generation,
                    dict(metadata or {}), moment_of(generation),
                )  # fmt: skip
                self._write_sidecar(stored, temporary.stat().st_ino)
                path.parent.mkdir(parents=True, exist_ok=True)
                temporary.replace(path)
            finally:
                temporary.unlink(missing_ok=True)
        self._finalized(stored)
        return stored

    def download_bytes(self, bucket: BucketRole, key: str) -> bytes:
        """Read the file; ``NotFound`` when absent."""
        path = self._path(bucket, key)
        with _read_errors():
            return path.read_bytes()

    def download_to_file(
        self, bucket: BucketRole, key: str, destination: BinaryIO
    ) -> StoredObject:
        """Stream the object into ``destination``; describes what was copied."""
        path = self._path(bucket, key)
        with _read_errors(), path.open("rb") as source:
            stored = self._describe(bucket, key, os.fstat(source.fileno()))
            copy_limited(source, destination, None)
        return stored

    def stat(self, bucket: BucketRole, key: str) -> StoredObject:
        """Describe the object; ``NotFound`` when absent."""
        path = self._path(bucket, key)
        with _read_errors():
            return self._describe(bucket, key, _file_stat(path))

    def rewrite(
        self, bucket: BucketRole, key: str, metadata: Mapping[str, str]
    ) -> StoredObject:
        """Same bytes, merged metadata, a new generation and a finalize notification."""
        path = self._path(bucket, key)
        with _read_errors():
            file_stat = _file_stat(path)
            current = self._describe(bucket, key, file_stat)
            generation = next_generation()
            stored = replace(
                current,
                generation=generation,
                metadata={**current.metadata, **metadata},
                updated=moment_of(generation),
            )
            self._write_sidecar(stored, file_stat.st_ino)
        self._finalized(stored)
        return stored

    def delete(self, bucket: BucketRole, key: str) -> None:
        """Remove the object if present."""
        path = self._path(bucket, key)
        with _io_errors():
            with contextlib.suppress(FileNotFoundError, IsADirectoryError):
                path.unlink()
            self._meta_path(bucket, key).unlink(missing_ok=True)

    def delete_prefix(self, bucket: BucketRole, prefix: str) -> int:
        """Remove every object under the folder-like ``prefix``; returns how many."""
        relative = validate_prefix(prefix).rstrip("/")
        folder = self._path(bucket, relative)
        with _io_errors():
            if not folder.is_dir():
                return 0
            count = sum(1 for path in folder.rglob("*") if path.is_file())
            shutil.rmtree(folder)
            shutil.rmtree(self._root / _META_DIR / bucket / relative, True)
        return count

    def signed_get_url(
        self, bucket: BucketRole, key: str, *, download_name: str | None = None
    ) -> str:
        """``{base}/_storage/{bucket}/{key}?expires=..&signature=..``."""
        return self._signer.get_url(bucket, validate_object_key(key), download_name)

    def signed_put_url(
        self,
        bucket: BucketRole,
        key: str,
        content_type: str,
        *,
        max_bytes: int,
        metadata: Mapping[str, str] | None = None,
    ) -> SignedUpload:
        """A PUT link signing the content type, the size limit and the metadata."""
        key = validate_object_key(key)
        return self._signer.put_url(bucket, key, content_type, max_bytes, metadata)

    def signature(
        self, method: str, bucket: str, key: str, expires: int, *extra: str
    ) -> str:
        """The HMAC that authorises ``method`` on the object until ``expires``."""
        return self._signer.signature(method, bucket, key, expires, *extra)

    def verify(
        self, method: str, bucket: str, key: str, expires: int, sig: str, *extra: str
    ) -> bool:
        """True for an unexpired URL signed by this adapter."""
        return self._signer.verify(method, bucket, key, expires, sig, *extra)

    def accept_signed_upload(
        self,
        bucket: BucketRole,
        key: str,
        query: Mapping[str, str],
        content_type_header: str | None,
        stream: BinaryIO,
    ) -> StoredObject:
        """Store the body of a PUT to a link of :meth:`signed_put_url`.

        Raises ``Forbidden`` (bad or expired link), ``UnsupportedMediaType`` (another
        content type than signed) or ``PayloadTooLarge`` (more than ``max_bytes``).
        """
        key = validate_object_key(key)
        permit = self._signer.check_put(bucket, key, query, content_type_header)
        content_type, limit = permit.content_type, permit.max_bytes
        return self.upload_stream(
            bucket, key, stream, content_type, permit.metadata, size_limit=limit
        )

    def accept_signed_download(
        self, bucket: BucketRole, key: str, query: Mapping[str, str]
    ) -> LocalDownload:
        """Check a link of :meth:`signed_get_url`; the file and how to serve it."""
        name = self._signer.check_get(bucket, validate_object_key(key), query)
        stored = self.stat(bucket, key)
        disposition = content_disposition(name) if name else None
        return LocalDownload(self._path(bucket, key), stored, disposition)

    def _path(self, bucket: BucketRole, key: str) -> Path:
        if bucket not in BUCKET_ROLES:
            raise InvalidInput("invalid_object_key")
        return self._root / bucket / validate_object_key(key)

    def _meta_path(self, bucket: BucketRole, key: str) -> Path:
        return self._root / _META_DIR / bucket / f"{key}.json"

    def _write_sidecar(self, stored: StoredObject, inode: int) -> None:
        target = self._meta_path(stored.bucket, stored.key)
        write_sidecar(target, self._temporary(), stored, inode)

    def _describe(
        self, bucket: BucketRole, key: str, file_stat: os.stat_result
    ) -> StoredObject:
        return describe(self._meta_path(bucket, key), bucket, key, file_stat)

    def _temporary(self) -> Path:
        folder = self._root / _TMP_DIR
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{uuid.uuid4().hex}.partial"

    def _finalized(self, stored: StoredObject) -> None:
        if self._on_finalize is None:
            return
        try:
            self._on_finalize(stored)
        except Exception:
            # The object is stored whatever happens to the notification, as on GCS.
            fields = {"bucket": stored.bucket, "generation": stored.generation}
            logger.exception("finalize notification failed", extra={"fields": fields})


def _file_stat(path: Path) -> os.stat_result:
    file_stat = path.stat()
    if not stat.S_ISREG(file_stat.st_mode):
        raise NotFound("object_not_found")
    return file_stat


@contextlib.contextmanager
def _io_errors() -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        raise DependencyFailed("storage_unavailable") from exc


@contextlib.contextmanager
def _read_errors() -> Iterator[None]:
    try:
        yield
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError) as exc:
        raise NotFound("object_not_found") from exc
    except OSError as exc:
        raise DependencyFailed("storage_unavailable") from exc
