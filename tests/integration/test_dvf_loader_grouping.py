"""Grouping of DVF rows into sales and lots (the native grouper), through the loader."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.fixtures.dvf.edge_cases import APT, DEP, HOUSE, SHOP, geo
from tests.integration.dvf_support import (
    EDGE_GEO,
    geo_file,
    load,
    lots_of,
    sales_by_key,
)

pytestmark = pytest.mark.integration


def _fields(line: str, **values: str) -> str:
    """A geo() line with some fields replaced (``f32="5"``: field 32)."""
    fields = line.split(",")
    for name, value in values.items():
        fields[int(name[1:])] = value
    return ",".join(fields)


def test_group_price_counted_once_over_lots_and_cultures(
    clean_db: Engine, tmp_path: Path
) -> None:
    load([EDGE_GEO], tmp_path)
    sales = sales_by_key(clean_db)
    m01, m02 = sales["M01"], sales["M02"]
    m01_lots = lots_of(clean_db, "M01")
    assert (float(m01.valeur_fonciere), m01.dependance_count) == (300_000, 2)
    assert [lot.lot_numbers for lot in m01_lots] == [["12"], ["40"], ["41"]]
    assert m01_lots[0].surface_carrez == 48.5  # "48,5": a decimal comma
    assert (m01.type_local, m01.surface_reelle_bati, m01.surface_carrez) == (
        "Appartement",
        50,
        48.5,
    )
    assert (len(lots_of(clean_db, "M02")), m02.surface_terrain) == (1, 500)
    assert m02.price_per_m2 == 4000


def test_group_single_dwelling_rule_by_nature_and_locals(
    clean_db: Engine, tmp_path: Path
) -> None:
    load([EDGE_GEO], tmp_path)
    single = {
        key for key, sale in sales_by_key(clean_db).items() if sale.is_single_dwelling
    }
    assert "M03" not in single  # with commercial premises
    assert "M05" not in single  # Echange
    assert "M09" not in single  # two dwellings
    assert {"M01", "M02", "M04", "M12"} <= single  # Vente, VEFA, Adjudication


def test_group_implausible_values_flagged_not_dropped(
    clean_db: Engine, tmp_path: Path
) -> None:
    load([EDGE_GEO], tmp_path)
    flags = {
        key: sale.quality_flags
        for key, sale in sales_by_key(clean_db).items()
        if sale.quality_flags
    }
    assert flags == {
        "M06": ["price_zero"],
        "M07": ["price_missing"],
        "M08": ["surface_missing"],
        "M10": ["surface_too_small"],
        "M11": ["price_per_m2_too_high"],
    }


def test_group_first_row_values_and_first_dwelling_address(
    clean_db: Engine, tmp_path: Path
) -> None:
    # given a mutation whose first row is a cellar in another street
    cellar = geo("M1", "Vente", "200000", DEP, lot="9", day="2021-03-02")
    flat = geo("M1", "Echange", "1", APT, "40", lot="3", postal="75015")
    source = geo_file(tmp_path / "f.csv", [cellar.replace("GAITE", "PAIX"), flat])
    # when
    load([source], tmp_path)
    # then
    sale = sales_by_key(clean_db)["M1"]
    assert (sale.nature_mutation, float(sale.valeur_fonciere)) == ("Vente", 200_000)
    assert str(sale.date_mutation) == "2021-03-02"
    assert (sale.adresse_nom_voie, sale.code_postal) == ("RUE DE LA GAITE", "75015")
    assert sale.is_single_dwelling and sale.price_per_m2 == 5000


def test_group_lot_over_cultures_keeps_its_first_carrez(
    clean_db: Engine, tmp_path: Path
) -> None:
    first = geo("M1", "Vente", "300000", APT, "60", lot="5", carrez="58", culture="S")
    again = geo("M1", "Vente", "300000", APT, "60", lot="5", carrez="59", culture="J")
    load([geo_file(tmp_path / "f.csv", [first, again])], tmp_path)
    [lot] = lots_of(clean_db, "M1")
    assert (lot.lot_numbers, lot.surface_carrez) == (["5"], 58)
    assert sales_by_key(clean_db)["M1"].dwelling_count == 1


def test_group_land_once_per_parcel_culture_and_surface(
    clean_db: Engine, tmp_path: Path
) -> None:
    # given a house and its garage over two cultures, and a second parcel
    lines = [
        geo("M1", "Vente", "400000", local, surface, culture=culture, terrain=land)
        for local, surface in ((HOUSE, "100"), (DEP, ""))
        for culture, land in (("S", "400"), ("J", "250"))
    ]
    other = geo("M1", "Vente", "400000", None, culture="S", terrain="400")
    lines.append(other.replace("AB0012", "AB0013"))
    # when
    load([geo_file(tmp_path / "f.csv", lines)], tmp_path)
    # then
    sale = sales_by_key(clean_db)["M1"]
    assert (sale.surface_terrain, sale.dwelling_count, sale.dependance_count) == (
        1050,
        1,
        1,
    )


def test_group_multi_lot_sales_summarised(clean_db: Engine, tmp_path: Path) -> None:
    lines = [
        geo("M1", "Vente", "500000", APT, "40", lot="1", carrez="38,5"),
        _fields(
            geo("M1", "Vente", "500000", APT, "45", lot="2", carrez="44.25"), f32="3"
        ),
        geo("M2", "Vente", "300000", SHOP, "30", lot="1"),
        geo("M2", "Vente", "300000", SHOP, "70", lot="2"),
        geo("M3", "Vente", "20000", DEP, lot="1"),
        geo("M4", "Vente", "20000", None, culture="T", terrain="900"),
    ]
    load([geo_file(tmp_path / "f.csv", lines)], tmp_path)
    sales = sales_by_key(clean_db)
    summary = {
        key: (s.type_local, s.surface_reelle_bati, s.nombre_pieces, s.surface_carrez)
        for key, s in sales.items()
    }
    assert summary == {
        "M1": ("Appartement", 85, 5, 82.75),
        "M2": (SHOP[1], 100, None, None),
        "M3": ("Dépendance", None, None, None),
        "M4": (None, None, None, None),
    }
    assert (sales["M1"].dwelling_count, sales["M2"].commercial_count) == (2, 2)
    assert not sales["M1"].is_single_dwelling and sales["M1"].price_per_m2 is None


def test_group_rooms_total_capped_at_smallint(clean_db: Engine, tmp_path: Path) -> None:
    lines = [
        _fields(geo("M1", "Vente", "900000", APT, "40", lot=n), f32="20000")
        for n in ("1", "2")
    ]
    load([geo_file(tmp_path / "f.csv", lines)], tmp_path)
    assert sales_by_key(clean_db)["M1"].nombre_pieces == 32767


def test_group_key_in_two_runs_gives_two_sales_split_at_publication(
    clean_db: Engine, tmp_path: Path
) -> None:
    # given M02 seen again after M17: rows of a mutation follow each other
    again = geo("M02", "Vente", "400000", HOUSE, "100", culture="S", terrain="200")
    source = geo_file(
        tmp_path / "f.csv",
        [*EDGE_GEO.read_text(encoding="utf-8").splitlines()[1:], again],
    )
    # when
    load([source], tmp_path)
    # then
    sales = sales_by_key(clean_db)
    split = [s for key, s in sales.items() if key.startswith("M02#")]
    assert len(split) == 2 and "M02" not in sales
    assert all(s.quality_flags == ["split_mutation"] for s in split)
    assert not any(s.is_single_dwelling for s in split)
    assert sales["M01"].dependance_count == 2 and sales["M09"].dwelling_count == 2


def test_group_same_mutation_in_two_files_split_at_publication(
    clean_db: Engine, tmp_path: Path
) -> None:
    first = geo_file(tmp_path / "a.csv", [geo("M1", "Vente", "100000", APT, "40")])
    second = geo_file(tmp_path / "b.csv", [geo("M1", "Vente", "200000", APT, "50")])
    load([first, second], tmp_path)
    prices = sorted(float(s.valeur_fonciere) for s in sales_by_key(clean_db).values())
    assert prices == [100_000, 200_000]
    assert set(sales_by_key(clean_db)) != {"M1"}


def test_group_surface_too_small_for_a_price_per_m2_flagged_not_fatal(
    clean_db: Engine, tmp_path: Path
) -> None:
    # given dwellings of absurd surfaces, the first one's €/m² beyond a double
    lines = [
        geo("T1", "Vente", "9000000000000", APT, "1e-300"),
        geo("T2", "Vente", "9000000000000", APT, "0.0000001"),
        geo("T3", "Vente", "200000", APT, "40"),
    ]
    # when
    result = load([geo_file(tmp_path / "f.csv", lines)], tmp_path)
    # then the load goes on: the sales are kept and flagged, the first without €/m²
    assert (result.status, result.rejected) == ("published", 0)
    sales = sales_by_key(clean_db)
    assert (sales["T1"].price_per_m2, sales["T1"].quality_flags) == (
        None,
        ["surface_too_small"],
    )
    assert sales["T2"].quality_flags == ["surface_too_small", "price_per_m2_too_high"]
    assert sales["T3"].price_per_m2 == 5000
