"""Pub/Sub-triggered (``redesign-requested``): draw one redesign of a photo."""

import functions_framework
from cloudevents.http import CloudEvent

from common.event_payloads import RedesignRequested
from common.events import event_handler
from common.logging import setup_logging
from common.services import photo_generation

setup_logging()


@functions_framework.cloud_event
@event_handler(RedesignRequested)
def on_redesign_requested(_event: CloudEvent, payload: RedesignRequested) -> None:
    """Generate the redesign's image (skipped when it is already done)."""
    photo_generation.generate_redesign(payload.redesign_id)
