"""The per-run error report: one JSON line per rejected row, with its line number.

Written locally under ``settings.local_storage_dir`` (or a given directory) and
appended after each committed chunk, so a resumed task never repeats a line; with a
``gs://`` target the local file is uploaded when the task ends.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from types import TracebackType
from typing import Any

from common.dvf.formats import Rejected

REPORT_DIR = "dvf-errors"


class ErrorReport:
    """Rejected rows of one task of a run."""

    def __init__(self, base: str | Path, run_id: str, task_index: int) -> None:
        self.target = str(base).rstrip("/")
        name = f"{run_id}/task-{task_index}.jsonl"
        self.location = f"{self.target}/{name}"
        local_base = Path(self.target) if not self.is_remote else Path("/tmp/dvf")
        self.path = local_base / name
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.count = 0

    @property
    def is_remote(self) -> bool:
        """Whether the report goes to Cloud Storage."""
        return self.target.startswith("gs://")

    def write(self, source: str, rejected: list[Rejected]) -> None:
        """Append the rejected rows of a committed chunk."""
        if not rejected:
            return
        records = (
            json.dumps(
                {
                    "source": source,
                    "line": item.line,
                    "reason": item.reason,
                    "detail": item.detail,
                    "raw": item.raw,
                },
                ensure_ascii=False,
            )
            + "\n"
            for item in rejected
        )
        with self.path.open("a", encoding="utf-8") as handle:
            handle.writelines(records)
        self.count += len(rejected)

    def close(self) -> None:
        """Upload the report when its target is Cloud Storage."""
        if not self.is_remote or not self.path.exists():
            return
        storage: Any = importlib.import_module("google.cloud.storage")
        bucket, _, prefix = self.location[5:].partition("/")
        storage.Client().bucket(bucket).blob(prefix).upload_from_filename(self.path)

    def __enter__(self) -> ErrorReport:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
