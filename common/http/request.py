"""What a route handler receives and may return, free of any web framework type."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, Literal

from typing_extensions import TypeVar

from common.errors import Unauthenticated

B = TypeVar("B", default=None)
Q = TypeVar("Q", default=None)


@dataclass(frozen=True)
class Principal:
    """The authenticated user of a request, resolved from a valid session."""

    user_id: str
    email: str
    name: str
    is_superuser: bool
    session_id: str
    session_token: str
    session_created_at: datetime
    session_expires_at: datetime
    locale: str = "fr"


@dataclass(frozen=True)
class ApiRequest(Generic[B, Q]):
    """A parsed, validated request: path values, query and body models, principal."""

    method: str
    path_info: str
    path: Mapping[str, Any]
    body: B
    query: Q
    principal: Principal | None
    language: str
    request_id: str
    client_ip: str
    headers: Mapping[str, str]
    cookies: Mapping[str, str]
    raw: Any = field(repr=False, default=None)  # the transport request, for streaming

    @property
    def user(self) -> Principal:
        """The principal; raises ``Unauthenticated`` on a public route without one."""
        if self.principal is None:
            raise Unauthenticated()
        return self.principal

    @property
    def user_agent(self) -> str | None:
        """The User-Agent header, if any."""
        return self.headers.get("User-Agent")


@dataclass(frozen=True)
class SetCookie:
    """A cookie to set (or clear, with ``max_age=0``) on the response."""

    name: str
    value: str
    max_age: int
    http_only: bool = True
    secure: bool = False
    same_site: Literal["Lax", "Strict", "None"] = "Lax"
    path: str = "/"


@dataclass
class ApiResponse:
    """A response with a status, headers or cookies other than the defaults."""

    body: Any = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    cookies: list[SetCookie] = field(default_factory=list)

    @classmethod
    def redirect(
        cls, location: str, cookies: list[SetCookie] | None = None
    ) -> ApiResponse:
        """A 302 to ``location``."""
        return cls(status=302, headers={"Location": location}, cookies=cookies or [])
