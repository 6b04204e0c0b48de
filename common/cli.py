"""Operator commands: ``python -m common.cli make-superuser EMAIL | purge-sessions``.

``make-superuser`` gives an existing user the administrator role (creating the product
profile if the user only exists in Better Auth's tables); ``purge-sessions`` deletes
expired sessions and verification values (run it from a scheduler).
"""

from __future__ import annotations

import argparse
import logging
import sys

from common.errors import AppError
from common.logging import setup_logging
from common.services import user_admin, users

logger = logging.getLogger("common.cli")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m common.cli", description="Logis operator commands."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    promote = commands.add_parser(
        "make-superuser", help="give an existing user the administrator role"
    )
    promote.add_argument("email", help="e-mail address the user signed up with")
    commands.add_parser(
        "purge-sessions", help="delete expired sessions and verification values"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the process exit code."""
    args = _parser().parse_args(argv)
    setup_logging()
    try:
        if args.command == "make-superuser":
            user_id = user_admin.make_superuser(args.email.strip().lower())
            logger.info("superuser granted", extra={"fields": {"user_id": user_id}})
        else:
            sessions, verifications = users.purge_expired()
            counts = {"sessions": sessions, "verifications": verifications}
            logger.info("expired sessions purged", extra={"fields": counts})
    except users.UserNotFound:
        sys.stderr.write(f"error: no user signed up with the e-mail {args.email}\n")
        return 1
    except AppError as exc:
        logger.error("command failed", extra={"fields": {"code": exc.code}})
        sys.stderr.write(f"error: {exc.message}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
