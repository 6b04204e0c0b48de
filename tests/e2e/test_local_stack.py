"""The local stack's dispatcher, in process: prefixes, health, OpenAPI, signed URLs."""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import Engine
from werkzeug.test import Client, TestResponse

from common.auth.cookies import COOKIE_NAME
from common.db import session_scope
from common.http import ApiRequest, Router
from common.http.openapi import build_openapi
from common.local.server import LocalStack, MountedFunction, mount_functions
from common.storage import LocalStorage, get_storage
from tests.factories import create_property, create_user

pytestmark = pytest.mark.e2e

PROBE_MODULE = '''"""A probe function: echoes what functions-framework handed it."""
import flask
import functions_framework


@functions_framework.http
def probe_http(request: flask.Request) -> flask.Response:
    return flask.jsonify(
        path=request.path, script_root=request.script_root, method=request.method
    )
'''
_VARIABLE = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
_SAMPLE_VALUES = {"uuid": str(uuid.uuid4()), "int": "1", "float": "1.5"}


def _json(response: TestResponse) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(response.get_data())
    return body


def _concrete(rule: str) -> str:
    return _VARIABLE.sub(lambda m: _SAMPLE_VALUES.get(m[1] or "", "sample"), rule)


@pytest.fixture
def functions(clean_db: Engine, redis_flushed: Any) -> list[MountedFunction]:
    return mount_functions()


@pytest.fixture
def client(functions: list[MountedFunction]) -> Client:
    return Client(LocalStack(functions))


@pytest.fixture
def probe_client(tmp_path: Path, clean_db: Engine) -> Iterator[Client]:
    folder = tmp_path / "functions" / "probe"
    folder.mkdir(parents=True)
    (folder / "main.py").write_text(PROBE_MODULE)
    router = Router("probe")

    @router.get("/api/probe/<int:item_id>")
    def get_probe(req: ApiRequest[None, None]) -> None:
        """A route that only declares the prefix."""

    mounted = mount_functions(
        tmp_path / "functions",
        router_loader=lambda name: router if name == "probe" else None,
    )
    assert [function.name for function in mounted] == ["probe"]
    yield Client(LocalStack(mounted))


def test_local_stack_probe_receives_full_path_unstripped(probe_client: Client) -> None:
    body = _json(probe_client.get("/api/probe/items/7"))

    assert body == {"path": "/api/probe/items/7", "script_root": "", "method": "GET"}


def test_local_stack_post_to_bare_prefix_is_not_redirected(
    probe_client: Client,
) -> None:
    response = probe_client.post("/api/probe")

    assert response.status_code == 200
    assert _json(response)["path"] == "/api/probe"


def test_local_stack_prefix_matches_whole_segments_only(probe_client: Client) -> None:
    response = probe_client.get("/api/probes")

    assert response.status_code == 404
    assert _json(response)["error"]["code"] == "not_found"


def test_local_stack_each_function_prefix_reaches_its_router(
    functions: list[MountedFunction], client: Client
) -> None:
    if not functions:
        pytest.skip("no HTTP function with a router exists yet")
    for function in functions:
        protected = [r for r in function.router.routes if r.auth == "required"]
        if not protected:
            continue
        route = protected[0]

        response = client.open(_concrete(route.rule), method=route.method)

        # The function's own router answered: it asks for a session (no 404).
        assert response.status_code == 401, (function.name, route.rule)
        assert _json(response)["error"]["code"] == "unauthenticated"


def test_local_stack_signed_in_user_lists_properties(
    functions: list[MountedFunction], client: Client
) -> None:
    mounted = {function.name: function for function in functions}
    if "properties" not in mounted or not any(
        r.method == "GET" and r.rule == "/api/properties"
        for r in mounted["properties"].router.routes
    ):
        pytest.skip("the properties function does not list properties yet")
    with session_scope() as db:
        user = create_user(db)
        create_property(db, user.id)

    client.set_cookie(COOKIE_NAME, user.cookie_value)
    response = client.get("/api/properties")

    assert response.status_code == 200
    assert "T3 rue Daguerre" in response.get_data(as_text=True)


