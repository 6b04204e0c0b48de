"""The local filesystem storage adapter and its HMAC-signed URLs."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from common.errors import InvalidInput, NotFound
from common.storage import LOCAL_URL_PREFIX, LocalStorage, get_storage

KEY = "users/u1/properties/p1/documents/d1/pv_ag_2024.pdf"


@pytest.fixture
def storage(tmp_path: Path) -> LocalStorage:
    return LocalStorage(
        tmp_path / "objects", b"test-signing-key", "http://testserver.local/", 900
    )


def signed_parts(url: str) -> tuple[str, str, str, int, str]:
    """(path prefix, bucket, key, expires, signature) of a signed local URL."""
    parts = urlsplit(url)
    prefix, bucket, key = parts.path.split("/", 3)[1:]
    query = parse_qs(parts.query)
    return prefix, bucket, unquote(key), int(query["expires"][0]), query["signature"][0]


def test_upload_then_download_returns_the_bytes(storage: LocalStorage) -> None:
    storage.upload_bytes("documents", KEY, b"%PDF-1.7 ...", "application/pdf")

    assert storage.download_bytes("documents", KEY) == b"%PDF-1.7 ..."


def test_upload_twice_overwrites_without_leftovers(
    storage: LocalStorage, tmp_path: Path
) -> None:
    storage.upload_bytes("photos", "u1/p1/a.jpg", b"first", "image/jpeg")
    storage.upload_bytes("photos", "u1/p1/a.jpg", b"second", "image/jpeg")

    assert storage.download_bytes("photos", "u1/p1/a.jpg") == b"second"
    files = [p.name for p in (tmp_path / "objects").rglob("*") if p.is_file()]
    assert files == ["a.jpg"]


def test_buckets_are_separate(storage: LocalStorage) -> None:
    storage.upload_bytes("photos", "same/key.bin", b"photo", "image/jpeg")

    with pytest.raises(NotFound):
        storage.download_bytes("documents", "same/key.bin")


def test_download_of_missing_object_raises_not_found(storage: LocalStorage) -> None:
    with pytest.raises(NotFound) as raised:
        storage.download_bytes("documents", "users/u1/missing.pdf")

    assert raised.value.message_key == "object_not_found"


def test_delete_removes_the_object_and_ignores_missing_ones(
    storage: LocalStorage,
) -> None:
    storage.upload_bytes("documents", KEY, b"x", "application/pdf")

    storage.delete("documents", KEY)
    storage.delete("documents", KEY)

    with pytest.raises(NotFound):
        storage.download_bytes("documents", KEY)


def test_delete_prefix_counts_and_removes_objects_under_it(
    storage: LocalStorage,
) -> None:
    # given
    for name in ("a.pdf", "nested/b.pdf", "nested/deeper/c.pdf"):
        storage.upload_bytes("documents", f"users/u1/properties/p1/{name}", b"x", "")
    storage.upload_bytes("documents", "users/u1/properties/p2/keep.pdf", b"k", "")
    # when
    deleted = storage.delete_prefix("documents", "users/u1/properties/p1/")
    # then
    assert deleted == 3
    assert storage.download_bytes("documents", "users/u1/properties/p2/keep.pdf")
    assert storage.delete_prefix("documents", "users/u1/properties/p1/") == 0


@pytest.mark.parametrize(
    "key",
    ["", "/etc/passwd", "../outside.txt", "users/../../outside", "a//b", "a/./b", "a/"],
)
def test_storage_refuses_path_traversal_and_malformed_keys(
    storage: LocalStorage, key: str
) -> None:
    with pytest.raises(InvalidInput):
        storage.upload_bytes("documents", key, b"x", "text/plain")
    with pytest.raises(InvalidInput):
        storage.download_bytes("documents", key)
    with pytest.raises(InvalidInput):
        storage.delete("documents", key)
    with pytest.raises(InvalidInput):
        storage.signed_get_url("documents", key)


@pytest.mark.parametrize("prefix", ["", "/", "../", "users/../../"])
def test_delete_prefix_refuses_empty_and_escaping_prefixes(
    storage: LocalStorage, prefix: str
) -> None:
    with pytest.raises(InvalidInput):
        storage.delete_prefix("documents", prefix)


def test_signed_url_points_at_the_object_and_verifies(storage: LocalStorage) -> None:
    # when
    url = storage.signed_get_url("documents", "users/u1/relevé de charges.pdf")
    # then
    prefix, bucket, key, expires, signature = signed_parts(url)
    assert url.startswith(f"http://testserver.local{LOCAL_URL_PREFIX}/documents/")
    assert " " not in url
    assert (f"/{prefix}", bucket, key) == (
        LOCAL_URL_PREFIX,
        "documents",
        "users/u1/relevé de charges.pdf",
    )
    assert time.time() + 890 < expires <= time.time() + 900
    assert storage.verify("GET", bucket, key, expires, signature) is True


@pytest.mark.parametrize(
    ("method", "bucket", "key", "expires_delta", "signature_suffix"),
    [
        ("PUT", "documents", KEY, 0, ""),
        ("GET", "photos", KEY, 0, ""),
        ("GET", "documents", KEY + "x", 0, ""),
        ("GET", "documents", KEY, 60, ""),
        ("GET", "documents", KEY, 0, "A"),
    ],
    ids=["method", "bucket", "key", "expires", "signature"],
)
def test_signed_url_with_any_tampered_part_is_refused(
    storage: LocalStorage,
    method: str,
    bucket: str,
    key: str,
    expires_delta: int,
    signature_suffix: str,
) -> None:
    _, _, _, expires, signature = signed_parts(storage.signed_get_url("documents", KEY))

    valid = storage.verify(
        method, bucket, key, expires + expires_delta, signature + signature_suffix
    )

    assert valid is False


def test_signed_url_after_expiry_is_refused(storage: LocalStorage) -> None:
    expired = int(time.time()) - 1
    signature = storage.signature("GET", "documents", KEY, expired)

    assert storage.verify("GET", "documents", KEY, expired, signature) is False


def test_signed_url_from_another_secret_is_refused(
    storage: LocalStorage, tmp_path: Path
) -> None:
    other = LocalStorage(tmp_path, b"another-key", "http://testserver.local", 900)
    _, bucket, key, expires, signature = signed_parts(
        other.signed_get_url("documents", KEY)
    )

    assert storage.verify("GET", bucket, key, expires, signature) is False


def test_get_storage_uses_the_configured_directory(tmp_path: Path) -> None:
    storage = get_storage()
    storage.upload_bytes("documents", "a/b.txt", b"hello", "text/plain")

    assert (tmp_path / "storage" / "documents" / "a" / "b.txt").read_bytes() == b"hello"
    assert get_storage() is storage
