"""Exclusion modes of the comparables: auto, none, explicit."""

from __future__ import annotations

from common.pricing.exclusions import Exclusions, exclusion_reasons

IDS = [1, 2, 3, 4]
OUTLIERS = [False, True, False, True]


def test_exclusions_auto_leaves_out_outliers_and_ignores_lists() -> None:
    chosen = Exclusions.of("auto", excluded=[1], included=[2])
    assert exclusion_reasons(IDS, OUTLIERS, chosen) == {2: "outlier", 4: "outlier"}


def test_exclusions_none_leaves_out_nothing() -> None:
    assert exclusion_reasons(IDS, OUTLIERS, Exclusions.of("none", excluded=[1])) == {}


def test_exclusions_explicit_reincludes_and_excludes() -> None:
    chosen = Exclusions.of("explicit", excluded=[1], included=[2])
    assert exclusion_reasons(IDS, OUTLIERS, chosen) == {4: "outlier", 1: "user"}


def test_exclusions_explicit_exclusion_wins_over_inclusion() -> None:
    chosen = Exclusions.of("explicit", excluded=[2], included=[2])
    assert exclusion_reasons(IDS, OUTLIERS, chosen) == {2: "user", 4: "outlier"}


def test_exclusions_unknown_ids_are_ignored() -> None:
    chosen = Exclusions.of("explicit", excluded=[99], included=[98])
    assert exclusion_reasons(IDS, OUTLIERS, chosen) == {2: "outlier", 4: "outlier"}


def test_exclusions_of_sorts_and_deduplicates() -> None:
    chosen = Exclusions.of("explicit", excluded=[3, 1, 3], included=[5, 5])
    assert (chosen.excluded_ids, chosen.included_ids) == ((1, 3), (5,))
