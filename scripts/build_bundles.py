"""Build the deploy bundle of every Cloud Function: ``<out>/<function>.zip``.

A bundle is what Cloud Functions builds from: the function's ``main.py`` at the
root, the shared ``common/`` package beside it, and ``requirements.txt`` (the
runtime pins only). The functions are the folders of ``functions/`` whose
``main.py`` declares a functions-framework entry point, read from its syntax tree
as the local stack does; the DVF loader declares none (it ships as the job image,
``infra/job.Dockerfile``).

Bundles are deterministic: entries sorted, fixed timestamps and permissions, so
the same commit always gives byte-identical zips and an unchanged function is not
rebuilt for nothing. Caches, tests, virtualenvs and anything that looks like a key
or a local environment file are never packed. No network is used.

    python -m scripts.build_bundles [--out dist/bundles] [FUNCTION...]
"""

from __future__ import annotations

import argparse
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from common.config import PROJECT_ROOT
from common.local.functions import discover_functions

# 1980-01-01, the earliest time a zip entry can carry.
FIXED_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o644 << 16
SHARED_PACKAGE = "common"
REQUIREMENTS = "requirements.txt"
# _native: the DVF grouper's built library, for the DVF job (its image builds its own).
_EXCLUDED_DIRS = frozenset(
    {"__pycache__", ".pytest_cache", ".mypy_cache", "tests", "_native"}
)
_EXCLUDED_SUFFIXES = (".pyc", ".pyo", ".pem", ".key", ".p12", ".env", ".tfstate")
_EXCLUDED_NAMES = frozenset({".env", ".DS_Store", "credentials.json"})


@dataclass(frozen=True)
class Bundle:
    """One built bundle: the function it deploys and where its zip is."""

    function: str
    path: Path
    entries: int


def bundle_entries(function: str, root: Path = PROJECT_ROOT) -> list[tuple[str, Path]]:
    """``(name in the zip, file on disk)`` of a function's bundle, sorted by name."""
    entries = [
        ("main.py", root / "functions" / function / "main.py"),
        (REQUIREMENTS, root / REQUIREMENTS),
    ]
    package = root / SHARED_PACKAGE
    entries.extend(
        (path.relative_to(root).as_posix(), path) for path in _package_files(package)
    )
    return sorted(entries)


def _package_files(directory: Path) -> Iterator[Path]:
    for path in sorted(directory.iterdir()):
        if path.is_dir():
            if path.name not in _EXCLUDED_DIRS and not path.name.startswith("."):
                yield from _package_files(path)
        elif _packable(path):
            yield path


def _packable(path: Path) -> bool:
    name = path.name
    return not (
        name in _EXCLUDED_NAMES
        or name.endswith(_EXCLUDED_SUFFIXES)
        or name.startswith(".")
    )


def write_bundle(function: str, out_dir: Path, root: Path = PROJECT_ROOT) -> Bundle:
    """Write ``<out_dir>/<function>.zip`` and describe it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{function}.zip"
    entries = bundle_entries(function, root)
    with zipfile.ZipFile(
        target, "w", zipfile.ZIP_DEFLATED, compresslevel=9
    ) as zip_file:
        for name, source in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIMESTAMP)
            info.external_attr = FILE_MODE
            info.compress_type = zipfile.ZIP_DEFLATED
            zip_file.writestr(info, source.read_bytes(), compresslevel=9)
    return Bundle(function, target, len(entries))


def deployable_functions(root: Path = PROJECT_ROOT) -> list[str]:
    """Folders of ``functions/`` with a functions-framework entry point, sorted."""
    return [source.name for source in discover_functions(root / "functions")]


def build_bundles(
    out_dir: Path, functions: Sequence[str] = (), root: Path = PROJECT_ROOT
) -> list[Bundle]:
    """Bundle ``functions`` (all deployable ones when empty) into ``out_dir``."""
    known = deployable_functions(root)
    unknown = sorted(set(functions) - set(known))
    if unknown:
        raise SystemExit(f"not deployable functions: {', '.join(unknown)}")
    return [write_bundle(name, out_dir, root) for name in (functions or known)]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: build the bundles and list them."""
    parser = argparse.ArgumentParser(prog="python -m scripts.build_bundles")
    parser.add_argument("functions", nargs="*", metavar="FUNCTION")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "dist" / "bundles")
    args = parser.parse_args(argv)
    for bundle in build_bundles(args.out, args.functions):
        size = bundle.path.stat().st_size
        print(f"{bundle.function}\t{bundle.path}\t{bundle.entries} files\t{size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
