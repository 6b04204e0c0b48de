"""The image generation port: edit a photo from a prompt, references and earlier turns.

Separate from the document port (``common.ai.provider``): a redesign has nothing in
common with reading a PDF, and the two providers are chosen by the same setting
(``APP_AI_PROVIDER``) but built independently, so neither pays for the other.
``gemini`` is Gemini's image model through google-genai
(``common.ai.gemini_images``); ``local`` restyles the photo offline with Pillow
(``common.ai.local_images``).

A request carries bytes: the caller (``common.services.photo_generation``) resolves
the storage keys of the compact history into images at call time. Providers raise a
retryable ``DependencyFailed`` for outages, rate limits and timeouts, and
``RedesignRefused`` (permanent) for a request the model will not or cannot answer
with an image (safety block, no image in the answer, request rejected).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Literal, Protocol, get_args

from common.config import get_settings
from common.errors import AppError
from common.messages import register

AspectRatio = Literal["1:1", "3:4", "4:3", "9:16", "16:9"]
ASPECT_RATIOS: tuple[str, ...] = get_args(AspectRatio)

register(
    "redesign_refused",
    "The image could not be generated.",
    "L'image n'a pas pu être générée.",
)
register(
    "ai_image_blocked",
    "The AI declined to draw this image ({reason}).",
    "L'IA a refusé de produire cette image ({reason}).",
)
register(
    "ai_image_missing",
    "The AI answered without an image ({reason}).",
    "L'IA a répondu sans image ({reason}).",
)


class RedesignRefused(AppError):
    """The model answered without a usable image; asking again will not help."""

    status, code = 422, "redesign_refused"


@dataclass(frozen=True)
class SourceImage:
    """An image sent to the model: its bytes and media type."""

    data: bytes
    mime_type: str


@dataclass(frozen=True)
class Turn:
    """One earlier turn of a refinement: what the user asked, or what the model drew."""

    role: Literal["user", "model"]
    text: str | None = None
    images: tuple[SourceImage, ...] = ()
    # Gemini's signature of a model turn, sent back so that it keeps its reasoning.
    thought_signature: bytes | None = None


@dataclass(frozen=True)
class ImageEditRequest:
    """Edit ``image`` as ``prompt`` says, after ``history`` (oldest turn first).

    With a history, ``image`` is the last image the model drew (the one to refine).
    """

    prompt: str
    image: SourceImage
    aspect_ratio: str
    references: tuple[SourceImage, ...] = ()
    history: tuple[Turn, ...] = ()
    style_preset: str | None = None


@dataclass(frozen=True)
class GeneratedImage:
    """The model's image, which model drew it, and its signature for the next turn."""

    data: bytes
    mime_type: str
    model: str
    thought_signature: bytes | None = field(default=None, repr=False)


class ImageProvider(Protocol):
    """What the redesign pipeline needs from an image model."""

    name: str

    def edit(self, request: ImageEditRequest) -> GeneratedImage:
        """The edited image."""


@functools.cache
def get_image_ai() -> ImageProvider:
    """The image provider chosen by ``APP_AI_PROVIDER`` (built once per process)."""
    if get_settings().ai_provider == "gemini":
        from common.ai.gemini_images import GeminiImageProvider

        return GeminiImageProvider.from_settings()
    from common.ai.local_images import LocalImageProvider

    return LocalImageProvider()
