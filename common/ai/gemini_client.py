"""The transport of the Gemini provider: building the google-genai client, retries.

The client is built in one of two modes, without any network call:

- API key (``APP_GEMINI_API_KEY``): the Gemini Developer API.
- Vertex AI (``APP_GEMINI_USE_VERTEX=true``): ``GOOGLE_CLOUD_PROJECT`` and
  ``APP_GEMINI_LOCATION``, with credentials passed explicitly. When none are given they
  come from ``google.auth.default()``, called here, i.e. when the provider makes its
  first call (never at import or cold start). Explicit credentials and project keep the
  SDK from probing the metadata server itself.

``generate_with_retries`` retries HTTP 408/429/5xx, timeouts and connection errors with
exponential backoff and equal jitter (at least the ``RetryInfo`` delay Google sends with
a 429), then raises a retryable ``DependencyFailed``; any other HTTP error is a
permanent ``AnalysisFailed``. The SDK itself is left without ``HttpRetryOptions`` so
that there is one retry loop, whose sleep and jitter tests can inject.
"""

from __future__ import annotations

import functools
import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from common.ai.provider import AnalysisFailed
from common.config import Settings
from common.errors import DependencyFailed
from common.messages import register

if TYPE_CHECKING:
    from google.auth.credentials import Credentials
    from google.genai import Client

register(
    "ai_unavailable",
    "The AI service did not answer after {attempts} attempts. Please retry.",
    "Le service d'IA n'a pas répondu après {attempts} tentatives. Veuillez réessayer.",
)
register(
    "ai_credentials_unavailable",
    "No Google Cloud credentials were found for Vertex AI.",
    "Aucun identifiant Google Cloud n'a été trouvé pour Vertex AI.",
)
register(
    "ai_request_rejected",
    "The AI service rejected the request (HTTP {status}).",
    "Le service d'IA a refusé la requête (HTTP {status}).",
)

ResultT = TypeVar("ResultT")
logger = logging.getLogger(__name__)
RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
VERTEX_SCOPES = ("https://www.googleapis.com/auth/cloud-platform",)


@dataclass(frozen=True)
class RetryPolicy:
    """Attempts and backoff of the calls to Gemini (sleep and jitter injectable)."""

    max_attempts: int = 4
    base_seconds: float = 1.0
    cap_seconds: float = 30.0
    sleep: Callable[[float], None] = time.sleep
    jitter: Callable[[], float] = random.random

    def delay(self, attempt: int, hint: float | None = None) -> float:
        """Seconds to wait after failed ``attempt`` (1-based), at least ``hint``."""
        ceiling = min(self.cap_seconds, self.base_seconds * 2.0 ** (attempt - 1))
        jittered = ceiling / 2 + self.jitter() * ceiling / 2
        return min(max(jittered, hint or 0.0), 2 * self.cap_seconds)


class LazyClient:
    """A google-genai client built at first use, then shared by threads."""

    def __init__(self, factory: Callable[[], Client]) -> None:
        self._factory = factory
        self._client: Client | None = None
        self._lock = threading.Lock()

    def get(self) -> Client:
        """The client (built now if it is the first call)."""
        with self._lock:
            if self._client is None:
                self._client = self._factory()
            return self._client


def configured_client_factory(
    settings: Settings,
    *,
    base_url: str | None = None,
    credentials: Credentials | None = None,
) -> Callable[[], Client]:
    """What builds the configured client; a configuration without credentials is
    refused now, when the provider is made, rather than at its first call."""
    if not settings.gemini_use_vertex and settings.gemini_api_key is None:
        raise ValueError("APP_GEMINI_API_KEY is required unless Vertex AI is used")
    return functools.partial(
        build_client, settings, base_url=base_url, credentials=credentials
    )


def build_client(
    settings: Settings,
    *,
    base_url: str | None = None,
    credentials: Credentials | None = None,
) -> Client:
    """A google-genai client for API-key or Vertex AI mode (``base_url``: tests)."""
    from google import genai
    from google.genai import types

    http_options = types.HttpOptions(
        base_url=base_url, timeout=int(settings.gemini_timeout_seconds * 1000)
    )
    if not settings.gemini_use_vertex:
        if settings.gemini_api_key is None:
            raise ValueError("APP_GEMINI_API_KEY is required unless Vertex AI is used")
        return genai.Client(
            vertexai=False,
            api_key=settings.gemini_api_key.get_secret_value(),
            http_options=http_options,
        )
    project = settings.project_id
    if credentials is None:
        credentials, default_project = _default_credentials()
        project = project or default_project
    if not project:
        raise ValueError("Vertex AI mode needs GOOGLE_CLOUD_PROJECT")
    return genai.Client(
        vertexai=True,
        project=project,
        location=settings.gemini_location,
        credentials=credentials,
        http_options=http_options,
    )


def _default_credentials() -> tuple[Credentials, str | None]:
    """Application default credentials (metadata server, key file, gcloud)."""
    import google.auth
    from google.auth.exceptions import DefaultCredentialsError

    try:
        credentials, project = google.auth.default(scopes=VERTEX_SCOPES)
    except DefaultCredentialsError as exc:
        raise DependencyFailed("ai_credentials_unavailable") from exc
    return credentials, project


def generate_with_retries(call: Callable[[], ResultT], policy: RetryPolicy) -> ResultT:
    """``call()`` retried on rate limits, 5xx and network errors per ``policy``."""
    from google.genai import errors

    failure: BaseException | None = None
    for attempt in range(1, policy.max_attempts + 1):
        status: int | None = None
        hint: float | None = None
        try:
            return call()
        except errors.APIError as exc:
            if exc.code not in RETRYABLE_STATUSES:
                raise AnalysisFailed("ai_request_rejected", status=exc.code) from exc
            failure, status, hint = exc, exc.code, retry_delay(exc.details)
        except transient_errors() as exc:
            failure = exc
        fields = {"attempt": attempt, "status": status, "error": type(failure).__name__}
        logger.warning("gemini call failed", extra={"fields": fields})
        if attempt < policy.max_attempts:
            policy.sleep(policy.delay(attempt, hint))
    raise DependencyFailed("ai_unavailable", attempts=policy.max_attempts) from failure


def retry_delay(details: Any) -> float | None:
    """The ``google.rpc.RetryInfo`` delay (``"30s"``) of an error body, if any."""
    error = details.get("error", details) if isinstance(details, dict) else None
    items = error.get("details", []) if isinstance(error, dict) else []
    for item in items if isinstance(items, list) else []:
        delay = item.get("retryDelay") if isinstance(item, dict) else None
        if isinstance(delay, str) and delay.endswith("s"):
            try:
                return float(delay[:-1])
            except ValueError:
                return None
    return None


@functools.cache
def transient_errors() -> tuple[type[BaseException], ...]:
    """Network failures worth a retry, whichever HTTP library the SDK runs on."""
    from google.auth import exceptions as auth_exceptions

    found: list[type[BaseException]] = [auth_exceptions.TransportError]
    for module_name in ("httpx2", "httpx"):
        try:
            module = __import__(module_name)
        except ImportError:
            continue
        found.append(module.TransportError)
    return tuple(found)
