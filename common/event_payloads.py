"""The payloads of the collection's Pub/Sub topics (DESIGN.md, event contracts).

Producers build them (``common.publisher.request_synthesis``...) and consumers decorate
their entry points with them (``@event_handler(SynthesisRequested)``), so both sides
validate the same contract. Unknown fields are ignored: a newer producer may add some.
"""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import AwareDatetime

from common.events import PubSubPayload

SynthesisReason = Literal["document_analyzed", "document_deleted", "manual"]


class SynthesisRequested(PubSubPayload):
    """Topic ``synthesis-requested``: recompute one property's synthesis."""

    property_id: uuid.UUID
    reason: SynthesisReason
    requested_at: AwareDatetime


class RedesignRequested(PubSubPayload):
    """Topic ``redesign-requested``: generate one redesign (its row is ``pending``)."""

    redesign_id: uuid.UUID
