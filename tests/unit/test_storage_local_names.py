"""Object keys and names from user file names, sniffing, download names, resources."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from common.errors import InvalidInput
from common.events import StorageObjectFinalized
from common.storage import (
    MAX_FILENAME_CHARS,
    LocalStorage,
    StoredObject,
    content_disposition,
    object_resource,
    safe_filename,
    sniff_content_type,
    validate_object_key,
)

SAFE = re.compile(r"[A-Za-z0-9._\u00c0-\u017f-]+")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("relevé de charges 2024.pdf", "relevé_de_charges_2024.pdf"),
        ("PV-AG_2023.pdf", "PV-AG_2023.pdf"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system32\\cmd.exe", "cmd.exe"),
        ("C:\\Users\\Me\\Documents\\PV AG.pdf", "PV_AG.pdf"),
        ("/home/me/scans/", "scans"),
        ("C:taxe.pdf", "C_taxe.pdf"),
        ("e\u0301te\u0301.jpg", "été.jpg"),  # decomposed accents, NFC-normalised
        ("Œuvre ß Ñ.pdf", "Œuvre_ß_Ñ.pdf"),
        ("📄 Rapport 🏠.pdf", "Rapport.pdf"),
        ("名前.pdf", "file.pdf"),
        ("nul\x00byte\r\n.pdf", "nulbyte.pdf"),
        ("\u202etxt.exe", "txt.exe"),
        ("  spaced   name  .pdf", "spaced_name.pdf"),
        ("contrat (1).pdf", "contrat_1.pdf"),
        ("-rf.pdf", "rf.pdf"),
        ("a..b.pdf", "a.b.pdf"),
        ("archive.tar.gz", "archive.tar.gz"),
        ("report.PDF", "report.PDF"),
        (".pdf", "file.pdf"),
        (".htaccess", "file.htaccess"),
        ("name.", "name"),
    ],
)
def test_safe_filename_cleans_the_name_and_keeps_the_extension(
    name: str, expected: str
) -> None:
    assert safe_filename(name) == expected


@pytest.mark.parametrize("name", ["", " ", ".", "..", "...", "/", "\\", "🏠🏠", "\x00"])
def test_safe_filename_is_never_empty_nor_a_dot_name(name: str) -> None:
    assert safe_filename(name) == "file"


def test_safe_filename_caps_long_names_and_keeps_the_extension() -> None:
    cleaned = safe_filename("a" * 300 + ".pdf")

    assert cleaned == "a" * (MAX_FILENAME_CHARS - 4) + ".pdf"


def test_safe_filename_of_long_accented_names_fits_a_filesystem_segment() -> None:
    cleaned = safe_filename("é" * 300 + ".pdf")

    assert len(cleaned) == MAX_FILENAME_CHARS
    # 2 bytes per accented letter: a local file and its ".json" sidecar fit 255 bytes
    assert len((cleaned + ".json").encode()) <= 255


def test_safe_filename_treats_a_very_long_extension_as_part_of_the_name() -> None:
    cleaned = safe_filename("note." + "x" * 200)

    assert cleaned == ("note." + "x" * 200)[:MAX_FILENAME_CHARS]


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "a/b/../../c.pdf",
        "CON.pdf",
        "x" * 5000,
        "\u0000\u0001\u001f\u007f",
        "facture\u2028n°3.pdf",
        "💥" * 100 + ".jpg",
        "日本語のファイル名.png",
    ],
)
def test_safe_filename_always_gives_a_valid_last_key_segment(name: str) -> None:
    cleaned = safe_filename(name)

    assert SAFE.fullmatch(cleaned)
    assert unicodedata.is_normalized("NFC", cleaned)
    assert 0 < len(cleaned) <= MAX_FILENAME_CHARS
    assert cleaned not in (".", "..")
    assert not cleaned.startswith((".", "-", "_"))
    assert validate_object_key(f"users/u1/{cleaned}")


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "application/pdf"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"\xff\xd8\xff\xdb", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"MZ\x90\x00", None),  # a Windows executable renamed .pdf
        (b"\x7fELF", None),
        (b"PK\x03\x04", None),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", None),
        (b"GIF89a", None),
        (b" %PDF-1.7", None),
        (b"%PDF", None),
        (b"\x89PNG", None),
        (b"", None),
    ],
)
def test_sniff_content_type_recognises_content_by_magic_bytes(
    head: bytes, expected: str | None
) -> None:
    assert sniff_content_type(head) == expected


def test_content_disposition_has_an_ascii_fallback_and_an_rfc5987_name() -> None:
    header = content_disposition('Relevé "2024"; n°3.pdf')

    assert header == (
        'attachment; filename="Releve _2024__ n3.pdf"; '
        "filename*=UTF-8''Relev%C3%A9%20%222024%22%3B%20n%C2%B03.pdf"
    )


def test_content_disposition_drops_paths_and_control_characters() -> None:
    header = content_disposition("../evil\r\nSet-Cookie: x.pdf")

    assert "\r" not in header and "\n" not in header
    assert header.startswith('attachment; filename=".._evilSet-Cookie_ x.pdf"; ')
    assert header.endswith("filename*=UTF-8''.._evilSet-Cookie%3A%20x.pdf")


def test_content_disposition_of_an_unnamed_download() -> None:
    header = content_disposition("\x00")

    assert header == "attachment; filename=\"download\"; filename*=UTF-8''download"


def test_object_resource_has_the_gcs_finalize_shape() -> None:
    updated = datetime(
        2025, 4, 3, 12, 14, 55, 318442, tzinfo=timezone(timedelta(hours=2))
    )
    stored = StoredObject(
        "documents", "users/u1/a.pdf", 42, "application/pdf", 1743675295318442,
        {"document_id": "d1"}, updated,
    )  # fmt: skip

    resource = object_resource("logis-documents", stored)

    assert resource == {
        "bucket": "logis-documents",
        "name": "users/u1/a.pdf",
        "generation": "1743675295318442",
        "metageneration": "1",
        "contentType": "application/pdf",
        "size": "42",
        "timeCreated": "2025-04-03T10:14:55.318Z",
        "updated": "2025-04-03T10:14:55.318Z",
        "metadata": {"document_id": "d1"},
    }


def test_object_resource_is_what_the_finalize_handler_parses() -> None:
    stored = StoredObject(
        "photos", "u/p/salon.jpg", 7, None, 5, {}, datetime(2025, 1, 1, tzinfo=UTC)
    )

    payload = StorageObjectFinalized.from_event_data(object_resource("ph", stored))

    assert (payload.bucket, payload.name, payload.generation) == (
        "ph",
        "u/p/salon.jpg",
        5,
    )
    assert (payload.size, payload.content_type) == (7, "application/octet-stream")
    assert payload.updated == datetime(2025, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    "key", ["a", "users/u1/x.pdf", "é/ü/ß.png", "a b/c (1).pdf", "x" * 1024]
)
def test_validate_object_key_accepts_gcs_style_names(key: str) -> None:
    assert validate_object_key(key) == key


@pytest.mark.parametrize(
    "key",
    [
        "",
        "/a",
        "a//b",
        "a/../b",
        "./a",
        "a/.",
        "a\x00",
        "a\x1b[0m",
        "\ud800",
        "x" * 1025,
    ],
)
def test_validate_object_key_refuses_unsafe_names(key: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        validate_object_key(key)

    assert raised.value.message_key == "invalid_object_key"


@pytest.mark.parametrize(
    "key",
    [
        "",
        "/etc/passwd",
        "../outside.txt",
        "users/../../outside",
        "a//b",
        "a/./b",
        "a/",
        "a/b\x00c",
        "line\nbreak.pdf",
        "tab\there",
        "del\x7f",
        "x" * 1025,
        "é" * 513,
    ],
)
def test_storage_refuses_path_traversal_and_malformed_keys(
    tmp_path: Path, key: str
) -> None:
    storage = LocalStorage(tmp_path, b"k", "http://files.test", 900)
    with pytest.raises(InvalidInput):
        storage.upload_bytes("documents", key, b"x", "text/plain")
    with pytest.raises(InvalidInput):
        storage.download_bytes("documents", key)
    with pytest.raises(InvalidInput):
        storage.delete("documents", key)
    with pytest.raises(InvalidInput):
        storage.signed_get_url("documents", key)


def test_storage_accepts_unicode_keys_up_to_1024_bytes(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path, b"k", "http://files.test", 900)
    key = "users/u1/" + "/".join(["é" * 100] * 5) + ".pdf"  # 1017 bytes in UTF-8

    storage.upload_bytes("documents", key, b"x", "application/pdf")

    assert storage.download_bytes("documents", key) == b"x"
