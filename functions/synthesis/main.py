"""Pub/Sub-triggered: recompute the cross-document synthesis of one property."""

import functions_framework
from cloudevents.http import CloudEvent

from common.event_payloads import SynthesisRequested
from common.events import event_handler
from common.logging import setup_logging
from common.services import synthesis

setup_logging()


@functions_framework.cloud_event
@event_handler(SynthesisRequested)
def on_synthesis_requested(_event: CloudEvent, payload: SynthesisRequested) -> None:
    """Recompute the property's synthesis from all its analysed documents."""
    synthesis.regenerate_synthesis(payload.property_id)
