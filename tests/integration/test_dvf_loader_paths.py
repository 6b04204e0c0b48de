"""The two ways a chunk is read (as it is by the grouper; formats.py), its cutting."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from tests.fixtures.dvf.edge_cases import APT, geo
from tests.integration.dvf_support import (
    SAMPLE,
    geo_file,
    load,
    rows,
    sales_by_key,
)

pytestmark = pytest.mark.integration


def _content(engine: Engine) -> tuple[list[Any], list[Any]]:
    """Sales and lots as rows without their ids, in a stable order."""
    sales = rows(
        engine,
        "SELECT to_jsonb(s) - 'id' AS sale FROM dvf_sales s ORDER BY mutation_key",
    )
    lots = rows(
        engine,
        "SELECT s.mutation_key, to_jsonb(l) - 'id' - 'sale_id' AS lot "
        "FROM dvf_sale_lots l JOIN dvf_sales s ON s.id = l.sale_id "
        "ORDER BY s.mutation_key, l.id",
    )
    return [tuple(r) for r in sales], [tuple(r) for r in lots]


def test_copy_and_parser_give_the_same_sales(clean_db: Engine, tmp_path: Path) -> None:
    # given the sample as it is (COPYed), and with a blank line that COPY refuses
    load([SAMPLE], tmp_path)
    copied = _content(clean_db)
    refused = tmp_path / "blank-line.csv"
    refused.write_bytes(SAMPLE.read_bytes() + b"\n")
    # when
    result = load([refused], tmp_path)
    # then
    assert (result.rows_read, result.rejected) == (909, 0)
    assert _content(clean_db) == copied


def test_chunk_size_does_not_change_sales(clean_db: Engine, tmp_path: Path) -> None:
    load([SAMPLE], tmp_path)
    whole = rows(clean_db, "SELECT * FROM dvf_sales ORDER BY id")
    load([SAMPLE], tmp_path, chunk_bytes=4096)
    assert rows(clean_db, "SELECT * FROM dvf_sales ORDER BY id") == whole


def test_lost_leading_zeros_in_a_clean_file_rebuilt(
    clean_db: Engine, tmp_path: Path
) -> None:
    line = geo(
        "M1", "Vente", "90000", APT, "30", commune="1053", postal="1000",
        departement="1",
    )  # fmt: skip
    load([geo_file(tmp_path / "f.csv", [line])], tmp_path)
    sale = sales_by_key(clean_db)["M1"]
    assert (sale.code_commune, sale.code_postal, sale.code_departement) == (
        "01053",
        "01000",
        "01",
    )


def test_values_postgresql_reads_otherwise_are_left_to_the_parser(
    clean_db: Engine, tmp_path: Path
) -> None:
    # given a hexadecimal price and a date PostgreSQL would read as March 1st
    good = geo("M1", "Vente", "100000", APT, "40")
    lines = [
        good,
        geo("M2", "Vente", "0x10", APT, "40"),
        geo("M3", "Vente", "100000", APT, "40", day="03/01/2021"),
        good.replace("M1,", "M4,"),
    ]
    # when
    result = load([geo_file(tmp_path / "f.csv", lines)], tmp_path)
    # then
    assert result.error_report is not None
    report = [
        json.loads(line)
        for line in Path(result.error_report).read_text(encoding="utf-8").splitlines()
    ]
    assert [(r["line"], r["reason"]) for r in report] == [
        (3, "bad_number"),
        (4, "bad_date"),
    ]
    assert sorted(sales_by_key(clean_db)) == ["M1", "M4"]
