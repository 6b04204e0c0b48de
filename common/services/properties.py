"""Properties: a user's properties (CRUD), keyset-paginated.

Every query is scoped by the owner: another user's property is ``PropertyNotFound``
(404), never a 403. Lists are keyset-paginated on ``(created_at, id)`` descending
(index ``ix_properties_user_created``), so rows inserted while a user pages never shift
the pages. Each function owns its transaction unless the caller passes ``db=``.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, delete, func, select, tuple_
from sqlalchemy.orm import Session

from common.db import read_scope, session_scope
from common.db.models import Property
from common.errors import DependencyFailed, InvalidInput, NotFound
from common.france import InvalidPostalCode, department_from_postal_code
from common.messages import register
from common.storage import BUCKET_ROLES, Storage, get_storage

logger = logging.getLogger(__name__)
T = TypeVar("T")
Position = tuple[datetime, uuid.UUID]

EDITABLE_FIELDS = (
    "name", "address", "postal_code", "city", "property_type", "asking_price",
    "surface_area", "rooms", "bedrooms", "floor", "total_floors", "building_year",
    "latitude", "longitude", "notes",
)  # fmt: skip

register("property_not_found", "Property not found.", "Bien introuvable.")


class PropertyNotFound(NotFound):
    """The property does not exist or belongs to another user."""

    code = "property_not_found"


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list, newest first; ``has_more`` when rows follow the last."""

    items: list[T]
    has_more: bool
    total: int


def consistency_issues(state: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Broken cross-field rules of a property, as (field, error type) pairs."""
    issues: list[tuple[str, str]] = []
    rooms, bedrooms = state.get("rooms"), state.get("bedrooms")
    if rooms is not None and bedrooms is not None and bedrooms > rooms:
        issues.append(("bedrooms", "bedrooms_exceed_rooms"))
    floor, total_floors = state.get("floor"), state.get("total_floors")
    if floor is not None and total_floors is not None and floor > total_floors:
        issues.append(("floor", "floor_above_total_floors"))
    latitude, longitude = state.get("latitude"), state.get("longitude")
    if (latitude is None) != (longitude is None):
        missing = "longitude" if longitude is None else "latitude"
        issues.append((missing, "coordinates_incomplete"))
    return issues


def _invalid(issues: list[tuple[str, str]]) -> InvalidInput:
    errors = [
        {"loc": ["body", name] if name else ["body"], "type": kind}
        for name, kind in issues
    ]
    fields = ", ".join(name or "body" for name, _ in issues)
    return InvalidInput("invalid_fields", fields=fields, errors=errors)


def _department(postal_code: str) -> str:
    try:
        return department_from_postal_code(postal_code)
    except InvalidPostalCode as exc:
        raise _invalid([("postal_code", exc.problem)]) from exc


def _check_consistency(state: Mapping[str, Any]) -> None:
    issues = consistency_issues(state)
    if issues:
        raise _invalid(issues)


@contextmanager
def _given_or(
    db: Session | None, scope: Callable[[], AbstractContextManager[Session]]
) -> Iterator[Session]:
    if db is not None:
        yield db
        return
    with scope() as own:
        yield own


def transaction(db: Session | None) -> AbstractContextManager[Session]:
    """The caller's session when given, else a new unit of work."""
    return _given_or(db, session_scope)


def reading(db: Session | None) -> AbstractContextManager[Session]:
    """The caller's session when given, else reads outside a transaction."""
    return _given_or(db, read_scope)


def owned(user_id: str, property_id: uuid.UUID) -> Select[Property]:
    """The statement selecting the property only if ``user_id`` owns it."""
    return select(Property).where(
        Property.id == property_id, Property.user_id == user_id
    )


def _find(
    db: Session, user_id: str, property_id: uuid.UUID, *, for_update: bool = False
) -> Property:
    statement = owned(user_id, property_id)
    found = db.scalar(statement.with_for_update() if for_update else statement)
    if found is None:
        raise PropertyNotFound(property_id=str(property_id))
    return found


def create_property(
    user_id: str, fields: Mapping[str, Any], *, db: Session | None = None
) -> Property:
    """Create a property of ``user_id``; the département comes from the postal code."""
    values = {name: fields[name] for name in EDITABLE_FIELDS if name in fields}
    _check_consistency(values)
    now = datetime.now(tz=UTC)
    department = _department(values.get("postal_code", ""))
    created = Property(
        id=uuid.uuid4(), user_id=user_id, department=department,
        created_at=now, updated_at=now, **values,
    )  # fmt: skip
    with transaction(db) as session:
        session.add(created)
        session.flush()
    logger.info("property created", extra={"fields": {"property_id": str(created.id)}})
    return created


def get_property(
    user_id: str, property_id: uuid.UUID, *, db: Session | None = None
) -> Property:
    """The property if ``user_id`` owns it, else ``PropertyNotFound``."""
    with reading(db) as session:
        return _find(session, user_id, property_id)


def list_properties(
    user_id: str,
    *,
    limit: int = 20,
    after: Position | None = None,
    db: Session | None = None,
) -> Page[Property]:
    """Up to ``limit`` properties of the user, newest first, after ``after``."""
    owned = Property.user_id == user_id
    # The total rides along as an uncorrelated subquery (one InitPlan, one round trip).
    count_owned = select(func.count()).select_from(Property).where(owned)
    total = count_owned.correlate(None).scalar_subquery()
    statement = (
        select(Property, total)
        .where(owned)
        .order_by(Property.created_at.desc(), Property.id.desc())
        .limit(limit + 1)
    )
    if after is not None:
        statement = statement.where(tuple_(Property.created_at, Property.id) < after)
    with reading(db) as session:
        page = session.execute(statement).all()
        if page:
            rows, count = [row[0] for row in page], int(page[0][1])
        else:
            rows, count = [], session.scalar(count_owned) or 0
    return Page(rows[:limit], len(rows) > limit, count)


def update_property(
    user_id: str,
    property_id: uuid.UUID,
    changes: Mapping[str, Any],
    *,
    db: Session | None = None,
) -> Property:
    """Change only the given fields; cross-field rules hold on the merged state."""
    values = {name: changes[name] for name in EDITABLE_FIELDS if name in changes}
    if not values:
        raise _invalid([("", "empty_update")])
    with transaction(db) as session:
        target = _find(session, user_id, property_id, for_update=True)
        _check_consistency(
            {name: getattr(target, name) for name in EDITABLE_FIELDS} | values
        )
        if "postal_code" in values:
            target.department = _department(values["postal_code"])
        for name, value in values.items():
            setattr(target, name, value)
        target.updated_at = datetime.now(tz=UTC)
        session.flush()
    return target


def delete_property(
    user_id: str,
    property_id: uuid.UUID,
    *,
    storage: Storage | None = None,
    db: Session | None = None,
) -> None:
    """Delete the stored files, then the row (a storage failure deletes nothing)."""
    storage = storage or get_storage()
    prefix = f"users/{user_id}/properties/{property_id}/"
    with transaction(db) as session:
        _find(session, user_id, property_id, for_update=True)
        for bucket in BUCKET_ROLES:
            try:
                storage.delete_prefix(bucket, prefix)
            except OSError as exc:
                raise DependencyFailed() from exc
        session.execute(delete(Property).where(Property.id == property_id))
    logger.info("property deleted", extra={"fields": {"property_id": str(property_id)}})
