"""Rows -> sales and lots: one sale per mutation, its price counted once.

A mutation's rows are contiguous in the official files (they are sorted by
mutation), so grouping needs only the current mutation in memory. Within it a local
repeated over several cultures is one lot; dépendances and commercial premises are
counted apart; a sale is a *single-dwelling* sale (usable for €/m², data.gouv rule)
when its nature is Vente / VEFA / Adjudication and its only non-dépendance local
is one dwelling (a dwelling sold with commercial premises is not: the price
covers both).
Implausible values are flagged in ``quality_flags``, never dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from common.dvf.formats import Rejected, Row

DWELLINGS = frozenset({"Appartement", "Maison"})
DEPENDANCE = "Dépendance"
PRICED_NATURES = frozenset(
    {"Vente", "Vente en l'état futur d'achèvement", "Adjudication"}
)
MIN_SURFACE, MAX_SURFACE = 9.0, 1000.0
MIN_PRICE_M2, MAX_PRICE_M2 = 500.0, 100_000.0


@dataclass(slots=True)
class Lot:
    """One distinct local of a sale."""

    id_parcelle: str | None
    code_type_local: str | None
    type_local: str
    surface_reelle_bati: float | None
    nombre_pieces: int | None
    lot_numbers: tuple[str, ...]
    surface_carrez: float | None


@dataclass(slots=True)
class Sale:
    """One mutation with its lots, counts, €/m² and quality flags."""

    mutation_key: str
    first_line: int
    last_line: int
    date_mutation: date
    nature_mutation: str
    valeur_fonciere: float | None
    address: Row
    lots: list[Lot] = field(default_factory=list)
    surface_terrain: float | None = None
    dwelling_count: int = 0
    dependance_count: int = 0
    commercial_count: int = 0
    is_single_dwelling: bool = False
    price_per_m2: float | None = None
    quality_flags: list[str] = field(default_factory=list)

    @property
    def dwelling(self) -> Lot | None:
        """The first dwelling lot, if any."""
        return next((lot for lot in self.lots if lot.type_local in DWELLINGS), None)


def _lot_identity(row: Row) -> tuple[object, ...]:
    return (
        row.id_parcelle,
        row.code_type_local,
        row.type_local,
        row.surface_reelle_bati,
        row.nombre_pieces,
        row.lot_numbers,
    )


def build_sale(rows: list[Row]) -> Sale:
    """One sale from all the rows of one mutation (price taken once)."""
    first = rows[0]
    if len(rows) == 1:  # most mutations: one local, one row
        single = [_lot(first)] if first.type_local else []
        sale = Sale(
            first.mutation_key, first.line, first.line, first.date_mutation,
            first.nature_mutation, first.valeur_fonciere, first, single,
            first.surface_terrain,
        )  # fmt: skip
        _classify(sale)
        return sale
    seen_lots: set[tuple[object, ...]] = set()
    seen_land: set[tuple[object, ...]] = set()
    lots: list[Lot] = []
    terrain, has_terrain = 0.0, False
    for row in rows:
        if row.type_local:
            identity = _lot_identity(row)
            if identity not in seen_lots:
                seen_lots.add(identity)
                lots.append(_lot(row))
        land = (row.id_parcelle, row.code_nature_culture, row.surface_terrain)
        if row.surface_terrain is not None and land not in seen_land:
            seen_land.add(land)
            terrain, has_terrain = terrain + row.surface_terrain, True
    address = next((r for r in rows if r.type_local in DWELLINGS), first)
    sale = Sale(
        first.mutation_key, first.line, rows[-1].line, first.date_mutation,
        first.nature_mutation, first.valeur_fonciere, address, lots,
        terrain if has_terrain else None,
    )  # fmt: skip
    _classify(sale)
    return sale


def _lot(row: Row) -> Lot:
    return Lot(
        row.id_parcelle,
        row.code_type_local,
        row.type_local or "",
        row.surface_reelle_bati,
        row.nombre_pieces,
        row.lot_numbers,
        row.surface_carrez,
    )


def _classify(sale: Sale) -> None:
    for lot in sale.lots:
        if lot.type_local in DWELLINGS:
            sale.dwelling_count += 1
        elif lot.type_local == DEPENDANCE:
            sale.dependance_count += 1
        else:
            sale.commercial_count += 1
    sale.is_single_dwelling = (
        sale.dwelling_count == 1
        and sale.commercial_count == 0
        and sale.nature_mutation in PRICED_NATURES
    )
    sale.quality_flags = _flags(sale)


def _flags(sale: Sale) -> list[str]:
    flags: list[str] = []
    price = sale.valeur_fonciere
    if price is None:
        flags.append("price_missing")
    elif price <= 0:
        flags.append("price_zero")
    if sale.address.longitude is None or sale.address.latitude is None:
        flags.append("not_geolocated")
    dwelling = sale.dwelling if sale.is_single_dwelling else None
    if dwelling is None:
        return flags
    surface = dwelling.surface_reelle_bati
    if surface is None or surface <= 0:
        flags.append("surface_missing")
    elif surface < MIN_SURFACE:
        flags.append("surface_too_small")
    elif surface > MAX_SURFACE:
        flags.append("surface_too_large")
    if price is not None and price > 0 and surface is not None and surface > 0:
        sale.price_per_m2 = round(price / surface, 2)
        if sale.price_per_m2 < MIN_PRICE_M2:
            flags.append("price_per_m2_too_low")
        elif sale.price_per_m2 > MAX_PRICE_M2:
            flags.append("price_per_m2_too_high")
    return flags


def group_sales(
    items: Iterable[Row | Rejected],
) -> Iterator[tuple[Sale | None, Rejected | None, int]]:
    """Sales of a stream of rows, with rejects passed through.

    Yields ``(sale, None, resume_line)`` when a mutation is complete and
    ``(None, rejected, resume_line)`` for a bad line; ``resume_line`` is the line
    from which a restarted read rebuilds exactly the sales not yet yielded.
    """
    current: list[Row] = []
    for item in items:
        if isinstance(item, Rejected):
            yield None, item, current[0].line if current else item.line + 1
            continue
        if current and item.mutation_key != current[0].mutation_key:
            yield build_sale(current), None, item.line
            current = []
        current.append(item)
    if current:
        yield build_sale(current), None, current[-1].line + 1
