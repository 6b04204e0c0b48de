"""The Cloud Storage adapter (google-cloud-storage, imported only when first used).

The client is built lazily, once, and reused across invocations. Library errors are
translated at this boundary (``common.gcs_errors``): a missing object is
``NotFound("object_not_found")``; 429, 5xx and connection errors ``DependencyFailed``.

Uploads from a stream are resumable, in chunks of ``UPLOAD_CHUNK_BYTES``: the stream
is never read whole, and GCS only creates the object when the last chunk arrives, so a
stream cut short by its size limit leaves no object behind. Uploads overwrite.
"""

from __future__ import annotations

import contextlib
import importlib
import threading
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, BinaryIO

from common.errors import InvalidInput, NotFound
from common.gcs_errors import translated
from common.storage_base import (
    BUCKET_ROLES,
    BucketRole,
    LimitedReader,
    SignedUpload,
    StoredObject,
    content_disposition,
    validate_header_metadata,
    validate_object_key,
    validate_prefix,
)

if TYPE_CHECKING:
    from google.auth.credentials import Credentials

    from common.cache import Cache
    from common.storage_signing import UrlSigner

UPLOAD_CHUNK_BYTES = 4 * 1024 * 1024  # a multiple of 256 KiB, as GCS requires
_SCOPES = ("https://www.googleapis.com/auth/cloud-platform",)


