"""The AppError hierarchy: status, code, retry policy and localized messages."""

from __future__ import annotations

import pytest

from common.errors import (
    AppError,
    Conflict,
    DependencyFailed,
    Forbidden,
    InvalidInput,
    NotFound,
    PayloadTooLarge,
    RateLimited,
    Unauthenticated,
    UnsupportedMediaType,
)


@pytest.mark.parametrize(
    ("error_class", "status", "code", "retryable"),
    [
        (AppError, 500, "internal", False),
        (InvalidInput, 400, "invalid_input", False),
        (Unauthenticated, 401, "unauthenticated", False),
        (Forbidden, 403, "forbidden", False),
        (NotFound, 404, "not_found", False),
        (Conflict, 409, "conflict", True),
        (PayloadTooLarge, 413, "payload_too_large", False),
        (UnsupportedMediaType, 415, "unsupported_media_type", False),
        (RateLimited, 429, "rate_limited", True),
        (DependencyFailed, 503, "dependency_unavailable", True),
    ],
)
def test_error_class_declares_status_code_and_retry_policy(
    error_class: type[AppError], status: int, code: str, retryable: bool
) -> None:
    error = error_class()

    assert isinstance(error, AppError)
    assert (error.status, error.code, error.retryable) == (status, code, retryable)


def test_error_without_message_key_uses_its_code() -> None:
    error = NotFound()

    assert error.message_key == "not_found"
    assert error.message == "Not found."
    assert str(error) == "Not found."


def test_error_with_message_key_and_details_formats_the_message() -> None:
    error = InvalidInput("invalid_fields", fields="email")

    assert error.details == {"fields": "email"}
    assert error.localized("en") == "Invalid value for: email."
    assert error.localized("fr") == "Valeur invalide pour : email."


def test_error_localized_in_unknown_language_falls_back_to_english() -> None:
    assert Forbidden().localized("de") == "This action is not allowed."


def test_error_with_unknown_message_key_shows_the_generic_message() -> None:
    error = Conflict("no_such_message_key")

    assert error.localized("en") == "An unexpected error occurred."
    assert error.localized("fr") == "Une erreur inattendue est survenue."


def test_error_with_missing_format_detail_keeps_the_template() -> None:
    error = InvalidInput("invalid_fields")

    assert error.message == "Invalid value for: {fields}."


def test_rate_limited_with_retry_after_reports_it() -> None:
    error = RateLimited(retry_after=42)

    assert error.retry_after == 42
    assert error.localized("fr") == "Trop de requêtes. Réessayez dans 42 secondes."


def test_rate_limited_without_retry_after_defaults_to_a_minute() -> None:
    error = RateLimited()

    assert error.retry_after == 60
    assert error.details == {"retry_after": 60}
    assert error.message == "Too many requests. Try again in 60 seconds."


@pytest.mark.parametrize("value", ["soon", None, 12.7])
def test_rate_limited_with_odd_retry_after_normalises_it(value: object) -> None:
    error = RateLimited(retry_after=value)

    assert error.retry_after == (12 if value == 12.7 else 60)
    assert error.details["retry_after"] == error.retry_after


def test_error_subclass_can_be_caught_as_app_error() -> None:
    with pytest.raises(AppError) as raised:
        raise DependencyFailed("database_unavailable")

    assert raised.value.localized("en") == "The database is unavailable. Please retry."
