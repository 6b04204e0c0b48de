"""Sales and lots as PostgreSQL COPY text lines, and the buffers fed to COPY.

Rows are appended to a :class:`CopyBuffer` and sent with pg8000's ``stream=`` as an
iterable of ~1 MB byte blocks: never one round trip per row.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from common.dvf.grouping import DEPENDANCE, DWELLINGS, Lot, Sale

SALE_COLUMNS = (
    "id, mutation_key, date_mutation, nature_mutation, valeur_fonciere, "
    "adresse_numero, adresse_suffixe, adresse_nom_voie, adresse_code_voie, "
    "code_postal, code_commune, nom_commune, code_departement, type_local, "
    "surface_reelle_bati, nombre_pieces, surface_carrez, surface_terrain, "
    "dwelling_count, dependance_count, commercial_count, is_single_dwelling, "
    "price_per_m2, quality_flags, longitude, latitude"
)
LOT_COLUMNS = (
    "id, sale_id, id_parcelle, code_type_local, type_local, surface_reelle_bati, "
    "nombre_pieces, lot_numbers, surface_carrez"
)
BLOCK_BYTES = 1 << 20
_NULL = "\\N"
_SPECIAL = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_SEP, _NONE = "\x00", "\x01"  # placeholders: fields joined first, escaped once
_EMPTY_FLAGS = "[]"


def _t(value: str | None) -> str:
    return _NONE if value is None else value


def _n(value: float | int | None) -> str:
    return _NONE if value is None else repr(value)


def _line(fields: tuple[str, ...]) -> str:
    """Fields as one COPY text line, escaping only when a field needs it."""
    line = _SEP.join(fields)
    if line.count(_SEP) != len(fields) - 1 or line.count(_NONE) != fields.count(_NONE):
        escaped = (_NULL if f == _NONE else f.translate(_SPECIAL) for f in fields)
        return "\t".join(escaped) + "\n"
    if "\\" in line or "\t" in line or "\n" in line or "\r" in line:
        line = line.translate(_SPECIAL)
    return line.replace(_NONE, _NULL).replace(_SEP, "\t") + "\n"


def _json_strings(values: tuple[str, ...] | list[str]) -> str:
    if not values:
        return _EMPTY_FLAGS
    if not all(v.isprintable() and '"' not in v and "\\" not in v for v in values):
        return json.dumps(list(values), ensure_ascii=False)
    return '["' + '", "'.join(values) + '"]'


def _sum(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _summary(sale: Sale) -> tuple[str | None, float | None, int | None, float | None]:
    if len(sale.lots) == 1:
        lot = sale.lots[0]
        if lot.type_local == DEPENDANCE:
            return DEPENDANCE, None, None, None
        return (
            lot.type_local,
            lot.surface_reelle_bati,
            lot.nombre_pieces,
            (lot.surface_carrez),
        )
    dwellings = [lot for lot in sale.lots if lot.type_local in DWELLINGS]
    others = [lot for lot in sale.lots if lot.type_local != DEPENDANCE]
    chosen = dwellings or others
    if not chosen:
        kind = DEPENDANCE if sale.lots else None
        return kind, None, None, None
    pieces = [lot.nombre_pieces for lot in chosen if lot.nombre_pieces is not None]
    return (
        chosen[0].type_local,
        _sum([lot.surface_reelle_bati for lot in chosen]),
        min(sum(pieces), 32767) if pieces else None,
        _sum([lot.surface_carrez for lot in chosen]),
    )


def sale_line(sale_id: int, sale: Sale) -> str:
    """The COPY text line of one sale."""
    a = sale.address
    kind, surface, pieces, carrez = _summary(sale)
    fields = (
        str(sale_id), _t(sale.mutation_key), sale.date_mutation.isoformat(),
        _t(sale.nature_mutation), _n(sale.valeur_fonciere), _t(a.adresse_numero),
        _t(a.adresse_suffixe), _t(a.adresse_nom_voie), _t(a.adresse_code_voie),
        _t(a.code_postal), _t(a.code_commune), _t(a.nom_commune),
        _t(a.code_departement), _t(kind), _n(surface), _n(pieces), _n(carrez),
        _n(sale.surface_terrain), str(min(sale.dwelling_count, 32767)),
        str(min(sale.dependance_count, 32767)),
        str(min(sale.commercial_count, 32767)),
        "t" if sale.is_single_dwelling else "f", _n(sale.price_per_m2),
        _json_strings(sale.quality_flags), _n(a.longitude), _n(a.latitude),
    )  # fmt: skip
    return _line(fields)


def lot_line(lot_id: int, sale_id: int, lot: Lot) -> str:
    """The COPY text line of one lot."""
    fields = (
        str(lot_id), str(sale_id), _t(lot.id_parcelle), _t(lot.code_type_local),
        _t(lot.type_local), _n(lot.surface_reelle_bati), _n(lot.nombre_pieces),
        _json_strings(lot.lot_numbers), _n(lot.surface_carrez),
    )  # fmt: skip
    return _line(fields)


class CopyBuffer:
    """Text lines accumulated for one COPY, handed out as ~1 MB byte blocks."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self.rows = 0

    def add(self, line: str) -> None:
        """Append one COPY line."""
        self._parts.append(line)
        self.rows += 1

    def blocks(self) -> Iterator[bytes]:
        """The lines as byte blocks of about BLOCK_BYTES; empties the buffer."""
        parts, self._parts, self.rows = self._parts, [], 0
        block: list[str] = []
        size = 0
        for part in parts:
            block.append(part)
            size += len(part)
            if size >= BLOCK_BYTES:
                yield "".join(block).encode()
                block, size = [], 0
        if block:
            yield "".join(block).encode()
