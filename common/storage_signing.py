"""What signs the GCS adapter's V4 URLs, chosen once per process, and their cache.

A V4 signature is an RSA signature of each URL's own canonical request: nothing
signed once can stand for many objects. What can be made cheap is *obtaining* the
capability to sign, and not signing the same URL twice:

- A service-account key mounted from Secret Manager (``APP_GCS_SIGNING_KEY``, a
  secret environment variable: no API call at all) or found in the default
  credentials signs in process. Listing N photos then makes no network call to sign;
  this is the production configuration for list-heavy functions.
- Otherwise (Cloud Functions' metadata-server credentials have no key) each URL is
  signed by the IAM Credentials ``signBlob`` API, one call per URL, with the runtime
  service account (which needs ``roles/iam.serviceAccountTokenCreator`` on itself).
  The signer is built once per process and refreshes its access token only when it
  expires (one metadata-server call an hour), not once per URL.
- Either way, plain signed GET URLs (not named downloads, whose callers report a
  full lifetime) are cached (Redis, through ``common.cache``) for a third of their
  lifetime, keyed by bucket and object, so a list shown again within minutes signs
  nothing. A cached URL still has two thirds of its life left, which is what
  ``storage_base.signed_url_validity`` promises callers. Reusing a URL is safe
  because the objects behind these names are written once (photos, thumbnails and
  redesigns have names of their own); a missing object answers 404.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable
from typing import Any

from google.auth import crypt, iam
from google.auth.credentials import Signing

from common.cache import Cache
from common.errors import AppError
from common.messages import register
from common.storage_base import cache_seconds

register(
    "storage_signing_unavailable",
    "File links cannot be signed with the configured credentials.",
    "Les liens de fichiers ne peuvent pas être signés avec ces identifiants.",
)


class IamSigner(Signing):
    """Signs bytes through IAM ``signBlob`` as ``email`` (one call per signature)."""

    def __init__(self, credentials: Any, email: str, transport: Any) -> None:
        self._email = email
        self._signer = iam.Signer(  # type: ignore[no-untyped-call]
            transport, credentials, email
        )

    def sign_bytes(self, message: bytes) -> bytes:
        """The RSA-SHA256 signature of ``message`` by the service account's key."""
        return bytes(self._signer.sign(message))

    @property
    def signer_email(self) -> str:
        """The service account whose key signs."""
        return self._email

    @property
    def signer(self) -> crypt.Signer:
        """The underlying signer."""
        return self._signer


def key_credentials(key_json: str) -> Signing:
    """Signing credentials from a service-account key file's JSON content."""
    from google.oauth2 import service_account

    info = json.loads(key_json)
    credentials: Signing = service_account.Credentials.from_service_account_info(  # type: ignore[no-untyped-call]
        info
    )
    return credentials


class UrlSigner:
    """The process's signing credentials, chosen at first use and then kept."""

    def __init__(self, key: Signing | None = None, transport: Any = None) -> None:
        self._key = key
        self._transport = transport
        self._chosen: Signing | None = None
        self._lock = threading.Lock()

    def credentials(self, default_credentials: Any) -> Signing:
        """A key when there is one, else an IAM signer for ``default_credentials``."""
        with self._lock:
            if self._chosen is None:
                self._chosen = self._key or self._choose(default_credentials)
            return self._chosen

    def _choose(self, credentials: Any) -> Signing:
        if isinstance(credentials, Signing):
            return credentials
        if credentials is None or not hasattr(credentials, "refresh"):
            raise AppError("storage_signing_unavailable")
        transport = self._transport
        if transport is None:
            from google.auth.transport.requests import Request

            transport = Request()
        if not credentials.valid:  # the e-mail of metadata credentials comes with it
            credentials.refresh(transport)
        email = getattr(credentials, "service_account_email", None)
        if not email or not getattr(credentials, "token", None):
            raise AppError("storage_signing_unavailable")
        return IamSigner(credentials, str(email), transport)


def cached_url(
    cache: Cache | None,
    ttl_seconds: int,
    parts: tuple[str, ...],
    sign: Callable[[], str],
) -> str:
    """The cached URL of ``parts`` (bucket, key), else ``sign()``, then cached."""
    if cache is None:
        return sign()
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    key = f"signed-url:{digest}"
    found = cache.get(key)
    if isinstance(found, str):
        return found
    url = sign()
    cache.set(key, url, cache_seconds(ttl_seconds))
    return url
