"""The GCS adapter's error translation and signing policy, at the SDK boundary.

No server is involved: the client is a stand-in that fails as the SDK would, or a
real client whose anonymous credentials sign nothing, or one pointed at a closed
loopback port.
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from google.api_core import exceptions as api_exceptions
from google.auth.credentials import AnonymousCredentials

from common.errors import AppError, Conflict, DependencyFailed, NotFound
from common.gcs_storage import GcsStorage
from common.storage import BucketRole

BUCKETS: dict[BucketRole, str] = {"documents": "docs", "photos": "photos"}
api: Any = api_exceptions  # the exception classes' constructors are untyped


class FailingClient:
    """The SDK boundary failing every download with ``error``."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def bucket(self, name: str) -> FailingClient:
        return self

    def blob(self, name: str, chunk_size: int | None = None) -> FailingClient:
        return self

    def download_as_bytes(self, **options: Any) -> bytes:
        raise self.error


@pytest.mark.parametrize(
    ("error", "expected", "retryable"),
    [
        (api.ServiceUnavailable("down"), DependencyFailed, True),
        (api.InternalServerError("oops"), DependencyFailed, True),
        (api.TooManyRequests("slow down"), DependencyFailed, True),
        (api.RetryError("deadline exceeded", None), DependencyFailed, True),
        (ConnectionError("reset"), DependencyFailed, True),
        (api.PreconditionFailed("changed"), Conflict, True),
        (api.NotFound("gone"), NotFound, False),
        (api.Forbidden("no IAM binding"), AppError, False),
    ],
    ids=["503", "500", "429", "deadline", "connection", "412", "404", "403"],
)
def test_library_errors_are_translated_at_the_boundary(
    error: Exception, expected: type[AppError], retryable: bool
) -> None:
    storage = GcsStorage(BUCKETS, ttl_seconds=900, client=FailingClient(error))

    with pytest.raises(expected) as raised:
        storage.download_bytes("documents", "users/u1/a.pdf")

    assert type(raised.value) is expected
    assert raised.value.retryable is retryable
    assert raised.value.__cause__ is error


def test_a_missing_object_has_the_object_not_found_message() -> None:
    storage = GcsStorage(
        BUCKETS, ttl_seconds=900, client=FailingClient(api.NotFound(""))
    )

    with pytest.raises(NotFound) as raised:
        storage.download_bytes("documents", "users/u1/a.pdf")

    assert raised.value.message_key == "object_not_found"


def test_other_exceptions_are_not_disguised() -> None:
    storage = GcsStorage(BUCKETS, ttl_seconds=900, client=FailingClient(KeyError("x")))

    with pytest.raises(KeyError):
        storage.download_bytes("documents", "users/u1/a.pdf")


def test_invalid_keys_are_refused_before_any_request() -> None:
    storage = GcsStorage(BUCKETS, ttl_seconds=900, client=FailingClient(KeyError("x")))

    with pytest.raises(AppError) as raised:
        storage.download_bytes("documents", "../etc/passwd")

    assert raised.value.message_key == "invalid_object_key"


def test_signing_without_a_private_key_or_token_is_refused() -> None:
    client = importlib.import_module("google.cloud.storage").Client(
        project="test",
        credentials=AnonymousCredentials(),  # type: ignore[no-untyped-call]
    )
    anonymous = GcsStorage(BUCKETS, ttl_seconds=900, client=client)

    with pytest.raises(AppError) as raised:
        anonymous.signed_get_url("documents", "users/u1/a.pdf")

    assert raised.value.message_key == "storage_signing_unavailable"


def test_an_unreachable_server_is_a_retryable_dependency_failure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("STORAGE_EMULATOR_HOST", "http://127.0.0.1:9")  # discard port
    client = importlib.import_module("google.cloud.storage").Client(project="test")
    storage = GcsStorage(
        BUCKETS, ttl_seconds=900, client=client, retry_timeout_seconds=0.3
    )

    with pytest.raises(DependencyFailed) as raised:
        storage.download_bytes("documents", "users/u1/a.pdf")

    assert raised.value.retryable is True
