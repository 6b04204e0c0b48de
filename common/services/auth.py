"""Better Auth-compatible e-mail sign-up, sign-in, sign-out and current session.

Credentials follow Better Auth exactly (scrypt hash in ``ba_account.password``), so a
Next.js + Better Auth frontend and these functions sign the same users in. Sign-in does
the same work whether or not the e-mail exists, and counts failed attempts per e-mail
(hashed) and per IP. Google sign-in is in ``common.services.social_auth``.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import inspect, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from common.auth.cookies import generate_id
from common.auth.passwords import DUMMY_HASH, hash_password, verify_password
from common.auth.sessions import (
    create_session,
    ensure_profile,
    refresh_if_due,
    revoke_session,
)
from common.config import Settings, get_settings
from common.db import session_scope
from common.db.models import BaAccount, BaSession, BaUser, User
from common.errors import AppError, RateLimited
from common.messages import register
from common.ratelimit import RateLimiter, get_rate_limiter

logger = logging.getLogger(__name__)

SIGN_UP_WINDOW_SECONDS = 3600
IP_ATTEMPTS_FACTOR = 10  # one office behind one NAT may hold many accounts
CREDENTIAL_PROVIDER = "credential"

register(
    "invalid_email_or_password",
    "Invalid e-mail or password.",
    "E-mail ou mot de passe incorrect.",
)
register(
    "user_already_exists",
    "An account already exists with this e-mail address.",
    "Un compte existe déjà avec cette adresse e-mail.",
)
register(
    "sign_in_locked",
    "Too many sign-in attempts. Try again in {retry_after} seconds.",
    "Trop de tentatives de connexion. Réessayez dans {retry_after} secondes.",
)


class InvalidCredentials(AppError):
    """Wrong e-mail or password, or an inactive account (never told apart)."""

    status, code = 401, "invalid_email_or_password"


class UserAlreadyExists(AppError):
    """Sign-up with an e-mail that already has an account (Better Auth's 422)."""

    status, code = 422, "user_already_exists"


@dataclass(frozen=True)
class Client:
    """Who is calling: recorded on the session, used by the rate limits."""

    ip_address: str
    user_agent: str | None


@dataclass(frozen=True)
class SignedIn:
    """A new session and its user."""

    session: BaSession
    user: BaUser


@dataclass(frozen=True)
class CurrentSession:
    """The caller's session (expiry possibly slid forward) and user."""

    session: BaSession
    user: BaUser
    refreshed: bool


def sign_up(
    *,
    name: str,
    email: str,
    password: str,
    image: str | None,
    locale: str,
    client: Client,
    limiter: RateLimiter | None = None,
) -> SignedIn:
    """Create a credential user with its profile and first session."""
    limiter = limiter or get_rate_limiter()
    decision = limiter.hit(
        f"sign_up:ip:{client.ip_address}",
        get_settings().sign_up_per_hour_per_ip,
        SIGN_UP_WINDOW_SECONDS,
    )
    if not decision.allowed:
        raise RateLimited(retry_after=decision.retry_after)
    password_hash = hash_password(password)  # before the lookup: same cost either way
    try:
        with session_scope() as db:
            if db.scalar(select(BaUser.id).where(BaUser.email == email)) is not None:
                raise UserAlreadyExists()
            user = create_user(db, email, name, image, verified=False, locale=locale)
            db.add(new_account(user.id, CREDENTIAL_PROVIDER, user.id, password_hash))
            session = open_session(db, user.id, client)
    except IntegrityError as exc:  # a concurrent sign-up with the same e-mail
        raise UserAlreadyExists() from exc
    logger.info("user signed up", extra={"fields": {"user_id": user.id}})
    return SignedIn(session, user)


def sign_in(
    *, email: str, password: str, client: Client, limiter: RateLimiter | None = None
) -> SignedIn:
    """Check the password (constant work) and open a session."""
    settings = get_settings()
    limiter = limiter or get_rate_limiter()
    email_key = "sign_in:email:" + hashlib.sha256(email.encode()).hexdigest()
    _check_sign_in_limits(limiter, email_key, client.ip_address, settings)
    with session_scope() as db:
        row = db.execute(
            select(BaUser, BaAccount.password, User.is_active)
            .outerjoin(
                BaAccount,
                (BaAccount.user_id == BaUser.id)
                & (BaAccount.provider_id == CREDENTIAL_PROVIDER),
            )
            .outerjoin(User, User.id == BaUser.id)
            .where(BaUser.email == email)
        ).first()
    stored_hash = row.password if row is not None and row.password else None
    password_ok = verify_password(password, stored_hash or DUMMY_HASH)
    if row is None or stored_hash is None or not password_ok or row.is_active is False:
        logger.info("sign-in refused", extra={"fields": {"known": row is not None}})
        raise InvalidCredentials()
    limiter.reset(email_key, settings.sign_in_window_seconds)
    user: BaUser = row.BaUser
    with session_scope() as db:
        session = open_session(db, user.id, client)
    logger.info("user signed in", extra={"fields": {"user_id": user.id}})
    return SignedIn(session, user)


def _check_sign_in_limits(
    limiter: RateLimiter, email_key: str, ip_address: str, settings: Settings
) -> None:
    """Count every attempt; success resets the e-mail bucket, so it counts failures."""
    limit, window = (
        settings.sign_in_attempts_per_window,
        settings.sign_in_window_seconds,
    )
    decisions = [
        limiter.hit(f"sign_in:ip:{ip_address}", limit * IP_ATTEMPTS_FACTOR, window),
        limiter.hit(email_key, limit, window),
    ]
    refused = [decision for decision in decisions if not decision.allowed]
    if refused:
        retry_after = max(decision.retry_after for decision in refused)
        logger.warning("sign-in rate limited", extra={"fields": {"retry": retry_after}})
        raise RateLimited("sign_in_locked", retry_after=retry_after)


def sign_out(token: str | None) -> None:
    """Revoke the session of ``token`` if there is one."""
    if token:
        with session_scope() as db:
            revoke_session(db, token)


def current_session(token: str) -> CurrentSession | None:
    """The session of ``token`` and its user, sliding the expiry when due."""
    with session_scope() as db:
        session = refresh_if_due(db, token)
        if session is None:
            return None
        refreshed = inspect(session).attrs.expires_at.history.has_changes()
        user = db.get_one(BaUser, session.user_id)
        return CurrentSession(session, user, refreshed)


# --- shared with social sign-in --------------------------------------------------


def create_user(
    db: Session,
    email: str,
    name: str,
    image: str | None,
    *,
    verified: bool,
    locale: str,
) -> BaUser:
    """A Better Auth user and its product profile (``locale`` from the request)."""
    now = datetime.now(tz=UTC)
    user = BaUser(
        id=generate_id(),
        email=email,
        name=name,
        image=image,
        email_verified=verified,
        created_at=now,
        updated_at=now,
    )
    db.add(user)
    db.flush()
    db.add(User(id=user.id, locale=locale, created_at=now, updated_at=now))
    db.flush()
    return user


def new_account(
    account_id: str, provider_id: str, user_id: str, password: str | None
) -> BaAccount:
    """A ``ba_account`` row: the password credential or a provider identity."""
    now = datetime.now(tz=UTC)
    return BaAccount(
        id=generate_id(),
        account_id=account_id,
        provider_id=provider_id,
        user_id=user_id,
        password=password,
        created_at=now,
        updated_at=now,
    )


def open_session(db: Session, user_id: str, client: Client) -> BaSession:
    """A new session of the user, whose ``last_login_at`` it records."""
    session = create_session(
        db, user_id, ip_address=client.ip_address, user_agent=client.user_agent
    )
    ensure_profile(db, user_id)
    db.execute(
        update(User).where(User.id == user_id).values(last_login_at=session.created_at)
    )
    return session
