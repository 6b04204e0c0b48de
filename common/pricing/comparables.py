"""Comparable sales of a property: the widening search over DVF.

Candidates are single-dwelling sales of the same type with a €/m² and no
disqualifying quality flag. Scopes are tried in order: distance rings around the
coordinates (300 m, 500 m, 1 km, 2 km), the same street (commune + DVF street code of
the normalised street name), the postal code. Each ring or area is ONE bounded
query at its widest constraints (±50 % surface, 60 months) reading only what the
ladder needs (id, surface, date, position): for a ring, an index-only scan of the
ring's bounding box in a partial GiST index of usable sales (migration 0003), then
exact haversine distances. The ladder of steps (surface ±20/35/50 % with 24/36/60
months) is applied in Python. The first step reaching :data:`TARGET` sales wins;
else the scope's widest step if it holds :data:`MINIMUM`; else the next scope. Only
the comparables shown (at most :data:`MAX_COMPARABLES`, nearest or most recent
first) are then read in full, by primary key.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Text, cast, func, select, tuple_
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
BOX_LIMIT = 5000
MAX_COMPARABLES = 100
STREET_LIMIT = 5000
# Pads the ring's bounding box so that it always holds the whole disc.
BOX_MARGIN = 1.01
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


@dataclass(frozen=True, slots=True)
class _Candidate:
    """What the ladder needs of a sale: id, surface, date and distance."""

    sale_id: int
    surface: float
    sold_on: date
    distance_m: float | None


@dataclass(frozen=True)
class _Pool:
    """The candidates of one scope (or ring) and whether a limit cut them."""

    candidates: list[_Candidate]
    capped: bool


def usable_sales(property_type: str) -> list[ColumnElement[bool]]:
    """Conditions of a sale usable for €/m²: type, single dwelling, no bad flag.

    The spatial partial indexes repeat these conditions
    (``common.db.models.usable_sale_sql``): change both together; a test checks that
    the ring query is an index-only scan of them.
    """
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


def _widest(subject: Subject, today: date) -> list[ColumnElement[bool]]:
    widest_band, widest_months = RELAXATIONS[-1]
    return [
        *usable_sales(subject.property_type),
        DvfSale.surface_reelle_bati.between(
            subject.surface * (1 - widest_band), subject.surface * (1 + widest_band)
        ),
        DvfSale.date_mutation.between(months_before(today, widest_months), today),
    ]


_RING_COLUMNS = (
    DvfSale.id, DvfSale.surface_reelle_bati, DvfSale.date_mutation,
    DvfSale.latitude, DvfSale.longitude,
)  # fmt: skip


def _ring_pool(db: Session, subject: Subject, today: date, ring_m: int) -> _Pool:
    """Every usable sale within ``ring_m`` metres (exact distance), nearest first.

    One index-only scan of the ring's bounding box (partial GiST index on the
    point, covering the ladder's columns), then exact haversine distances.
    """
    lat, lon = subject.latitude or 0.0, subject.longitude or 0.0
    dlat = math.degrees(ring_m / EARTH_RADIUS_M) * BOX_MARGIN
    dlon = dlat / max(math.cos(math.radians(lat + math.copysign(dlat, lat))), 0.01)
    here = func.point(DvfSale.longitude, DvfSale.latitude)
    box = func.box(
        func.point(lon - dlon, lat - dlat), func.point(lon + dlon, lat + dlat)
    )
    rows = db.execute(
        select(*_RING_COLUMNS)
        .where(
            *_widest(subject, today),
            DvfSale.latitude.is_not(None),
            DvfSale.longitude.is_not(None),
            here.op("<@")(box),
        )
        .order_by(here.op("<->")(func.point(lon, lat)))
        .limit(BOX_LIMIT)
    ).all()
    found = []
    for sale_id, surface, sold_on, sale_lat, sale_lon in rows:
        if surface is None or sale_lat is None or sale_lon is None:
            continue  # excluded by the query's conditions
        distance = haversine_m(lat, lon, sale_lat, sale_lon)
        if distance <= ring_m:
            found.append(_Candidate(sale_id, surface, sold_on, distance))
    found.sort(key=lambda c: (c.distance_m, c.sale_id))
    return _Pool(found, capped=len(rows) >= BOX_LIMIT)


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


def _recent_pool(
    db: Session, subject: Subject, today: date, area: ColumnElement[bool]
) -> _Pool:
    """The area's usable sales, most recent first (no distance)."""
    rows = db.execute(
        select(DvfSale.id, DvfSale.surface_reelle_bati, DvfSale.date_mutation)
        .where(*_widest(subject, today), area)
        .order_by(DvfSale.date_mutation.desc(), DvfSale.id)
        .limit(FETCH_LIMIT)
    ).all()
    found = [_Candidate(i, surface, day, None) for i, surface, day in rows if surface]
    return _Pool(found, capped=len(rows) >= FETCH_LIMIT)


