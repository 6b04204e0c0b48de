"""Object storage: one interface, a local filesystem adapter (GCS arrives with uploads).

Buckets are named by their role (``documents``, ``photos``) and mapped to real bucket
names by settings. The local adapter keeps objects under ``APP_LOCAL_STORAGE_DIR`` and
signs its URLs with an HMAC so that the local stack can serve them until they expire.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import shutil
import time
from pathlib import Path
from typing import Literal, Protocol
from urllib.parse import quote, urlencode

from common.config import get_settings
from common.errors import InvalidInput, NotFound
from common.messages import register

BucketRole = Literal["documents", "photos"]
BUCKET_ROLES: tuple[BucketRole, ...] = ("documents", "photos")
LOCAL_URL_PREFIX = "/_storage"

register("invalid_object_key", "Invalid object name.", "Nom d'objet invalide.")
register("object_not_found", "The file was not found.", "Le fichier est introuvable.")


class Storage(Protocol):
    """What the services need from object storage."""

    def upload_bytes(
        self, bucket: BucketRole, key: str, data: bytes, content_type: str
    ) -> None:
        """Write an object (overwrites)."""

    def download_bytes(self, bucket: BucketRole, key: str) -> bytes:
        """Read an object; ``NotFound`` when absent."""

    def delete(self, bucket: BucketRole, key: str) -> None:
        """Delete an object; absent objects are fine."""

    def delete_prefix(self, bucket: BucketRole, prefix: str) -> int:
        """Delete every object under ``prefix``; returns how many."""

    def signed_get_url(self, bucket: BucketRole, key: str) -> str:
        """A time-limited URL to read the object."""


def _safe_key(key: str) -> str:
    parts = key.split("/")
    if not key or key.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise InvalidInput("invalid_object_key")
    return key


class LocalStorage:
    """Objects as files under ``root/<bucket>/<key>``, served by the local stack."""

    def __init__(
        self, root: Path, secret: bytes, base_url: str, ttl_seconds: int
    ) -> None:
        self._root = root
        self._secret = secret
        self._base_url = base_url.rstrip("/")
        self._ttl = ttl_seconds

    def _path(self, bucket: BucketRole, key: str) -> Path:
        return self._root / bucket / _safe_key(key)

    def object_path(self, bucket: BucketRole, key: str) -> Path:
        """The file holding the object (the local stack streams signed GETs from it)."""
        return self._path(bucket, key)

    def upload_bytes(
        self, bucket: BucketRole, key: str, data: bytes, content_type: str
    ) -> None:
        """Write atomically (temporary file + rename)."""
        path = self._path(bucket, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        partial.write_bytes(data)
        partial.replace(path)

    def download_bytes(self, bucket: BucketRole, key: str) -> bytes:
        """Read the file; ``NotFound`` when absent."""
        try:
            return self._path(bucket, key).read_bytes()
        except FileNotFoundError as exc:
            raise NotFound("object_not_found") from exc

    def delete(self, bucket: BucketRole, key: str) -> None:
        """Remove the file if present."""
        self._path(bucket, key).unlink(missing_ok=True)

    def delete_prefix(self, bucket: BucketRole, prefix: str) -> int:
        """Remove every file under ``prefix`` (a folder-like prefix ending in /)."""
        folder = self._path(bucket, prefix.rstrip("/"))
        if not folder.exists():
            return 0
        count = sum(1 for p in folder.rglob("*") if p.is_file())
        shutil.rmtree(folder)
        return count

    def signed_get_url(self, bucket: BucketRole, key: str) -> str:
        """``{base}/_storage/{bucket}/{key}?expires=..&signature=..``."""
        expires = int(time.time()) + self._ttl
        signature = self.signature("GET", bucket, _safe_key(key), expires)
        query = urlencode({"expires": expires, "signature": signature})
        return f"{self._base_url}{LOCAL_URL_PREFIX}/{bucket}/{quote(key)}?{query}"

    def signature(self, method: str, bucket: str, key: str, expires: int) -> str:
        """The HMAC that authorises ``method`` on the object until ``expires``."""
        message = f"{method}\n{bucket}\n{key}\n{expires}".encode()
        digest = hmac.new(self._secret, message, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def verify(
        self, method: str, bucket: str, key: str, expires: int, sig: str
    ) -> bool:
        """True for an unexpired URL signed by this adapter."""
        if expires < time.time():
            return False
        expected = self.signature(method, bucket, key, expires)
        return hmac.compare_digest(expected, sig)


@functools.cache
def get_storage() -> Storage:
    """The storage adapter chosen by settings."""
    settings = get_settings()
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
    )
