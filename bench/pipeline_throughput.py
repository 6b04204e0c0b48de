"""Documents per minute through the whole pipeline, with the local AI provider.

The local stack is built in process as ``python -m common.local up`` builds it: every
HTTP function behind ``LocalStack``, the event functions (``document_uploaded``,
``synthesis``) subscribed to the process bus, started with its default worker count,
files in a temporary ``LocalStorage`` directory, the real PostgreSQL and Redis. A user
signs up and creates a property over HTTP, then 20 distinct PDFs (4 per category,
``bench.documents``) go through ``POST /api/documents/bulk-upload`` in one request (or
``upload-urls`` and one signed PUT each, with ``--upload signed``). The clock runs from
the first upload request until bulk-status reports the batch done AND the synthesis
lists every analysed document, both polled over HTTP every 50 ms.

Split: upload (until the upload requests return; analysis already runs meanwhile),
analysis (until every document is analysed), synthesis (until the synthesis reflects
them all). The event functions' own outcome logs give how many invocations each made
and their busy time. Figures are printed, never asserted.

Usage: ``python -m bench.pipeline_throughput [--upload bulk|signed] [--json]``.
"""

from __future__ import annotations

import io
import json
import logging
import tempfile
import threading
import time
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench import cli, local_stack
from bench.documents import mixed_documents
from bench.environment import prepare_environment

PER_CATEGORY = 4
POLL_SECONDS = 0.05
TIMEOUT_SECONDS = 300.0
FINAL_STATES = frozenset({"completed", "failed", "partially_failed"})
EVENT_KINDS = {
    "google.cloud.storage.object.v1.finalized": "analysis",
    "google.cloud.pubsub.topic.v1.messagePublished": "synthesis",
}
Headers = dict[str, str]
Files = list[tuple[str, str, bytes]]


