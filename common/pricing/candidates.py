"""Candidate sales of one scope of the comparable search: what the ladder reads.

Candidates are single-dwelling sales of the property's type with a €/m² and no
disqualifying quality flag (:func:`usable_sales`), at the search's widest constraints
(±50 % surface, 60 months). A ring is ONE index-only scan of its bounding box in the
partial GiST index of usable geolocated sales of the type (migration 0003), then exact
haversine distances; a street or a postal code is one query, most recent first. Only
id, surface, date and position are read: the comparables shown are read in full later
(``common.pricing.comparables``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Text, and_, cast, func, select, tuple_
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, array
from sqlalchemy.orm import Session

from common.db.models import DvfSale
from common.pricing.address import StreetAddress, normalise_street
from common.pricing.ladder import (
    EARTH_RADIUS_M,
    RELAXATIONS,
    Subject,
    haversine_m,
    months_before,
)

FETCH_LIMIT = 2000
BOX_LIMIT = 5000
STREET_LIMIT = 5000
# Pads the ring's bounding box so that it always holds the whole disc.
BOX_MARGIN = 1.01
# Quality flags (common.dvf.grouper) that do not disqualify a sale; any other
# flag does (price/surface missing or implausible, split_mutation...).
ACCEPTED_FLAGS: tuple[str, ...] = ("not_geolocated",)
_STREET_CODES = "pricing.street_codes"  # Session.info key of the memo


@dataclass(frozen=True, slots=True)
class Candidate:
    """What the ladder needs of a sale: id, surface, date and distance."""

    sale_id: int
    surface: float
    sold_on: date
    distance_m: float | None


@dataclass(frozen=True)
class Pool:
    """The candidates of one scope (or ring) and whether a limit cut them."""

    candidates: list[Candidate]
    capped: bool


def usable_sales(property_type: str) -> list[ColumnElement[bool]]:
    """Conditions of a sale usable for €/m²: type, single dwelling, no bad flag.

    The partial indexes repeat these conditions (``common.db.models``: the btree
    ones without the type, the spatial ones with the coordinates): change both
    together; tests check that each price query reads its index.
    """
    return [DvfSale.type_local == property_type, *usable_sales_of_any_type()]


def usable_sales_of_any_type() -> list[ColumnElement[bool]]:
    """:func:`usable_sales` without the type (``models.USABLE_SALE_SQL``)."""
    flags_left = DvfSale.quality_flags.op("-")(
        cast(array(ACCEPTED_FLAGS, type_=Text), ARRAY(Text))
    )
    return [
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


def ring_pool(db: Session, subject: Subject, today: date, ring_m: int) -> Pool:
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
            found.append(Candidate(sale_id, surface, sold_on, distance))
    found.sort(key=lambda c: (c.distance_m, c.sale_id))
    return Pool(found, capped=len(rows) >= BOX_LIMIT)


def street_codes(
    db: Session, postal_code: str, street: StreetAddress
) -> list[tuple[str, str]]:
    """(code_commune, adresse_code_voie) of the postal code's streets named alike.

    Only streets with a usable sale count: the others have nothing to compare.

    Kept for the session's lifetime: an analysis asks twice (the street scope and
    the last sale at the address) and the postal code's streets are one scan.
    """
    memo: dict[tuple[str, str], list[tuple[str, str]]]
    memo = db.info.setdefault(_STREET_CODES, {})
    key = (postal_code, street.street)
    if key not in memo:
        memo[key] = _street_codes(db, postal_code, street.street)
    return memo[key]


def _street_codes(db: Session, postal_code: str, street: str) -> list[tuple[str, str]]:
    rows = db.execute(
        select(
            DvfSale.code_commune, DvfSale.adresse_code_voie, DvfSale.adresse_nom_voie
        )
        .where(
            *usable_sales_of_any_type(),  # the streets of ix_dvf_sales_postal_street
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
            if v and name and normalise_street(name) == street
        }
    )


def _recent_pool(
    db: Session, subject: Subject, today: date, area: ColumnElement[bool]
) -> Pool:
    """The area's usable sales, most recent first (no distance)."""
    rows = db.execute(
        select(DvfSale.id, DvfSale.surface_reelle_bati, DvfSale.date_mutation)
        .where(*_widest(subject, today), area)
        .order_by(DvfSale.date_mutation.desc(), DvfSale.id)
        .limit(FETCH_LIMIT)
    ).all()
    found = [Candidate(i, surface, day, None) for i, surface, day in rows if surface]
    return Pool(found, capped=len(rows) >= FETCH_LIMIT)


def street_pool(db: Session, subject: Subject, today: date) -> Pool:
    codes = (
        street_codes(db, subject.postal_code, subject.street) if subject.street else []
    )
    if not codes:
        return Pool([], capped=False)
    # The street's sales of the postal code: ix_dvf_sales_postal_street serves it.
    on_street = tuple_(DvfSale.code_commune, DvfSale.adresse_code_voie).in_(codes)
    area = and_(DvfSale.code_postal == subject.postal_code, on_street)
    return _recent_pool(db, subject, today, area)


def postal_pool(db: Session, subject: Subject, today: date) -> Pool:
    return _recent_pool(db, subject, today, DvfSale.code_postal == subject.postal_code)
