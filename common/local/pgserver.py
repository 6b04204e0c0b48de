"""Fallback embedded PostgreSQL on the ``pgserver`` wheel, used only if installed.

``pgserver`` is not a project requirement (see ``common.local.postgres`` for why the
machine's ``pg_ctl`` is preferred). It listens on a Unix socket only, and stops the
server when the process that started it exits. It is refused when running as root.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Any

from common.config import PROJECT_ROOT
from common.local.postgres import (
    DEFAULT_DATABASE,
    ClusterStatus,
    EmbeddedPostgresUnavailable,
    ensure_database,
    postmaster_pid,
)

PGSERVER_ROOT = PROJECT_ROOT / ".local" / "pgserver"


class PgServerCluster:
    """Fallback on the ``pgserver`` wheel (Unix socket only; stops with the process)."""

    def __init__(
        self, root: Path = PGSERVER_ROOT, database: str = DEFAULT_DATABASE
    ) -> None:
        self.root, self.database = root, database
        self._server: Any = None

    def start(self) -> str:
        """Start through ``pgserver.get_server``; the server stops when we exit."""
        if os.geteuid() == 0:
            raise EmbeddedPostgresUnavailable(
                "As root, pgserver would create an OS user and loosen the permissions "
                "of parent directories; it is not used. Install the PostgreSQL server "
                "package (pg_ctl, initdb) or set APP_DATABASE_URL."
            )
        pgserver = importlib.import_module("pgserver")
        self.root.parent.mkdir(parents=True, exist_ok=True)
        self._server = pgserver.get_server(self.root, cleanup_mode="stop")
        url = self._url()
        ensure_database(url)
        return url

    def stop(self) -> bool:
        """Stop the server if one runs on our data folder."""
        if not self.status().running:
            return False
        pgserver = importlib.import_module("pgserver")
        pgserver.get_server(self.root, cleanup_mode="stop").cleanup()
        return True

    def status(self) -> ClusterStatus:
        """Running when ``postmaster.pid`` names a live process."""
        pid = postmaster_pid(self.root)
        running = pid is not None and _process_alive(pid)
        url = self._url() if running else ""
        return ClusterStatus("pgserver", running, pid, self.root, url)

    def _url(self) -> str:
        lines = (self.root / "postmaster.pid").read_text().splitlines()
        port, socket_dir = lines[3].strip(), lines[4].strip()
        sock = f"{socket_dir}/.s.PGSQL.{port}"
        return f"postgresql+pg8000://postgres@/{self.database}?unix_sock={sock}"


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
