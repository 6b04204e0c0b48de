"""The local filesystem storage adapter: objects, sidecars, streams and rewrites."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from common.errors import DependencyFailed, InvalidInput, NotFound, PayloadTooLarge
from common.storage import LocalStorage, StoredObject, get_storage

KEY = "users/u1/properties/p1/documents/d1/pv_ag_2024.pdf"
MIB = 1024 * 1024


class ChunkedSource(io.BytesIO):
    """Gives at most 64 KiB per read, as a socket may; refuses to be read whole."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.sizes: list[int] = []

    def read(self, size: int | None = -1) -> bytes:
        assert size is not None and 0 < size <= MIB, "read the whole stream"
        self.sizes.append(size)
        return super().read(min(size, 65536))


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


def object_files(root: Path) -> list[str]:
    """Relative paths of every file under the bucket folders (not sidecars)."""
    return sorted(
        str(path.relative_to(root))
        for bucket in ("documents", "photos")
        for path in (root / bucket).rglob("*")
        if path.is_file()
    )


def test_upload_then_download_returns_the_bytes(storage: LocalStorage) -> None:
    storage.upload_bytes("documents", KEY, b"%PDF-1.7 ...", "application/pdf")

    assert storage.download_bytes("documents", KEY) == b"%PDF-1.7 ..."


def test_upload_describes_the_object_and_stat_agrees(storage: LocalStorage) -> None:
    before = datetime.now(UTC)

    stored = storage.upload_bytes(
        "documents", KEY, b"%PDF-1.7", "application/pdf", {"document_id": "d1"}
    )

    assert (stored.bucket, stored.key, stored.size) == ("documents", KEY, 8)
    assert stored.content_type == "application/pdf"
    assert stored.metadata == {"document_id": "d1"}
    assert stored.updated.tzinfo is UTC
    assert before - timedelta(seconds=1) <= stored.updated <= datetime.now(UTC)
    assert storage.stat("documents", KEY) == stored


def test_upload_twice_overwrites_with_a_newer_generation_and_no_leftovers(
    storage: LocalStorage, tmp_path: Path
) -> None:
    first = storage.upload_bytes("photos", "u1/p1/a.jpg", b"first", "image/jpeg")
    second = storage.upload_bytes("photos", "u1/p1/a.jpg", b"second", "image/png")

    assert second.generation > first.generation
    assert storage.download_bytes("photos", "u1/p1/a.jpg") == b"second"
    assert storage.stat("photos", "u1/p1/a.jpg").content_type == "image/png"
    assert object_files(tmp_path / "objects") == ["photos/u1/p1/a.jpg"]
    assert list((tmp_path / "objects" / ".tmp").iterdir()) == []


def test_buckets_are_separate(storage: LocalStorage) -> None:
    storage.upload_bytes("photos", "same/key.bin", b"photo", "image/jpeg")

    with pytest.raises(NotFound):
        storage.download_bytes("documents", "same/key.bin")


@pytest.mark.parametrize("key", ["users/u1/missing.pdf", "users", "users/u1"])
def test_reading_a_missing_object_raises_not_found(
    storage: LocalStorage, key: str
) -> None:
    storage.upload_bytes("documents", "users/u1/present.pdf", b"x", "application/pdf")

    for read in (storage.download_bytes, storage.stat):
        with pytest.raises(NotFound) as raised:
            read("documents", key)
        assert raised.value.message_key == "object_not_found"
    with pytest.raises(NotFound):
        storage.download_to_file("documents", key, io.BytesIO())


def test_upload_stream_copies_in_chunks_of_one_mebibyte(
    storage: LocalStorage,
) -> None:
    data = bytes(range(256)) * (10 * 1024 + 1)  # 2.5 MiB and a bit
    source = ChunkedSource(data)

    stored = storage.upload_stream("documents", KEY, source, "application/pdf")

    assert stored.size == len(data)
    assert max(source.sizes) == MIB
    assert storage.download_bytes("documents", KEY) == data


def test_upload_stream_at_the_limit_is_accepted(storage: LocalStorage) -> None:
    stored = storage.upload_stream(
        "documents", KEY, io.BytesIO(b"x" * 10), "text/plain", size_limit=10
    )

    assert stored.size == 10


def test_upload_stream_over_the_limit_leaves_nothing_behind(
    storage: LocalStorage, tmp_path: Path, finalized: list[StoredObject]
) -> None:
    # given an older object elsewhere and a stream one byte too long
    storage.upload_bytes("documents", "users/u1/kept.pdf", b"k", "application/pdf")
    finalized.clear()
    # when
    with pytest.raises(PayloadTooLarge) as raised:
        storage.upload_stream(
            "documents", KEY, io.BytesIO(b"x" * (MIB + 1)), "text/plain", size_limit=MIB
        )
    # then
    assert raised.value.details == {"max_bytes": MIB}
    assert object_files(tmp_path / "objects") == ["documents/users/u1/kept.pdf"]
    assert list((tmp_path / "objects" / ".tmp").iterdir()) == []
    assert finalized == []
    with pytest.raises(NotFound):
        storage.stat("documents", KEY)


