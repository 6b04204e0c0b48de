"""The user's overrides of a synthesis: stored shape, parsing and merging (pure).

Stored as ``{"tantiemes": {"lot", "total"} | None, "lines": {line_id: {"amount",
"included"}}}`` in ``syntheses.overrides``. A PATCH merges into them: a null removes
an override, a value replaces it. Overrides of lines that no longer exist are kept:
the line may come back with a later document.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class LineOverride:
    """The user's amount and inclusion of one line (None: keep the computed one)."""

    amount: float | None = None
    included: bool | None = None


@dataclass(frozen=True)
class Overrides:
    """The user's tantièmes and per-line overrides."""

    tantiemes: tuple[int, int] | None = None
    lines: Mapping[str, LineOverride] | None = None


def parse_overrides(raw: Mapping[str, Any] | None) -> Overrides:
    """Stored overrides as values; malformed entries are ignored."""
    raw = raw or {}
    tantiemes = raw.get("tantiemes")
    pair = None
    if isinstance(tantiemes, Mapping):
        lot, total = tantiemes.get("lot"), tantiemes.get("total")
        if isinstance(lot, int) and isinstance(total, int) and 0 < lot <= total:
            pair = (lot, total)
    lines: dict[str, LineOverride] = {}
    for line_id, values in (raw.get("lines") or {}).items():
        if isinstance(values, Mapping):
            amount, included = values.get("amount"), values.get("included")
            lines[str(line_id)] = LineOverride(
                float(amount) if isinstance(amount, int | float) else None,
                included if isinstance(included, bool) else None,
            )
    return Overrides(pair, lines)


def merge_overrides(
    stored: Mapping[str, Any] | None, patch: Mapping[str, Any]
) -> dict[str, Any]:
    """``stored`` with ``patch`` merged in: a null removes, a value replaces."""
    merged: dict[str, Any] = {"tantiemes": None, "lines": {}}
    merged.update(stored or {})
    lines = {key: dict(value) for key, value in (merged.get("lines") or {}).items()}
    if "tantiemes" in patch:
        merged["tantiemes"] = patch["tantiemes"]
    for line_id, fields in (patch.get("lines") or {}).items():
        current = lines.get(line_id, {})
        for name, value in fields.items():
            if value is None:
                current.pop(name, None)
            else:
                current[name] = value
        if current:
            lines[line_id] = current
        else:
            lines.pop(line_id, None)
    merged["lines"] = lines
    return merged
