"""Chunks of one file: bytes cut between two mutations, loaded into a raw table.

A chunk ends after the last record of a mutation (the parser reads the keys of its
last few records), so that it can be grouped alone. A chunk of a well-formed
Etalab file goes to PostgreSQL as it is (one COPY, no per-line Python) inside a
savepoint. When PostgreSQL refuses it (wrong column count,
bad value, encoding, blank line) or when it holds what PostgreSQL would read
differently from :mod:`common.dvf.formats` (quotes, hexadecimal numbers, dates that
are not ``YYYY-MM-DD``), the savepoint is rolled back and the chunk is read line by
line by the Python parser: its good rows are COPYed in the raw table's parsed form
and its malformed lines returned for the error report. Raw DGFiP files always take
that path. A background thread reads (and decompresses) the next chunk meanwhile,
so memory stays bounded by a few chunks whatever the file size.
"""

from __future__ import annotations

import csv
import io
import queue
import re
import threading
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import Any

from pg8000.exceptions import DatabaseError

from common.dvf import rawtable
from common.dvf.formats import MalformedRow, Parser, Position, Rejected, read_records

CHUNK_BYTES = 16 << 20
READ_BLOCK = 1 << 20
SEND_BLOCK = 1 << 20
_DATE_FIELD = rb"[^,\n]*,[0-9]{4}-[0-9]{2}-[0-9]{2},"
_FIRST_LINE = re.compile(_DATE_FIELD)
# A line whose second field is not an ISO date (PostgreSQL also reads "today",
# "3/1/2021"...), or a hexadecimal number (PostgreSQL reads 0x10, Python does not).
# Two searches: one alternation would try a match at every "0" of the chunk.
_NOT_A_DATE = re.compile(rb"\n(?!" + _DATE_FIELD + rb")")
_HEXADECIMAL = re.compile(rb"0[xX]")
_QUOTED_FIELD = re.compile(rb'(?:(?<=[,\n])|^)"(?:[^"]|"")*"(?=[,\r\n]|$)')


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
    """How a file's records are parsed, and whether PostgreSQL may COPY them."""

    parser: Parser
    delimiter: str
    copyable: bool

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


def prefetched(chunks: Iterator[Chunk]) -> Generator[Chunk, None, None]:
    """The same chunks, the next one read by a background thread meanwhile.

    Close the iterator (``contextlib.closing``) before closing their stream.
    """
    handoff: queue.Queue[Chunk | BaseException | None] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def hand(item: Chunk | BaseException | None) -> bool:
        while not stop.is_set():
            try:
                handoff.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for chunk in chunks:
                if not hand(chunk):
                    return
            hand(None)
        except BaseException as exc:  # handed to the consumer
            hand(exc)

    thread = threading.Thread(target=produce, name="dvf-read", daemon=True)
    thread.start()
    try:
        while (item := handoff.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()


def copyable(data: bytes) -> bool:
    """Whether PostgreSQL reads these Etalab lines exactly as formats.py would."""
    if not _FIRST_LINE.match(data):
        return False
    end = len(data) - 1 if data.endswith(b"\n") else len(data)
    if _NOT_A_DATE.search(data, 0, end) or _hexadecimal(data):
        return False
    return b'"' not in data or b'"' not in _QUOTED_FIELD.sub(b"", data)


def _hexadecimal(data: bytes) -> bool:
    """Whether the data holds 0x or 0X (an x is rare: looked for first, by memchr)."""
    return (b"x" in data or b"X" in data) and _HEXADECIMAL.search(data) is not None


def _blocks(data: bytes) -> Iterator[memoryview]:
    view = memoryview(data)
    for start in range(0, len(data), SEND_BLOCK):
        yield view[start : start + SEND_BLOCK]


def _copy_as_is(cursor: Any, table: str, chunk: Chunk, position: Position) -> bool:
    """COPY the chunk's lines in a savepoint; False (rolled back) when refused."""
    cursor.execute("SAVEPOINT dvf_chunk")
    rawtable.start_lines_at(cursor, table, position.line)
    try:
        cursor.execute(rawtable.copy_csv_sql(table), stream=_blocks(chunk.data))
    except DatabaseError:
        cursor.execute("ROLLBACK TO SAVEPOINT dvf_chunk")
        return False
    position.line += cursor.rowcount
    cursor.execute("RELEASE SAVEPOINT dvf_chunk")
    return True


def _copy_parsed(
    cursor: Any, table: str, chunk: Chunk, file_format: FileFormat, position: Position
) -> list[Rejected]:
    text = chunk.data.decode("utf-8", errors="replace")
    lines = io.StringIO(text, newline="")
    parsed: list[str] = []
    rejected: list[Rejected] = []
    parser, delimiter = file_format.parser, file_format.delimiter
    for item in read_records(lines, parser, delimiter, position):
        if isinstance(item, Rejected):
            rejected.append(item)
        else:
            parsed.append(rawtable.parsed_line(item))
    if parsed:
        encoded = "".join(parsed).encode()
        cursor.execute(rawtable.copy_parsed_sql(table), stream=_blocks(encoded))
    return rejected


def load_chunk(
    cursor: Any, table: str, chunk: Chunk, file_format: FileFormat, position: Position
) -> list[Rejected]:
    """Load one chunk into the raw table; its malformed lines (none when COPYed)."""
    if (
        file_format.copyable
        and copyable(chunk.data)
        and _copy_as_is(cursor, table, chunk, position)
    ):
        return []
    return _copy_parsed(cursor, table, chunk, file_format, position)
