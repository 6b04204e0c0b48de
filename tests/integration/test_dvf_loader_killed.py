"""A DVF load killed mid-run (SIGKILL) leaves the previous data serving."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine

from common.dvf.loader import LoadOptions, run_task
from tests.integration.dvf_support import (
    EDGE_RAW_OLD,
    last_run,
    repeated_sample,
    rows,
    scalar,
    staging_tables,
)

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def _wait_for_checkpoint(engine: Engine, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        found = rows(
            engine,
            "SELECT tasks FROM dvf_load_runs WHERE status = 'running' "
            "AND tasks ? 'file:0'",
        )
        if found:
            return
        time.sleep(0.02)
    raise AssertionError("the load never committed a chunk before ending")


def _start_load(source: Path, reports: Path) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "functions.dvf_loader",
        "load",
        str(source),
        "--chunk-bytes",
        "65536",
        "--no-progress",
        "--errors",
        str(reports),
    ]
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_killed_load_keeps_previous_data_and_next_run_cleans_up(
    clean_db: Engine, tmp_path: Path
) -> None:
    run_task(
        LoadOptions([str(EDGE_RAW_OLD)], report_base=tmp_path, max_reject_ratio=0.5)
    )
    process = _start_load(repeated_sample(tmp_path / "big.csv", copies=150), tmp_path)
    try:
        _wait_for_checkpoint(clean_db, process)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert scalar(clean_db, "SELECT count(*) FROM dvf_sales") == 3
    assert last_run(clean_db).status == "running"
    assert staging_tables(clean_db) != []
    run_task(
        LoadOptions([str(EDGE_RAW_OLD)], report_base=tmp_path, max_reject_ratio=0.5)
    )
    statuses = [
        r[0]
        for r in rows(clean_db, "SELECT status FROM dvf_load_runs ORDER BY started_at")
    ]
    assert statuses == ["succeeded", "abandoned", "succeeded"]
    assert staging_tables(clean_db) == []
    assert scalar(clean_db, "SELECT count(*) FROM dvf_sales") == 3
