"""The DVF load: sources -> grouped in process -> COPY into staging -> publish.

One call of :func:`run_task` is one task of a run (the CLI is a run of one task; a
Cloud Run job has ``task_count`` tasks sharing the run and its staging tables). Each
task loads its share of the files (file ``n`` goes to task ``n % task_count``) in
chunks (:mod:`common.dvf.fileload`): a chunk's sales and lots commit with the file's
resume point, so a retried task resumes after its last committed chunk. A task loads
on one connection; the last task to finish publishes (indexes, swap) under an
advisory lock, with one more connection for the index builds (the pool must allow
two). A failure leaves the live tables untouched.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from common.db import get_engine
from common.dvf import runs, staging
from common.dvf.chunks import CHUNK_BYTES
from common.dvf.fileload import FileLoad
from common.dvf.reports import REPORT_DIR, ErrorReport
from common.dvf.sources import display_name, open_bytes

logger = logging.getLogger("common.dvf.loader")


class ResumeRefused(RuntimeError):
    """A task cannot resume the run where an earlier version left it."""


@dataclass(slots=True)
class LoadOptions:
    """What one task loads and how."""

    sources: list[str]
    run_id: uuid.UUID = field(default_factory=uuid.uuid4)
    task_index: int = 0
    task_count: int = 1
    attempt: int = 0
    max_attempts: int = 1
    chunk_bytes: int = CHUNK_BYTES
    max_reject_ratio: float = 0.05
    report_base: str | Path | None = None
    progress: Callable[[int], None] | None = None


@dataclass(slots=True)
class TaskResult:
    """Outcome of one task: ``published``, ``waiting`` (others still loading) or
    the run's final status when it had already ended."""

    run_id: uuid.UUID
    status: str
    rows_read: int = 0
    rejected: int = 0
    error_report: str | None = None


def run_task(options: LoadOptions, *, engine: Engine | None = None) -> TaskResult:
    """Run one task of a load; raises (after recording the failure) on any error."""
    from common.config import get_settings

    engine = engine or get_engine()
    raw: Any = engine.raw_connection()
    base = options.report_base or get_settings().local_storage_dir / REPORT_DIR
    try:
        cursor = raw.cursor()
        status = _join_run(raw, cursor, options)
        if status != "running":
            return TaskResult(options.run_id, status)
        report = ErrorReport(base, str(options.run_id), options.task_index)
        result = TaskResult(options.run_id, "waiting", error_report=report.location)
        try:
            with report:
                runs.set_error_report(cursor, options.run_id, str(base))
                raw.commit()
                for file_no, source in enumerate(options.sources):
                    if file_no % options.task_count == options.task_index:
                        _load_file(
                            raw,
                            cursor,
                            options,
                            file_no,
                            source,
                            report,
                            result,
                        )
            result.status = _complete_task(raw, cursor, options, engine)
        except BaseException as exc:
            _record_failure(raw, options, exc)
            raise
        return result
    finally:
        raw.close()


def _join_run(raw: Any, cursor: Any, options: LoadOptions) -> str:
    key = runs.run_key(options.run_id)
    runs.lock(cursor)
    found = runs.fetch(cursor, options.run_id)
    if found is None:
        sources = [display_name(s) for s in options.sources]
        runs.create(cursor, options.run_id, sources, options.task_count)
        staging.drop_stale_staging(cursor, keep=key)
        status = "running"
    else:
        status = found[0]
    if status == "running":
        staging.create_staging(cursor, key)
    raw.commit()
    return status


def _load_file(
    raw: Any,
    cursor: Any,
    options: LoadOptions,
    file_no: int,
    source: str,
    report: ErrorReport,
    result: TaskResult,
) -> None:
    found = runs.fetch(cursor, options.run_id)
    raw.commit()
    checkpoint = runs.checkpoint_of(found[1] if found else {}, file_no)
    if checkpoint.done:
        return
    key = runs.run_key(options.run_id)
    if staging.pending_raw_chunks(cursor, key, file_no):
        # Resuming after them would publish without their sales: fail the run.
        raise ResumeRefused(
            f"{display_name(source)}: chunks loaded by an earlier loader version are "
            "still to group; start a new run"
        )
    load = FileLoad(
        raw, options.run_id, file_no, display_name(source),
        staging.staging_names(key), checkpoint, report, options.progress,
    )  # fmt: skip
    try:
        with open_bytes(source) as stream:
            load.run(stream, options.chunk_bytes)
    finally:
        result.rows_read += load.rows_read
        result.rejected += load.rejected


def _complete_task(raw: Any, cursor: Any, options: LoadOptions, engine: Engine) -> str:
    runs.lock(cursor)
    found = runs.fetch(cursor, options.run_id)
    if found is None or found[0] != "running":
        raw.commit()
        return found[0] if found else "missing"
    state = {"status": "done", "attempt": options.attempt}
    runs.set_task(cursor, options.run_id, options.task_index, state)
    tasks = {**found[1], f"task:{options.task_index}": state}
    raw.commit()
    if not runs.tasks_done(tasks, options.task_count):
        return "waiting"
    from common.dvf.publish import publish

    return publish(
        raw, cursor, options.run_id, options.max_reject_ratio, engine.raw_connection
    )


def _record_failure(raw: Any, options: LoadOptions, exc: BaseException) -> None:
    message = f"{type(exc).__name__}: {exc}"[:1000]
    logger.error(
        "dvf load task failed",
        extra={"fields": {"run_id": str(options.run_id), "error": message}},
    )
    try:
        raw.rollback()
        cursor = raw.cursor()
        runs.lock(cursor)
        found = runs.fetch(cursor, options.run_id)
        state = {"status": "failed", "attempt": options.attempt, "error": message}
        runs.set_task(cursor, options.run_id, options.task_index, state)
        if (
            found
            and found[0] == "running"
            and options.attempt + 1 >= options.max_attempts
        ):
            runs.finish(cursor, options.run_id, "failed", found[1], message)
            staging.drop_staging(cursor, runs.run_key(options.run_id))
        raw.commit()
    except Exception:  # the database itself may be what failed
        logger.exception("dvf load failure not recorded")
