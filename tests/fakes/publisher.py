"""An in-memory publisher: the :class:`common.publisher.Publisher` protocol."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Mapping
from typing import Any


class FakePublisher:
    """Records published messages; ``fail`` queues errors for the next publishes."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, dict[str, Any]]] = []
        self._failures: list[Exception] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def fail(self, *errors: Exception) -> None:
        """Raise ``errors`` from the next publishes, one per call."""
        with self._lock:
            self._failures.extend(errors)

    def on(self, topic: str) -> list[dict[str, Any]]:
        """The messages published to ``topic``, in order."""
        return [message for name, message in self.messages if name == topic]

    def publish(
        self,
        topic: str,
        message: Mapping[str, object],
        *,
        ordering_key: str | None = None,
        attributes: Mapping[str, str] | None = None,
    ) -> str:
        with self._lock:
            if self._failures:
                raise self._failures.pop(0)
            self.messages.append((topic, dict(message)))
            return str(next(self._ids))
