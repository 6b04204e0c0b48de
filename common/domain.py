"""Shared vocabulary of the pipelines: durable statuses and object names (DESIGN.md)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Literal

DocumentStatus = Literal[
    "awaiting_upload", "uploaded", "classifying", "analyzing", "analyzed", "failed"
]  # fmt: skip
DOCUMENT_FINAL_STATUSES: frozenset[str] = frozenset({"analyzed", "failed"})
RedesignStatus = Literal["pending", "generating", "done", "failed"]
SynthesisReason = Literal["document_analyzed", "document_deleted", "manual"]

_DOCUMENT_KEY = re.compile(
    r"^users/(?P<user_id>[A-Za-z0-9_-]{1,64})/properties/(?P<property_id>[0-9a-f-]{36})"
    r"/documents/(?P<document_id>[0-9a-f-]{36})/(?P<filename>[^/]{1,200})$"
)


@dataclass(frozen=True)
class DocumentKey:
    """The parts of a document's object name."""

    user_id: str
    property_id: uuid.UUID
    document_id: uuid.UUID
    filename: str


def document_object_key(
    user_id: str, property_id: uuid.UUID, document_id: uuid.UUID, safe_filename: str
) -> str:
    """``users/{user}/properties/{property}/documents/{document}/{safe_filename}``."""
    return (
        f"users/{user_id}/properties/{property_id}/documents/{document_id}/"
        f"{safe_filename}"
    )


def parse_document_object_key(key: str) -> DocumentKey | None:
    """The parts of a document object name, or None for any other object."""
    match = _DOCUMENT_KEY.match(key)
    if match is None:
        return None
    try:
        return DocumentKey(
            user_id=match["user_id"],
            property_id=uuid.UUID(match["property_id"]),
            document_id=uuid.UUID(match["document_id"]),
            filename=match["filename"],
        )
    except ValueError:
        return None
