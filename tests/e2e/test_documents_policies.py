"""Every /api/documents route: session required, rate limit, Redis outage, French."""

from __future__ import annotations

import io
import os
import time
import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from tests import factories
from tests.e2e.documents_support import pdf, stored_document
from tests.factories import saved_property_id
from tests.support import reset_process_state

pytestmark = pytest.mark.e2e


@dataclass(frozen=True)
class Context:
    """A property with one analysed, stored document of one upload batch."""

    property_id: uuid.UUID
    document_id: uuid.UUID
    workflow_id: uuid.UUID


@pytest.fixture
def context(user: factories.TestUser) -> Context:
    """The user's property, document and batch that every route can work on."""
    property_id = saved_property_id(user)
    workflow_id = uuid.uuid4()
    document_id, _ = stored_document(user, property_id, workflow_id=workflow_id)
    return Context(property_id, document_id, workflow_id)


def _upload_form(property_id: str) -> dict[str, Any]:
    return {
        "property_id": property_id,
        "files": [(io.BytesIO(pdf()), "pv.pdf", "application/pdf")],
    }


# name -> (method, path, success status); paths use {p}, {d} and {w}.
ROUTES: dict[str, tuple[str, str, int]] = {
    "upload-urls": ("POST", "/api/documents/upload-urls", 201),
    "bulk-upload": ("POST", "/api/documents/bulk-upload", 202),
    "list": ("GET", "/api/documents?property_id={p}", 200),
    "bulk-status": ("GET", "/api/documents/bulk-status/{w}", 200),
    "get": ("GET", "/api/documents/{d}", 200),
    "download-url": ("GET", "/api/documents/{d}/download-url", 200),
    "rename": ("PATCH", "/api/documents/{d}", 200),
    "delete": ("DELETE", "/api/documents/{d}", 204),
    "bulk-delete": ("POST", "/api/documents/bulk-delete", 200),
    "reprocess": ("POST", "/api/documents/{d}/reprocess", 202),
}
NAMES = list(ROUTES)
UNKNOWN = str(uuid.uuid4())


def _body(name: str, ctx: Context, invalid: bool) -> dict[str, Any]:
    if name == "upload-urls":
        files = [
            {"filename": "a.pdf", "content_type": "application/pdf", "size_bytes": 9}
        ]
        return {
            "json": {
                "property_id": str(ctx.property_id),
                "files": [] if invalid else files,
            }
        }
    if name == "bulk-upload":
        form = _upload_form(UNKNOWN if invalid else str(ctx.property_id))
        return {"data": form, "content_type": "multipart/form-data"}
    if name == "rename":
        return {"json": {"filename": "a/b.pdf" if invalid else "PV 2024.pdf"}}
    if name == "bulk-delete":
        return {"json": {"document_ids": [] if invalid else [str(ctx.document_id)]}}
    return {}


def _call(
    client: Any,
    name: str,
    ctx: Context,
    headers: dict[str, str],
    *,
    invalid: bool = False,
) -> Any:
    method, path, _ = ROUTES[name]
    ids: dict[str, object] = {
        "p": ctx.property_id, "d": ctx.document_id, "w": ctx.workflow_id,
    }  # fmt: skip
    if invalid and name not in ("upload-urls", "bulk-upload", "rename", "bulk-delete"):
        ids = dict.fromkeys(ids, UNKNOWN)
    url = path.format(**ids)
    return client.open(url, method=method, headers=headers, **_body(name, ctx, invalid))


@pytest.mark.parametrize("name", NAMES)
def test_route_without_session_is_401(
    documents_client: Any, context: Context, name: str
) -> None:
    response = _call(documents_client, name, context, headers={})

    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthenticated"


@pytest.mark.parametrize("name", NAMES)
def test_route_for_its_owner_succeeds(
    documents_client: Any, user: factories.TestUser, context: Context, name: str
) -> None:
    response = _call(documents_client, name, context, user.headers)

    assert response.status_code == ROUTES[name][2]


# bulk-delete answers 200 and lists another user's ids as not found (delete tests).
@pytest.mark.parametrize("name", [name for name in NAMES if name != "bulk-delete"])
def test_route_for_another_user_is_404(
    documents_client: Any, stranger: factories.TestUser, context: Context, name: str
) -> None:
    response = _call(documents_client, name, context, stranger.headers)

    assert response.status_code == 404
    assert response.get_json()["error"]["code"] in (
        "property_not_found",
        "document_not_found",
        "workflow_not_found",
    )


def _fresh_rate_window() -> None:
    # The limiter counts per wall-clock minute: start well inside a window.
    remaining = 60 - time.time() % 60
    if remaining < 3:
        time.sleep(remaining + 0.1)


@pytest.mark.parametrize("name", NAMES)
def test_route_fourth_request_in_a_minute_is_429(
    documents_client: Any, user: factories.TestUser, context: Context, name: str
) -> None:
    # given a limit of three requests per minute
    os.environ["APP_RATE_LIMIT_PER_MINUTE"] = "3"
    reset_process_state()
    _fresh_rate_window()
    # when
    statuses = [
        _call(documents_client, name, context, user.headers).status_code
        for _ in range(3)
    ]
    limited = _call(documents_client, name, context, user.headers)

    # then
    assert 429 not in statuses
    assert limited.status_code == 429
    assert limited.get_json()["error"]["code"] == "rate_limited"
    assert 1 <= int(limited.headers["Retry-After"]) <= 61


@pytest.mark.parametrize("name", NAMES)
def test_route_still_serves_when_redis_is_down(
    redis_down: None,
    documents_client: Any,
    user: factories.TestUser,
    context: Context,
    name: str,
) -> None:
    response = _call(documents_client, name, context, user.headers)

    assert response.status_code == ROUTES[name][2]


FRENCH = {
    "upload-urls": "Valeur invalide pour : files.",
    "bulk-upload": "Bien introuvable.",
    "list": "Bien introuvable.",
    "bulk-status": "Lot d'envoi introuvable.",
    "get": "Document introuvable.",
    "download-url": "Document introuvable.",
    "rename": "Valeur invalide pour : filename.",
    "delete": "Document introuvable.",
    "bulk-delete": "Valeur invalide pour : document_ids.",
    "reprocess": "Document introuvable.",
}


@pytest.mark.parametrize("name", NAMES)
def test_route_error_is_in_french_for_a_french_browser(
    documents_client: Any, user: factories.TestUser, context: Context, name: str
) -> None:
    headers = user.headers | {"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.8"}

    response = _call(documents_client, name, context, headers, invalid=True)

    assert response.get_json()["error"]["message"] == FRENCH[name]
    assert response.headers["Content-Language"] == "fr"
