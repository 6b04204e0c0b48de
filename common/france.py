"""French geography rules: postal code -> département, and bounds of the territory.

A postal code is not a commune code (INSEE): it is the code of a distribution office.
Its first two digits give the metropolitan département, except in Corsica (``20``,
split into ``2A`` and ``2B``) and overseas (``97x``, three-digit départements), where
Saint-Barthélemy (97133) and Saint-Martin (97150) carry their own collectivity codes.
Monaco and the Pacific collectivities (``98``) are outside DVF and refused.
"""

from __future__ import annotations

from typing import Final, Literal

PostalCodeProblem = Literal[
    "postal_code_invalid", "postal_code_unknown", "postal_code_unsupported"
]

# Bounds that hold every French territory covered by the product, overseas included
# (La Réunion and Mayotte in the south, the Antilles and Guyane in the west).
LATITUDE_MIN: Final = -22.0
LATITUDE_MAX: Final = 52.0
LONGITUDE_MIN: Final = -62.0
LONGITUDE_MAX: Final = 56.0

CORSE_DU_SUD: Final = "2A"
HAUTE_CORSE: Final = "2B"
_CORSE_DU_SUD_LAST_CODE: Final = 20199
_OVERSEAS_DEPARTMENTS: Final = frozenset({"971", "972", "973", "974", "975", "976"})
_POSTAL_EXCEPTIONS: Final = {"97133": "977", "97150": "978"}
_ASCII_DIGITS: Final = frozenset("0123456789")


class InvalidPostalCode(ValueError):
    """A postal code that names no supported département; ``problem`` says why."""

    def __init__(self, problem: PostalCodeProblem, message: str) -> None:
        super().__init__(message)
        self.problem: PostalCodeProblem = problem


def is_postal_code_format(value: str) -> bool:
    """True for exactly five ASCII digits (no spaces, no other Unicode digits)."""
    return len(value) == 5 and all(char in _ASCII_DIGITS for char in value)


def department_from_postal_code(postal_code: str) -> str:
    """The département code (``75``, ``2A``, ``974``...) of a French postal code.

    Raises:
        InvalidPostalCode: not five ASCII digits (``postal_code_invalid``), no
            département uses it (``postal_code_unknown``), or a territory outside
            the product's coverage (``postal_code_unsupported``).
    """
    if not is_postal_code_format(postal_code):
        raise InvalidPostalCode(
            "postal_code_invalid", "A postal code is exactly five digits"
        )
    prefix = postal_code[:2]
    if prefix == "20":
        if int(postal_code) <= _CORSE_DU_SUD_LAST_CODE:
            return CORSE_DU_SUD
        return HAUTE_CORSE
    if prefix == "97":
        return _overseas_department(postal_code)
    if prefix == "98":
        raise InvalidPostalCode(
            "postal_code_unsupported",
            "Monaco and the Pacific collectivities are not covered",
        )
    if "01" <= prefix <= "95":
        return prefix
    raise InvalidPostalCode("postal_code_unknown", "No département has this code")


def _overseas_department(postal_code: str) -> str:
    exception = _POSTAL_EXCEPTIONS.get(postal_code)
    if exception is not None:
        return exception
    department = postal_code[:3]
    if department in _OVERSEAS_DEPARTMENTS:
        return department
    raise InvalidPostalCode("postal_code_unknown", "No département has this code")


def is_valid_postal_code(postal_code: str) -> bool:
    """True when ``department_from_postal_code`` accepts the code."""
    try:
        department_from_postal_code(postal_code)
    except InvalidPostalCode:
        return False
    return True


def is_overseas(department: str) -> bool:
    """True for the overseas départements and collectivities (``97x``)."""
    return department.startswith("97")


def within_france(latitude: float, longitude: float) -> bool:
    """True when the point lies in the bounds of the covered French territories."""
    return (
        LATITUDE_MIN <= latitude <= LATITUDE_MAX
        and LONGITUDE_MIN <= longitude <= LONGITUDE_MAX
    )
