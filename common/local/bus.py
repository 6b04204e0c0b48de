"""The local stack's event bus: the in-process analogue of Eventarc and Pub/Sub push.

Publishing a message or finalizing an object wraps it in the CloudEvent the platform
would send (``messagePublished`` push envelope with base64 data, or the GCS object
resource) and queues one delivery per subscriber. A small pool of worker threads
delivers them asynchronously, as the platform does: a 2xx acknowledges; a non-2xx or
an exception is retried with exponential backoff, then logged as dead-lettered.
Eventarc and Pub/Sub keep retrying for up to a day (seven days of retention for a
plain subscription); locally a poison event gives up after ``max_attempts`` so that it
shows at once. Events without a subscriber are dropped, like messages published to a
topic without a subscription. Ordering keys are carried but not enforced.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from common.config import get_settings
from common.local.cloud_events import pubsub_event, storage_event

logger = logging.getLogger(__name__)

# (CloudEvent data, CloudEvent attributes) -> the HTTP status the subscriber answered.
Deliver = Callable[[dict[str, object], dict[str, str]], int]
Outcome = Literal["delivered", "dead_lettered"]
LOCAL_PROJECT = "logis-local"


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how soon a failed delivery is tried again."""

    max_attempts: int = 5
    initial_backoff_seconds: float = 0.2
    multiplier: float = 2.0
    max_backoff_seconds: float = 10.0

    def backoff(self, failed_attempts: int) -> float:
        """Seconds to wait after the ``failed_attempts``-th failure (1, 2...)."""
        delay = self.initial_backoff_seconds * self.multiplier ** (failed_attempts - 1)
        return float(min(delay, self.max_backoff_seconds))


@dataclass(frozen=True)
class DeliveryRecord:
    """One event's delivery to one subscriber, once settled."""

    subscriber: str
    attributes: dict[str, str]
    data: dict[str, object]
    outcome: Outcome
    statuses: tuple[int | None, ...]  # one per attempt; None when delivery raised


@dataclass(frozen=True)
class _Subscription:
    name: str
    deliver: Deliver


@dataclass(eq=False)
class _Delivery:
    subscription: _Subscription
    attributes: dict[str, str]
    data: dict[str, object]
    statuses: list[int | None] = field(default_factory=list)


