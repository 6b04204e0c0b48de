"""Test data: users with sessions and cookies, properties and what is attached to them,
and small read-backs (row counts, stored files) to check it."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from common.auth.cookies import COOKIE_NAME, generate_id, sign_token
from common.auth.passwords import hash_password
from common.db import session_scope
from common.db.models import (
    BaAccount,
    BaSession,
    BaUser,
    Document,
    Photo,
    PriceAnalysis,
    Property,
    Redesign,
    Synthesis,
    User,
)
from common.errors import NotFound
from common.storage import BucketRole, LocalStorage

_counter = itertools.count(1)
DEFAULT_PASSWORD = "correct horse battery staple"
# Hashing with scrypt costs ~60 ms; reuse one hash for the default password.
_DEFAULT_HASH: str | None = None
# When attach_related() promotes its redesign and generates its synthesis by default.
ATTACHED_AT = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


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


# Signed in two days ago, five days left: older than the default session update age
# and fresh age (a day each), so get-session slides it and deletion asks again.
AGED_SESSION: dict[str, timedelta] = {
    "session_age": timedelta(days=2),
    "session_expires_in": timedelta(days=5),
}


def signed_in_user(**options: Any) -> TestUser:
    """:func:`create_user` in its own committed unit of work (for function clients)."""
    with session_scope() as db:
        return create_user(db, **options)


def count_rows(model: Any) -> int:
    """How many rows the table of ``model`` holds, read in a fresh unit of work."""
    with session_scope() as db:
        return int(db.scalar(select(func.count()).select_from(model)) or 0)


# A T3 in Paris 14e as its buyer describes it (the department is derived from it).
_DAGUERRE: dict[str, Any] = {
    "name": "T3 rue Daguerre",
    "address": "12 rue Daguerre",
    "postal_code": "75014",
    "city": "Paris",
    "property_type": "Appartement",
    "asking_price": 520_000,
    "surface_area": 52.5,
    "rooms": 3,
    "floor": 2,
}


def property_fields(**overrides: Any) -> dict[str, Any]:
    """Valid fields of a Paris 14e apartment; ``overrides`` replace any of them."""
    return {**_DAGUERRE, "department": "75", **overrides}


def property_input(**overrides: Any) -> dict[str, Any]:
    """:func:`property_fields` as a client sends them (no derived department)."""
    return {**_DAGUERRE, **overrides}


def property_body(**overrides: Any) -> dict[str, Any]:
    """A valid ``POST /api/properties`` body; ``overrides`` replace any field."""
    return {**_DAGUERRE, "bedrooms": 2, "total_floors": 6, **overrides}


def complete_property_body(**overrides: Any) -> dict[str, Any]:
    """:func:`property_body` with every optional field filled in as well."""
    optional: dict[str, Any] = {
        "building_year": 1930,
        "latitude": 48.8339,
        "longitude": 2.3266,
        "notes": "Lumineux, traversant.",
    }
    return property_body(**(optional | overrides))


def create_property(db: Session, user_id: str, **overrides: Any) -> Property:
    """A property row owned by ``user_id``."""
    created = Property(user_id=user_id, **property_fields(**overrides))
    db.add(created)
    db.flush()
    return created


def create_dated_properties(
    db: Session, user_id: str, count: int, start: datetime
) -> list[Property]:
    """``count`` properties of ``user_id`` created a minute apart from ``start``."""
    return [
        create_property(
            db, user_id, name=f"Bien {n}", created_at=start + n * timedelta(minutes=1)
        )
        for n in range(count)
    ]


def saved_property_id(owner: TestUser, **overrides: Any) -> uuid.UUID:
    """:func:`create_property` for ``owner`` in its own committed unit of work."""
    with session_scope() as db:
        return create_property(db, owner.id, **overrides).id


@dataclass(frozen=True)
class Related:
    """Rows and files attached to one property by :func:`attach_related`."""

    document_id: uuid.UUID
    photo_id: uuid.UUID
    redesign_id: uuid.UUID
    keys: list[tuple[BucketRole, str]]


def attach_related(
    db: Session,
    target: Property,
    storage: LocalStorage,
    *,
    promoted_at: datetime = ATTACHED_AT,
    summaries: bool = True,
) -> Related:
    """A document, a photo with a promoted redesign, a synthesis, a price analysis."""
    prefix = f"users/{target.user_id}/properties/{target.id}"
    document = Document(
        property_id=target.id, user_id=target.user_id, filename="pv.pdf",
        storage_key=f"{prefix}/documents/{uuid.uuid4()}/pv.pdf", status="analyzed",
    )  # fmt: skip
    photo = Photo(
        property_id=target.id, user_id=target.user_id, filename="salon.jpg",
        storage_key=f"{prefix}/photos/{uuid.uuid4()}/salon.jpg", status="uploaded",
    )  # fmt: skip
    db.add_all([document, photo])
    db.flush()
    redesign = Redesign(
        photo_id=photo.id, user_id=target.user_id, prompt="scandinave", status="done",
        storage_key=f"{prefix}/photos/{photo.id}/redesigns/{uuid.uuid4()}.png",
    )  # fmt: skip
    db.add(redesign)
    db.flush()
    photo.promoted_redesign_id, photo.promoted_at = redesign.id, promoted_at
    if summaries:
        db.add(
            Synthesis(
                property_id=target.id, user_id=target.user_id, status="done",
                risk_level="medium", annual_cost_total=Decimal("3120.50"),
                one_time_cost_total=Decimal("15000.00"),
                key_findings=[f"constat {n}" for n in range(5)],
                document_count=1, generated_at=ATTACHED_AT,
            )
        )  # fmt: skip
        db.add(PriceAnalysis(property_id=target.id, user_id=target.user_id))
    db.flush()
    keys: list[tuple[BucketRole, str]] = [
        ("documents", document.storage_key),
        ("photos", photo.storage_key),
        ("photos", redesign.storage_key or ""),
    ]
    for bucket, key in keys:
        storage.upload_bytes(bucket, key, b"content", "application/octet-stream")
    return Related(document.id, photo.id, redesign.id, keys)


def is_stored(storage: LocalStorage, bucket: BucketRole, key: str) -> bool:
    """Whether ``storage`` holds the object ``key`` in ``bucket``."""
    try:
        storage.download_bytes(bucket, key)
    except NotFound:
        return False
    return True
