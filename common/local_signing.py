"""HMAC-signed, expiring links of the local storage adapter (served by the local stack).

A GET link signs the method, bucket, key, expiry and, when the file is to be
downloaded under a name, that name. A PUT link also signs the content type the client
must send, the size limit and the object metadata (compact JSON in the query), so that
none of them can be changed without invalidating the link, as with GCS V4 URLs.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from base64 import urlsafe_b64encode
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, urlencode

from common.errors import Forbidden, InvalidInput, UnsupportedMediaType
from common.messages import register
from common.storage_base import SignedUpload, validate_header_metadata

LOCAL_URL_PREFIX = "/_storage"

register(
    "signed_url_invalid",
    "This link is invalid or has expired.",
    "Ce lien est invalide ou a expiré.",
)
register(
    "content_type_mismatch",
    "The file must be sent with the content type {expected}.",
    "Le fichier doit être envoyé avec le type de contenu {expected}.",
)


@dataclass(frozen=True)
class UploadPermit:
    """What a valid signed PUT link allows."""

    content_type: str
    max_bytes: int
    metadata: dict[str, str]


class LocalUrlSigner:
    """Signs and checks ``{base}/_storage/{bucket}/{key}?...`` links."""

    def __init__(self, secret: bytes, base_url: str, ttl_seconds: int) -> None:
        self._secret = secret
        self._base_url = base_url.rstrip("/")
        self._ttl = ttl_seconds

    def signature(
        self, method: str, bucket: str, key: str, expires: int, *extra: str
    ) -> str:
        """The HMAC that authorises ``method`` on the object until ``expires``."""
        message = "\n".join([method, bucket, key, str(expires), *extra]).encode()
        digest = hmac.new(self._secret, message, hashlib.sha256).digest()
        return urlsafe_b64encode(digest).decode().rstrip("=")

    def verify(
        self, method: str, bucket: str, key: str, expires: int, sig: str, *extra: str
    ) -> bool:
        """True for an unexpired link signed with this secret."""
        if expires < time.time() or not sig.isascii():
            return False
        expected = self.signature(method, bucket, key, expires, *extra)
        return hmac.compare_digest(expected, sig)

    def get_url(self, bucket: str, key: str, download_name: str | None) -> str:
        """A GET link (``download_name`` is signed too)."""
        expires = int(time.time()) + self._ttl
        extra = (download_name,) if download_name else ()
        query = {
            "expires": str(expires),
            "signature": self.signature("GET", bucket, key, expires, *extra),
        }
        if download_name:
            query["download_name"] = download_name
        return self._url(bucket, key, query)

    def put_url(
        self,
        bucket: str,
        key: str,
        content_type: str,
        max_bytes: int,
        metadata: Mapping[str, str] | None,
    ) -> SignedUpload:
        """A PUT link; the client must send ``Content-Type: content_type``."""
        if not (content_type.isascii() and content_type.isprintable()) or max_bytes < 0:
            raise InvalidInput("invalid_input")
        checked = validate_header_metadata(metadata)
        expires = int(time.time()) + self._ttl
        query = {
            "expires": str(expires),
            "content_type": content_type,
            "max_bytes": str(max_bytes),
            "metadata": json.dumps(checked, sort_keys=True, separators=(",", ":")),
        }
        if not checked:
            query["metadata"] = ""
        fields = (content_type, query["max_bytes"], query["metadata"])
        query["signature"] = self.signature("PUT", bucket, key, expires, *fields)
        url = self._url(bucket, key, {name: v for name, v in query.items() if v})
        expires_at = datetime.fromtimestamp(expires, UTC)
        return SignedUpload(url, "PUT", {"Content-Type": content_type}, expires_at)

    def check_get(self, bucket: str, key: str, query: Mapping[str, str]) -> str | None:
        """The download name of a valid GET link; ``Forbidden`` otherwise."""
        expires, name = _number(query, "expires"), query.get("download_name")
        extra = (name,) if name else ()
        signature = query.get("signature", "")
        if expires is None or not self.verify(
            "GET", bucket, key, expires, signature, *extra
        ):
            raise Forbidden("signed_url_invalid")
        return name

    def check_put(
        self,
        bucket: str,
        key: str,
        query: Mapping[str, str],
        content_type_header: str | None,
    ) -> UploadPermit:
        """What a PUT link allows; ``Forbidden`` or ``UnsupportedMediaType``."""
        expires, max_bytes = _number(query, "expires"), _number(query, "max_bytes")
        content_type = query.get("content_type", "")
        metadata = query.get("metadata", "")
        fields = (content_type, str(max_bytes), metadata)
        signature = query.get("signature", "")
        if (
            expires is None
            or max_bytes is None
            or not self.verify("PUT", bucket, key, expires, signature, *fields)
        ):
            raise Forbidden("signed_url_invalid")
        # GCS compares the header with the signed value: no parameters added.
        if (content_type_header or "").strip().lower() != content_type.lower():
            raise UnsupportedMediaType("content_type_mismatch", expected=content_type)
        values = json.loads(metadata) if metadata else {}
        return UploadPermit(content_type, max_bytes, values)

    def _url(self, bucket: str, key: str, query: Mapping[str, str]) -> str:
        path = f"{LOCAL_URL_PREFIX}/{bucket}/{quote(key)}"
        return f"{self._base_url}{path}?{urlencode(query)}"


def _number(query: Mapping[str, str], name: str) -> int | None:
    value = query.get(name, "")
    return int(value) if value.isascii() and value.isdigit() else None
