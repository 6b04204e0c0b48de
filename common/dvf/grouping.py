"""Raw rows -> sales and lots, in SQL: one sale per mutation, its price counted once.

Runs on each chunk's raw table, on a grouper connection (:mod:`common.dvf.fileload`).
Chunks end between two mutations, so a chunk holds whole sales. A sale is a run of
rows with the same mutation key (the official files are sorted by mutation): sales
are keyed by mutation, and when a key turns out to form two runs the chunk is
grouped again run by run, as the rows were read (the two sales are then flagged
``split_mutation`` at publication, like a mutation found in two chunks or files).

Within a sale a local repeated over several cultures is one lot (same parcel,
type, surface, rooms and lot numbers; its Carrez surface is its first row's); land
is summed once per (parcel, culture, surface); dépendances and commercial premises
are counted apart. The sale takes its date, nature and price from its first row and
its address from its first dwelling row (else its first row). It is a
*single-dwelling* sale (usable for €/m², data.gouv rule) when its nature is Vente /
VEFA / Adjudication and its only non-dépendance local is one dwelling (a dwelling
sold with commercial premises is not: the price covers both). Its type, surface,
rooms and Carrez surface summarise its dwellings, else its other non-dépendance
locals, added in the order of their first rows. Implausible values are flagged in
``quality_flags``, never dropped. €/m² is rounded to the cent as Python's
``round(x, 2)`` does (none for a surface too small for the division to fit a
double). These are the rules the Python loader applied row by row; the
tests load the same files both ways (COPY and formats.py) and compare.

Ids are ``(file number + 1) << 36`` plus the line of the sale's (or lot's) first
row: unique across the files and tasks of a run, stable when a task is retried.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from common.dvf.rawtable import CARREZ_SQL, LOT_NUMBERS_SQL

ID_SHIFT = 36
DWELLINGS = ("Appartement", "Maison")
DEPENDANCE = "Dépendance"
PRICED_NATURES = ("Vente", "Vente en l'état futur d'achèvement", "Adjudication")
MIN_SURFACE, MAX_SURFACE = 9.0, 1000.0
MIN_PRICE_M2, MAX_PRICE_M2 = 500.0, 100_000.0
# No €/m² when the division would overflow a double (a surface under 1e-300 of
# the price: flagged too small, like any surface under MIN_SURFACE).
OVERFLOW_RATIO = "1e-300"
_SETTINGS = (
    "work_mem = '256MB'",  # a chunk's sorts and hash tables stay in memory
    "extra_float_digits = 1",  # float8 as text: the shortest exact decimal
    "max_parallel_workers_per_gather = 0",  # aggregates add in input order
    "jit = off",  # compiling costs more than it saves on a chunk
    "enable_mergejoin = off",  # without statistics, merge joins sort text keys
)
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


@dataclass(frozen=True, slots=True)
class Grouped:
    """What grouping one chunk inserted."""

    sales: int
    lots: int
    min_date: str | None
    max_date: str | None


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(_literal(v) for v in values) + ")"


_DWELLING = f"type_local IN {_in(DWELLINGS)}"


def round_cents_sql(value: str) -> str:
    """SQL for Python's ``round(value, 2)`` of a positive float8.

    Python rounds the binary value to the nearest cent, a half cent to the even
    one, then reads the decimal back. Away from a half cent, rounding the float
    ``value * 100`` finds the same cent (its error is below the margin checked).
    Near one, the shortest decimal that reads back as ``value`` decides unless it
    is itself a half cent: then the exact binary value does (an exact half, a
    multiple of 1/8, goes to the even cent). From 2**46 on, a cent is below half
    a unit in the last place: the value is its own rounding.
    """
    v, x = f"({value})", f"(({value}) * 100)"
    decimal = f"{v}::text::numeric"
    scale = "1152921504606846976"  # 2**60: the binary value as an integer
    exact = (
        f"(trunc({v})::bigint::numeric * {scale} "
        f"+ (({v} - trunc({v})) * {scale})::bigint::numeric)"
    )
    down, up = f"floor({decimal} * 100) / 100", f"ceil({decimal} * 100) / 100"
    half = f"scale({decimal}) = 3 AND mod({decimal} * 1000, 10) = 5"
    to_even = f"CASE WHEN mod(floor({decimal} * 100), 2) = 0 THEN {down} ELSE {up} END"
    return (
        f"CASE WHEN {v} >= 70368744177664 THEN {v} "
        f"WHEN abs({x} - floor({x}) - 0.5) > {x} * 2.3e-16 THEN round({x}) / 100 "
        f"WHEN NOT ({half}) THEN round({decimal}, 2)::float8 "
        f"ELSE (CASE WHEN {v} * 8 = trunc({v} * 8) THEN {to_even} "
        f"WHEN {exact} < {decimal} * {scale} THEN {down} ELSE {up} END)::float8 END"
    )


def _rows_sql(raw: str, by_runs: bool) -> str:
    """The rows to group, each with the key of its sale (``sale_key``).

    A sale is a run of rows with the same mutation key. When every key of the
    chunk forms one run (the files are sorted by mutation) the key is its sale's;
    otherwise (``by_runs``) each run gets the line of its first row.
    """
    rows = f"""SELECT line, id_mutation, date_mutation, nature_mutation,
        valeur_fonciere, adresse_numero, adresse_suffixe, adresse_nom_voie,
        adresse_code_voie, code_postal, code_commune, nom_commune, code_departement,
        longitude, latitude, id_parcelle, code_type_local, type_local,
        surface_reelle_bati, nombre_pieces_principales AS nombre_pieces,
        code_nature_culture, surface_terrain, {LOT_NUMBERS_SQL} AS lot_numbers,
        {CARREZ_SQL} AS surface_carrez, {_DWELLING} AS dwelling"""
    if not by_runs:
        return f'{rows}, id_mutation AS sale_key FROM "{raw}"'
    return f"""
