"""Chunks of one file: bytes cut between two mutations, each grouped alone.

A chunk ends after the last record of a mutation (the parser reads the keys of its
last few records), so that it can be grouped alone. A chunk of an Etalab file goes to
the native grouper as it is (no per-line Python, :mod:`common.dvf.grouper`), which
refuses it when it holds what :mod:`common.dvf.formats` would read differently
(other number or date forms, codes without their leading zeros, blank lines, bad
quoting, invalid UTF-8). A refused chunk, and every chunk of a raw DGFiP file, is
read line by line by the Python parser: its good rows go to the grouper in the parsed
form and its malformed lines are returned for the error report. A background thread
reads (and decompresses) the next chunk meanwhile, so memory stays bounded by a few
chunks whatever the file size.
"""

from __future__ import annotations

import csv
import io
import queue
import threading
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import TypeVar

from common.dvf import grouper
from common.dvf.formats import MalformedRow, Parser, Position, Rejected, read_records

T = TypeVar("T")
CHUNK_BYTES = 16 << 20
READ_BLOCK = 1 << 20


@dataclass(slots=True)
class Chunk:
    """Consecutive complete records of a file, from byte ``offset``."""

    offset: int
    data: bytes

    @property
    def end(self) -> int:
        """The offset of the next chunk."""
        return self.offset + len(self.data)


@dataclass(frozen=True, slots=True)
class FileFormat:
    """How a file's records are parsed; whether the grouper may take them as is."""

    parser: Parser
    delimiter: str
    as_is: bool

    def key(self, record: bytes) -> str | None:
        """The mutation key of one record (None when blank or malformed)."""
        text = record.decode("utf-8", errors="replace")
        fields = next(csv.reader([text], delimiter=self.delimiter), [])
        if not fields:
            return None
        try:
            return self.parser(0, fields).mutation_key
        except MalformedRow:
            return None


def _record_start(buffer: bytearray, end: int) -> int:
    """Where the record ending at ``end`` starts (a quoted field may hold newlines)."""
    start = buffer.rfind(b"\n", 0, end - 1) + 1
    while start > 0 and buffer.count(b'"', start, end) % 2 == 1:
        start = buffer.rfind(b"\n", 0, start - 1) + 1
    return start


def _record_end(buffer: bytearray) -> int:
    """The length of the longest prefix made of complete records (0 if none).

    A newline inside a quoted field is not a record end: a prefix must hold an
    even number of quotes (an escaped quote is two).
    """
    end = buffer.rfind(b"\n")
    odd = end >= 0 and buffer.count(b'"', 0, end) % 2 == 1
    while odd and end >= 0:
        previous = buffer.rfind(b"\n", 0, end)
        odd ^= buffer.count(b'"', previous + 1, end) % 2 == 1
        end = previous
    return end + 1


def _sale_end(buffer: bytearray, file_format: FileFormat) -> int:
    """The length of the longest prefix made of complete sales (0 if none).

    The records of a mutation follow each other in the files: a prefix ends
    with a sale when the next good record has another key. Blank and
    malformed records belong to no sale and do not interrupt one.
    """
    end = _record_end(buffer)
    last_key = None
    while end > 0:
        start = _record_start(buffer, end)
        key = file_format.key(bytes(buffer[start:end]))
        if key is not None and last_key is not None and key != last_key:
            return end
        last_key = key or last_key
        end = start
    return 0


def read_chunks(
    stream: io.BufferedIOBase, offset: int, size: int, file_format: FileFormat
) -> Iterator[Chunk]:
    """Chunks of about ``size`` bytes from ``offset``, each ending after a sale.

    Chunks are independent: a mutation's records are all in one of them.
    Reads with ``read1``: what a source yields before failing (a truncated
    archive) is still loaded and committed.
    """
    buffer = bytearray()
    while True:
        block = stream.read1(min(READ_BLOCK, size))
        if block:
            buffer += block
            if len(buffer) < size or not (cut := _sale_end(buffer, file_format)):
                continue
        else:
            cut = len(buffer)
            if not cut:
                return
        yield Chunk(offset, bytes(memoryview(buffer)[:cut]))
        offset += cut
        del buffer[:cut]


def prefetched(items: Iterator[T]) -> Generator[T, None, None]:
    """The same items, the next one made by a background thread meanwhile.

    Close the iterator (``contextlib.closing``) before closing what it reads.
    """
    handoff: queue.Queue[T | BaseException | None] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def hand(item: T | BaseException | None) -> bool:
        while not stop.is_set():
            try:
                handoff.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not hand(item):
                    return
            hand(None)
        except BaseException as exc:  # handed to the consumer
            hand(exc)

    thread = threading.Thread(target=produce, name="dvf-prefetch", daemon=True)
    thread.start()
    try:
        while (item := handoff.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()


def group_chunk(
    chunk: Chunk, file_format: FileFormat, position: Position, base: int
) -> tuple[grouper.Grouped, list[Rejected]]:
    """Group one chunk; its malformed lines (none when read as it is)."""
    if file_format.as_is:
        grouped = grouper.group(chunk.data, position.line, base, parsed=False)
        if grouped is not None:
            position.line += grouped.rows
            return grouped, []
    text = chunk.data.decode("utf-8", errors="replace")
    lines = io.StringIO(text, newline="")
    records = io.StringIO()
    writer = csv.writer(records, lineterminator="\n")
    rejected: list[Rejected] = []
    parser, delimiter = file_format.parser, file_format.delimiter
    for item in read_records(lines, parser, delimiter, position):
        if isinstance(item, Rejected):
            rejected.append(item)
        else:
            writer.writerow(grouper.parsed_record(item))
    grouped = grouper.group(records.getvalue().encode(), 0, base, parsed=True)
    if grouped is None:  # the parser's own output: never refused
        raise RuntimeError("the DVF grouper refused parsed records")
    return grouped, rejected