def _street_pool(db: Session, subject: Subject, today: date) -> _Pool:
    codes = (
        street_codes(db, subject.postal_code, subject.street) if subject.street else []
    )
    if not codes:
        return _Pool([], capped=False)
    area = tuple_(DvfSale.code_commune, DvfSale.adresse_code_voie).in_(codes)
    return _recent_pool(db, subject, today, area)


def _postal_pool(db: Session, subject: Subject, today: date) -> _Pool:
    return _recent_pool(db, subject, today, DvfSale.code_postal == subject.postal_code)


_PoolFetch = Callable[[Session, Subject, date], _Pool]
_AREA_POOLS: dict[Scope, _PoolFetch] = {
    "street": _street_pool,
    "postal_code": _postal_pool,
}
_Chosen = tuple[SearchStep, list[_Candidate]]


def _kept(
    step: SearchStep, subject: Subject, today: date, pool: _Pool
) -> list[_Candidate]:
    return [
        c
        for c in pool.candidates
        if step_accepts(step, subject, today, (c.distance_m, c.surface, c.sold_on))
    ]


def _first_reaching(
    steps: Sequence[SearchStep], subject: Subject, today: date, pool: _Pool
) -> _Chosen | None:
    for step in steps:
        kept = _kept(step, subject, today, pool)
        if len(kept) >= TARGET:
            return step, kept
    return None


def _search_scope(
    db: Session, subject: Subject, scope: Scope, today: date
) -> tuple[SearchStep, list[_Candidate], bool]:
    """(step, its candidates, capped): the first step reaching TARGET, else the widest.

    Rings are read one at a time, narrowest first, so a dense neighbourhood never
    reads the sales of the 2 km box; each ring's pool is complete within the ring.
    """
    ladder = steps_of(scope)
    if scope == "radius":
        for ring in RINGS_M:
            pool = _ring_pool(db, subject, today, ring)
            steps = [step for step in ladder if step.radius_m == ring]
            chosen = _first_reaching(steps, subject, today, pool)
            if chosen is not None:
                return *chosen, pool.capped
    else:
        pool = _AREA_POOLS[scope](db, subject, today)
        chosen = _first_reaching(ladder, subject, today, pool)
        if chosen is not None:
            return *chosen, pool.capped
    widest = ladder[-1]
    return widest, _kept(widest, subject, today, pool), pool.capped


def find_comparables(db: Session, subject: Subject, today: date) -> ComparableSearch:
    """Comparables of ``subject`` by the widening search described above."""
    scopes: list[Scope] = []
    if subject.latitude is not None and subject.longitude is not None:
        scopes.append("radius")
    if subject.street is not None:
        scopes.append("street")
    scopes.append("postal_code")
    for index, scope in enumerate(scopes):
        step, kept, capped = _search_scope(db, subject, scope, today)
        if len(kept) >= MINIMUM or index == len(scopes) - 1:
            tried = tuple(scopes[: index + 1])
            return _result(db, step, kept, tried, capped)
    raise AssertionError("the postal-code scope always ends the search")


def _result(
    db: Session,
    step: SearchStep,
    kept: list[_Candidate],
    tried: tuple[Scope, ...],
    capped: bool,
) -> ComparableSearch:
    shown = kept[:MAX_COMPARABLES]
    details = _details(db, [c.sale_id for c in shown])
    comparables = tuple(_comparable(c, details[c.sale_id], step) for c in shown)
    return ComparableSearch(
        comparables=comparables,
        step=step,
        scopes_tried=tried,
        enough=len(comparables) >= MINIMUM,
        truncated=capped or len(kept) > MAX_COMPARABLES,
    )


_DETAIL_COLUMNS = (
    DvfSale.id, DvfSale.date_mutation, DvfSale.valeur_fonciere,
    DvfSale.surface_reelle_bati, DvfSale.price_per_m2, DvfSale.nombre_pieces,
    DvfSale.adresse_numero, DvfSale.adresse_suffixe, DvfSale.adresse_nom_voie,
    DvfSale.code_postal, DvfSale.code_commune, DvfSale.latitude, DvfSale.longitude,
)  # fmt: skip


def _details(db: Session, ids: list[int]) -> dict[int, Any]:
    """The shown comparables' full rows, by primary key (one query)."""
    if not ids:
        return {}
    rows = db.execute(select(*_DETAIL_COLUMNS).where(DvfSale.id.in_(ids))).all()
    return {row.id: row for row in rows}


def _comparable(candidate: _Candidate, sale: Any, step: SearchStep) -> Comparable:
    street = " ".join(
        part
        for part in (sale.adresse_numero, sale.adresse_suffixe, sale.adresse_nom_voie)
        if part
    )
    distance = candidate.distance_m
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