def test_local_stack_health_lists_mounted_functions(
    functions: list[MountedFunction], client: Client
) -> None:
    response = client.get("/api/health")
    body = _json(response)

    assert response.status_code == 200
    assert body["checks"]["database"]["status"] == "ok"
    assert [f["name"] for f in body["functions"]] == [f.name for f in functions]


def test_local_stack_openapi_documents_every_mounted_route(
    functions: list[MountedFunction], client: Client
) -> None:
    response = client.get("/api/openapi.json")
    document = _json(response)

    assert response.status_code == 200
    assert document["openapi"] == "3.1.0"
    assert "/api/health" in document["paths"]
    expected = build_openapi([function.router for function in functions])["paths"]
    for path, operations in expected.items():
        assert set(operations) <= set(document["paths"][path]), path


def test_local_stack_unknown_path_is_json_404(client: Client) -> None:
    response = client.get("/no/such/thing")
    body = _json(response)

    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/json"
    assert body["error"]["code"] == "not_found"
    assert body["request_id"] == response.headers["X-Request-Id"]


# --- signed storage URLs --------------------------------------------------------------


@pytest.fixture
def storage() -> LocalStorage:
    adapter = get_storage()
    assert isinstance(adapter, LocalStorage)
    return adapter


def _signed_path(url: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    return parts.path, query


def test_local_stack_signed_url_serves_the_file(
    client: Client, storage: LocalStorage
) -> None:
    key = "users/u1/properties/p1/documents/d1/relevé 2024.pdf"
    storage.upload_bytes("documents", key, b"%PDF-1.4 sample", "application/pdf")
    path, query = _signed_path(storage.signed_get_url("documents", key))

    response = client.get(path, query_string=query)

    assert response.status_code == 200
    assert response.get_data() == b"%PDF-1.4 sample"
    assert response.headers["Content-Type"] == "application/pdf"


def test_local_stack_tampered_signature_is_refused(
    client: Client, storage: LocalStorage
) -> None:
    storage.upload_bytes("photos", "users/u1/a.jpg", b"jpeg", "image/jpeg")
    path, query = _signed_path(storage.signed_get_url("photos", "users/u1/a.jpg"))
    query["signature"] = query["signature"][:-2] + "AA"

    response = client.get(path, query_string=query)

    assert response.status_code == 403
    assert _json(response)["error"]["code"] == "forbidden"


def test_local_stack_signed_url_for_another_key_is_refused(
    client: Client, storage: LocalStorage
) -> None:
    storage.upload_bytes("photos", "users/u2/secret.jpg", b"jpeg", "image/jpeg")
    _, query = _signed_path(storage.signed_get_url("photos", "users/u1/a.jpg"))

    response = client.get("/_storage/photos/users/u2/secret.jpg", query_string=query)

    assert response.status_code == 403


def test_local_stack_expired_signed_url_is_refused(
    client: Client, storage: LocalStorage
) -> None:
    key = "users/u1/old.jpg"
    storage.upload_bytes("photos", key, b"jpeg", "image/jpeg")
    expired = int(time.time()) - 1
    query = {
        "expires": str(expired),
        "signature": storage.signature("GET", "photos", key, expired),
    }

    response = client.get(f"/_storage/photos/{key}", query_string=query)

    assert response.status_code == 403


def test_local_stack_storage_put_with_a_get_link_is_refused(
    client: Client, storage: LocalStorage
) -> None:
    path, query = _signed_path(storage.signed_get_url("photos", "users/u1/new.jpg"))

    response = client.put(path, query_string=query, data=b"overwrite")

    assert response.status_code == 403
    assert not storage.object_path("photos", "users/u1/new.jpg").exists()


def test_local_stack_storage_refuses_other_methods(
    client: Client, storage: LocalStorage
) -> None:
    path, query = _signed_path(storage.signed_get_url("photos", "users/u1/new.jpg"))

    response = client.post(path, query_string=query, data=b"overwrite")

    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD, PUT"
    assert not storage.object_path("photos", "users/u1/new.jpg").exists()


def test_local_stack_signed_url_of_missing_object_is_404(
    client: Client, storage: LocalStorage
) -> None:
    path, query = _signed_path(storage.signed_get_url("documents", "users/u1/gone"))

    response = client.get(path, query_string=query)

    assert response.status_code == 404
    assert _json(response)["error"]["code"] == "not_found"
