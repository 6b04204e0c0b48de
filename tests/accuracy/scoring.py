"""Scoring a provider's answers against the corpus's expected facts, field by field.

For each field, precision = correct / extracted (non-null) and recall = correct /
expected (non-null). A document whose expected value is ``None`` adds nothing to
recall, but a value extracted for it counts against precision. Multi-valued fields
count items: the voted works amounts as a multiset, the diagnostics present as a set,
the resolutions as (number, result) pairs. A schema default that means "not found"
(``meeting_type="unknown"``, ``period_type="other"``, ``document_type="other"``, a
resolution result ``"unknown"``) counts as not extracted.

Comparison: amounts within 0.5 € or 0.5 %; kWh/m², kg CO₂/m² and m² within 0.05;
strings case-, accent- and punctuation-insensitively, the syndic by containment
(the extracted name may carry the address); dates, integers and booleans exactly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from pydantic import BaseModel

from tests.corpus.model import ExpectedValue

MEASURES = {"dpe.energy_kwh_m2_year", "dpe.ges_kg_co2_m2_year", "carrez_surface_m2"}
NOT_FOUND_DEFAULTS = {
    "meeting_type": "unknown",
    "period_type": "other",
    "document_type": "other",
}
DERIVED = {"category", "voted_works_amounts", "resolutions"}


@dataclass
class Tally:
    """Counts for one field over the corpus, and what went wrong where."""

    expected: int = 0
    extracted: int = 0
    correct: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        """Correct share of what was extracted (None when nothing was)."""
        return self.correct / self.extracted if self.extracted else None

    @property
    def recall(self) -> float | None:
        """Correct share of what was expected (None when nothing was)."""
        return self.correct / self.expected if self.expected else None

    def add(
        self, document: str, expected: ExpectedValue, extracted: object, path: str
    ) -> None:
        """Score one document's value of the field."""
        wanted, found, right = _counts(path, expected, extracted)
        self.expected += wanted
        self.extracted += found
        self.correct += right
        if right < max(wanted, found):
            self.errors.append(f"{document}: expected {expected!r}, got {extracted!r}")


def extracted_value(analysis: BaseModel, path: str) -> object:
    """The value ``analysis`` gives for ``path`` (None when absent or "not found")."""
    if path == "voted_works_amounts":
        works = getattr(analysis, "works", [])
        return [
            w.amount_ttc
            for w in works
            if w.status == "voted" and w.amount_ttc is not None
        ]
    if path == "resolutions":
        resolutions = getattr(analysis, "resolutions", [])
        return {
            _resolution_number(r.number): r.result
            for r in resolutions
            if r.result != "unknown"
        }
    value: object = analysis
    for part in path.split("."):
        value = getattr(value, part, None)
        if value is None:
            return None
    if NOT_FOUND_DEFAULTS.get(path) == value:
        return None
    return value


def _counts(
    path: str, expected: ExpectedValue, extracted: object
) -> tuple[int, int, int]:
    """(expected items, extracted items, correct items) of one document's field."""
    if isinstance(expected, dict) or isinstance(extracted, dict):
        wanted = expected if isinstance(expected, dict) else {}
        found = extracted if isinstance(extracted, dict) else {}
        right = sum(1 for key, result in wanted.items() if found.get(key) == result)
        return len(wanted), len(found), right
    if isinstance(expected, list) or isinstance(extracted, list):
        wanted_items = expected if isinstance(expected, list) else []
        found_items = list(extracted) if isinstance(extracted, list) else []
        return (
            len(wanted_items),
            len(found_items),
            _matched(path, wanted_items, found_items),
        )
    wanted_one, found_one = int(expected is not None), int(extracted is not None)
    right = int(bool(wanted_one and found_one) and same(path, expected, extracted))
    return wanted_one, found_one, right


def _matched(path: str, expected: Sequence[object], extracted: list[object]) -> int:
    """How many expected items find a distinct equal extracted item."""
    remaining, matches = list(extracted), 0
    for item in expected:
        for index, candidate in enumerate(remaining):
            if same(path, item, candidate):
                matches += 1
                del remaining[index]
                break
    return matches


def same(path: str, expected: object, extracted: object) -> bool:
    """Whether ``extracted`` is an acceptable value for ``expected`` at ``path``."""
    if isinstance(expected, bool) or isinstance(extracted, bool):
        return expected is extracted
    if isinstance(expected, (date, int)):  # booleans were handled above
        return expected == extracted
    if isinstance(expected, float):
        if not isinstance(extracted, (int, float)):
            return False
        if path in MEASURES:
            return abs(extracted - expected) <= 0.05
        return abs(extracted - expected) <= max(0.5, 0.005 * abs(expected))
    if isinstance(expected, str) and isinstance(extracted, str):
        wanted, found = normalise(expected), normalise(extracted)
        return wanted in found if path == "syndic" else wanted == found
    return False


def normalise(text: str) -> str:
    """Lower case, no accents, punctuation and runs of spaces as one space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", " ", bare).strip()


def _resolution_number(number: str) -> str:
    """``"n° 12"``, ``"12ème"``, ``"Résolution 12"`` -> ``"12"`` (``12 bis`` kept)."""
    found = re.search(r"\d+(\s*(bis|ter))?", normalise(number))
    return found.group(0).replace(" ", "") if found else normalise(number)
