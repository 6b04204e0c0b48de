"""Profiles, usage statistics and account deletion (administration: ``user_admin``).

Deleting an account removes the user's stored objects first, so that a storage failure
leaves everything in place for a retry, then deletes the ``ba_user`` row: every other
row of the user goes with it through ``ON DELETE CASCADE``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from common.auth.passwords import DUMMY_HASH, verify_password
from common.auth.sessions import ensure_profile, purge_expired_sessions
from common.config import get_settings
from common.db import session_scope
from common.db.models import (
    BaAccount,
    BaUser,
    BaVerification,
    Document,
    Photo,
    Property,
    Redesign,
)
from common.errors import AppError, NotFound
from common.messages import register
from common.storage import BUCKET_ROLES, Storage, get_storage

logger = logging.getLogger(__name__)

register("user_not_found", "User not found.", "Utilisateur introuvable.")
register(
    "reauthentication_required",
    "Confirm your password or sign in again to continue.",
    "Confirmez votre mot de passe ou reconnectez-vous pour continuer.",
)


class UserNotFound(NotFound):
    """No user with this id or e-mail."""

    def __init__(self) -> None:
        super().__init__("user_not_found")


class ReauthenticationRequired(AppError):
    """A sensitive action needs a recent sign-in or the password."""

    status, code = 403, "reauthentication_required"


@dataclass(frozen=True)
class Profile:
    """What a user sees of their own account."""

    id: str
    email: str
    name: str
    image: str | None
    email_verified: bool
    locale: str
    is_superuser: bool
    created_at: datetime
    last_login_at: datetime | None


@dataclass(frozen=True)
class ProfileChanges:
    """A partial profile update (``image_set`` tells a null image from no image)."""

    name: str | None = None
    locale: str | None = None
    image: str | None = None
    image_set: bool = False


@dataclass(frozen=True)
class UsageStats:
    """How much the user stores."""

    properties: int
    documents: int
    documents_by_status: dict[str, int]
    photos: int
    redesigns: int
    storage_bytes: int


def get_profile(user_id: str) -> Profile:
    """The profile of ``user_id``."""
    with session_scope() as db:
        return _profile(db, user_id)


def update_profile(user_id: str, changes: ProfileChanges) -> Profile:
    """Apply a partial update of name, image and locale."""
    now = datetime.now(tz=UTC)
    with session_scope() as db:
        user = db.get(BaUser, user_id, with_for_update=True)
        if user is None:
            raise UserNotFound()
        if changes.name is not None:
            user.name = changes.name
        if changes.image_set:
            user.image = changes.image
        if changes.name is not None or changes.image_set:
            user.updated_at = now
        if changes.locale is not None:
            profile = ensure_profile(db, user_id)
            profile.locale, profile.updated_at = changes.locale, now
        db.flush()
        return _profile(db, user_id)


def _profile(db: Session, user_id: str) -> Profile:
    user = db.get(BaUser, user_id)
    if user is None:
        raise UserNotFound()
    profile = ensure_profile(db, user_id)
    return Profile(
        id=user.id,
        email=user.email,
        name=user.name,
        image=user.image,
        email_verified=user.email_verified,
        locale=profile.locale,
        is_superuser=profile.is_superuser,
        created_at=user.created_at,
        last_login_at=profile.last_login_at,
    )


def usage_stats(user_id: str) -> UsageStats:
    """Counts and stored bytes of the user, in one query of scalar subqueries."""
    per_status = (
        select(Document.status, func.count().label("n"))
        .where(Document.user_id == user_id)
        .group_by(Document.status)
        .subquery()
    )
    by_status = select(
        func.coalesce(
            func.jsonb_object_agg(per_status.c.status, per_status.c.n),
            func.jsonb_build_object(),
            type_=JSONB,
        )
    ).scalar_subquery()
    statement = select(
        _count(Property, user_id),
        _count(Document, user_id),
        by_status,
        _count(Photo, user_id),
        _count(Redesign, user_id),
        _bytes(Document, user_id) + _bytes(Photo, user_id),
    )
    with session_scope() as db:
        row = db.execute(statement).one()
    properties, documents, statuses, photos, redesigns, stored = row
    return UsageStats(
        properties=int(properties),
        documents=int(documents),
        documents_by_status={str(k): int(v) for k, v in dict(statuses).items()},
        photos=int(photos),
        redesigns=int(redesigns),
        storage_bytes=int(stored),
    )


def _count(model: Any, user_id: str) -> Any:
    return (
        select(func.count())
        .select_from(model)
        .where(model.user_id == user_id)
        .scalar_subquery()
    )


def _bytes(model: Any, user_id: str) -> Any:
    total = func.coalesce(func.sum(model.size_bytes), 0)
    return select(total).where(model.user_id == user_id).scalar_subquery()


def delete_account(
    user_id: str,
    *,
    session_created_at: datetime,
    password: str | None,
    storage: Storage | None = None,
) -> None:
    """Delete every stored object of the user, then the user and all their rows."""
    _require_recent_authentication(user_id, session_created_at, password)
    storage = storage or get_storage()
    removed = sum(
        storage.delete_prefix(bucket, f"users/{user_id}/") for bucket in BUCKET_ROLES
    )
    with session_scope() as db:
        db.execute(delete(BaUser).where(BaUser.id == user_id))
    logger.info(
        "account deleted", extra={"fields": {"user_id": user_id, "objects": removed}}
    )


def _require_recent_authentication(
    user_id: str, session_created_at: datetime, password: str | None
) -> None:
    """A session younger than the fresh age, or the right password when given."""
    if password is None:
        age = datetime.now(tz=UTC) - session_created_at
        if age <= timedelta(seconds=get_settings().fresh_session_seconds):
            return
        raise ReauthenticationRequired()
    with session_scope() as db:
        stored = db.scalar(
            select(BaAccount.password).where(
                BaAccount.user_id == user_id, BaAccount.provider_id == "credential"
            )
        )
    if not verify_password(password, stored or DUMMY_HASH) or not stored:
        raise ReauthenticationRequired()


def purge_expired() -> tuple[int, int]:
    """Delete expired sessions and verifications; returns both counts."""
    now = datetime.now(tz=UTC)
    with session_scope() as db:
        sessions = purge_expired_sessions(db)
        result = db.execute(
            delete(BaVerification).where(BaVerification.expires_at <= now)
        )
    return sessions, int(getattr(result, "rowcount", 0) or 0)
