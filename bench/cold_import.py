"""Cold import of every ``functions/*/main.py``, each run in a fresh interpreter.

The module is loaded the way functions-framework loads it (its own loader), after the
framework itself is imported, as on a real cold start. Reports min and median over
``--runs`` runs (target <= 300 ms) and which heavy SDKs the import pulled in: they must
be imported lazily, on first use. Figures are printed, never asserted.

Usage: ``python -m bench.cold_import [--runs 5] [--json]``.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench import cli
from bench.environment import ROOT, prepare_environment

TARGET_MS = 300.0
HEAVY_MODULES = (
    "google.cloud.storage",
    "google.cloud.pubsub",
    "google.cloud.pubsub_v1",
    "google.cloud.sql.connector",
    "google.genai",
    "pypdf",
    "reportlab",
)
_PROBE = """
import json, sys, time
import functions_framework
from functions_framework import _function_registry

started = time.perf_counter()
module, spec = _function_registry.load_function_module(sys.argv[1])
spec.loader.exec_module(module)
elapsed_ms = (time.perf_counter() - started) * 1000
watched = json.loads(sys.argv[2])
print(json.dumps({
    "ms": elapsed_ms,
    "heavy": sorted(name for name in watched if name in sys.modules),
    "pg8000": "pg8000" in sys.modules,
}))
"""


def measure(source: Path, runs: int) -> dict[str, Any]:
    """Import ``source`` ``runs`` times, each in a new interpreter."""
    timings, heavy, pg8000 = [], set(), False
    for _ in range(runs):
        completed = subprocess.run(
            [sys.executable, "-c", _PROBE, str(source), json.dumps(HEAVY_MODULES)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        if completed.returncode != 0:
            return {"error": completed.stderr.strip().splitlines()[-1:]}
        result = json.loads(completed.stdout.strip().splitlines()[-1])
        timings.append(float(result["ms"]))
        heavy.update(result["heavy"])
        pg8000 = pg8000 or bool(result["pg8000"])
    return {
        "min_ms": round(min(timings), 1),
        "median_ms": round(statistics.median(timings), 1),
        "heavy_modules": sorted(heavy),
        "pg8000": pg8000,
    }


# What every HTTP function must import whatever our code does: the floor of the figure.
FLOOR_NAME = "(third-party floor)"
_FLOOR_SOURCE = """
import sqlalchemy.orm
import sqlalchemy.dialects.postgresql
import pydantic_settings
from pydantic import BaseModel
"""


def run(runs: int = 5) -> dict[str, dict[str, Any]]:
    """Measure every function of the collection, by folder name, and the floor."""
    prepare_environment()
    sources = sorted((ROOT / "functions").glob("*/main.py"))
    results = {source.parent.name: measure(source, runs) for source in sources}
    with tempfile.TemporaryDirectory() as folder:
        floor = Path(folder) / "floor.py"
        floor.write_text(_FLOOR_SOURCE, encoding="utf-8")
        results[FLOOR_NAME] = measure(floor, runs)
    return results


def report(results: dict[str, dict[str, Any]]) -> None:
    """Print one line per function."""
    print(f"cold import (fresh interpreter, target <= {TARGET_MS:.0f} ms)")
    print(f"  {'function':<20}{'min ms':>9}{'median ms':>11}  heavy SDKs imported")
    for name, result in results.items():
        if "error" in result:
            print(f"  {name:<20}  failed: {result['error']}")
            continue
        heavy = ", ".join(result["heavy_modules"]) or "none"
        over = result["median_ms"] > TARGET_MS and name != FLOOR_NAME
        flag = "  (over target)" if over else ""
        print(
            f"  {name:<20}{result['min_ms']:>9.1f}{result['median_ms']:>11.1f}"
            f"  {heavy}{flag}"
        )


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = cli.parser("cold_import")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    cli.emit(run(args.runs), args.json, report)


if __name__ == "__main__":
    main()
