"""The local adapter's HMAC-signed GET and PUT links, as the local stack checks them."""

from __future__ import annotations

import io
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest

from common.errors import (
    Forbidden,
    InvalidInput,
    NotFound,
    PayloadTooLarge,
    UnsupportedMediaType,
)
from common.storage import LOCAL_URL_PREFIX, BucketRole, LocalStorage, StoredObject

KEY = "users/u1/properties/p1/documents/d1/pv_ag_2024.pdf"
PDF = b"%PDF-1.7 signed upload"
TAMPERED: dict[str, tuple[BucketRole, str, dict[str, str]]] = {
    "bucket": ("photos", KEY, {}),
    "key": ("documents", KEY + ".exe", {}),
    "type": ("documents", KEY, {"content_type": "image/png"}),
    "size": ("documents", KEY, {"max_bytes": "999999"}),
    "metadata": ("documents", KEY, {"metadata": '{"document_id":"other"}'}),
    "signature": ("documents", KEY, {"signature": "A" * 43}),
    "non-ascii": ("documents", KEY, {"signature": "é"}),
    "expires": ("documents", KEY, {"expires": "99999999999"}),
    "garbage": ("documents", KEY, {"expires": "soon"}),
}


@pytest.fixture
def finalized() -> list[StoredObject]:
    return []


@pytest.fixture
def storage(tmp_path: Path, finalized: list[StoredObject]) -> LocalStorage:
    return LocalStorage(
        tmp_path / "objects",
        b"test-signing-key",
        "http://testserver.local/",
        900,
        on_finalize=finalized.append,
    )


def link(url: str) -> tuple[str, str, str, dict[str, str]]:
    """(path prefix, bucket, key, query) of a signed local URL."""
    parts = urlsplit(url)
    prefix, bucket, key = parts.path.split("/", 3)[1:]
    return f"/{prefix}", bucket, unquote(key), dict(parse_qsl(parts.query))


def put_link(storage: LocalStorage, **metadata: str) -> dict[str, str]:
    upload = storage.signed_put_url(
        "documents", KEY, "application/pdf", max_bytes=64, metadata=metadata or None
    )
    return link(upload.url)[3]


def test_signed_get_url_points_at_the_object_and_verifies(
    storage: LocalStorage,
) -> None:
    # when
    url = storage.signed_get_url("documents", "users/u1/relevé de charges.pdf")
    # then
    prefix, bucket, key, query = link(url)
    expires = int(query["expires"])
    assert url.startswith(f"http://testserver.local{LOCAL_URL_PREFIX}/documents/")
    assert " " not in url
    assert (prefix, bucket, key) == (
        LOCAL_URL_PREFIX,
        "documents",
        "users/u1/relevé de charges.pdf",
    )
    assert time.time() + 890 < expires <= time.time() + 900
    assert storage.verify("GET", bucket, key, expires, query["signature"]) is True


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
    query = link(storage.signed_get_url("documents", KEY))[3]
    expires, signature = int(query["expires"]), query["signature"]

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
    query = link(other.signed_get_url("documents", KEY))[3]

    with pytest.raises(Forbidden) as raised:
        storage.accept_signed_download("documents", KEY, query)

    assert raised.value.message_key == "signed_url_invalid"


def test_accept_signed_download_gives_the_file_type_and_attachment_name(
    storage: LocalStorage,
) -> None:
    storage.upload_bytes("documents", KEY, PDF, "application/pdf")
    url = storage.signed_get_url("documents", KEY, download_name="Relevé 2024.pdf")

    download = storage.accept_signed_download("documents", KEY, link(url)[3])

    assert download.path.read_bytes() == PDF
    assert download.stored.content_type == "application/pdf"
    assert download.content_disposition == (
        'attachment; filename="Releve 2024.pdf"; '
        "filename*=UTF-8''Relev%C3%A9%202024.pdf"
    )


def test_download_name_is_signed(storage: LocalStorage) -> None:
    storage.upload_bytes("documents", KEY, PDF, "application/pdf")
    url = storage.signed_get_url("documents", KEY, download_name="a.pdf")
    query = link(url)[3]

    with pytest.raises(Forbidden):
        storage.accept_signed_download(
            "documents", KEY, {**query, "download_name": "evil.exe"}
        )
    with pytest.raises(Forbidden):
        storage.accept_signed_download(
            "documents", KEY, {k: v for k, v in query.items() if k != "download_name"}
        )


