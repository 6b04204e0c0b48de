"""Comparable sales of a property: the widening search over DVF.

Candidates are single-dwelling sales of the same type with a €/m² and no
disqualifying quality flag. Scopes are tried in order: distance rings around the
coordinates (300 m, 500 m, 1 km, 2 km), the same street (commune + DVF street code of
the normalised street name), the postal code. Each scope is ONE bounded query at its
widest constraints (±50 % surface, 60 months; a latitude/longitude bounding box for
rings, ordered by approximate distance); the ladder of steps (surface ±20/35/50 %
with 24/36/60 months) is then applied in Python with exact haversine distances. The
first step reaching :data:`TARGET` sales wins; else the scope's widest step if it
holds :data:`MINIMUM`; else the next scope.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, Text, cast, func, select, tuple_
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, array
from sqlalchemy.orm import Session

from common.db.models import DvfSale
from common.pricing.address import StreetAddress, normalise_street
from common.pricing.ladder import (
    EARTH_RADIUS_M,
    MINIMUM,
    RELAXATIONS,
    RINGS_M,
    TARGET,
    Scope,
    SearchStep,
    Subject,
    haversine_m,
    months_before,
    ring_label,
    step_accepts,
    steps_of,
)

FETCH_LIMIT = 2000
MAX_COMPARABLES = 100
STREET_LIMIT = 5000
# Quality flags (common.dvf.grouping) that do not disqualify a sale; any other
# flag does (price/surface missing or implausible, split_mutation...).
ACCEPTED_FLAGS: tuple[str, ...] = ("not_geolocated",)


@dataclass(frozen=True)
class Comparable:
    """A comparable sale with its distance, ring and the rule that found it."""

    sale_id: int
    date_mutation: date
    price: float
    surface: float
    price_m2: float
    rooms: int | None
    address: str
    code_postal: str | None
    code_commune: str
    latitude: float | None
    longitude: float | None
    distance_m: float | None
    ring: str
    rule: str


@dataclass(frozen=True)
class ComparableSearch:
    """The comparables found, the step used and every scope tried."""

    comparables: tuple[Comparable, ...]
    step: SearchStep | None
    scopes_tried: tuple[Scope, ...]
    enough: bool
    truncated: bool


def usable_sales(property_type: str) -> list[ColumnElement[bool]]:
    """Conditions of a sale usable for €/m²: type, single dwelling, no bad flag."""
    flags_left = DvfSale.quality_flags.op("-")(
        cast(array(ACCEPTED_FLAGS, type_=Text), ARRAY(Text))
    )
    return [
        DvfSale.type_local == property_type,
        DvfSale.is_single_dwelling.is_(True),
        DvfSale.price_per_m2 > 0,
        DvfSale.surface_reelle_bati > 0,
        func.coalesce(flags_left, cast([], JSONB)) == cast([], JSONB),
    ]


def _base_query(subject: Subject, today: date) -> Select[Any]:
    widest_band, widest_months = RELAXATIONS[-1]
    return select(DvfSale).where(
        *usable_sales(subject.property_type),
        DvfSale.surface_reelle_bati.between(
            subject.surface * (1 - widest_band), subject.surface * (1 + widest_band)
        ),
        DvfSale.date_mutation.between(months_before(today, widest_months), today),
    )


def _radius_rows(db: Session, subject: Subject, today: date) -> Sequence[DvfSale]:
    lat, lon = subject.latitude or 0.0, subject.longitude or 0.0
    dlat = math.degrees(RINGS_M[-1] / EARTH_RADIUS_M)
    cos_lat = max(math.cos(math.radians(lat)), 0.01)
    dlon = dlat / cos_lat
    approx = func.power(DvfSale.latitude - lat, 2) + func.power(
        (DvfSale.longitude - lon) * cos_lat, 2
    )
    query = _base_query(subject, today).where(
        DvfSale.latitude.between(lat - dlat, lat + dlat),
        DvfSale.longitude.between(lon - dlon, lon + dlon),
    )
    return db.scalars(query.order_by(approx, DvfSale.id).limit(FETCH_LIMIT)).all()


def street_codes(
    db: Session, postal_code: str, street: StreetAddress
) -> list[tuple[str, str]]:
    """(code_commune, adresse_code_voie) of the postal code's streets named alike."""
    rows = db.execute(
        select(
            DvfSale.code_commune, DvfSale.adresse_code_voie, DvfSale.adresse_nom_voie
        )
        .where(
            DvfSale.code_postal == postal_code,
            DvfSale.adresse_code_voie.is_not(None),
            DvfSale.adresse_nom_voie.is_not(None),
        )
        .distinct()
        .limit(STREET_LIMIT)
    ).all()
    return sorted(
        {
            (c, v)
            for c, v, name in rows
            if v and name and normalise_street(name) == street.street
        }
    )


