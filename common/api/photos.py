"""HTTP routes of /api/photos: uploads, lists, presets, redesigns, promotion, delete.

Every route but the presets requires a session; another user's photo, redesign or
property answers 404. A signed-URL upload is two calls around the client's PUT:
``upload-url`` then ``{id}/complete`` (there is no finalize function for photos).
``upload`` is the one route whose body is not JSON: it reads the multipart body itself,
as a stream (``common.http.multipart``). Asking for a redesign answers 202 at once
(the image is drawn by the ``photo_redesign`` event function) and is limited per user
(``REDESIGN_LIMIT``), on top of the general API limit. Models live in
``photos_schemas``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from common.api.documents_schemas import SignedUploadOut
from common.api.photos_schemas import (
    PhotoListOut,
    PhotoOut,
    PhotoPatchIn,
    PhotoUploadUrlOut,
    PresetListOut,
    PropertyQuery,
    RedesignAcceptedOut,
    RedesignIn,
    RedesignListOut,
    RedesignOut,
    UploadForm,
    UploadItemOut,
    UploadOut,
    UploadUrlIn,
)
from common.config import get_settings
from common.errors import InvalidInput, PayloadTooLarge, UnsupportedMediaType
from common.http import ApiRequest, ApiResponse, RateLimit, Router
from common.http.multipart import spooled_form
from common.messages import register
from common.photos.rooms import ROOM_TYPES
from common.services import (
    photo_deletion,
    photo_promotion,
    photo_redesign_queries,
    photo_redesigns,
    photo_uploads,
    photos,
)
from common.services.document_uploads import IncomingFile

MAX_FILES_PER_UPLOAD = 20
PART_OVERHEAD_BYTES = 16 * 1024
FORM_OVERHEAD_BYTES = 64 * 1024
REDESIGN_LIMIT = RateLimit("photo_redesign", 30, 3600)

register(
    "photos_multipart_required",
    "Send the images as multipart/form-data.",
    "Envoyez les images en multipart/form-data.",
)

router = Router("photos")
PHOTO = "/api/photos/<uuid:photo_id>"


def _path_uuid(req: ApiRequest[Any, Any], name: str) -> uuid.UUID:
    value = req.path[name]
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _invalid(field: str, kind: str) -> InvalidInput:
    errors = [{"loc": ["body", field], "type": kind}]
    return InvalidInput("invalid_fields", fields=field, errors=errors)


def _form_fields(fields: dict[str, str]) -> tuple[uuid.UUID, str | None]:
    """The property id and the room type (blank: none) of the upload form."""
    try:
        property_id = uuid.UUID(fields["property_id"].strip())
    except KeyError:
        raise _invalid("property_id", "missing") from None
    except ValueError:
        raise _invalid("property_id", "uuid_parsing") from None
    room_type = fields.get("room_type", "").strip() or None
    if room_type is not None and room_type not in ROOM_TYPES:
        raise _invalid("room_type", "literal_error")
    return property_id, room_type


@contextmanager
def _upload_form(
    request: Any,
) -> Iterator[tuple[uuid.UUID, str | None, list[IncomingFile]]]:
    """The property, the room type and the files, spooled as they arrive."""
    boundary = request.mimetype_params.get("boundary")
    if request.mimetype != "multipart/form-data" or not boundary:
        raise UnsupportedMediaType("photos_multipart_required")
    max_file_bytes = get_settings().photo_max_upload_bytes
    limit = MAX_FILES_PER_UPLOAD * (max_file_bytes + PART_OVERHEAD_BYTES)
    if (request.content_length or 0) > limit + FORM_OVERHEAD_BYTES:
        raise PayloadTooLarge(limit_bytes=limit + FORM_OVERHEAD_BYTES)
    with spooled_form(
        request.stream,
        boundary,
        max_files=MAX_FILES_PER_UPLOAD,
        max_file_bytes=max_file_bytes,
    ) as form:
        property_id, room_type = _form_fields(form.fields)
        # A file input left empty still sends a part, without a name or a byte.
        files = [
            IncomingFile(part.filename, part.stream)
            for part in form.files
            if part.filename or part.size
        ]
        if not files:
            raise _invalid("files", "missing")
        yield property_id, room_type, files


@router.get("/api/photos/presets", response=PresetListOut, auth="public")
def list_presets(_req: ApiRequest[None]) -> PresetListOut:
    """Style presets (names, descriptions, prompt templates in FR and EN)."""
    return PresetListOut.build()


@router.post(
    "/api/photos/upload-url", body=UploadUrlIn, response=PhotoUploadUrlOut, status=201
)
def create_upload_url(req: ApiRequest[UploadUrlIn]) -> PhotoUploadUrlOut:
    """Create a pending photo and a signed PUT URL; then POST ``complete``."""
    body = req.body
    created = photo_uploads.create_upload_url(
        req.user.user_id,
        body.property_id,
        (body.filename, body.content_type, body.size_bytes),
        body.room_type,
    )
    return PhotoUploadUrlOut(
        photo=PhotoOut.of(created.photo),
        upload=SignedUploadOut.model_validate(created.upload),
        complete_url=f"/api/photos/{created.photo.photo.id}/complete",
    )


@router.post(PHOTO + "/complete", response=PhotoOut)
def complete_upload(req: ApiRequest[None]) -> PhotoOut:
    """Check and normalise the file PUT to the signed URL (EXIF and GPS removed)."""
    completed = photo_uploads.complete_upload(
        req.user.user_id, _path_uuid(req, "photo_id")
    )
    return PhotoOut.of(completed)


@router.post("/api/photos/upload", form=UploadForm, response=UploadOut, status=201)
def upload(req: ApiRequest[None]) -> UploadOut:
    """Upload up to 20 images as multipart/form-data (property_id, files)."""
    with _upload_form(req.raw) as (property_id, room_type, files):
        items = photo_uploads.upload_photos(
            req.user.user_id, property_id, files, room_type
        )
    return UploadOut(items=[UploadItemOut.of(item, req.language) for item in items])


@router.get("/api/photos", query=PropertyQuery, response=PhotoListOut)
def list_photos(req: ApiRequest[None, PropertyQuery]) -> PhotoListOut:
    """List a property's photos with time-limited URLs."""
    found = photos.list_photos(req.user.user_id, req.query.property_id)
    return PhotoListOut(
        property_id=req.query.property_id, photos=[PhotoOut.of(item) for item in found]
    )


