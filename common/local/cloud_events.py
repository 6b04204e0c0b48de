"""The CloudEvents the platform sends, built and posted the way Eventarc does.

``pubsub_event`` and ``storage_event`` give the attributes and data of a Pub/Sub push
(``messagePublished``, message data in base64) and of a GCS ``finalized`` event.
``encode_http`` writes an event in structured mode (one JSON document,
``application/cloudevents+json``) or binary mode (``ce-*`` headers, the data as the
body; Eventarc's own choice); ``WsgiDeliverer`` posts it to a functions-framework app
in process and returns the HTTP status, which the bus reads as ack or nack.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import quote

from common.triggers import PUBSUB_PUBLISHED, STORAGE_FINALIZED

STRUCTURED_CONTENT_TYPE = "application/cloudevents+json"
DeliveryMode = Literal["structured", "binary"]
WsgiApp = Callable[..., Iterable[bytes]]
Event = tuple[dict[str, str], dict[str, object]]  # (attributes, data)
# Printable ASCII but '%' and '"' stays as is in ce-* headers (HTTP binding, 3.1.3.2).
_HEADER_SAFE = "".join(chr(c) for c in range(0x20, 0x7F) if chr(c) not in '%"')


def pubsub_event(
    project_id: str,
    topic: str,
    data: bytes,
    attributes: Mapping[str, str] | None = None,
    ordering_key: str | None = None,
) -> Event:
    """A push CloudEvent of a message published on ``topic`` (no subscription yet)."""
    message_id = new_event_id()
    published = rfc3339(datetime.now(UTC))
    message: dict[str, object] = {
        "data": base64.b64encode(data).decode("ascii"),
        "messageId": message_id,
        "message_id": message_id,
        "publishTime": published,
        "publish_time": published,
    }
    if attributes:
        message["attributes"] = dict(attributes)
    if ordering_key:
        message["orderingKey"] = ordering_key
    event = {
        "specversion": "1.0",
        "id": message_id,
        "source": f"//pubsub.googleapis.com/projects/{project_id}/topics/{topic}",
        "type": PUBSUB_PUBLISHED,
        "time": published,
        "datacontenttype": "application/json",
    }
    return event, {"message": message}


def storage_event(bucket: str, resource: Mapping[str, object]) -> Event:
    """A ``finalized`` CloudEvent of the object ``resource`` (GCS JSON) describes."""
    updated = resource.get("updated")
    event = {
        "specversion": "1.0",
        "id": new_event_id(),
        "source": f"//storage.googleapis.com/projects/_/buckets/{bucket}",
        "type": STORAGE_FINALIZED,
        "subject": f"objects/{resource.get('name', '')}",
        "time": updated if isinstance(updated, str) else rfc3339(datetime.now(UTC)),
        "datacontenttype": "application/json",
    }
    return event, dict(resource)


def encode_http(
    data: Mapping[str, object], attributes: Mapping[str, str], mode: DeliveryMode
) -> tuple[bytes, dict[str, str]]:
    """The HTTP body and headers of the event in ``mode``."""
    if mode == "structured":
        document = {**attributes, "data": data}
        body = json.dumps(document, ensure_ascii=False).encode()
        return body, {"Content-Type": STRUCTURED_CONTENT_TYPE}
    headers = {
        f"ce-{name}": quote(value, safe=_HEADER_SAFE)
        for name, value in attributes.items()
        if name != "datacontenttype"
    }
    headers["Content-Type"] = attributes.get("datacontenttype", "application/json")
    return json.dumps(data, ensure_ascii=False).encode(), headers


class WsgiDeliverer:
    """Posts events to a CloudEvent function's WSGI app; returns the status."""

    def __init__(
        self, app: WsgiApp, *, name: str, mode: DeliveryMode = "structured"
    ) -> None:
        self.app = app
        self.__name__ = name
        self.mode = mode

    def __call__(self, data: dict[str, object], attributes: dict[str, str]) -> int:
        """POST the event to ``/`` of the app, as the platform's push does."""
        from werkzeug.test import Client

        body, headers = encode_http(data, attributes, self.mode)
        response: Any = Client(self.app, use_cookies=False).post(
            "/", data=body, headers=headers
        )
        try:
            return int(response.status_code)
        finally:
            response.close()


def new_event_id() -> str:
    """A numeric id like the platform's; random, since claims outlive a restart."""
    return str(uuid.uuid4().int >> 65)


def rfc3339(moment: datetime) -> str:
    """``2025-04-03T10:15:02.612Z``."""
    return (
        moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    )
