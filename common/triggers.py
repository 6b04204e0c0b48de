"""Which event function listens to what: the one declaration of the event wiring.

The local stack mounts event functions on its bus from this table, and the Terraform
checks compare it with the deployed triggers. Keys are folder names under
``functions/``; values name a bucket by its role or a topic by the setting holding
its name, so that every environment resolves them through its own settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from common.config import Settings
from common.storage import BucketRole

STORAGE_FINALIZED = "google.cloud.storage.object.v1.finalized"
PUBSUB_PUBLISHED = "google.cloud.pubsub.topic.v1.messagePublished"
TopicSetting = Literal["synthesis_topic", "redesign_topic"]


@dataclass(frozen=True)
class BucketTrigger:
    """Events of the objects of one bucket (Eventarc direct GCS trigger)."""

    bucket_role: BucketRole
    event_type: str = STORAGE_FINALIZED

    def bucket_name(self, settings: Settings) -> str:
        """The real bucket name in this environment."""
        names: dict[BucketRole, str] = {
            "documents": settings.documents_bucket,
            "photos": settings.photos_bucket,
        }
        return names[self.bucket_role]

    def describe(self, settings: Settings) -> dict[str, str]:
        """A JSON summary (health pages, logs)."""
        bucket = self.bucket_name(settings)
        return {"kind": "bucket", "bucket": bucket, "event_type": self.event_type}


@dataclass(frozen=True)
class TopicTrigger:
    """Messages published to one Pub/Sub topic (Eventarc Pub/Sub trigger)."""

    topic_setting: TopicSetting
    event_type: str = PUBSUB_PUBLISHED

    def topic(self, settings: Settings) -> str:
        """The topic name in this environment."""
        return str(getattr(settings, self.topic_setting))

    def describe(self, settings: Settings) -> dict[str, str]:
        """A JSON summary (health pages, logs)."""
        topic = self.topic(settings)
        return {"kind": "topic", "topic": topic, "event_type": self.event_type}


Trigger = BucketTrigger | TopicTrigger

EVENT_TRIGGERS: dict[str, Trigger] = {
    "document_uploaded": BucketTrigger(bucket_role="documents"),
    "synthesis": TopicTrigger(topic_setting="synthesis_topic"),
    "photo_redesign": TopicTrigger(topic_setting="redesign_topic"),
}
