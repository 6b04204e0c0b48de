"""Raw rows -> sales and lots: one sale per mutation, its price counted once.

The grouping runs in native code (``native/dvf_grouper``, Rust, built by ``make`` into
``_native/``, loaded here through ctypes on first use; the DVF job image builds it
too): PostgreSQL spent ~16 s of CPU grouping 2,000,000 rows in SQL, the grouper takes
0.13-0.20 s a 100,000-row chunk (~3 s in all), and its sales and lots go to PostgreSQL
as CSV for COPY. The rules it applies:

A sale is a run of rows with the same mutation key (the official files are sorted by
mutation): a key met in two runs (or in two chunks or files) makes two sales, flagged
``split_mutation`` at publication. Within a sale a local repeated over several
cultures is one lot (same parcel, type, surface, rooms and lot numbers; its Carrez
surface is its first row's); land is summed once per (parcel, culture, surface);
dépendances and commercial premises are counted apart. The sale takes its date,
nature and price from its first row and its address from its first dwelling row (else
its first row). It is a *single-dwelling* sale (usable for €/m², data.gouv rule) when
its nature is Vente / VEFA / Adjudication and its only non-dépendance local is one
dwelling (a dwelling sold with commercial premises is not: the price covers both). Its
type, surface, rooms and Carrez surface summarise its dwellings, else its other
non-dépendance locals, added in the order of their first rows. Implausible values are
flagged in ``quality_flags``, never dropped. €/m² is rounded to the cent as Python's
``round(x, 2)`` does (none for a surface too small for the division to fit a double).

A chunk of an Etalab file is checked as it is read: anything :mod:`common.dvf.formats`
would read differently (other number or date forms, codes without their leading
zeros, blank lines, bad quoting, invalid UTF-8) makes the grouper refuse it, and the
chunk is read by the Python parser (which reports malformed lines); its rows come back
to the grouper in the *parsed* form written by :func:`parsed_record`.

Ids are ``(file number + 1) << 36`` plus the line of the sale's (or lot's) first
row: unique across the files and tasks of a run, stable when a task is retried.
"""

from __future__ import annotations

import ctypes
import functools
from dataclasses import dataclass
from pathlib import Path

from common.dvf.formats import Row

ID_SHIFT = 36
LIBRARY = Path(__file__).with_name("_native") / "libdvf_grouper.so"
SALE_COLUMNS = (
    "id", "mutation_key", "date_mutation", "nature_mutation", "valeur_fonciere",
    "adresse_numero", "adresse_suffixe", "adresse_nom_voie", "adresse_code_voie",
    "code_postal", "code_commune", "nom_commune", "code_departement", "type_local",
    "surface_reelle_bati", "nombre_pieces", "surface_carrez", "surface_terrain",
    "dwelling_count", "dependance_count", "commercial_count", "is_single_dwelling",
    "price_per_m2", "quality_flags", "longitude", "latitude",
)  # fmt: skip
LOT_TABLE_COLUMNS = (
    "id", "sale_id", "id_parcelle", "code_type_local", "type_local",
    "surface_reelle_bati", "nombre_pieces", "lot_numbers", "surface_carrez",
)  # fmt: skip
_OK = 0


class _Result(ctypes.Structure):
    _fields_ = [
        ("status", ctypes.c_int32),
        ("rows", ctypes.c_int64),
        ("sales", ctypes.c_int64),
        ("lots", ctypes.c_int64),
        ("min_date", ctypes.c_char * 10),
        ("max_date", ctypes.c_char * 10),
        ("sales_csv", ctypes.c_void_p),
        ("sales_len", ctypes.c_size_t),
        ("lots_csv", ctypes.c_void_p),
        ("lots_len", ctypes.c_size_t),
    ]


@dataclass(frozen=True, slots=True)
class Grouped:
    """A chunk's sales and lots, as CSV of SALE_COLUMNS / LOT_TABLE_COLUMNS."""

    rows: int
    sales: int
    lots: int
    min_date: str | None
    max_date: str | None
    sales_csv: bytes
    lots_csv: bytes


@functools.cache
def _library() -> ctypes.CDLL:
    if not LIBRARY.exists():
        raise RuntimeError(
            f"the DVF grouper is not built ({LIBRARY}): run `make install`"
        )
    library = ctypes.CDLL(str(LIBRARY))  # calls release the GIL
    library.dvf_group.argtypes = [
        ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int64, ctypes.c_int64,
        ctypes.c_int32, ctypes.POINTER(_Result),
    ]  # fmt: skip
    library.dvf_group.restype = None
    library.dvf_free.argtypes = [ctypes.POINTER(_Result)]
    library.dvf_free.restype = None
    return library


def base_id(file_no: int) -> int:
    """What the ids of file ``file_no``'s sales and lots add their line to."""
    return (file_no + 1) << ID_SHIFT


def group(data: bytes, first_line: int, base: int, *, parsed: bool) -> Grouped | None:
    """Group a chunk's records (Etalab lines from ``first_line``, or parsed records);
    None when an Etalab chunk is not to be read as it is."""
    library = _library()
    result = _Result()
    library.dvf_group(data, len(data), first_line, base, int(parsed), result)
    if result.status != _OK:
        return None
    try:
        dated = result.sales > 0
        return Grouped(
            result.rows,
            result.sales,
            result.lots,
            result.min_date.decode() if dated else None,
            result.max_date.decode() if dated else None,
            ctypes.string_at(result.sales_csv, result.sales_len),
            ctypes.string_at(result.lots_csv, result.lots_len),
        )
    finally:
        library.dvf_free(result)


def _n(value: float | int | None) -> str:
    return "" if value is None else repr(value)


def parsed_record(row: Row) -> list[str]:
    """A row read by the Python parser as a parsed record: its line, then the
    Etalab columns it fills (lot numbers from the first, the Carrez total first)."""
    lots = [*row.lot_numbers[:5], *[""] * (5 - len(row.lot_numbers[:5]))]
    return [
        str(row.line), row.mutation_key, row.date_mutation.isoformat(), "",
        row.nature_mutation, _n(row.valeur_fonciere), row.adresse_numero or "",
        row.adresse_suffixe or "", row.adresse_nom_voie or "",
        row.adresse_code_voie or "", row.code_postal or "", row.code_commune,
        row.nom_commune or "", row.code_departement, "", "", row.id_parcelle or "",
        "", "", lots[0], _n(row.surface_carrez), lots[1], "", lots[2], "", lots[3],
        "", lots[4], "", "", row.code_type_local or "", row.type_local or "",
        _n(row.surface_reelle_bati), _n(row.nombre_pieces),
        row.code_nature_culture or "", "", "", "", _n(row.surface_terrain),
        _n(row.longitude), _n(row.latitude),
    ]  # fmt: skip
