"""Request and response models of the users function.

The Better Auth endpoints (``/api/auth/*``) speak Better Auth's camelCase JSON so that
its client library works unchanged; our own endpoints (``/api/users/*``) use snake_case
like every other function.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal, Self
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    RootModel,
    StringConstraints,
    model_validator,
)
from pydantic.alias_generators import to_camel

MAX_EMAIL_LENGTH = 254
MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH = 8, 128  # Better Auth's defaults
MAX_URL_LENGTH = 2048
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def _normalize_email(value: object) -> object:
    return value.strip().lower() if isinstance(value, str) else value


def _check_email(value: str) -> str:
    if len(value) > MAX_EMAIL_LENGTH or not _EMAIL.match(value):
        raise ValueError("not a valid e-mail address")
    return value


def _check_https_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname or any(c.isspace() for c in value):
        raise ValueError("not an https URL")
    return value


Email = Annotated[str, BeforeValidator(_normalize_email), AfterValidator(_check_email)]
Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)
]
NewPassword = Annotated[
    str,
    StringConstraints(min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH),
]
Password = Annotated[
    str, StringConstraints(min_length=1, max_length=MAX_PASSWORD_LENGTH)
]
HttpsUrl = Annotated[
    str, StringConstraints(max_length=MAX_URL_LENGTH), AfterValidator(_check_https_url)
]
RedirectUrl = Annotated[str, StringConstraints(min_length=1, max_length=MAX_URL_LENGTH)]


# --- Better Auth requests (unknown keys ignored, as Better Auth does) ---------------


class _BetterAuthBody(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class SignUpBody(_BetterAuthBody):
    """``POST /api/auth/sign-up/email``."""

    name: Name
    email: Email
    password: NewPassword
    image: HttpsUrl | None = None
    callback_url: RedirectUrl | None = Field(default=None, alias="callbackURL")
    remember_me: bool = Field(default=True, alias="rememberMe")


class SignInBody(_BetterAuthBody):
    """``POST /api/auth/sign-in/email``."""

    email: Email
    password: Password
    callback_url: RedirectUrl | None = Field(default=None, alias="callbackURL")
    remember_me: bool = Field(default=True, alias="rememberMe")


class SocialSignInBody(_BetterAuthBody):
    """``POST /api/auth/sign-in/social``."""

    provider: Annotated[str, StringConstraints(min_length=1, max_length=32)]
    callback_url: RedirectUrl | None = Field(default=None, alias="callbackURL")
    error_callback_url: RedirectUrl | None = Field(
        default=None, alias="errorCallbackURL"
    )
    new_user_callback_url: RedirectUrl | None = Field(
        default=None, alias="newUserCallbackURL"
    )
    disable_redirect: bool = Field(default=False, alias="disableRedirect")


class OAuthCallbackQuery(BaseModel):
    """What the provider appends to the redirect URI (other parameters ignored)."""

    model_config = ConfigDict(extra="ignore")

    code: Annotated[str, StringConstraints(max_length=4096)] | None = None
    state: Annotated[str, StringConstraints(max_length=256)] | None = None
    error: Annotated[str, StringConstraints(max_length=256)] | None = None


# --- Better Auth responses (camelCase) ----------------------------------------------


class _Camel(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, from_attributes=True
    )


class AuthUser(_Camel):
    """Better Auth's user object."""

    id: str
    email: str
    name: str
    image: str | None
    email_verified: bool
    created_at: datetime
    updated_at: datetime


class AuthSession(_Camel):
    """Better Auth's session object."""

    id: str
    expires_at: datetime
    token: str
    created_at: datetime
    updated_at: datetime
    ip_address: str | None
    user_agent: str | None
    user_id: str


class SignUpResponse(_Camel):
    """The new session token and user."""

    token: str | None
    user: AuthUser


class SignInResponse(_Camel):
    """Better Auth's e-mail sign-in answer."""

    redirect: bool = False
    token: str
    url: str | None = None
    user: AuthUser


class SessionPayload(_Camel):
    """The current session and its user."""

    session: AuthSession
    user: AuthUser


class SessionResponse(RootModel[SessionPayload | None]):
    """``null`` without a valid session (Better Auth's ``get-session``)."""


class SuccessResponse(BaseModel):
    """``{"success": true}``."""

    success: bool


class SocialSignInResponse(BaseModel):
    """Where the browser must go to sign in with the provider."""

    url: str
    redirect: bool


# --- our endpoints (snake_case, unknown keys refused) -------------------------------


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class UpdateProfileBody(_Body):
    """``PATCH /api/users/me``: at least one field; ``image: null`` removes it."""

    name: Name | None = None
    image: HttpsUrl | None = None
    locale: Literal["fr", "en"] | None = None

    @model_validator(mode="after")
    def _at_least_one_field(self) -> Self:
        given = self.model_fields_set
        if not given:
            raise ValueError("at least one of name, image, locale is required")
        if ("name" in given and self.name is None) or (
            "locale" in given and self.locale is None
        ):
            raise ValueError("name and locale cannot be null")
        return self


class DeleteAccountBody(_Body):
    """``DELETE /api/users/me``: the password, unless the session is fresh."""

    password: Password | None = None


class UserListQuery(BaseModel):
    """Pagination of the administrators' user list."""

    limit: int = Field(default=50, ge=1, le=100)
    offset: int = Field(default=0, ge=0, le=1_000_000)


class SetAccessBody(_Body):
    """``PATCH /api/users/{user_id}``: activation and administrator role."""

    is_active: bool | None = None
    is_superuser: bool | None = None

    @model_validator(mode="after")
    def _at_least_one_field(self) -> Self:
        if self.is_active is None and self.is_superuser is None:
            raise ValueError("is_active or is_superuser is required")
        return self


class _Response(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ProfileResponse(_Response):
    """The signed-in user's profile."""

    id: str
    email: str
    name: str
    image: str | None
    email_verified: bool
    locale: str
    is_superuser: bool
    created_at: datetime
    last_login_at: datetime | None


class DocumentCounts(_Response):
    """Documents in total and per status."""

    total: int
    by_status: dict[str, int]


class StatsResponse(_Response):
    """What the user stores."""

    properties: int
    documents: DocumentCounts
    photos: int
    redesigns: int
    storage_bytes: int


class ManagedUserResponse(_Response):
    """A user as administrators see it."""

    id: str
    email: str
    name: str
    email_verified: bool
    is_active: bool
    is_superuser: bool
    created_at: datetime
    last_login_at: datetime | None
    property_count: int
    document_count: int


class ManagedUserPageResponse(_Response):
    """A page of users, newest first."""

    items: list[ManagedUserResponse]
    total: int
    limit: int
    offset: int
