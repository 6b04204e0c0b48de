"""An in-memory claim store: the :class:`common.events.ClaimStore` protocol."""

from __future__ import annotations

from common.errors import DependencyFailed
from common.events import ClaimState


class FakeClaimStore:
    """Claims in a dict; an existing in-progress claim is always still locked."""

    def __init__(self) -> None:
        self.status: dict[str, str] = {}
        self.claimed: list[tuple[str, str, int]] = []
        self.release_fails = False

    def claim(self, key: str, event_type: str, lock_seconds: int) -> ClaimState:
        self.claimed.append((key, event_type, lock_seconds))
        current = self.status.get(key)
        if current is None:
            self.status[key] = "in_progress"
            return "claimed"
        return "completed" if current == "completed" else "in_progress"

    def complete(self, key: str) -> None:
        self.status[key] = "completed"

    def release(self, key: str) -> None:
        if self.release_fails:
            raise DependencyFailed("database_unavailable")
        if self.status.get(key) == "in_progress":
            del self.status[key]
