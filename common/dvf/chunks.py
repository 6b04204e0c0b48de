"""Chunks of one file: encoded on the parsing thread, COPYed by a writer thread.

A chunk's two COPYs and its checkpoint commit in one transaction, then its rejected
rows are appended to the error report. The writer thread overlaps the database's
work with the parsing of the next chunk; at most one chunk waits for it, so memory
stays bounded by about three chunks whatever the file size.
"""

from __future__ import annotations

import dataclasses
import queue
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any

from common.dvf import runs
from common.dvf.copytext import (
    LOT_COLUMNS,
    SALE_COLUMNS,
    CopyBuffer,
    lot_line,
    sale_line,
)
from common.dvf.grouping import Sale
from common.dvf.reports import ErrorReport

ID_SHIFT = 36  # ids are (file number + 1) << 36 | sequence: unique across tasks


@dataclasses.dataclass(slots=True)
class _Chunk:
    sales: list[bytes]
    lots: list[bytes]
    checkpoint: runs.Checkpoint
    rejected: list[str]
    rows: int


class ChunkWriter:
    """Encodes sales into the current chunk and commits chunks in the background."""

    def __init__(
        self,
        raw: Any,
        run_id: Any,
        file_no: int,
        tables: tuple[str, str],
        report: ErrorReport,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.raw, self.run_id, self.file_no, self.tables = raw, run_id, file_no, tables
        self.report, self.progress = report, progress
        self.base = (file_no + 1) << ID_SHIFT
        self.sales, self.lots = CopyBuffer(), CopyBuffer()
        self.last_line = 1
        self._queue: queue.Queue[_Chunk | None] = queue.Queue(maxsize=1)
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._write, name="dvf-copy", daemon=True
        )
        self._thread.start()

    def add(self, sale: Sale, checkpoint: runs.Checkpoint) -> None:
        """Encode one sale and its lots; advance the checkpoint's counters."""
        sale_id = self.base + checkpoint.sales
        checkpoint.sales += 1
        self.sales.add(sale_line(sale_id, sale))
        for lot in sale.lots:
            self.lots.add(lot_line(self.base + checkpoint.lots, sale_id, lot))
            checkpoint.lots += 1
        day = sale.date_mutation.isoformat()
        if checkpoint.min_date is None or day < checkpoint.min_date:
            checkpoint.min_date = day
        if checkpoint.max_date is None or day > checkpoint.max_date:
            checkpoint.max_date = day
        self.last_line = max(self.last_line, sale.last_line)

    def flush(self, checkpoint: runs.Checkpoint, resume: int) -> int:
        """Hand the chunk to the writer (checkpoint ``resume``); rows it covers."""
        self._raise_if_failed()
        previous = checkpoint.line
        checkpoint.line = max(resume, previous)
        rows = checkpoint.line - previous
        checkpoint.rows_read += rows
        chunk = _Chunk(
            list(self.sales.blocks()), list(self.lots.blocks()),
            dataclasses.replace(checkpoint), self.report.take(), rows,
        )  # fmt: skip
        while self._thread.is_alive():
            try:
                self._queue.put(chunk, timeout=0.5)
                return rows
            except queue.Full:
                continue
        self._raise_if_failed()
        raise RuntimeError("dvf copy writer stopped")

    def _raise_if_failed(self) -> None:
        if self._error is not None:
            raise self._error

    def _write(self) -> None:
        cursor = self.raw.cursor()
        while (chunk := self._queue.get()) is not None:
            if self._error is not None:
                continue
            try:
                self._commit(cursor, chunk)
            except BaseException as exc:  # handed to the parsing thread
                self._error = exc

    def _commit(self, cursor: Any, chunk: _Chunk) -> None:
        sales_table, lots_table = self.tables
        if chunk.sales:
            cursor.execute(
                f'COPY "{sales_table}" ({SALE_COLUMNS}) FROM STDIN',
                stream=iter(chunk.sales),
            )
        if chunk.lots:
            cursor.execute(
                f'COPY "{lots_table}" ({LOT_COLUMNS}) FROM STDIN',
                stream=iter(chunk.lots),
            )
        runs.save_checkpoint(cursor, self.run_id, self.file_no, chunk.checkpoint)
        self.raw.commit()
        self.report.write(chunk.rejected)
        if self.progress is not None:
            self.progress(chunk.rows)

    def __enter__(self) -> ChunkWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._queue.put(None)
        self._thread.join()
        if error is None:
            self._raise_if_failed()
