"""Idempotent CloudEvent handlers (STYLE.md C7): typed payloads, age guard, claims.

``@event_handler(Model)`` makes ``fn(event, payload)`` an entry point that runs ``fn``
once per event, re-raises retryable failures and acknowledges permanent ones."""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar, Literal, Protocol, Self, TypeVar

from pydantic import Base64Bytes, BaseModel, ConfigDict, PrivateAttr, ValidationError
from pydantic.alias_generators import to_camel
from sqlalchemy import text

from common.config import get_settings
from common.db import session_scope
from common.errors import AppError, Conflict
from common.logging import log_context, trace_fields

logger = logging.getLogger(__name__)

Outcome = Literal["processed", "duplicate", "too_old", "permanent_failure", "retrying"]
ClaimState = Literal["claimed", "completed", "in_progress"]
M = TypeVar("M", bound=BaseModel)
_OUTCOME_MESSAGES: dict[Outcome, str] = {
    "processed": "event processed",
    "duplicate": "duplicate event",
    "too_old": "event too old",
    "permanent_failure": "event failed permanently",
    "retrying": "event will be retried",
}
_CAMEL_CASE = ConfigDict(frozen=True, alias_generator=to_camel, validate_by_name=True)


class CloudEventLike(Protocol):
    """What a handler needs from ``cloudevents.http.CloudEvent``."""

    data: Any  # a dict, or JSON as bytes or str

    def __getitem__(self, key: str) -> Any:
        """A required attribute (``id``, ``source``, ``type``...)."""

    def get(self, key: str, default: Any = None) -> Any:
        """An optional attribute (``subject``, ``time``...)."""


class EventPayload(BaseModel):
    """Base of typed payloads: the CloudEvent type they accept and their claim key."""

    model_config = ConfigDict(frozen=True)
    event_type: ClassVar[str]

    @classmethod
    def from_event_data(cls, data: object) -> Self:
        """Validate the event's data (a dict, or JSON as bytes or str)."""
        return _validate(cls, data)

    def claim_key(self, event: CloudEventLike) -> str:
        """The idempotency key: CloudEvents makes ``source`` + ``id`` unique."""
        return f"{event['source']}:{event['id']}"

    def published_at(self) -> datetime | None:
        """When the producer published the event, if the payload says so."""
        return None


class StorageObjectFinalized(EventPayload):
    """A new generation of an object in a bucket (GCS ``finalize``)."""

    model_config = _CAMEL_CASE
    event_type: ClassVar[str] = "google.cloud.storage.object.v1.finalized"

    bucket: str
    name: str
    generation: int
    metageneration: int
    content_type: str | None = None
    size: int
    time_created: datetime
    updated: datetime
    metadata: dict[str, str] | None = None

    def claim_key(self, event: CloudEventLike) -> str:
        """``bucket/name#generation``: a rewrite is new work, a redelivery is not."""
        return f"{self.bucket}/{self.name}#{self.generation}"


class PubSubMessage(BaseModel):
    """The Pub/Sub message of a ``messagePublished`` event, data decoded."""

    model_config = _CAMEL_CASE

    data: Base64Bytes = b""
    message_id: str
    publish_time: datetime
    attributes: dict[str, str] = {}


class _PubSubEnvelope(BaseModel):
    message: PubSubMessage


class PubSubPayload(EventPayload):
    """Base of Pub/Sub payloads: subclasses declare the decoded message's fields."""

    event_type: ClassVar[str] = "google.cloud.pubsub.topic.v1.messagePublished"
    _message: PubSubMessage | None = PrivateAttr(default=None)

    @classmethod
    def from_event_data(cls, data: object) -> Self:
        """Unwrap the push envelope and validate its base64 JSON message data."""
        envelope = _validate(_PubSubEnvelope, data)
        payload = cls.model_validate_json(envelope.message.data)
        payload._message = envelope.message
        return payload

    def published_at(self) -> datetime | None:
        """The message's publish time."""
        return self._message.publish_time if self._message else None


def _validate(model: type[M], data: object) -> M:
    if isinstance(data, bytes | bytearray | str):
        return model.model_validate_json(data)
    return model.model_validate(data)


class ClaimStore(Protocol):
    """Where claims of delivered events live (``processed_events`` in production)."""

    def claim(self, key: str, event_type: str, lock_seconds: int) -> ClaimState:
        """Claim ``key`` for ``lock_seconds``; say who holds it when the claim fails."""

    def complete(self, key: str) -> None:
        """Record that the event of ``key`` was processed."""

    def release(self, key: str) -> None:
        """Forget an in-progress claim so that a redelivery may run again."""


_CLAIM_SQL = text("""
    INSERT INTO processed_events (key, status, event_type, locked_until)
    VALUES (:key, 'in_progress', :event_type, now() + make_interval(secs => :ttl))
    ON CONFLICT (key) DO UPDATE
       SET locked_until = EXCLUDED.locked_until,
           attempts = processed_events.attempts + 1
     WHERE processed_events.status = 'in_progress'
       AND processed_events.locked_until < now()
    RETURNING key""")
_STATUS_SQL = text("SELECT status FROM processed_events WHERE key = :key")
_COMPLETE_SQL = text("""UPDATE processed_events
    SET status = 'completed', completed_at = now() WHERE key = :key""")
