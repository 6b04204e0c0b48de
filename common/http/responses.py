"""Handler results and errors as Flask responses, with CORS and security headers."""

from __future__ import annotations

import dataclasses
import json
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import flask
from pydantic import BaseModel

from common.config import get_settings
from common.errors import AppError, RateLimited
from common.http.request import ApiResponse, SetCookie

_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Cross-Origin-Resource-Policy": "same-site",
}
_CORS_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
_CORS_HEADERS = "Content-Type, Accept-Language, X-Request-Id, Authorization"
_PREFLIGHT_MAX_AGE = "600"


def to_jsonable(value: Any) -> Any:
    """Convert models, dataclasses, UUIDs, dates and decimals to JSON types."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_jsonable(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(key): to_jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Decimal):
        return float(value)
    return value


def json_response(body: Any, status: int) -> flask.Response:
    """A JSON response (``body`` already made of JSON types or convertible ones)."""
    if isinstance(body, BaseModel):  # pydantic's serializer is several times faster
        payload = body.model_dump_json(by_alias=True)
    else:
        payload = json.dumps(
            to_jsonable(body), ensure_ascii=False, separators=(",", ":")
        )
    return flask.Response(payload, status=status, mimetype="application/json")


def success(result: Any, default_status: int) -> flask.Response:
    """The response for a handler's return value."""
    if not isinstance(result, ApiResponse):
        if result is None and default_status == 200:
            return flask.Response(status=204)
        return json_response(result, default_status)
    if result.body is None:
        response = flask.Response(status=result.status)
    else:
        response = json_response(result.body, result.status)
    for name, value in result.headers.items():
        response.headers[name] = value
    for cookie in result.cookies:
        _set_cookie(response, cookie)
    return response


def error(exc: AppError, language: str, request_id: str) -> flask.Response:
    """The one error body: ``{"error": {code, message, details}, "request_id"}``."""
    body = {
        "error": {
            "code": exc.code,
            "message": exc.localized(language),
            "details": exc.details,
        },
        "request_id": request_id,
    }
    response = json_response(body, exc.status)
    if isinstance(exc, RateLimited):
        response.headers["Retry-After"] = str(exc.retry_after)
    allowed = exc.details.get("allowed")
    if exc.status == 405 and isinstance(allowed, list):
        response.headers["Allow"] = ", ".join(str(method) for method in allowed)
    response.headers["Content-Language"] = language
    return response


def _set_cookie(response: flask.Response, cookie: SetCookie) -> None:
    response.set_cookie(
        cookie.name,
        cookie.value,
        max_age=cookie.max_age,
        path=cookie.path,
        secure=cookie.secure,
        httponly=cookie.http_only,
        samesite=cookie.same_site,
    )


def _allowed_origin(request: flask.Request) -> str | None:
    origin = request.headers.get("Origin")
    if origin and origin.rstrip("/") in get_settings().cors_origins:
        return origin
    return None


def origin_allowed(request: flask.Request) -> bool:
    """False when a browser sends an Origin that is neither ours nor configured."""
    origin = request.headers.get("Origin")
    if not origin:
        return True
    own = urlsplit(get_settings().public_base_url)
    candidate = urlsplit(origin)
    same_origin = (candidate.scheme, candidate.netloc) == (own.scheme, own.netloc)
    return same_origin or _allowed_origin(request) is not None


def preflight(request: flask.Request) -> flask.Response:
    """The answer to a CORS preflight (headers are added by ``finish``)."""
    response = flask.Response(status=204)
    if _allowed_origin(request):
        response.headers["Access-Control-Allow-Methods"] = _CORS_METHODS
        response.headers["Access-Control-Allow-Headers"] = _CORS_HEADERS
        response.headers["Access-Control-Max-Age"] = _PREFLIGHT_MAX_AGE
    return response


def finish(response: flask.Response, request: flask.Request, request_id: str) -> None:
    """Add request id, security and CORS headers to every response."""
    response.headers["X-Request-Id"] = request_id
    for name, value in _SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    response.headers.setdefault("Cache-Control", "no-store")
    if get_settings().public_base_url.startswith("https://"):
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
    origin = _allowed_origin(request)
    if origin:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Credentials"] = "true"
        response.headers["Access-Control-Expose-Headers"] = "X-Request-Id, Retry-After"
    response.vary.add("Origin")
