"""Request and response models of /api/documents (JSON in snake_case).

Requests refuse unknown fields. The number of files of a batch is limited by
``settings.max_files_per_batch``; a file's declared type and size are checked per
item by the service (one bad file does not fail the batch), so the models accept any
string and any non-negative size there. Display names typed by the user (rename) are
refused when they hold a path or invisible characters; names that come with uploads
are cleaned instead, since a browser sends whatever the disk calls the file.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError, PydanticKnownError

from common.config import get_settings
from common.messages import translate
from common.services.document_content import display_name_problem
from common.services.document_uploads import DeclaredFile, UploadBatch, UploadItem
from common.services.document_workflows import WorkflowState

MAX_BULK_DELETE = 100


def _display_name(value: str) -> str:
    problem = display_name_problem(value)
    if problem is not None:
        raise PydanticCustomError(problem, "Invalid file name")
    return value


def _within_batch_limit(files: list[Any]) -> list[Any]:
    limit = get_settings().max_files_per_batch
    if len(files) > limit:
        raise PydanticKnownError(
            "too_long",
            {"field_type": "List", "max_length": limit, "actual_length": len(files)},
        )
    return files


DisplayName = Annotated[
    str,
    StringConstraints(strip_whitespace=True),
    AfterValidator(_display_name),
]
Sha256 = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, to_lower=True, pattern=r"^[0-9a-fA-F]{64}$"
    ),
]


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DeclaredFileIn(_Input):
    """A file the client will PUT: name, declared type and size, optional SHA-256."""

    filename: str = Field(min_length=1, max_length=1024)
    content_type: str = Field(min_length=1, max_length=255)
    size_bytes: int = Field(strict=True, ge=0)
    sha256: Sha256 | None = None


class UploadUrlsIn(_Input):
    """Up to ``max_files_per_batch`` files of one property."""

    property_id: uuid.UUID
    files: Annotated[
        list[DeclaredFileIn], Field(min_length=1), AfterValidator(_within_batch_limit)
    ]

    def declared_files(self) -> list[DeclaredFile]:
        """The files as the service takes them."""
        return [
            DeclaredFile(file.filename, file.content_type, file.size_bytes, file.sha256)
            for file in self.files
        ]


class PropertyQuery(_Input):
    """``?property_id=``."""

    property_id: uuid.UUID


BinaryFile = Annotated[bytes, WithJsonSchema({"type": "string", "format": "binary"})]


class BulkUploadForm(_Input):
    """multipart/form-data: the property and up to 50 files (PDF, JPEG, PNG, WebP)."""

    property_id: uuid.UUID
    files: list[BinaryFile]


class RenameIn(_Input):
    """A new display name (1..255 characters, no path, no control characters)."""

    filename: DisplayName


class BulkDeleteIn(_Input):
    """Up to 100 document ids (repeats are ignored)."""

    document_ids: list[uuid.UUID] = Field(min_length=1, max_length=MAX_BULK_DELETE)

    @field_validator("document_ids")
    @classmethod
    def _unique(cls, ids: list[uuid.UUID]) -> list[uuid.UUID]:
        return list(dict.fromkeys(ids))


# --- responses ---------------------------------------------------------------------


class ItemErrorOut(BaseModel):
    """Why one file of a batch was refused (``message`` in the request's language)."""

    code: str
    message: str

    @classmethod
    def of(cls, item: UploadItem, language: str) -> ItemErrorOut | None:
        """The error of ``item``, if it has one."""
        if item.error is None:
            return None
        message = translate(item.error, language, **item.error_details)
        return cls(code=item.error, message=message)


def _item_fields(item: UploadItem, language: str) -> dict[str, Any]:
    upload = SignedUploadOut.model_validate(item.upload) if item.upload else None
    return {
        "client_index": item.index,
        "filename": item.filename,
        "document_id": item.document_id,
        "upload": upload,
        "status": item.status,
        "error": ItemErrorOut.of(item, language),
    }


class SignedUploadOut(BaseModel):
    """Where and how to PUT the file: send exactly these headers."""

    model_config = ConfigDict(from_attributes=True)

    url: str
    method: str
    headers: dict[str, str]
    expires_at: datetime


class UploadUrlItemOut(BaseModel):
    """One declared file: its document and upload link, a duplicate, or an error."""

    client_index: int
    document_id: uuid.UUID | None
    upload: SignedUploadOut | None
    status: Literal["awaiting_upload", "duplicate", "rejected"]
    error: ItemErrorOut | None = None


class UploadUrlsOut(BaseModel):
    """The batch: ``workflow_id`` is null when no file is awaited."""

    workflow_id: uuid.UUID | None
    items: list[UploadUrlItemOut]

    @classmethod
    def of(cls, batch: UploadBatch, language: str) -> UploadUrlsOut:
        """The response for a service batch."""
        items = [
            UploadUrlItemOut.model_validate(_item_fields(item, language))
            for item in batch.items
        ]
        return cls(workflow_id=batch.workflow_id, items=items)


class BulkUploadItemOut(BaseModel):
    """One received file: stored, a duplicate of an existing document, or refused."""

    client_index: int
    filename: str
    document_id: uuid.UUID | None
    status: Literal["uploaded", "duplicate", "rejected"]
    error: ItemErrorOut | None = None


class BulkUploadOut(BaseModel):
    """The batch: poll ``bulk-status/{workflow_id}`` unless it is null."""

    workflow_id: uuid.UUID | None
    items: list[BulkUploadItemOut]

    @classmethod
    def of(cls, batch: UploadBatch, language: str) -> BulkUploadOut:
        """The response for a service batch."""
        items = [
            BulkUploadItemOut.model_validate(_item_fields(item, language))
            for item in batch.items
        ]
        return cls(workflow_id=batch.workflow_id, items=items)


class DocumentSummaryOut(BaseModel):
    """A document in a list (``error_message`` in English; localise by code)."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    filename: str
    category: str | None
    category_confidence: float | None
    status: str
    error_code: str | None
    error_message: str | None
    size_bytes: int | None
    content_type: str | None
    page_count: int | None
    created_at: datetime
    analyzed_at: datetime | None


class DocumentOut(DocumentSummaryOut):
    """A document with its full structured analysis."""

    property_id: uuid.UUID
    workflow_id: uuid.UUID | None
    sha256: str | None
    uploaded_at: datetime | None
    updated_at: datetime
    analysis: dict[str, Any] | None


class DocumentsByCategoryOut(BaseModel):
    """Documents per category; ``unclassified`` until classification."""

    pv_ag: list[DocumentSummaryOut]
    diags: list[DocumentSummaryOut]
    taxe_fonciere: list[DocumentSummaryOut]
    charges: list[DocumentSummaryOut]
    other: list[DocumentSummaryOut]
    unclassified: list[DocumentSummaryOut]


class DocumentListOut(BaseModel):
    """A property's documents, grouped."""

    property_id: uuid.UUID
    total: int
    by_category: DocumentsByCategoryOut


class DownloadUrlOut(BaseModel):
    """A link that downloads the file under its display name until ``expires_at``."""

    url: str
    expires_at: datetime


class BulkDeleteOut(BaseModel):
    """Which ids were deleted and which the user has no such document for."""

    deleted: list[uuid.UUID]
    not_found: list[uuid.UUID]


class WorkflowDocumentOut(BaseModel):
    """A document of an upload batch and where it stands."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    filename: str
    status: str
    error_code: str | None
    error_message: str | None


class WorkflowStatusOut(BaseModel):
    """Progress of an upload batch; stop polling once ``state`` is not processing."""

    model_config = ConfigDict(from_attributes=True)

    workflow_id: uuid.UUID
    total: int
    counts: dict[str, int]
    percentage: int = Field(ge=0, le=100)
    state: WorkflowState
    documents: list[WorkflowDocumentOut]