SELECT s.*, (max(CASE WHEN starts THEN line END)
    OVER (ORDER BY line ROWS UNBOUNDED PRECEDING))::text AS sale_key
FROM ({rows}, id_mutation IS DISTINCT FROM lag(id_mutation) OVER (ORDER BY line)
        AS starts FROM "{raw}") s"""


def _sales_sql() -> str:
    """Per sale: its first line, its address row's, whether it is one run of lines."""
    return """
SELECT sale_key, min(line) AS first_line,
  coalesce(min(line) FILTER (WHERE dwelling), min(line)) AS address_line,
  bool_or(dwelling) AS has_dwelling, max(line) - min(line) + 1 = count(*) AS one_run
FROM r GROUP BY sale_key"""


def _lots_sql() -> str:
    """Distinct locals of each sale: their first row, its Carrez surface, their kind.

    A local's kind: 1 dwelling, 2 dépendance, 3 other (commercial premises...).
    """
    identity = "id_parcelle, code_type_local, type_local, surface_reelle_bati, "
    identity += "nombre_pieces, lot_numbers"
    kind = (
        f"CASE WHEN {_DWELLING} THEN 1 WHEN type_local = {_literal(DEPENDANCE)} "
        "THEN 2 ELSE 3 END"
    )
    return f"""
SELECT sale_key, {identity}, {kind} AS kind, min(line) AS lot_line,
  (min(ARRAY[line::float8, surface_carrez]))[2] AS surface_carrez
FROM r WHERE type_local IS NOT NULL GROUP BY sale_key, {identity}"""


