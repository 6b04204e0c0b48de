"""The raw table of one source file: its lines, typed, before grouping.

Chunks of a well-formed Etalab file are COPYed as they are (``FORMAT csv``): the
columns are the file's own, PostgreSQL's input functions read the dates and numbers
and a CHECK refuses what :mod:`common.dvf.formats` would have rebuilt or rejected
(codes without their leading zeros, out-of-range numbers), so that such a chunk is
read again by the Python parser. Rows written by the parser carry normalised values
(``parsed``): the raw DGFiP format and the rare chunks PostgreSQL refused end up in
the same shape, and :mod:`common.dvf.grouping` has one input. ``line`` is the record
number in the file: a sequence for COPYed chunks (set to the chunk's first line;
COPY keeps the order of the lines), explicit for parsed rows.
"""

from __future__ import annotations

from typing import Any

from common.dvf.formats import MAX_NUMBER, Row

# The Etalab geolocated CSV, in file order: the column list of a COPYed chunk.
GEO_COLUMNS = (
    "id_mutation", "date_mutation", "numero_disposition", "nature_mutation",
    "valeur_fonciere", "adresse_numero", "adresse_suffixe", "adresse_nom_voie",
    "adresse_code_voie", "code_postal", "code_commune", "nom_commune",
    "code_departement", "ancien_code_commune", "ancien_nom_commune", "id_parcelle",
    "ancien_id_parcelle", "numero_volume", "lot1_numero", "lot1_surface_carrez",
    "lot2_numero", "lot2_surface_carrez", "lot3_numero", "lot3_surface_carrez",
    "lot4_numero", "lot4_surface_carrez", "lot5_numero", "lot5_surface_carrez",
    "nombre_lots", "code_type_local", "type_local", "surface_reelle_bati",
    "nombre_pieces_principales", "code_nature_culture", "nature_culture",
    "code_nature_culture_speciale", "nature_culture_speciale", "surface_terrain",
    "longitude", "latitude",
)  # fmt: skip
LOT_COLUMNS = tuple(f"lot{n}_numero" for n in range(1, 6))
CARREZ_COLUMNS = tuple(f"lot{n}_surface_carrez" for n in range(1, 6))
NUMBER_COLUMNS = (
    "valeur_fonciere", *CARREZ_COLUMNS, "surface_reelle_bati", "surface_terrain",
    "longitude", "latitude",
)  # fmt: skip
_NOT_NULL = frozenset(
    {"id_mutation", "date_mutation", "nature_mutation", "code_commune"}
    | {"code_departement"}
)
_TYPES = {
    "date_mutation": "date",
    "nombre_pieces_principales": "smallint",
    **dict.fromkeys(NUMBER_COLUMNS, "double precision"),
}
# Grouping reads these; the others follow them so that rows are cut short early.
_USED = (
    "id_mutation", "date_mutation", "nature_mutation", "valeur_fonciere",
    "adresse_numero", "adresse_suffixe", "adresse_nom_voie", "adresse_code_voie",
    "code_postal", "code_commune", "nom_commune", "code_departement", "id_parcelle",
    *LOT_COLUMNS, *CARREZ_COLUMNS, "code_type_local", "type_local",
    "surface_reelle_bati", "nombre_pieces_principales", "code_nature_culture",
    "surface_terrain", "longitude", "latitude",
)  # fmt: skip
_UNUSED = tuple(c for c in GEO_COLUMNS if c not in _USED)
# What formats.py would not take as it is: codes it pads, numbers it rejects.
_RAW_CHECK = " AND ".join(
    (
        "length(code_commune) = 5",
        "length(code_departement) >= 2",
        "(code_postal IS NULL OR code_postal ~ '^[0-9]{5}$')",
        *(f"abs({c}) < {MAX_NUMBER:.0e}::float8" for c in NUMBER_COLUMNS),
    )
)

# A parsed Row, in the order of ``parsed_line``.
PARSED_COLUMNS = (
    "line", "parsed", "id_mutation", "date_mutation", "nature_mutation",
    "valeur_fonciere", "adresse_numero", "adresse_suffixe", "adresse_nom_voie",
    "adresse_code_voie", "code_postal", "code_commune", "nom_commune",
    "code_departement", "id_parcelle", *LOT_COLUMNS, "lot1_surface_carrez",
    "code_type_local", "type_local", "surface_reelle_bati",
    "nombre_pieces_principales", "code_nature_culture", "surface_terrain",
    "longitude", "latitude",
)  # fmt: skip
# What str.strip() removes from lot numbers: Python's whitespace (all below U+3001).
_WHITESPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
_SPACES = "U&'" + "".join(f"\\{ord(c):04x}" for c in _WHITESPACE) + "'"
# The lot numbers and Carrez surface of a row, as formats.py reads them: an Etalab
# row has lot numbers only when its first one is filled, numbers are stripped and
# empty ones dropped; Carrez surfaces are added to 0.0, in order. (Parsed rows hold
# them in that form already: the first lot columns, the first Carrez column.)
LOT_NUMBERS_SQL = (
    f"CASE WHEN {LOT_COLUMNS[0]} IS NULL THEN '{{}}'::text[] ELSE array_remove(ARRAY["
    + ", ".join(f"nullif(btrim({c}, {_SPACES}), '')" for c in LOT_COLUMNS)
    + "], NULL) END"
)
CARREZ_SQL = (
    f"CASE WHEN num_nonnulls({', '.join(CARREZ_COLUMNS)}) > 0 THEN 0.0::float8 + "
    + " + ".join(f"coalesce({c}, 0)" for c in CARREZ_COLUMNS)
    + " END"
)
_NULL = "\\N"
_SPECIAL = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_SEP, _NONE = "\x00", "\x01"  # placeholders: fields joined first, escaped once


