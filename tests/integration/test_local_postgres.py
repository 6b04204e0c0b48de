"""The embedded PostgreSQL of the local stack, in a temporary folder on a free port."""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from common.local.postgres import (
    Cluster,
    EmbeddedPostgresUnavailable,
    PgCtlCluster,
    find_postgres_bin,
)

pytestmark = pytest.mark.integration
DATABASE = "logis_embedded"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def cluster_root() -> Iterator[Path]:
    base = Path(tempfile.mkdtemp(prefix="logis-pg-"))
    # As root the cluster runs as `postgres`, which must be able to enter the folder.
    base.chmod(0o755)
    try:
        yield base / "cluster"
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def cluster(cluster_root: Path) -> Iterator[Cluster]:
    bin_dir = find_postgres_bin()
    embedded: Cluster
    if bin_dir is not None:
        embedded = PgCtlCluster(
            cluster_root, port=_free_port(), database=DATABASE, bin_dir=bin_dir
        )
    elif importlib.util.find_spec("pgserver") is not None:
        from common.local.pgserver import PgServerCluster

        embedded = PgServerCluster(cluster_root, database=DATABASE)
    else:
        pytest.skip(
            "no pg_ctl/initdb (PATH, /usr/lib/postgresql/*/bin) and no pgserver wheel"
        )
    try:
        yield embedded
    finally:
        embedded.stop()


@pytest.fixture
def pg_ctl_cluster(cluster: Cluster) -> PgCtlCluster:
    if not isinstance(cluster, PgCtlCluster):
        pytest.skip("this behaviour belongs to the pg_ctl cluster")
    return cluster


def _scalar(url: str, sql: str) -> object:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return connection.execute(text(sql)).scalar()
    finally:
        engine.dispose()


def test_embedded_postgres_start_on_fresh_folder_serves_the_database(
    cluster: Cluster,
) -> None:
    url = cluster.start()

    assert _scalar(url, "SELECT current_database()") == DATABASE
    status = cluster.status()
    assert status.running
    assert status.pid is not None


def test_embedded_postgres_start_when_running_is_idempotent(cluster: Cluster) -> None:
    first_url = cluster.start()
    first_pid = cluster.status().pid

    second_url = cluster.start()

    assert second_url == first_url
    assert cluster.status().pid == first_pid


def test_embedded_postgres_stop_when_running_stops_once(cluster: Cluster) -> None:
    cluster.start()

    assert cluster.stop() is True
    assert cluster.stop() is False
    assert cluster.status().running is False


def test_embedded_postgres_restart_keeps_data(cluster: Cluster) -> None:
    # given
    url = cluster.start()
    engine = create_engine(url, poolclass=NullPool)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE kept (value int)"))
        connection.execute(text("INSERT INTO kept VALUES (42)"))
    engine.dispose()
    cluster.stop()

    # when
    url = cluster.start()

    # then
    assert _scalar(url, "SELECT value FROM kept") == 42


def test_embedded_postgres_listens_on_loopback_only(
    pg_ctl_cluster: PgCtlCluster,
) -> None:
    url = pg_ctl_cluster.start()

    assert _scalar(url, "SHOW listen_addresses") == "127.0.0.1"
    assert _scalar(url, "SHOW port") == str(pg_ctl_cluster.port)


def test_embedded_postgres_port_taken_refuses_with_clear_message(
    pg_ctl_cluster: PgCtlCluster,
) -> None:
    with socket.socket() as squatter:
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        squatter.bind(("127.0.0.1", pg_ctl_cluster.port))
        squatter.listen()

        with pytest.raises(EmbeddedPostgresUnavailable, match="used by another"):
            pg_ctl_cluster.start()


@pytest.mark.skipif(os.geteuid() != 0, reason="ownership changes only as root")
def test_embedded_postgres_as_root_runs_as_postgres_user(
    pg_ctl_cluster: PgCtlCluster, cluster_root: Path
) -> None:
    import pwd

    pg_ctl_cluster.start()

    owner = pwd.getpwuid(pg_ctl_cluster.data_dir.stat().st_uid).pw_name
    assert owner == "postgres"
    assert cluster_root.parent.stat().st_mode & 0o777 == 0o755  # untouched
