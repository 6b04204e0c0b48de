"""User administration: the list for administrators, roles and activation.

Administrators (``users.is_superuser``) are made with ``python -m common.cli
make-superuser EMAIL``; they can then promote or deactivate others, never themselves.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, delete, func, select

from common.auth.sessions import ensure_profile
from common.db import session_scope
from common.db.models import BaSession, BaUser, Document, Property, User
from common.errors import AppError
from common.messages import register
from common.services.users import UserNotFound

logger = logging.getLogger(__name__)

register(
    "cannot_change_own_access",
    "You cannot deactivate or demote your own account.",
    "Vous ne pouvez pas désactiver ni rétrograder votre propre compte.",
)


class CannotChangeOwnAccess(AppError):
    """An administrator tried to deactivate or demote themself."""

    status, code = 409, "cannot_change_own_access"


@dataclass(frozen=True)
class ManagedUser:
    """A user as administrators see it."""

    id: str
    email: str
    name: str
    email_verified: bool
    is_active: bool
    is_superuser: bool
    created_at: datetime
    last_login_at: datetime | None
    property_count: int
    document_count: int


@dataclass(frozen=True)
class ManagedUserPage:
    """One page of users, newest first."""

    items: list[ManagedUser]
    total: int
    limit: int
    offset: int


def list_users(*, limit: int, offset: int) -> ManagedUserPage:
    """A page of users, newest first, with their property and document counts."""
    with session_scope() as db:
        total = db.scalar(select(func.count()).select_from(BaUser)) or 0
        rows = db.execute(
            _managed_users()
            .order_by(BaUser.created_at.desc(), BaUser.id)
            .limit(limit)
            .offset(offset)
        ).all()
    items = [_managed(row) for row in rows]
    return ManagedUserPage(items=items, total=total, limit=limit, offset=offset)


def set_access(
    admin_id: str,
    user_id: str,
    *,
    is_active: bool | None,
    is_superuser: bool | None,
) -> ManagedUser:
    """Activate, deactivate (signing out everywhere), promote or demote a user."""
    if user_id == admin_id and False in (is_active, is_superuser):
        raise CannotChangeOwnAccess()
    with session_scope() as db:
        if db.get(BaUser, user_id) is None:
            raise UserNotFound()
        profile = ensure_profile(db, user_id)
        if is_active is not None:
            profile.is_active = is_active
        if is_superuser is not None:
            profile.is_superuser = is_superuser
        profile.updated_at = datetime.now(tz=UTC)
        if is_active is False:
            db.execute(delete(BaSession).where(BaSession.user_id == user_id))
        db.flush()
        row = db.execute(_managed_users().where(BaUser.id == user_id)).one()
    logger.info("user access changed", extra={"fields": {"user_id": user_id}})
    return _managed(row)


def _managed_users() -> Select[Any]:
    properties = (
        select(func.count())
        .where(Property.user_id == BaUser.id)
        .correlate(BaUser)
        .scalar_subquery()
    )
    documents = (
        select(func.count())
        .where(Document.user_id == BaUser.id)
        .correlate(BaUser)
        .scalar_subquery()
    )
    return select(
        BaUser, User.is_active, User.is_superuser, User.last_login_at, properties,
        documents,
    ).outerjoin(User, User.id == BaUser.id)  # fmt: skip


def _managed(row: Any) -> ManagedUser:
    user, is_active, is_superuser, last_login_at, properties, documents = row
    return ManagedUser(
        id=user.id,
        email=user.email,
        name=user.name,
        email_verified=user.email_verified,
        is_active=is_active is not False,  # no profile yet: active by default
        is_superuser=bool(is_superuser),
        created_at=user.created_at,
        last_login_at=last_login_at,
        property_count=int(properties),
        document_count=int(documents),
    )


def make_superuser(email: str) -> str:
    """Grant the administrator role to the user with ``email``; returns the id."""
    with session_scope() as db:
        user_id = db.scalar(select(BaUser.id).where(BaUser.email == email))
        if user_id is None:
            raise UserNotFound()
        profile = ensure_profile(db, user_id)
        profile.is_superuser, profile.updated_at = True, datetime.now(tz=UTC)
    return user_id
