"""Session resolution and sliding expiry against a real PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.auth.cookies import generate_id
from common.auth.sessions import (
    create_session,
    principal_from_token,
    purge_expired_sessions,
    refresh_if_due,
    revoke_session,
)
from common.config import get_settings
from common.db.models import BaSession, BaUser, User
from tests.factories import create_user


def test_principal_from_token_with_live_session_returns_user(
    db_session: Session,
) -> None:
    user = create_user(db_session, name="Camille", is_superuser=True)

    principal = principal_from_token(db_session, user.session_token)

    assert principal is not None
    assert (principal.user_id, principal.email, principal.name) == (
        user.id,
        user.email,
        "Camille",
    )
    assert principal.is_superuser
    assert principal.session_token == user.session_token


def test_principal_from_token_with_expired_session_returns_none(
    db_session: Session,
) -> None:
    user = create_user(db_session, session_expires_in=timedelta(seconds=-1))

    assert principal_from_token(db_session, user.session_token) is None


def test_principal_from_token_with_unknown_token_returns_none(
    db_session: Session,
) -> None:
    create_user(db_session)

    assert principal_from_token(db_session, generate_id()) is None


def test_principal_from_token_of_inactive_user_returns_none(
    db_session: Session,
) -> None:
    user = create_user(db_session, is_active=False)

    assert principal_from_token(db_session, user.session_token) is None


def test_principal_from_token_without_profile_creates_it(db_session: Session) -> None:
    # given a user created by Better Auth alone (no product profile yet)
    now = datetime.now(tz=UTC)
    user_id, token = generate_id(), generate_id()
    db_session.add(BaUser(id=user_id, name="Nina", email=f"{user_id}@example.test"))
    db_session.flush()
    db_session.add(
        BaSession(
            id=generate_id(),
            token=token,
            user_id=user_id,
            expires_at=now + timedelta(1),
        )
    )
    db_session.flush()

    # when
    principal = principal_from_token(db_session, token)

    # then
    assert principal is not None and principal.user_id == user_id
    profile = db_session.get(User, user_id)
    assert profile is not None and profile.is_active and not profile.is_superuser


def test_create_session_expires_after_configured_ttl(db_session: Session) -> None:
    user = create_user(db_session)

    session = create_session(
        db_session, user.id, ip_address="203.0.113.9", user_agent="pytest"
    )

    lifetime = session.expires_at - session.created_at
    assert lifetime == get_settings().session_ttl
    assert (session.ip_address, session.user_agent) == ("203.0.113.9", "pytest")


def test_refresh_if_due_before_update_age_keeps_expiry(db_session: Session) -> None:
    # a session created an hour ago: younger than the one-day update age
    user = create_user(
        db_session,
        session_age=timedelta(hours=1),
        session_expires_in=timedelta(days=7) - timedelta(hours=1),
    )
    before = _expiry(db_session, user.session_token)

    session = refresh_if_due(db_session, user.session_token)

    assert session is not None and session.expires_at == before


def test_refresh_if_due_after_update_age_extends_expiry(db_session: Session) -> None:
    # a session created two days ago with the 7-day TTL: older than the update age
    user = create_user(
        db_session, session_age=timedelta(days=2), session_expires_in=timedelta(days=5)
    )
    started = datetime.now(tz=UTC)

    session = refresh_if_due(db_session, user.session_token)

    assert session is not None
    assert session.expires_at >= started + get_settings().session_ttl
    assert session.updated_at >= started


def test_refresh_if_due_with_unknown_token_returns_none(db_session: Session) -> None:
    assert refresh_if_due(db_session, generate_id()) is None


def test_revoke_session_deletes_only_that_session(db_session: Session) -> None:
    first, second = create_user(db_session), create_user(db_session)

    revoke_session(db_session, first.session_token)

    assert principal_from_token(db_session, first.session_token) is None
    assert principal_from_token(db_session, second.session_token) is not None


def test_purge_expired_sessions_keeps_live_ones(db_session: Session) -> None:
    live = create_user(db_session)
    expired = create_user(db_session, session_expires_in=timedelta(minutes=-5))

    purged = purge_expired_sessions(db_session)

    tokens = set(db_session.scalars(select(BaSession.token)))
    assert purged >= 1
    assert live.session_token in tokens and expired.session_token not in tokens


def _expiry(db: Session, token: str) -> datetime:
    return db.execute(
        select(BaSession.expires_at).where(BaSession.token == token)
    ).scalar_one()