class GcsStorage:
    """Objects in Cloud Storage buckets; V4 signed URLs.

    Signing (``common.storage_signing``): with a service-account key (``signing_key``
    from ``APP_GCS_SIGNING_KEY``, ``GOOGLE_APPLICATION_CREDENTIALS`` or the
    ``credentials`` given), URLs are signed in process. On Cloud Functions without a
    key, the runtime's credentials sign through the IAM Credentials ``signBlob`` API
    (``auth_transport`` carries those calls; tests count them on a fake). Unnamed
    GET URLs are served from ``url_cache`` for a third of their lifetime.
    """

    def __init__(
        self,
        bucket_names: Mapping[BucketRole, str],
        *,
        ttl_seconds: int,
        project: str | None = None,
        client: Any = None,
        credentials: Credentials | None = None,
        retry_timeout_seconds: float = 60.0,
        request_timeout_seconds: float = 60.0,
        signing_key: str | None = None,
        auth_transport: Any = None,
        url_cache: Cache | None = None,
    ) -> None:
        self._names = dict(bucket_names)
        self._ttl = timedelta(seconds=ttl_seconds)
        self._project = project
        self._client = client
        self._credentials = credentials
        self._retry_timeout = retry_timeout_seconds
        self._timeout = request_timeout_seconds
        self._lock = threading.Lock()
        self._signing_key = signing_key
        self._auth_transport = auth_transport
        self._url_signer: UrlSigner | None = None
        self._url_cache = url_cache

    @translated
    def upload_bytes(
        self,
        bucket: BucketRole,
        key: str,
        data: bytes,
        content_type: str,
        metadata: Mapping[str, str] | None = None,
    ) -> StoredObject:
        """One request (multipart upload); overwrites."""
        blob = self._blob(bucket, key)
        blob.metadata = dict(metadata or {})
        blob.upload_from_string(data, content_type=content_type, **self._options())
        return _stored(bucket, blob)

    @translated
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
        """A resumable upload in chunks, refused as soon as ``size_limit`` is passed."""
        blob = self._blob(bucket, key, chunk_size=UPLOAD_CHUNK_BYTES)
        blob.metadata = dict(metadata or {})
        blob.upload_from_file(
            LimitedReader(stream, size_limit),
            content_type=content_type,
            **self._options(),
        )
        return _stored(bucket, blob)

    @translated
    def download_bytes(self, bucket: BucketRole, key: str) -> bytes:
        """Read an object; ``NotFound`` when absent."""
        blob = self._blob(bucket, key)
        data = blob.download_as_bytes(**self._options())
        return bytes(data)

    @translated
    def download_to_file(
        self, bucket: BucketRole, key: str, destination: BinaryIO
    ) -> StoredObject:
        """Stream the generation that ``stat`` sees (``Conflict`` if replaced)."""
        blob = self._existing(bucket, key)
        generation = blob.generation
        blob.download_to_file(
            destination, if_generation_match=generation, **self._options()
        )
        return _stored(bucket, blob)

    @translated
    def stat(self, bucket: BucketRole, key: str) -> StoredObject:
        """Describe an object; ``NotFound`` when absent."""
        return _stored(bucket, self._existing(bucket, key))

    @translated
    def rewrite(
        self, bucket: BucketRole, key: str, metadata: Mapping[str, str]
    ) -> StoredObject:
        """Rewrite the current generation onto itself with merged metadata."""
        source = self._existing(bucket, key)
        target = self._blob(bucket, key)
        target.content_type = source.content_type
        target.metadata = {**(source.metadata or {}), **metadata}
        token = None
        while True:
            token, _, _ = target.rewrite(
                source,
                token=token,
                if_generation_match=source.generation,
                **self._options(),
            )
            if token is None:
                return _stored(bucket, target)

    @translated
    def delete(self, bucket: BucketRole, key: str) -> None:
        """Delete an object; absent objects are fine."""
        from google.api_core.exceptions import NotFound as MissingObject

        with contextlib.suppress(MissingObject):
            self._blob(bucket, key).delete(**self._options())

    @translated
    def delete_prefix(self, bucket: BucketRole, prefix: str) -> int:
        """Delete every object under the folder-like ``prefix``; returns how many."""
        from google.api_core.exceptions import NotFound as MissingObject

        deleted = 0
        listing = self._get_client().list_blobs(
            self._names[bucket],
            prefix=validate_prefix(prefix),
            **self._options(),
        )
        for blob in listing:
            with contextlib.suppress(MissingObject):
                blob.delete(**self._options())
                deleted += 1
        return deleted

    @translated
    def signed_get_url(
        self, bucket: BucketRole, key: str, *, download_name: str | None = None
    ) -> str:
        """A V4 signed GET URL (attachment with ``download_name`` if given)."""
        from common.storage_signing import cached_url

        blob = self._blob(bucket, key)
        disposition = content_disposition(download_name) if download_name else None

        def sign() -> str:
            url = blob.generate_signed_url(
                version="v4",
                expiration=self._ttl,
                method="GET",
                response_disposition=disposition,
                **self._signing_arguments(),
            )
            return str(url)

        cache = None if download_name else self._url_cache  # named: a full lifetime
        ttl = int(self._ttl.total_seconds())
        return cached_url(cache, ttl, (self._names[bucket], str(blob.name)), sign)

    @translated
    def signed_put_url(
        self,
        bucket: BucketRole,
        key: str,
        content_type: str,
        *,
        max_bytes: int,
        metadata: Mapping[str, str] | None = None,
    ) -> SignedUpload:
        """A V4 signed PUT URL; content type, size range and metadata are signed."""
        if max_bytes < 0:
            raise InvalidInput("invalid_input")
        headers = {"x-goog-content-length-range": f"0,{max_bytes}"}
        for name, value in sorted(validate_header_metadata(metadata).items()):
            headers[f"x-goog-meta-{name}"] = value
        expires_at = datetime.now(UTC) + self._ttl
        url = self._blob(bucket, key).generate_signed_url(
            version="v4",
            expiration=self._ttl,
            method="PUT",
            content_type=content_type,
            headers=dict(headers),
            **self._signing_arguments(),
        )
        required = {"Content-Type": content_type, **headers}
        return SignedUpload(str(url), "PUT", required, expires_at)

    def _get_client(self) -> Any:
        with self._lock:
            if self._client is None:
                import google.auth

                storage = importlib.import_module("google.cloud.storage")
                credentials, project = google.auth.default(scopes=_SCOPES)
                self._credentials = self._credentials or credentials
                self._client = storage.Client(
                    project=self._project or project, credentials=credentials
                )
            return self._client

    def _blob(self, bucket: BucketRole, key: str, chunk_size: int | None = None) -> Any:
        if bucket not in BUCKET_ROLES:
            raise InvalidInput("invalid_object_key")
        client = self._get_client()
        blob_name = validate_object_key(key)
        return client.bucket(self._names[bucket]).blob(blob_name, chunk_size=chunk_size)

    def _existing(self, bucket: BucketRole, key: str) -> Any:
        blob = self._blob(bucket, key)
        found = blob.bucket.get_blob(blob.name, **self._options())
        if found is None:
            raise NotFound("object_not_found")
        return found

    def _options(self) -> dict[str, Any]:
        """Retry (with a deadline) and timeout of every call."""
        retry = importlib.import_module("google.cloud.storage.retry")
        return {
            "retry": retry.DEFAULT_RETRY.with_timeout(self._retry_timeout),
            "timeout": self._timeout,
        }

    def _signing_arguments(self) -> dict[str, Any]:
        """The process's signing credentials (a key, else an IAM signer)."""
        from common.storage_signing import UrlSigner, key_credentials

        client = self._get_client()
        with self._lock:
            if self._url_signer is None:
                key = self._signing_key
                self._url_signer = UrlSigner(
                    key_credentials(key) if key else None, self._auth_transport
                )
        credentials = self._credentials or getattr(client, "_credentials", None)
        return {"credentials": self._url_signer.credentials(credentials)}


def _stored(bucket: BucketRole, blob: Any) -> StoredObject:
    updated = blob.updated or datetime.now(UTC)
    return StoredObject(
        bucket=bucket,
        key=str(blob.name),
        size=int(blob.size or 0),
        content_type=blob.content_type,
        generation=int(blob.generation),
        metadata={str(k): str(v) for k, v in (blob.metadata or {}).items()},
        updated=updated.astimezone(UTC),
    )
