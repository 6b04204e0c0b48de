"""The document analysis under test, wired to fakes: one uploaded document per test.

``Upload`` holds a document row (as the documents function creates it), its object in
a fake storage, the fake AI provider and publisher, and runs the service for the
object's current generation, as a finalize event would.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from common.config import Settings, get_settings
from common.domain import document_object_key
from common.services.document_analysis import analyse_uploaded_object
from tests.fakes.ai import FakeAiProvider
from tests.fakes.document_records import FakeDocumentRecords, FakeDocumentRow
from tests.fakes.publisher import FakePublisher
from tests.fakes.storage import FakeStorage

BUCKET = "logis-documents"
USER_ID = "u_8Zk2QpX4"
PROPERTY_ID = uuid.UUID("5b1d7a3e-2f4c-4e8a-9c61-0d2f8b7a4e10")
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 32


@dataclass
class Upload:
    """One document row and its object, with the collaborators of the service."""

    records: FakeDocumentRecords = field(default_factory=FakeDocumentRecords)
    storage: FakeStorage = field(default_factory=FakeStorage)
    ai: FakeAiProvider = field(default_factory=FakeAiProvider)
    publisher: FakePublisher = field(default_factory=FakePublisher)
    settings: Settings = field(default_factory=get_settings)
    generation: int = 0
    row: FakeDocumentRow = field(init=False)

    def __post_init__(self) -> None:
        self.row = self.add_row()

    @property
    def key(self) -> str:
        return self.row.storage_key

    def add_row(
        self, property_id: uuid.UUID = PROPERTY_ID, **columns: Any
    ) -> FakeDocumentRow:
        """Another document row (of the same property unless told otherwise)."""
        document_id = uuid.uuid4()
        key = document_object_key(USER_ID, property_id, document_id, "pv_ag_2024.pdf")
        row = FakeDocumentRow(
            id=document_id,
            property_id=property_id,
            user_id=USER_ID,
            storage_key=key,
            filename="PV AG 2024.pdf",
            **columns,
        )
        return self.records.add(row)

    def put(self, data: bytes = PDF, content_type: str = "application/pdf") -> int:
        """Write the object (a new generation) and remember its generation."""
        stored = self.storage.upload_bytes("documents", self.key, data, content_type)
        self.generation = stored.generation
        return stored.generation

    def run(
        self,
        generation: int | None = None,
        *,
        bucket: str = BUCKET,
        name: str | None = None,
    ) -> None:
        """Deliver the finalize event of ``generation`` (the latest by default)."""
        analyse_uploaded_object(
            bucket,
            self.key if name is None else name,
            self.generation if generation is None else generation,
            storage=self.storage,
            ai=self.ai,
            publisher=self.publisher,
            settings=self.settings,
            records=self.records,
        )

    def synthesis_requests(self) -> list[dict[str, Any]]:
        """The messages published to the synthesis topic."""
        return self.publisher.on(self.settings.synthesis_topic)

    def object_exists(self) -> bool:
        return self.storage.content("documents", self.key) is not None


def uploaded(data: bytes = PDF, **settings: Any) -> Upload:
    """An :class:`Upload` whose object holds ``data``; ``settings`` overridden."""
    upload = Upload(settings=get_settings().model_copy(update=settings))
    upload.put(data)
    return upload
