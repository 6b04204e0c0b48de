"""Comparable sales of a property: the widening search over DVF.

Scopes are tried in order: distance rings around the coordinates (300 m, 500 m, 1 km,
2 km), the same street (commune + DVF street code of the normalised street name), the
postal code. Each ring or area is ONE bounded query of its candidates
(:mod:`common.pricing.candidates`: usable sales at the widest constraints, only what
the ladder reads); rings are read narrowest first, so a dense neighbourhood never
reads the 2 km box. The ladder of steps (surface ±20/35/50 % with 24/36/60 months) is
applied in Python. The first step reaching :data:`TARGET` sales wins;
else the scope's widest step if it holds :data:`MINIMUM`; else the next scope. Only
the comparables shown (at most :data:`MAX_COMPARABLES`, nearest or most recent
first) are then read in full, by primary key.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.db.models import DvfSale
from common.pricing.candidates import (
    Candidate,
    Pool,
    postal_pool,
    ring_pool,
    street_pool,
)
from common.pricing.ladder import (
    MINIMUM,
    RINGS_M,
    TARGET,
    Scope,
    SearchStep,
    Subject,
    ring_label,
    step_accepts,
    steps_of,
)

MAX_COMPARABLES = 100


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


PoolFetch = Callable[[Session, Subject, date], Pool]
_AREA_POOLS: dict[Scope, PoolFetch] = {
    "street": street_pool,
    "postal_code": postal_pool,
}
_Chosen = tuple[SearchStep, list[Candidate]]


def _kept(
    step: SearchStep, subject: Subject, today: date, pool: Pool
) -> list[Candidate]:
    return [
        c
        for c in pool.candidates
        if step_accepts(step, subject, today, (c.distance_m, c.surface, c.sold_on))
    ]


def _first_reaching(
    steps: Sequence[SearchStep], subject: Subject, today: date, pool: Pool
) -> _Chosen | None:
    for step in steps:
        kept = _kept(step, subject, today, pool)
        if len(kept) >= TARGET:
            return step, kept
    return None


def _search_scope(
    db: Session, subject: Subject, scope: Scope, today: date
) -> tuple[SearchStep, list[Candidate], bool]:
    """(step, its candidates, capped): the first step reaching TARGET, else the widest.

    Rings are read one at a time, narrowest first, so a dense neighbourhood never
    reads the sales of the 2 km box; each ring's pool is complete within the ring.
    """
    ladder = steps_of(scope)
    if scope == "radius":
        for ring in RINGS_M:
            pool = ring_pool(db, subject, today, ring)
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
    kept: list[Candidate],
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


def _comparable(candidate: Candidate, sale: Any, step: SearchStep) -> Comparable:
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
