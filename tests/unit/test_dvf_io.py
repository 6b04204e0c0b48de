"""DVF sources (plain, .gz, .zip), parsed records for the grouper, the edge cases."""

from __future__ import annotations

import gzip
import zipfile
from datetime import date
from pathlib import Path

import pytest

from common.dvf.formats import Row
from common.dvf.grouper import parsed_record
from common.dvf.sources import open_bytes
from tests.fixtures.dvf import edge_cases

FIXTURES = Path(edge_cases.__file__).resolve().parent
RAW = FIXTURES / edge_cases.RAW_OLD_FILE


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
def test_open_bytes_compressions_same_bytes(tmp_path: Path, kind: str) -> None:
    with open_bytes(str(_compressed(tmp_path, kind))) as stream:
        assert stream.read() == RAW.read_bytes()


def test_open_bytes_zip_with_two_members_refused(tmp_path: Path) -> None:
    target = tmp_path / "two.zip"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("a.txt", "x")
        archive.writestr("b.txt", "y")
    with pytest.raises(ValueError), open_bytes(str(target)):
        pass


def _row(**changes: object) -> Row:
    row = Row(
        7, "K1", date(2021, 3, 1), "Vente", 180_000.5, "12", None, "RUE DU PORT",
        "0123", "75014", "75114", "Paris", "75", "75114000AB0012", ("3", "9"),
        48.5, "2", "Appartement", 50.0, 2, "S", None, 2.3, None,
    )  # fmt: skip
    for name, value in changes.items():
        setattr(row, name, value)
    return row


def test_parsed_record_nulls_empty_lots_first_carrez_total_first() -> None:
    fields = parsed_record(_row())
    assert len(fields) == 41
    assert (fields[0], fields[1], fields[2], fields[7]) == (
        "7", "K1", "2021-03-01", "",
    )  # fmt: skip
    assert [fields[i] for i in (19, 21, 23, 25, 27)] == ["3", "9", "", "", ""]
    assert (fields[5], fields[20], fields[40]) == ("180000.5", "48.5", "")


def test_edge_case_files_match_generator(tmp_path: Path) -> None:
    for written in edge_cases.write_all(tmp_path):
        assert written.read_bytes() == (FIXTURES / written.name).read_bytes()
