"""DVF formats: the Etalab geolocated CSV and the raw DGFiP ``valeursfoncieres``.

Both are read into the same :class:`Row` (one local x culture line). The format is
recognised from the header line; codes that lost their leading zeros are rebuilt,
decimal commas and ``dd/mm/yyyy`` dates are read. A malformed line raises
:class:`MalformedRow`, which the loader reports with its line number.

This module is the validator of record: the loader's fast path lets the native
grouper read well-formed Etalab chunks as they are (``common.dvf.grouper``), and any
chunk it refuses is read again here, line by line, for the error report.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

GEO_COLUMNS = 40
RAW_COLUMNS = 43
RAW_FIRST_COLUMNS = ("code service ch", "identifiant de document")
MAX_NUMBER = 1e13  # numeric(15, 2)


class MalformedRow(ValueError):
    """A line that cannot be read; ``reason`` is a short machine-readable code."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass(slots=True)
class Row:
    """One line of a DVF file, normalised (codes zero-padded, numbers parsed)."""

    line: int
    mutation_key: str
    date_mutation: date
    nature_mutation: str
    valeur_fonciere: float | None
    adresse_numero: str | None
    adresse_suffixe: str | None
    adresse_nom_voie: str | None
    adresse_code_voie: str | None
    code_postal: str | None
    code_commune: str
    nom_commune: str | None
    code_departement: str
    id_parcelle: str | None
    lot_numbers: tuple[str, ...]
    surface_carrez: float | None
    code_type_local: str | None
    type_local: str | None
    surface_reelle_bati: float | None
    nombre_pieces: int | None
    code_nature_culture: str | None
    surface_terrain: float | None
    longitude: float | None
    latitude: float | None


def _text(value: str) -> str | None:
    value = value.strip()
    return value or None


def _number(value: str) -> float | None:
    value = value.strip()
    if not value:
        return None
    try:
        number = float(value.replace(",", ".")) if "," in value else float(value)
    except ValueError:
        raise MalformedRow("bad_number", value) from None
    if not math.isfinite(number) or abs(number) >= MAX_NUMBER:
        raise MalformedRow("bad_number", value)
    return number


def _integer(value: str) -> int | None:
    number = _number(value)
    if number is None:
        return None
    if number != int(number) or not -32768 <= number <= 32767:
        raise MalformedRow("bad_integer", value)
    return int(number)


def _carrez(fields: list[str], positions: tuple[int, ...]) -> float | None:
    total, seen = 0.0, False
    for position in positions:
        value = _number(fields[position])
        if value is not None:
            total, seen = total + value, True
    return total if seen else None


def _lots(fields: list[str], positions: tuple[int, ...]) -> tuple[str, ...]:
    return tuple(value for p in positions if (value := fields[p].strip()))


def departement_code(raw: str) -> str:
    """A département code with its leading zero restored (``1`` -> ``01``)."""
    raw = raw.strip().upper()
    if not raw:
        raise MalformedRow("missing_departement")
    return raw.zfill(2) if raw.isdigit() else raw


def commune_code(departement: str, commune: str) -> str:
    """The 5-character INSEE code from a département and a DGFiP commune code."""
    commune = commune.strip()
    if not commune.isdigit() or len(commune) > 3 or len(departement) > 3:
        raise MalformedRow("bad_commune", commune)
    if len(departement) == 3:  # 971..976: "411" or "11" in 974 -> 97411
        if len(commune) == 3:
            return departement[:2] + commune
        return departement + commune.zfill(2)
    return departement + commune.zfill(3)


def _postal(value: str) -> str | None:
    value = value.strip()
    if not value:
        return None
    if not value.isdigit() or len(value) > 5:
        raise MalformedRow("bad_postal_code", value)
    return value.zfill(5)


# --- Etalab geolocated CSV -------------------------------------------------------

_GEO_LOTS = (18, 20, 22, 24, 26)
_GEO_CARREZ = (19, 21, 23, 25, 27)


def _geo_number(value: str) -> float | None:
    # Etalab numbers have dots and no padding: the fast path of ``_number``.
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        return _number(value)
    if number - number != 0 or abs(number) >= MAX_NUMBER:  # nan, inf, overflow
        raise MalformedRow("bad_number", value)
    return number


def _geo_carrez(f: list[str]) -> float | None:
    if not (f[19] or f[21] or f[23] or f[25] or f[27]):
        return None
    return _carrez(f, _GEO_CARREZ)


