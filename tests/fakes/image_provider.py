"""An in-memory image provider: the :class:`common.ai.images.ImageProvider` protocol.

It records every request (with the bytes it was given) and answers with a small PNG,
or with the answers and errors the test queued (``answer``, ``fail``).
"""

from __future__ import annotations

import threading

from common.ai.images import GeneratedImage, ImageEditRequest
from tests.fixtures.photos import encoded, room_photo

MODEL = "fake-image-model"
DRAWN = encoded(room_photo(64, 48), "PNG")


class FakeImageProvider:
    """Draws ``DRAWN`` (a PNG) unless an answer or an error is queued."""

    name = "fake"

    def __init__(self) -> None:
        self.requests: list[ImageEditRequest] = []
        self._queue: list[GeneratedImage | Exception] = []
        self._lock = threading.Lock()

    def answer(self, *answers: GeneratedImage | Exception) -> None:
        """Give ``answers`` (images or errors to raise) to the next calls, in order."""
        with self._lock:
            self._queue.extend(answers)

    def fail(self, *errors: Exception) -> None:
        """Raise ``errors`` from the next calls, one per call."""
        self.answer(*errors)

    def edit(self, request: ImageEditRequest) -> GeneratedImage:
        with self._lock:
            self.requests.append(request)
            queued = self._queue.pop(0) if self._queue else None
        if isinstance(queued, Exception):
            raise queued
        return queued or GeneratedImage(DRAWN, "image/png", MODEL, b"signature")
