"""DVF sources (plain, .gz, .zip) and COPY text encoding."""

from __future__ import annotations

import gzip
import zipfile
from pathlib import Path

import pytest

from common.dvf.copytext import BLOCK_BYTES, CopyBuffer, sale_line
from common.dvf.formats import read_rows
from common.dvf.grouping import group_sales
from common.dvf.sources import open_lines
from tests.fixtures.dvf import edge_cases

RAW = Path(edge_cases.__file__).resolve().parent / edge_cases.RAW_OLD_FILE


def _compressed(tmp_path: Path, kind: str) -> Path:
    data = RAW.read_bytes()
    if kind == "gz":
        target = tmp_path / "valeursfoncieres-2021.txt.gz"
        target.write_bytes(gzip.compress(data))
    elif kind == "zip":
        target = tmp_path / "valeursfoncieres-2021.zip"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("valeursfoncieres-2021.txt", data)
    else:
        target = tmp_path / "plain.txt"
        target.write_bytes(data)
    return target


@pytest.mark.parametrize("kind", ["plain", "gz", "zip"])
def test_open_lines_compressions_same_text(tmp_path: Path, kind: str) -> None:
    with open_lines(str(_compressed(tmp_path, kind))) as lines:
        assert "".join(lines) == RAW.read_text(encoding="utf-8")


def test_open_lines_zip_with_two_members_refused(tmp_path: Path) -> None:
    target = tmp_path / "two.zip"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("a.txt", "x")
        archive.writestr("b.txt", "y")
    with pytest.raises(ValueError), open_lines(str(target)):
        pass


def test_sale_line_escapes_text_and_nulls() -> None:
    with open_lines(str(RAW)) as lines:
        sale = next(s for s, _r, _l in group_sales(read_rows(lines)) if s)
    sale.address.adresse_nom_voie = "RUE\tDU\\PORT\n"
    fields = sale_line(7, sale).rstrip("\n").split("\t")
    assert len(fields) == 26
    assert fields[0] == "7" and fields[7] == "RUE\\tDU\\\\PORT\\n"
    assert fields[-1] == "\\N" and fields[4] == "180000.0"


def test_copy_buffer_blocks_about_one_megabyte() -> None:
    buffer = CopyBuffer()
    line = "x" * 999 + "\n"
    for _ in range(3000):
        buffer.add(line)
    blocks = list(buffer.blocks())
    assert len(blocks) == 3
    assert all(len(b) >= BLOCK_BYTES for b in blocks[:-1])
    assert sum(len(b) for b in blocks) == 3_000_000 and buffer.rows == 0