def _summary_sql() -> str:
    """Per sale: its locals counted by kind and the totals that summarise it.

    The totals are its dwellings', else its other locals' (``chosen``), added in
    the order of their first rows as formats.py did; the first other local gives
    its type.
    """
    totals = ", ".join(
        f"sum({column}) FILTER (WHERE chosen) AS {column}"
        for column in ("surface_reelle_bati", "nombre_pieces", "surface_carrez")
    )
    return f"""
SELECT first_line, count(*) AS lots, count(*) FILTER (WHERE kind = 1) AS dwellings,
  count(*) FILTER (WHERE kind = 2) AS dependances,
  count(*) FILTER (WHERE kind = 3) AS commercials,
  substr(min(lpad(lot_line::text, 20, '0') || type_local COLLATE "C")
         FILTER (WHERE kind = 3), 21) AS commercial_type, {totals}
FROM (SELECT first_line, lot_line, kind, type_local, surface_reelle_bati,
        nombre_pieces, surface_carrez,
        kind = CASE WHEN has_dwelling THEN 1 ELSE 3 END AS chosen
      FROM lm ORDER BY lot_line) l
GROUP BY first_line"""


def _land_sql() -> str:
    """Per sale: its land, each (parcel, culture, surface) once, added in order."""
    # formats.py adds land to 0.0; "+ 0.0" gives the same result for -0.0.
    return """
SELECT sale_key, sum(surface_terrain) + 0.0 AS surface_terrain
FROM (SELECT sale_key, id_parcelle, code_nature_culture, surface_terrain
      FROM r WHERE surface_terrain IS NOT NULL
      GROUP BY 1, 2, 3, 4 ORDER BY min(line)) d
GROUP BY sale_key"""


def _flags_sql() -> str:
    return f"""CASE WHEN valeur_fonciere > 0 AND longitude IS NOT NULL
    AND latitude IS NOT NULL AND (NOT single OR dwelling_surface BETWEEN
      {MIN_SURFACE} AND {MAX_SURFACE} AND price_per_m2 BETWEEN {MIN_PRICE_M2}
      AND {MAX_PRICE_M2}) THEN '[]'::jsonb
  ELSE to_jsonb(array_remove(ARRAY[
    CASE WHEN valeur_fonciere IS NULL THEN 'price_missing'
         WHEN valeur_fonciere <= 0 THEN 'price_zero' END,
    CASE WHEN longitude IS NULL OR latitude IS NULL THEN 'not_geolocated' END,
    CASE WHEN NOT single THEN NULL
         WHEN dwelling_surface IS NULL OR dwelling_surface <= 0 THEN 'surface_missing'
         WHEN dwelling_surface < {MIN_SURFACE} THEN 'surface_too_small'
         WHEN dwelling_surface > {MAX_SURFACE} THEN 'surface_too_large' END,
    CASE WHEN price_per_m2 < {MIN_PRICE_M2} THEN 'price_per_m2_too_low'
         WHEN price_per_m2 > {MAX_PRICE_M2} THEN 'price_per_m2_too_high' END
  ], NULL)) END"""


def _lot_numbers_json() -> str:
    return (
        "CASE cardinality(lot_numbers) WHEN 0 THEN '[]'::jsonb "
        "WHEN 1 THEN jsonb_build_array(lot_numbers[1]) "
        "ELSE to_jsonb(lot_numbers) END"
    )


