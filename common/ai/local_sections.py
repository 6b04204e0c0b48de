"""The diagnostics of a dossier de diagnostic technique, cut into their sections.

A DDT puts several reports one after the other, and each report uses words another
one uses too: "anomalies" are electrical or gas ones, "valable jusqu'au" ends a DPE
or a termites report. So the text is cut at heading lines: a short line naming one
diagnostic ("Constat de repérage amiante", "État de l'installation intérieure
d'électricité") or a line that starts with its name and a separator ("Gaz : ...", the
synthesis tables of DDTs). A section runs to the next heading of another diagnostic.
A line naming several diagnostics ("Diagnostics réalisés : DPE, amiante, plomb...") is
a list: it tells which are present but starts no section. A diagnostic a heading line
says is "sans objet" or "non réalisé" is not present.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from common.ai.french import term_body
from common.ai.local_text import DocumentText
from common.ai.schemas import Diagnostic

HEADING_MAX_CHARACTERS = 110
PHRASES: tuple[tuple[Diagnostic, tuple[str, ...]], ...] = (
    ("dpe", (
        "diagnostic de performance energetique", "performance energetique", "dpe",
    )),
    ("amiante", (
        "reperage amiante", "constat amiante", "diagnostic amiante", "rapport amiante",
        "contenant de l'amiante", "etat amiante", "reperage de l'amiante",
    )),
    ("plomb", ("crep", "exposition au plomb", "diagnostic plomb", "constat plomb")),
    ("termites", ("presence de termites", "etat parasitaire", "diagnostic termites")),
    ("gaz", (
        "installation interieure de gaz", "installation de gaz", "diagnostic gaz",
        "etat gaz",
    )),
    ("electricite", (
        "installation interieure d'electricite", "installation interieure electrique",
        "installation d'electricite", "diagnostic electricite", "diagnostic electrique",
        "etat electricite",
    )),
    ("erp", (
        "etat des risques", "erp", "ernmt", "esris", "ernt", "risques et pollutions",
    )),
    ("carrez", (
        "loi carrez", "carrez", "attestation de superficie", "certificat de superficie",
        "mesurage", "superficie privative",
    )),
    ("assainissement", ("assainissement",)),
    ("bruit", ("exposition au bruit", "plan d'exposition au bruit")),
    ("merules", ("merule",)),
)  # fmt: skip
LEADING_NAMES: dict[str, Diagnostic] = {
    "dpe": "dpe", "amiante": "amiante", "plomb": "plomb", "crep": "plomb",
    "termites": "termites", "termite": "termites", "gaz": "gaz",
    "electricite": "electricite", "erp": "erp", "carrez": "carrez",
    "superficie": "carrez", "surface": "carrez", "mesurage": "carrez",
}  # fmt: skip
NOT_DONE = re.compile(
    r"sans objet|non concernee?|non requis|non realisee?|non applicable"
    r"|pas d'installation|non effectuee?|absence d'installation"
)
_PHRASE = re.compile(
    r"(?<!\w)(?:"
    + "|".join(
        f"(?P<{name}_{index}>{term_body(phrase)})"
        for name, phrases in PHRASES
        for index, phrase in enumerate(phrases)
    )
    + r")(?!\w)"
)
_LEADING = re.compile(
    r"^[\s#*\-\d.)]*(?P<name>" + "|".join(LEADING_NAMES) + r")s?\b"
    r"(?:\s*\((?:[^)]{0,20})\))?\s*(?:[:|\-]|$)(?P<rest>.*)$",
    re.MULTILINE,
)
_WORDS = re.compile(r"[a-z]{3,}")


@dataclass(frozen=True)
class Sections:
    """Which diagnostics a text holds and the text of each one's sections."""

    present: tuple[Diagnostic, ...]
    texts: dict[Diagnostic, DocumentText]

    def of(self, name: Diagnostic, whole: DocumentText) -> DocumentText | None:
        """The text of ``name``'s sections; the whole text if it is the only one."""
        if name in self.texts:
            return self.texts[name]
        return whole if self.present == (name,) or not self.present else None


def split_sections(text: DocumentText) -> Sections:
    """The sections of each diagnostic in ``text``, in one scan of its lines."""
    names_by_line: dict[int, set[Diagnostic]] = {}
    for match in _PHRASE.finditer(text.folded):
        name = (match.lastgroup or "").rsplit("_", 1)[0]
        names_by_line.setdefault(text.line_index(match.start()), set()).add(name)  # type: ignore[arg-type]
    leading = {
        text.line_index(match.start()): LEADING_NAMES[match["name"]]
        for match in _LEADING.finditer(text.folded)
        if _is_heading_rest(match["rest"])
    }
    present: dict[Diagnostic, bool] = {}
    lines: dict[Diagnostic, list[str]] = {}
    current: Diagnostic | None = None
    for index, line in enumerate(text.lines):
        folded = text.folded_lines[index]
        names = names_by_line.get(index, set())
        heading = leading.get(index) or _heading(names, folded)
        if heading is not None:
            current = heading
            present[heading] = present.get(heading, False) or not NOT_DONE.search(
                folded
            )
        elif len(names) > 1:
            for name in names:
                present.setdefault(name, True)
        if current is not None:
            lines.setdefault(current, []).append(line)
    order = [name for name, _ in PHRASES if present.get(name)]
    return Sections(
        tuple(order),
        {name: DocumentText.from_lines(found) for name, found in lines.items()},
    )


def _is_heading_rest(rest: str) -> bool:
    """After "Gaz :", words (a conclusion) or nothing; not a figure of energy use."""
    return "kwh" not in rest and (not rest.strip() or _WORDS.search(rest) is not None)


def _heading(names: set[Diagnostic], folded_line: str) -> Diagnostic | None:
    """The diagnostic a line heads: it names one only and is short."""
    if len(names) != 1 or len(folded_line) > HEADING_MAX_CHARACTERS:
        return None
    return next(iter(names))
