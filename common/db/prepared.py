"""Parameterised statements in one round trip: a prepared-statement cache for pg8000.

pg8000 runs every parameterised statement as an unnamed statement in three round
trips (Parse; Describe; Bind + Execute), so a request of four queries waits on twelve
network exchanges, each ~0.1 ms on loopback and ~0.5-1 ms to Cloud SQL. SQLAlchemy
sends the same few statement texts over and over, so each connection keeps the ones
it has seen prepared (named, server-side) and runs them with one Bind + Execute
exchange. The values stay parameters: nothing is interpolated into SQL.

Planning is unchanged: the connection sets ``plan_cache_mode = force_custom_plan``,
so every execution is planned with its values as an unnamed statement was (a
generic plan could not prove the spatial partial indexes' predicates, for one).
The cache is bounded (least recently used statements are closed). A cached
statement that PostgreSQL can no longer run (its table's columns changed under it,
or it was deallocated) is dropped from the cache when it fails, and the next
execution prepares it again. COPY (``stream=``) keeps pg8000's own path.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, cast

CACHE_SIZE = 256
# 0A000: "cached plan must not change result type"; 26000: no such statement.
_STALE_STATEMENT = frozenset({"0A000", "26000"})

_Entry = tuple[bytes, Any, Any]  # name, columns, input converters


def enable_statement_cache(dbapi_connection: Any, size: int = CACHE_SIZE) -> None:
    """Route ``dbapi_connection``'s parameterised statements through the cache."""
    from pg8000.converters import make_params
    from pg8000.exceptions import DatabaseError

    connection = dbapi_connection
    unnamed = connection.execute_unnamed
    cache: OrderedDict[tuple[str, tuple[int, ...]], _Entry] = OrderedDict()

    def prepared(statement: str, oids: tuple[int, ...]) -> _Entry:
        key = (statement, oids)
        entry = cache.get(key)
        if entry is not None:
            cache.move_to_end(key)
            return entry
        entry = cast(_Entry, connection.prepare_statement(statement, oids))
        cache[key] = entry
        if len(cache) > size:
            _key, (oldest, _columns, _funcs) = cache.popitem(last=False)
            connection.close_prepared_statement(oldest)
        return entry

    def execute(
        statement: str, vals: Any = (), oids: Any = (), stream: Any = None
    ) -> Any:
        if stream is not None:
            return unnamed(statement, vals=vals, oids=oids, stream=stream)
        key_oids = tuple(oids or ())
        name, columns, input_funcs = prepared(statement, key_oids)
        params = make_params(connection.py_types, vals)
        try:
            return connection.execute_named(
                name, params, columns, input_funcs, statement
            )
        except DatabaseError as exc:
            if sqlstate(exc) in _STALE_STATEMENT:
                # Prepared again next time, under a new name: the old one stays
                # reserved (a statement whose result type changed still exists,
                # and an aborted transaction cannot close it now).
                cache.pop((statement, key_oids), None)
            raise

    connection.execute_simple("SET plan_cache_mode = force_custom_plan")
    connection.execute_unnamed = execute


def sqlstate(exc: Exception) -> str | None:
    """The SQLSTATE of a pg8000 error (its first argument is the server's fields)."""
    detail = exc.args[0] if exc.args else None
    return detail.get("C") if isinstance(detail, dict) else None
