"""Alembic migrations on a brand-new database: upgrade, downgrade, drift from models."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Integer, MetaData, create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from common.db import dispose_engine, get_engine
from common.db.migrate import alembic_config, upgrade
from common.db.models import Base
from tests.support import reset_process_state

pytestmark = pytest.mark.integration


@pytest.fixture
def empty_database(environment: dict[str, str]) -> Iterator[str]:
    """A new, empty database next to the test database; dropped afterwards."""
    base_url = make_url(environment["APP_DATABASE_URL"])
    name = f"{base_url.database}_mig_{uuid.uuid4().hex[:8]}"
    admin = create_engine(
        base_url.set(database="postgres"),
        isolation_level="AUTOCOMMIT",
        poolclass=NullPool,
    )
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = base_url.set(database=name).render_as_string(hide_password=False)
    os.environ["APP_DATABASE_URL"] = url
    reset_process_state()
    try:
        yield url
    finally:
        dispose_engine()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _tables() -> set[str]:
    return set(inspect(get_engine()).get_table_names())


def _current_revision() -> str | None:
    with get_engine().connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def test_upgrade_head_on_empty_database_creates_every_table(
    empty_database: str,
) -> None:
    upgrade()

    assert set(Base.metadata.tables) <= _tables()
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert _current_revision() == head


def test_downgrade_to_base_then_upgrade_again_round_trips(
    empty_database: str,
) -> None:
    # given
    upgrade()

    # when
    command.downgrade(alembic_config(), "base")

    # then
    assert _tables() <= {"alembic_version"}
    assert _current_revision() is None
    upgrade()
    assert set(Base.metadata.tables) <= _tables()


def test_models_match_migrated_schema_without_drift(empty_database: str) -> None:
    upgrade()

    with get_engine().connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)

    assert differences == []


def test_drift_check_detects_a_column_missing_from_migrations(
    empty_database: str,
) -> None:
    upgrade()
    drifted = MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.tables.values():
        table.to_metadata(drifted)
    drifted.tables["properties"].append_column(Column("not_migrated", Integer))

    with get_engine().connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, drifted)

    assert [(d[0], d[3].name) for d in differences] == [("add_column", "not_migrated")]