_RELEASE_SQL = text("""DELETE FROM processed_events
    WHERE key = :key AND status = 'in_progress'""")
_PURGE_SQL = text("""DELETE FROM processed_events
    WHERE coalesce(completed_at, locked_until) < now() - make_interval(secs => :age)""")


class PostgresClaimStore:
    """Claims in ``processed_events``, each change in its own short transaction."""

    def claim(self, key: str, event_type: str, lock_seconds: int) -> ClaimState:
        """Insert, or take over an expired lock; otherwise report the holder's state."""
        params = {"key": key, "event_type": event_type, "ttl": float(lock_seconds)}
        with session_scope() as db:
            if db.execute(_CLAIM_SQL, params).first() is not None:
                return "claimed"
            status = db.execute(_STATUS_SQL, {"key": key}).scalar()
        # A row released between the two statements is retried later, as a lock.
        return "completed" if status == "completed" else "in_progress"

    def complete(self, key: str) -> None:
        """Mark the claim completed."""
        with session_scope() as db:
            db.execute(_COMPLETE_SQL, {"key": key})

    def release(self, key: str) -> None:
        """Delete the in-progress claim."""
        with session_scope() as db:
            db.execute(_RELEASE_SQL, {"key": key})


def purge_processed_events(older_than: timedelta) -> int:
    """Delete claims completed (or abandoned) over ``older_than`` ago; returns how many.

    Never less than the event max age: a younger claim still stops a duplicate."""
    seconds = max(older_than.total_seconds(), get_settings().event_max_age_seconds)
    with session_scope() as db:
        return db.connection().execute(_PURGE_SQL, {"age": float(seconds)}).rowcount


P = TypeVar("P", bound=EventPayload)
E = TypeVar("E", bound=CloudEventLike)
_utc_now = functools.partial(datetime.now, UTC)


def event_handler(
    model: type[P],
    *,
    claims: ClaimStore | None = None,
    clock: Callable[[], datetime] = _utc_now,
) -> Callable[[Callable[[E, P], None]], Callable[[E], None]]:
    """Wrap ``fn(event, payload)`` into an idempotent ``(event) -> None`` entry point.

    ``claims`` defaults to ``processed_events``; ``clock`` feeds the max-age guard."""

    def decorate(fn: Callable[[E, P], None]) -> Callable[[E], None]:
        @functools.wraps(fn)
        def handle(event: E) -> None:
            started = time.perf_counter()
            with log_context(**_context_fields(event)):
                try:
                    store = claims or PostgresClaimStore()
                    outcome = _process(event, model, fn, store, clock())
                except Exception as exc:
                    code = exc.code if isinstance(exc, AppError) else type(exc).__name__
                    _log_outcome("retrying", started, code)
                    raise
                _log_outcome(outcome, started)

        return handle

    return decorate


def _process(
    event: E,
    model: type[P],
    fn: Callable[[E, P], None],
    claims: ClaimStore,
    now: datetime,
) -> Outcome:
    if event["type"] != model.event_type:
        expected = {"expected_type": model.event_type}
        logger.error("unexpected event type", extra={"fields": expected})
        return "permanent_failure"
    try:
        payload = model.from_event_data(event.data)
    except ValidationError as exc:
        # Locations and types only: payload values may be personal data.
        errors = [{"loc": e["loc"], "type": e["type"]} for e in exc.errors()]
        logger.error("invalid event payload", extra={"fields": {"errors": errors}})
        return "permanent_failure"
    settings = get_settings()
    sent_at = _parse_time(event.get("time")) or payload.published_at()
    age_seconds = (now - sent_at).total_seconds() if sent_at else 0.0
    if age_seconds > settings.event_max_age_seconds:
        age = {"age_seconds": int(age_seconds)}
        logger.warning("event older than max age, dropped", extra={"fields": age})
        return "too_old"
    key = payload.claim_key(event)
    state = claims.claim(key, model.event_type, settings.event_lock_seconds)
    if state == "completed":
        return "duplicate"
    if state == "in_progress":
        raise Conflict("event_in_progress")
    return _run(fn, event, payload, claims, key)


def _run(
    fn: Callable[[E, P], None], event: E, payload: P, claims: ClaimStore, key: str
) -> Outcome:
    try:
        fn(event, payload)
    except Exception as exc:
        try:
            claims.release(key)
        except AppError:  # the original failure matters more; the lock will expire
            logger.warning("event claim not released")
        if isinstance(exc, AppError) and not exc.retryable:
            fields = {"error_code": exc.code, "message_key": exc.message_key}
            logger.error("event handler failed permanently", extra={"fields": fields})
            return "permanent_failure"
        raise
    claims.complete(key)
    return "processed"


def _context_fields(event: CloudEventLike) -> dict[str, object]:
    names = ("id", "type", "source", "subject")
    fields = {f"event_{name}": event.get(name) for name in names if event.get(name)}
    return {**fields, **trace_fields(None, event.get("traceparent"))}


def _parse_time(value: object) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _log_outcome(outcome: Outcome, started: float, error: str | None = None) -> None:
    duration_ms = round((time.perf_counter() - started) * 1000, 1)
    fields = {"outcome": outcome, "duration_ms": duration_ms, "error": error}
    logger.info(_OUTCOME_MESSAGES[outcome], extra={"fields": fields})
