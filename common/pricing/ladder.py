"""The widening ladder of the comparable search: scopes, rings, bands, windows.

Pure rules (no database): which steps exist, in which order, and whether a sale at a
given distance, surface and date belongs to a step. Radius scopes try every ring from
300 m to 2 km, and inside each ring the surface band / time window relax together:
±20 % and 24 months, ±35 % and 36 months, ±50 % and 60 months. Distance ranks above
surface and age because location drives €/m² most, and age is corrected by the trend.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Literal

from common.pricing.address import StreetAddress

Scope = Literal["radius", "street", "postal_code"]
RINGS_M: tuple[int, ...] = (300, 500, 1000, 2000)
RELAXATIONS: tuple[tuple[float, int], ...] = ((0.20, 24), (0.35, 36), (0.50, 60))
TARGET = 12
MINIMUM = 5
EARTH_RADIUS_M = 6_371_008.8
PROXIMITY = {300: 1.0, 500: 0.95, 1000: 0.85, 2000: 0.7, "street": 0.8}
POSTAL_PROXIMITY = 0.6


@dataclass(frozen=True)
class Subject:
    """What the search needs to know about the property."""

    property_type: str
    surface: float
    postal_code: str
    latitude: float | None = None
    longitude: float | None = None
    street: StreetAddress | None = None


@dataclass(frozen=True)
class SearchStep:
    """One rung of the ladder: scope, ring (metres), surface band, months."""

    scope: Scope
    radius_m: int | None
    surface_band: float
    months: int

    @property
    def label(self) -> str:
        """``radius_300m_s20_m24``, ``street_s35_m36``, ``postal_code_s50_m60``."""
        where = f"radius_{self.radius_m}m" if self.radius_m else self.scope
        return f"{where}_s{round(self.surface_band * 100)}_m{self.months}"

    @property
    def proximity(self) -> float:
        """How local the step is, 0-1 (feeds the confidence)."""
        if self.scope == "postal_code":
            return POSTAL_PROXIMITY
        return PROXIMITY[self.radius_m or "street"]


def months_before(today: date, months: int) -> date:
    """The same day ``months`` earlier (clamped to the 28th)."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return date(year, month + 1, min(today.day, 28))


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def steps_of(scope: Scope) -> list[SearchStep]:
    """The ladder of one scope, narrowest first (rings outermost for radius)."""
    rings: tuple[int | None, ...] = RINGS_M if scope == "radius" else (None,)
    return [
        SearchStep(scope, ring, band, months)
        for ring in rings
        for band, months in RELAXATIONS
    ]


def step_accepts(
    step: SearchStep,
    subject: Subject,
    today: date,
    sale: tuple[float | None, float, date],
) -> bool:
    """Whether a sale (distance in m or None, surface, date) belongs to ``step``."""
    distance, surface, sold_on = sale
    if step.radius_m is not None and (distance is None or distance > step.radius_m):
        return False
    band = step.surface_band
    if not subject.surface * (1 - band) <= surface <= subject.surface * (1 + band):
        return False
    return months_before(today, step.months) <= sold_on <= today


def ring_label(scope: Scope, distance: float | None) -> str:
    """``300m`` ... ``2000m`` (smallest ring holding the sale), or the scope name."""
    if scope != "radius" or distance is None:
        return scope
    return f"{next((r for r in RINGS_M if distance <= r), RINGS_M[-1])}m"
