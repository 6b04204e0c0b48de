"""The collection's deployables, found on disk: ``functions/<name>/main.py``.

Entry points are read from each module's syntax tree (functions decorated with
``functions_framework.http`` or ``functions_framework.cloud_event``) so discovery never
executes a ``main.py``. An HTTP function's URL prefixes come from its router,
``common.api.<name>.router``: the first two path segments of every route. An event
function is mounted on the local bus by the trigger ``common.triggers`` declares for
its folder, as Eventarc would deliver to it.
"""

from __future__ import annotations

import ast
import importlib
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from common.config import PROJECT_ROOT, get_settings
from common.http import Router
from common.local.bus import LocalBus
from common.local.cloud_events import DeliveryMode, WsgiDeliverer
from common.triggers import (
    EVENT_TRIGGERS,
    PUBSUB_PUBLISHED,
    STORAGE_FINALIZED,
    BucketTrigger,
    Trigger,
)

logger = logging.getLogger(__name__)

FUNCTIONS_DIR = PROJECT_ROOT / "functions"
SignatureType = Literal["http", "cloudevent"]
_DECORATORS: dict[str, SignatureType] = {"http": "http", "cloud_event": "cloudevent"}
_FRAMEWORK = "functions_framework"
# The bus emits object finalize events and Pub/Sub pushes (common.local.bus).
_BUS_EVENT_TYPES = frozenset({STORAGE_FINALIZED, PUBSUB_PUBLISHED})


@dataclass(frozen=True)
class EntryPoint:
    """One decorated function of a deployable."""

    name: str
    signature_type: SignatureType


@dataclass(frozen=True)
class FunctionSource:
    """A deployable folder and the entry points its ``main.py`` declares."""

    name: str
    source: Path
    entry_points: tuple[EntryPoint, ...]

    @property
    def http_entry_point(self) -> str | None:
        """The first HTTP entry point, if the function serves HTTP."""
        return self._first("http")

    @property
    def cloud_event_entry_point(self) -> str | None:
        """The first CloudEvent entry point, if the function takes events."""
        return self._first("cloudevent")

    def _first(self, signature_type: SignatureType) -> str | None:
        return next(
            (e.name for e in self.entry_points if e.signature_type == signature_type),
            None,
        )


@dataclass(frozen=True)
class MountedEventFunction:
    """An event function subscribed to the local bus, and what triggers it."""

    name: str
    entry_point: str
    trigger: Trigger
    deliverer: WsgiDeliverer

    def describe(self) -> dict[str, object]:
        """A JSON summary for the health report."""
        trigger = self.trigger.describe(get_settings())
        return {"name": self.name, "entry_point": self.entry_point, "trigger": trigger}


def discover_functions(functions_dir: Path = FUNCTIONS_DIR) -> list[FunctionSource]:
    """Every ``<dir>/<name>/main.py`` with at least one entry point, by name."""
    found = []
    for source in sorted(functions_dir.glob("*/main.py")):
        try:
            entry_points = read_entry_points(source)
        except (OSError, SyntaxError, ValueError) as exc:
            logger.warning(
                "function skipped",
                extra={"fields": {"source": str(source), "error": repr(exc)}},
            )
            continue
        if entry_points:
            found.append(FunctionSource(source.parent.name, source, entry_points))
    return found


def read_entry_points(source: Path) -> tuple[EntryPoint, ...]:
    """The functions-framework entry points of a module, from its syntax tree."""
    tree = ast.parse(source.read_text(encoding="utf-8"), filename=str(source))
    module_aliases, decorator_aliases = _framework_imports(tree)
    entry_points = []
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for decorator in node.decorator_list:
            kind = _decorator_kind(decorator, module_aliases, decorator_aliases)
            if kind is not None:
                entry_points.append(EntryPoint(node.name, kind))
                break
    return tuple(entry_points)


def _framework_imports(
    tree: ast.Module,
) -> tuple[set[str], dict[str, SignatureType]]:
    modules: set[str] = set()
    decorators: dict[str, SignatureType] = {}
    for node in tree.body:
        if isinstance(node, ast.Import):
            modules.update(
                alias.asname or alias.name
                for alias in node.names
                if alias.name == _FRAMEWORK
            )
        elif isinstance(node, ast.ImportFrom) and node.module == _FRAMEWORK:
            for alias in node.names:
                if alias.name in _DECORATORS:
                    decorators[alias.asname or alias.name] = _DECORATORS[alias.name]
    return modules, decorators


def _decorator_kind(
    decorator: ast.expr,
    module_aliases: set[str],
    decorator_aliases: dict[str, SignatureType],
) -> SignatureType | None:
    if isinstance(decorator, ast.Call):  # tolerate @functions_framework.http()
        decorator = decorator.func
    if isinstance(decorator, ast.Name):
        return decorator_aliases.get(decorator.id)
    if (
        isinstance(decorator, ast.Attribute)
        and isinstance(decorator.value, ast.Name)
        and decorator.value.id in module_aliases
    ):
        return _DECORATORS.get(decorator.attr)
    return None


def load_router(name: str) -> Router | None:
    """``common.api.<name>.router``, or None when the function has no router."""
    module_name = f"common.api.{name}"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name in (module_name, "common.api"):
            return None
        raise
    router = getattr(module, "router", None)
    return router if isinstance(router, Router) else None


def route_prefixes(router: Router) -> tuple[str, ...]:
    """The distinct first two path segments of the router's rules, sorted."""
    return prefixes_of(route.rule for route in router.routes)


def prefixes_of(rules: Iterable[str]) -> tuple[str, ...]:
    """``/api/users/<id>`` -> ``/api/users``; one entry per distinct prefix."""
    prefixes = set()
    for rule in rules:
        segments = [segment for segment in rule.split("/") if segment]
        if segments:
            prefixes.add("/" + "/".join(segments[:2]))
    return tuple(sorted(prefixes))


def mount_event_functions(
    bus: LocalBus,
    functions_dir: Path = FUNCTIONS_DIR,
    *,
    triggers: Mapping[str, Trigger] = EVENT_TRIGGERS,
    mode: DeliveryMode = "structured",
) -> list[MountedEventFunction]:
    """Subscribe every CloudEvent function under ``functions_dir`` to ``bus``."""
    from functions_framework import create_app

    settings = get_settings()
    mounted = []
    for function in discover_functions(functions_dir):
        target = function.cloud_event_entry_point
        trigger = triggers.get(function.name)
        fields: dict[str, object] = {"function": function.name}
        if target is None:
            continue
        if trigger is None or trigger.event_type not in _BUS_EVENT_TYPES:
            logger.warning("event function without trigger", extra={"fields": fields})
            continue
        try:
            app = create_app(target, str(function.source), signature_type="cloudevent")
        except Exception:
            logger.exception("function failed to load", extra={"fields": fields})
            continue
        deliverer = WsgiDeliverer(app, name=function.name, mode=mode)
        if isinstance(trigger, BucketTrigger):
            bucket = trigger.bucket_name(settings)
            bus.subscribe_bucket(bucket, deliverer, name=function.name)
        else:
            bus.subscribe_topic(trigger.topic(settings), deliverer, name=function.name)
        mounted.append(MountedEventFunction(function.name, target, trigger, deliverer))
    return mounted
