"""Sessions: create, resolve (the check every function uses) and revoke."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from common.auth.cookies import generate_id, session_token_from_cookies
from common.config import get_settings
from common.db import read_scope
from common.db.models import BaSession, BaUser, User
from common.http.request import Principal


def principal_from_cookies(cookies: Mapping[str, str]) -> Principal | None:
    """The principal of a signed, unexpired session of an active user, else None."""
    token = session_token_from_cookies(cookies)
    if token is None:
        return None
    # One lookup (and, on a user's first request, one idempotent insert): no
    # transaction round trips on every request.
    with read_scope() as db:
        return principal_from_token(db, token)


_PRINCIPAL_COLUMNS = (
    BaSession.id.label("session_id"),
    BaSession.token,
    BaSession.created_at,
    BaSession.expires_at,
    BaUser.id.label("user_id"),
    BaUser.email,
    BaUser.name,
    User.id.label("profile_id"),
    User.is_active,
    User.is_superuser,
    User.locale,
)


def principal_from_token(db: Session, token: str) -> Principal | None:
    """Look the token up: unexpired session of an active user (profile ensured)."""
    # Columns, not entities: this runs on every request and needs no ORM objects.
    row = db.execute(
        select(*_PRINCIPAL_COLUMNS)
        .join(BaUser, BaUser.id == BaSession.user_id)
        .outerjoin(User, User.id == BaUser.id)
        .where(BaSession.token == token, BaSession.expires_at > datetime.now(tz=UTC))
    ).one_or_none()
    if row is None:
        return None
    profile = ensure_profile(db, row.user_id) if row.profile_id is None else row
    if not profile.is_active:
        return None
    return Principal(
        user_id=row.user_id,
        email=row.email,
        name=row.name,
        is_superuser=profile.is_superuser,
        session_id=row.session_id,
        session_token=row.token,
        session_created_at=row.created_at,
        session_expires_at=row.expires_at,
        locale=profile.locale,
    )


def ensure_profile(db: Session, user_id: str) -> User:
    """The product profile of a Better Auth user, created on first sight."""
    db.execute(insert(User).values(id=user_id).on_conflict_do_nothing())
    return db.execute(select(User).where(User.id == user_id)).scalar_one()


def create_session(
    db: Session, user_id: str, *, ip_address: str | None, user_agent: str | None
) -> BaSession:
    """A new session of ``user_id`` that expires after the configured TTL."""
    now = datetime.now(tz=UTC)
    session = BaSession(
        id=generate_id(),
        token=generate_id(),
        user_id=user_id,
        expires_at=now + get_settings().session_ttl,
        created_at=now,
        updated_at=now,
        ip_address=ip_address,
        user_agent=(user_agent or "")[:512] or None,
    )
    db.add(session)
    db.flush()
    return session


def refresh_if_due(db: Session, token: str) -> BaSession | None:
    """Extend the session when it is older than the update age (Better Auth's rule)."""
    settings = get_settings()
    session = db.execute(
        select(BaSession).where(BaSession.token == token).with_for_update()
    ).scalar_one_or_none()
    if session is None:
        return None
    now = datetime.now(tz=UTC)
    refresh_after = (
        session.expires_at
        - settings.session_ttl
        + timedelta(seconds=settings.session_update_age_seconds)
    )
    if now >= refresh_after:
        session.expires_at = now + settings.session_ttl
        session.updated_at = now
    return session


def revoke_session(db: Session, token: str) -> None:
    """Delete the session with ``token`` (sign-out)."""
    db.execute(delete(BaSession).where(BaSession.token == token))


def purge_expired_sessions(db: Session) -> int:
    """Delete expired sessions; returns how many."""
    result = db.execute(
        delete(BaSession).where(BaSession.expires_at <= datetime.now(tz=UTC))
    )
    return int(getattr(result, "rowcount", 0) or 0)
