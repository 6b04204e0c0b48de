"""Conclusions of the safety diagnostics: amiante, plomb, termites, installations.

Each report is read in its own section (``local_sections``), sentence by sentence.
Reports are forms: a box that is not ticked ("☐ L'installation ne comporte aucune
anomalie") is not a conclusion, so the text after an empty box is dropped up to the
next box. Titles and legends name the hazard without finding it ("Rapport de repérage
des matériaux contenant de l'amiante", "DGI : danger grave et immédiat"), and so do
conditional sentences ("en cas de présence..."): a finding needs a verb or a yes. A
negative finding ("il n'a pas été repéré", "aucune anomalie") is checked first,
because it contains the words of the positive one. Lead paint: classes 0-3 of the
units of diagnostic, with a risk when class 3 is found or a measured concentration
reaches 1 mg/cm² where no class is given; installations: the number of anomalies
(stated, else the anomaly codes listed) and whether a danger grave et immédiat was
found ("anomalies de type A2 et DGI", "DGI : oui", "signalé au distributeur").
"""

from __future__ import annotations

import re

from common.ai.french import parse_number
from common.ai.local_text import DocumentText
from common.ai.schemas import InstallationCheck

LEAD_THRESHOLD_MG_CM2 = 1.0
MAX_DETAILS = 5
_UNCHECKED = re.compile(r"(?:[☐□❏▢]|\[\s\])[^☐□❏▢☒☑■✓✔\[]*")
_CONDITIONAL = re.compile(
    r"en cas de|\bsi\b|susceptibles?|le cas echeant|eventuel|recherche de la"
    r"|reperage de la presence|detection de la presence|a defaut|\bdevra\b"
)
_ASBESTOS_ABSENT = re.compile(
    r"n'(?:a|ont) pas ete reperee?s?|pas de materiaux|absence d(?:e materiaux|'amiante"
    r"|e produits)|aucun (?:materiau|produit)|ne contient pas|non detectee?"
    r"|(?:amiante|presence)\s*:\s*non\b|liste [ab]\s*:?\s*absence|sans amiante"
)
_ASBESTOS_PRESENT = re.compile(
    r"(?:a|ont) ete reperee?s?|presence d(?:e materiaux|'amiante|e produits)"
    r"|contient de l'amiante|materiaux amiantes|(?:amiante|presence)\s*:\s*oui\b"
    r"|liste [ab]\s*:?\s*presence|amiante (?:a|ont) ete (?:detecte|identifie)"
)
_TERMITES_TITLE = re.compile(r"(?:etat|constat)[\w\s']{0,40}presence de termites")
_TERMITES_ABSENT = re.compile(
    r"absence d(?:'indices?|e termites)|pas d'indices?|aucun indice|n'a pas ete"
    r"|termites\s*:\s*non\b|non infeste"
)
_TERMITES_PRESENT = re.compile(
    r"presence de termites|indices? d'infestation|termites\s*:\s*oui\b"
    r"|infestation active|termites (?:ont ete|a ete) (?:repere|constate|observe)"
)
_LEAD_COUNT = re.compile(
    r"(?P<count>\d{1,4})\s+unites?\s+(?:de\s+diagnostic\s+)?(?:de\s+|en\s+)?classe\s*"
    r"(?P<cls>[0-3])|classe\s*(?P<cls2>[0-3])\s*:\s*(?P<count2>\d{1,4})(?!\s*(?:mg|%))"
)
_LEAD_FINDING = re.compile(
    r"(?:uniquement|seulement|presence|releve|identifie|constate|relevees?"
    r"|comporte)[^.]{0,60}classes?\s*(?P<list>[0-3](?:\s*(?:,|et|ou)\s*[0-3])*)"
    r"|classes?\s*(?P<list2>[0-3](?:\s*(?:,|et|ou)\s*[0-3])*)\s+(?:uniquement|seulement)"
)
_LEAD_HEADER = re.compile(r"(?:classe\s*[0-3]\s*){3,}")
_CONCENTRATION = re.compile(r"(?P<value>\d{1,2}(?:[,.]\d{1,2})?)\s*mg\s*/\s*cm\s*2")
_NOT_MEASURE = re.compile(
    r"seuil|superieure?|inferieure?|egale?|[<>≤≥]|limite|\bde\s*$"
)
_LEAD_RISK = re.compile(
    r"situation de risque|facteurs? de degradation\s*:?\s*oui|risque d'exposition au"
    r" plomb (?:est|a ete) (?:constate|identifie)|revetements? degrades?"
)
_LEAD_LEGEND = re.compile(r"\bclasses?\s*[0-3]|:\s*(?:non|0)\b|\baucune?\b")
_NO_LEAD_RISK = re.compile(
    r"absence de risque|pas de risque|aucun risque|aucune situation"
)
_ANOMALY_COUNT = re.compile(
    r"(?:comporte|presente|releve|identifie|constate|compte)\w*\s+(?P<a>\d{1,3})"
    r"\s+anomalies?|(?P<b>\d{1,3})\s+anomalies?"
    r"|nombre d'anomalies\s*:?\s*(?P<c>\d{1,3})"
)
_NO_ANOMALY = re.compile(r"(?:aucune|sans|pas d')\s*anomalie|0\s+anomalie")
_SOME_ANOMALY = re.compile(r"une ou (?:des|plusieurs) anomalies|comporte des anomalies")
_ANOMALY_CODE = re.compile(
    r"\b(?:b\.?\s?\d{1,2}(?:\.\d{1,2}){1,3}\s?[a-z]?\d?|a1|a2|32c)\b"
)
_DANGER = re.compile(r"danger grave et immediat|\bdgi\b")
_TYPE_LEGEND = re.compile(r"^\W*(?:a1|a2|dgi|32c)\s*[):=-](?!\s*(?:oui|non|\d))")
_DANGER_LEGEND = re.compile(
    r"dgi\s*[:=]\s*danger|^\W*danger grave et immediat\s*\(dgi\)\s*[:=]"
    r"|\bdgi\s*\)?\s*:\s*(?:l'installation|anomalie)|en cas de|\bsi\b"
)
# A danger denied near its mention: "aucun DGI", "absence de danger grave et
# immédiat", "DGI : non", "DGI : 0" (counts of other types may be 0 in the sentence).
_DANGER_DENIED_BEFORE = re.compile(
    r"(?:aucune?|pas de|pas d'|ne presente pas|absence de|n'a pas|sans)[^.;:]{0,25}$"
)
_DANGER_DENIED_AFTER = re.compile(r"^\s*\)?\s*[:=]\s*(?:non|0)\b")
_DANGER_FOUND = re.compile(
    r"presente un danger|presence d'une? (?:danger|dgi|anomalie)"
    r"|anomalies?(?:\(s\))? (?:de type )?dgi"
    r"|\btypes?\b[^.;]{0,30}\b(?:dgi|danger grave)"
    r"|(?:dgi|immediat)\s*\)?\s*:\s*[☒☑■✓✔\[\]x ]*(?:oui|[1-9])|coupure|interrompue?"
    r"|(?:anomalie|type)\s*:\s*dgi\b"
    r"|\b\d{1,2}(?:\.\d{1,2}){1,3}\s*[a-z]?\d?\s*[|:-]?\s*dgi\b"  # a row: 19.1 | DGI
    r"|interruption de l'alimentation|condamnation|fermeture|mise en securite"
    r"|a ete constate|\bsignale|(?:a|ont) ete (?:informee?s?|prevenue?s?|avisee?s?)"
)


