"""Command line of the local stack: ``python -m common.local up|down|status``.

``up`` starts the embedded PostgreSQL (or uses ``APP_DATABASE_URL`` when you set it),
migrates, loads a DVF sample when a loader exists, then serves the collection on
``APP_PORT`` (8080) until interrupted. The database keeps running after ``up`` exits,
so the next start is instant: ``down`` stops it, ``status`` shows it.

Events: the event functions are subscribed to the in-process bus (``common.local.bus``)
by their trigger in ``common.triggers``; its worker threads post them CloudEvents
(structured mode, or binary with ``--event-mode binary``) and stop on shutdown once
their in-flight deliveries are done.

Redis: with no ``APP_REDIS_URL`` it is disabled (cache misses, rate limits fail open),
even if a Redis answers on 127.0.0.1:6379; set ``APP_REDIS_URL`` to use one.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import json
import logging
import os
import signal
import sys
from typing import TYPE_CHECKING

from common.config import get_settings
from common.db import dispose_engine
from common.local.postgres import EmbeddedPostgresUnavailable, embedded_cluster
from common.logging import setup_logging

if TYPE_CHECKING:
    from common.local.cloud_events import DeliveryMode

logger = logging.getLogger("common.local")
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
STOPPED = "local stack stopped (postgres keeps running: python -m common.local down)"
DVF_SAMPLE_MODULE = "common.dvf.sample"  # contract: load_sample() -> rows loaded


def up(host: str, port: int, event_mode: DeliveryMode = "structured") -> None:
    """Database, migrations, DVF sample, then serve until interrupted."""
    from werkzeug.serving import run_simple

    from common.db.migrate import upgrade
    from common.local.bus import get_local_bus
    from common.local.functions import mount_event_functions
    from common.local.server import LocalStack, mount_functions

    os.environ.setdefault("APP_PUBLIC_BASE_URL", f"http://{host}:{port}")
    get_settings.cache_clear()
    setup_logging()
    _prepare_database()
    upgrade()
    logger.info("migrations applied")
    _load_dvf_sample()
    bus = get_local_bus()
    events = mount_event_functions(bus, mode=event_mode)
    stack = LocalStack(mount_functions(), event_functions=events)
    logger.info(
        "local stack listening",
        extra={
            "fields": {
                "url": f"http://{host}:{port}",
                "functions": {f.name: list(f.prefixes) for f in stack.functions},
                "event_functions": [f.describe() for f in events],
                "redis": "enabled" if get_settings().redis_url else "disabled",
            }
        },
    )
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # we log each request
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops as cleanly as Ctrl-C
    bus.start()
    try:
        run_simple(host, port, stack, threaded=True, use_reloader=False)
    finally:
        bus.stop()
    logger.info(STOPPED)


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _prepare_database() -> None:
    settings = get_settings()
    if "database_url" in settings.model_fields_set or (
        settings.db_instance_connection_name
    ):
        logger.info("using the configured database, no embedded cluster")
        return
    url = embedded_cluster().start()
    logger.info("embedded postgresql ready", extra={"fields": {"port": _port(url)}})
    os.environ["APP_DATABASE_URL"] = url
    get_settings.cache_clear()
    dispose_engine()


def _port(url: str) -> int | None:
    from sqlalchemy.engine import make_url

    return make_url(url).port


def _load_dvf_sample() -> None:
    try:
        module = importlib.import_module(DVF_SAMPLE_MODULE)
    except ModuleNotFoundError as exc:
        missing = exc.name or ""
        if not (
            missing == DVF_SAMPLE_MODULE or DVF_SAMPLE_MODULE.startswith(missing + ".")
        ):
            raise
        logger.info("no dvf sample loader yet, skipped")
        return
    rows = module.load_sample()
    logger.info("dvf sample loaded", extra={"fields": {"rows": rows}})


def down() -> None:
    """Stop the embedded cluster if it runs."""
    stopped = embedded_cluster().stop()
    _write({"stopped": stopped})


def status() -> None:
    """Print the embedded cluster's state as JSON."""
    state = dataclasses.asdict(embedded_cluster().status())
    state["database_url_override"] = "APP_DATABASE_URL" in os.environ
    _write(state)


def _write(payload: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(payload, default=str, indent=2) + "\n")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m common.local")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("up", help="start the database and serve the functions")
    serve.add_argument("--host", default=DEFAULT_HOST)
    serve.add_argument(
        "--port", type=int, default=int(os.environ.get("APP_PORT", DEFAULT_PORT))
    )
    serve.add_argument(
        "--event-mode",
        choices=["structured", "binary"],
        default="structured",
        help="CloudEvents HTTP content mode of the local bus's deliveries",
    )
    commands.add_parser("down", help="stop the embedded PostgreSQL")
    commands.add_parser("status", help="show the embedded PostgreSQL")
    args = parser.parse_args(argv)
    try:
        if args.command == "up":
            up(args.host, args.port, args.event_mode)
        elif args.command == "down":
            down()
        else:
            status()
    except EmbeddedPostgresUnavailable as exc:
        sys.stderr.write(f"embedded PostgreSQL unavailable: {exc}\n")
        return 2
    except KeyboardInterrupt:
        logger.info(STOPPED)
    return 0


if __name__ == "__main__":
    sys.exit(main())
