"""The process-wide SQLAlchemy engine and the unit-of-work session scope.

Production reaches Cloud SQL through the Cloud SQL Python Connector (pg8000) when an
instance connection name is configured; everywhere else a plain URL is used. The
connector is imported and built lazily: building it calls ``google.auth.default()``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session

from common.config import Settings, get_settings
from common.errors import DependencyFailed

POOL_RECYCLE_SECONDS = 1800


@functools.cache
def get_engine() -> Engine:
    """The engine shared by every invocation of this process, sized for serverless."""
    settings = get_settings()
    options: dict[str, Any] = {
        "pool_size": settings.pool_size,
        "max_overflow": settings.db_max_overflow,
        "pool_timeout": settings.db_pool_timeout_seconds,
        "pool_recycle": POOL_RECYCLE_SECONDS,
        "pool_pre_ping": True,
    }
    if settings.db_instance_connection_name:
        return create_engine(
            "postgresql+pg8000://", creator=_cloud_sql_creator(settings), **options
        )
    return create_engine(settings.database_url, **options)


def _cloud_sql_creator(settings: Settings) -> Callable[[], Any]:
    """A pool ``creator`` that opens pg8000 connections through the Connector.

    The Connector is built on the first connection, not with the engine: building it
    resolves Google credentials, which must not happen at import or in offline tests.
    """
    password = settings.db_password.get_secret_value() if settings.db_password else None
    instance = settings.db_instance_connection_name or ""

    @functools.cache
    def connector() -> Any:
        from google.cloud.sql.connector import Connector

        return Connector(refresh_strategy="LAZY")

    def connect() -> Any:
        from google.cloud.sql.connector import IPTypes

        return connector().connect(
            instance,
            "pg8000",
            user=settings.db_user,
            password=None if settings.db_iam_auth else password,
            db=settings.db_name,
            enable_iam_auth=settings.db_iam_auth,
            ip_type=IPTypes.PRIVATE if settings.db_private_ip else IPTypes.PUBLIC,
        )

    return connect


def dispose_engine() -> None:
    """Close the pool and forget the engine (tests, settings changes)."""
    if get_engine.cache_info().currsize:
        get_engine().dispose()
    get_engine.cache_clear()


@contextmanager
def session_scope() -> Iterator[Session]:
    """A unit of work: commits on clean exit, rolls back on any exception."""
    try:
        with Session(get_engine(), expire_on_commit=False) as session, session.begin():
            yield session
    except (OperationalError, InterfaceError, PoolTimeout) as exc:
        raise DependencyFailed("database_unavailable") from exc
    except DBAPIError as exc:
        if exc.connection_invalidated:
            raise DependencyFailed("database_unavailable") from exc
        raise
