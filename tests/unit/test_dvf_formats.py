"""DVF formats: header detection, codes, numbers and dates of both layouts."""

from __future__ import annotations

from datetime import date

import pytest

from common.dvf.formats import (
    MalformedRow,
    Position,
    Rejected,
    Row,
    commune_code,
    departement_code,
    detect,
    read_records,
)
from tests.fixtures.dvf.edge_cases import GEO_HEADER, RAW_COLUMNS, raw


@pytest.mark.parametrize(
    ("departement", "commune", "expected"),
    [
        ("1", "53", "01053"),
        ("75", "114", "75114"),
        ("2A", "4", "2A004"),
        ("2b", "33", "2B033"),
        ("971", "101", "97101"),
        ("974", "11", "97411"),
    ],
)
def test_commune_code_lost_zeros_rebuilt(
    departement: str, commune: str, expected: str
) -> None:
    assert commune_code(departement_code(departement), commune) == expected


def test_commune_code_non_numeric_rejected() -> None:
    with pytest.raises(MalformedRow):
        commune_code("75", "1x4")


@pytest.mark.parametrize("first", ["Code service CH", "Identifiant de document"])
def test_detect_raw_both_headers(first: str) -> None:
    name, _parser, delimiter = detect(f"{first}|{RAW_COLUMNS}\n")
    assert (name, delimiter) == ("dgfip", "|")


def test_detect_geolocated_with_bom() -> None:
    assert detect("\ufeff" + GEO_HEADER)[0] == "etalab"


def test_detect_unknown_header_raises() -> None:
    with pytest.raises(MalformedRow):
        detect("a;b;c")


def _read(lines: list[str], first_line: int = 2) -> list[Row | Rejected]:
    _name, parser, delimiter = detect(lines[0])
    return list(read_records(lines[1:], parser, delimiter, Position(first_line)))


def test_read_raw_decimal_commas_and_french_dates() -> None:
    header = f"Code service CH|{RAW_COLUMNS}"
    line = "|" + raw("", "03/01/2021", "Vente", "180000,50", "1", "53", "1000", None)
    [row] = _read([header, line])
    assert isinstance(row, Row)
    assert (row.valeur_fonciere, row.date_mutation) == (180_000.5, date(2021, 1, 3))
    assert (row.code_postal, row.code_departement) == ("01000", "01")
    assert row.id_parcelle == "01053000AB0012"


def test_read_bad_lines_rejected_with_line_numbers() -> None:
    header = f"Identifiant de document|{RAW_COLUMNS}"
    good = "|" + raw("", "03/01/2021", "Vente", "1,00", "75", "114", "75014", None)
    items = _read([header, good, "only|three|fields", good.replace("1,00", "abc")])
    rejected = [(i.line, i.reason) for i in items if isinstance(i, Rejected)]
    assert rejected == [(3, "column_count"), (4, "bad_number")]


def test_read_position_numbers_records_blank_ones_included() -> None:
    # given a piece of a file starting at its line 10, with a blank record
    header = f"Code service CH|{RAW_COLUMNS}"
    good = "|" + raw("", "03/01/2021", "Vente", "1,00", "75", "114", "75014", None)
    _name, parser, delimiter = detect(header)
    position = Position(10)
    # when
    items = list(read_records([good, "\r\n", good], parser, delimiter, position))
    # then
    assert [i.line for i in items] == [10, 12]
    assert position.line == 13


def test_read_non_finite_number_rejected() -> None:
    header = f"Code service CH|{RAW_COLUMNS}"
    line = "|" + raw("", "03/01/2021", "Vente", "nan", "75", "114", "75014", None)
    [item] = _read([header, line])
    assert isinstance(item, Rejected) and item.reason == "bad_number"
