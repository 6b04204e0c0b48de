"""Peak memory while one file of the maximum size (30 MiB) is uploaded.

A PDF-headed file of ``max_upload_bytes`` is written to disk, then sent through the
in-process local stack with a streaming body read from that file (never a bytes
literal, which would itself count): ``POST /api/documents/bulk-upload`` as a
multipart body, and a ``PUT`` to a ``LocalStorage`` signed URL (``upload-urls``
first). Each measure runs in its own fresh interpreter, after a small warm-up upload
through the same path (imports, database pool, storage folders), so that earlier work
neither counts nor hides anything:

- ``heap``: the Python heap with ``tracemalloc``, peak during the request minus what
  was traced when it started;
- ``rss``: the process's resident set, ``ru_maxrss`` after minus before (without
  tracemalloc, whose own bookkeeping would count). The resident set just before is
  printed too: a high-water mark already above it could hide growth up to the gap.
  The interpreter is started by a shell that forks it: Linux carries a process's
  ``ru_maxrss`` across ``exec``, so a child exec'd straight from this (larger)
  process would start with this one's high-water mark and hide everything.

Only the HTTP functions are mounted: analysis runs in another function (another
instance in production), so the upload's finalize event has no subscriber here.
A file held in memory once would add 30 MiB; the point is to stay far below that.
Figures are printed, never asserted.

Usage: ``python -m bench.upload_memory [--json]``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import subprocess
import sys
import tempfile
import tracemalloc
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench import cli
from bench.environment import ROOT, prepare_environment
from bench.large_file import MIB, multipart_body, write_file
from bench.local_stack import PROPERTY, delete_user, expect_json, use_local_adapters

MODES = ("bulk-upload", "signed-put")
METRICS = ("heap", "rss")
COOKIE_VARIABLE = "BENCH_SESSION_COOKIE"
SMALL_PDF = b"%PDF-1.4\n% warm-up\n%%EOF\n"


def _bulk_upload(
    client: Any, headers: dict[str, str], property_id: str, path: Path
) -> Any:
    """``bulk-upload`` with a multipart body streamed from ``path``."""
    with path.open("rb") as file:
        body, content_type = multipart_body({"property_id": property_id}, file)
        response = client.post(
            "/api/documents/bulk-upload",
            input_stream=body,
            content_type=content_type,
            headers=headers,
        )
    (item,) = expect_json(response, 202)["items"]
    return item


def _signed_url(
    client: Any, headers: dict[str, str], property_id: str, path: Path
) -> Any:
    declared = {
        "filename": path.name,
        "content_type": "application/pdf",
        "size_bytes": path.stat().st_size,
    }
    body = {"property_id": property_id, "files": [declared]}
    response = client.post("/api/documents/upload-urls", json=body, headers=headers)
    (item,) = expect_json(response, 201)["items"]
    return item


def _put(client: Any, item: Any, path: Path) -> None:
    """The PUT of ``path`` to the signed URL of ``item``, streamed from the file."""
    url = urlsplit(item["upload"]["url"])
    with path.open("rb") as file:
        response = client.put(
            url.path,
            query_string=url.query,
            headers=item["upload"]["headers"],
            input_stream=file,
        )
    expect_json(response, 200)


def _measure(metric: str, send: Callable[[], None]) -> dict[str, float]:
    gc.collect()
    if metric == "heap":
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        send()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return {"heap_peak_mib": (peak - before) / MIB}
    rss_before = _current_rss_kib()
    maxrss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    send()
    maxrss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "rss_growth_mib": (maxrss_after - maxrss_before) / 1024,
        "rss_before_mib": rss_before / 1024,
        "maxrss_before_mib": maxrss_before / 1024,
        "maxrss_after_mib": maxrss_after / 1024,
    }


def _current_rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _stored_bytes(document_id: str) -> int:
    """The size of the stored object of the document, as the storage reports it."""
    from common.db import session_scope
    from common.db.models import Document
    from common.storage import get_storage

    with session_scope() as db:
        document = db.get(Document, uuid.UUID(document_id))
        assert document is not None
        key = document.storage_key
    return get_storage().stat("documents", key).size


def child(mode: str, metric: str, path: Path) -> dict[str, Any]:
    """One measure in this (fresh) interpreter: warm up, then upload ``path``."""
    from werkzeug.test import Client

    from common.local.server import LocalStack, mount_functions

    client = Client(LocalStack(mount_functions()), use_cookies=False)
    headers = {"Cookie": os.environ[COOKIE_VARIABLE]}
    created = client.post("/api/properties", json=PROPERTY, headers=headers)
    property_id = str(expect_json(created, 201)["id"])
    warm_up = path.with_name(f"warm-up-{mode}-{metric}.pdf")
    warm_up.write_bytes(SMALL_PDF + uuid.uuid4().bytes)
    sent: list[Any] = []
    if mode == "bulk-upload":
        _bulk_upload(client, headers, property_id, warm_up)

        def send() -> None:
            sent.append(_bulk_upload(client, headers, property_id, path))
    else:
        _put(client, _signed_url(client, headers, property_id, warm_up), warm_up)
        sent.append(_signed_url(client, headers, property_id, path))

        def send() -> None:
            _put(client, sent[0], path)

    result: dict[str, Any] = _measure(metric, send)
    result["stored_bytes"] = _stored_bytes(sent[0]["document_id"])
    return result


def _configure(folder: Path) -> str:
    """Local adapters in ``folder``, a migrated database; a session cookie."""
    use_local_adapters(folder / "storage")
    from common.db import session_scope
    from tests.factories import create_user

    with session_scope() as db:
        user = create_user(
            db, email=f"bench-upload-{uuid.uuid4().hex[:8]}@example.test"
        )
    os.environ["BENCH_USER_ID"] = user.id
    return f"{user.headers['Cookie']}"


def _run_child(mode: str, metric: str, path: Path) -> dict[str, Any]:
    # Through a shell that forks (it has a command left to run): a process started
    # by exec directly from this one inherits this one's ru_maxrss as its own.
    command = [sys.executable, "-m", "bench.upload_memory", "--child", mode, metric]
    completed = subprocess.run(
        ["/bin/sh", "-c", '"$0" "$@"; exit $?', *command, str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(completed.stderr.strip().splitlines()[-1:])
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def run() -> dict[str, Any]:
    """Every mode and metric, each in a fresh interpreter; sizes in MiB."""
    prepare_environment()
    with tempfile.TemporaryDirectory(prefix="logis-bench-upload-") as name:
        folder = Path(name)
        os.environ[COOKIE_VARIABLE] = _configure(folder)
        from common.config import get_settings

        size = get_settings().max_upload_bytes
        path = folder / "large-document.pdf"
        write_file(path, size)
        results: dict[str, Any] = {"file_mib": size / MIB}
        try:
            for mode in MODES:
                results[mode] = {}
                for metric in METRICS:
                    results[mode].update(_run_child(mode, metric, path))
        finally:
            delete_user(os.environ["BENCH_USER_ID"])
    return results


def report(result: dict[str, Any]) -> None:
    """Print the heap and RSS growth of each upload path next to the file size."""
    print(f"upload of one {result['file_mib']:.1f} MiB file, streamed, in process")
    for mode in MODES:
        figures = result[mode]
        print(
            f"  {mode:<12} heap peak +{figures['heap_peak_mib']:.2f} MiB, "
            f"RSS +{figures['rss_growth_mib']:.2f} MiB (ru_maxrss "
            f"{figures['maxrss_before_mib']:.1f} -> {figures['maxrss_after_mib']:.1f}"
            f" MiB, resident before {figures['rss_before_mib']:.1f} MiB); "
            f"stored {figures['stored_bytes'] / MIB:.1f} MiB"
        )


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = cli.parser("upload_memory")
    parser.add_argument(
        "--child", nargs=3, metavar=("MODE", "METRIC", "FILE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.child:
        mode, metric, path = args.child
        print(json.dumps(child(mode, metric, Path(path))))
        return
    cli.emit(run(), args.json, report)


if __name__ == "__main__":
    main()
