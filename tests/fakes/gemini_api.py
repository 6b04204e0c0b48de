"""The wire format of the fake Gemini API: requests parsed and checked, bodies built.

What google-genai sends (checked against the SDK's own request building): the JSON body
of ``generateContent`` with ``contents[].parts[]`` holding ``text`` or ``inlineData``
(``mime_type`` in snake_case, ``data`` in URL-safe base64) and ``generationConfig``
with ``responseMimeType`` and ``responseSchema``. Errors are ``google.rpc.Status``
bodies, with a ``RetryInfo`` detail for rate limits.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from typing import Any

_API_KEY_PATH = re.compile(r"^/v1/models/(?P<model>[^/:]+):generateContent$")
_VERTEX_PATH = re.compile(
    r"^/v1beta1/projects/(?P<project>[^/]+)/locations/(?P<location>[^/]+)"
    r"/publishers/google/models/(?P<model>[^/:]+):generateContent$"
)
_LANGUAGE = re.compile(r"Output language: (?P<language>[a-z]{2})\b")


@dataclass(frozen=True)
class GeminiRequest:
    """One ``generateContent`` call as the fake received it."""

    path: str
    mode: str  # "api_key" or "vertex"
    model: str | None
    headers: dict[str, str]
    body: dict[str, Any]
    documents: list[tuple[str, bytes]]  # (mime type, decoded bytes) of inline parts
    prompt: str  # the text parts, joined
    language: str | None
    response_schema: dict[str, Any] | None


@dataclass(frozen=True)
class Reply:
    """What the fake answers: a status and a JSON body, after an optional delay."""

    status: int
    body: dict[str, Any]
    delay_seconds: float = 0.0
    expect_language: str | None = None


def parse_request(
    path: str, headers: dict[str, str], raw: bytes, problems: list[str]
) -> GeminiRequest:
    """The request's parts; what the real API would refuse goes to ``problems``."""
    match = _API_KEY_PATH.match(path) or _VERTEX_PATH.match(path)
    if match is None:
        problems.append(f"unexpected path {path}")
    try:
        body: dict[str, Any] = json.loads(raw)
    except ValueError:
        problems.append("body is not JSON")
        body = {}
    documents, texts = _parts(body, problems)
    config = body.get("generationConfig") or {}
    if config.get("responseMimeType") != "application/json":
        problems.append("responseMimeType is not application/json")
    schema = config.get("responseSchema")
    if not isinstance(schema, dict) or not schema.get("properties"):
        problems.append("no responseSchema")
    prompt = "\n".join(texts)
    language = _LANGUAGE.search(prompt)
    if language is None:
        problems.append("no output language in the prompt")
    return GeminiRequest(
        path=path,
        mode="vertex" if path.startswith("/v1beta1/") else "api_key",
        model=match["model"] if match else None,
        headers=headers,
        body=body,
        documents=documents,
        prompt=prompt,
        language=language["language"] if language else None,
        response_schema=schema if isinstance(schema, dict) else None,
    )


def _parts(
    body: dict[str, Any], problems: list[str]
) -> tuple[list[tuple[str, bytes]], list[str]]:
    documents: list[tuple[str, bytes]] = []
    texts: list[str] = []
    for content in body.get("contents") or []:
        for part in content.get("parts") or []:
            if "text" in part:
                texts.append(str(part["text"]))
            elif "inlineData" in part:
                documents.append(_inline_document(part["inlineData"], problems))
            else:
                problems.append(f"unexpected part {sorted(part)}")
    return documents, texts


def _inline_document(inline: dict[str, Any], problems: list[str]) -> tuple[str, bytes]:
    mime_type = str(inline.get("mime_type") or inline.get("mimeType") or "")
    data = str(inline.get("data", ""))
    try:
        content = base64.urlsafe_b64decode(data.encode())
    except (binascii.Error, ValueError):
        problems.append("inlineData is not URL-safe base64")
        content = b""
    if mime_type not in ("application/pdf", "image/jpeg", "image/png", "image/webp"):
        problems.append(f"unexpected inline mime type {mime_type!r}")
    if mime_type == "application/pdf" and not content.startswith(b"%PDF-"):
        problems.append("inline PDF does not decode to a PDF")
    return mime_type, content


def candidate_body(text: str, model: str) -> dict[str, Any]:
    """A ``GenerateContentResponse`` with one candidate whose only part is ``text``."""
    return {
        "candidates": [
            {
                "content": {"role": "model", "parts": [{"text": text}]},
                "finishReason": "STOP",
                "index": 0,
            }
        ],
        "usageMetadata": {"promptTokenCount": 1000, "candidatesTokenCount": 100},
        "modelVersion": model,
    }


_STATUS_NAMES = {
    400: "INVALID_ARGUMENT", 403: "PERMISSION_DENIED", 404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE",
}  # fmt: skip


def error_body(
    status: int, retry_delay: str | None = None, message: str = "fake error"
) -> dict[str, Any]:
    """The API's error body (``google.rpc.Status``), with a RetryInfo if asked."""
    error: dict[str, Any] = {
        "code": status,
        "message": message,
        "status": _STATUS_NAMES.get(status, "UNKNOWN"),
    }
    if retry_delay is not None:
        error["details"] = [
            {
                "@type": "type.googleapis.com/google.rpc.RetryInfo",
                "retryDelay": retry_delay,
            }
        ]
    return {"error": error}
