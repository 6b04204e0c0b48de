"""The document pipeline through the local stack, in process, driven like a browser.

``pipeline`` builds what ``python -m common.local up`` serves: every HTTP function
behind one ``LocalStack`` and the event functions mounted on a started ``LocalBus``,
with ``LocalStorage`` under the test's ``tmp_path`` and the local AI provider. The
public base URL is the werkzeug client's own host, so the signed URLs the API returns
route back to the same WSGI app. Tests talk HTTP only (a cookie jar keeps the
session); they wait for the asynchronous events with ``bus.drain``, never a sleep.
"""

from __future__ import annotations

import io
import os
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select
from werkzeug.test import Client, TestResponse

from common.db import session_scope
from common.db.models import Document, ProcessedEvent
from common.local.bus import LocalBus, get_local_bus
from common.local.cloud_events import DeliveryMode
from common.local.functions import MountedEventFunction, mount_event_functions
from common.local.server import LocalStack, mount_functions
from tests.fixtures.documents import (
    appel_de_fonds_pdf,
    ddt_pdf,
    pv_ag_pdf,
    reglement_copropriete_pdf,
    taxe_fonciere_pdf,
)
from tests.support import reset_process_state

BASE_URL = "http://localhost"  # werkzeug's test client host
ORIGIN = {"Origin": BASE_URL}  # what a browser sends with a same-origin POST
DRAIN_SECONDS = 20.0
MAX_POLLS = 10
PDF = "application/pdf"
FINAL_STATES = ("completed", "failed", "partially_failed")
FilePart = tuple[bytes | IO[bytes], str]  # content, filename

# One document per category, and the upload path each takes (scenario 1).
SIGNED_URL_FILES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "pv_ag": ("PV AG 12-03-2024.pdf", pv_ag_pdf),
    "diags": ("DDT lot 12.pdf", ddt_pdf),
}
BULK_FILES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "taxe_fonciere": ("taxe foncière 2024.pdf", taxe_fonciere_pdf),
    "charges": ("appel de fonds T2 2024.pdf", appel_de_fonds_pdf),
    "other": ("règlement de copropriété.pdf", reglement_copropriete_pdf),
}
# The building the documents describe (14 rue des Lilas, lot 12, 52,30 m² Carrez).
PROPERTY = {
    "name": "T3 Résidence Les Tilleuls",
    "address": "14 rue des Lilas",
    "postal_code": "69003",
    "city": "Lyon",
    "property_type": "Appartement",
    "asking_price": 245_000,
    "surface_area": 52.3,
    "rooms": 3,
    "floor": 3,
}


@dataclass(frozen=True)
class Uploaded:
    """The documents of :meth:`Pipeline.upload_one_per_category`, by category."""

    document_ids: dict[str, str]
    workflow_ids: tuple[str, str]  # the signed-URL batch, the multipart batch


