"""The process-wide SQLAlchemy engine and the unit-of-work session scope.

Production reaches Cloud SQL through the Cloud SQL Python Connector (pg8000) when an
instance connection name is configured; everywhere else a plain URL is used. The
connector is imported and built lazily: building it calls ``google.auth.default()``.
"""

from __future__ import annotations

import functools
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, ExceptionContext, create_engine, event
from sqlalchemy.exc import (
    DBAPIError,
    DisconnectionError,
    InterfaceError,
    OperationalError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session

from common.config import Settings, get_settings
from common.db.prepared import enable_statement_cache
from common.errors import DependencyFailed

POOL_RECYCLE_SECONDS = 1800
_CHECKED_IN_AT = "logis_checked_in_at"
_TCP_FAMILIES = (socket.AF_INET, socket.AF_INET6)


@functools.cache
def get_engine() -> Engine:
    """The engine shared by every invocation of this process, sized for serverless."""
    settings = get_settings()
    options: dict[str, Any] = {
        "pool_size": settings.pool_size,
        "max_overflow": settings.db_max_overflow,
        "pool_timeout": settings.db_pool_timeout_seconds,
        "pool_recycle": POOL_RECYCLE_SECONDS,
    }
    if settings.db_instance_connection_name:
        engine = create_engine(
            "postgresql+pg8000://", creator=_cloud_sql_creator(settings), **options
        )
    else:
        engine = create_engine(settings.database_url, **options)
    _memoise_paramstyle_conversion()
    event.listen(engine, "connect", _register_fast_converters)
    event.listen(engine, "connect", _cache_statements)
    event.listen(engine, "connect", _disable_nagle)
    event.listen(engine, "checkout", _ping_if_idle)
    event.listen(engine, "checkin", _mark_checked_in)
    event.listen(engine, "handle_error", _socket_errors_are_disconnects)
    return engine


def _socket_errors_are_disconnects(context: ExceptionContext) -> None:
    # pg8000 raises a reset socket's ConnectionError as is; without this the dead
    # connection would go back to the pool and fail the next request too.
    if isinstance(context.original_exception, ConnectionError):
        context.is_disconnect = True


def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    # pool_pre_ping would cost a round trip on every checkout (two per request: the
    # session check and the service). Connections die while idle (instance
    # maintenance, proxies' idle timeouts), so only those idle for a while are
    # pinged; a dead one is replaced (DisconnectionError makes the pool retry).
    checked_in_at = record.info.get(_CHECKED_IN_AT)
    idle_limit = get_settings().db_ping_after_idle_seconds
    if checked_in_at is not None and time.monotonic() - checked_in_at < idle_limit:
        return
    # Outside a transaction: one round trip, and no transaction left open for the
    # checkout's user (a read_scope would run inside it and lose its writes).
    dbapi_connection.autocommit = True
    try:
        cursor = dbapi_connection.cursor()
        cursor.execute(";")
        cursor.close()
    except Exception as exc:
        raise DisconnectionError("connection failed its ping") from exc
    finally:
        dbapi_connection.autocommit = False


def _mark_checked_in(_dbapi_connection: Any, record: Any) -> None:
    record.info[_CHECKED_IN_AT] = time.monotonic()


_TIMESTAMPTZ_OID, _TIMESTAMP_OID, _DATE_OID = 1184, 1114, 1082
_POSITIONAL_STYLES = frozenset({"format", "qmark", "numeric"})


def _memoise_paramstyle_conversion() -> None:
    """Memoise pg8000's rewrite of ``%s`` placeholders into ``$n``.

    pg8000 rescans every statement character by character (0.1-0.3 ms for an ORM
    SELECT), yet for positional styles the result depends on the text alone and
    SQLAlchemy's statements repeat. Checked against the original by a unit test;
    pg8000 is pinned in requirements.txt.
    """
    import pg8000.legacy

    original = pg8000.legacy.convert_paramstyle
    if getattr(original, "memoised", False):
        return

    @functools.lru_cache(maxsize=2048)
    def rewritten(style: str, query: str) -> str:
        return str(original(style, query, ())[0])

    def convert(style: str, query: str, args: Any) -> tuple[str, Any]:
        if style in _POSITIONAL_STYLES:
            return rewritten(style, query), args
        return tuple(original(style, query, args))

    convert.memoised = True  # type: ignore[attr-defined]
    pg8000.legacy.convert_paramstyle = convert


def _cache_statements(dbapi_connection: Any, _record: Any) -> None:
    enable_statement_cache(dbapi_connection)


def _disable_nagle(dbapi_connection: Any, _record: Any) -> None:
    # pg8000 leaves Nagle's algorithm on (libpq turns it off): a message written in
    # two sends, such as an UPDATE carrying an 8 KiB JSON document, then waits for
    # the server's delayed ACK, ~40 ms on Linux, instead of ~0.5 ms.
    sock = getattr(dbapi_connection, "_usock", None)
    if isinstance(sock, socket.socket) and sock.family in _TCP_FAMILIES:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def _register_fast_converters(dbapi_connection: Any, _record: Any) -> None:
    # pg8000 parses dates and timestamps with strptime (~10 us each: 3 ms for the
    # few hundred sales of a price analysis); fromisoformat takes ~0.2 us and reads
    # PostgreSQL's ISO output. Anything else (infinity, BC dates, years past 9999)
    # falls back to pg8000's own converter.
    from pg8000.converters import date_in, timestamp_in, timestamptz_in

    def converter(
        fast: Callable[[str], Any], fallback: Callable[[str], Any]
    ) -> Callable[[str], Any]:
        def parse(text: str) -> Any:
            try:
                return fast(text)
            except ValueError:
                return fallback(text)

        return parse

    fast_timestamp = datetime.fromisoformat
    dbapi_connection.register_in_adapter(
        _TIMESTAMPTZ_OID, converter(fast_timestamp, timestamptz_in)
    )
    dbapi_connection.register_in_adapter(
        _TIMESTAMP_OID, converter(fast_timestamp, timestamp_in)
    )
    dbapi_connection.register_in_adapter(
        _DATE_OID, converter(date.fromisoformat, date_in)
    )


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
    with (
        _database_errors(),
        Session(get_engine(), expire_on_commit=False) as session,
        session.begin(),
    ):
        yield session


@contextmanager
def read_scope() -> Iterator[Session]:
    """Reads without a transaction: each statement stands alone (autocommit).

    No BEGIN and COMMIT round trips: for the reads of a request that need no
    common snapshot (a lookup, a cache check). A statement that writes commits by
    itself: only for single-statement, idempotent writes. The connection goes
    back to the pool as it came (pg8000's flag, no statement).
    """
    with _database_errors(), get_engine().connect() as connection:
        driver = connection.connection.dbapi_connection
        driver.autocommit = True  # type: ignore[union-attr]
        try:
            with Session(bind=connection, expire_on_commit=False) as session:
                yield session
        finally:
            driver.autocommit = False  # type: ignore[union-attr]


@contextmanager
def _database_errors() -> Iterator[None]:
    """An unreachable database as ``DependencyFailed`` (503); other errors unchanged."""
    try:
        yield
    except (OperationalError, InterfaceError, PoolTimeout) as exc:
        raise DependencyFailed("database_unavailable") from exc
    except ConnectionError as exc:  # pg8000 lets a reset socket's error through
        raise DependencyFailed("database_unavailable") from exc
    except DBAPIError as exc:
        if exc.connection_invalidated:
            raise DependencyFailed("database_unavailable") from exc
        raise
