"""A synthetic DVF neighbourhood for the pricing tests: sales placed by metres."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from common.db.models import DvfSale
from common.pricing.ladder import months_before

ORIGIN_LAT, ORIGIN_LON = 48.8339, 2.3266
TODAY = date(2025, 6, 15)
METRES_PER_DEGREE = 111_195.08
_ids = itertools.count(9_000_001)


def months_ago(months: int) -> date:
    """The day ``months`` before :data:`TODAY`."""
    return months_before(TODAY, months)


def add_sale(
    db: Session,
    *,
    north_m: float | None = 0.0,
    surface: float = 50.0,
    price_m2: float = 10_000.0,
    sold_on: date = date(2025, 1, 10),
    type_local: str = "Appartement",
    single: bool = True,
    flags: Sequence[str] = (),
    postal: str = "75014",
    commune: str = "75114",
    street: tuple[str | None, str, str] = (None, "RUE RAYMOND LOSSERAND", "8127"),
) -> DvfSale:
    """A single-dwelling sale ``north_m`` metres north of the origin (None: no GPS)."""
    sale_id = next(_ids)
    numero, nom_voie, code_voie = street
    sale = DvfSale(
        id=sale_id,
        mutation_key=f"test-{sale_id}",
        date_mutation=sold_on,
        nature_mutation="Vente",
        valeur_fonciere=round(price_m2 * surface, 2),
        adresse_numero=numero,
        adresse_nom_voie=nom_voie,
        adresse_code_voie=code_voie,
        code_postal=postal,
        code_commune=commune,
        code_departement="75",
        type_local=type_local,
        surface_reelle_bati=surface,
        dwelling_count=1,
        is_single_dwelling=single,
        price_per_m2=price_m2,
        quality_flags=list(flags),
        latitude=None if north_m is None else ORIGIN_LAT + north_m / METRES_PER_DEGREE,
        longitude=None if north_m is None else ORIGIN_LON,
    )
    db.add(sale)
    return sale


def add_sales(db: Session, count: int, **fields: Any) -> list[DvfSale]:
    """``count`` alike sales; ``price_m2`` rises by 10 € each so medians are exact."""
    base = float(fields.pop("price_m2", 10_000.0))
    sales = [add_sale(db, price_m2=base + 10 * n, **fields) for n in range(count)]
    db.flush()
    return sales
