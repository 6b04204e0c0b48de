"""Extraction of the facts of a document by the French rules of its category.

``extract`` dispatches to one module per category: ``local_diags`` (dossier de
diagnostic technique), ``local_pv_ag`` (procès-verbal d'assemblée), ``local_taxe``
(avis de taxe foncière), ``local_charges`` (appels de fonds, relevés and décomptes de
charges) and ``local_other`` (règlement, état daté, contract...). Each reads
only what the document states (a fact whose label is absent stays null) and has its
words written from those facts in the requested language.
"""

from __future__ import annotations

from collections.abc import Callable

from common.ai.local_charges import extract_charges
from common.ai.local_diags import extract_diags
from common.ai.local_other import extract_other
from common.ai.local_pv_ag import extract_pv_ag
from common.ai.local_taxe import extract_taxe_fonciere
from common.ai.local_text import DocumentText
from common.ai.schemas import CategoryAnalysis, DocumentCategory

EXTRACTORS: dict[DocumentCategory, Callable[[DocumentText, str], CategoryAnalysis]] = {
    "diags": extract_diags,
    "pv_ag": extract_pv_ag,
    "taxe_fonciere": extract_taxe_fonciere,
    "charges": extract_charges,
    "other": extract_other,
}


def extract(
    category: DocumentCategory, text: DocumentText, language: str
) -> CategoryAnalysis:
    """The analysis of ``text`` as ``category``, its words in ``language``."""
    return EXTRACTORS[category](text, language)
