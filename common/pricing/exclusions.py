"""Which comparables are left out: automatic outliers and the user's choices.

Modes: ``auto`` leaves out the automatic outliers (the id lists are ignored);
``none`` leaves out nothing; ``explicit`` leaves out the automatic outliers except
those in ``included_ids`` plus every sale in ``excluded_ids`` (an id in both lists is
excluded: the explicit exclusion wins). Outliers are detected once on every
comparable, before any user exclusion, so the result does not depend on order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

ExclusionMode = Literal["auto", "none", "explicit"]
ExclusionReason = Literal["outlier", "user"]


@dataclass(frozen=True)
class Exclusions:
    """The user's exclusion mode and sale id lists (sorted tuples, JSON-ready)."""

    mode: ExclusionMode = "auto"
    excluded_ids: tuple[int, ...] = ()
    included_ids: tuple[int, ...] = ()

    @classmethod
    def of(
        cls,
        mode: ExclusionMode,
        excluded: Iterable[int] = (),
        included: Iterable[int] = (),
    ) -> Exclusions:
        """Exclusions with de-duplicated, sorted id lists."""
        return cls(mode, tuple(sorted(set(excluded))), tuple(sorted(set(included))))


def exclusion_reasons(
    sale_ids: Sequence[int], outliers: Sequence[bool], exclusions: Exclusions
) -> dict[int, ExclusionReason]:
    """The reason each excluded sale id is left out (absent ids are used)."""
    reasons: dict[int, ExclusionReason] = {}
    if exclusions.mode == "none":
        return reasons
    included = set(exclusions.included_ids) if exclusions.mode == "explicit" else set()
    for sale_id, outlier in zip(sale_ids, outliers, strict=True):
        if outlier and sale_id not in included:
            reasons[sale_id] = "outlier"
    if exclusions.mode == "explicit":
        wanted = set(exclusions.excluded_ids)
        reasons.update({i: "user" for i in sale_ids if i in wanted})
    return reasons
