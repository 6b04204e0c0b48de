"""Discovery of the collection's functions from their syntax trees, and URL prefixes."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.http import ApiRequest, Router
from common.local.functions import (
    EntryPoint,
    discover_functions,
    load_router,
    prefixes_of,
    read_entry_points,
    route_prefixes,
)

HTTP_MODULE = '''"""HTTP function that must never be imported by discovery."""
import functions_framework

raise RuntimeError("discovery imported this module")


@functions_framework.http
def alpha_http(request):
    return "alpha"


def helper():
    return None
'''
EVENT_MODULE = '''"""Event function using an aliased decorator import."""
from functions_framework import cloud_event as on_event


@on_event
def on_beta(event):
    return None
'''
JOB_MODULE = '''"""A job: a plain main(), no functions-framework entry point."""


def main():
    return 0
'''


def _write(functions_dir: Path, name: str, source: str) -> Path:
    folder = functions_dir / name
    folder.mkdir(parents=True)
    path = folder / "main.py"
    path.write_text(source)
    return path


def test_read_entry_points_decorated_functions_only(tmp_path: Path) -> None:
    source = _write(tmp_path, "alpha", HTTP_MODULE)

    assert read_entry_points(source) == (EntryPoint("alpha_http", "http"),)


def test_read_entry_points_aliased_cloud_event_decorator(tmp_path: Path) -> None:
    source = _write(tmp_path, "beta", EVENT_MODULE)

    assert read_entry_points(source) == (EntryPoint("on_beta", "cloudevent"),)


def test_discover_functions_never_imports_main_modules(tmp_path: Path) -> None:
    _write(tmp_path, "alpha", HTTP_MODULE)
    _write(tmp_path, "beta", EVENT_MODULE)

    found = discover_functions(tmp_path)

    assert [(f.name, f.http_entry_point) for f in found] == [
        ("alpha", "alpha_http"),
        ("beta", None),
    ]
    assert found[0].source == tmp_path / "alpha" / "main.py"


def test_discover_functions_skips_jobs_empty_and_broken_folders(
    tmp_path: Path,
) -> None:
    _write(tmp_path, "alpha", HTTP_MODULE)
    _write(tmp_path, "job", JOB_MODULE)
    _write(tmp_path, "broken", "def half_written(:\n")
    (tmp_path / "not_yet").mkdir()

    found = discover_functions(tmp_path)

    assert [function.name for function in found] == ["alpha"]


def test_discover_functions_missing_folder_finds_nothing(tmp_path: Path) -> None:
    assert discover_functions(tmp_path / "absent") == []


def test_prefixes_of_rules_first_two_segments_sorted_unique() -> None:
    rules = [
        "/api/users/me",
        "/api/auth/sign-in/email",
        "/api/users/<uuid:user_id>",
        "/api/auth/sign-out",
        "/api/users",
    ]

    assert prefixes_of(rules) == ("/api/auth", "/api/users")


def test_route_prefixes_from_router_routes() -> None:
    router = Router("things")

    @router.get("/api/things/<int:thing_id>")
    def get_thing(req: ApiRequest[None, None]) -> None:
        """Get."""

    @router.post("/api/other-things")
    def create_other(req: ApiRequest[None, None]) -> None:
        """Create."""

    assert route_prefixes(router) == ("/api/other-things", "/api/things")


def test_load_router_without_api_module_is_none() -> None:
    assert load_router("no_such_function_here") is None


@pytest.mark.parametrize("name", ["users", "properties"])
def test_load_router_existing_api_module_returns_its_router(name: str) -> None:
    api_module = Path(__file__).resolve().parents[2] / "common" / "api" / f"{name}.py"
    if not api_module.exists():
        pytest.skip(f"common/api/{name}.py is not written yet")

    router = load_router(name)

    assert router is not None
    assert router.service == name
