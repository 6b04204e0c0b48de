"""Database access: one engine per process, a unit-of-work session scope, the models."""

from common.db.engine import dispose_engine, get_engine, read_scope, session_scope

__all__ = ["dispose_engine", "get_engine", "read_scope", "session_scope"]
