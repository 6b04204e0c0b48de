"""What listing photos costs in signing calls on GCS, counted on the fake IAM transport.

The photos list signs two URLs per photo (image and thumbnail). With a key mounted
from Secret Manager (``APP_GCS_SIGNING_KEY``) signing is local: no network call at
all, however many photos. Without a key, each URL costs one IAM signBlob call the
first time, and a list shown again within the cache window costs none.
"""

from __future__ import annotations

import importlib
import json
import uuid
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from google.auth.credentials import AnonymousCredentials
from sqlalchemy import Engine

from common.cache import get_cache
from common.db import session_scope
from common.db.models import Photo
from common.gcs_storage import GcsStorage
from common.photos.keys import image_key, photo_folder, thumbnail_key
from common.services import photos
from common.storage import BucketRole
from tests.factories import saved_property_id, signed_in_user
from tests.fakes.gcs import SIGNER_EMAIL, signing_key, verify_v4_signed_url
from tests.fakes.iam import RUNTIME_EMAIL, FakeIamTransport, MetadataCredentials

PHOTOS = 8
BUCKETS: dict[BucketRole, str] = {
    "documents": "logis-test-documents",
    "photos": "logis-test-photos",
}


@pytest.fixture(scope="module")
def key() -> rsa.RSAPrivateKey:
    return signing_key()


@pytest.fixture
def transport(key: rsa.RSAPrivateKey) -> FakeIamTransport:
    return FakeIamTransport(key)


@pytest.fixture
def listed_property(clean_db: Engine) -> tuple[str, uuid.UUID]:
    """A property with ``PHOTOS`` uploaded photos (rows only: signing reads no file)."""
    owner = signed_in_user()
    property_id = saved_property_id(owner)
    with session_scope() as db:
        for number in range(PHOTOS):
            photo_id = uuid.uuid4()
            folder = photo_folder(owner.id, property_id, photo_id)
            db.add(
                Photo(
                    id=photo_id, property_id=property_id, user_id=owner.id,
                    filename=f"photo {number}.jpg", status="uploaded",
                    storage_key=image_key(folder, "image/jpeg"),
                    thumbnail_key=thumbnail_key(folder),
                )
            )  # fmt: skip
    return owner.id, property_id


def _client() -> Any:
    storage = importlib.import_module("google.cloud.storage")
    return storage.Client(project="test", credentials=AnonymousCredentials())  # type: ignore[no-untyped-call]


def _key_json(key: rsa.RSAPrivateKey) -> str:
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return json.dumps(
        {
            "type": "service_account",
            "private_key_id": "mounted-key",
            "private_key": pem,
            "client_email": SIGNER_EMAIL,
            "token_uri": "https://oauth2.googleapis.com/token",
        }
    )


def _urls(views: list[photos.PhotoView]) -> list[str]:
    return [
        url
        for view in views
        for url in (view.image.url, view.image.thumbnail_url)
        if url
    ]


def test_listing_photos_with_a_mounted_key_makes_no_signing_call(
    listed_property: tuple[str, uuid.UUID],
    key: rsa.RSAPrivateKey,
    transport: FakeIamTransport,
) -> None:
    # given the runtime's keyless credentials, but a signing key mounted as a secret
    gcs = GcsStorage(
        BUCKETS, ttl_seconds=900, client=_client(), credentials=MetadataCredentials(),
        signing_key=_key_json(key), auth_transport=transport,
    )  # fmt: skip

    # when the photos are listed
    views = photos.list_photos(*listed_property, storage=gcs)

    # then every URL is validly signed, and not one call went out
    urls = _urls(views)
    assert len(urls) == 2 * PHOTOS
    assert all(verify_v4_signed_url(url, "GET", {}, key.public_key()) for url in urls)
    assert transport.calls == []


def test_listing_photos_without_a_key_signs_through_iam_then_from_the_cache(
    listed_property: tuple[str, uuid.UUID],
    key: rsa.RSAPrivateKey,
    transport: FakeIamTransport,
    redis_flushed: Any,
) -> None:
    # given keyless runtime credentials and the Redis cache of signed URLs
    gcs = GcsStorage(
        BUCKETS, ttl_seconds=900, client=_client(), credentials=MetadataCredentials(),
        auth_transport=transport, url_cache=get_cache(),
    )  # fmt: skip

    # when the photos are listed twice
    first = _urls(photos.list_photos(*listed_property, storage=gcs))
    calls_after_first = (transport.token_calls, transport.sign_calls)
    second = _urls(photos.list_photos(*listed_property, storage=gcs))

    # then one token for the process, one signBlob per URL, none the second time
    assert calls_after_first == (1, 2 * PHOTOS)
    assert (transport.token_calls, transport.sign_calls) == (1, 2 * PHOTOS)
    assert second == first
    assert all(f"{RUNTIME_EMAIL.split('@')[0]}" in url for url in first)
    assert all(verify_v4_signed_url(url, "GET", {}, key.public_key()) for url in first)


def test_a_keyless_signer_refreshes_its_token_once_for_many_urls(
    listed_property: tuple[str, uuid.UUID], transport: FakeIamTransport
) -> None:
    gcs = GcsStorage(
        BUCKETS, ttl_seconds=900, client=_client(), credentials=MetadataCredentials(),
        auth_transport=transport,
    )  # fmt: skip

    photos.list_photos(*listed_property, storage=gcs)
    photos.list_photos(*listed_property, storage=gcs)

    assert transport.token_calls == 1
    assert transport.sign_calls == 4 * PHOTOS  # no cache configured: each URL again


def test_named_downloads_are_never_served_from_the_cache(
    transport: FakeIamTransport, redis_flushed: Any
) -> None:
    # a document's download link promises its caller the full 15 minutes
    gcs = GcsStorage(
        BUCKETS, ttl_seconds=900, client=_client(), credentials=MetadataCredentials(),
        auth_transport=transport, url_cache=get_cache(),
    )  # fmt: skip

    gcs.signed_get_url("documents", "users/u1/a.pdf", download_name="PV AG.pdf")
    gcs.signed_get_url("documents", "users/u1/a.pdf", download_name="PV AG.pdf")

    assert transport.sign_calls == 2