def test_download_to_file_streams_and_describes_the_object(
    storage: LocalStorage,
) -> None:
    uploaded = storage.upload_bytes("documents", KEY, b"a" * (MIB + 5), "text/plain")
    destination = io.BytesIO()

    described = storage.download_to_file("documents", KEY, destination)

    assert described == uploaded
    assert destination.getvalue() == b"a" * (MIB + 5)


def test_rewrite_keeps_the_bytes_merges_metadata_and_makes_a_new_generation(
    storage: LocalStorage, finalized: list[StoredObject]
) -> None:
    # given
    first = storage.upload_bytes(
        "documents", KEY, b"%PDF", "application/pdf", {"document_id": "d1", "n": "1"}
    )
    # when
    rewritten = storage.rewrite("documents", KEY, {"n": "2", "reprocess": "yes"})
    # then
    assert rewritten.generation > first.generation
    assert rewritten.metadata == {"document_id": "d1", "n": "2", "reprocess": "yes"}
    assert (rewritten.content_type, rewritten.size) == ("application/pdf", 4)
    assert storage.download_bytes("documents", KEY) == b"%PDF"
    assert storage.stat("documents", KEY) == rewritten
    assert finalized == [first, rewritten]


def test_rewrite_of_a_missing_object_raises_not_found(storage: LocalStorage) -> None:
    with pytest.raises(NotFound):
        storage.rewrite("documents", KEY, {"reprocess": "yes"})


def test_every_completed_write_is_finalized_once(
    storage: LocalStorage, finalized: list[StoredObject]
) -> None:
    one = storage.upload_bytes("documents", "a/1.pdf", b"1", "application/pdf")
    two = storage.upload_stream("documents", "a/2.pdf", io.BytesIO(b"2"), "text/plain")

    assert finalized == [one, two]


def test_a_failing_finalize_hook_does_not_fail_the_write(tmp_path: Path) -> None:
    def broken(stored: StoredObject) -> None:
        raise RuntimeError("bus down")

    storage = LocalStorage(tmp_path, b"k", "http://files.test", 900, on_finalize=broken)

    stored = storage.upload_bytes("documents", KEY, b"x", "text/plain")

    assert storage.stat("documents", KEY) == stored


def test_a_file_replaced_behind_the_sidecar_is_described_from_the_file(
    storage: LocalStorage, tmp_path: Path
) -> None:
    storage.upload_bytes("documents", KEY, b"x", "text/plain", {"stale": "yes"})
    replaced = tmp_path / "objects" / "documents" / KEY
    replaced.unlink()
    replaced.write_bytes(b"%PDF-1.4 copied by hand")

    described = storage.stat("documents", KEY)

    assert described.size == len(b"%PDF-1.4 copied by hand")
    assert (described.content_type, described.metadata) == ("application/pdf", {})


def test_delete_removes_the_object_and_ignores_missing_ones(
    storage: LocalStorage, tmp_path: Path
) -> None:
    storage.upload_bytes("documents", KEY, b"x", "application/pdf")

    storage.delete("documents", KEY)
    storage.delete("documents", KEY)
    storage.delete("documents", "users/u1")  # a folder, not an object

    with pytest.raises(NotFound):
        storage.stat("documents", KEY)
    assert not any((tmp_path / "objects" / ".meta").rglob("*.json"))


def test_delete_prefix_counts_and_removes_objects_under_it(
    storage: LocalStorage, tmp_path: Path
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
    sidecars = list((tmp_path / "objects" / ".meta").rglob("*.json"))
    assert [path.name for path in sidecars] == ["keep.pdf.json"]


@pytest.mark.parametrize("prefix", ["", "/", "../", "users/../../"])
def test_delete_prefix_refuses_empty_and_escaping_prefixes(
    storage: LocalStorage, prefix: str
) -> None:
    with pytest.raises(InvalidInput):
        storage.delete_prefix("documents", prefix)


def test_filesystem_errors_become_dependency_failures(tmp_path: Path) -> None:
    not_a_directory = tmp_path / "file"
    not_a_directory.write_bytes(b"")
    storage = LocalStorage(not_a_directory, b"k", "http://files.test", 900)

    with pytest.raises(DependencyFailed):
        storage.upload_bytes("documents", KEY, b"x", "text/plain")


def test_get_storage_uses_the_configured_directory(tmp_path: Path) -> None:
    storage = get_storage()
    storage.upload_bytes("documents", "a/b.txt", b"hello", "text/plain")

    assert (tmp_path / "storage" / "documents" / "a" / "b.txt").read_bytes() == b"hello"
    assert get_storage() is storage
