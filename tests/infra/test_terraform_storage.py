"""The buckets' lifecycle rules against the object names and URL validity in code."""

from __future__ import annotations

from typing import Any

from common.config import Settings
from common.photos.keys import upload_key
from tests.infra.deployment import root

DAY_SECONDS = 86_400


def _rules(bucket: str) -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = root().resource("google_storage_bucket", bucket)[
        "lifecycle_rule"
    ]
    return rules


def _condition(rule: dict[str, Any]) -> dict[str, Any]:
    condition: dict[str, Any] = rule["condition"][0]
    return condition


def test_stray_photo_uploads_deleted_once_no_signed_url_can_still_use_them() -> None:
    suffix = "/" + upload_key("")
    [rule] = [
        r for r in _rules("photos") if _condition(r).get("matches_suffix") == [suffix]
    ]
    longest_url = Settings.model_fields["signed_url_ttl_seconds"].metadata
    maximum = max(m.le for m in longest_url if getattr(m, "le", None) is not None)
    assert rule["action"][0]["type"] == "Delete"
    assert _condition(rule)["age"] * DAY_SECONDS > maximum


def test_abandoned_multipart_uploads_aborted_in_both_upload_buckets() -> None:
    for bucket in ("documents", "photos"):
        actions = [r["action"][0]["type"] for r in _rules(bucket)]
        assert "AbortIncompleteMultipartUpload" in actions, bucket
