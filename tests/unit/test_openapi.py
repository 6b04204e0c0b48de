"""build_openapi: paths, parameters, models, security and error responses."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from enum import StrEnum
from typing import Any

import pytest
from pydantic import BaseModel, Field

from common.http import ApiRequest, Router
from common.http.openapi import build_openapi


class Category(StrEnum):
    """A nested enum, hoisted into the components."""

    flat = "flat"
    house = "house"


class ItemBody(BaseModel):
    name: str
    category: Category


class ItemQuery(BaseModel):
    page: int = Field(default=1, ge=1, description="Page number")
    search_text: str | None = Field(default=None, alias="q")


class ItemOut(BaseModel):
    id: uuid.UUID
    name: str
    category: Category


def _items_router() -> Router:
    router = Router("items")

    @router.get("/api/items", query=ItemQuery, response=list[ItemOut])
    def list_items(req: ApiRequest[None, ItemQuery]) -> list[ItemOut]:
        """List the items of the user.

        Longer description that is not the summary.
        """
        return []

    @router.post("/api/items", body=ItemBody, response=ItemOut, status=201)
    def create_item(req: ApiRequest[ItemBody, None]) -> None:
        """Create an item."""

    @router.delete("/api/items/<uuid:item_id>", admin=True)
    def delete_item(req: ApiRequest[None, None]) -> None:
        """Delete an item."""

    @router.get("/api/public/<int:year>/<slug>", auth="public", response=ItemOut)
    def public_item(req: ApiRequest[None, None]) -> None:
        """A public item."""

    @router.get("/api/items/mine/summary", auth="optional", response=dict[str, Any])
    def summary(req: ApiRequest[None, None]) -> dict[str, Any]:
        """A summary."""
        return {}

    return router


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return build_openapi([_items_router()])


def _responses(document: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    responses: dict[str, Any] = document["paths"][path][method]["responses"]
    return responses


def test_build_openapi_header_is_openapi_3_1(document: dict[str, Any]) -> None:
    assert document["openapi"] == "3.1.0"
    assert document["info"]["title"]
    assert document["tags"] == [{"name": "items"}]


def test_build_openapi_rules_become_templated_paths(document: dict[str, Any]) -> None:
    assert sorted(document["paths"]) == [
        "/api/items",
        "/api/items/mine/summary",
        "/api/items/{item_id}",
        "/api/public/{year}/{slug}",
    ]
    assert sorted(document["paths"]["/api/items"]) == ["get", "post"]


def test_build_openapi_path_parameters_typed_by_converter(
    document: dict[str, Any],
) -> None:
    uuid_params = document["paths"]["/api/items/{item_id}"]["delete"]["parameters"]
    public_params = document["paths"]["/api/public/{year}/{slug}"]["get"]["parameters"]

    assert uuid_params == [
        {
            "name": "item_id",
            "in": "path",
            "required": True,
            "schema": {"type": "string", "format": "uuid"},
        }
    ]
    assert [(p["name"], p["schema"]) for p in public_params] == [
        ("year", {"type": "integer"}),
        ("slug", {"type": "string"}),
    ]


def test_build_openapi_operation_metadata_from_handler(
    document: dict[str, Any],
) -> None:
    operation = document["paths"]["/api/items"]["get"]

    assert operation["operationId"] == "list_items"
    assert operation["summary"] == "List the items of the user."
    assert operation["tags"] == ["items"]


def test_build_openapi_query_model_fields_become_query_parameters(
    document: dict[str, Any],
) -> None:
    parameters = document["paths"]["/api/items"]["get"]["parameters"]
    by_name = {parameter["name"]: parameter for parameter in parameters}

    assert set(by_name) == {"page", "q"}
    assert by_name["page"]["in"] == "query"
    assert by_name["page"]["required"] is False
    assert by_name["page"]["schema"]["type"] == "integer"
    assert by_name["page"]["schema"]["minimum"] == 1
    assert by_name["page"]["description"] == "Page number"
    assert "ItemQuery" not in document["components"]["schemas"]


def test_build_openapi_request_body_references_hoisted_schema(
    document: dict[str, Any],
) -> None:
    body = document["paths"]["/api/items"]["post"]["requestBody"]
    schemas = document["components"]["schemas"]

    assert body["required"] is True
    assert body["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ItemBody"
    }
    assert schemas["ItemBody"]["properties"]["category"] == {
        "$ref": "#/components/schemas/Category"
    }
    assert schemas["Category"]["enum"] == ["flat", "house"]


def test_build_openapi_responses_use_route_status_and_model(
    document: dict[str, Any],
) -> None:
    listed = _responses(document, "/api/items", "get")["200"]
    created = _responses(document, "/api/items", "post")["201"]
    deleted = _responses(document, "/api/items/{item_id}", "delete")

    assert listed["content"]["application/json"]["schema"] == {
        "type": "array",
        "items": {"$ref": "#/components/schemas/ItemOut"},
    }
    assert created["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ItemOut"
    }
    assert "content" not in deleted["204"]


def test_build_openapi_error_responses_match_route_requirements(
    document: dict[str, Any],
) -> None:
    codes = {
        ("/api/items", "get"): ["200", "400", "401", "429", "500"],
        ("/api/items", "post"): ["201", "400", "401", "429", "500"],
        ("/api/items/{item_id}", "delete"): ["204", "401", "403", "404", "429", "500"],
        ("/api/public/{year}/{slug}", "get"): ["200", "404", "429", "500"],
        ("/api/items/mine/summary", "get"): ["200", "429", "500"],
    }

    for (path, method), expected in codes.items():
        assert list(_responses(document, path, method)) == expected, path
    assert _responses(document, "/api/items/{item_id}", "delete")["403"] == {
        "$ref": "#/components/responses/Forbidden"
    }


def test_build_openapi_error_schema_is_the_house_error_body(
    document: dict[str, Any],
) -> None:
    error = document["components"]["schemas"]["ErrorResponse"]
    unauthenticated = document["components"]["responses"]["Unauthenticated"]

    assert error["required"] == ["error", "request_id"]
    assert error["properties"]["error"]["required"] == ["code", "message", "details"]
    assert unauthenticated["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorResponse"
    }
    assert (
        "Retry-After" in document["components"]["responses"]["RateLimited"]["headers"]
    )


def test_build_openapi_cookie_security_on_non_public_routes(
    document: dict[str, Any],
) -> None:
    paths = document["paths"]

    assert document["components"]["securitySchemes"]["cookieAuth"] == {
        "type": "apiKey",
        "in": "cookie",
        "name": "better-auth.session_token",
    }
    assert paths["/api/items"]["get"]["security"] == [{"cookieAuth": []}]
    assert paths["/api/items/mine/summary"]["get"]["security"] == [
        {"cookieAuth": []},
        {},
    ]
    assert "security" not in paths["/api/public/{year}/{slug}"]["get"]


def _references(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from _references(value)
    elif isinstance(node, list):
        for item in node:
            yield from _references(item)


def test_build_openapi_every_reference_resolves(document: dict[str, Any]) -> None:
    references = set(_references(document))

    assert references
    for reference in references:
        _, _, section, name = reference.split("/")
        assert name in document["components"][section], reference


def test_build_openapi_output_is_deterministic() -> None:
    first = build_openapi([_items_router(), Router("empty")])
    second = build_openapi([Router("empty"), _items_router()])

    assert json.dumps(first) == json.dumps(second)
    assert list(first["components"]["schemas"]) == sorted(
        first["components"]["schemas"]
    )


def _ping_router(service: str, path: str) -> Router:
    router = Router(service)

    @router.get(path)
    def ping(req: ApiRequest[None, None]) -> None:
        """Ping."""

    return router


def test_build_openapi_duplicate_handler_names_get_unique_operation_ids() -> None:
    document = build_openapi(
        [_ping_router("alpha", "/api/alpha"), _ping_router("beta", "/api/beta")]
    )
    operation_ids = [
        operation["operationId"]
        for item in document["paths"].values()
        for operation in item.values()
    ]

    assert operation_ids == ["ping", "beta_ping"]


class UploadForm(BaseModel):
    property_id: uuid.UUID
    files: list[bytes]


def test_build_openapi_form_route_documents_a_multipart_body() -> None:
    # given
    router = Router("uploads")

    @router.post("/api/uploads", form=UploadForm, status=202)
    def upload(req: ApiRequest[None]) -> None:
        """Upload files."""

    # when
    document = build_openapi([router])
    # then
    body = document["paths"]["/api/uploads"]["post"]["requestBody"]
    assert list(body["content"]) == ["multipart/form-data"]
    schema_ref = body["content"]["multipart/form-data"]["schema"]["$ref"]
    assert schema_ref == "#/components/schemas/UploadForm"
    assert "UploadForm" in document["components"]["schemas"]