@dataclass
class Pipeline:
    """The stack's browser-like client, its bus and its storage directory."""

    client: Client
    bus: LocalBus
    event_functions: dict[str, MountedEventFunction]
    storage_root: Path

    # --- waiting --------------------------------------------------------------------

    def settle(self) -> None:
        """Wait until every queued event (and what it caused) is delivered."""
        assert self.bus.drain(DRAIN_SECONDS), "the local bus did not settle"

    # --- HTTP -----------------------------------------------------------------------

    def sign_up(self) -> str:
        """``POST /api/auth/sign-up/email``; the session cookie lands in the jar."""
        body = {
            "name": "Camille Martin",
            "email": f"camille.{uuid.uuid4().hex[:8]}@example.fr",
            "password": "un mot de passe solide",
        }
        response = self.client.post(
            "/api/auth/sign-up/email", json=body, headers=ORIGIN
        )
        assert response.status_code == 200, response.get_data(as_text=True)
        return str(response.get_json()["user"]["id"])

    def create_property(self) -> str:
        """``POST /api/properties`` (the building of the fixtures); its id."""
        response = self.client.post("/api/properties", json=PROPERTY, headers=ORIGIN)
        assert response.status_code == 201, response.get_data(as_text=True)
        return str(response.get_json()["id"])

    def upload_urls(self, property_id: str, files: list[dict[str, Any]]) -> Any:
        """``POST /api/documents/upload-urls`` (declared name, type, size)."""
        body = {"property_id": property_id, "files": files}
        return self.client.post("/api/documents/upload-urls", json=body, headers=ORIGIN)

    def put_signed(
        self, upload: dict[str, Any], content: bytes | IO[bytes], length: int
    ) -> TestResponse:
        """PUT ``content`` to the signed URL with exactly the headers returned."""
        headers = {**upload["headers"], "Content-Length": str(length)}
        stream = io.BytesIO(content) if isinstance(content, bytes) else content
        return self.client.open(
            upload["url"], method=upload["method"], headers=headers, input_stream=stream
        )

    def bulk_upload(self, property_id: str, files: Sequence[FilePart]) -> Any:
        """``POST /api/documents/bulk-upload`` as multipart/form-data."""
        parts = [
            (io.BytesIO(content) if isinstance(content, bytes) else content, name, PDF)
            for content, name in files
        ]
        return self.client.post(
            "/api/documents/bulk-upload",
            data={"property_id": property_id, "files": parts},
            content_type="multipart/form-data",
            headers=ORIGIN,
        )

    def workflow(self, workflow_id: str) -> dict[str, Any]:
        """Poll ``bulk-status`` until the batch ends (bounded, draining the bus)."""
        for _ in range(MAX_POLLS):
            response = self.client.get(f"/api/documents/bulk-status/{workflow_id}")
            assert response.status_code == 200, response.get_data(as_text=True)
            body: dict[str, Any] = response.get_json()
            if body["state"] in FINAL_STATES:
                return body
            self.settle()
        raise AssertionError(f"workflow {workflow_id} still processing")

    def document(self, document_id: str) -> dict[str, Any]:
        """``GET /api/documents/{id}``."""
        response = self.client.get(f"/api/documents/{document_id}")
        assert response.status_code == 200, response.get_data(as_text=True)
        body: dict[str, Any] = response.get_json()
        return body

    def synthesis(self, property_id: str) -> dict[str, Any]:
        """``GET /api/documents/synthesis/{property_id}``."""
        response = self.client.get(f"/api/documents/synthesis/{property_id}")
        assert response.status_code == 200, response.get_data(as_text=True)
        body: dict[str, Any] = response.get_json()
        return body

    def delete(self, document_id: str) -> TestResponse:
        """``DELETE /api/documents/{id}``."""
        return self.client.delete(f"/api/documents/{document_id}", headers=ORIGIN)

    # --- the scenario every test starts from ------------------------------------------

    def upload_one_per_category(self, property_id: str) -> Uploaded:
        """Two documents through signed URLs, three in one multipart batch."""
        signed_files = {
            cat: (name, make()) for cat, (name, make) in SIGNED_URL_FILES.items()
        }
        declared = [
            {"filename": name, "content_type": PDF, "size_bytes": len(content)}
            for name, content in signed_files.values()
        ]
        signed = self.upload_urls(property_id, declared)
        assert signed.status_code == 201, signed.get_data(as_text=True)
        ids = {}
        for category, item in zip(
            signed_files, signed.get_json()["items"], strict=True
        ):
            upload, content = item["upload"], signed_files[category][1]
            assert upload["url"].startswith(f"{BASE_URL}/_storage/documents/")
            response = self.put_signed(upload, content, len(content))
            assert response.status_code == 200, response.get_data(as_text=True)
            ids[category] = str(item["document_id"])
        bulk = self.bulk_upload(
            property_id, [(make(), name) for name, make in BULK_FILES.values()]
        )
        assert bulk.status_code == 202, bulk.get_data(as_text=True)
        for category, item in zip(BULK_FILES, bulk.get_json()["items"], strict=True):
            assert item["status"] == "uploaded", item
            ids[category] = str(item["document_id"])
        workflows = (signed.get_json()["workflow_id"], bulk.get_json()["workflow_id"])
        return Uploaded(ids, workflows)

    # --- what the stack left behind ---------------------------------------------------

    def stored_files(self) -> list[str]:
        """Every file under the storage directory (objects, sidecars, temporaries)."""
        if not self.storage_root.exists():
            return []
        return sorted(
            path.relative_to(self.storage_root).as_posix()
            for path in self.storage_root.rglob("*")
            if path.is_file()
        )


def document_rows(property_id: str) -> list[Document]:
    """The property's document rows, as committed now."""
    with session_scope() as db:
        query = select(Document).where(Document.property_id == uuid.UUID(property_id))
        return list(db.scalars(query))


def processed_events(key_prefix: str) -> list[ProcessedEvent]:
    """The idempotency claims whose key starts with ``key_prefix``."""
    with session_scope() as db:
        query = select(ProcessedEvent).where(ProcessedEvent.key.startswith(key_prefix))
        return list(db.scalars(query))


@contextmanager
def local_stack(
    storage_root: Path, mode: DeliveryMode = "structured"
) -> Iterator[Pipeline]:
    """The local stack as ``python -m common.local up`` builds it, started.

    ``mode`` is ``--event-mode``: how the bus posts CloudEvents to the functions.
    Use inside a fixture that depends on ``clean_db`` and ``redis_flushed``: the bus
    is drained and stopped on exit, before the tables are emptied."""
    os.environ.update(
        {
            "APP_LOCAL_STORAGE_DIR": str(storage_root),
            "APP_STORAGE_BACKEND": "local",
            "APP_EVENTS_BACKEND": "local",
            "APP_AI_PROVIDER": "local",
            "APP_PUBLIC_BASE_URL": BASE_URL,
            "APP_CORS_ORIGINS": BASE_URL,
        }
    )
    reset_process_state()
    bus = get_local_bus()
    events = mount_event_functions(bus, mode=mode)
    stack = LocalStack(mount_functions(), event_functions=events)
    bus.start()
    functions = {function.name: function for function in events}
    try:
        yield Pipeline(Client(stack), bus, functions, storage_root)
    finally:
        bus.drain(DRAIN_SECONDS)
        bus.stop()
