"""What a corpus document is: how to build its bytes, and the facts it states.

Expected facts are keyed by dotted paths into the analysis schemas of
``common.ai.schemas`` (``"dpe.energy_class"``, ``"breakdown.teom"``), plus three
derived keys: ``category`` (the classification), ``voted_works_amounts`` (the amounts
TTC of the works a PV votes, as a multiset) and ``resolutions`` (resolution number to
vote result). A key set to ``None`` says the document does not state that fact, so a
value extracted for it is wrong; a key left out is not scored on that document.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import cast

from common.ai.schemas import CATEGORIES, DocumentCategory

ExpectedValue = (
    str | int | float | bool | date | list[float] | list[str] | dict[str, str] | None
)
Expected = Mapping[str, ExpectedValue]

# The facts the accuracy thresholds are asserted on: every document of the category
# states them (None when the document does not show the fact).
MANDATORY_FIELDS: dict[DocumentCategory, tuple[str, ...]] = {
    "pv_ag": ("meeting_date", "voted_works_amounts"),
    "diags": ("dpe.energy_class", "dpe.energy_kwh_m2_year"),
    "taxe_fonciere": ("total_amount",),
    "charges": ("annualized_total",),
    "other": ("document_type",),
}
CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}


@dataclass(frozen=True)
class CorpusDocument:
    """One document of the corpus: a file name, a builder and its expected facts."""

    name: str  # file stem, unique in the corpus
    extension: str  # "pdf", "jpg" or "png"
    build: Callable[[], bytes]
    expected: Expected
    scanned_pages: int = 0  # pages without a text layer (images count as one)

    @property
    def category(self) -> DocumentCategory:
        """The expected category of the document."""
        category = self.expected["category"]
        if category not in CATEGORIES:
            raise ValueError(f"{self.name}: unknown category {category!r}")
        return cast(DocumentCategory, category)

    @property
    def filename(self) -> str:
        """The file name the generator writes."""
        return f"{self.name}.{self.extension}"

    @property
    def content_type(self) -> str:
        """The MIME type a provider is given for this document."""
        return CONTENT_TYPES[self.extension]
