"""Helpers for tests: resetting process-wide caches, loading function apps, sample
events and posting them (structured or binary CloudEvents), and reading responses
(session cookies, validation errors)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

ROOT = Path(__file__).resolve().parent.parent
EVENTS_DIR = ROOT / "tests" / "events"
STORAGE_EVENT = "storage_object_finalized.json"
PUBSUB_EVENT = "pubsub_synthesis_requested.json"


def reset_process_state() -> None:
    """Forget cached settings, engine and clients (as a new cold start would)."""
    from common import cache, config, publisher, ratelimit, redis_client, storage
    from common.ai import images, provider
    from common.db import dispose_engine
    from common.local.bus import reset_local_bus

    config.get_settings.cache_clear()
    dispose_engine()
    redis_client.get_redis.cache_clear()
    cache.get_cache.cache_clear()
    ratelimit.get_rate_limiter.cache_clear()
    storage.get_storage.cache_clear()
    provider.get_ai.cache_clear()
    images.get_image_ai.cache_clear()
    publisher.get_publisher.cache_clear()
    reset_local_bus()  # its subscriptions and workers belong to the test that made them


def function_client(folder: str, target: str) -> Any:
    """A test client of ``functions/<folder>/main.py`` through functions-framework."""
    from functions_framework import create_app

    source = ROOT / "functions" / folder / "main.py"
    app = create_app(target=target, source=str(source), signature_type="http")
    # Without a cookie jar: Werkzeug's jar replaces any explicit Cookie header (even
    # with nothing), which would silently drop ``TestUser.headers``.
    return app.test_client(use_cookies=False)


def sample_event_json(name: str) -> dict[str, Any]:
    """A sample CloudEvent of ``tests/events/`` in structured mode (data included)."""
    event: dict[str, Any] = json.loads((EVENTS_DIR / name).read_text())
    return event


def post_structured(client: Any, event: dict[str, Any]) -> Any:
    """Post ``event`` in structured mode (the whole event is the JSON body)."""
    headers = {"Content-Type": "application/cloudevents+json"}
    return client.post("/", data=json.dumps(event), headers=headers)


def post_binary(client: Any, event: dict[str, Any]) -> Any:
    """Post ``event`` in binary mode (attributes as ``ce-`` headers, data the body)."""
    headers = {
        f"ce-{name}": str(value)
        for name, value in event.items()
        if name not in ("data", "datacontenttype")
    }
    headers["Content-Type"] = event["datacontenttype"]
    return client.post("/", data=json.dumps(event["data"]), headers=headers)


def session_cookie_header(response: Any) -> str:
    """The response's one ``Set-Cookie`` header for the session cookie."""
    from common.auth.cookies import COOKIE_NAME

    cookies = [c for c in response.headers.getlist("Set-Cookie") if COOKIE_NAME in c]
    assert len(cookies) == 1
    return str(cookies[0])


def session_cookie_token(response: Any) -> str | None:
    """The session token in :func:`session_cookie_header`, if its signature holds."""
    from common.auth.cookies import verify_cookie_value

    value = session_cookie_header(response).split(";")[0].split("=", 1)[1]
    return verify_cookie_value(value)


def issued_session_token(response: Any) -> str | None:
    """The verified token of the session cookie the response sets, if it sets one."""
    from common.auth.cookies import COOKIE_NAME, verify_cookie_value

    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith(f"{COOKIE_NAME}="):
            return verify_cookie_value(header.split(";")[0].split("=", 1)[1])
    return None


def api_error(response: Any) -> tuple[int, str, list[dict[str, Any]]]:
    """The status, error code and validation errors of an API error response."""
    error = response.get_json()["error"]
    return response.status_code, error["code"], error["details"].get("errors", [])


def validation_errors(
    model: type[BaseModel], payload: Any
) -> list[tuple[tuple[Any, ...], str]]:
    """The (location, type) of each error ``model`` reports for ``payload``."""
    with pytest.raises(ValidationError) as raised:
        model.model_validate(payload)
    return [(error["loc"], error["type"]) for error in raised.value.errors()]
