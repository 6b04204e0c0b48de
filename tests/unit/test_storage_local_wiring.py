"""``get_storage``: the adapter chosen by settings, and local finalize notifications."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from common.local.bus import get_local_bus
from common.storage import LocalStorage, get_storage, object_resource
from tests.support import ROOT

KEY = "users/u1/properties/p1/documents/d1/pv.pdf"


def test_local_writes_reach_the_local_bus_as_finalize_events() -> None:
    # given a subscriber of the documents bucket on the process-wide bus
    received: list[tuple[dict[str, object], dict[str, str]]] = []

    def deliver(data: dict[str, object], attributes: dict[str, str]) -> int:
        received.append((data, attributes))
        return 204

    bus = get_local_bus()
    bus.subscribe_bucket("logis-documents", deliver, name="analysis")
    bus.start()
    # when
    stored = get_storage().upload_bytes(
        "documents", KEY, b"%PDF-1.7", "application/pdf", {"document_id": "d1"}
    )
    rewritten = get_storage().rewrite("documents", KEY, {"reprocess": "1"})
    get_storage().upload_bytes("photos", "u1/a.jpg", b"\xff\xd8\xff", "image/jpeg")
    # then
    assert bus.drain(timeout=5)
    assert [data for data, _ in received] == [
        object_resource("logis-documents", stored),
        object_resource("logis-documents", rewritten),
    ]
    attributes = received[0][1]
    assert attributes["type"] == "google.cloud.storage.object.v1.finalized"
    assert attributes["subject"] == f"objects/{KEY}"


def test_local_bucket_names_come_from_settings(environment: dict[str, str]) -> None:
    os.environ["APP_DOCUMENTS_BUCKET"] = "acme-docs"
    received: list[dict[str, object]] = []

    def deliver(data: dict[str, object], attributes: dict[str, str]) -> int:
        received.append(data)
        return 204

    bus = get_local_bus()
    bus.subscribe_bucket("acme-docs", deliver)
    bus.start()

    get_storage().upload_bytes("documents", KEY, b"x", "text/plain")

    assert bus.drain(timeout=5)
    assert [data["bucket"] for data in received] == ["acme-docs"]


def test_get_storage_is_local_by_default(tmp_path: Path) -> None:
    storage = get_storage()

    assert isinstance(storage, LocalStorage)
    assert storage.object_path("documents", "a.pdf") == (
        tmp_path / "storage" / "documents" / "a.pdf"
    )


def test_gcs_backend_is_built_without_importing_the_gcs_library() -> None:
    # A cold start of a function must not pay for google-cloud-storage until it
    # touches a bucket: a fresh interpreter shows what importing and building costs.
    script = (
        "import sys\n"
        "from common.storage import get_storage\n"
        "storage = get_storage()\n"
        "assert type(storage).__name__ == 'GcsStorage', type(storage)\n"
        "loaded = [m for m in sys.modules if m.startswith('google.cloud.storage')]\n"
        "assert not loaded, loaded\n"
    )
    environment = {**os.environ, "APP_STORAGE_BACKEND": "gcs"}

    finished = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert finished.returncode == 0, finished.stderr
