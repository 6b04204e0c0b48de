"""The État des risques et pollutions and the loi Carrez surface of a diagnostic.

An ERP is a form: for each hazard it says whether the property is exposed (a plan de
prévention "prescrit" or "approuvé", "oui", "exposé", "situé en zone"). Seismicity
(zones 1-5) and radon (levels 1-3) are always stated, as facts; the other hazards are
listed only when the sentence is affirmative once the unticked options are dropped.
The Carrez surface is the total "superficie privative" the measurement states, never
a surface "non prise en compte" or "hors Carrez".
"""

from __future__ import annotations

import re

from common.ai.french import parse_number
from common.ai.local_text import DocumentText

SEISMIC_LEVELS = {
    "1": "très faible", "2": "faible", "3": "modérée", "4": "moyenne", "5": "forte",
}  # fmt: skip
HAZARDS: tuple[tuple[str, str], ...] = (
    ("pprn", "PPRN (plan de prévention des risques naturels)"),
    ("pprt", "PPRT (plan de prévention des risques technologiques)"),
    ("pprm", "PPRM (plan de prévention des risques miniers)"),
    ("inondation", "Inondation"),
    ("submersion", "Submersion marine"),
    ("mouvement de terrain", "Mouvement de terrain"),
    ("cavite", "Cavités souterraines"),
    ("feux de foret", "Feux de forêt"),
    ("avalanche", "Avalanche"),
    ("secteur d'information sur les sols", "Pollution des sols (SIS)"),
    ("recul du trait de cote", "Recul du trait de côte"),
    ("plan d'exposition au bruit", "Bruit (plan d'exposition au bruit)"),
)
_HAZARD = re.compile(
    r"(?P<pprn>\bppr\s?n\b|\bppri\b|plans? de prevention des risques naturels)"
    r"|(?P<pprt>\bppr\s?t\b|plans? de prevention des risques technologiques)"
    r"|(?P<pprm>\bppr\s?m\b|plans? de prevention des risques miniers)"
    r"|(?P<inondation>inondation)|(?P<submersion>submersion)"
    r"|(?P<mouvement>mouvements? de terrain)|(?P<cavite>cavites? souterraines?)"
    r"|(?P<feux>feux de forets?)|(?P<avalanche>avalanche)"
    r"|(?P<sis>secteurs? d'information sur les sols)|(?P<cote>trait de cote)"
    r"|(?P<bruit>plan d'exposition au bruit)"
)
_GROUPS = dict(zip(
    ("pprn", "pprt", "pprm", "inondation", "submersion", "mouvement", "cavite", "feux",
     "avalanche", "sis", "cote", "bruit"),
    (label for _, label in HAZARDS), strict=True,
))  # fmt: skip
_AFFIRMATIVE = re.compile(
    r"\boui\b|\bexposee?\b|situee? (?:dans|en)|concernee? par|prescrit|approuve"
    r"|applique par anticipation|zone inondable|soumise? a"
)
_NEGATIVE = re.compile(
    r"\bnon\b|n'est pas|hors (?:zone|perimetre)|aucun|pas concerne|absence|\bsans\b"
)
_SEISMIC = re.compile(
    r"sismicite\D{0,30}?(?P<zone>[1-5])(?!\d)|zone\s*(?P<zone2>[1-5])\s*\(?\s*"
    r"(?:tres faible|faible|moderee|moyenne|forte)\)?\s*(?:de\s+)?sismicite"
)
_RADON = re.compile(
    r"radon\D{0,50}?(?:niveau|categorie|zone|potentiel)\D{0,12}?(?P<level>[1-3])(?!\d)"
)
_CLAY = re.compile(
    r"retrait[\s-]*gonflement[^.]{0,80}?(?:alea|exposition|zone)\s*(?:[:\-]\s*)?"
    r"(?P<level>nul|faible|moyen|moyenne|fort|forte)"
)
_CARREZ = re.compile(
    r"(?:superficie|surface)s?\s+(?:totale\s+)?(?:privative|loi carrez|carrez"
    r"|de la partie privative)[^\d\n]{0,60}?"
    r"(?P<value>\d{1,4}(?:[ .]\d{3})?(?:[,.]\d{1,2})?)\s*(?:m\s*2|rn\s*2|m\b)"
)
_CARREZ_TOTAL = re.compile(
    r"\btotale?\b[^\d\n]{0,40}?(?P<value>\d{1,4}(?:[,.]\d{1,2})?)\s*(?:m\s*2|rn\s*2)"
)
_NOT_CARREZ = re.compile(r"non prise? en compte|hors carrez|hors loi|annexe|au sol")


def erp_risks(sentences: list[tuple[str, str]]) -> list[str]:
    """The hazards an ERP lists for the property, as short French labels."""
    risks: list[str] = []
    for sentence, _ in sentences:
        risks += _levels(sentence)
        if not _AFFIRMATIVE.search(sentence) or _NEGATIVE.search(sentence):
            continue
        for match in _HAZARD.finditer(sentence):
            risks.append(_GROUPS[match.lastgroup or "pprn"])
    return list(dict.fromkeys(risks))[:30]


def _levels(sentence: str) -> list[str]:
    """Seismic zone, radon level and clay shrink-swell exposure a sentence states."""
    found: list[str] = []
    seismic = _SEISMIC.search(sentence)
    if seismic:
        zone = seismic["zone"] or seismic["zone2"]
        found.append(f"Sismicité zone {zone} ({SEISMIC_LEVELS[zone]})")
    radon = _RADON.search(sentence)
    if radon:
        found.append(f"Radon niveau {radon['level']}")
    clay = _CLAY.search(sentence)
    if clay and clay["level"] != "nul":
        found.append(f"Retrait-gonflement des argiles ({clay['level']})")
    return found


def carrez_surface(text: DocumentText) -> float | None:
    """The total Carrez surface in m², None when the text states none."""
    candidates: list[tuple[int, float]] = []
    for rank, pattern in enumerate((_CARREZ, _CARREZ_TOTAL)):
        for match in text.finditer(pattern):
            line = text.folded_lines[text.line_index(match.start())]
            value = parse_number(match["value"].replace(".", ","))
            if value is None or not 1 <= value <= 10_000 or _NOT_CARREZ.search(line):
                continue
            total_first = 0 if "total" in line else 1
            candidates.append((rank * 2 + total_first, value))
    return min(candidates, key=lambda item: item[0])[1] if candidates else None
