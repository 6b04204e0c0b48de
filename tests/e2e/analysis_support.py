"""Data of the analysis tests: DVF sales around a Paris 14e flat, published loads."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from common.db import session_scope
from common.db.models import DvfLoadRun, DvfSale
from tests.factories import TestUser, saved_property_id

LATITUDE, LONGITUDE = 48.8339, 2.3266
# Ten sales near 9,000 €/m² without an outlier (Tukey fences ~8,830-9,180 €/m²).
SALE_PRICES_M2 = (8_900, 8_950, 9_000, 9_000, 9_050, 9_100, 8_950, 9_000, 9_050, 9_100)


def sale(sale_id: int, price_m2: float, sold_on: date, **overrides: Any) -> DvfSale:
    """A single-apartment sale of 50 m² a few metres from the test property."""
    surface = overrides.pop("surface_reelle_bati", 50.0)
    fields: dict[str, Any] = {
        "id": sale_id,
        "mutation_key": f"test-{sale_id}",
        "date_mutation": sold_on,
        "nature_mutation": "Vente",
        "valeur_fonciere": price_m2 * surface,
        "adresse_numero": str(sale_id),
        "adresse_nom_voie": "RUE DAGUERRE",
        "adresse_code_voie": "2513",
        "code_postal": "75014",
        "code_commune": "75114",
        "nom_commune": "Paris 14e Arrondissement",
        "code_departement": "75",
        "type_local": "Appartement",
        "surface_reelle_bati": surface,
        "nombre_pieces": 2,
        "dwelling_count": 1,
        "is_single_dwelling": True,
        "price_per_m2": price_m2,
        "quality_flags": [],
        "latitude": LATITUDE + 0.0001 * (sale_id % 7),
        "longitude": LONGITUDE - 0.0001 * (sale_id % 5),
    }
    return DvfSale(**(fields | overrides))


def insert_sales(
    prices_m2: tuple[float, ...] = SALE_PRICES_M2, *, first_id: int = 1
) -> list[int]:
    """Commit one recent sale per price near the test property; their ids."""
    today = datetime.now(tz=UTC).date()
    sales = [
        sale(first_id + n, price, today - timedelta(days=20 + 30 * n))
        for n, price in enumerate(prices_m2)
    ]
    with session_scope() as db:
        db.add_all(sales)
    return [s.id for s in sales]


def publish_load(finished_at: datetime | None = None) -> uuid.UUID:
    """Commit a published DVF load run; its id."""
    finished = finished_at or datetime.now(tz=UTC)
    run = DvfLoadRun(
        id=uuid.uuid4(),
        status="succeeded",
        sources=["paris14.csv.gz"],
        rows_read=12,
        sales_loaded=10,
        lots_loaded=11,
        started_at=finished - timedelta(minutes=3),
        finished_at=finished,
    )
    with session_scope() as db:
        db.add(run)
    return run.id


def located_property(owner: TestUser, **overrides: Any) -> uuid.UUID:
    """A committed Paris 14e flat of ``owner`` with coordinates."""
    fields = {"latitude": LATITUDE, "longitude": LONGITUDE} | overrides
    return saved_property_id(owner, **fields)
