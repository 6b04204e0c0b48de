"""Validation of the users function's request bodies (Better Auth rules)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from common.api.users_schemas import (
    SessionResponse,
    SetAccessBody,
    SignInBody,
    SignUpBody,
    UpdateProfileBody,
)


def _sign_up(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "name": "Camille",
        "email": "camille@example.test",
        "password": "12345678",
    }
    body.update(overrides)
    return body


def test_sign_up_body_email_is_trimmed_and_lower_cased() -> None:
    body = SignUpBody.model_validate(_sign_up(email="  Camille.Martin@Example.TEST "))

    assert body.email == "camille.martin@example.test"


@pytest.mark.parametrize(
    "email", ["", "camille", "camille@", "@example.test", "a b@example.test", "a@b"]
)
def test_sign_up_body_with_invalid_email_is_refused(email: str) -> None:
    with pytest.raises(ValidationError):
        SignUpBody.model_validate(_sign_up(email=email))


@pytest.mark.parametrize("password", ["1234567", "x" * 129])
def test_sign_up_body_password_outside_8_to_128_is_refused(password: str) -> None:
    with pytest.raises(ValidationError) as raised:
        SignUpBody.model_validate(_sign_up(password=password))

    assert raised.value.errors()[0]["loc"] == ("password",)


def test_sign_up_body_password_of_128_characters_is_accepted() -> None:
    assert SignUpBody.model_validate(_sign_up(password="x" * 128)).password


def test_sign_up_body_name_over_100_characters_is_refused() -> None:
    with pytest.raises(ValidationError):
        SignUpBody.model_validate(_sign_up(name="n" * 101))


def test_sign_up_body_reads_better_auth_camel_case_keys() -> None:
    body = SignUpBody.model_validate(
        _sign_up(callbackURL="/dashboard", rememberMe=False, unknownKey=1)
    )

    assert (body.callback_url, body.remember_me) == ("/dashboard", False)


def test_sign_in_body_does_not_enforce_the_sign_up_minimum() -> None:
    body = SignInBody.model_validate({"email": "A@Example.test", "password": "short"})

    assert (body.email, body.password) == ("a@example.test", "short")


def test_update_profile_body_empty_is_refused() -> None:
    with pytest.raises(ValidationError):
        UpdateProfileBody.model_validate({})


@pytest.mark.parametrize(
    "body",
    [
        {"image": "http://example.test/a.png"},
        {"image": "ftp://example.test/a.png"},
        {"locale": "de"},
        {"name": None},
        {"locale": None},
        {"email": "new@example.test"},
    ],
)
def test_update_profile_body_invalid_values_are_refused(
    body: dict[str, object],
) -> None:
    with pytest.raises(ValidationError):
        UpdateProfileBody.model_validate(body)


def test_update_profile_body_null_image_is_an_explicit_removal() -> None:
    body = UpdateProfileBody.model_validate({"image": None})

    assert body.image is None and "image" in body.model_fields_set


def test_set_access_body_needs_one_flag() -> None:
    with pytest.raises(ValidationError):
        SetAccessBody.model_validate({"is_active": None})


def test_session_response_without_session_serialises_to_null() -> None:
    assert SessionResponse(None).model_dump_json() == "null"
