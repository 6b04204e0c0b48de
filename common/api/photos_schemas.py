"""Request and response models of /api/photos (JSON in snake_case).

Requests refuse unknown fields. Names typed by the user follow the documents' rules
(no path, no invisible characters); room types, presets and aspect ratios are closed
lists, so a typo is a 400 rather than a silently ignored value. URLs in responses are
time-limited: every one is valid at least until its ``urls_expire_at``.
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
    model_validator,
)

from common.ai.images import ASPECT_RATIOS, AspectRatio
from common.api.documents_schemas import DisplayName, SignedUploadOut
from common.photos.rooms import ROOM_TYPES, RoomType
from common.photos.styles import PRESETS, StylePresetId
from common.services.photo_redesign_queries import RedesignView
from common.services.photo_uploads import UploadItem
from common.services.photos import PhotoView

MAX_PROMPT_CHARS = 4000
MAX_REFERENCES = 2
Prompt = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_PROMPT_CHARS),
]


def _unique(ids: list[uuid.UUID]) -> list[uuid.UUID]:
    return list(dict.fromkeys(ids))


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PropertyQuery(_Input):
    """``?property_id=``."""

    property_id: uuid.UUID


class UploadUrlIn(_Input):
    """A photo the client will PUT: its name, declared type and size, room type."""

    property_id: uuid.UUID
    filename: str = Field(min_length=1, max_length=1024)
    content_type: str = Field(min_length=1, max_length=255)
    size_bytes: int = Field(strict=True, ge=1)
    room_type: RoomType | None = None


BinaryFile = Annotated[bytes, WithJsonSchema({"type": "string", "format": "binary"})]


class UploadForm(_Input):
    """multipart/form-data: the property, an optional room type, up to 20 images."""

    property_id: uuid.UUID
    room_type: RoomType | None = None
    files: list[BinaryFile]


class PhotoPatchIn(_Input):
    """A new display name and/or room type (``room_type: null`` clears it)."""

    name: DisplayName | None = None
    room_type: RoomType | None = None

    def changes(self) -> dict[str, str | None]:
        """Only the fields the client sent."""
        return {name: getattr(self, name) for name in self.model_fields_set}


class RedesignIn(_Input):
    """A preset and/or the prompt (the user's edit wins), refinement, references."""

    style_preset: StylePresetId | None = None
    prompt: Prompt | None = None
    parent_redesign_id: uuid.UUID | None = None
    reference_photo_ids: Annotated[
        list[uuid.UUID], Field(max_length=MAX_REFERENCES), AfterValidator(_unique)
    ] = []
    aspect_ratio: AspectRatio | None = None

    @model_validator(mode="after")
    def _preset_or_prompt(self) -> RedesignIn:
        if self.style_preset is None and self.prompt is None:
            raise ValueError("give a style_preset or a prompt")
        return self


# --- responses ---------------------------------------------------------------------


class TextsOut(BaseModel):
    """One text in English and French."""

    model_config = ConfigDict(from_attributes=True)

    en: str
    fr: str


class PresetOut(BaseModel):
    """A style preset; ``prompt_template`` is what the user may edit."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    name: TextsOut
    description: TextsOut
    prompt_template: TextsOut


class PresetListOut(BaseModel):
    """The style presets, and the room types and aspect ratios a request may use."""

    presets: list[PresetOut]
    room_types: list[str]
    aspect_ratios: list[str]

    @classmethod
    def build(cls) -> PresetListOut:
        """Every preset, in a stable order."""
        presets = [PresetOut.model_validate(preset) for preset in PRESETS.values()]
        return cls(
            presets=presets,
            room_types=list(ROOM_TYPES),
            aspect_ratios=list(ASPECT_RATIOS),
        )


class PhotoOut(BaseModel):
    """A photo; URLs once uploaded (``error_message`` in English: localise by code)."""

    id: uuid.UUID
    property_id: uuid.UUID
    name: str
    room_type: str | None
    status: Literal["awaiting_upload", "uploaded", "failed"]
    error_code: str | None
    error_message: str | None
    content_type: str | None
    size_bytes: int | None
    width: int | None
    height: int | None
    url: str | None
    thumbnail_url: str | None
    urls_expire_at: datetime | None
    promoted_redesign_id: uuid.UUID | None
    promoted_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, found: PhotoView) -> PhotoOut:
        """The model of a service view."""
        photo, image = found.photo, found.image
        return cls.model_validate(
            {
                **_columns(photo, cls),
                "name": photo.filename,
                "url": image.url,
                "thumbnail_url": image.thumbnail_url,
                "urls_expire_at": image.expires_at,
            }
        )


class PhotoListOut(BaseModel):
    """A property's photos, oldest first."""

    property_id: uuid.UUID
    photos: list[PhotoOut]


class PhotoUploadUrlOut(BaseModel):
    """The pending photo, where to PUT its file (exactly these headers), then POST
    ``complete``."""

    photo: PhotoOut
    upload: SignedUploadOut
    complete_url: str


class ErrorOut(BaseModel):
    """Why a file was refused (``message`` in the request's language)."""

    code: str
    message: str


class UploadItemOut(BaseModel):
    """One file of a multipart upload: its photo, or why it was refused."""

    client_index: int
    filename: str
    status: Literal["uploaded", "rejected"]
    photo: PhotoOut | None
    error: ErrorOut | None

    @classmethod
    def of(cls, item: UploadItem, language: str) -> UploadItemOut:
        """The model of a service item, its error in ``language``."""
        error = None
        if item.error is not None:
            error = ErrorOut(
                code=item.error.message_key, message=item.error.localized(language)
            )
        photo = PhotoOut.of(item.photo) if item.photo else None
        return cls(
            client_index=item.index, filename=item.filename, status=item.status,
            photo=photo, error=error,
        )  # fmt: skip


class UploadOut(BaseModel):
    """Every file of the request, in order."""

    items: list[UploadItemOut]


class RedesignOut(BaseModel):
    """A redesign: its status, what was asked and, once done, its image."""

    id: uuid.UUID
    photo_id: uuid.UUID
    parent_id: uuid.UUID | None
    style_preset: str | None
    prompt: str
    aspect_ratio: str | None
    reference_photo_ids: list[uuid.UUID]
    turn: int = Field(description="1 for a first redesign, 2 for its refinement...")
    status: Literal["pending", "generating", "done", "failed"]
    error_code: str | None
    error_message: str | None
    model: str | None
    generation_ms: int | None
    promoted: bool
    url: str | None
    thumbnail_url: str | None
    urls_expire_at: datetime | None
    created_at: datetime
    started_at: datetime | None
    completed_at: datetime | None

    @classmethod
    def of(cls, found: RedesignView) -> RedesignOut:
        """The model of a service view."""
        redesign, image = found.redesign, found.image
        own_turns = 2 if redesign.status == "done" else 0
        return cls.model_validate(
            {
                **_columns(redesign, cls),
                "turn": (len(redesign.history) - own_turns) // 2 + 1,
                "promoted": found.promoted,
                "url": image.url,
                "thumbnail_url": image.thumbnail_url,
                "urls_expire_at": image.expires_at,
            }
        )


class RedesignListOut(BaseModel):
    """A photo's redesigns, newest first."""

    photo_id: uuid.UUID
    redesigns: list[RedesignOut]


class RedesignAcceptedOut(BaseModel):
    """The queued redesign: poll ``status_url`` until ``done`` or ``failed``."""

    redesign_id: uuid.UUID
    status: str
    status_url: str


def _columns(row: object, model: type[BaseModel]) -> dict[str, Any]:
    """The values of ``row`` for the fields of ``model`` it has."""
    return {
        name: getattr(row, name) for name in model.model_fields if hasattr(row, name)
    }
