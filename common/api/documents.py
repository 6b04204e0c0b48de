"""HTTP routes of /api/documents: uploads, lists, rename, delete, re-process, status.

Every route requires a session; another user's document or property answers 404
(``document_not_found`` / ``property_not_found``). ``bulk-upload`` is the one route
whose body is not JSON: it reads the multipart body itself, as a stream (see
``common.http.multipart``), after refusing a declared length no batch can reach.
Models live in ``documents_schemas``; the synthesis routes register themselves on
this router at the end of the module.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from common.api.documents_schemas import (
    BulkDeleteIn,
    BulkDeleteOut,
    BulkUploadForm,
    BulkUploadOut,
    DocumentListOut,
    DocumentOut,
    DocumentsByCategoryOut,
    DocumentSummaryOut,
    DownloadUrlOut,
    PropertyQuery,
    RenameIn,
    UploadUrlsIn,
    UploadUrlsOut,
    WorkflowStatusOut,
)
from common.api.synthesis_routes import register_synthesis_routes
from common.config import get_settings
from common.errors import InvalidInput, PayloadTooLarge, UnsupportedMediaType
from common.http import ApiRequest, ApiResponse, Router
from common.http.multipart import spooled_form
from common.messages import register
from common.services import document_uploads, document_workflows, documents
from common.services.document_uploads import IncomingFile

# Part headers (a long file name included) stay well under this per file.
PART_OVERHEAD_BYTES = 16 * 1024
FORM_OVERHEAD_BYTES = 64 * 1024

register(
    "multipart_required",
    "Send the files as multipart/form-data.",
    "Envoyez les fichiers en multipart/form-data.",
)

router = Router("documents")
DOCUMENT = "/api/documents/<uuid:document_id>"


def _path_uuid(req: ApiRequest[Any, Any], name: str) -> uuid.UUID:
    value = req.path[name]
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def max_bulk_request_bytes() -> int:
    """The largest body a full batch of files of the maximum size can need."""
    settings = get_settings()
    per_file = settings.max_upload_bytes + PART_OVERHEAD_BYTES
    return settings.max_files_per_batch * per_file + FORM_OVERHEAD_BYTES


def _missing(field: str, kind: str) -> InvalidInput:
    errors = [{"loc": ["body", field], "type": kind}]
    return InvalidInput("invalid_fields", fields=field, errors=errors)


@contextmanager
def _bulk_form(request: Any) -> Iterator[tuple[uuid.UUID, list[IncomingFile]]]:
    """The property id and the files of a multipart batch, spooled as they arrive."""
    boundary = request.mimetype_params.get("boundary")
    if request.mimetype != "multipart/form-data" or not boundary:
        raise UnsupportedMediaType("multipart_required")
    limit = max_bulk_request_bytes()
    if (request.content_length or 0) > limit:
        raise PayloadTooLarge(limit_bytes=limit)
    settings = get_settings()
    with spooled_form(
        request.stream,
        boundary,
        max_files=settings.max_files_per_batch,
        max_file_bytes=settings.max_upload_bytes,
    ) as form:
        try:
            property_id = uuid.UUID(form.fields["property_id"].strip())
        except KeyError:
            raise _missing("property_id", "missing") from None
        except ValueError:
            raise _missing("property_id", "uuid_parsing") from None
        # A file input left empty still sends a part, without a name or a byte.
        files = [
            IncomingFile(part.filename, part.stream)
            for part in form.files
            if part.filename or part.size
        ]
        if not files:
            raise _missing("files", "missing")
        yield property_id, files


@router.post(
    "/api/documents/upload-urls", body=UploadUrlsIn, response=UploadUrlsOut, status=201
)
def create_upload_urls(req: ApiRequest[UploadUrlsIn]) -> UploadUrlsOut:
    """Create documents and signed PUT URLs for up to 50 files of a property."""
    batch = document_uploads.create_upload_urls(
        req.user.user_id, req.body.property_id, req.body.declared_files()
    )
    return UploadUrlsOut.of(batch, req.language)


@router.post(
    "/api/documents/bulk-upload",
    form=BulkUploadForm,
    response=BulkUploadOut,
    status=202,
)
def bulk_upload(req: ApiRequest[None]) -> BulkUploadOut:
    """Upload up to 50 files as multipart/form-data (property_id and files)."""
    with _bulk_form(req.raw) as (property_id, files):
        batch = document_uploads.bulk_upload(req.user.user_id, property_id, files)
    return BulkUploadOut.of(batch, req.language)


@router.get("/api/documents", query=PropertyQuery, response=DocumentListOut)
def list_documents(req: ApiRequest[None, PropertyQuery]) -> DocumentListOut:
    """List a property's documents grouped by category."""
    groups = documents.list_documents(req.user.user_id, req.query.property_id)
    by_category = {
        name: [DocumentSummaryOut.model_validate(item) for item in items]
        for name, items in groups.by_category.items()
    }
    return DocumentListOut(
        property_id=groups.property_id,
        total=groups.total,
        by_category=DocumentsByCategoryOut.model_validate(by_category),
    )


@router.get("/api/documents/bulk-status/<uuid:workflow_id>", response=WorkflowStatusOut)
def bulk_status(req: ApiRequest[None]) -> WorkflowStatusOut:
    """Progress of an upload batch: counts, percentage, state, each document."""
    status = document_workflows.workflow_status(
        req.user.user_id, _path_uuid(req, "workflow_id")
    )
    return WorkflowStatusOut.model_validate(status)


@router.get(DOCUMENT, response=DocumentOut)
def get_document(req: ApiRequest[None]) -> DocumentOut:
    """Get one document with its full analysis."""
    found = documents.get_document(req.user.user_id, _path_uuid(req, "document_id"))
    return DocumentOut.model_validate(found)


@router.get(DOCUMENT + "/download-url", response=DownloadUrlOut)
def get_download_url(req: ApiRequest[None]) -> DownloadUrlOut:
    """A time-limited link that downloads the file under its display name."""
    signed = documents.download_url(req.user.user_id, _path_uuid(req, "document_id"))
    return DownloadUrlOut(url=signed.url, expires_at=signed.expires_at)


@router.patch(DOCUMENT, body=RenameIn, response=DocumentOut)
def rename_document(req: ApiRequest[RenameIn]) -> DocumentOut:
    """Rename a document (display name only; the stored file keeps its name)."""
    renamed = documents.rename_document(
        req.user.user_id, _path_uuid(req, "document_id"), req.body.filename
    )
    return DocumentOut.model_validate(renamed)


@router.delete(DOCUMENT, status=204)
def delete_document(req: ApiRequest[None]) -> ApiResponse:
    """Delete a document and its file; the synthesis is recomputed."""
    documents.delete_document(req.user.user_id, _path_uuid(req, "document_id"))
    return ApiResponse(status=204)


@router.post("/api/documents/bulk-delete", body=BulkDeleteIn, response=BulkDeleteOut)
def bulk_delete(req: ApiRequest[BulkDeleteIn]) -> BulkDeleteOut:
    """Delete up to 100 documents; ids the user has no document for are listed."""
    outcome = documents.bulk_delete(req.user.user_id, req.body.document_ids)
    return BulkDeleteOut(deleted=outcome.deleted, not_found=outcome.not_found)


@router.post(DOCUMENT + "/reprocess", response=DocumentOut, status=202)
def reprocess_document(req: ApiRequest[None]) -> DocumentOut:
    """Analyse an analysed or failed document again."""
    document = documents.reprocess_document(
        req.user.user_id, _path_uuid(req, "document_id")
    )
    return DocumentOut.model_validate(document)


register_synthesis_routes(router)
