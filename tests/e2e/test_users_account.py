"""``GET /api/users/stats`` and ``DELETE /api/users/me`` (files and rows)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

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
from common.storage import get_storage
from tests.factories import (
    AGED_SESSION,
    DEFAULT_PASSWORD,
    create_property,
    signed_in_user,
)

pytestmark = pytest.mark.e2e

USER_TABLES: tuple[Any, ...] = (
    Property, Document, Photo, Redesign, Synthesis, PriceAnalysis, BaSession, BaAccount,
)  # fmt: skip


# A factory user: Better Auth user, profile, credential account, session.
USER_ROWS = 4
# ... plus a property, a document, a photo, a redesign, a synthesis, a price analysis.
PORTFOLIO_ROWS = USER_ROWS + 6


def _portfolio(db: Session, user_id: str) -> dict[str, str]:
    """A property with a document, a photo with a promoted redesign, a synthesis and
    a price analysis; returns the object keys it would have in storage."""
    estate = create_property(db, user_id)
    prefix = f"users/{user_id}/properties/{estate.id}"
    document = Document(
        property_id=estate.id, user_id=user_id, filename="pv.pdf", status="analyzed",
        storage_key=f"{prefix}/documents/d1/pv.pdf", size_bytes=1200,
    )  # fmt: skip
    photo = Photo(
        property_id=estate.id, user_id=user_id, filename="salon.jpg", status="ready",
        storage_key=f"{prefix}/photos/p1/salon.jpg", size_bytes=800,
    )  # fmt: skip
    db.add_all([document, photo])
    db.flush()
    redesign = Redesign(
        photo_id=photo.id, user_id=user_id, prompt="scandinave", status="done",
        storage_key=f"{prefix}/photos/p1/redesigns/r1.png",
    )  # fmt: skip
    db.add(redesign)
    db.flush()
    photo.promoted_redesign_id = redesign.id
    db.add(Synthesis(property_id=estate.id, user_id=user_id, status="done"))
    db.add(PriceAnalysis(property_id=estate.id, user_id=user_id, status="done"))
    db.flush()
    return {
        "document": document.storage_key,
        "photo": photo.storage_key,
        "redesign": redesign.storage_key or "",
    }


def _store(keys: dict[str, str]) -> None:
    storage = get_storage()
    storage.upload_bytes("documents", keys["document"], b"%PDF-1.4", "application/pdf")
    storage.upload_bytes("photos", keys["photo"], b"jpeg", "image/jpeg")
    storage.upload_bytes("photos", keys["redesign"], b"png", "image/png")


def _files(root: Path, user_id: str) -> list[Path]:
    return [
        path
        for bucket in ("documents", "photos")
        for path in (root / bucket / "users" / user_id).rglob("*")
        if path.is_file()
    ]


def _rows_of(user_id: str) -> int:
    with session_scope() as db:
        total = sum(
            db.scalar(
                select(func.count()).select_from(model).where(model.user_id == user_id)
            )
            or 0
            for model in USER_TABLES
        )
        total += db.get(User, user_id) is not None
        return total + (db.get(BaUser, user_id) is not None)


# --- GET /api/users/stats ---------------------------------------------------------


def test_stats_counts_only_the_callers_data(users_client: Any) -> None:
    # given two users with one portfolio each, and a second document for the caller
    user, other = signed_in_user(), signed_in_user()
    with session_scope() as db:
        _portfolio(db, user.id)
        _portfolio(db, other.id)
        estate = create_property(db, user.id, name="T2")
        db.add(
            Document(
                property_id=estate.id, user_id=user.id, filename="taxe.pdf",
                storage_key=f"users/{user.id}/x/taxe.pdf", status="failed",
                size_bytes=None,
            )
        )  # fmt: skip

    # when
    response = users_client.get("/api/users/stats", headers=user.headers)

    # then
    assert response.status_code == 200
    assert response.get_json() == {
        "properties": 2,
        "documents": {"total": 2, "by_status": {"analyzed": 1, "failed": 1}},
        "photos": 1,
        "redesigns": 1,
        "storage_bytes": 2000,
    }


def test_stats_of_new_user_are_zero(users_client: Any) -> None:
    user = signed_in_user()

    response = users_client.get("/api/users/stats", headers=user.headers)

    assert response.get_json() == {
        "properties": 0,
        "documents": {"total": 0, "by_status": {}},
        "photos": 0,
        "redesigns": 0,
        "storage_bytes": 0,
    }


def test_stats_without_cookie_returns_401(users_client: Any) -> None:
    assert users_client.get("/api/users/stats").status_code == 401


# --- DELETE /api/users/me ---------------------------------------------------------


def test_delete_me_removes_every_row_and_file_of_the_user_only(
    users_client: Any, environment: dict[str, str]
) -> None:
    # given a user with a full portfolio in the database and in storage
    root = Path(environment["APP_LOCAL_STORAGE_DIR"])
    user, other = signed_in_user(), signed_in_user()
    with session_scope() as db:
        keys, other_keys = _portfolio(db, user.id), _portfolio(db, other.id)
    _store(keys)
    _store(other_keys)
    assert len(_files(root, user.id)) == 3

    # when
    response = users_client.delete("/api/users/me", headers=user.headers)

    # then
    assert response.status_code == 204
    assert response.get_data() == b""
    assert any("Max-Age=0" in c for c in response.headers.getlist("Set-Cookie"))
    assert _rows_of(user.id) == 0
    assert _files(root, user.id) == []
    assert len(_files(root, other.id)) == 3
    assert _rows_of(other.id) == PORTFOLIO_ROWS
    assert users_client.get("/api/users/me", headers=user.headers).status_code == 401


def test_delete_me_with_stale_session_and_no_password_returns_403(
    users_client: Any,
) -> None:
    user = signed_in_user(**AGED_SESSION)

    response = users_client.delete("/api/users/me", headers=user.headers)

    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "reauthentication_required"
    assert _rows_of(user.id) == USER_ROWS


def test_delete_me_with_stale_session_and_wrong_password_returns_403(
    users_client: Any,
) -> None:
    user = signed_in_user(**AGED_SESSION)

    response = users_client.delete(
        "/api/users/me", json={"password": "not it"}, headers=user.headers
    )

    assert response.status_code == 403
    assert _rows_of(user.id) == USER_ROWS


def test_delete_me_with_stale_session_and_right_password_deletes(
    users_client: Any,
) -> None:
    user = signed_in_user(**AGED_SESSION)

    response = users_client.delete(
        "/api/users/me", json={"password": DEFAULT_PASSWORD}, headers=user.headers
    )

    assert response.status_code == 204
    assert _rows_of(user.id) == 0


def test_delete_me_with_invalid_body_returns_400(users_client: Any) -> None:
    user = signed_in_user()

    response = users_client.delete(
        "/api/users/me", json={"password": ""}, headers=user.headers
    )

    assert response.status_code == 400
    assert _rows_of(user.id) == USER_ROWS


def test_delete_me_without_cookie_returns_401(users_client: Any) -> None:
    assert users_client.delete("/api/users/me").status_code == 401
