"""Test data: users with sessions and cookies, properties."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from common.auth.cookies import COOKIE_NAME, generate_id, sign_token
from common.auth.passwords import hash_password
from common.db.models import BaAccount, BaSession, BaUser, Property, User

_counter = itertools.count(1)
DEFAULT_PASSWORD = "correct horse battery staple"
# Hashing with scrypt costs ~60 ms; reuse one hash for the default password.
_DEFAULT_HASH: str | None = None


@dataclass(frozen=True)
class TestUser:
    """A user with a live session: ``cookies`` go straight into a test client."""

    id: str
    email: str
    session_token: str

    @property
    def cookie_value(self) -> str:
        return sign_token(self.session_token)

    @property
    def headers(self) -> dict[str, str]:
        return {"Cookie": f"{COOKIE_NAME}={self.cookie_value}"}


def _default_hash() -> str:
    global _DEFAULT_HASH
    if _DEFAULT_HASH is None:
        _DEFAULT_HASH = hash_password(DEFAULT_PASSWORD)
    return _DEFAULT_HASH


def create_user(
    db: Session,
    *,
    email: str | None = None,
    name: str = "Camille Martin",
    is_superuser: bool = False,
    is_active: bool = True,
    session_expires_in: timedelta = timedelta(days=7),
    session_age: timedelta = timedelta(0),
) -> TestUser:
    """A credential user, its profile and one session."""
    number = next(_counter)
    user_id = generate_id()
    email = email or f"user{number}-{uuid.uuid4().hex[:6]}@example.test"
    now = datetime.now(tz=UTC)
    db.add(BaUser(id=user_id, name=name, email=email, email_verified=False))
    db.flush()
    db.add(User(id=user_id, is_superuser=is_superuser, is_active=is_active))
    db.add(
        BaAccount(
            id=generate_id(),
            account_id=user_id,
            provider_id="credential",
            user_id=user_id,
            password=_default_hash(),
        )
    )
    token = generate_id()
    db.add(
        BaSession(
            id=generate_id(),
            token=token,
            user_id=user_id,
            expires_at=now + session_expires_in,
            created_at=now - session_age,
            updated_at=now - session_age,
        )
    )
    db.flush()
    return TestUser(id=user_id, email=email, session_token=token)


def property_fields(**overrides: Any) -> dict[str, Any]:
    """Valid fields of a Paris 14e apartment; ``overrides`` replace any of them."""
    fields: dict[str, Any] = {
        "name": "T3 rue Daguerre",
        "address": "12 rue Daguerre",
        "postal_code": "75014",
        "city": "Paris",
        "department": "75",
        "property_type": "Appartement",
        "asking_price": 520000,
        "surface_area": 52.5,
        "rooms": 3,
        "floor": 2,
    }
    fields.update(overrides)
    return fields


def create_property(db: Session, user_id: str, **overrides: Any) -> Property:
    """A property row owned by ``user_id``."""
    created = Property(user_id=user_id, **property_fields(**overrides))
    db.add(created)
    db.flush()
    return created
