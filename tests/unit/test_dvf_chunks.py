"""DVF chunks: cut between mutations, read ahead, and which are read as they are."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest

from common.dvf import grouper
from common.dvf.chunks import (
    Chunk,
    FileFormat,
    group_chunk,
    prefetched,
    read_chunks,
)
from common.dvf.formats import Position, detect
from tests.fixtures.dvf import edge_cases

FIXTURES = Path(edge_cases.__file__).resolve().parent
GEO_LINE = edge_cases.geo("M1", "Vente", "100000", edge_cases.APT, "40")
EDGE_HEADER = (FIXTURES / "edge-cases-geo.csv").read_text().partition("\n")[0]


def _format(path: Path) -> tuple[FileFormat, bytes]:
    header, _, body = path.read_bytes().partition(b"\n")
    _name, parser, delimiter = detect(header.decode())
    return FileFormat(parser, delimiter, as_is=True), body


def _chunks(body: bytes, file_format: FileFormat, size: int) -> list[Chunk]:
    stream = io.BufferedReader(io.BytesIO(body))
    return list(read_chunks(stream, 0, size, file_format))


def _first_keys(chunk: Chunk) -> list[bytes]:
    return [line.split(b",", 1)[0] for line in chunk.data.splitlines()]


def test_read_chunks_never_split_a_mutation() -> None:
    file_format, body = _format(FIXTURES / edge_cases.GEO_FILE)
    chunks = _chunks(body, file_format, size=1)
    keys = [_first_keys(chunk) for chunk in chunks]
    assert b"".join(chunk.data for chunk in chunks) == body
    assert keys[:3] == [[b"M01"] * 3, [b"M02"] * 2, [b"M03"] * 2]
    # malformed lines (M13-M16) belong to no sale: they go with the next one
    assert keys[-1] == [b"M13", b"M14", b"M15", b"M16", b"M17"]


def test_read_chunks_raw_files_cut_by_composite_key() -> None:
    file_format, body = _format(FIXTURES / edge_cases.RAW_NEW_FILE)
    chunks = _chunks(body, file_format, size=1)
    assert [chunk.data.count(b"\n") for chunk in chunks] == [2, 1, 2]
    assert [chunk.offset for chunk in chunks[1:]] == [
        chunks[0].end,
        chunks[1].end,
    ]


def test_read_chunks_quoted_newline_not_a_record_end() -> None:
    file_format, _body = _format(FIXTURES / edge_cases.GEO_FILE)
    quoted = GEO_LINE.replace("RUE DE LA GAITE", '"RUE DE\nLA GAITE"')
    body = f"{quoted}\n{GEO_LINE.replace('M1,', 'M2,')}\n".encode()
    chunks = _chunks(body, file_format, size=1)
    assert [chunk.data.count(b"\n") for chunk in chunks] == [2, 1]


def test_read_chunks_mutation_longer_than_a_chunk_kept_whole() -> None:
    file_format, _body = _format(FIXTURES / edge_cases.GEO_FILE)
    body = (f"{GEO_LINE}\n" * 50 + GEO_LINE.replace("M1,", "M2,") + "\n").encode()
    chunks = _chunks(body, file_format, size=100)
    assert [chunk.data.count(b"\n") for chunk in chunks] == [50, 1]


def test_prefetched_same_chunks_and_failures_passed_on() -> None:
    def source() -> Iterator[Chunk]:
        yield Chunk(0, b"a\n")
        yield Chunk(2, b"b\n")
        raise EOFError("truncated")

    seen: list[bytes] = []
    with pytest.raises(EOFError), closing(prefetched(source())) as chunks:
        seen.extend(chunk.data for chunk in chunks)
    assert seen == [b"a\n", b"b\n"]


def test_prefetched_closed_early_stops_reading() -> None:
    def endless() -> Iterator[Chunk]:
        offset = 0
        while True:
            yield Chunk(offset, b"x\n")
            offset += 2

    with closing(prefetched(endless())) as chunks:
        assert next(chunks).offset == 0


@pytest.mark.parametrize(
    ("change", "as_is"),
    [
        (lambda line: line, True),
        (lambda line: line.replace("RUE DE LA GAITE", '"RUE, DE LA GAITE"'), True),
        (lambda line: line.replace("RUE DE LA GAITE", 'RUE "DE" LA GAITE'), False),
        (lambda line: line.replace(",100000,", ",0x10,"), False),
        (lambda line: line.replace(",100000,", ",1e5,"), False),
        (lambda line: line.replace("2021-03-01", "today"), False),
        (lambda line: line.replace("2021-03-01", "2021-3-1"), False),
        (lambda line: line.replace(",75114,", ",5114,"), False),
        (lambda line: line + "\n", False),
    ],
)
def test_chunk_read_as_is_only_when_formats_reads_it_alike(
    change: Callable[[str], str], as_is: bool
) -> None:
    data = f"{GEO_LINE}\n{change(GEO_LINE)}\n".encode()
    assert (grouper.group(data, 2, 0, parsed=False) is not None) is as_is


def test_chunk_refused_as_is_read_by_the_parser() -> None:
    # given a chunk whose second mutation has a price formats.py refuses
    bad = GEO_LINE.replace("M1,", "M2,").replace(",100000,", ",0x10,")
    data = f"{GEO_LINE}\n{bad}\n"
    fmt = FileFormat(*detect(EDGE_HEADER)[1:], as_is=True)
    position = Position(2)
    # when
    grouped, rejected = group_chunk(Chunk(0, data.encode()), fmt, position, 0)
    # then the good line is a sale, the bad one reported with its line number
    assert (grouped.rows, grouped.sales, position.line) == (1, 1, 4)
    assert [(r.line, r.reason) for r in rejected] == [(3, "bad_number")]


def test_parsed_record_is_a_line_number_then_the_etalab_columns() -> None:
    _name, parser, _delimiter = detect(EDGE_HEADER)
    record = grouper.parsed_record(parser(7, GEO_LINE.split(",")))
    assert len(record) == 41 and (record[0], record[1], record[2]) == (
        "7",
        "M1",
        "2021-03-01",
    )
