"""DVF loader runs: failures keep the previous data, job tasks, resume, sources, CLI."""

from __future__ import annotations

import functools
import http.server
import os
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from common.dvf import runs
from common.dvf.loader import LoadOptions, ResumeRefused, run_task
from functions.dvf_loader.main import main
from tests.integration.dvf_support import (
    EDGE_GEO,
    EDGE_RAW_OLD,
    FIXTURES,
    SAMPLE,
    gzip_copy,
    last_run,
    rows,
    scalar,
    staging_tables,
)
from tests.support import reset_process_state

pytestmark = pytest.mark.integration


def _job(
    sources: list[Path],
    run_id: uuid.UUID,
    index: int,
    attempt: int = 0,
    **extra: object,
) -> LoadOptions:
    return LoadOptions(
        [str(s) for s in sources],
        run_id=run_id,
        task_index=index,
        task_count=2,
        attempt=attempt,
        max_attempts=4,
        chunk_bytes=16_384,
        **extra,  # type: ignore[arg-type]
    )


def test_load_failure_mid_load_keeps_previous_data_and_records_failed(
    clean_db: Engine, tmp_path: Path
) -> None:
    run_task(
        LoadOptions([str(EDGE_RAW_OLD)], report_base=tmp_path, max_reject_ratio=0.5)
    )
    broken = gzip_copy(SAMPLE, tmp_path / "broken.csv.gz", keep=0.6)
    options = LoadOptions(
        [str(broken)], report_base=tmp_path, max_reject_ratio=0.5, chunk_bytes=16_384
    )
    with pytest.raises(EOFError):
        run_task(options)
    run = last_run(clean_db)
    assert run.status == "failed" and "EOFError" in run.error_message
    assert run.tasks["file:0"]["rows_read"] > 0
    assert scalar(clean_db, "SELECT count(*) FROM dvf_sales") == 3
    assert staging_tables(clean_db) == []


def test_retry_after_an_earlier_version_left_chunks_to_group_fails_the_run(
    clean_db: Engine, tmp_path: Path
) -> None:
    # given a run whose first attempt, by the version that grouped in SQL, left a
    # loaded chunk of file 0 to group (a raw table), then failed
    run_id = uuid.uuid4()
    with clean_db.begin() as connection:
        connection.exec_driver_sql(
            f'CREATE TABLE "dvf_raw__s{runs.run_key(run_id)}_0_3" (line bigint)'
        )
    options = _job([SAMPLE], run_id, 0, attempt=3, report_base=tmp_path)
    # when the retry comes: it cannot resume after those chunks without losing them
    with pytest.raises(ResumeRefused):
        run_task(options)
    # then nothing is published, the run is failed and its tables dropped
    run = last_run(clean_db)
    assert run.status == "failed" and "earlier loader version" in run.error_message
    assert staging_tables(clean_db) == []
    assert scalar(clean_db, "SELECT count(*) FROM dvf_sales") == 0


def test_job_publishes_only_when_every_task_succeeded(
    clean_db: Engine, tmp_path: Path
) -> None:
    run_task(
        LoadOptions([str(EDGE_RAW_OLD)], report_base=tmp_path, max_reject_ratio=0.5)
    )
    run_id, sources = uuid.uuid4(), [SAMPLE, EDGE_GEO]
    first = run_task(
        _job(sources, run_id, 1, report_base=tmp_path, max_reject_ratio=0.5)
    )
    assert first.status == "waiting"
    assert scalar(clean_db, "SELECT count(*) FROM dvf_sales") == 3
    second = run_task(
        _job(sources, run_id, 0, report_base=tmp_path, max_reject_ratio=0.5)
    )
    assert second.status == "published"
    assert scalar(clean_db, "SELECT count(*) FROM dvf_sales") == 693 + 13
    run = last_run(clean_db)
    assert (run.status, run.task_count, run.sales_loaded) == ("succeeded", 2, 706)
    assert run.tasks["task:0"]["status"] == run.tasks["task:1"]["status"] == "done"


