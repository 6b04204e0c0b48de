"""A small router for HTTP functions: the only place exceptions become responses.

``Router.dispatch(request)`` assigns a request id, negotiates the language, answers CORS
preflights, checks the Origin of unsafe requests, resolves the session, applies the rate
limit, validates the query and JSON body with pydantic, calls the handler and serialises
its result with security headers. It logs one line per invocation.

Every router also answers ``GET /api/<service>/health`` (dependency checks of
``common.services.health``, 503 without the database) before its route table is
consulted, so no path converter can capture it: each HTTP function gets the health
URL the deploy smoke test calls through the load balancer, with no code of its own.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import flask
from pydantic import BaseModel
from werkzeug.exceptions import MethodNotAllowed
from werkzeug.exceptions import NotFound as RouteNotFound
from werkzeug.routing import Map, Rule

from common.config import get_settings
from common.errors import (
    AppError,
    Forbidden,
    NotFound,
    RateLimited,
    Unauthenticated,
)
from common.http import responses
from common.http.inputs import client_ip, parse_body, parse_query, request_id_of
from common.http.request import ApiRequest, Principal
from common.logging import log_context, trace_fields
from common.messages import negotiate_language
from common.ratelimit import RateLimiter, get_rate_limiter

logger = logging.getLogger(__name__)

AuthMode = Literal["required", "optional", "public"]
Handler = Callable[[ApiRequest[Any, Any]], Any]
Authenticator = Callable[[Mapping[str, str]], Principal | None]
HealthCheck = Callable[[], dict[str, Any]]
_UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


@dataclass(frozen=True)
class RateLimit:
    """At most ``limit`` requests per ``window_seconds`` in the bucket ``name``."""

    name: str
    limit: int
    window_seconds: int = 60


@dataclass(frozen=True)
class Route:
    """One registered endpoint and what the router must do around it."""

    method: str
    rule: str
    handler: Handler
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    response: Any
    auth: AuthMode
    admin: bool
    rate_limit: RateLimit | None
    status: int
    summary: str
    # A multipart body the handler parses itself: described in OpenAPI, not validated.
    form: type[BaseModel] | None = None


class Router:
    """Maps method + path to handlers; see the module docstring for the pipeline."""

    def __init__(
        self,
        service: str,
        *,
        authenticator: Authenticator | None = None,
        limiter: RateLimiter | None = None,
        health_check: HealthCheck | None = None,
    ) -> None:
        self.service = service
        self.health_path = f"/api/{service}/health"
        self.routes: list[Route] = []
        self._map = Map(strict_slashes=False, merge_slashes=False)
        self._authenticator = authenticator
        self._limiter = limiter
        self._health_check = health_check

    # --- registration ---------------------------------------------------------

    def route(
        self,
        method: str,
        rule: str,
        *,
        body: type[BaseModel] | None = None,
        query: type[BaseModel] | None = None,
        response: Any = None,
        auth: AuthMode = "required",
        admin: bool = False,
        rate_limit: RateLimit | None = None,
        status: int = 200,
        form: type[BaseModel] | None = None,
    ) -> Callable[[Handler], Handler]:
        """Register a handler; returns it unchanged."""

        def register(handler: Handler) -> Handler:
            summary = (handler.__doc__ or handler.__name__).strip().splitlines()[0]
            route = Route(
                method, rule, handler, body, query, response, auth, admin,
                rate_limit, status, summary, form,
            )  # fmt: skip
            self.routes.append(route)
            endpoint = f"{method} {rule}"
            self._map.add(Rule(rule, methods=[method], endpoint=endpoint))
            return handler

        return register

    def get(self, rule: str, **options: Any) -> Callable[[Handler], Handler]:
        """Register a GET handler."""
        return self.route("GET", rule, **options)

    def post(self, rule: str, **options: Any) -> Callable[[Handler], Handler]:
        """Register a POST handler."""
        return self.route("POST", rule, **options)

    def put(self, rule: str, **options: Any) -> Callable[[Handler], Handler]:
        """Register a PUT handler."""
        return self.route("PUT", rule, **options)

    def patch(self, rule: str, **options: Any) -> Callable[[Handler], Handler]:
        """Register a PATCH handler."""
        return self.route("PATCH", rule, **options)

    def delete(self, rule: str, **options: Any) -> Callable[[Handler], Handler]:
        """Register a DELETE handler."""
        return self.route("DELETE", rule, **options)

    # --- dispatch -------------------------------------------------------------

    def dispatch(self, request: flask.Request) -> flask.Response:
        """Handle one request end to end; never raises."""
        started = time.perf_counter()
        request_id = request_id_of(request)
        language = negotiate_language(
            request.headers.get("Accept-Language"), get_settings().default_language
        )
        fields = trace_fields(
            request.headers.get("X-Cloud-Trace-Context"),
            request.headers.get("traceparent"),
        )
        with log_context(request_id=request_id, **fields) as context:
            try:
                response = self._handle(request, request_id, language, context)
            except AppError as exc:
                response = responses.error(exc, language, request_id)
            except Exception:
                logger.exception("unhandled error")
                response = responses.error(AppError(), language, request_id)
            responses.finish(response, request, request_id)
            logger.info(
                "request handled",
                extra={
                    "fields": {
                        "httpRequest": {
                            "requestMethod": request.method,
                            "requestUrl": request.path,
                            "status": response.status_code,
                            "userAgent": request.headers.get("User-Agent"),
                            "latency": f"{time.perf_counter() - started:.6f}s",
                        },
                        "service": self.service,
                    }
                },
            )
            return response

    def _handle(
        self,
        request: flask.Request,
        request_id: str,
        language: str,
        context: dict[str, object],
    ) -> flask.Response:
        if request.method == "OPTIONS":
            return responses.preflight(request)
        if request.method == "GET" and request.path.rstrip("/") == self.health_path:
            return self._health()
        route, path_values = self._match(request)
        if request.method in _UNSAFE_METHODS and not responses.origin_allowed(request):
            raise Forbidden("origin_not_allowed")
        principal = None
        if route.auth != "public":
            principal = self._authenticate(request)
            if principal is None and route.auth == "required":
                raise Unauthenticated()
        if principal is not None:
            context["user_id"] = principal.user_id
        if route.admin and (principal is None or not principal.is_superuser):
            raise Forbidden("admin_required")
        self._check_rate(route, principal, client_ip(request))
        api_request: ApiRequest[Any, Any] = ApiRequest(
            method=request.method,
            path_info=request.path,
            path=path_values,
            body=parse_body(route.body, request),
            query=parse_query(route.query, request),
            principal=principal,
            language=language,
            request_id=request_id,
            client_ip=client_ip(request),
            headers=dict(request.headers),
            cookies=request.cookies,
            raw=request,
        )
        return responses.success(route.handler(api_request), route.status)

    def _match(self, request: flask.Request) -> tuple[Route, Mapping[str, Any]]:
        adapter = self._map.bind("localhost", path_info=request.path)
        try:
            endpoint, values = adapter.match(method=request.method)
        except MethodNotAllowed as exc:
            raise _MethodNotAllowed(allowed=sorted(exc.valid_methods or [])) from exc
        except RouteNotFound as exc:
            raise NotFound("route_not_found") from exc
        route = next(r for r in self.routes if f"{r.method} {r.rule}" == endpoint)
        return route, values

    def _health(self) -> flask.Response:
        from common.services.health import check_dependencies, database_available

        report = {
            "function": self.service,
            **(self._health_check or check_dependencies)(),
        }
        status = 200 if database_available(report) else 503
        return responses.json_response(report, status)

    def _authenticate(self, request: flask.Request) -> Principal | None:
        if self._authenticator is None:
            from common.auth.sessions import principal_from_cookies

            self._authenticator = principal_from_cookies
        return self._authenticator(request.cookies)

    def _check_rate(
        self, route: Route, principal: Principal | None, client_ip: str
    ) -> None:
        limiter = self._limiter or get_rate_limiter()
        subject = f"user:{principal.user_id}" if principal else f"ip:{client_ip}"
        limits = [route.rate_limit] if route.rate_limit else []
        limits.append(RateLimit("api", get_settings().rate_limit_per_minute, 60))
        for limit in limits:
            decision = limiter.hit(
                f"{limit.name}:{subject}", limit.limit, limit.window_seconds
            )
            if not decision.allowed:
                raise RateLimited(retry_after=decision.retry_after)


class _MethodNotAllowed(AppError):
    status, code = 405, "method_not_allowed"
