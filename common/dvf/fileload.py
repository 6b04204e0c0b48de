"""One source file of a task: chunks grouped in process, COPYed into the staging tables.

Chunks end between two mutations (:func:`common.dvf.chunks.read_chunks`), so each
can be grouped alone. A background thread groups the next chunk (the native grouper
releases the GIL) while the task's connection COPYs the previous chunk's sales and
lots into the staging tables and commits them with the file's resume point (line,
byte offset) and counters: a retried task resumes after its last committed chunk.
The chunk's malformed lines then go to the error report. The file is marked done with
its last chunk.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from typing import Any

from common.dvf import grouper, runs
from common.dvf.chunks import (
    Chunk,
    FileFormat,
    group_chunk,
    prefetched,
    read_chunks,
)
from common.dvf.formats import Position, Rejected, detect
from common.dvf.reports import ErrorReport

SKIP_BLOCK = 1 << 20
SEND_BLOCK = 1 << 20


@dataclass(frozen=True, slots=True)
class Prepared:
    """A chunk grouped, waiting for its COPY."""

    chunk: Chunk
    next_line: int
    rejected: list[Rejected]
    grouped: grouper.Grouped


@dataclass(slots=True)
class FileLoad:
    """The load of file ``file_no`` of a run by one task."""

    connection: Any
    run_id: Any
    file_no: int
    source: str
    tables: tuple[str, str]
    checkpoint: runs.Checkpoint
    report: ErrorReport
    progress: Callable[[int], None] | None = None
    rows_read: int = 0
    rejected: int = 0

    def run(self, stream: io.BufferedIOBase, chunk_bytes: int) -> None:
        """Load the file from its checkpoint to its end."""
        cursor = self.connection.cursor()
        file_format, start = _open(stream, self.checkpoint.offset)
        if file_format is not None:
            cut = read_chunks(stream, start, chunk_bytes, file_format)
            with closing(prefetched(cut)) as chunks:
                position = Position(self.checkpoint.line)
                base = grouper.base_id(self.file_no)
                grouped = _grouped(chunks, file_format, position, base)
                with closing(prefetched(grouped)) as ready:
                    for prepared in ready:
                        self._store(cursor, prepared)
        runs.mark_done(cursor, self.run_id, self.file_no)
        self.connection.commit()

    def _store(self, cursor: Any, prepared: Prepared) -> None:
        grouped, checkpoint = prepared.grouped, self.checkpoint
        for table, columns, data in (
            (self.tables[0], grouper.SALE_COLUMNS, grouped.sales_csv),
            (self.tables[1], grouper.LOT_TABLE_COLUMNS, grouped.lots_csv),
        ):
            if data:
                cursor.execute(
                    f'COPY "{table}" ({", ".join(columns)}) FROM STDIN (FORMAT csv)',
                    stream=_blocks(data),
                )
        rows = prepared.next_line - checkpoint.line
        checkpoint.line, checkpoint.offset = prepared.next_line, prepared.chunk.end
        checkpoint.chunks += 1
        checkpoint.rows_read += rows
        checkpoint.rejected += len(prepared.rejected)
        dates = (grouped.min_date, grouped.max_date)
        checkpoint.add_sales(grouped.sales, grouped.lots, dates)
        runs.save_checkpoint(cursor, self.run_id, self.file_no, checkpoint)
        self.connection.commit()
        self.report.write(self.source, prepared.rejected)
        self.rows_read += rows
        self.rejected += len(prepared.rejected)
        if self.progress is not None:
            self.progress(rows)


def _grouped(
    chunks: Iterator[Chunk], file_format: FileFormat, position: Position, base: int
) -> Iterator[Prepared]:
    """Each chunk grouped (on the thread that prefetches them)."""
    for chunk in chunks:
        grouped, rejected = group_chunk(chunk, file_format, position, base)
        yield Prepared(chunk, position.line, rejected, grouped)


def _blocks(data: bytes) -> Iterator[memoryview]:
    view = memoryview(data)
    for start in range(0, len(data), SEND_BLOCK):
        yield view[start : start + SEND_BLOCK]


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
    return FileFormat(parser, delimiter, as_is=name == "etalab"), start
