"""One source file of a task: chunks COPYed on one connection, grouped on others.

Chunks end between two mutations (:func:`common.dvf.chunks.read_chunks`), so each
can be grouped alone. The copier (the task's connection) loads a chunk into a raw
table of its own and commits it with the file's resume point (line, byte offset);
its malformed lines then go to the error report. Grouper threads, each on its own
connection, take the raw tables in turn and commit each chunk's sales and lots
together with the raw table's drop and the file's counters. PostgreSQL parses and
groups on separate cores at once. A retried task first groups the raw tables a
failed attempt left, then resumes at the byte offset; the file is marked done once
its last chunk is grouped.
"""

from __future__ import annotations

import io
import queue
import threading
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from common.dvf import grouping, rawtable, runs
from common.dvf.chunks import (
    Chunk,
    FileFormat,
    load_chunk,
    prefetched,
    read_chunks,
)
from common.dvf.formats import Position, detect
from common.dvf.reports import ErrorReport

SKIP_BLOCK = 1 << 20
Connect = Callable[[], Any]


@dataclass(slots=True)
class FileLoad:
    """The load of file ``file_no`` of a run by one task."""

    connection: Any
    connect: Connect
    run_id: Any
    run_key: str
    file_no: int
    source: str
    tables: tuple[str, str]
    checkpoint: runs.Checkpoint
    report: ErrorReport
    progress: Callable[[int], None] | None = None
    rows_read: int = 0
    rejected: int = 0

    def run(self, stream: io.BufferedIOBase, chunk_bytes: int, groupers: int) -> None:
        """Load the file from its checkpoint to its end."""
        cursor = self.connection.cursor()
        waiting = rawtable.waiting(cursor, self.run_key, self.file_no)
        self.connection.commit()
        file_format, start = _open(stream, self.checkpoint.offset)
        with Groupers(self, groupers) as pool:
            for table in waiting:
                pool.put(table)
            if file_format is not None:
                cut = read_chunks(stream, start, chunk_bytes, file_format)
                with closing(prefetched(cut)) as chunks:
                    position = Position(self.checkpoint.line)
                    for chunk in chunks:
                        pool.put(self._copy(cursor, chunk, file_format, position))
        runs.mark_done(cursor, self.run_id, self.file_no)
        self.connection.commit()

    def _copy(
        self, cursor: Any, chunk: Chunk, file_format: FileFormat, position: Position
    ) -> str:
        checkpoint = self.checkpoint
        table = rawtable.raw_name(self.run_key, self.file_no, checkpoint.chunks)
        rawtable.create(cursor, table)
        rejected = load_chunk(cursor, table, chunk, file_format, position)
        rows = position.line - checkpoint.line
        checkpoint.line, checkpoint.offset = position.line, chunk.end
        checkpoint.chunks += 1
        checkpoint.rows_read += rows
        checkpoint.rejected += len(rejected)
        runs.save_copied(cursor, self.run_id, self.file_no, checkpoint)
        self.connection.commit()
        self.report.write(self.source, rejected)
        self.rows_read += rows
        self.rejected += len(rejected)
        if self.progress is not None:
            self.progress(rows)
        return table

    def group(self, connection: Any, table: str) -> None:
        """Group one chunk's raw table into the staging tables and drop it."""
        cursor = connection.cursor()
        grouped = grouping.group_rows(cursor, table, self.tables, self.file_no)
        rawtable.drop(cursor, table)
        counts = (grouped.sales, grouped.lots)
        dates = (grouped.min_date, grouped.max_date)
        runs.add_grouped(cursor, self.run_id, self.file_no, counts, dates)
        connection.commit()


@dataclass
class Groupers:
    """Threads grouping a file's chunks, each on its own connection.

    ``put`` waits while as many chunks as threads are queued (memory and the
    raw tables stay bounded); leaving the block waits for the queue to drain and
    raises the first failure, copier's or groupers'.
    """

    load: FileLoad
    count: int
    _queue: queue.Queue[str | None] = field(init=False)
    _threads: list[threading.Thread] = field(init=False, default_factory=list)
    _errors: list[BaseException] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self._queue = queue.Queue(maxsize=self.count)

    def put(self, table: str) -> None:
        """Queue a raw table for grouping."""
        self._raise_if_failed()
        self._queue.put(table)

    def _raise_if_failed(self) -> None:
        if self._errors:
            raise self._errors[0]

    def _work(self) -> None:
        connection = self.load.connect()
        try:
            while (table := self._queue.get()) is not None:
                if not self._errors:
                    self.load.group(connection, table)
        except BaseException as exc:  # handed to the copier
            self._errors.append(exc)
            connection.rollback()
            while self._queue.get() is not None:
                continue
        finally:
            connection.close()

    def __enter__(self) -> Groupers:
        for number in range(self.count):
            thread = threading.Thread(target=self._work, name=f"dvf-group-{number}")
            thread.start()
            self._threads.append(thread)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if error is not None:
            self._errors.append(error)
        for _thread in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            thread.join()
        if error is None:
            self._raise_if_failed()


def _open(stream: io.BufferedIOBase, offset: int) -> tuple[FileFormat | None, int]:
    """The file's format (None when it is empty) and where its next chunk starts."""
    header = stream.readline()
    if not header:
        return None, 0
    name, parser, delimiter = detect(header.decode("utf-8-sig", errors="replace"))
    start = max(offset, len(header))
    to_skip = start - len(header)
    while to_skip > 0:
        skipped = len(stream.read(min(to_skip, SKIP_BLOCK)))
        if not skipped:
            break
        to_skip -= skipped
    return FileFormat(parser, delimiter, copyable=name == "etalab"), start