def _group_sql(raw: str, tables: tuple[str, str], base: int, by_runs: bool) -> str:
    sales, lots = tables
    return f"""
WITH r AS {"" if by_runs else "NOT "}MATERIALIZED ({_rows_sql(raw, by_runs)}),
m AS MATERIALIZED ({_sales_sql()}),
lm AS MATERIALIZED (
  SELECT l.*, m.first_line, m.has_dwelling FROM ({_lots_sql()}) l
  JOIN m USING (sale_key)),
inserted_lots AS (
  INSERT INTO "{lots}" ({", ".join(LOT_TABLE_COLUMNS)})
  SELECT {base} + lot_line, {base} + first_line, id_parcelle, code_type_local,
    type_local, surface_reelle_bati, nombre_pieces, {_lot_numbers_json()},
    surface_carrez
  FROM lm RETURNING 1),
u AS ({_summary_sql()}), t AS ({_land_sql()}),
sale AS (
  SELECT m.first_line, f.id_mutation AS mutation_key, f.date_mutation,
    f.nature_mutation, f.valeur_fonciere, a.adresse_numero, a.adresse_suffixe,
    a.adresse_nom_voie, a.adresse_code_voie, a.code_postal, a.code_commune,
    a.nom_commune, a.code_departement, a.longitude, a.latitude, t.surface_terrain,
    CASE WHEN u.dwellings > 0 THEN a.type_local WHEN u.commercials > 0
         THEN u.commercial_type WHEN u.lots > 0 THEN {_literal(DEPENDANCE)} END
      AS type_local,
    u.surface_reelle_bati + 0.0 AS surface_reelle_bati,
    CASE WHEN u.nombre_pieces IS NOT NULL THEN least(u.nombre_pieces, 32767) END
      AS nombre_pieces,
    u.surface_carrez + 0.0 AS surface_carrez,
    least(coalesce(u.dwellings, 0), 32767) AS dwelling_count,
    least(coalesce(u.dependances, 0), 32767) AS dependance_count,
    least(coalesce(u.commercials, 0), 32767) AS commercial_count,
    coalesce(u.dwellings = 1 AND u.commercials = 0, false)
      AND f.nature_mutation IN {_in(PRICED_NATURES)} AS single,
    CASE WHEN a.dwelling THEN a.surface_reelle_bati END AS dwelling_surface
  FROM m JOIN r f ON f.line = m.first_line JOIN r a ON a.line = m.address_line
  LEFT JOIN u ON u.first_line = m.first_line
  LEFT JOIN t ON t.sale_key = m.sale_key),
priced AS (
  SELECT sale.*, CASE WHEN single AND valeur_fonciere > 0
    AND dwelling_surface > valeur_fonciere * {OVERFLOW_RATIO}
    THEN {round_cents_sql("valeur_fonciere / dwelling_surface")} END AS price_per_m2
  FROM sale),
inserted_sales AS (
  INSERT INTO "{sales}" ({", ".join(SALE_COLUMNS)})
  SELECT {base} + first_line, mutation_key, date_mutation, nature_mutation,
    valeur_fonciere::text::numeric, adresse_numero, adresse_suffixe,
    adresse_nom_voie, adresse_code_voie, code_postal, code_commune, nom_commune,
    code_departement, type_local, surface_reelle_bati, nombre_pieces,
    surface_carrez, surface_terrain, dwelling_count, dependance_count,
    commercial_count, single, price_per_m2, {_flags_sql()}, longitude, latitude
  FROM priced RETURNING date_mutation)
SELECT (SELECT count(*) FROM inserted_sales), (SELECT count(*) FROM inserted_lots),
  (SELECT min(date_mutation)::text FROM inserted_sales),
  (SELECT max(date_mutation)::text FROM inserted_sales),
  (SELECT bool_and(one_run) FROM m)"""


def group_rows(cursor: Any, raw: str, tables: tuple[str, str], file_no: int) -> Grouped:
    """Insert the sales and lots of a chunk's raw rows into the staging tables.

    Sales are first keyed by mutation; when a key turns out to form two runs of
    lines (never in DVF, whose files are sorted by mutation) that is rolled back
    and each run is a sale, as the rows were read.
    """
    base = (file_no + 1) << ID_SHIFT
    for setting in _SETTINGS:
        cursor.execute(f"SET LOCAL {setting}")
    cursor.execute("SAVEPOINT dvf_group")
    cursor.execute(_group_sql(raw, tables, base, by_runs=False))
    sales, lots, min_date, max_date, one_run = cursor.fetchone()
    if one_run is False:
        cursor.execute("ROLLBACK TO SAVEPOINT dvf_group")
        cursor.execute(_group_sql(raw, tables, base, by_runs=True))
        sales, lots, min_date, max_date, _one_run = cursor.fetchone()
    cursor.execute("RELEASE SAVEPOINT dvf_group")
    return Grouped(sales, lots, min_date, max_date)
