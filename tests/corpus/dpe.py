"""The DPE class scales, old (before July 2021) and new, and the rows that draw them.

Since 1 July 2021 a dwelling's class is the worse of its energy class (primary energy,
kWh/m²/an) and its climate class (kg CO₂/m²/an): the "double seuil". Before, the
energy label and the GES label were two separate scales.
"""

from __future__ import annotations

LETTERS = "ABCDEFG"
NEW_ENERGY_LIMITS = (70, 110, 180, 250, 330, 420)  # upper bounds, A to F
NEW_GES_LIMITS = (6, 11, 30, 50, 70, 100)
OLD_ENERGY_LIMITS = (50, 90, 150, 230, 330, 450)
OLD_GES_LIMITS = (5, 10, 20, 35, 55, 80)


def band(value: float, limits: tuple[int, ...], *, inclusive: bool) -> str:
    """The letter of ``value`` on a scale whose bands end at ``limits``."""
    for letter, limit in zip(LETTERS, limits, strict=False):
        if value < limit or (inclusive and value == limit):
            return letter
    return "G"


def new_dpe_class(kwh_m2: float, kg_co2_m2: float) -> str:
    """The class of a new-style DPE: the worse of energy and climate."""
    energy = band(kwh_m2, NEW_ENERGY_LIMITS, inclusive=False)
    climate = band(kg_co2_m2, NEW_GES_LIMITS, inclusive=False)
    return max(energy, climate)


def new_scale(marked: str, note: str) -> list[tuple[str, str, str]]:
    """The new label's rows: ``< 70``, ``70 à 110``... with ``note`` on ``marked``."""
    bounds = ("", *map(str, NEW_ENERGY_LIMITS))
    rows = []
    for index, letter in enumerate(LETTERS):
        if index == 0:
            threshold = f"< {NEW_ENERGY_LIMITS[0]}"
        elif index == len(LETTERS) - 1:
            threshold = f"≥ {NEW_ENERGY_LIMITS[-1]}"
        else:
            threshold = f"{bounds[index]} à {bounds[index + 1]}"
        rows.append((letter, threshold, note if letter == marked else ""))
    return rows


def old_scale(
    limits: tuple[int, ...], marked: str, note: str
) -> list[tuple[str, str, str]]:
    """The rows of an old label (``≤ 50``, ``51 à 90``...), ``note`` on ``marked``."""
    rows = []
    for index, letter in enumerate(LETTERS):
        if index == 0:
            threshold = f"≤ {limits[0]}"
        elif index == len(LETTERS) - 1:
            threshold = f"> {limits[-1]}"
        else:
            threshold = f"{limits[index - 1] + 1} à {limits[index]}"
        rows.append((letter, threshold, note if letter == marked else ""))
    return rows


def scale_lines(rows: list[tuple[str, str, str]]) -> list[str]:
    """The same rows as scanned-page lines (threshold, letter, note in cells)."""
    return [
        f"{threshold}\t{letter}\t{note}".rstrip("\t")
        for letter, threshold, note in rows
    ]
