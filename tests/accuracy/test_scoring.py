"""The scoring rules: tolerances, multisets, "not found" defaults, spurious values."""

from __future__ import annotations

from datetime import date

from common.ai.schemas import (
    ChargesAnalysis,
    OtherAnalysis,
    PvAgAnalysis,
    Resolution,
    Works,
)
from tests.accuracy.scoring import Tally, extracted_value, same


def test_amounts_match_within_half_a_euro_or_half_a_percent() -> None:
    assert same("charges_generales", 25.73, 26.2)
    assert not same("charges_generales", 25.73, 26.3)
    assert same("total_amount", 717.0, 720.5)
    assert not same("total_amount", 717.0, 721.0)
    assert same("annualized_total", 215_000.0, 215_900.0)
    assert not same("annualized_total", 215_000.0, 217_000.0)


def test_measures_match_to_the_hundredth_not_to_half_a_percent() -> None:
    assert same("dpe.energy_kwh_m2_year", 245.0, 245.0)
    assert not same("dpe.energy_kwh_m2_year", 245.0, 246.0)
    assert not same("carrez_surface_m2", 48.72, 48.3)


def test_strings_ignore_case_accents_and_punctuation_syndic_by_containment() -> None:
    assert same("dpe.energy_class", "E", "e")
    assert same(
        "syndic", "Immobilière Lafayette", "IMMOBILIERE LAFAYETTE, 40 rue Paradis"
    )
    assert not same("document_type", "etat_date", "pre_etat_date")


def test_dates_integers_and_booleans_compare_exactly() -> None:
    assert same("meeting_date", date(2024, 6, 12), date(2024, 6, 12))
    assert not same("meeting_date", date(2024, 6, 12), date(2024, 12, 6))
    assert not same("tantiemes_lot", 245, 2450)
    assert not same("amiante_present", False, 0)


def test_voted_works_count_each_amount_once_as_a_multiset() -> None:
    # given two voted works, one also extracted twice, and a spurious one
    counts = Tally()

    counts.add(
        "pv", [38_500.0, 2_100.0], [38_500.0, 38_500.0, 9_000.0], "voted_works_amounts"
    )

    # then one match out of two expected and three extracted
    assert (counts.expected, counts.extracted, counts.correct) == (2, 3, 1)


def test_a_value_extracted_where_none_is_expected_lowers_precision_only() -> None:
    counts = Tally()

    counts.add("carrez", None, "E", "dpe.energy_class")
    counts.add("ddt", "E", "E", "dpe.energy_class")

    assert (counts.precision, counts.recall) == (0.5, 1.0)
    assert counts.errors == ["carrez: expected None, got 'E'"]


def test_extracted_value_reads_voted_works_and_numbered_resolutions() -> None:
    analysis = PvAgAnalysis(
        works=[
            Works(description="ravalement", amount_ttc=112_600, status="voted"),
            Works(description="colonnes", amount_ttc=60_000, status="upcoming"),
        ],
        resolutions=[
            Resolution(number="n° 8", subject="ravalement", result="adoptee"),
            Resolution(number="12ème", subject="volets", result="reportee"),
            Resolution(number="13", subject="?", result="unknown"),
        ],
    )

    assert extracted_value(analysis, "voted_works_amounts") == [112_600]
    assert extracted_value(analysis, "resolutions") == {
        "8": "adoptee",
        "12": "reportee",
    }


def test_extracted_value_treats_schema_defaults_as_not_found() -> None:
    assert extracted_value(PvAgAnalysis(), "meeting_type") is None
    assert extracted_value(ChargesAnalysis(), "period_type") is None
    assert extracted_value(OtherAnalysis(), "document_type") is None
    assert (
        extracted_value(ChargesAnalysis(period_type="annual"), "period_type")
        == "annual"
    )
    assert extracted_value(PvAgAnalysis(), "dpe.energy_class") is None
