"""Password hashing exactly as Better Auth does it (scrypt, ``salt_hex:key_hex``)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata

_N, _R, _P, _DKLEN = 16384, 16, 1, 64
_MAXMEM = 256 * _N * _R  # twice what scrypt needs (128 * N * r)


def _derive(password: str, salt: str) -> bytes:
    normalized = unicodedata.normalize("NFKC", password).encode()
    return hashlib.scrypt(
        normalized, salt=salt.encode(), n=_N, r=_R, p=_P, dklen=_DKLEN, maxmem=_MAXMEM
    )


def hash_password(password: str) -> str:
    """A new ``salt:key`` hash; the salt is the hex text of 16 random bytes."""
    salt = secrets.token_hex(16)
    return f"{salt}:{_derive(password, salt).hex()}"


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches ``stored`` (constant-time comparison)."""
    salt, separator, key_hex = stored.partition(":")
    if not separator or not salt or len(key_hex) != 2 * _DKLEN:
        return False
    try:
        expected = bytes.fromhex(key_hex)
    except ValueError:
        return False
    return hmac.compare_digest(_derive(password, salt), expected)


# Verifying against this keeps sign-in time the same whether or not the e-mail exists.
DUMMY_HASH = f"{'0' * 32}:{'0' * 128}"
