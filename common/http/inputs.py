"""What a request carries, read and checked: its id, the client's address, the
query string and the JSON body validated by the route's pydantic models."""

from __future__ import annotations

import re
import uuid
from typing import Any

import flask
from pydantic import BaseModel, ValidationError

from common.config import get_settings
from common.errors import InvalidInput, PayloadTooLarge, UnsupportedMediaType

MAX_JSON_BYTES = 1_000_000
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id_of(request: flask.Request) -> str:
    """The caller's ``X-Request-Id`` when well formed, else a new id."""
    candidate = request.headers.get("X-Request-Id", "")
    return candidate if _REQUEST_ID.match(candidate) else uuid.uuid4().hex


def client_ip(request: flask.Request) -> str:
    """The client's address, behind the configured number of trusted proxies."""
    # Google's front ends append the address they saw to X-Forwarded-For; anything
    # before it is client-supplied. Count trusted hops from the end (1 on a function
    # URL, 2 behind the external load balancer, which appends its own address).
    hops = [
        hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",")
    ]
    hops = [hop for hop in hops if hop]
    trusted = get_settings().trusted_proxy_hops
    if trusted and len(hops) >= trusted:
        return hops[-trusted]
    return request.remote_addr or "unknown"


def parse_query(
    model: type[BaseModel] | None, request: flask.Request
) -> BaseModel | None:
    """The query string validated by ``model`` (None when the route takes none)."""
    if model is None:
        return None
    values = {key: request.args.get(key) for key in request.args}
    return _validate(model, values, "query")


def parse_body(
    model: type[BaseModel] | None, request: flask.Request
) -> BaseModel | None:
    """The JSON body validated by ``model`` (an empty body is ``{}``)."""
    if model is None:
        return None
    if (request.content_length or 0) > MAX_JSON_BYTES:
        raise PayloadTooLarge(limit_bytes=MAX_JSON_BYTES)
    raw = request.get_data(cache=True)
    if not raw.strip():
        payload: Any = {}
    elif not request.is_json:
        raise UnsupportedMediaType("json_required")
    else:
        payload = request.get_json(silent=True)
        if payload is None:
            raise InvalidInput("invalid_json")
    return _validate(model, payload, "body")


def _validate(model: type[BaseModel], payload: Any, location: str) -> BaseModel:
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        errors = [
            {"loc": [location, *error["loc"]], "type": error["type"]}
            for error in exc.errors()
        ]
        fields = ", ".join(
            ".".join(str(part) for part in error["loc"]) or location
            for error in exc.errors()
        )
        raise InvalidInput("invalid_fields", fields=fields, errors=errors) from exc