@router.get(PHOTO, response=PhotoOut)
def get_photo(req: ApiRequest[None]) -> PhotoOut:
    """Get one photo with its URLs."""
    return PhotoOut.of(photos.get_photo(req.user.user_id, _path_uuid(req, "photo_id")))


@router.patch(PHOTO, body=PhotoPatchIn, response=PhotoOut)
def update_photo(req: ApiRequest[PhotoPatchIn]) -> PhotoOut:
    """Rename a photo and/or set its room type."""
    updated = photos.update_photo(
        req.user.user_id, _path_uuid(req, "photo_id"), req.body.changes()
    )
    return PhotoOut.of(updated)


@router.delete(PHOTO, status=204)
def delete_photo(req: ApiRequest[None]) -> ApiResponse:
    """Delete a photo, its redesigns and all their files."""
    photo_deletion.delete_photo(req.user.user_id, _path_uuid(req, "photo_id"))
    return ApiResponse(status=204)


@router.post(
    PHOTO + "/redesign",
    body=RedesignIn,
    response=RedesignAcceptedOut,
    status=202,
    rate_limit=REDESIGN_LIMIT,
)
def request_redesign(req: ApiRequest[RedesignIn]) -> RedesignAcceptedOut:
    """Ask for an AI redesign of the photo (a preset and/or a prompt)."""
    body = req.body
    ask = photo_redesigns.RedesignAsk(
        style_preset=body.style_preset,
        prompt=body.prompt,
        language=req.language,
        parent_redesign_id=body.parent_redesign_id,
        reference_photo_ids=body.reference_photo_ids,
        aspect_ratio=body.aspect_ratio,
    )
    redesign = photo_redesigns.request(
        req.user.user_id, _path_uuid(req, "photo_id"), ask
    )
    return RedesignAcceptedOut(
        redesign_id=redesign.id,
        status=redesign.status,
        status_url=f"/api/photos/redesigns/{redesign.id}",
    )


@router.get(PHOTO + "/redesigns", response=RedesignListOut)
def list_redesigns(req: ApiRequest[None]) -> RedesignListOut:
    """A photo's redesigns, newest first, with the URLs of finished ones."""
    photo_id = _path_uuid(req, "photo_id")
    found = photo_redesign_queries.list_redesigns(req.user.user_id, photo_id)
    return RedesignListOut(
        photo_id=photo_id, redesigns=[RedesignOut.of(item) for item in found]
    )


@router.get("/api/photos/redesigns/<uuid:redesign_id>", response=RedesignOut)
def get_redesign(req: ApiRequest[None]) -> RedesignOut:
    """The status of one redesign (and its image once done)."""
    found = photo_redesign_queries.get_redesign(
        req.user.user_id, _path_uuid(req, "redesign_id")
    )
    return RedesignOut.of(found)


@router.patch(PHOTO + "/promote/<uuid:redesign_id>", response=PhotoOut)
def promote(req: ApiRequest[None]) -> PhotoOut:
    """Show a finished redesign of this photo on the property's overview."""
    promoted = photo_promotion.promote(
        req.user.user_id, _path_uuid(req, "photo_id"), _path_uuid(req, "redesign_id")
    )
    return PhotoOut.of(promoted)


@router.delete(PHOTO + "/promote", response=PhotoOut)
def demote(req: ApiRequest[None]) -> PhotoOut:
    """Stop showing a redesign of this photo on the overview."""
    demoted = photo_promotion.demote(req.user.user_id, _path_uuid(req, "photo_id"))
    return PhotoOut.of(demoted)
