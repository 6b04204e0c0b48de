"""Better Auth's password hash: scrypt N=16384 r=16 p=1, ``salt_hex:key_hex``."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from common.auth.passwords import DUMMY_HASH, hash_password, verify_password

# Derived with hashlib.scrypt alone (not our code): the salt is used as text.
KNOWN_SALT = "9f86d081884c7d659a2feaa0c55ad015"
KNOWN_PASSWORD = "Motdepasse-été 2024"
KNOWN_KEY = (
    "c8caa358ac46dc365356ea279ed3e0f812d15d696e654b06a69a8f18c73886f9"
    "3f19bafe49ab712882e5cfd78e63ec77d8d38e4094fa155be5d0c86131079def"
)


def _better_auth_hash(password: str, salt: str) -> str:
    normalized = unicodedata.normalize("NFKC", password).encode()
    key = hashlib.scrypt(
        normalized, salt=salt.encode(), n=16384, r=16, p=1, dklen=64, maxmem=2**26
    )
    return f"{salt}:{key.hex()}"


def test_hash_password_format_is_hex_salt_and_hex_key() -> None:
    stored = hash_password("correct horse battery staple")

    salt, key = stored.split(":")
    assert re.fullmatch(r"[0-9a-f]{32}", salt)
    assert re.fullmatch(r"[0-9a-f]{128}", key)


def test_hash_password_twice_uses_different_salts() -> None:
    assert hash_password("same password") != hash_password("same password")


def test_verify_password_with_right_password_accepts() -> None:
    stored = hash_password("correct horse battery staple")

    assert verify_password("correct horse battery staple", stored)


def test_verify_password_with_wrong_password_refuses() -> None:
    stored = hash_password("correct horse battery staple")

    assert not verify_password("correct horse battery stapler", stored)


def test_verify_password_with_malformed_hash_refuses() -> None:
    for stored in ("", "nocolon", "abc:", ":" + "0" * 128, "salt:" + "zz" * 64):
        assert not verify_password("whatever", stored)


def test_verify_password_against_dummy_hash_refuses() -> None:
    assert not verify_password("", DUMMY_HASH)
    assert not verify_password("correct horse battery staple", DUMMY_HASH)


def test_verify_password_nfkc_ligature_matches_plain_letters() -> None:
    stored = hash_password("ﬁnance-secrète")  # "ﬁ" is U+FB01, NFKC gives "fi"

    assert verify_password("finance-secrète", stored)


def test_verify_password_known_better_auth_vector_accepts() -> None:
    stored = f"{KNOWN_SALT}:{KNOWN_KEY}"

    assert _better_auth_hash(KNOWN_PASSWORD, KNOWN_SALT) == stored
    assert verify_password(KNOWN_PASSWORD, stored)
    assert not verify_password(KNOWN_PASSWORD.upper(), stored)


def test_hash_password_output_verifies_with_independent_scrypt() -> None:
    stored = hash_password("ﬁ-ligature password")
    salt = stored.split(":")[0]

    assert _better_auth_hash("ﬁ-ligature password", salt) == stored
