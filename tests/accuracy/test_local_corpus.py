"""The local provider on the labelled corpus: classification and the key facts.

The corpus (``tests/corpus``) is written from real French documents, not from the
rules, so these thresholds measure how well the rules generalise. Extraction is
scored with the expected category, independently of classification. The full table
(every field, with every miss) is printed in the terminal summary.
"""

from __future__ import annotations

import pytest

from tests.accuracy.report import (
    CLASSIFICATION_THRESHOLD,
    THRESHOLDS,
    DocumentResult,
    classification_accuracy,
    classification_tallies,
    tally,
)


def test_classification_accuracy_reaches_the_threshold(
    local_results: list[DocumentResult],
) -> None:
    accuracy = classification_accuracy(local_results)

    misclassified = [
        e for t in classification_tallies(local_results).values() for e in t.errors
    ]
    assert accuracy >= CLASSIFICATION_THRESHOLD, "\n".join(misclassified)


@pytest.mark.parametrize(
    ("category", "path"), list(THRESHOLDS), ids=[f"{c}:{p}" for c, p in THRESHOLDS]
)
def test_key_fact_precision_and_recall_reach_the_threshold(
    local_results: list[DocumentResult], category: str, path: str
) -> None:
    counts = tally(local_results)[(category, path)]
    threshold = THRESHOLDS[(category, path)]

    precision = counts.precision if counts.precision is not None else 0.0
    recall = counts.recall if counts.recall is not None else 0.0
    summary = f"precision {precision:.2f}, recall {recall:.2f} (threshold {threshold})"
    assert precision >= threshold and recall >= threshold, "\n".join(
        [summary, *counts.errors]
    )
