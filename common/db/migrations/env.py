"""Alembic environment: migrates the database the settings point at."""

from __future__ import annotations

from alembic import context

from common.db.engine import get_engine
from common.db.models import Base


def run_migrations_online() -> None:
    """Run the migrations in one transaction on the application's engine."""
    with get_engine().connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            compare_type=True,
            transaction_per_migration=True,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
