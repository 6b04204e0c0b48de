"""Shared fixtures: environment isolation, the test database, Redis, function apps."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session
from tenacity import retry, stop_after_delay, wait_fixed

from tests.support import reset_process_state

DEFAULT_TEST_DB = "postgresql+pg8000://postgres@127.0.0.1:5432/logis_test"
TEST_REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
TEST_SECRET = secrets.token_urlsafe(48)
PRODUCT_TABLES = (
    "processed_events, dvf_load_runs, dvf_sale_lots, dvf_sales, ba_verification, "
    "ba_account, ba_session, ba_user"
)


def _base_environment() -> dict[str, str]:
    return {
        "APP_ENV": "test",
        "APP_DATABASE_URL": os.environ.get("APP_DATABASE_URL", DEFAULT_TEST_DB),
        "APP_REDIS_URL": TEST_REDIS,
        "APP_AUTH_SECRET": TEST_SECRET,
        "APP_PUBLIC_BASE_URL": "http://testserver.local",
        "APP_CORS_ORIGINS": "http://app.example.test",
    }


@pytest.fixture(autouse=True)
def environment(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A clean, known environment per test; caches of settings and clients reset."""
    saved = dict(os.environ)
    os.environ.update(_base_environment())
    os.environ["APP_LOCAL_STORAGE_DIR"] = str(tmp_path / "storage")
    reset_process_state()
    try:
        yield dict(os.environ)
    finally:
        os.environ.clear()
        os.environ.update(saved)
        reset_process_state()


@retry(stop=stop_after_delay(30), wait=wait_fixed(0.5), reraise=True)
def _wait_for_postgres(admin: Engine) -> None:
    with admin.connect() as connection:
        connection.execute(text("SELECT 1"))


@pytest.fixture(scope="session")
def migrated_database() -> str:
    """Create the test database if needed and migrate it to head, once per run."""
    url = make_url(os.environ.get("APP_DATABASE_URL", DEFAULT_TEST_DB))
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    _wait_for_postgres(admin)
    with admin.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"),
            {"name": url.database},
        ).scalar()
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()
    previous = dict(os.environ)
    os.environ.update(_base_environment())
    reset_process_state()
    try:
        from common.db.migrate import upgrade

        upgrade()
    finally:
        reset_process_state()
        os.environ.clear()
        os.environ.update(previous)
    return url.render_as_string(hide_password=False)


@pytest.fixture
def engine(migrated_database: str) -> Iterator[Engine]:
    """The application's own engine on the migrated test database."""
    from common.db import get_engine

    yield get_engine()


@pytest.fixture
def clean_db(engine: Engine) -> Iterator[Engine]:
    """Tests that commit through the app: every table emptied afterwards."""
    yield engine
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {PRODUCT_TABLES} CASCADE"))


@pytest.fixture
def db_session(engine: Engine) -> Iterator[Session]:
    """A session inside an outer transaction that is rolled back (savepoints inside)."""
    with engine.connect() as connection:
        outer = connection.begin()
        session = Session(
            bind=connection,
            join_transaction_mode="create_savepoint",
            expire_on_commit=False,
        )
        try:
            yield session
        finally:
            session.close()
            outer.rollback()


@pytest.fixture
def redis_flushed() -> Iterator[Any]:
    """The test Redis database, emptied before and after."""
    import redis

    client = redis.Redis.from_url(TEST_REDIS)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture
def redis_down(environment: dict[str, str]) -> None:
    """Point the app at a Redis port where nothing listens (an outage)."""
    os.environ["APP_REDIS_URL"] = "redis://127.0.0.1:1/0"
    reset_process_state()