class LocalBus:
    """Topics and buckets to subscribers, with asynchronous retried delivery."""

    def __init__(
        self,
        *,
        workers: int = 2,
        retry: RetryPolicy | None = None,
        history_size: int = 500,
        project_id: str | None = None,
    ) -> None:
        self.retry = retry or RetryPolicy()
        self.project_id = project_id or LOCAL_PROJECT
        self._worker_count = workers
        self._topics: dict[str, list[_Subscription]] = {}
        self._buckets: dict[str, list[_Subscription]] = {}
        self._history: deque[DeliveryRecord] = deque(maxlen=history_size)
        self._pending: list[tuple[float, int, _Delivery]] = []  # heap by due time
        self._sequence = itertools.count()
        self._outstanding = 0  # queued, waiting for a retry, or in flight
        self._condition = threading.Condition()
        self._threads: list[threading.Thread] = []
        self._stopping = False

    def subscribe_topic(
        self, topic: str, deliver: Deliver, *, name: str | None = None
    ) -> None:
        """Push every message published to ``topic`` to ``deliver``."""
        subscription = _Subscription(name or _name_of(deliver), deliver)
        with self._condition:
            self._topics.setdefault(topic, []).append(subscription)

    def subscribe_bucket(
        self, bucket_name: str, deliver: Deliver, *, name: str | None = None
    ) -> None:
        """Send every object finalized in ``bucket_name`` to ``deliver``."""
        subscription = _Subscription(name or _name_of(deliver), deliver)
        with self._condition:
            self._buckets.setdefault(bucket_name, []).append(subscription)

    def publish_message(
        self,
        topic: str,
        data: bytes,
        attributes: Mapping[str, str] | None = None,
        *,
        ordering_key: str | None = None,
    ) -> str:
        """Queue a ``messagePublished`` CloudEvent per subscriber; the message id."""
        event, envelope = pubsub_event(
            self.project_id, topic, data, attributes, ordering_key
        )
        with self._condition:
            subscriptions = list(self._topics.get(topic, ()))
        for subscription in subscriptions:
            path = f"projects/{self.project_id}/subscriptions/{subscription.name}"
            self._enqueue(subscription, event, {**envelope, "subscription": path})
        if not subscriptions:
            fields = {"topic": topic}
            logger.debug("message without subscriber dropped", extra={"fields": fields})
        return event["id"]

    def object_finalized(self, bucket: str, resource: dict[str, object]) -> None:
        """Queue a GCS ``finalized`` CloudEvent of the object per subscriber."""
        event, data = storage_event(bucket, resource)
        with self._condition:
            subscriptions = list(self._buckets.get(bucket, ()))
        for subscription in subscriptions:
            self._enqueue(subscription, event, dict(data))
        if not subscriptions:
            fields = {"bucket": bucket}
            logger.debug(
                "object event without subscriber dropped", extra={"fields": fields}
            )

    @property
    def history(self) -> list[DeliveryRecord]:
        """The most recent settled deliveries, oldest first."""
        with self._condition:
            return list(self._history)

    def start(self) -> None:
        """Start the worker threads (idempotent)."""
        with self._condition:
            if self._threads:
                return
            self._stopping = False
            self._threads = [
                threading.Thread(target=self._work, name=f"local-bus-{n}", daemon=True)
                for n in range(self._worker_count)
            ]
        for thread in self._threads:
            thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop the workers once their current delivery is done; keep the rest."""
        with self._condition:
            self._stopping = True
            self._condition.notify_all()
            threads, self._threads = self._threads, []
        deadline = time.monotonic() + timeout
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        with self._condition:
            pending = len(self._pending)
        if pending:
            fields = {"pending": pending}
            logger.warning("local bus stopped, events kept", extra={"fields": fields})

    def drain(self, timeout: float) -> bool:
        """Wait until every delivery is settled (acked or dead); False on timeout."""
        with self._condition:
            return self._condition.wait_for(lambda: self._outstanding == 0, timeout)

    def _enqueue(
        self,
        subscription: _Subscription,
        event: dict[str, str],
        data: dict[str, object],
    ) -> None:
        delivery = _Delivery(subscription, dict(event), data)
        with self._condition:
            self._outstanding += 1
            self._schedule(delivery, 0.0)

    def _schedule(self, delivery: _Delivery, delay: float) -> None:
        due = time.monotonic() + delay
        heapq.heappush(self._pending, (due, next(self._sequence), delivery))
        self._condition.notify()

    def _work(self) -> None:
        while (delivery := self._next_due()) is not None:
            status = self._attempt(delivery)
            self._settle(delivery, status)

    def _next_due(self) -> _Delivery | None:
        with self._condition:
            while not self._stopping:
                wait: float | None = None
                if self._pending:
                    wait = self._pending[0][0] - time.monotonic()
                    if wait <= 0:
                        return heapq.heappop(self._pending)[2]
                self._condition.wait(wait)
            return None

    def _attempt(self, delivery: _Delivery) -> int | None:
        try:
            return delivery.subscription.deliver(delivery.data, delivery.attributes)
        except Exception:
            logger.warning(
                "event delivery raised", exc_info=True, extra=_log_extra(delivery)
            )
            return None

    def _settle(self, delivery: _Delivery, status: int | None) -> None:
        delivery.statuses.append(status)
        acknowledged = status is not None and 200 <= status < 300
        attempts = len(delivery.statuses)
        if not acknowledged and attempts < self.retry.max_attempts:
            backoff = self.retry.backoff(attempts)
            logger.warning(
                "event delivery failed, will retry",
                extra=_log_extra(delivery, status=status, backoff_seconds=backoff),
            )
            with self._condition:
                self._schedule(delivery, backoff)
            return
        # Logged before settling, so that whoever drains the bus sees the log.
        if acknowledged:
            logger.debug("event delivered", extra=_log_extra(delivery, status=status))
        else:
            logger.error(
                "event dead-lettered", extra=_log_extra(delivery, status=status)
            )
        outcome: Outcome = "delivered" if acknowledged else "dead_lettered"
        name, statuses = delivery.subscription.name, tuple(delivery.statuses)
        record = DeliveryRecord(
            name, delivery.attributes, delivery.data, outcome, statuses
        )
        with self._condition:
            self._history.append(record)
            self._outstanding -= 1
            self._condition.notify_all()


_bus: LocalBus | None = None
_bus_lock = threading.Lock()


def get_local_bus() -> LocalBus:
    """The process-wide bus (the local stack's); created, not started, on first use."""
    global _bus
    with _bus_lock:
        if _bus is None:
            _bus = LocalBus(project_id=get_settings().project_id)
        return _bus


def reset_local_bus() -> None:
    """Stop and forget the process-wide bus (tests; a new stack builds a new one)."""
    global _bus
    with _bus_lock:
        bus, _bus = _bus, None
    if bus is not None:
        bus.stop(timeout=5.0)


def _log_extra(delivery: _Delivery, **extra: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "subscriber": delivery.subscription.name,
        "event_id": delivery.attributes.get("id"),
        "event_type": delivery.attributes.get("type"),
        "attempt": len(delivery.statuses),
        **extra,
    }
    return {"fields": fields}


def _name_of(deliver: Deliver) -> str:
    return str(getattr(deliver, "__name__", type(deliver).__name__))
