"""Translation of google-cloud-storage errors into the application's errors.

A missing object is ``NotFound("object_not_found")``; an object replaced meanwhile
(precondition failed) ``Conflict``; 429, 5xx, an exhausted retry deadline, timeouts,
connection and transport errors and corrupted transfers ``DependencyFailed``
(retryable); any other API or authentication error a non-retryable ``AppError``.
The libraries are imported only once an error needs translating.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from common.errors import AppError, Conflict, DependencyFailed, NotFound
from common.messages import register

P = ParamSpec("P")
R = TypeVar("R")

register(
    "object_changed",
    "The file changed during the operation. Please retry.",
    "Le fichier a changé pendant l'opération. Veuillez réessayer.",
)
register(
    "storage_failed",
    "File storage refused the request.",
    "Le stockage des fichiers a refusé la requête.",
)


def translated(method: Callable[P, R]) -> Callable[P, R]:
    """Run ``method``, raising library errors as the matching ``AppError``."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except AppError:
            raise
        except Exception as exc:
            error = translate(exc)
            if error is None:
                raise
            raise error from exc

    return wrapper


def translate(exc: Exception) -> AppError | None:
    """The application error for a storage library error (None: not one)."""
    import requests
    from google.api_core import exceptions as api
    from google.auth import exceptions as auth

    if isinstance(exc, api.NotFound):
        return NotFound("object_not_found")
    if isinstance(exc, api.PreconditionFailed):
        return Conflict("object_changed")
    unavailable = (
        api.TooManyRequests,
        api.ServerError,
        api.RetryError,
        auth.TransportError,
        requests.RequestException,
        ConnectionError,
        TimeoutError,
    )
    if isinstance(exc, unavailable) or _is_data_corruption(exc):
        return DependencyFailed("storage_unavailable")
    if isinstance(exc, auth.GoogleAuthError):
        if getattr(exc, "retryable", False):
            return DependencyFailed("storage_unavailable")
        return AppError("storage_failed")
    if isinstance(exc, api.GoogleAPICallError):
        return AppError("storage_failed", status=exc.code)
    return None


def _is_data_corruption(exc: Exception) -> bool:
    """A checksum mismatch of an upload or a download."""
    exceptions = importlib.import_module("google.cloud.storage.exceptions")
    return isinstance(exc, exceptions.DataCorruption)