def test_job_retried_task_resumes_after_last_checkpoint(
    clean_db: Engine, tmp_path: Path
) -> None:
    source = tmp_path / "sample.csv.gz"
    run_id = uuid.uuid4()
    gzip_copy(SAMPLE, source, keep=0.6)
    with pytest.raises(EOFError):
        run_task(
            _job(
                [source, EDGE_GEO],
                run_id,
                0,
                report_base=tmp_path,
                max_reject_ratio=0.5,
            )
        )
    failed = last_run(clean_db)
    assert failed.status == "running" and failed.tasks["task:0"]["status"] == "failed"
    resume_line = failed.tasks["file:0"]["line"]
    assert resume_line > 2
    gzip_copy(SAMPLE, source)
    retried = run_task(
        _job(
            [source, EDGE_GEO], run_id, 0, 1, report_base=tmp_path, max_reject_ratio=0.5
        )
    )
    assert retried.rows_read == 908 - (resume_line - 2)
    run_task(
        _job([source, EDGE_GEO], run_id, 1, report_base=tmp_path, max_reject_ratio=0.5)
    )
    assert last_run(clean_db).status == "succeeded"
    assert scalar(clean_db, "SELECT count(*) FROM dvf_sales") == 706
    split = "SELECT count(*) FROM dvf_sales WHERE quality_flags ? 'split_mutation'"
    assert scalar(clean_db, split) == 0
    assert scalar(clean_db, "SELECT count(*) FROM dvf_sale_lots") == 865 + 17


def test_job_task_of_finished_run_does_nothing(
    clean_db: Engine, tmp_path: Path
) -> None:
    run_id = uuid.uuid4()
    run_task(
        _job([EDGE_RAW_OLD], run_id, 0, report_base=tmp_path, max_reject_ratio=0.5)
    )
    run_task(
        _job([EDGE_RAW_OLD], run_id, 1, report_base=tmp_path, max_reject_ratio=0.5)
    )
    again = run_task(
        _job([EDGE_RAW_OLD], run_id, 1, 1, report_base=tmp_path, max_reject_ratio=0.5)
    )
    assert again.status == "succeeded"
    assert scalar(clean_db, "SELECT count(*) FROM dvf_sales") == 3


@pytest.fixture
def http_fixtures() -> Iterator[str]:
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(FIXTURES)
    )
    handler.log_message = lambda *_args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_load_http_source_streams_file(
    clean_db: Engine, tmp_path: Path, http_fixtures: str
) -> None:
    url = f"{http_fixtures}/{SAMPLE.name}"
    result = run_task(LoadOptions([url], report_base=tmp_path, max_reject_ratio=0.5))
    assert (result.status, result.rows_read) == ("published", 908)


def test_cli_load_exit_codes(clean_db: Engine, tmp_path: Path) -> None:
    ok = main(
        [
            "load",
            str(EDGE_RAW_OLD),
            "--no-progress",
            "--max-reject-ratio",
            "0.5",
            "--errors",
            str(tmp_path),
        ]
    )
    missing = main(["load", str(tmp_path / "absent.csv"), "--errors", str(tmp_path)])
    assert (ok, missing) == (0, 1)
    assert [
        r[0]
        for r in rows(clean_db, "SELECT status FROM dvf_load_runs ORDER BY started_at")
    ] == ["succeeded", "failed"]
    assert scalar(clean_db, "SELECT count(*) FROM dvf_sales") == 3


def test_load_mostly_rejected_file_not_published(
    clean_db: Engine, tmp_path: Path
) -> None:
    run_task(LoadOptions([str(SAMPLE)], report_base=tmp_path))
    with pytest.raises(RuntimeError, match="rows rejected"):
        run_task(LoadOptions([str(EDGE_GEO)], report_base=tmp_path))
    assert last_run(clean_db).status == "failed"
    assert scalar(clean_db, "SELECT count(*) FROM dvf_sales") == 693


def test_cli_load_within_the_jobs_two_connection_pool(
    clean_db: Engine, tmp_path: Path
) -> None:
    # given the Cloud Run job's pool: one connection and one overflow
    os.environ.update({"APP_DB_POOL_SIZE": "1", "APP_DB_MAX_OVERFLOW": "1"})
    reset_process_state()
    # when
    options = ["--no-progress", "--errors", str(tmp_path), "--max-reject-ratio", "0.5"]
    code = main(["load", str(SAMPLE), *options])
    # then
    assert code == 0
    assert scalar(clean_db, "SELECT count(*) FROM dvf_sales") == 693