def test_accept_signed_download_of_a_missing_object_is_not_found(
    storage: LocalStorage,
) -> None:
    query = link(storage.signed_get_url("documents", KEY))[3]

    with pytest.raises(NotFound):
        storage.accept_signed_download("documents", KEY, query)


def test_signed_put_url_signs_type_size_and_metadata(storage: LocalStorage) -> None:
    before = datetime.now(UTC)

    upload = storage.signed_put_url(
        "documents", KEY, "application/pdf", max_bytes=1000, metadata={"doc": "d1"}
    )

    prefix, bucket, key, query = link(upload.url)
    assert (prefix, bucket, key) == (LOCAL_URL_PREFIX, "documents", KEY)
    assert (upload.method, upload.headers) == (
        "PUT",
        {"Content-Type": "application/pdf"},
    )
    assert query["content_type"] == "application/pdf"
    assert (query["max_bytes"], query["metadata"]) == ("1000", '{"doc":"d1"}')
    assert set(query) == {
        "expires",
        "signature",
        "content_type",
        "max_bytes",
        "metadata",
    }
    assert upload.expires_at == datetime.fromtimestamp(int(query["expires"]), UTC)
    assert before + timedelta(seconds=899) <= upload.expires_at
    assert upload.expires_at <= datetime.now(UTC) + timedelta(seconds=900)


def test_accept_signed_upload_stores_the_body_and_finalizes(
    storage: LocalStorage, finalized: list[StoredObject]
) -> None:
    query = put_link(storage, document_id="d1")

    stored = storage.accept_signed_upload(
        "documents", KEY, query, "application/pdf", io.BytesIO(PDF)
    )

    assert storage.download_bytes("documents", KEY) == PDF
    assert (stored.content_type, stored.metadata) == (
        "application/pdf",
        {"document_id": "d1"},
    )
    assert finalized == [stored]


@pytest.mark.parametrize(
    ("bucket", "key", "changes"),
    list(TAMPERED.values()),
    ids=list(TAMPERED),
)
def test_accept_signed_upload_with_a_tampered_link_is_forbidden(
    storage: LocalStorage, bucket: BucketRole, key: str, changes: dict[str, str]
) -> None:
    query = {**put_link(storage, document_id="d1"), **changes}

    with pytest.raises(Forbidden):
        storage.accept_signed_upload(
            bucket,
            key,
            query,
            "application/pdf",
            io.BytesIO(PDF),
        )

    assert not storage.object_path("documents", KEY).exists()


def test_accept_signed_upload_after_expiry_is_forbidden(tmp_path: Path) -> None:
    expired = LocalStorage(tmp_path, b"test-signing-key", "http://t.local", -1)
    query = put_link(expired)

    with pytest.raises(Forbidden):
        expired.accept_signed_upload(
            "documents", KEY, query, "application/pdf", io.BytesIO(PDF)
        )


@pytest.mark.parametrize("header", [None, "", "image/png", "application/pdf; q=1"])
def test_accept_signed_upload_with_another_content_type_is_refused(
    storage: LocalStorage, header: str | None
) -> None:
    with pytest.raises(UnsupportedMediaType) as raised:
        storage.accept_signed_upload(
            "documents", KEY, put_link(storage), header, io.BytesIO(PDF)
        )

    assert raised.value.details == {"expected": "application/pdf"}


def test_accept_signed_upload_ignores_case_and_spaces_of_the_content_type(
    storage: LocalStorage,
) -> None:
    stored = storage.accept_signed_upload(
        "documents", KEY, put_link(storage), " Application/PDF ", io.BytesIO(PDF)
    )

    assert stored.content_type == "application/pdf"


def test_accept_signed_upload_over_max_bytes_stores_nothing(
    storage: LocalStorage, finalized: list[StoredObject]
) -> None:
    with pytest.raises(PayloadTooLarge):
        storage.accept_signed_upload(
            "documents",
            KEY,
            put_link(storage),
            "application/pdf",
            io.BytesIO(b"x" * 65),
        )

    assert not storage.object_path("documents", KEY).exists()
    assert finalized == []


@pytest.mark.parametrize(
    "metadata",
    [{"Document": "d1"}, {"doc id": "d1"}, {"doc": "relevé"}, {"doc": "a\nb"}],
)
def test_signed_put_url_refuses_metadata_that_cannot_be_a_header(
    storage: LocalStorage, metadata: dict[str, str]
) -> None:
    with pytest.raises(InvalidInput):
        storage.signed_put_url(
            "documents", KEY, "application/pdf", max_bytes=10, metadata=metadata
        )
