"""Facts of a dossier de diagnostic technique (or one diagnostic), by French rules.

The text is cut into the sections of its diagnostics (``local_sections``); the DPE is
read by its units and labels (``local_dpe``), the safety reports by their conclusions
(``local_hazards``), the ERP and the Carrez surface by ``local_erp``. A report without a
section of its own (a single diagnostic, or a DDT whose headings were not found) is
read in the sentences that name it. The words (summary, findings, risks and actions,
including the rental ban the DPE class implies) are written from these facts by
``local_narrative_diags``.
"""

from __future__ import annotations

from common.ai.local_dpe import read_dpe
from common.ai.local_erp import carrez_surface, erp_risks
from common.ai.local_hazards import (
    Sentence,
    asbestos_found,
    checked_sentences,
    installation_check,
    lead_classes,
    lead_risk,
    termites_found,
)
from common.ai.local_narrative_diags import describe_diags
from common.ai.local_sections import PHRASES, Sections, split_sections
from common.ai.local_text import DocumentText
from common.ai.schemas import Diagnostic, DiagsAnalysis

KEYWORDS: dict[Diagnostic, tuple[str, ...]] = {
    "amiante": ("amiante",),
    "plomb": ("plomb", "crep"),
    "termites": ("termite",),
    "electricite": ("electri",),
    "gaz": ("gaz",),
    "erp": ("risque", "sismicite", "radon", "argile", "inondation", "ppr"),
    "carrez": ("carrez", "superficie", "surface"),
}


class _Reader:
    """The sentences of each diagnostic of one document, computed once."""

    def __init__(self, text: DocumentText) -> None:
        self.text = text
        self.sections: Sections = split_sections(text)
        self._all = checked_sentences(text)

    def zone(self, name: Diagnostic) -> DocumentText | None:
        return self.sections.of(name, self.text)

    def sentences(self, name: Diagnostic) -> list[Sentence]:
        zone = self.zone(name)
        if zone is self.text:
            return self._all
        if zone is not None:
            return checked_sentences(zone)
        words = KEYWORDS[name]
        return [pair for pair in self._all if any(word in pair[0] for word in words)]


def extract_diags(text: DocumentText, language: str) -> DiagsAnalysis:
    """The diagnostics analysis of ``text``, its words in ``language``."""
    reader = _Reader(text)
    lead_zone = reader.zone("plomb")
    classes = lead_classes(lead_zone) if lead_zone else []
    carrez_zone = reader.zone("carrez") or text
    facts = DiagsAnalysis(
        dpe=read_dpe(text, reader.sections.texts.get("dpe")),
        amiante_present=asbestos_found(reader.sentences("amiante")),
        plomb_classes=classes,
        plomb_risk=lead_risk(lead_zone, classes) if lead_zone else None,
        electricite=installation_check(reader.sentences("electricite")),
        gaz=installation_check(reader.sentences("gaz")) if _has_gas(reader) else None,
        termites_present=termites_found(reader.sentences("termites")),
        erp_risks=erp_risks(reader.sentences("erp")),
        carrez_surface_m2=carrez_surface(carrez_zone),
    )
    present = _present(reader.sections, facts)
    return describe_diags(
        facts.model_copy(update={"diagnostics_present": present}), language
    )


def _has_gas(reader: _Reader) -> bool:
    """Gas words are everywhere in a DPE (chauffage gaz): read only a gas report."""
    return "gaz" in reader.sections.present


def _present(sections: Sections, facts: DiagsAnalysis) -> list[Diagnostic]:
    """The diagnostics the headings name, and those whose conclusion was read."""
    found: set[Diagnostic] = set(sections.present)
    read: dict[Diagnostic, object] = {
        "dpe": facts.dpe,
        "amiante": facts.amiante_present,
        "plomb": facts.plomb_risk,
        "termites": facts.termites_present,
        "electricite": facts.electricite,
        "gaz": facts.gaz,
        "erp": facts.erp_risks or None,
        "carrez": facts.carrez_surface_m2,
    }
    found |= {name for name, value in read.items() if value is not None}
    return [name for name, _ in PHRASES if name in found]
