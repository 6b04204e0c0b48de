"""DVF grouping: one sale per mutation, lots, counts, single-dwelling rule, flags."""

from __future__ import annotations

import statistics
from pathlib import Path

from common.dvf.formats import Rejected, read_rows
from common.dvf.grouping import Sale, group_sales
from common.dvf.sources import open_lines
from tests.fixtures.dvf import edge_cases

FIXTURES = Path(edge_cases.__file__).resolve().parent
SAMPLE = FIXTURES / "paris14-75114-2020H1.csv"


def _sales(path: Path) -> dict[str, Sale]:
    with open_lines(str(path)) as lines:
        found = [s for s, _r, _l in group_sales(read_rows(lines)) if s is not None]
    return {sale.mutation_key: sale for sale in found}


def test_group_sample_one_sale_per_mutation_readme_median() -> None:
    sales = _sales(SAMPLE)
    prices = [
        s.price_per_m2
        for s in sales.values()
        if s.is_single_dwelling
        and s.dwelling is not None
        and s.dwelling.type_local == "Appartement"
        and s.price_per_m2 is not None
        and s.price_per_m2 <= 100_000
    ]
    assert len(sales) == 693
    assert len(prices) == 520
    assert abs(statistics.median(prices) / 10_366 - 1) < 0.02


def test_group_price_counted_once_over_lots_and_cultures() -> None:
    sales = _sales(FIXTURES / edge_cases.GEO_FILE)
    m01, m02 = sales["M01"], sales["M02"]
    assert (m01.valeur_fonciere, len(m01.lots), m01.dependance_count) == (300_000, 3, 2)
    assert (len(m02.lots), m02.surface_terrain, m02.price_per_m2) == (1, 500, 4000)


def test_group_single_dwelling_rule_by_nature_and_locals() -> None:
    sales = _sales(FIXTURES / edge_cases.GEO_FILE)
    single = {key for key, sale in sales.items() if sale.is_single_dwelling}
    assert "M03" not in single  # with commercial premises
    assert "M05" not in single  # Echange
    assert "M09" not in single  # two dwellings
    assert {"M01", "M02", "M04", "M12"} <= single  # Vente, VEFA, Adjudication


def test_group_implausible_values_flagged_not_dropped() -> None:
    sales = _sales(FIXTURES / edge_cases.GEO_FILE)
    flags = {
        key: sale.quality_flags for key, sale in sales.items() if sale.quality_flags
    }
    assert flags == {
        "M06": ["price_zero"],
        "M07": ["price_missing"],
        "M08": ["surface_missing"],
        "M10": ["surface_too_small"],
        "M11": ["price_per_m2_too_high"],
    }


def test_group_resume_line_rebuilds_remaining_sales() -> None:
    with open_lines(str(SAMPLE)) as lines:
        items = list(group_sales(read_rows(lines)))
    _sale, _rejected, resume = items[300]
    with open_lines(str(SAMPLE)) as lines:
        rest = [s for s, _r, _l in group_sales(read_rows(lines, start_line=resume))]
    expected = [s for s, _r, _l in items[301:]]
    assert [s.mutation_key for s in rest if s] == [
        s.mutation_key for s in expected if s
    ]


def test_group_rejects_passed_through() -> None:
    with open_lines(str(FIXTURES / edge_cases.GEO_FILE)) as lines:
        rejected = [r for _s, r, _l in group_sales(read_rows(lines)) if r]
    assert all(isinstance(r, Rejected) for r in rejected)
    assert [r.line for r in rejected] == [19, 20, 21, 22]


def test_edge_case_files_match_generator(tmp_path: Path) -> None:
    for written in edge_cases.write_all(tmp_path):
        assert written.read_bytes() == (FIXTURES / written.name).read_bytes()
