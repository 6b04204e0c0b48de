"""Load runs in ``dvf_load_runs``: creation, per-file checkpoints, task states, outcome.

Checkpoints live in the run's ``tasks`` JSON under ``file:<n>`` and task states under
``task:<n>``. A file's checkpoint is written by the task loading it, in the
transaction of each chunk (where to resume and what was loaded so far); tasks write
their own keys under the row's lock, so none loses another's.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass
from typing import Any

ADVISORY_LOCK_KEY = 0x44564631  # "DVF1": serialises run set-up and publication


@dataclass(slots=True)
class Checkpoint:
    """Progress of one source file: where to resume and what was loaded.

    ``offset`` counts the (decompressed) bytes read, header included (0 before
    the first chunk); ``chunks`` counts the chunks committed.
    """

    line: int = 2
    offset: int = 0
    chunks: int = 0
    sales: int = 0
    lots: int = 0
    rows_read: int = 0
    rejected: int = 0
    min_date: str | None = None
    max_date: str | None = None
    done: bool = False

    def add_sales(self, sales: int, lots: int, dates: tuple[str | None, ...]) -> None:
        """Count a chunk's sales and lots; widen the date range to its dates."""
        self.sales += sales
        self.lots += lots
        known = [d for d in (self.min_date, self.max_date, *dates) if d is not None]
        if known:
            self.min_date, self.max_date = min(known), max(known)


def run_key(run_id: uuid.UUID) -> str:
    """The 8 hex characters that name a run's staging tables."""
    return run_id.hex[:8]


def lock(cursor: Any) -> None:
    """Take the loader's advisory lock until the end of the transaction."""
    cursor.execute("SELECT pg_advisory_xact_lock(%s)", (ADVISORY_LOCK_KEY,))


def fetch(cursor: Any, run_id: uuid.UUID) -> tuple[str, dict[str, Any]] | None:
    """(status, tasks JSON) of a run, or None when it does not exist."""
    cursor.execute(
        "SELECT status, tasks FROM dvf_load_runs WHERE id = %s", (str(run_id),)
    )
    row = cursor.fetchone()
    if row is None:
        return None
    tasks = row[1] if isinstance(row[1], dict) else json.loads(row[1])
    return str(row[0]), tasks


def create(cursor: Any, run_id: uuid.UUID, sources: list[str], task_count: int) -> None:
    """Record a new running run; older runs still marked running are abandoned."""
    cursor.execute(
        "UPDATE dvf_load_runs SET status = 'abandoned', finished_at = now(), "
        "error_message = 'superseded by a newer run' WHERE status = 'running'"
    )
    cursor.execute(
        "INSERT INTO dvf_load_runs (id, status, sources, task_count, tasks, rows_read,"
        " rows_rejected, sales_loaded, lots_loaded, started_at) VALUES"
        " (%s, 'running', %s::jsonb, %s, '{}'::jsonb, 0, 0, 0, 0, now())",
        (str(run_id), json.dumps(sources), task_count),
    )


def _merge(
    cursor: Any, run_id: uuid.UUID, file_no: int, fields: str, values: tuple[Any, ...]
) -> None:
    """Merge ``fields`` (SQL of a JSON object, ``current``: the file's) into it."""
    current = f"tasks -> 'file:{int(file_no)}'"
    cursor.execute(
        f"UPDATE dvf_load_runs SET tasks = tasks || jsonb_build_object("
        f"'file:{int(file_no)}', coalesce({current}, '{{}}'::jsonb) || "
        f"{fields.format(current=current)}) WHERE id = %s",
        (*values, str(run_id)),
    )


def save_checkpoint(
    cursor: Any, run_id: uuid.UUID, file_no: int, checkpoint: Checkpoint
) -> None:
    """Store a file's checkpoint (inside the transaction of the chunk it follows)."""
    _merge(cursor, run_id, file_no, "%s::jsonb", (json.dumps(asdict(checkpoint)),))


def mark_done(cursor: Any, run_id: uuid.UUID, file_no: int) -> None:
    """Mark a file loaded and grouped (inside its last transaction)."""
    _merge(cursor, run_id, file_no, """'{{"done": true}}'::jsonb""", ())


def set_task(
    cursor: Any, run_id: uuid.UUID, task_index: int, state: dict[str, Any]
) -> None:
    """Store one task's state (done, failed with its error, attempt)."""
    cursor.execute(
        "UPDATE dvf_load_runs SET tasks = jsonb_set(tasks, %s::text[], %s::jsonb) "
        "WHERE id = %s",
        (f"{{task:{task_index}}}", json.dumps(state), str(run_id)),
    )


def checkpoint_of(tasks: dict[str, Any], file_no: int) -> Checkpoint:
    """The stored checkpoint of a file, or a fresh one."""
    stored = tasks.get(f"file:{file_no}")
    return Checkpoint(**stored) if stored else Checkpoint()


def tasks_done(tasks: dict[str, Any], task_count: int) -> bool:
    """Whether every task of the run has finished its files."""
    return all(
        tasks.get(f"task:{i}", {}).get("status") == "done" for i in range(task_count)
    )


def totals(tasks: dict[str, Any]) -> dict[str, Any]:
    """Counters and date range summed over the files' checkpoints."""
    files = [Checkpoint(**v) for k, v in tasks.items() if k.startswith("file:")]
    mins = [f.min_date for f in files if f.min_date]
    maxs = [f.max_date for f in files if f.max_date]
    return {
        "rows_read": sum(f.rows_read for f in files),
        "rows_rejected": sum(f.rejected for f in files),
        "sales_loaded": sum(f.sales for f in files),
        "lots_loaded": sum(f.lots for f in files),
        "min_date": min(mins) if mins else None,
        "max_date": max(maxs) if maxs else None,
    }


def finish(
    cursor: Any,
    run_id: uuid.UUID,
    status: str,
    tasks: dict[str, Any],
    error: str | None = None,
) -> None:
    """Record the run's outcome, counters, date range and duration."""
    t = totals(tasks)
    cursor.execute(
        "UPDATE dvf_load_runs SET status = %s, rows_read = %s, rows_rejected = %s, "
        "sales_loaded = %s, lots_loaded = %s, min_date = %s::date, "
        "max_date = %s::date, error_message = %s, finished_at = now(), "
        "duration_seconds = EXTRACT(EPOCH FROM now() - started_at) WHERE id = %s",
        (
            status, t["rows_read"], t["rows_rejected"], t["sales_loaded"],
            t["lots_loaded"], t["min_date"], t["max_date"], error, str(run_id),
        ),
    )  # fmt: skip


def set_error_report(cursor: Any, run_id: uuid.UUID, location: str) -> None:
    """Record where the run's error report is written."""
    cursor.execute(
        "UPDATE dvf_load_runs SET error_report = %s WHERE id = %s",
        (location, str(run_id)),
    )