def _street_rows(db: Session, subject: Subject, today: date) -> Sequence[DvfSale]:
    if subject.street is None:
        return []
    codes = street_codes(db, subject.postal_code, subject.street)
    if not codes:
        return []
    query = _base_query(subject, today).where(
        tuple_(DvfSale.code_commune, DvfSale.adresse_code_voie).in_(codes)
    )
    order = (DvfSale.date_mutation.desc(), DvfSale.id)
    return db.scalars(query.order_by(*order).limit(FETCH_LIMIT)).all()


def _postal_rows(db: Session, subject: Subject, today: date) -> Sequence[DvfSale]:
    query = _base_query(subject, today).where(
        DvfSale.code_postal == subject.postal_code
    )
    order = (DvfSale.date_mutation.desc(), DvfSale.id)
    return db.scalars(query.order_by(*order).limit(FETCH_LIMIT)).all()


_Candidate = tuple[DvfSale, float | None]
_Fetch = Callable[[Session, Subject, date], Sequence[DvfSale]]
_FETCHERS: dict[Scope, _Fetch] = {
    "radius": _radius_rows,
    "street": _street_rows,
    "postal_code": _postal_rows,
}


def _candidates(
    db: Session, subject: Subject, scope: Scope, today: date
) -> list[_Candidate]:
    rows = _FETCHERS[scope](db, subject, today)
    if scope != "radius":
        return [(row, None) for row in rows]
    lat, lon = subject.latitude or 0.0, subject.longitude or 0.0
    found = [
        (row, haversine_m(lat, lon, row.latitude, row.longitude))
        for row in rows
        if row.latitude is not None and row.longitude is not None
    ]
    return sorted(found, key=lambda pair: (pair[1], pair[0].id))


def _comparable(candidate: _Candidate, step: SearchStep) -> Comparable:
    sale, distance = candidate
    street = " ".join(
        part
        for part in (sale.adresse_numero, sale.adresse_suffixe, sale.adresse_nom_voie)
        if part
    )
    return Comparable(
        sale_id=sale.id,
        date_mutation=sale.date_mutation,
        price=float(sale.valeur_fonciere or 0),
        surface=float(sale.surface_reelle_bati or 0),
        price_m2=float(sale.price_per_m2 or 0),
        rooms=sale.nombre_pieces,
        address=street,
        code_postal=sale.code_postal,
        code_commune=sale.code_commune,
        latitude=sale.latitude,
        longitude=sale.longitude,
        distance_m=None if distance is None else round(distance, 1),
        ring=ring_label(step.scope, distance),
        rule=step.label,
    )


def _choose(
    candidates: list[_Candidate], subject: Subject, scope: Scope, today: date
) -> tuple[SearchStep, list[_Candidate]]:
    ladder = steps_of(scope)
    for step in ladder:
        kept = [c for c in candidates if _accepts(step, subject, today, c)]
        if len(kept) >= TARGET:
            return step, kept
    widest = ladder[-1]
    return widest, [c for c in candidates if _accepts(widest, subject, today, c)]


def _accepts(
    step: SearchStep, subject: Subject, today: date, candidate: _Candidate
) -> bool:
    sale, distance = candidate
    facts = (distance, float(sale.surface_reelle_bati or 0), sale.date_mutation)
    return step_accepts(step, subject, today, facts)


def find_comparables(db: Session, subject: Subject, today: date) -> ComparableSearch:
    """Comparables of ``subject`` by the widening search described above."""
    scopes: list[Scope] = []
    if subject.latitude is not None and subject.longitude is not None:
        scopes.append("radius")
    if subject.street is not None:
        scopes.append("street")
    scopes.append("postal_code")
    chosen: tuple[SearchStep, list[_Candidate]] | None = None
    for index, scope in enumerate(scopes):
        candidates = _candidates(db, subject, scope, today)
        chosen = _choose(candidates, subject, scope, today)
        if len(chosen[1]) >= MINIMUM:
            truncated = len(candidates) >= FETCH_LIMIT
            return _result(chosen, tuple(scopes[: index + 1]), truncated)
    assert chosen is not None
    return _result(chosen, tuple(scopes), truncated=False)


def _result(
    chosen: tuple[SearchStep, list[_Candidate]],
    tried: tuple[Scope, ...],
    truncated: bool,
) -> ComparableSearch:
    step, kept = chosen
    comparables = tuple(_comparable(c, step) for c in kept[:MAX_COMPARABLES])
    return ComparableSearch(
        comparables=comparables,
        step=step,
        scopes_tried=tried,
        enough=len(comparables) >= MINIMUM,
        truncated=truncated or len(kept) > MAX_COMPARABLES,
    )