class EventOutcomes(logging.Handler):
    """Keeps the one outcome record each event invocation logs: kind, outcome, ms."""

    def __init__(self) -> None:
        from common.logging import CloudLoggingFormatter

        super().__init__()
        self.setFormatter(CloudLoggingFormatter())  # adds the event's context fields
        self.records: list[tuple[str, str, float]] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep outcome records (they carry ``duration_ms``); ignore the others."""
        fields = getattr(record, "fields", None)
        if not isinstance(fields, Mapping) or "duration_ms" not in fields:
            return
        entry = json.loads(self.format(record))
        kind = EVENT_KINDS.get(str(entry.get("event_type")), "other")
        self.records.append(
            (kind, str(fields["outcome"]), float(fields["duration_ms"]))
        )

    def summary(self) -> dict[str, dict[str, float]]:
        """Per kind: invocations, retried ones, total and mean busy milliseconds."""
        result: dict[str, dict[str, float]] = {}
        for kind, outcome, duration_ms in self.records:
            entry = result.setdefault(kind, {"count": 0, "retried": 0, "total_ms": 0.0})
            entry["count"] += 1
            entry["retried"] += outcome == "retrying"
            entry["total_ms"] += duration_ms
        for entry in result.values():
            entry["mean_ms"] = round(entry["total_ms"] / entry["count"], 1)
            entry["total_ms"] = round(entry["total_ms"], 1)
        return result


def _start_stack() -> tuple[Any, Any, EventOutcomes]:
    """HTTP functions, event functions on the started bus; logs to /dev/null."""
    from common.local.bus import get_local_bus
    from common.local.functions import mount_event_functions
    from common.local.server import LocalStack, mount_functions
    from common.logging import setup_logging

    setup_logging()
    bus = get_local_bus()
    stack = LocalStack(mount_functions(), event_functions=mount_event_functions(bus))
    local_stack.silence_logs()
    outcomes = EventOutcomes()
    logging.getLogger("common.events").addHandler(outcomes)
    bus.start()
    return stack, bus, outcomes


def _sign_up(client: Any) -> tuple[str, Headers]:
    email = f"bench-pipeline-{uuid.uuid4().hex[:8]}@example.test"
    body = {"name": "Bench", "email": email, "password": "un mot de passe solide"}
    response = client.post("/api/auth/sign-up/email", json=body)
    user = local_stack.expect_json(response, 200)["user"]
    return str(user["id"]), {"Cookie": response.headers["Set-Cookie"].split(";")[0]}


def _upload_bulk(client: Any, headers: Headers, property_id: str, files: Files) -> Any:
    parts = [(io.BytesIO(pdf), name, "application/pdf") for _, name, pdf in files]
    response = client.post(
        "/api/documents/bulk-upload",
        data={"property_id": property_id, "files": parts},
        content_type="multipart/form-data",
        headers=headers,
    )
    return local_stack.expect_json(response, 202)


def _upload_signed(
    client: Any, headers: Headers, property_id: str, files: Files
) -> Any:
    declared = [
        {"filename": name, "content_type": "application/pdf", "size_bytes": len(pdf)}
        for _, name, pdf in files
    ]
    body = {"property_id": property_id, "files": declared}
    response = client.post("/api/documents/upload-urls", json=body, headers=headers)
    batch = local_stack.expect_json(response, 201)
    for item, (_, _, pdf) in zip(batch["items"], files, strict=True):
        url = urlsplit(item["upload"]["url"])
        put = client.put(
            url.path,
            query_string=url.query,
            headers=item["upload"]["headers"],
            data=pdf,
        )
        if put.status_code != 200:
            raise RuntimeError(f"signed PUT answered {put.status_code}")
    return batch


def _batch_status(client: Any, headers: Headers, workflow_id: str) -> Any:
    url = f"/api/documents/bulk-status/{workflow_id}"
    return local_stack.expect_json(client.get(url, headers=headers), 200)


def _synthesis_lists(
    client: Any, headers: Headers, property_id: str, wanted: set[str]
) -> Any:
    """The synthesis if it is ready and lists every ``wanted`` document, else None."""
    url = f"/api/documents/synthesis/{property_id}"
    synthesis = json.loads(client.get(url, headers=headers).get_data())
    listed = set(synthesis.get("document_ids") or ())
    ready = synthesis.get("status") == "ready" or not wanted
    return synthesis if ready and wanted <= listed else None


def _wait(
    client: Any, headers: Headers, batch: Any, property_id: str, started: float
) -> dict[str, Any]:
    """Poll bulk-status until the batch is done, then the synthesis until it has all."""
    status, analysed_at = None, 0.0
    while time.perf_counter() - started < TIMEOUT_SECONDS:
        if status is None:
            polled = _batch_status(client, headers, batch["workflow_id"])
            if polled["state"] in FINAL_STATES:
                status, analysed_at = polled, time.perf_counter()
        if status is not None:
            wanted = {d["id"] for d in status["documents"] if d["status"] == "analyzed"}
            synthesis = _synthesis_lists(client, headers, property_id, wanted)
            if synthesis is not None:
                return {
                    "analysed_at": analysed_at,
                    "synthesised_at": time.perf_counter(),
                    "state": status["state"],
                    "counts": status["counts"],
                    "synthesis_documents": synthesis.get("document_count", 0),
                }
        time.sleep(POLL_SECONDS)
    raise TimeoutError(f"pipeline not done after {TIMEOUT_SECONDS:.0f} s")


def _classified(client: Any, headers: Headers, property_id: str, files: Files) -> int:
    """How many documents landed in the category they were written for."""
    listing = local_stack.expect_json(
        client.get(f"/api/documents?property_id={property_id}", headers=headers), 200
    )
    expected = {name: category for category, name, _ in files}
    return sum(
        expected.get(item["filename"]) == category
        for category, items in listing["by_category"].items()
        for item in items
    )


def _measure(client: Any, bus: Any, headers: Headers, upload: str) -> dict[str, Any]:
    created = client.post("/api/properties", json=local_stack.PROPERTY, headers=headers)
    property_id = str(local_stack.expect_json(created, 201)["id"])
    files = mixed_documents(PER_CATEGORY)
    uploader = _upload_signed if upload == "signed" else _upload_bulk
    started, cpu_started = time.perf_counter(), time.process_time()
    batch = uploader(client, headers, property_id, files)
    uploaded_at = time.perf_counter()
    moments = _wait(client, headers, batch, property_id, started)
    cpu_seconds = time.process_time() - cpu_started
    settled = bus.drain(60)
    total = moments["synthesised_at"] - started
    return {
        "documents": len(files),
        "upload_path": upload,
        "docs_per_minute": round(len(files) / total * 60, 1),
        "total_s": round(total, 2),
        "upload_s": round(uploaded_at - started, 2),
        "analysis_s": round(moments["analysed_at"] - uploaded_at, 2),
        "synthesis_s": round(moments["synthesised_at"] - moments["analysed_at"], 2),
        "bus_settled_s": round(time.perf_counter() - started, 2) if settled else None,
        "state": moments["state"],
        "counts": moments["counts"],
        "synthesis_documents": moments["synthesis_documents"],
        "classified_as_written": _classified(client, headers, property_id, files),
        "process_cpu_s": round(cpu_seconds, 2),
    }


def run(upload: str = "bulk") -> dict[str, Any]:
    """Run the pipeline once; returns the figures."""
    prepare_environment()
    from werkzeug.test import Client

    with tempfile.TemporaryDirectory(prefix="logis-bench-storage-") as storage_dir:
        local_stack.use_local_adapters(Path(storage_dir))
        stack, bus, outcomes = _start_stack()
        workers = sum(t.name.startswith("local-bus-") for t in threading.enumerate())
        client = Client(stack, use_cookies=False)
        user_id, headers = _sign_up(client)
        try:
            result = _measure(client, bus, headers, upload)
        finally:
            bus.stop()
            local_stack.delete_user(user_id)
    result["bus_workers"] = workers
    result["events"] = outcomes.summary()
    return result


def report(result: dict[str, Any]) -> None:
    """Print the throughput, the split and the event functions' busy time."""
    print("pipeline throughput, local provider, in-process local stack")
    print(
        f"  {result['documents']} PDFs via {result['upload_path']}: "
        f"{result['docs_per_minute']:.1f} docs/min, {result['total_s']:.2f} s "
        f"(upload {result['upload_s']:.2f} s, then analysis {result['analysis_s']:.2f}"
        f" s, then synthesis {result['synthesis_s']:.2f} s)"
    )
    print(
        f"  batch {result['state']} {result['counts']}; synthesis lists "
        f"{result['synthesis_documents']}; classified as written "
        f"{result['classified_as_written']}/{result['documents']}"
    )
    busy = sum(e["total_ms"] for e in result["events"].values()) / 1000
    settled = result["bus_settled_s"] or result["total_s"]
    print(
        f"  bus: {result['bus_workers']} workers busy {busy:.2f} s of "
        f"{result['bus_workers'] * settled:.2f} s until it settled at {settled:.2f} s;"
        f" process CPU {result['process_cpu_s']:.2f} s of {result['total_s']:.2f} s"
    )
    for kind, entry in sorted(result["events"].items()):
        print(
            f"  {kind}: {entry['count']:.0f} invocations ({entry['retried']:.0f} "
            f"retried), mean {entry['mean_ms']:.1f} ms, "
            f"total {entry['total_ms']:.0f} ms"
        )


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = cli.parser("pipeline_throughput")
    parser.add_argument("--upload", choices=["bulk", "signed"], default="bulk")
    args = parser.parse_args(argv)
    cli.emit(run(args.upload), args.json, report)


if __name__ == "__main__":
    main()
