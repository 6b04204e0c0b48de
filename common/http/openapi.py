"""An OpenAPI 3.1 document generated from the routers of the HTTP functions.

Every route declares its body, query and response models, so the document is derived,
never written by hand. Schemas of all models are generated in one pydantic pass, which
keeps component names unique, and only components reachable from a path are kept. The
output is deterministic: paths, operations and components are sorted.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator
from http import HTTPStatus
from typing import Any

from pydantic import TypeAdapter
from pydantic.json_schema import JsonSchemaMode

from common.auth.cookies import COOKIE_NAME
from common.http.router import Route, Router

OPENAPI_VERSION = "3.1.0"
_SCHEMAS = "#/components/schemas/"
_REF_TEMPLATE = _SCHEMAS + "{model}"
_RESPONSES = "#/components/responses/"
_RULE_VARIABLE = re.compile(
    r"<(?:(?P<converter>[A-Za-z_]\w*)(?:\((?P<args>[^)]*)\))?:)?(?P<name>[A-Za-z_]\w*)>"
)
_CONVERTER_SCHEMAS: dict[str, dict[str, Any]] = {
    "uuid": {"type": "string", "format": "uuid"},
    "int": {"type": "integer"},
    "float": {"type": "number"},
}
_ERROR_RESPONSES = {
    "400": ("BadRequest", "The request is invalid (`invalid_input`)."),
    "401": ("Unauthenticated", "No valid session (`unauthenticated`)."),
    "403": ("Forbidden", "The action is not allowed (`forbidden`)."),
    "404": ("NotFound", "No such resource, or it belongs to someone else."),
    "429": ("RateLimited", "Too many requests; see `Retry-After`."),
    "500": ("InternalError", "An unexpected error (`internal`)."),
}
COOKIE_AUTH = {"type": "apiKey", "in": "cookie", "name": COOKIE_NAME}
ERROR_SCHEMA_NAME = "ErrorResponse"
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "ErrorResponse",
    "required": ["error", "request_id"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "details"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "details": {"type": "object", "additionalProperties": True},
            },
        },
        "request_id": {"type": "string"},
    },
}

RouteSchemas = dict[str, dict[str, Any]]  # "body" | "query" | "response" -> schema


def build_openapi(
    routers: Iterable[Router],
    *,
    title: str = "Logis API",
    version: str = "0.1.0",
    server_url: str | None = None,
) -> dict[str, Any]:
    """The OpenAPI 3.1 document of ``routers`` (deterministic, sorted)."""
    routes = sorted(
        ((router.service, route) for router in routers for route in router.routes),
        key=lambda item: (_openapi_path(item[1].rule), item[1].method, item[0]),
    )
    route_schemas, definitions = _schemas([route for _, route in routes])
    paths: dict[str, dict[str, Any]] = {}
    operation_ids: set[str] = set()
    for (service, route), schemas in zip(routes, route_schemas, strict=True):
        operations = paths.setdefault(_openapi_path(route.rule), {})
        method = route.method.lower()
        if method not in operations:  # two services claiming one endpoint: first wins
            operations[method] = _operation(
                service, route, schemas, definitions, operation_ids
            )
    document: dict[str, Any] = {
        "openapi": OPENAPI_VERSION,
        "info": {"title": title, "version": version},
        "paths": {
            path: {method: paths[path][method] for method in sorted(paths[path])}
            for path in sorted(paths)
        },
        "components": {
            "schemas": definitions,
            "responses": _error_responses(),
            "securitySchemes": {"cookieAuth": dict(COOKIE_AUTH)},
        },
        "tags": [{"name": name} for name in sorted({s for s, _ in routes})],
    }
    if server_url:
        document["servers"] = [{"url": server_url}]
    _prune_schemas(document)
    return document


def _openapi_path(rule: str) -> str:
    return _RULE_VARIABLE.sub(lambda match: "{" + match["name"] + "}", rule)


def _schemas(routes: list[Route]) -> tuple[list[RouteSchemas], dict[str, Any]]:
    """One pydantic pass over every model: per-route schemas and the definitions."""
    inputs: list[tuple[tuple[int, str], JsonSchemaMode, TypeAdapter[Any]]] = []
    for index, route in enumerate(routes):
        models: tuple[tuple[str, Any, JsonSchemaMode], ...] = (
            ("body", route.body, "validation"),
            ("form", route.form, "validation"),
            ("query", route.query, "validation"),
            ("response", route.response, "serialization"),
        )
        for kind, annotation, mode in models:
            if annotation is not None:
                inputs.append(((index, kind), mode, TypeAdapter(annotation)))
    per_route: list[RouteSchemas] = [{} for _ in routes]
    defs: dict[str, Any] = {}
    if inputs:
        keys, generated = TypeAdapter.json_schemas(inputs, ref_template=_REF_TEMPLATE)
        for ((index, kind), _mode), schema in keys.items():
            per_route[index][kind] = schema
        defs = generated.get("$defs", {})
    if ERROR_SCHEMA_NAME in defs:
        raise ValueError(f"no model may be named {ERROR_SCHEMA_NAME}")
    defs[ERROR_SCHEMA_NAME] = copy.deepcopy(ERROR_SCHEMA)
    return per_route, {name: defs[name] for name in sorted(defs)}


def _operation(
    service: str,
    route: Route,
    schemas: RouteSchemas,
    definitions: dict[str, Any],
    operation_ids: set[str],
) -> dict[str, Any]:
    operation_id = route.handler.__name__
    if operation_id in operation_ids:
        operation_id = f"{service}_{operation_id}"
    operation_ids.add(operation_id)
    operation: dict[str, Any] = {
        "operationId": operation_id,
        "summary": route.summary,
        "tags": [service],
    }
    parameters = _path_parameters(route.rule) + _query_parameters(
        route, schemas, definitions
    )
    if parameters:
        operation["parameters"] = parameters
    if "body" in schemas:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": schemas["body"]}},
        }
    elif "form" in schemas:
        operation["requestBody"] = {
            "required": True,
            "content": {"multipart/form-data": {"schema": schemas["form"]}},
        }
    operation["responses"] = _responses(route, schemas)
    if route.auth == "required":
        operation["security"] = [{"cookieAuth": []}]
    elif route.auth == "optional":
        operation["security"] = [{"cookieAuth": []}, {}]
    return operation


def _path_parameters(rule: str) -> list[dict[str, Any]]:
    return [
        {
            "name": match["name"],
            "in": "path",
            "required": True,
            "schema": dict(
                _CONVERTER_SCHEMAS.get(match["converter"] or "", {"type": "string"})
            ),
        }
        for match in _RULE_VARIABLE.finditer(rule)
    ]


def _query_parameters(
    route: Route, schemas: RouteSchemas, definitions: dict[str, Any]
) -> list[dict[str, Any]]:
    """One parameter per field of the query model, named as the router reads it."""
    if route.query is None or "query" not in schemas:
        return []
    model_schema = _resolve(schemas["query"], definitions)
    properties: dict[str, Any] = model_schema.get("properties", {})
    required = set(model_schema.get("required", []))
    parameters = []
    for name, field in route.query.model_fields.items():
        key = field.alias or name
        parameter: dict[str, Any] = {
            "name": key,
            "in": "query",
            "required": key in required,
            "schema": properties.get(key, {}),
        }
        if field.description:
            parameter["description"] = field.description
        parameters.append(parameter)
    return parameters


def _resolve(schema: dict[str, Any], definitions: dict[str, Any]) -> dict[str, Any]:
    reference = schema.get("$ref")
    if isinstance(reference, str) and reference.startswith(_SCHEMAS):
        resolved: dict[str, Any] = definitions[reference.removeprefix(_SCHEMAS)]
        return resolved
    return schema


def _responses(route: Route, schemas: RouteSchemas) -> dict[str, Any]:
    responses: dict[str, Any] = {}
    description = HTTPStatus(route.status).phrase
    if "response" in schemas:
        content = {"application/json": {"schema": schemas["response"]}}
        responses[str(route.status)] = {"description": description, "content": content}
    elif route.status == 200:  # a handler returning None answers 204
        responses["204"] = {"description": HTTPStatus.NO_CONTENT.phrase}
    else:
        responses[str(route.status)] = {"description": description}
    errors = ["429", "500"]
    if route.body is not None or route.query is not None:
        errors.append("400")
    if route.auth == "required":
        errors.append("401")
    if route.admin:
        errors.append("403")
    if _RULE_VARIABLE.search(route.rule):
        errors.append("404")
    for code in errors:
        responses[code] = {"$ref": _RESPONSES + _ERROR_RESPONSES[code][0]}
    return {code: responses[code] for code in sorted(responses)}


def _error_responses() -> dict[str, Any]:
    """The shared error responses, all with the one error body."""
    schema = {"$ref": _SCHEMAS + ERROR_SCHEMA_NAME}
    responses: dict[str, Any] = {
        name: {
            "description": description,
            "content": {"application/json": {"schema": dict(schema)}},
        }
        for name, description in _ERROR_RESPONSES.values()
    }
    responses["RateLimited"]["headers"] = {
        "Retry-After": {
            "description": "Seconds until the window resets.",
            "schema": {"type": "integer"},
        }
    }
    return {name: responses[name] for name in sorted(responses)}


def _prune_schemas(document: dict[str, Any]) -> None:
    """Keep only the schemas reachable from a path or a shared response."""
    components = document["components"]
    schemas: dict[str, Any] = components["schemas"]
    reachable: set[str] = set()
    pending = list(_references([document["paths"], components["responses"]]))
    while pending:
        name = pending.pop()
        if name not in reachable and name in schemas:
            reachable.add(name)
            pending.extend(_references(schemas[name]))
    components["schemas"] = {name: schemas[name] for name in sorted(reachable)}


def _references(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        reference = node.get("$ref")
        if isinstance(reference, str) and reference.startswith(_SCHEMAS):
            yield reference.removeprefix(_SCHEMAS)
        for value in node.values():
            yield from _references(value)
    elif isinstance(node, list):
        for item in node:
            yield from _references(item)
