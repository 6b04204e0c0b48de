"""The DVF loader against PostgreSQL: real sample, edge cases, runs, error reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine

from common.dvf.loader import LoadOptions, run_task
from common.dvf.sample import load_sample
from tests.integration.dvf_support import (
    EDGE_GEO,
    EDGE_RAW_NEW,
    EDGE_RAW_OLD,
    SAMPLE,
    last_run,
    rows,
    scalar,
    single_apartment_median,
    staging_tables,
)

pytestmark = pytest.mark.integration


def test_load_paris_sample_single_apartment_median_matches_readme(
    clean_db: Engine, tmp_path: Path
) -> None:
    result = run_task(
        LoadOptions([str(SAMPLE)], report_base=tmp_path, max_reject_ratio=0.5)
    )
    count, median = single_apartment_median(clean_db)
    assert result.status == "published"
    assert count == 520
    assert median == pytest.approx(10_366, rel=0.02)
    assert scalar(clean_db, "SELECT count(*) FROM dvf_sales") == 693
    assert scalar(clean_db, "SELECT count(DISTINCT mutation_key) FROM dvf_sales") == 693
    assert scalar(clean_db, "SELECT count(*) FROM dvf_sale_lots") > 693


def test_load_paris_sample_run_recorded_with_counts_and_dates(
    clean_db: Engine, tmp_path: Path
) -> None:
    run_task(LoadOptions([str(SAMPLE)], report_base=tmp_path, max_reject_ratio=0.5))
    run = last_run(clean_db)
    assert run.status == "succeeded"
    assert (run.rows_read, run.rows_rejected, run.sales_loaded) == (908, 0, 693)
    assert str(run.min_date) == "2020-01-02" and str(run.max_date) == "2020-06-30"
    assert run.sources == [str(SAMPLE)]
    assert run.duration_seconds is not None and run.finished_at is not None
    assert staging_tables(clean_db) == []


def test_load_live_tables_keep_indexes_and_logged_after_swap(
    clean_db: Engine, tmp_path: Path
) -> None:
    run_task(LoadOptions([str(SAMPLE)], report_base=tmp_path, max_reject_ratio=0.5))
    indexes = {
        r[0]
        for r in rows(
            clean_db,
            "SELECT indexname FROM pg_indexes "
            "WHERE tablename IN ('dvf_sales', 'dvf_sale_lots')",
        )
    }
    persistence = rows(
        clean_db,
        "SELECT relpersistence FROM pg_class WHERE relname IN "
        "('dvf_sales', 'dvf_sale_lots')",
    )
    assert {
        "pk_dvf_sales",
        "uq_dvf_sales_mutation_key",
        "ix_dvf_sales_near_apartment",
        "ix_dvf_sales_postal_type_date",
        "ix_dvf_sale_lots_sale_id",
    } <= indexes
    assert [r[0] for r in persistence] == ["p", "p"]
    assert scalar(clean_db, "SELECT nextval('dvf_sales_id_seq')") > scalar(
        clean_db, "SELECT max(id) FROM dvf_sales"
    )


def test_load_live_tables_constraints_valid_sales_vacuumed_all_analysed(
    clean_db: Engine, tmp_path: Path
) -> None:
    run_task(LoadOptions([str(SAMPLE)], report_base=tmp_path, max_reject_ratio=0.5))
    constraints = rows(
        clean_db,
        "SELECT conname, contype, convalidated FROM pg_constraint WHERE conrelid "
        "IN ('dvf_sales'::regclass, 'dvf_sale_lots'::regclass) ORDER BY conname",
    )
    tables = rows(
        clean_db,
        "SELECT c.relname, s.vacuum_count, s.analyze_count, c.reloptions "
        "FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid "
        "WHERE c.relname IN ('dvf_sales', 'dvf_sale_lots') ORDER BY c.relname",
    )
    assert [tuple(c) for c in constraints] == [
        ("fk_dvf_sale_lots_sale_id_dvf_sales", "f", True),
        ("pk_dvf_sale_lots", "p", True),
        ("pk_dvf_sales", "p", True),
        ("uq_dvf_sales_mutation_key", "u", True),
    ]
    # sales vacuumed (visibility map: index-only scans from the first query),
    # both analysed; autovacuum, off while the staging tables filled, is back
    assert [tuple(t) for t in tables] == [
        ("dvf_sale_lots", 0, 1, None),
        ("dvf_sales", 1, 1, None),
    ]


def test_load_edge_cases_groups_sales_and_flags_values(
    clean_db: Engine, tmp_path: Path
) -> None:
    run_task(LoadOptions([str(EDGE_GEO)], report_base=tmp_path, max_reject_ratio=0.5))
    sales = {
        r.mutation_key: r
        for r in rows(
            clean_db, "SELECT * FROM dvf_sales WHERE code_departement IN ('75', '01')"
        )
    }
    assert sorted(sales) == [f"M{n:02d}" for n in (*range(1, 13), 17)]
    m01, m02, m03 = sales["M01"], sales["M02"], sales["M03"]
    assert (float(m01.valeur_fonciere), m01.dependance_count) == (300_000, 2)
    assert m01.is_single_dwelling and m01.price_per_m2 == 6000
    assert (float(m02.valeur_fonciere), m02.surface_terrain, m02.price_per_m2) == (
        400_000,
        500,
        4000,
    )
    assert m03.commercial_count == 1 and not m03.is_single_dwelling
    assert sales["M04"].is_single_dwelling and not sales["M05"].is_single_dwelling
    assert sales["M06"].quality_flags == ["price_zero"]
    assert sales["M07"].quality_flags == ["price_missing"]
    assert sales["M08"].quality_flags == ["surface_missing"]
    assert sales["M09"].dwelling_count == 2 and not sales["M09"].is_single_dwelling
    assert sales["M10"].quality_flags == ["surface_too_small"]
    assert sales["M11"].quality_flags == ["price_per_m2_too_high"]
    m12 = sales["M12"]
    assert (m12.code_commune, m12.code_postal, m12.code_departement) == (
        "01053",
        "01000",
        "01",
    )
    lots = scalar(
        clean_db, "SELECT count(*) FROM dvf_sale_lots WHERE sale_id = :i", i=m02.id
    )
    assert lots == 1


def test_load_raw_files_both_headers_rebuild_codes(
    clean_db: Engine, tmp_path: Path
) -> None:
    result = run_task(
        LoadOptions([str(EDGE_RAW_OLD)], report_base=tmp_path, max_reject_ratio=0.5)
    )
    found = rows(
        clean_db,
        "SELECT code_commune, code_postal, valeur_fonciere, dependance_count, "
        "date_mutation FROM dvf_sales ORDER BY code_commune",
    )
    assert [(r[0], r[1], float(r[2]), r[3]) for r in found] == [
        ("01053", "01000", 180_000.0, 1),
        ("2A004", "20000", 95_000.5, 0),
        ("97101", "97100", 120_000.0, 0),
    ]
    assert str(found[0].date_mutation) == "2021-01-03"
    assert result.rejected == 1
    run_task(
        LoadOptions([str(EDGE_RAW_NEW)], report_base=tmp_path, max_reject_ratio=0.5)
    )
    assert scalar(clean_db, "SELECT count(*) FROM dvf_sales") == 3


def test_load_malformed_rows_reported_with_line_numbers(
    clean_db: Engine, tmp_path: Path
) -> None:
    result = run_task(
        LoadOptions(
            [str(EDGE_GEO), str(EDGE_RAW_NEW)],
            report_base=tmp_path,
            max_reject_ratio=0.5,
        )
    )
    assert result.error_report is not None
    lines = Path(result.error_report).read_text(encoding="utf-8").splitlines()
    report = [json.loads(line) for line in lines]
    assert [
        (r["source"].rsplit("/", 1)[-1], r["line"], r["reason"]) for r in report
    ] == [
        ("edge-cases-geo.csv", 19, "bad_date"),
        ("edge-cases-geo.csv", 20, "column_count"),
        ("edge-cases-geo.csv", 21, "bad_number"),
        ("edge-cases-geo.csv", 22, "bad_number"),
        ("valeursfoncieres-edge-2023.txt", 6, "bad_date"),
    ]
    run = last_run(clean_db)
    assert (run.status, run.rows_rejected, run.rows_read) == ("succeeded", 5, 27)
    assert run.error_report == str(tmp_path)


def test_load_second_run_replaces_whole_dataset(
    clean_db: Engine, tmp_path: Path
) -> None:
    run_task(LoadOptions([str(SAMPLE)], report_base=tmp_path, max_reject_ratio=0.5))
    run_task(
        LoadOptions([str(EDGE_RAW_OLD)], report_base=tmp_path, max_reject_ratio=0.5)
    )
    assert scalar(clean_db, "SELECT count(*) FROM dvf_sales") == 3
    assert scalar(clean_db, "SELECT count(*) FROM dvf_sale_lots") == 4
    assert scalar(clean_db, "SELECT count(*) FROM dvf_load_runs") == 2


def test_load_sample_only_into_empty_table(clean_db: Engine) -> None:
    assert load_sample() == 908
    assert load_sample() == 0
    assert scalar(clean_db, "SELECT count(*) FROM dvf_sales") == 693
