"""Gemini's image model through google-genai: edit a photo, keep a refinement going.

One ``generate_content`` call per redesign on ``APP_GEMINI_IMAGE_MODEL``, asking for
an image (``response_modalities=["IMAGE"]``) at the requested aspect ratio
(``image_config``). The contents are the earlier turns of the refinement, rebuilt from
the compact history (user turns: prompt and images; model turns: the image it drew,
with its thought signature, which newer image models require back), then the new user
turn: the photo to edit (only on a first turn: in a refinement the model's last image
is the one to edit), the reference images, then the prompt. Images travel inline.

The client and its retry loop are the document provider's (``common.ai.gemini_client``:
429, 5xx and network errors are retried, then a retryable ``DependencyFailed``). A
request the API rejects, a safety block and an answer without an image are permanent
``RedesignRefused``. google-genai is imported on first use only.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from common.ai.gemini_client import (
    LazyClient,
    RetryPolicy,
    configured_client_factory,
    generate_with_retries,
)
from common.ai.images import (
    GeneratedImage,
    ImageEditRequest,
    RedesignRefused,
    Turn,
)
from common.ai.provider import AnalysisFailed
from common.config import Settings, get_settings

if TYPE_CHECKING:
    from google.auth.credentials import Credentials
    from google.genai import Client

_BLOCKED = frozenset(
    {
        "SAFETY", "IMAGE_SAFETY", "PROHIBITED_CONTENT", "IMAGE_PROHIBITED_CONTENT",
        "BLOCKLIST", "SPII", "RECITATION", "IMAGE_RECITATION",
    }
)  # fmt: skip


class GeminiImageProvider:
    """The ``ImageProvider`` on Gemini (Developer API with a key, or Vertex AI)."""

    name = "gemini"

    def __init__(
        self,
        client_factory: Callable[[], Client],
        model: str,
        *,
        max_attempts: int = 4,
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.model = model
        self._client = LazyClient(client_factory)
        self._retry = RetryPolicy(max_attempts, sleep=sleep, jitter=jitter)

    @classmethod
    def from_settings(
        cls,
        settings: Settings | None = None,
        *,
        base_url: str | None = None,
        credentials: Credentials | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> GeminiImageProvider:
        """The provider configured by settings; ``base_url`` only redirects the API."""
        settings = settings or get_settings()
        factory = configured_client_factory(
            settings, base_url=base_url, credentials=credentials
        )
        return cls(
            factory,
            settings.gemini_image_model,
            max_attempts=settings.gemini_max_attempts,
            sleep=sleep,
        )

    @property
    def client(self) -> Client:
        """The google-genai client, built at first use and then shared by threads."""
        return self._client.get()

    def edit(self, request: ImageEditRequest) -> GeneratedImage:
        """The model's edit of the photo (one call, retried on transient failures)."""
        from google.genai import types

        config = types.GenerateContentConfig(
            response_modalities=["IMAGE"],
            image_config=types.ImageConfig(aspect_ratio=request.aspect_ratio),
        )
        contents = [_content(turn) for turn in request.history]
        first_turn = () if request.history else (request.image,)
        contents.append(
            _content(Turn("user", request.prompt, (*first_turn, *request.references)))
        )
        try:
            response = generate_with_retries(
                lambda: self.client.models.generate_content(
                    model=self.model, contents=contents, config=config
                ),
                self._retry,
            )
        except AnalysisFailed as exc:  # the API rejected the request itself
            raise RedesignRefused(exc.message_key, **exc.details) from exc
        return _generated(response, self.model)


def _content(turn: Turn) -> Any:
    """A ``Content``: images first, then the text (as the API's examples order them)."""
    from google.genai import types

    parts = [
        types.Part(
            inline_data=types.Blob(data=image.data, mime_type=image.mime_type),
            thought_signature=turn.thought_signature,
        )
        for image in turn.images
    ]
    if turn.text:
        parts.append(types.Part(text=turn.text))
    return types.Content(role=turn.role, parts=parts)


def _generated(response: Any, model: str) -> GeneratedImage:
    """The last image the model drew, else ``RedesignRefused`` with the reason."""
    images = _drawn_images(response)
    if images:
        last = images[-1]
        return GeneratedImage(
            last.inline_data.data,
            str(last.inline_data.mime_type),
            str(response.model_version or model),
            last.thought_signature,
        )
    candidates = response.candidates or []
    finish = candidates[0].finish_reason if candidates else None
    feedback = response.prompt_feedback
    blocked = feedback.block_reason if feedback else None
    reason = _name(blocked or finish)
    key = "ai_image_blocked" if blocked or reason in _BLOCKED else "ai_image_missing"
    raise RedesignRefused(key, reason=reason)


def _drawn_images(response: Any) -> list[Any]:
    """The image parts of the first candidate, thoughts (draft images) left out."""
    candidates = response.candidates or []
    content = candidates[0].content if candidates else None
    parts = (content.parts or []) if content else []
    return [
        part
        for part in parts
        if part.inline_data is not None
        and part.inline_data.data
        and str(part.inline_data.mime_type or "").startswith("image/")
        and not part.thought
    ]


def _name(reason: Any) -> str:
    return str(getattr(reason, "value", None) or reason or "none")
