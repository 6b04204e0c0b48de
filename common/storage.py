"""Object storage: one interface, two adapters, chosen by settings.

Buckets are named by their role (``documents``, ``photos``) and mapped to real bucket
names by settings. ``GcsStorage`` (``common.gcs_storage``, imported only when the
``gcs`` backend is configured) talks to Cloud Storage with V4 signed URLs (signed
with a mounted key when configured, cached; ``common.storage_signing``);
``LocalStorage`` (``common.local_storage``) keeps files under ``APP_LOCAL_STORAGE_DIR``,
signs its URLs with an HMAC that the local stack verifies, and stands in for GCS
finalize notifications by handing every completed write to the local event bus.
"""

from __future__ import annotations

import functools
import hmac
import logging
from collections.abc import Mapping
from typing import BinaryIO, Protocol

from common.config import Settings, get_settings
from common.local_storage import LOCAL_URL_PREFIX, LocalDownload, LocalStorage
from common.storage_base import (
    BUCKET_ROLES,
    MAX_FILENAME_CHARS,
    BucketRole,
    SignedUpload,
    StoredObject,
    content_disposition,
    object_resource,
    safe_filename,
    sniff_content_type,
    validate_object_key,
)

__all__ = [
    "BUCKET_ROLES",
    "LOCAL_URL_PREFIX",
    "MAX_FILENAME_CHARS",
    "BucketRole",
    "LocalDownload",
    "LocalStorage",
    "SignedUpload",
    "Storage",
    "StoredObject",
    "bucket_name",
    "content_disposition",
    "get_storage",
    "object_resource",
    "safe_filename",
    "sniff_content_type",
    "validate_object_key",
]

logger = logging.getLogger(__name__)


class Storage(Protocol):
    """What the services need from object storage."""

    def upload_bytes(
        self,
        bucket: BucketRole,
        key: str,
        data: bytes,
        content_type: str,
        metadata: Mapping[str, str] | None = None,
    ) -> StoredObject:
        """Write an object (overwrites)."""

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
        """Write from a stream in chunks; over ``size_limit``: ``PayloadTooLarge``.

        A refused upload leaves no object behind (an older generation stays).
        """

    def download_bytes(self, bucket: BucketRole, key: str) -> bytes:
        """Read an object; ``NotFound("object_not_found")`` when absent."""

    def download_to_file(
        self, bucket: BucketRole, key: str, destination: BinaryIO
    ) -> StoredObject:
        """Stream an object into ``destination``; ``NotFound`` when absent."""

    def stat(self, bucket: BucketRole, key: str) -> StoredObject:
        """Describe an object; ``NotFound`` when absent."""

    def rewrite(
        self, bucket: BucketRole, key: str, metadata: Mapping[str, str]
    ) -> StoredObject:
        """Copy an object onto itself with merged metadata: a new generation.

        The new generation triggers a new finalize event (how "reprocess" works).
        """

    def delete(self, bucket: BucketRole, key: str) -> None:
        """Delete an object; absent objects are fine."""

    def delete_prefix(self, bucket: BucketRole, prefix: str) -> int:
        """Delete every object under the folder-like ``prefix``; returns how many."""

    def signed_get_url(
        self, bucket: BucketRole, key: str, *, download_name: str | None = None
    ) -> str:
        """A URL to read the object for 15 minutes (as an attachment if named)."""

    def signed_put_url(
        self,
        bucket: BucketRole,
        key: str,
        content_type: str,
        *,
        max_bytes: int,
        metadata: Mapping[str, str] | None = None,
    ) -> SignedUpload:
        """A URL to upload the object for 15 minutes, with the headers to send."""


def bucket_name(role: BucketRole, settings: Settings | None = None) -> str:
    """The real bucket name of ``role`` in this environment."""
    settings = settings or get_settings()
    return settings.documents_bucket if role == "documents" else settings.photos_bucket


@functools.cache
def get_storage() -> Storage:
    """The storage adapter chosen by settings (built once per process)."""
    settings = get_settings()
    if settings.storage_backend == "gcs":
        from common.cache import get_cache
        from common.gcs_storage import GcsStorage

        key = settings.gcs_signing_key
        return GcsStorage(
            {role: bucket_name(role, settings) for role in BUCKET_ROLES},
            ttl_seconds=settings.signed_url_ttl_seconds,
            project=settings.project_id,
            signing_key=key.get_secret_value() if key else None,
            url_cache=get_cache(),
        )
    secret = hmac.new(
        settings.auth_secret.get_secret_value().encode(),
        b"local-storage-urls",
        "sha256",
    ).digest()
    return LocalStorage(
        settings.local_storage_dir,
        secret,
        settings.public_base_url,
        settings.signed_url_ttl_seconds,
        on_finalize=_notify_local_bus,
    )


def _notify_local_bus(stored: StoredObject) -> None:
    """Hand a finalized object to the local event bus, as GCS notifies Eventarc."""
    try:
        from common.local.bus import get_local_bus
    except ImportError as exc:
        if exc.name not in ("common.local.bus", "common.local"):
            raise
        logger.debug("local bus unavailable", extra={"fields": {"error": str(exc)}})
        return
    name = bucket_name(stored.bucket)
    get_local_bus().object_finalized(name, object_resource(name, stored))
