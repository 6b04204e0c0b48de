"""Google sign-in: start (state + PKCE), callback, and linking to our users.

The state and the PKCE verifier are kept in ``ba_verification`` under
``oauth_state:<state>`` for ten minutes and deleted on first use, as Better Auth does. A
Google identity with a verified e-mail signs into its linked account, else is linked to
the user with the same e-mail, else becomes a new user. Failures redirect the browser
back to the client with ``?error=<code>`` instead of answering JSON.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from common.auth import oauth
from common.auth.cookies import generate_id
from common.auth.oauth import GoogleOAuthClient, OAuthFailed, TokenSet, UserInfo
from common.auth.sessions import ensure_profile
from common.config import get_settings
from common.db import session_scope
from common.db.models import BaAccount, BaSession, BaUser, BaVerification
from common.errors import AppError, DependencyFailed
from common.messages import register
from common.services.auth import Client, create_user, new_account, open_session

logger = logging.getLogger(__name__)

GOOGLE_PROVIDER = "google"
STATE_TTL = timedelta(minutes=10)
_STATE_PREFIX = "oauth_state:"

register(
    "provider_not_enabled",
    "This sign-in provider is not enabled.",
    "Ce fournisseur de connexion n'est pas activé.",
)


class ProviderNotEnabled(AppError):
    """Social sign-in with a provider that is not configured."""

    status, code = 400, "provider_not_enabled"


@dataclass(frozen=True)
class CallbackOutcome:
    """Where to send the browser after the provider callback, signed in or not."""

    location: str
    session: BaSession | None


@dataclass(frozen=True)
class PendingSignIn:
    """What a social sign-in request leaves for its callback, keyed by the state."""

    code_verifier: str
    callback_url: str | None
    error_callback_url: str | None
    new_user_callback_url: str | None
    expired: bool = False

    def success_location(self, *, new_user: bool) -> str:
        """Where to go once signed in (``newUserCallbackURL`` for a new account)."""
        if new_user and self.new_user_callback_url:
            return self.new_user_callback_url
        return self.callback_url or "/"

    def error_location(self, reason: str) -> str:
        """The error callback (else the callback) with ``?error=<reason>``."""
        target = self.error_callback_url or self.callback_url or "/"
        return oauth.with_query(target, error=reason)


def start_sign_in(
    *,
    provider: str,
    callback_url: str | None,
    error_callback_url: str | None,
    new_user_callback_url: str | None,
    google: GoogleOAuthClient | None = None,
) -> str:
    """Store a single-use state and PKCE verifier; the URL to send the user to."""
    settings = get_settings()
    if provider != GOOGLE_PROVIDER or not settings.google_oauth_enabled:
        raise ProviderNotEnabled(provider=provider)
    redirects = {
        "callbackURL": callback_url,
        "errorCallbackURL": error_callback_url,
        "newUserCallbackURL": new_user_callback_url,
    }
    oauth.check_redirects(redirects, [*settings.cors_origins, settings.public_base_url])
    google = google or GoogleOAuthClient.from_settings(settings)
    state, code_verifier = oauth.new_state(), oauth.new_code_verifier()
    pending = PendingSignIn(
        code_verifier, callback_url, error_callback_url, new_user_callback_url
    )
    with session_scope() as db:
        save_state(db, state, pending)
    return google.authorization_url(state, code_verifier)


def finish_google_sign_in(
    *,
    code: str | None,
    state: str | None,
    error: str | None,
    locale: str,
    client: Client,
    google: GoogleOAuthClient | None = None,
) -> CallbackOutcome:
    """Consume the state, exchange the code, link or create the user, sign in."""
    settings = get_settings()
    pending = None
    if state:
        with (
            session_scope() as db
        ):  # committed now: the state is spent whatever happens
            pending = consume_state(db, state)
    if pending is None:
        return CallbackOutcome(f"{settings.public_base_url}/?error=invalid_state", None)
    try:
        if pending.expired:
            raise OAuthFailed("invalid_state")
        if not settings.google_oauth_enabled:
            raise OAuthFailed("provider_not_enabled")
        info, tokens = oauth.identify(
            google or GoogleOAuthClient.from_settings(settings),
            code=code,
            error=error,
            code_verifier=pending.code_verifier,
        )
        with session_scope() as db:
            user_id, created = link_google_account(db, info, tokens, locale)
            session = open_session(db, user_id, client)
    except (OAuthFailed, DependencyFailed) as exc:
        reason = exc.reason if isinstance(exc, OAuthFailed) else "provider_unavailable"
        logger.warning("google sign-in failed", extra={"fields": {"reason": reason}})
        return CallbackOutcome(pending.error_location(reason), None)
    logger.info("google sign-in", extra={"fields": {"user_id": user_id}})
    return CallbackOutcome(pending.success_location(new_user=created), session)


def link_google_account(
    db: Session, info: UserInfo, tokens: TokenSet, locale: str
) -> tuple[str, bool]:
    """The user of a Google identity (linked, same e-mail or new); True if new."""
    account = db.scalar(
        select(BaAccount).where(
            BaAccount.provider_id == GOOGLE_PROVIDER,
            BaAccount.account_id == info.subject,
        )
    )
    created = False
    if account is None:
        user = db.scalar(select(BaUser).where(BaUser.email == info.email))
        if user is None:
            created = True
            user = create_user(
                db, info.email, info.name, info.picture, verified=True, locale=locale
            )
        else:
            user.email_verified = True  # Google vouched for this very address
        account = new_account(info.subject, GOOGLE_PROVIDER, user.id, password=None)
        db.add(account)
    account.access_token = tokens.access_token
    account.refresh_token = tokens.refresh_token or account.refresh_token
    account.id_token = tokens.id_token
    account.scope = tokens.scope
    account.access_token_expires_at = tokens.expires_at
    account.updated_at = datetime.now(tz=UTC)
    db.flush()
    if not ensure_profile(db, account.user_id).is_active:
        raise OAuthFailed("account_disabled")
    return account.user_id, created


def save_state(db: Session, state: str, pending: PendingSignIn) -> None:
    """Keep ``pending`` under ``oauth_state:<state>`` for ten minutes."""
    now = datetime.now(tz=UTC)
    value = {
        "codeVerifier": pending.code_verifier,
        "callbackURL": pending.callback_url,
        "errorCallbackURL": pending.error_callback_url,
        "newUserCallbackURL": pending.new_user_callback_url,
    }
    db.add(
        BaVerification(
            id=generate_id(),
            identifier=_STATE_PREFIX + state,
            value=json.dumps(value),
            expires_at=now + STATE_TTL,
            created_at=now,
            updated_at=now,
        )
    )


def consume_state(db: Session, state: str) -> PendingSignIn | None:
    """Delete the state (single use) and return what it held; None when unknown."""
    row = db.execute(
        delete(BaVerification)
        .where(BaVerification.identifier == _STATE_PREFIX + state)
        .returning(BaVerification.value, BaVerification.expires_at)
    ).first()
    if row is None:
        return None
    try:
        data = json.loads(row.value)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("codeVerifier"), str):
        return None
    return PendingSignIn(
        code_verifier=data["codeVerifier"],
        callback_url=_optional_str(data.get("callbackURL")),
        error_callback_url=_optional_str(data.get("errorCallbackURL")),
        new_user_callback_url=_optional_str(data.get("newUserCallbackURL")),
        expired=row.expires_at <= datetime.now(tz=UTC),
    )


def _optional_str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
