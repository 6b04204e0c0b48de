"""One error hierarchy for services, adapters and event handlers.

Services raise only ``AppError`` subclasses. The message is a key into
``common.messages`` so that ``Router.dispatch`` can answer in French or English; the
keyword arguments are the details, shown to the client and used to format the message.
"""

from __future__ import annotations

from typing import ClassVar

from common.messages import translate


class AppError(Exception):
    """Base of every error a client or the event platform may see."""

    status: ClassVar[int] = 500
    code: ClassVar[str] = "internal"
    retryable: ClassVar[bool] = False

    def __init__(self, message_key: str | None = None, /, **details: object) -> None:
        self.message_key = message_key or self.code
        self.details = details
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The English message, for logs."""
        return self.localized("en")

    def localized(self, language: str) -> str:
        """The message in ``language`` (``fr`` or ``en``)."""
        return translate(self.message_key, language, **self.details)


class InvalidInput(AppError):
    """The request is malformed or a field is invalid."""

    status, code = 400, "invalid_input"


class Unauthenticated(AppError):
    """No valid session."""

    status, code = 401, "unauthenticated"


class Forbidden(AppError):
    """Authenticated, but the action is not allowed (never used to hide a resource)."""

    status, code = 403, "forbidden"


class NotFound(AppError):
    """The resource does not exist or belongs to someone else."""

    status, code = 404, "not_found"


class Conflict(AppError):
    """The request conflicts with the current state; retrying later may succeed."""

    status, code, retryable = 409, "conflict", True


class PayloadTooLarge(AppError):
    """The request body or an uploaded file is too large."""

    status, code = 413, "payload_too_large"


class UnsupportedMediaType(AppError):
    """The body is not of an accepted type."""

    status, code = 415, "unsupported_media_type"


class RateLimited(AppError):
    """Too many requests; ``retry_after`` seconds tells when to come back."""

    status, code, retryable = 429, "rate_limited", True

    def __init__(self, message_key: str | None = None, /, **details: object) -> None:
        retry_after = details.get("retry_after", 60)
        self.retry_after = (
            int(retry_after) if isinstance(retry_after, int | float) else 60
        )
        # The message says "in {retry_after} seconds": always give it the number.
        super().__init__(message_key, **{**details, "retry_after": self.retry_after})


class DependencyFailed(AppError):
    """A backing service (database, storage, AI...) failed; safe to retry."""

    status, code, retryable = 503, "dependency_unavailable", True
