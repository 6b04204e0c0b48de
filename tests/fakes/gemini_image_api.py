"""The wire format of image generation on the fake Gemini API (``FakeGemini``).

An image request is a ``generateContent`` call whose ``generationConfig`` asks for
``responseModalities`` including ``IMAGE``, with ``imageConfig.aspectRatio``. Its
``contents`` are the turns of the conversation (user and model, alternating, the last
one the user's), each part ``text`` or ``inlineData`` (URL-safe base64, snake_case
``mime_type``: what google-genai sends), model parts possibly with a
``thoughtSignature``. The answer carries the image as an ``inlineData`` part, in
standard base64 with a camelCase ``mimeType``, as the API does.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import json
from dataclasses import dataclass, field
from typing import Any

ASPECT_RATIOS = frozenset(
    {"1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"}
)


@dataclass(frozen=True)
class ImageTurn:
    """One content of the request: its role, texts, images and thought signatures."""

    role: str
    texts: list[str]
    images: list[tuple[str, bytes]]
    thought_signatures: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class GeminiImageRequest:
    """One image ``generateContent`` call as the fake received it."""

    path: str
    mode: str  # "api_key" or "vertex"
    model: str | None
    headers: dict[str, str]
    turns: list[ImageTurn]
    aspect_ratio: str | None
    response_modalities: list[str]

    @property
    def prompt(self) -> str:
        """The texts of the last (user) turn, joined."""
        return "\n".join(self.turns[-1].texts) if self.turns else ""

    @property
    def images(self) -> list[tuple[str, bytes]]:
        """The images of the last (user) turn, in order."""
        return self.turns[-1].images if self.turns else []


def is_image_request(raw: bytes) -> bool:
    """Whether the body asks for an image answer."""
    try:
        config = json.loads(raw).get("generationConfig") or {}
    except (ValueError, AttributeError):
        return False
    return "IMAGE" in [str(m).upper() for m in config.get("responseModalities") or []]


def parse_image_request(
    path: str, mode: str, model: str | None, headers: dict[str, str], raw: bytes,
    problems: list[str],
) -> GeminiImageRequest:  # fmt: skip
    """The request's turns and settings; what the API would refuse: ``problems``."""
    body: dict[str, Any] = json.loads(raw)
    config = body.get("generationConfig") or {}
    aspect_ratio = (config.get("imageConfig") or {}).get("aspectRatio")
    if aspect_ratio is not None and aspect_ratio not in ASPECT_RATIOS:
        problems.append(f"unsupported aspect ratio {aspect_ratio!r}")
    turns = [_turn(content, problems) for content in body.get("contents") or []]
    roles = [turn.role for turn in turns]
    if not roles or roles[-1] != "user":
        problems.append(f"the last turn is not the user's: {roles}")
    if any(first == second for first, second in itertools.pairwise(roles)):
        problems.append(f"turns do not alternate: {roles}")
    return GeminiImageRequest(
        path, mode, model, headers, turns, aspect_ratio,
        [str(m) for m in config.get("responseModalities") or []],
    )  # fmt: skip


def _turn(content: dict[str, Any], problems: list[str]) -> ImageTurn:
    texts: list[str] = []
    images: list[tuple[str, bytes]] = []
    signatures: list[str] = []
    for part in content.get("parts") or []:
        if "thoughtSignature" in part:
            signatures.append(str(part["thoughtSignature"]))
        if "text" in part:
            texts.append(str(part["text"]))
        elif "inlineData" in part:
            images.append(_image(part["inlineData"], problems))
        else:
            problems.append(f"unexpected part {sorted(part)}")
    return ImageTurn(str(content.get("role")), texts, images, signatures)


def _image(inline: dict[str, Any], problems: list[str]) -> tuple[str, bytes]:
    mime_type = str(inline.get("mime_type") or inline.get("mimeType") or "")
    try:
        data = base64.urlsafe_b64decode(str(inline.get("data", "")).encode())
    except (binascii.Error, ValueError):
        problems.append("inlineData is not URL-safe base64")
        data = b""
    if mime_type not in ("image/jpeg", "image/png", "image/webp"):
        problems.append(f"unexpected inline image type {mime_type!r}")
    return mime_type, data


def image_candidate_body(
    image: bytes, mime_type: str, model: str, thought_signature: bytes | None = None
) -> dict[str, Any]:
    """A ``GenerateContentResponse`` whose one candidate holds ``image``."""
    part: dict[str, Any] = {
        "inlineData": {"mimeType": mime_type, "data": base64.b64encode(image).decode()}
    }
    if thought_signature is not None:
        part["thoughtSignature"] = base64.b64encode(thought_signature).decode()
    return {
        "candidates": [
            {
                "content": {"role": "model", "parts": [part]},
                "finishReason": "STOP",
                "index": 0,
            }
        ],
        "usageMetadata": {"promptTokenCount": 1300, "candidatesTokenCount": 1290},
        "modelVersion": model,
    }


def blocked_body(block_reason: str) -> dict[str, Any]:
    """An answer refused before any candidate (``promptFeedback.blockReason``)."""
    return {"promptFeedback": {"blockReason": block_reason}}