Sentence = tuple[str, str]  # folded, original


def checked_sentences(text: DocumentText) -> list[Sentence]:
    """The sentences of ``text`` (folded, original) without the unticked options."""
    return [
        (_UNCHECKED.sub(" ", folded), _UNCHECKED.sub(" ", original))
        for folded, original in zip(
            text.sentences(), text.sentences(original=True), strict=True
        )
    ]


def asbestos_found(sentences: list[Sentence]) -> bool | None:
    """True when asbestos was found, False when the report says none, else None."""
    verdicts: list[bool] = []
    for sentence, _ in sentences:
        if _ASBESTOS_ABSENT.search(sentence):
            verdicts.append(False)
        elif not _CONDITIONAL.search(sentence) and _ASBESTOS_PRESENT.search(sentence):
            verdicts.append(True)
    return _any_true(verdicts)


def termites_found(sentences: list[Sentence]) -> bool | None:
    """True when the report found termites, False when it found none, else None."""
    verdicts: list[bool] = []
    for folded, _ in sentences:
        sentence = _TERMITES_TITLE.sub(" ", folded)
        if _TERMITES_ABSENT.search(sentence):
            verdicts.append(False)
        elif not _CONDITIONAL.search(sentence) and _TERMITES_PRESENT.search(sentence):
            verdicts.append(True)
    return _any_true(verdicts)


