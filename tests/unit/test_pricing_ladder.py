"""The widening ladder of the comparable search and addresses as DVF spells them."""

from __future__ import annotations

from datetime import date

import pytest

from common.pricing.address import normalise_number, normalise_street, parse_address
from common.pricing.ladder import (
    SearchStep,
    Subject,
    haversine_m,
    months_before,
    ring_label,
    step_accepts,
    steps_of,
)

SUBJECT = Subject("Appartement", 50.0, "75014", 48.8339, 2.3266)
TODAY = date(2025, 6, 15)


def test_steps_radius_rings_outer_relaxations_inner() -> None:
    labels = [step.label for step in steps_of("radius")]
    assert labels[:4] == [
        "radius_300m_s20_m24",
        "radius_300m_s35_m36",
        "radius_300m_s50_m60",
        "radius_500m_s20_m24",
    ]
    assert labels[-1] == "radius_2000m_s50_m60"
    assert len(labels) == 12


def test_steps_street_and_postal_code_relax_band_and_window() -> None:
    assert [s.label for s in steps_of("street")] == [
        "street_s20_m24", "street_s35_m36", "street_s50_m60",
    ]  # fmt: skip
    assert steps_of("postal_code")[0].proximity == 0.6
    assert steps_of("radius")[0].proximity == 1.0


def test_months_before_clamps_day_and_crosses_years() -> None:
    assert months_before(date(2024, 3, 31), 24) == date(2022, 3, 28)
    assert months_before(date(2024, 1, 15), 1) == date(2023, 12, 15)
    assert months_before(date(2025, 6, 15), 60) == date(2020, 6, 15)


def test_haversine_one_degree_of_latitude() -> None:
    assert haversine_m(48.0, 2.0, 49.0, 2.0) == pytest.approx(111_195.08, abs=0.1)
    assert haversine_m(48.0, 2.0, 48.0, 2.0) == 0.0


def test_step_accepts_bounds_are_inclusive() -> None:
    step = SearchStep("radius", 300, 0.20, 24)
    assert step_accepts(step, SUBJECT, TODAY, (300.0, 60.0, date(2023, 6, 15)))
    assert step_accepts(step, SUBJECT, TODAY, (10.0, 40.0, TODAY))
    assert not step_accepts(step, SUBJECT, TODAY, (300.1, 50.0, TODAY))
    assert not step_accepts(step, SUBJECT, TODAY, (10.0, 60.1, TODAY))
    assert not step_accepts(step, SUBJECT, TODAY, (10.0, 50.0, date(2023, 6, 14)))
    assert not step_accepts(step, SUBJECT, TODAY, (None, 50.0, TODAY))


def test_step_accepts_street_step_ignores_distance() -> None:
    assert step_accepts(SearchStep("street", None, 0.35, 36), SUBJECT, TODAY, (
        None, 66.0, date(2022, 7, 1),
    ))  # fmt: skip


def test_ring_label_smallest_ring_holding_the_sale() -> None:
    assert ring_label("radius", 120.0) == "300m"
    assert ring_label("radius", 300.0) == "300m"
    assert ring_label("radius", 301.0) == "500m"
    assert ring_label("radius", 1999.0) == "2000m"
    assert ring_label("street", None) == "street"


def test_normalise_street_matches_dvf_spelling() -> None:
    assert normalise_street("Avenue du Général Leclerc") == "AV DU GENERAL LECLERC"
    assert normalise_street("AV DU GENERAL LECLERC") == "AV DU GENERAL LECLERC"
    assert normalise_street("rue d'Alésia") == normalise_street("RUE D ALESIA")
    assert normalise_street("Boulevard Saint-Jacques") == "BD ST JACQUES"


def test_parse_address_number_suffix_and_street() -> None:
    parsed = parse_address("12 bis avenue du Général Leclerc, 75014 Paris")
    assert parsed is not None
    assert (parsed.number, parsed.suffix, parsed.street) == (
        "12", "B", "AV DU GENERAL LECLERC",
    )  # fmt: skip
    plain = parse_address("012, rue Daguerre")
    assert plain is not None
    assert (plain.number, plain.suffix, plain.street) == ("12", None, "RUE DAGUERRE")


def test_parse_address_without_number_keeps_street() -> None:
    parsed = parse_address("Rue Daguerre")
    assert parsed is not None
    assert (parsed.number, parsed.street) == (None, "RUE DAGUERRE")
    assert parse_address("  ,  ") is None


def test_normalise_number_drops_leading_zeros() -> None:
    assert normalise_number("0012") == "12"
    assert normalise_number(None) is None
    assert normalise_number("12B") is None
