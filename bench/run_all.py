"""Every benchmark, each in its own interpreter, summarised in one table.

Usage: ``python -m bench.run_all`` (``make bench`` runs it with ``APP_ENV=test`` and
the test database URL). Figures are printed, never asserted.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from bench.cold_import import TARGET_MS
from bench.environment import ROOT, prepare_environment
from bench.properties_latency import TARGET_P50_MS


def _run(module: str) -> Any:
    completed = subprocess.run(
        [sys.executable, "-m", module, "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if completed.returncode != 0:
        return {"error": (completed.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _cold_rows(cold: dict[str, Any]) -> list[tuple[str, str, str]]:
    target = f"<= {TARGET_MS:.0f} ms"
    if "error" in cold:
        return [("cold import", f"failed: {cold['error']}", target)]
    rows = []
    for name, result in sorted(cold.items()):
        if "error" in result:
            rows.append((f"cold import {name}", "failed", target))
            continue
        value = f"median {result['median_ms']:.0f} ms (min {result['min_ms']:.0f})"
        if result["heavy_modules"]:
            value += "; HEAVY: " + ", ".join(result["heavy_modules"])
        rows.append((f"cold import {name}", value, "" if "floor" in name else target))
    return rows


def _latency_row(latency: dict[str, Any]) -> tuple[str, str, str]:
    if "p50_ms" in latency:
        value = (
            f"p50 {latency['p50_ms']:.2f} / p95 {latency['p95_ms']:.2f} / "
            f"p99 {latency['p99_ms']:.2f} ms"
        )
    else:
        value = str(latency.get("skipped") or latency.get("error"))
    return ("GET /api/properties (warm)", value, f"p50 <= {TARGET_P50_MS:.0f} ms")


def main() -> None:
    """Run both benchmarks and print the table."""
    prepare_environment()
    rows = _cold_rows(_run("bench.cold_import"))
    rows.append(_latency_row(_run("bench.properties_latency")))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    header = ("benchmark", "result", "target")
    widths = [max(w, len(h)) for w, h in zip(widths, header, strict=True)]
    for row in (header, tuple("-" * w for w in widths), *rows):
        print(
            "  ".join(
                cell.ljust(width) for cell, width in zip(row, widths, strict=True)
            )
        )


if __name__ == "__main__":
    main()
