"""Object names of a photo and of everything made from it (photos bucket).

Everything of a photo lives under one folder,
``users/{user}/properties/{property}/photos/{photo}/``, so that deleting the folder
deletes the photo, its thumbnail, its redesigns and any stray upload at once, and
deleting a property or an account (by prefix) takes its photos along.

The client's signed PUT lands on ``upload``, which is never served: the photo that
is served (``photo.<ext>``) and its thumbnail are written by the service only, from
the decoded pixels, so a second PUT on a still-valid link cannot replace what others
see with a file that still carries its GPS position. Redesign names are
deterministic (``redesigns/{redesign}.<ext>``), so a redelivered event overwrites
rather than adds.
"""

from __future__ import annotations

import uuid

from common.photos.images import EXTENSIONS


def photo_folder(user_id: str, property_id: uuid.UUID, photo_id: uuid.UUID) -> str:
    """``users/{user}/properties/{property}/photos/{photo}/``."""
    return f"users/{user_id}/properties/{property_id}/photos/{photo_id}/"


def upload_key(folder: str) -> str:
    """Where the client PUTs the original file (kept only until it is normalised)."""
    return f"{folder}upload"


def image_key(folder: str, content_type: str) -> str:
    """The normalised photo that is served."""
    return f"{folder}photo.{EXTENSIONS[content_type]}"


def thumbnail_key(folder: str) -> str:
    """The photo's JPEG thumbnail."""
    return f"{folder}thumbnail.jpg"


def redesign_key(folder: str, redesign_id: uuid.UUID, content_type: str) -> str:
    """``redesigns/{redesign}.<ext>`` under the photo's folder."""
    return f"{folder}redesigns/{redesign_id}.{EXTENSIONS[content_type]}"


def redesign_thumbnail_key(folder: str, redesign_id: uuid.UUID) -> str:
    """The redesign's JPEG thumbnail, next to it."""
    return f"{folder}redesigns/{redesign_id}.thumbnail.jpg"
