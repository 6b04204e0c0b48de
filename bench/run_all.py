"""Every benchmark, each in its own interpreter, summarised in one table.

Cold imports, warm ``GET /api/properties`` latency, documents per minute through the
whole document pipeline, pages per second of the offline AI provider (text layer,
rules, OCR), a 12 MP photo normalised and restyled offline, peak memory while a
30 MiB file is uploaded, and the price
analysis latency on 5,000,000 DVF sales (only with ``BENCH_PRICE_DB`` naming its
dedicated database, see :mod:`bench.price_latency`; skipped otherwise).

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
from bench.local_documents import TARGET_SECONDS
from bench.price_latency import TARGET_CACHED_P95_MS, TARGET_UNCACHED_P95_MS
from bench.properties_latency import TARGET_P50_MS
from bench.upload_memory import MODES


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


def _pipeline_row(pipeline: dict[str, Any]) -> tuple[str, str, str]:
    name = "pipeline, 20 PDFs, local AI"
    if "docs_per_minute" not in pipeline:
        return (name, f"failed: {pipeline.get('error')}", "")
    value = (
        f"{pipeline['docs_per_minute']:.0f} docs/min: {pipeline['total_s']:.2f} s "
        f"(upload {pipeline['upload_s']:.2f} + analysis {pipeline['analysis_s']:.2f}"
        f" + synthesis {pipeline['synthesis_s']:.2f} s), "
        f"{pipeline['counts'].get('analyzed', 0)} analyzed, "
        f"{pipeline['bus_workers']} bus workers"
    )
    return (name, value, "")


def _local_documents_row(local: dict[str, Any]) -> tuple[str, str, str]:
    name = "local AI, 60-page text PDF (classify + analyse)"
    if "sixty_pages_median_s" not in local:
        return (name, f"failed: {local.get('error')}", "")
    value = (
        f"{local['sixty_pages_median_s']:.2f} s; text layer "
        f"{local['text_pdfium_pages_per_s']:.0f} pages/s, classify+analyse "
        f"{local['provider_pages_per_s']:.0f} pages/s, OCR "
        f"{local['ocr_pages_per_s']:.2f} pages/s"
    )
    return (name, value, f"<= {TARGET_SECONDS:.0f} s")


def _photos_row(photos: dict[str, Any]) -> tuple[str, str, str]:
    name = "12 MP JPEG: normalised / restyled offline"
    if "normalise_s" not in photos:
        return (name, f"failed: {photos.get('error')}", "")
    value = f"{photos['normalise_s']:.2f} s / {photos['restyle_s']:.2f} s"
    return (name, value, "")


def _memory_row(memory: dict[str, Any]) -> tuple[str, str, str]:
    if "file_mib" not in memory:
        return ("upload memory", f"failed: {memory.get('error')}", "")
    values = [
        f"{mode} heap +{memory[mode]['heap_peak_mib']:.1f} / "
        f"RSS +{memory[mode]['rss_growth_mib']:.1f} MiB"
        for mode in MODES
    ]
    target = f"<< {2 * memory['file_mib']:.0f} MiB (2 x file)"
    return (
        f"upload {memory['file_mib']:.0f} MiB file, memory",
        "; ".join(values),
        target,
    )


def _price_rows(price: dict[str, Any]) -> list[tuple[str, str, str]]:
    name = "GET /api/analysis/{id}/price"
    if "uncached" not in price:
        return [(name, str(price.get("skipped") or price.get("error")), "")]
    rows = []
    for kind, target in (
        ("uncached", TARGET_UNCACHED_P95_MS),
        ("cached", TARGET_CACHED_P95_MS),
    ):
        cuts = price[kind]
        value = (
            f"p50 {cuts['p50_ms']:.2f} / p95 {cuts['p95_ms']:.2f} / "
            f"p99 {cuts['p99_ms']:.2f} ms on {price['sales']:,} sales"
        )
        rows.append((f"{name} ({kind})", value, f"p95 <= {target:.0f} ms"))
    return rows


def main() -> None:
    """Run every benchmark and print the table."""
    prepare_environment()
    rows = _cold_rows(_run("bench.cold_import"))
    rows.append(_latency_row(_run("bench.properties_latency")))
    rows.append(_pipeline_row(_run("bench.pipeline_throughput")))
    rows.append(_local_documents_row(_run("bench.local_documents")))
    rows.append(_photos_row(_run("bench.photos")))
    rows.append(_memory_row(_run("bench.upload_memory")))
    rows.extend(_price_rows(_run("bench.price_latency")))
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
