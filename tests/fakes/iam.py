"""The network a keyless signer talks to: the metadata server's token and IAM signBlob.

On Cloud Functions there is no service-account key: credentials get an access token
from the metadata server and every V4 URL is signed by the IAM Credentials API's
``signBlob``. ``FakeIamTransport`` is the google-auth transport (``Request``) both
calls go through: it answers them in process, signs with a locally generated RSA key
(so the URLs verify with ``tests.fakes.gcs.verify_v4_signed_url``) and counts every
call, which is what the signing-cost tests assert on. ``MetadataCredentials`` behave
like the runtime's credentials: no key, a token fetched through the transport.
"""

from __future__ import annotations

import base64
import json
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from google.auth.credentials import Credentials

TOKEN_URL = (
    "http://metadata.google.internal/computeMetadata/v1/instance/"
    "service-accounts/default/token"
)
RUNTIME_EMAIL = "logis-functions@logis-test.iam.gserviceaccount.com"
TOKEN = "fake-metadata-token"


@dataclass(frozen=True)
class FakeResponse:
    """What google-auth reads of a response."""

    status: int
    data: bytes
    headers: dict[str, str] = field(default_factory=dict)


class FakeIamTransport:
    """Answers token and signBlob requests; ``calls`` lists every URL requested."""

    def __init__(self, key: rsa.RSAPrivateKey) -> None:
        self.key = key
        self.calls: list[str] = []
        self._lock = threading.Lock()

    @property
    def sign_calls(self) -> int:
        """How many signatures were asked of IAM."""
        return sum(url.endswith(":signBlob") for url in self.calls)

    @property
    def token_calls(self) -> int:
        """How many access tokens were asked of the metadata server."""
        return sum(url == TOKEN_URL for url in self.calls)

    def __call__(
        self,
        url: str,
        method: str = "GET",
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> FakeResponse:
        with self._lock:
            self.calls.append(url)
        if url == TOKEN_URL:
            return _json({"access_token": TOKEN, "expires_in": 3600})
        if url.endswith(f"{RUNTIME_EMAIL}:signBlob") and method == "POST":
            if (headers or {}).get("authorization") != f"Bearer {TOKEN}":
                return FakeResponse(401, b'{"error": "no token"}')
            payload = base64.b64decode(json.loads(body or b"{}")["payload"])
            signature = self.key.sign(payload, padding.PKCS1v15(), hashes.SHA256())
            return _json(
                {"keyId": "k1", "signedBlob": base64.b64encode(signature).decode()}
            )
        return FakeResponse(404, b"{}")


class MetadataCredentials(Credentials):
    """Keyless runtime credentials: a token from the metadata server (the transport)."""

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.service_account_email = "default"

    def refresh(self, request: Any) -> None:
        response = request(url=TOKEN_URL, method="GET")
        self.token = json.loads(response.data)["access_token"]
        self.expiry = (datetime.now(UTC) + timedelta(hours=1)).replace(tzinfo=None)
        self.service_account_email = RUNTIME_EMAIL


def _json(value: dict[str, Any]) -> FakeResponse:
    return FakeResponse(
        200, json.dumps(value).encode(), {"content-type": "application/json"}
    )
