"""Street addresses as DVF spells them: parse a buyer's address, normalise names.

DVF writes ``adresse_nom_voie`` in capitals with abbreviated street types (``AV``,
``BD``...), sometimes without accents or apostrophes; a buyer writes "12 bis avenue
du Général Leclerc". Both sides go through :func:`normalise_street` before comparing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_ABBREVIATIONS = {
    "AVENUE": "AV", "AVE": "AV", "BOULEVARD": "BD", "BLVD": "BD", "PLACE": "PL",
    "IMPASSE": "IMP", "CHEMIN": "CHE", "ROUTE": "RTE", "ALLEE": "ALL",
    "SQUARE": "SQ", "PASSAGE": "PAS", "COURS": "CRS", "FAUBOURG": "FG",
    "SAINT": "ST", "SAINTE": "STE", "VILLA": "VLA", "RESIDENCE": "RES",
    "QUAI": "QU", "QUA": "QU", "PROMENADE": "PROM", "HAMEAU": "HAM",
    "LOTISSEMENT": "LOT", "RUELLE": "RLE", "SENTIER": "SEN", "CHAUSSEE": "CHS",
}  # fmt: skip
_SUFFIXES = {"BIS": "B", "TER": "T", "QUATER": "Q", "B": "B", "T": "T", "Q": "Q"}
_ADDRESS = re.compile(
    r"^\s*(?P<number>\d{1,5})\s*(?P<suffix>bis|ter|quater|[a-z])?\b[\s,]*"
    r"(?P<street>.+)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class StreetAddress:
    """House number, DVF suffix (B, T, Q...) and normalised street name."""

    number: str | None
    suffix: str | None
    street: str


def normalise_street(name: str) -> str:
    """Capitals, no accents or punctuation, DVF abbreviations of street words."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).upper()
    words = re.sub(r"[^A-Z0-9]+", " ", plain).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


def parse_address(address: str) -> StreetAddress | None:
    """The number, suffix and street of "12 bis rue X"; a bare street has no number."""
    first_line = address.split("\n")[0].strip()
    match = _ADDRESS.match(first_line)
    if match is None:
        street = normalise_street(first_line.split(",")[0])
        return StreetAddress(None, None, street) if street else None
    street = normalise_street(match["street"].split(",")[0])
    if not street:
        return None
    suffix = match["suffix"]
    return StreetAddress(
        number=str(int(match["number"])),
        suffix=_SUFFIXES.get(suffix.upper()) if suffix else None,
        street=street,
    )


def normalise_number(number: str | None) -> str | None:
    """DVF house numbers without leading zeros ("0012" -> "12")."""
    if number is None or not number.strip().isdigit():
        return None
    return str(int(number))