def raw_name(run_key: str, file_no: int, chunk_no: int) -> str:
    """The raw table of chunk ``chunk_no`` of file ``file_no`` of a run."""
    return f"dvf_raw__s{run_key}_{file_no}_{chunk_no}"


def waiting(cursor: Any, run_key: str, file_no: int) -> list[str]:
    """The raw tables of a file still to group (left by a failed attempt)."""
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
        "AND tablename LIKE %s ORDER BY length(tablename), tablename",
        (f"dvf\\_raw\\_\\_s{run_key}\\_{file_no}\\_%",),
    )
    return [name for (name,) in cursor.fetchall()]


def _column(name: str) -> str:
    kind = _TYPES.get(name, "text")
    return f"{name} {kind}{' NOT NULL' if name in _NOT_NULL else ''}"


def create(cursor: Any, table: str) -> None:
    """Create an UNLOGGED raw table (read once, then dropped: never vacuumed)."""
    columns = ", ".join(_column(c) for c in (*_USED, *_UNUSED))
    cursor.execute(
        f'CREATE UNLOGGED TABLE "{table}" (line bigserial NOT NULL, '
        f"parsed boolean NOT NULL DEFAULT false, {columns}, "
        f"CHECK (parsed OR ({_RAW_CHECK}))) WITH (autovacuum_enabled = false)"
    )


def drop(cursor: Any, table: str) -> None:
    """Drop the raw table."""
    cursor.execute(f'DROP TABLE IF EXISTS "{table}"')


def start_lines_at(cursor: Any, table: str, line: int) -> None:
    """Number the next COPYed row ``line``."""
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence(%s, 'line'), %s, false)",
        (f'"{table}"', line),
    )


def copy_csv_sql(table: str) -> str:
    """The COPY of an Etalab chunk: its lines as they are, empty fields NULL."""
    columns = ", ".join(GEO_COLUMNS)
    return f'COPY "{table}" ({columns}) FROM STDIN (FORMAT csv, FORCE_NULL ({columns}))'


def copy_parsed_sql(table: str) -> str:
    """The COPY of rows read by the Python parser (text format, ``parsed_line``)."""
    return f'COPY "{table}" ({", ".join(PARSED_COLUMNS)}) FROM STDIN'


def _t(value: str | None) -> str:
    return _NONE if value is None else value


def _n(value: float | int | None) -> str:
    return _NONE if value is None else repr(value)


def _copy_text(fields: tuple[str, ...]) -> str:
    """Fields as one COPY text line, escaping only when a field needs it."""
    line = _SEP.join(fields)
    if line.count(_SEP) != len(fields) - 1 or line.count(_NONE) != fields.count(_NONE):
        escaped = (_NULL if f == _NONE else f.translate(_SPECIAL) for f in fields)
        return "\t".join(escaped) + "\n"
    if "\\" in line or "\t" in line or "\n" in line or "\r" in line:
        line = line.translate(_SPECIAL)
    return line.replace(_NONE, _NULL).replace(_SEP, "\t") + "\n"


def parsed_line(row: Row) -> str:
    """One parsed row as a COPY text line of ``PARSED_COLUMNS``."""
    lots = row.lot_numbers[:5] + (_NONE,) * (5 - len(row.lot_numbers[:5]))
    return _copy_text(
        (
            str(row.line), "t", row.mutation_key, row.date_mutation.isoformat(),
            row.nature_mutation, _n(row.valeur_fonciere), _t(row.adresse_numero),
            _t(row.adresse_suffixe), _t(row.adresse_nom_voie),
            _t(row.adresse_code_voie), _t(row.code_postal), row.code_commune,
            _t(row.nom_commune), row.code_departement, _t(row.id_parcelle), *lots,
            _n(row.surface_carrez), _t(row.code_type_local), _t(row.type_local),
            _n(row.surface_reelle_bati), _n(row.nombre_pieces),
            _t(row.code_nature_culture), _n(row.surface_terrain),
            _n(row.longitude), _n(row.latitude),
        )
    )  # fmt: skip
