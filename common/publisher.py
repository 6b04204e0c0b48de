"""Publishing events: one protocol, Pub/Sub in the cloud, the local bus on a laptop.

``get_publisher()`` picks the adapter from ``settings.events_backend``. Messages are
JSON in UTF-8. ``request_synthesis`` and ``request_redesign`` publish the two topic
contracts of DESIGN.md through the payload models their consumers parse, so producer
and consumer cannot drift. google-cloud-pubsub is imported on first publish only: a
function's cold start never pays for it.
"""

from __future__ import annotations

import functools
import logging
import threading
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

import pydantic_core

from common.config import get_settings
from common.errors import DependencyFailed
from common.event_payloads import RedesignRequested, SynthesisReason, SynthesisRequested
from common.events import PubSubPayload
from common.messages import register

if TYPE_CHECKING:
    from common.local.bus import LocalBus

logger = logging.getLogger(__name__)

# Keyword arguments of PublisherClient.publish: attributes cannot use these names.
_RESERVED_ATTRIBUTES = frozenset({"ordering_key", "retry", "timeout"})

register(
    "event_publish_failed",
    "The request could not be queued. Please retry.",
    "La demande n'a pas pu être mise en file d'attente. Veuillez réessayer.",
)


class Publisher(Protocol):
    """Publishes one message to a topic and returns its message id."""

    def publish(
        self,
        topic: str,
        message: Mapping[str, object],
        *,
        ordering_key: str | None = None,
        attributes: Mapping[str, str] | None = None,
    ) -> str:
        """Publish ``message`` (JSON-encoded) to ``topic``; the message id."""


def encode_message(message: Mapping[str, object]) -> bytes:
    """The message as compact UTF-8 JSON (UUIDs and datetimes as strings)."""
    return pydantic_core.to_json(dict(message))


class PubSubPublisher:
    """Google Cloud Pub/Sub through one lazily built, reused ``PublisherClient``.

    ``PUBSUB_EMULATOR_HOST``, read by the client itself, points it at an emulator.
    Without a project id (Cloud Functions gen2 does not set GOOGLE_CLOUD_PROJECT),
    the project of the default credentials is used."""

    def __init__(
        self,
        project_id: str | None,
        *,
        timeout_seconds: float = 10.0,
        client: Any = None,
    ) -> None:
        self.project_id = project_id
        self.timeout_seconds = timeout_seconds
        self._client = client
        self._lock = threading.Lock()

    def topic_path(self, topic: str) -> str:
        """``projects/<project>/topics/<topic>``."""
        if not self.project_id:
            self.project_id = _default_project()
        return f"projects/{self.project_id}/topics/{topic}"

    def publish(
        self,
        topic: str,
        message: Mapping[str, object],
        *,
        ordering_key: str | None = None,
        attributes: Mapping[str, str] | None = None,
    ) -> str:
        """Publish and wait for the server's id; failures are ``DependencyFailed``."""
        from google.api_core.exceptions import GoogleAPIError

        extra = dict(attributes or {})
        if reserved := _RESERVED_ATTRIBUTES & extra.keys():
            raise ValueError(f"reserved attribute names: {sorted(reserved)}")
        client = self._publisher_client()
        path = self.topic_path(topic)
        try:
            future = client.publish(
                path,
                encode_message(message),
                ordering_key=ordering_key or "",
                timeout=self.timeout_seconds,
                **extra,
            )
            message_id = str(future.result(timeout=self.timeout_seconds))
        except (GoogleAPIError, TimeoutError) as exc:
            if ordering_key:  # a failed key is paused until resumed
                client.resume_publish(path, ordering_key)
            fields = {"topic": topic, "error": type(exc).__name__}
            logger.warning("event publish failed", extra={"fields": fields})
            raise DependencyFailed("event_publish_failed") from exc
        logger.debug("event published", extra={"fields": {"topic": topic}})
        return message_id

    def _publisher_client(self) -> Any:
        with self._lock:
            if self._client is None:
                from google.cloud.pubsub_v1 import PublisherClient, types

                options = types.PublisherOptions(enable_message_ordering=True)
                self._client = PublisherClient(publisher_options=options)
            return self._client


class LocalBusPublisher:
    """The local stack's in-process bus (``common.local.bus``)."""

    def __init__(self, bus: LocalBus | None = None) -> None:
        self._bus = bus

    def publish(
        self,
        topic: str,
        message: Mapping[str, object],
        *,
        ordering_key: str | None = None,
        attributes: Mapping[str, str] | None = None,
    ) -> str:
        """Hand the message to the bus, which pushes it to the topic's functions."""
        from common.local.bus import get_local_bus

        bus = self._bus or get_local_bus()
        data = encode_message(message)
        return bus.publish_message(topic, data, attributes, ordering_key=ordering_key)


@functools.cache
def get_publisher() -> Publisher:
    """The publisher chosen by ``settings.events_backend``."""
    settings = get_settings()
    if settings.events_backend == "local":
        return LocalBusPublisher()
    return PubSubPublisher(settings.project_id)


def _default_project() -> str:
    import google.auth
    from google.auth.exceptions import DefaultCredentialsError

    try:
        project: str | None = google.auth.default()[1]
    except DefaultCredentialsError as exc:
        raise DependencyFailed("event_publish_failed") from exc
    if not project:
        raise RuntimeError("set GOOGLE_CLOUD_PROJECT to publish to Pub/Sub")
    return project


_utc_now = functools.partial(datetime.now, UTC)


def request_synthesis(
    property_id: uuid.UUID,
    reason: SynthesisReason,
    *,
    publisher: Publisher | None = None,
    clock: Callable[[], datetime] = _utc_now,
) -> str:
    """Ask for the property's synthesis to be recomputed; the message id."""
    payload = SynthesisRequested(
        property_id=property_id, reason=reason, requested_at=clock()
    )
    return _publish(get_settings().synthesis_topic, payload, publisher)


def request_redesign(
    redesign_id: uuid.UUID, *, publisher: Publisher | None = None
) -> str:
    """Ask for one redesign (its ``pending`` row exists) to be generated."""
    payload = RedesignRequested(redesign_id=redesign_id)
    return _publish(get_settings().redesign_topic, payload, publisher)


def _publish(topic: str, payload: PubSubPayload, publisher: Publisher | None) -> str:
    message = payload.model_dump(mode="json")
    message_id = (publisher or get_publisher()).publish(topic, message)
    fields = {"topic": topic, "message_id": message_id, **message}
    logger.info("event requested", extra={"fields": fields})
    return message_id
