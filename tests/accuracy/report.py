"""Run a provider over the corpus, tally every field, and lay out the report.

Extraction is scored with the *expected* category (``analyse(document, expected)``)
so that a misclassified document still measures the extraction rules; classification
is scored on its own.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from common.ai.provider import AiProvider, AnalysisFailed, DocumentInput
from tests.accuracy.scoring import Tally, extracted_value
from tests.corpus.model import CorpusDocument

# (category, field) -> the precision and recall both must reach.
THRESHOLDS: dict[tuple[str, str], float] = {
    ("diags", "dpe.energy_class"): 0.90,
    ("diags", "dpe.energy_kwh_m2_year"): 0.90,
    ("taxe_fonciere", "total_amount"): 0.90,
    ("charges", "annualized_total"): 0.90,
    ("pv_ag", "voted_works_amounts"): 0.90,
    ("pv_ag", "meeting_date"): 0.90,
}
CLASSIFICATION_THRESHOLD = 0.95
WORKERS = 2  # OCR runs in tesseract processes: two documents at a time on 2 cores


@dataclass(frozen=True)
class DocumentResult:
    """What the provider said about one document, and how long it took."""

    document: CorpusDocument
    category: str | None
    analysis: BaseModel | None
    failure: str | None
    seconds: float


def run_provider(
    provider: AiProvider, documents: Sequence[CorpusDocument], directory: Path
) -> list[DocumentResult]:
    """Classify then analyse (as the expected category) every document of the corpus."""

    def read(document: CorpusDocument) -> DocumentResult:
        content = (directory / document.filename).read_bytes()
        given = DocumentInput(content, document.content_type, document.filename)
        started = time.perf_counter()
        try:
            category = provider.classify(given).category
            analysis: BaseModel = provider.analyse(given, document.category)
        except AnalysisFailed as exc:  # a document the provider cannot read: all misses
            return DocumentResult(document, None, None, exc.message, _since(started))
        return DocumentResult(document, category, analysis, None, _since(started))

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(read, documents))


def _since(started: float) -> float:
    return time.perf_counter() - started


def tally(results: Sequence[DocumentResult]) -> dict[tuple[str, str], Tally]:
    """One tally per (category, field) found in the expected facts."""
    tallies: dict[tuple[str, str], Tally] = {}
    for result in results:
        document = result.document
        for path, expected in document.expected.items():
            if path == "category":
                continue
            found = extracted_value(result.analysis, path) if result.analysis else None
            key = (document.category, path)
            tallies.setdefault(key, Tally()).add(document.name, expected, found, path)
    return tallies


def classification_tallies(results: Sequence[DocumentResult]) -> dict[str, Tally]:
    """Per category: expected = documents of it, extracted = documents put in it."""
    tallies: dict[str, Tally] = {}
    for result in results:
        wanted, found = result.document.category, result.category
        tallies.setdefault(wanted, Tally()).expected += 1
        if found is not None:
            tallies.setdefault(found, Tally()).extracted += 1
        if found == wanted:
            tallies[wanted].correct += 1
        else:
            tallies[wanted].errors.append(f"{result.document.name}: classified {found}")
    return tallies


def classification_accuracy(results: Sequence[DocumentResult]) -> float:
    """Share of documents classified in their expected category."""
    right = sum(1 for result in results if result.category == result.document.category)
    return right / len(results)


def report_lines(results: Sequence[DocumentResult]) -> list[str]:
    """The printed report: the classification and field tables, then every error."""
    header = f"{'field':<44}{'expected':>9}{'extracted':>10}{'correct':>8}"
    header += f"{'precision':>10}{'recall':>8}  threshold"
    lines = [header, "-" * len(header)]
    accuracy = classification_accuracy(results)
    name = f"classification accuracy ({len(results)} documents)"
    lines.append(f"{name:<71}{accuracy:>10.2f}{'':>8}  {CLASSIFICATION_THRESHOLD:.2f}")
    by_category = classification_tallies(results)
    for category, counts in sorted(by_category.items()):
        lines.append(_row(f"category = {category}", counts, None))
    fields = tally(results)
    for (category, path), counts in sorted(fields.items()):
        lines.append(
            _row(f"{category} {path}", counts, THRESHOLDS.get((category, path)))
        )
    lines.extend(_errors(by_category, fields))
    lines.extend(_timings(results))
    return lines


def _row(name: str, counts: Tally, threshold: float | None) -> str:
    def share(value: float | None) -> str:
        return "-" if value is None else f"{value:.2f}"

    mark = f"{threshold:.2f}" if threshold is not None else ""
    return (
        f"{name:<44}{counts.expected:>9}{counts.extracted:>10}{counts.correct:>8}"
        f"{share(counts.precision):>10}{share(counts.recall):>8}  {mark}"
    )


def _errors(
    by_category: dict[str, Tally], fields: dict[tuple[str, str], Tally]
) -> list[str]:
    lines = ["", "Misclassified:"]
    lines.extend(
        f"  {error}" for counts in by_category.values() for error in counts.errors
    )
    for (category, path), counts in sorted(fields.items()):
        if counts.errors:
            lines.append(f"{category} {path}:")
            lines.extend(f"  {error}" for error in counts.errors)
    return lines


def _timings(results: Sequence[DocumentResult]) -> list[str]:
    slowest = sorted(results, key=lambda result: result.seconds, reverse=True)[:5]
    total = sum(result.seconds for result in results)
    lines = [
        "",
        f"Provider time: {total:.1f} s over {len(results)} documents; slowest:",
    ]
    lines.extend(f"  {r.seconds:6.2f} s  {r.document.filename}" for r in slowest)
    failures = [r for r in results if r.failure]
    lines.extend(f"  unreadable: {r.document.filename} ({r.failure})" for r in failures)
    return lines