def _geo_row(line: int, f: list[str]) -> Row:
    if len(f) != GEO_COLUMNS:
        raise MalformedRow("column_count", str(len(f)))
    try:
        when = date.fromisoformat(f[1])
    except ValueError:
        raise MalformedRow("bad_date", f[1]) from None
    if not f[0] or not f[3]:
        raise MalformedRow("missing_mutation")
    departement = f[12] if len(f[12]) >= 2 else departement_code(f[12])
    code = f[10] if len(f[10]) == 5 else f[10].strip().zfill(5)
    if len(code) != 5:
        raise MalformedRow("bad_commune", code)
    postal = f[9] if len(f[9]) == 5 and f[9].isdigit() else _postal(f[9])
    lots = _lots(f, _GEO_LOTS) if f[18] else ()
    pieces = f[32]
    return Row(
        line, f[0], when, f[3], _geo_number(f[4]), f[5] or None, f[6] or None,
        f[7] or None, f[8] or None, postal, code, f[11] or None, departement,
        f[15] or None, lots, _geo_carrez(f), f[29] or None, f[30] or None,
        _geo_number(f[31]), int(pieces) if pieces.isdigit() and len(pieces) < 5
        else _integer(pieces), f[33] or None, _geo_number(f[37]),
        _geo_number(f[38]), _geo_number(f[39]),
    )  # fmt: skip


# --- Raw DGFiP valeursfoncieres ---------------------------------------------------

_RAW_LOTS = (24, 26, 28, 30, 32)
_RAW_CARREZ = (25, 27, 29, 31, 33)


def _raw_date(value: str) -> date:
    try:
        day, month, year = value.strip().split("/")
        return date(int(year), int(month), int(day))
    except ValueError:
        raise MalformedRow("bad_date", value) from None


def _raw_parcel(code: str, f: list[str]) -> str | None:
    section, plan = f[21].strip(), f[22].strip()
    if not section or not plan:
        return None
    prefix = f[20].strip() or "000"
    return code + prefix.zfill(3) + section.rjust(2, "0") + plan.zfill(4)


def _raw_row(line: int, f: list[str]) -> Row:
    if len(f) != RAW_COLUMNS:
        raise MalformedRow("column_count", str(len(f)))
    when = _raw_date(f[8])
    if not f[9].strip():
        raise MalformedRow("missing_mutation")
    departement = departement_code(f[18])
    code = commune_code(departement, f[19])
    key = "|".join((f[1].strip(), when.isoformat(), f[10].strip(), code, f[7].strip()))
    street = " ".join(p for p in (f[13].strip(), f[15].strip()) if p) or None
    return Row(
        line, key, when, f[9].strip(), _number(f[10]), _text(f[11]), _text(f[12]),
        street, _text(f[14]), _postal(f[16]), code, _text(f[17]), departement,
        _raw_parcel(code, f), _lots(f, _RAW_LOTS), _carrez(f, _RAW_CARREZ),
        _text(f[35]), _text(f[36]), _number(f[38]), _integer(f[39]), _text(f[40]),
        _number(f[42]), None, None,
    )  # fmt: skip


# --- Detection and reading ----------------------------------------------------------

Parser = Callable[[int, list[str]], Row]


def detect(header_line: str) -> tuple[str, Parser, str]:
    """(format name, row parser, delimiter) recognised from the header line."""
    header = header_line.lstrip("\ufeff").strip()
    first = header.split("|", 1)[0].strip().lower()
    if "|" in header and first in RAW_FIRST_COLUMNS:
        return "dgfip", _raw_row, "|"
    if header.split(",", 1)[0].strip().strip('"') == "id_mutation":
        return "etalab", _geo_row, ","
    raise MalformedRow("unknown_format", header[:80])


@dataclass(slots=True)
class Rejected:
    """A line that could not be read, for the run's error report."""

    line: int
    reason: str
    detail: str
    raw: str


@dataclass(slots=True)
class Position:
    """The number of the next record to read (records count from 1, the header)."""

    line: int


def read_records(
    lines: Iterable[str], parser: Parser, delimiter: str, position: Position
) -> Iterator[Row | Rejected]:
    """Rows of consecutive records (no header); bad lines come as Rejected.

    ``position`` numbers the first record and advances past every record read,
    blank ones included, so that a file read in pieces keeps its line numbers.
    """
    for fields in csv.reader(lines, delimiter=delimiter):
        line = position.line
        position.line += 1
        if not fields:
            continue
        try:
            yield parser(line, fields)
        except MalformedRow as exc:
            detail = str(exc)
            yield Rejected(line, exc.reason, detail, delimiter.join(fields)[:500])
