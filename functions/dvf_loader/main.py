"""DVF loader: the Cloud Run job and the command line.

``python -m functions.dvf_loader load PATH_OR_URL...`` loads files (local paths,
https://, gs://; .csv, .txt, .gz, .zip) as one run with a progress bar on stderr.
``python -m functions.dvf_loader job PATH_OR_URL...`` is the Cloud Run job's
command: ``CLOUD_RUN_TASK_INDEX/COUNT`` split the files between tasks, the execution
name is the run (so tasks share it and a retried attempt resumes), the last task to
finish publishes, and a non-zero exit asks Cloud Run for a retry.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
import uuid

from common.config import get_settings
from common.dvf.chunks import CHUNK_BYTES
from common.dvf.loader import LoadOptions, run_task
from common.logging import setup_logging

logger = logging.getLogger("functions.dvf_loader")
JOB_MAX_ATTEMPTS = 4  # Cloud Run's default: the first attempt plus 3 retries


class ProgressBar:
    """Rows read and rows/s, redrawn on one stderr line at most 5 times a second."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.rows = 0
        self.started = time.monotonic()
        self._drawn = 0.0

    def __call__(self, rows: int) -> None:
        self.rows += rows
        now = time.monotonic()
        if self.enabled and now - self._drawn >= 0.2:
            self._drawn = now
            self.draw()

    def draw(self, end: str = "") -> None:
        """Write the current line."""
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.rows / elapsed
        sys.stderr.write(
            f"\rdvf load  {self.rows:>12,} rows  {rate:>10,.0f} rows/s  "
            f"{elapsed:>7.1f} s{end}"
        )
        sys.stderr.flush()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m functions.dvf_loader")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, summary in (
        ("load", "load DVF files as one run (command line)"),
        ("job", "one task of the Cloud Run job (CLOUD_RUN_TASK_* variables)"),
    ):
        command = commands.add_parser(name, help=summary)
        command.add_argument("sources", nargs="+", metavar="PATH_OR_URL")
        command.add_argument("--run-id", type=uuid.UUID, default=None)
        command.add_argument(
            "--errors", default=None, help="error report directory or gs:// prefix"
        )
        command.add_argument(
            "--chunk-bytes",
            type=int,
            default=CHUNK_BYTES,
            help="bytes of the file per chunk (one COPY and one commit each)",
        )
        command.add_argument(
            "--max-reject-ratio",
            type=float,
            default=0.05,
            help="refuse to publish when more rows than this were rejected",
        )
        command.add_argument("--no-progress", action="store_true")
    return parser


def _options(args: argparse.Namespace, progress: ProgressBar) -> LoadOptions:
    settings = get_settings()
    options = LoadOptions(
        sources=list(args.sources),
        chunk_bytes=args.chunk_bytes,
        max_reject_ratio=args.max_reject_ratio,
        report_base=args.errors,
        progress=progress,
    )
    if args.command == "job":
        execution = settings.task_execution or "local"
        options.run_id = uuid.uuid5(uuid.NAMESPACE_URL, f"dvf-load:{execution}")
        options.task_index, options.task_count = (
            settings.task_index,
            settings.task_count,
        )
        options.attempt, options.max_attempts = settings.task_attempt, JOB_MAX_ATTEMPTS
    if args.run_id is not None:
        options.run_id = args.run_id
    return options


def main(argv: list[str] | None = None) -> int:
    """Run the command; returns the exit code (non-zero asks for a retry)."""
    args = _parser().parse_args(argv)
    setup_logging()
    progress = ProgressBar(enabled=not args.no_progress and args.command == "load")
    options = _options(args, progress)
    try:
        result = run_task(options)
    except Exception:
        if progress.enabled:
            progress.draw("\n")
        logger.exception(
            "dvf load failed", extra={"fields": {"run": str(options.run_id)}}
        )
        return 1
    if progress.enabled:
        progress.draw("\n")
    logger.info(
        "dvf load task finished",
        extra={
            "fields": {
                "run_id": str(result.run_id),
                "status": result.status,
                "rows_read": result.rows_read,
                "rejected": result.rejected,
                "error_report": result.error_report,
            }
        },
    )
    return 0
