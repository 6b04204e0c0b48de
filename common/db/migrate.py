"""Apply or create migrations: ``python -m common.db.migrate [upgrade|revision MSG]``.

Run by ``make run``, ``make test`` and the deploy pipeline; never at function start.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    """An Alembic configuration that needs no alembic.ini."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade(revision: str = "head") -> None:
    """Bring the configured database to ``revision``."""
    command.upgrade(alembic_config(), revision)


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m common.db.migrate")
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser("upgrade").add_argument("revision", nargs="?", default="head")
    sub.add_parser("downgrade").add_argument("revision")
    sub.add_parser("revision").add_argument("message")
    args = parser.parse_args(argv)
    if args.action == "upgrade":
        upgrade(args.revision)
    elif args.action == "downgrade":
        command.downgrade(alembic_config(), args.revision)
    else:
        command.revision(alembic_config(), message=args.message, autogenerate=True)


if __name__ == "__main__":
    main()