def lead_classes(text: DocumentText) -> list[int]:
    """The classes (0-3) of the units of diagnostic the CREP found, in order."""
    found: set[int] = set()
    for match in text.finditer(_LEAD_COUNT):
        count = int(match["count"] or match["count2"])
        if count > 0:
            found.add(int(match["cls"] or match["cls2"]))
    for match in text.finditer(_LEAD_FINDING):
        found |= {
            int(digit)
            for digit in re.findall(r"[0-3]", match["list"] or match["list2"])
        }
    found |= _lead_table(text)
    return sorted(found)


def _lead_table(text: DocumentText) -> set[int]:
    """Classes of a header line "Classe 0 Classe 1..." over a line of counts."""
    for match in text.finditer(_LEAD_HEADER):
        classes = [int(digit) for digit in re.findall(r"classe\s*([0-3])", match[0])]
        counts = re.findall(r"\b\d{1,4}\b", text.next_line(match.end() - 1))
        if len(counts) >= len(classes):
            tail = counts[len(counts) - len(classes) :]
            return {cls for cls, count in zip(classes, tail, strict=True) if int(count)}
    return set()


def lead_risk(text: DocumentText, classes: list[int]) -> bool | None:
    """Whether the CREP shows a risk: a unit of class 3, or it says so.

    Classes 1 and 2 hold lead (1 mg/cm² or more) in a sound state: no risk. Only
    without classes does a measured 1 mg/cm² count as one. A legend of the classes
    ("classe 3 (revêtements dégradés) : 0") says no risk.
    """
    if 3 in classes or _risk_stated(text):
        return True
    if classes:
        return False
    if _max_concentration(text) >= LEAD_THRESHOLD_MG_CM2:
        return True
    return False if text.search(_NO_LEAD_RISK) else None


def _risk_stated(text: DocumentText) -> bool:
    return any(
        _LEAD_RISK.search(sentence)
        and not _NO_LEAD_RISK.search(sentence)
        and not _LEAD_LEGEND.search(sentence)
        for sentence in text.sentences()
    )


def _max_concentration(text: DocumentText) -> float:
    values = [
        parse_number(match["value"].replace(".", ",")) or 0.0
        for match in text.finditer(_CONCENTRATION)
        if not _NOT_MEASURE.search(
            text.folded[max(0, match.start() - 30) : match.start()]
        )
    ]
    return max(values, default=0.0)


def installation_check(sentences: list[Sentence]) -> InstallationCheck | None:
    """Anomalies and danger of an electrical or gas report, None without a verdict."""
    count: int | None = None
    some = False
    codes: dict[str, str] = {}
    danger = False
    for sentence, original in sentences:
        if _TYPE_LEGEND.match(sentence):
            continue  # "A1 : une anomalie à prendre en compte..." explains a type
        if count is None:
            count = _anomaly_count(sentence)
        some = some or bool(_SOME_ANOMALY.search(sentence))
        if "anomalie" in sentence or _ANOMALY_CODE.match(sentence):
            for code in _ANOMALY_CODE.findall(sentence):
                codes.setdefault(
                    code.replace(" ", ""), " ".join(original.split())[:150]
                )
        danger = danger or _danger(sentence)
    if count is None and (some or codes):
        count = max(1, len(codes))
    if count is None and not danger:
        return None
    details = list(dict.fromkeys(codes.values()))[:MAX_DETAILS]
    return InstallationCheck(anomalies=count, danger_immediat=danger, details=details)


def _anomaly_count(sentence: str) -> int | None:
    if _NO_ANOMALY.search(sentence):
        return 0
    match = _ANOMALY_COUNT.search(sentence)
    if match is None:
        return None
    return int(match["a"] or match["b"] or match["c"])


def _danger(sentence: str) -> bool:
    """True when ``sentence`` reports a danger grave et immédiat that was found."""
    mentions = list(_DANGER.finditer(sentence))
    if not mentions or _DANGER_LEGEND.search(sentence):
        return False
    denied = any(
        _DANGER_DENIED_BEFORE.search(sentence[: mention.start()])
        or _DANGER_DENIED_AFTER.match(sentence, mention.end())
        for mention in mentions
    )
    return bool(_DANGER_FOUND.search(sentence)) and not denied


def _any_true(verdicts: list[bool]) -> bool | None:
    """A hazard found anywhere wins over a "none found" elsewhere."""
    if True in verdicts:
        return True
    return False if verdicts else None
