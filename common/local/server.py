"""The local stack: every HTTP function of the collection behind one WSGI app.

Each HTTP function runs as the app functions-framework builds for it, and receives the
request with its full path, as behind the production load balancer: the dispatcher
picks the function whose URL prefix (from its router) is the longest match and never
strips that prefix. The stack itself answers ``GET /api/health``, ``GET
/api/openapi.json`` and ``/_storage/<bucket>/<key>``: the signed GET and PUT URLs of
``LocalStorage`` (a PUT stores the object, whose finalize event reaches the event
functions through the local bus); anything else is the house JSON 404. Event
functions are not routed here: the bus posts CloudEvents to them.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Literal, cast

import flask
from pydantic import BaseModel, ConfigDict
from werkzeug.utils import send_file

from common.config import get_settings
from common.errors import AppError, NotFound
from common.http import ApiRequest, ApiResponse, Router, responses
from common.http.openapi import build_openapi
from common.local.functions import (
    FUNCTIONS_DIR,
    MountedEventFunction,
    discover_functions,
    load_router,
    route_prefixes,
)
from common.logging import log_context
from common.messages import negotiate_language
from common.services.health import check_dependencies, database_available
from common.storage import BUCKET_ROLES, LOCAL_URL_PREFIX, LocalStorage, get_storage

logger = logging.getLogger(__name__)

WsgiApp = Callable[..., Iterable[bytes]]
RouterLoader = Callable[[str], Router | None]


@dataclass(frozen=True)
class MountedFunction:
    """An HTTP function served by the stack, and the URL prefixes it owns."""

    name: str
    entry_point: str
    prefixes: tuple[str, ...]
    router: Router
    app: WsgiApp


class DependencyCheck(BaseModel):
    """The outcome of one dependency check."""

    model_config = ConfigDict(extra="allow")
    status: Literal["ok", "down", "disabled", "unchecked"]
    latency_ms: float | None = None
    error: str | None = None


class FunctionInfo(BaseModel):
    """A function mounted by the local stack."""

    name: str
    entry_point: str
    prefixes: list[str]


class EventFunctionInfo(BaseModel):
    """An event function subscribed to the local bus, and its trigger."""

    name: str
    entry_point: str
    trigger: dict[str, str]


class HealthReport(BaseModel):
    """Dependencies, revision and (locally) the mounted functions."""

    status: Literal["ok", "degraded"]
    checks: dict[str, DependencyCheck]
    service: str
    revision: str
    functions: list[FunctionInfo]
    event_functions: list[EventFunctionInfo]


class _StorageMethodNotAllowed(AppError):
    status, code = 405, "method_not_allowed"


def mount_functions(
    functions_dir: Path = FUNCTIONS_DIR, *, router_loader: RouterLoader = load_router
) -> list[MountedFunction]:
    """Build the app of every HTTP function found under ``functions_dir``."""
    from functions_framework import create_app

    mounted = []
    for function in discover_functions(functions_dir):
        target = function.http_entry_point
        if target is None:  # an event function: the bus delivers to it
            continue
        router = router_loader(function.name)
        fields: dict[str, object] = {"function": function.name}
        if router is None or not router.routes:
            logger.info(
                "function not mounted: no HTTP router", extra={"fields": fields}
            )
            continue
        try:
            app = create_app(target, str(function.source), signature_type="http")
        except Exception:
            logger.exception("function failed to load", extra={"fields": fields})
            continue
        prefixes = route_prefixes(router)
        mounted.append(MountedFunction(function.name, target, prefixes, router, app))
    return mounted


class LocalStack:
    """The WSGI app of the local stack (see the module docstring)."""

    def __init__(
        self,
        functions: list[MountedFunction],
        *,
        event_functions: list[MountedEventFunction] | None = None,
        storage: LocalStorage | None = None,
    ) -> None:
        self.functions = functions
        self.event_functions = event_functions or []
        self.router = _stack_router(self)
        self._storage = storage
        self._own_paths = {route.rule for route in self.router.routes}
        self._prefixes = sorted(
            ((prefix, f) for f in functions for prefix in f.prefixes),
            key=lambda item: len(item[0]),
            reverse=True,
        )

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        """Route one request: storage, the stack's own endpoints, then functions."""
        path = environ.get("PATH_INFO") or "/"
        if path.startswith(LOCAL_URL_PREFIX + "/"):
            return self._serve_storage(environ, start_response)
        function = self.function_for(path)
        if function is not None and path.rstrip("/") not in self._own_paths:
            return function.app(environ, start_response)
        response = self.router.dispatch(flask.Request(environ))
        return response(environ, start_response)

    def function_for(self, path: str) -> MountedFunction | None:
        """The function owning ``path`` (longest prefix, on segment boundaries)."""
        for prefix, function in self._prefixes:
            if path == prefix or path.startswith(prefix + "/"):
                return function
        return None

    def openapi(self) -> dict[str, Any]:
        """The OpenAPI document of the stack and of every mounted function."""
        routers = [self.router, *(function.router for function in self.functions)]
        return build_openapi(routers, server_url=get_settings().public_base_url)

    def _serve_storage(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        request = flask.Request(environ)
        request_id = uuid.uuid4().hex
        language = negotiate_language(
            request.headers.get("Accept-Language"), get_settings().default_language
        )
        with log_context(request_id=request_id):
            try:
                response = self._storage_object(request)
            except AppError as exc:
                response = responses.error(exc, language, request_id)
            # Files are embedded by the front end, which is another site locally.
            response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
            responses.finish(response, request, request_id)
            status = response.status_code
            logger.info(
                "storage request",
                extra={"fields": {"method": request.method, "status": status}},
            )
        return response(environ, start_response)

    def _storage_object(self, request: flask.Request) -> flask.Response:
        if request.method == "OPTIONS":
            return responses.preflight(request)
        if request.method not in ("GET", "HEAD", "PUT"):
            raise _StorageMethodNotAllowed(allowed=["GET", "HEAD", "PUT"])
        role, _, key = request.path.removeprefix(LOCAL_URL_PREFIX + "/").partition("/")
        bucket = next((name for name in BUCKET_ROLES if name == role), None)
        storage = self._storage or get_storage()
        if bucket is None or not key or not isinstance(storage, LocalStorage):
            raise NotFound("object_not_found")
        query = request.args.to_dict()
        if request.method == "PUT":
            content_type = request.headers.get("Content-Type")
            stream = cast(BinaryIO, request.stream)
            storage.accept_signed_upload(bucket, key, query, content_type, stream)
            return flask.Response(status=200)  # GCS answers an upload with no body
        download = storage.accept_signed_download(bucket, key, query)
        mimetype = download.stored.content_type or "application/octet-stream"
        sent = send_file(
            download.path,
            request.environ,
            mimetype=mimetype,
            max_age=0,
            response_class=flask.Response,
        )
        if download.content_disposition:
            sent.headers["Content-Disposition"] = download.content_disposition
        return cast(flask.Response, sent)


def _stack_router(stack: LocalStack) -> Router:
    router = Router("local")

    @router.get("/api/health", auth="public", response=HealthReport)
    def health(_req: ApiRequest[None, None]) -> ApiResponse:
        """Readiness of the database, Redis and storage; 503 if the database is down."""
        report = check_dependencies()
        report["functions"] = [
            {"name": f.name, "entry_point": f.entry_point, "prefixes": list(f.prefixes)}
            for f in stack.functions
        ]
        report["event_functions"] = [f.describe() for f in stack.event_functions]
        return ApiResponse(
            body=report, status=200 if database_available(report) else 503
        )

    @router.get("/api/openapi.json", auth="public", response=dict[str, Any])
    def openapi(_req: ApiRequest[None, None]) -> dict[str, Any]:
        """The OpenAPI 3.1 document of every function served here."""
        return stack.openapi()

    return router
