"""In-memory object storage: the :class:`common.storage.Storage` protocol.

Objects live in a dict with increasing generations, as in GCS. ``fail`` queues errors
for the next calls of a method (an outage), ``before_download`` runs just before a
download copies its bytes (to play a rewrite racing a reader), and ``calls`` lists
every method called, so that a test can say an object was never downloaded.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import BinaryIO

from common.errors import NotFound, PayloadTooLarge
from common.storage import BucketRole, SignedUpload, StoredObject

_EPOCH = datetime(2025, 4, 3, 10, 0, tzinfo=UTC)


class FakeStorage:
    """Objects in memory; generations count up from 1000 like a clock."""

    def __init__(self) -> None:
        self.objects: dict[tuple[BucketRole, str], tuple[bytes, StoredObject]] = {}
        self.calls: list[tuple[str, str]] = []
        self.before_download: Callable[[], None] | None = None
        self._failures: dict[str, list[Exception]] = {}
        self._generations = itertools.count(1000)
        self._lock = threading.RLock()

    def fail(self, method: str, *errors: Exception) -> None:
        """Raise ``errors`` from the next calls of ``method``, one per call."""
        with self._lock:
            self._failures.setdefault(method, []).extend(errors)

    def called(self, method: str) -> list[str]:
        """The keys ``method`` was called with, in order."""
        return [key for name, key in self.calls if name == method]

    def content(self, bucket: BucketRole, key: str) -> bytes | None:
        """The object's bytes, or None when absent."""
        found = self.objects.get((bucket, key))
        return None if found is None else found[0]

    def upload_bytes(
        self,
        bucket: BucketRole,
        key: str,
        data: bytes,
        content_type: str,
        metadata: Mapping[str, str] | None = None,
    ) -> StoredObject:
        self._call("upload_bytes", key)
        with self._lock:
            generation = next(self._generations)
            stored = StoredObject(
                bucket, key, len(data), content_type or None, generation,
                dict(metadata or {}), _EPOCH + timedelta(seconds=generation),
            )  # fmt: skip
            self.objects[(bucket, key)] = (data, stored)
        return stored

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
        data = stream.read()
        if size_limit is not None and len(data) > size_limit:
            raise PayloadTooLarge("file_too_large", max_bytes=size_limit)
        return self.upload_bytes(bucket, key, data, content_type, metadata)

    def download_bytes(self, bucket: BucketRole, key: str) -> bytes:
        self._call("download_bytes", key)
        return self._get(bucket, key)[0]

    def download_to_file(
        self, bucket: BucketRole, key: str, destination: BinaryIO
    ) -> StoredObject:
        self._call("download_to_file", key)
        if self.before_download is not None:
            self.before_download()
        data, stored = self._get(bucket, key)
        destination.write(data)
        return stored

    def stat(self, bucket: BucketRole, key: str) -> StoredObject:
        self._call("stat", key)
        return self._get(bucket, key)[1]

    def rewrite(
        self, bucket: BucketRole, key: str, metadata: Mapping[str, str]
    ) -> StoredObject:
        self._call("rewrite", key)
        with self._lock:
            data, current = self._get(bucket, key)
            generation = next(self._generations)
            stored = replace(
                current,
                generation=generation,
                metadata={**current.metadata, **metadata},
                updated=_EPOCH + timedelta(seconds=generation),
            )
            self.objects[(bucket, key)] = (data, stored)
        return stored

    def delete(self, bucket: BucketRole, key: str) -> None:
        self._call("delete", key)
        with self._lock:
            self.objects.pop((bucket, key), None)

    def delete_prefix(self, bucket: BucketRole, prefix: str) -> int:
        self._call("delete_prefix", prefix)
        folder = prefix.rstrip("/") + "/"
        with self._lock:
            doomed = [
                k for k in self.objects if k[0] == bucket and k[1].startswith(folder)
            ]
            for found in doomed:
                del self.objects[found]
        return len(doomed)

    def signed_get_url(
        self, bucket: BucketRole, key: str, *, download_name: str | None = None
    ) -> str:
        self._call("signed_get_url", key)
        return f"https://storage.fake/{bucket}/{key}?signature=get"

    def signed_put_url(
        self,
        bucket: BucketRole,
        key: str,
        content_type: str,
        *,
        max_bytes: int,
        metadata: Mapping[str, str] | None = None,
    ) -> SignedUpload:
        self._call("signed_put_url", key)
        headers = {"Content-Type": content_type}
        headers.update({f"x-goog-meta-{k}": v for k, v in (metadata or {}).items()})
        return SignedUpload(
            url=f"https://storage.fake/{bucket}/{key}?signature=put",
            method="PUT",
            headers=headers,
            expires_at=_EPOCH + timedelta(minutes=15),
        )

    def _call(self, method: str, key: str) -> None:
        with self._lock:
            self.calls.append((method, key))
            pending = self._failures.get(method)
            error = pending.pop(0) if pending else None
        if error is not None:
            raise error

    def _get(self, bucket: BucketRole, key: str) -> tuple[bytes, StoredObject]:
        with self._lock:
            found = self.objects.get((bucket, key))
        if found is None:
            raise NotFound("object_not_found")
        return found
