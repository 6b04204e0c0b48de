"""A fake Gemini REST API: real HTTP on 127.0.0.1, in a background thread.

It serves ``generateContent`` the way google-genai calls it with a custom ``base_url``:
``POST /v1/models/{model}:generateContent`` (Developer API, key in ``x-goog-api-key``)
and ``POST /v1beta1/projects/{p}/locations/{l}/publishers/google/models/{model}:...``
(Vertex AI, ``Authorization: Bearer``). Each request is recorded and checked: the model,
the credentials, every inline document (``inlineData`` with a ``mime_type`` and URL-safe
base64 ``data``; a PDF must decode to ``%PDF-`` bytes), the JSON response MIME type and
schema, and the ``Output language:`` line of the prompt (against what the test expects).
A request that fails a check gets the 400 ``INVALID_ARGUMENT`` the real API would send,
and the problem is kept in :attr:`FakeGemini.problems`.

Answers are queued by the test (:meth:`reply_json`, :meth:`reply_text`,
:meth:`reply_error`, :meth:`reply_empty`) and served in arrival order, or computed
per request by a responder (:meth:`respond_with`) when calls run concurrently.

Image generation (a request asking for ``responseModalities`` ``IMAGE``) is checked
by its own rules (``tests.fakes.gemini_image_api``: turns, inline images, aspect
ratio) and recorded in :attr:`FakeGemini.image_requests`; :meth:`reply_image` and
:meth:`reply_blocked` queue its answers.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from types import TracebackType
from typing import Any

from pydantic import BaseModel

from tests.fakes.gemini_api import (
    GeminiRequest,
    Reply,
    candidate_body,
    error_body,
    parse_request,
)
from tests.fakes.gemini_image_api import (
    GeminiImageRequest,
    blocked_body,
    image_candidate_body,
    is_image_request,
    parse_image_request,
)
from tests.fakes.loopback import FakeHTTPServer, LoopbackServer

__all__ = ["FakeGemini", "GeminiImageRequest", "GeminiRequest", "Reply"]


@dataclass
class _State:
    replies: deque[Reply] = field(default_factory=deque)
    responder: Callable[[GeminiRequest], Reply] | None = None
    requests: list[GeminiRequest] = field(default_factory=list)
    image_requests: list[GeminiImageRequest] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class FakeGemini:
    """Start with ``with FakeGemini(model="gemini-2.5-flash") as gemini:``."""

    def __init__(
        self,
        *,
        model: str = "gemini-2.5-flash",
        api_key: str = "fake-gemini-key",
        bearer_token: str = "fake-vertex-token",
    ) -> None:
        self.model, self.api_key, self.bearer_token = model, api_key, bearer_token
        self.state = _State()
        self._loopback = LoopbackServer(_Handler, self)

    @property
    def base_url(self) -> str:
        return self._loopback.base_url

    @property
    def requests(self) -> list[GeminiRequest]:
        with self.state.lock:
            return list(self.state.requests)

    @property
    def image_requests(self) -> list[GeminiImageRequest]:
        with self.state.lock:
            return list(self.state.image_requests)

    @property
    def problems(self) -> list[str]:
        with self.state.lock:
            return list(self.state.problems)

    @property
    def max_in_flight(self) -> int:
        """The most requests that were being answered at the same time."""
        return self.state.max_in_flight

    def __enter__(self) -> FakeGemini:
        self._loopback.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._loopback.stop()

    # --- canned answers ------------------------------------------------------------

    def reply_json(
        self,
        payload: BaseModel | dict[str, Any],
        *,
        expect_language: str | None = None,
        delay_seconds: float = 0.0,
    ) -> None:
        """Answer the next call with ``payload`` as the model's JSON text."""
        text = (
            payload.model_dump_json()
            if isinstance(payload, BaseModel)
            else json.dumps(payload)
        )
        body = candidate_body(text, self.model)
        self._queue(Reply(200, body, delay_seconds, expect_language))

    def reply_text(self, text: str) -> None:
        """Answer the next call with ``text`` as is (e.g. malformed JSON)."""
        self._queue(Reply(200, candidate_body(text, self.model)))

    def reply_empty(self, finish_reason: str = "SAFETY") -> None:
        """Answer the next call with a candidate that has no text."""
        body = {"candidates": [{"finishReason": finish_reason, "index": 0}]}
        self._queue(Reply(200, body))

    def reply_error(
        self,
        status: int,
        *,
        times: int = 1,
        retry_delay: str | None = None,
        delay_seconds: float = 0.0,
    ) -> None:
        """Answer the next ``times`` calls with the API's error body for ``status``."""
        for _ in range(times):
            self._queue(Reply(status, error_body(status, retry_delay), delay_seconds))

    def reply_image(
        self,
        image: bytes,
        mime_type: str = "image/png",
        *,
        thought_signature: bytes | None = None,
    ) -> None:
        """Answer the next image call with ``image`` as the model's inline data."""
        body = image_candidate_body(image, mime_type, self.model, thought_signature)
        self._queue(Reply(200, body))

    def reply_blocked(self, block_reason: str = "SAFETY") -> None:
        """Answer the next call with a prompt blocked before any candidate."""
        self._queue(Reply(200, blocked_body(block_reason)))

    def respond_with(self, responder: Callable[[GeminiRequest], Reply]) -> None:
        """Compute every later answer from its request (when the queue is empty)."""
        with self.state.lock:
            self.state.responder = responder

    def answer_json(self, payload: BaseModel, *, delay_seconds: float = 0.0) -> Reply:
        """A successful reply with ``payload``, for responders."""
        body = candidate_body(payload.model_dump_json(), self.model)
        return Reply(200, body, delay_seconds)

    def _queue(self, reply: Reply) -> None:
        with self.state.lock:
            self.state.replies.append(reply)

    # --- serving -------------------------------------------------------------------

    def handle(self, path: str, headers: dict[str, str], raw: bytes) -> Reply:
        """Record and check one request, and choose its reply."""
        if is_image_request(raw):
            return self._handle_image(path, headers, raw)
        problems: list[str] = []
        request = parse_request(path, headers, raw, problems)
        self._check_credentials(request.mode, headers, problems)
        if request.model != self.model:
            problems.append(f"model {request.model!r} instead of {self.model!r}")
        with self.state.lock:
            self.state.requests.append(request)
            reply = self.state.replies.popleft() if self.state.replies else None
            responder = self.state.responder
        if reply is None and responder is not None:
            reply = responder(request)
        if reply is None:
            problems.append("no canned reply left")
            reply = Reply(500, error_body(500))
        expected = reply.expect_language
        if expected and request.language != expected:
            problems.append(f"language {request.language!r} instead of {expected!r}")
        return self._checked(reply, problems)

    def _handle_image(self, path: str, headers: dict[str, str], raw: bytes) -> Reply:
        problems: list[str] = []
        # The path rules and the credentials are the same as for any call.
        documents = parse_request(path, headers, raw, [])
        request = parse_image_request(
            path, documents.mode, documents.model, headers, raw, problems
        )
        self._check_credentials(request.mode, headers, problems)
        if request.model != self.model:
            problems.append(f"model {request.model!r} instead of {self.model!r}")
        with self.state.lock:
            self.state.image_requests.append(request)
            reply = self.state.replies.popleft() if self.state.replies else None
        if reply is None:
            problems.append("no canned reply left")
            reply = Reply(500, error_body(500))
        return self._checked(reply, problems)

    def _checked(self, reply: Reply, problems: list[str]) -> Reply:
        if problems:
            with self.state.lock:
                self.state.problems.extend(problems)
            return Reply(400, error_body(400, message="; ".join(problems)))
        return reply

    def _check_credentials(
        self, mode: str, headers: dict[str, str], problems: list[str]
    ) -> None:
        if mode == "api_key":
            if headers.get("x-goog-api-key") != self.api_key:
                problems.append("missing or wrong x-goog-api-key")
        elif headers.get("authorization") != f"Bearer {self.bearer_token}":
            problems.append("missing or wrong bearer token")

    def enter(self) -> None:
        with self.state.lock:
            self.state.in_flight += 1
            peak = max(self.state.max_in_flight, self.state.in_flight)
            self.state.max_in_flight = peak

    def leave(self) -> None:
        with self.state.lock:
            self.state.in_flight -= 1


class _Server(FakeHTTPServer):
    fake: FakeGemini


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        headers = {name.lower(): value for name, value in self.headers.items()}
        fake = self.server.fake
        fake.enter()
        try:
            reply = fake.handle(self.path, headers, raw)
            if reply.delay_seconds:
                time.sleep(reply.delay_seconds)
        finally:
            fake.leave()
        self._send(reply)

    def _send(self, reply: Reply) -> None:
        body = json.dumps(reply.body).encode()
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json; charset=UTF-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test): nothing to answer

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""
