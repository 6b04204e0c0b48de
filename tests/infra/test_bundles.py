"""scripts/build_bundles.py: what each function's deploy bundle holds."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from scripts.build_bundles import (
    FIXED_TIMESTAMP,
    build_bundles,
    deployable_functions,
)
from tests.infra.deployment import functions
from tests.infra.terraform import ROOT

MAX_BUNDLE_BYTES = 5 * 1024 * 1024
# _native: the DVF grouper's library (built locally; functions never load it).
_FORBIDDEN_PARTS = {
    "tests", ".venv", "__pycache__", ".local", ".git", "infra", "_native",
}  # fmt: skip
_FORBIDDEN_SUFFIXES = (".pyc", ".pem", ".key", ".p12", ".tfstate", ".tfvars", ".so")


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("bundles")
    return {bundle.function: bundle.path for bundle in build_bundles(out)}


def test_one_bundle_per_terraform_function_and_none_for_the_job(
    bundles: dict[str, Path],
) -> None:
    assert set(bundles) == set(functions())
    assert "dvf_loader" not in deployable_functions()


def test_bundle_has_main_py_at_root_common_and_runtime_requirements(
    bundles: dict[str, Path],
) -> None:
    for name, path in bundles.items():
        with zipfile.ZipFile(path) as bundle:
            names = set(bundle.namelist())
            main = bundle.read("main.py")
            requirements = bundle.read("requirements.txt")
        assert main == (ROOT / "functions" / name / "main.py").read_bytes()
        assert requirements == (ROOT / "requirements.txt").read_bytes()
        assert "common/__init__.py" in names and "common/config.py" in names
        assert not any(n.startswith("functions/") for n in names), name


def test_bundle_holds_every_module_of_common(bundles: dict[str, Path]) -> None:
    modules = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "common").rglob("*.py")
        if "__pycache__" not in path.parts
    }

    with zipfile.ZipFile(bundles["users"]) as bundle:
        assert modules <= set(bundle.namelist())


def test_bundle_holds_no_tests_caches_environments_or_keys(
    bundles: dict[str, Path],
) -> None:
    for path in bundles.values():
        with zipfile.ZipFile(path) as bundle:
            names = bundle.namelist()
        for name in names:
            parts = set(Path(name).parts)
            assert not parts & _FORBIDDEN_PARTS, name
            assert not name.endswith(_FORBIDDEN_SUFFIXES), name
            assert not Path(name).name.startswith("."), name
        assert path.stat().st_size < MAX_BUNDLE_BYTES


def test_bundles_are_byte_identical_across_builds(
    bundles: dict[str, Path], tmp_path: Path
) -> None:
    again = build_bundles(tmp_path, ["synthesis"])[0].path

    assert again.read_bytes() == bundles["synthesis"].read_bytes()
    with zipfile.ZipFile(again) as bundle:
        infos = bundle.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert {i.date_time for i in infos} == {FIXED_TIMESTAMP}


def test_unknown_function_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="dvf_loader"):
        build_bundles(tmp_path, ["dvf_loader"])
