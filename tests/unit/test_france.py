"""Postal code -> département, and the bounds of the covered territory."""

from __future__ import annotations

import pytest

from common import france
from common.france import InvalidPostalCode, department_from_postal_code


@pytest.mark.parametrize(
    ("postal_code", "department"),
    [
        ("01000", "01"),
        ("13001", "13"),
        ("69007", "69"),
        ("75001", "75"),
        ("75014", "75"),
        ("75020", "75"),
        ("75116", "75"),
        ("95000", "95"),
        ("95880", "95"),
        ("57000", "57"),  # Moselle: absent from DVF, but a real département
    ],
)
def test_department_metropolitan_code_is_first_two_digits(
    postal_code: str, department: str
) -> None:
    assert department_from_postal_code(postal_code) == department


@pytest.mark.parametrize(
    ("postal_code", "department"),
    [
        ("20000", "2A"),
        ("20090", "2A"),
        ("20190", "2A"),
        ("20199", "2A"),
        ("20200", "2B"),
        ("20600", "2B"),
        ("20620", "2B"),
        ("20999", "2B"),
    ],
)
def test_department_corsica_splits_at_20200(postal_code: str, department: str) -> None:
    assert department_from_postal_code(postal_code) == department


@pytest.mark.parametrize(
    ("postal_code", "department"),
    [
        ("97100", "971"),  # Basse-Terre, Guadeloupe
        ("97200", "972"),  # Fort-de-France, Martinique
        ("97300", "973"),  # Cayenne, Guyane
        ("97400", "974"),  # Saint-Denis, La Réunion
        ("97500", "975"),  # Saint-Pierre-et-Miquelon
        ("97600", "976"),  # Mamoudzou, Mayotte
        ("97133", "977"),  # Saint-Barthélemy
        ("97150", "978"),  # Saint-Martin
    ],
)
def test_department_overseas_is_three_digits_with_collectivity_exceptions(
    postal_code: str, department: str
) -> None:
    assert department_from_postal_code(postal_code) == department


def test_department_guadeloupe_neighbour_of_saint_barthelemy_stays_971() -> None:
    assert department_from_postal_code("97134") == "971"
    assert department_from_postal_code("97160") == "971"


@pytest.mark.parametrize(
    "postal_code",
    ["", "7501", "750011", "75 01", "7501A", "AB123", " 75001", "75001 ", "-7500"],
)
def test_department_not_five_digits_is_postal_code_invalid(postal_code: str) -> None:
    with pytest.raises(InvalidPostalCode) as raised:
        department_from_postal_code(postal_code)

    assert raised.value.problem == "postal_code_invalid"


@pytest.mark.parametrize(
    "postal_code",
    [
        "\uff17\uff15\uff10\uff10\uff11",  # fullwidth digits
        "\u0667\u0665\u0660\u0660\u0661",  # Arabic-Indic digits
        "75\uff10\uff101",
    ],
)
def test_department_non_ascii_digits_are_postal_code_invalid(postal_code: str) -> None:
    with pytest.raises(InvalidPostalCode) as raised:
        department_from_postal_code(postal_code)

    assert raised.value.problem == "postal_code_invalid"


@pytest.mark.parametrize(
    "postal_code", ["00000", "00100", "96000", "96999", "99000", "99999"]
)
def test_department_prefix_of_no_departement_is_postal_code_unknown(
    postal_code: str,
) -> None:
    with pytest.raises(InvalidPostalCode) as raised:
        department_from_postal_code(postal_code)

    assert raised.value.problem == "postal_code_unknown"


@pytest.mark.parametrize("postal_code", ["97000", "97700", "97800", "97900"])
def test_department_unused_overseas_prefix_is_postal_code_unknown(
    postal_code: str,
) -> None:
    with pytest.raises(InvalidPostalCode) as raised:
        department_from_postal_code(postal_code)

    assert raised.value.problem == "postal_code_unknown"


@pytest.mark.parametrize("postal_code", ["98000", "98600", "98714", "98800"])
def test_department_monaco_and_pacific_are_postal_code_unsupported(
    postal_code: str,
) -> None:
    with pytest.raises(InvalidPostalCode) as raised:
        department_from_postal_code(postal_code)

    assert raised.value.problem == "postal_code_unsupported"


def test_invalid_postal_code_is_a_value_error_with_a_message() -> None:
    with pytest.raises(ValueError, match="five digits"):
        department_from_postal_code("123")


def test_is_postal_code_format_accepts_only_five_ascii_digits() -> None:
    assert france.is_postal_code_format("00100")
    assert not france.is_postal_code_format("0010")
    assert not france.is_postal_code_format("\uff11\uff12\uff13\uff14\uff15")


def test_is_valid_postal_code_follows_department_rules() -> None:
    assert france.is_valid_postal_code("75001")
    assert france.is_valid_postal_code("97133")
    assert not france.is_valid_postal_code("98000")
    assert not france.is_valid_postal_code("00100")
    assert not france.is_valid_postal_code("7500")


def test_is_overseas_for_97x_only() -> None:
    assert france.is_overseas("974")
    assert france.is_overseas("978")
    assert not france.is_overseas("75")
    assert not france.is_overseas("2A")


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [
        (48.8566, 2.3522),  # Paris
        (41.9192, 8.7386),  # Ajaccio
        (-20.8821, 55.4504),  # Saint-Denis, La Réunion
        (-12.7806, 45.2279),  # Mamoudzou, Mayotte
        (16.2650, -61.5510),  # Guadeloupe
        (4.9224, -52.3135),  # Cayenne
        (46.7800, -56.1800),  # Saint-Pierre
        (-22.0, -62.0),
        (52.0, 56.0),
    ],
)
def test_within_france_accepts_covered_territories(
    latitude: float, longitude: float
) -> None:
    assert france.within_france(latitude, longitude)


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [
        (40.7128, -74.0060),  # New York
        (35.0, -62.01),
        (-22.01, 55.0),
        (52.01, 2.0),
        (48.0, 56.01),
        (-21.5, 166.0),  # Nouméa: outside DVF
    ],
)
def test_within_france_refuses_points_outside(
    latitude: float, longitude: float
) -> None:
    assert not france.within_france(latitude, longitude)
