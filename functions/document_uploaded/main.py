"""Storage-triggered: classify and analyse one uploaded property document."""

import functions_framework
from cloudevents.http import CloudEvent

from common.events import StorageObjectFinalized, event_handler
from common.logging import setup_logging
from common.services.document_analysis import analyse_uploaded_object

setup_logging()


@functions_framework.cloud_event
@event_handler(StorageObjectFinalized)  # parse, age guard, claim, retry policy
def on_document_uploaded(_event: CloudEvent, payload: StorageObjectFinalized) -> None:
    """Analyse the finalized generation of a documents-bucket object."""
    analyse_uploaded_object(payload.bucket, payload.name, payload.generation)
