"""The syndic and the recurring problems a procès-verbal reveals.

The syndic is a company name (capitalised words, never a clause such as "sa gestion de
l'exercice") after "Syndic :", "le syndic, le Cabinet X", "en qualité de syndic la
société X", before ", syndic de l'immeuble", "en sa qualité de syndic" or "- Syndic de
copropriété" (a letterhead), or the name of a national network on a line about the
syndic.
A problem is a sentence about impayés, a sinistre, a procédure or a litige that states
something concrete (an amount, or that it is ongoing, declared, recurring...): the
insurance policy "couvrant les sinistres" is not one. One problem per sentence, the
most specific kind first (a "procédure de recouvrement des charges impayées" is about
impayés).
"""

from __future__ import annotations

import re

from common.ai.french import find_amounts, fold
from common.ai.local_resolutions import is_heading
from common.ai.local_text import DocumentText
from common.ai.schemas import CoproProblem

MAX_PROBLEMS = 10
DESCRIPTION_CHARACTERS = 300
_NETWORKS = (
    r"foncia|nexity|citya|oralia|sergic|square habitat|immo de france|loiselet"
    r"|lamy|century 21|orpi|laforet|guy hoquet|gestrim|atrium gestion"
)
_NAME_END = re.compile(
    r"\s+(?:represente|pris|dont|domicilie|sis|sise|situe|en sa|es qualite|adresse"
    r"|demeurant|titulaire|ayant)\b"
)
# A company name, as written: capitalised words, with the particles of French names
# ("Cabinet Dupont & Fils", "Agence du Centre", "IMMO GESTION SAS"). It ends at the
# first lower-case word or the end of its line, so a clause ("sa gestion de
# l'exercice") is never a name.
_WORD = r"[A-ZÀ-Ý][\w'\u2019&.\-]*|&"
_NAME = (
    r"(?P<name>(?:" + _WORD + r")(?:(?: +(?:de|du|des|et|la|le|les|sur|en))? +"
    r"(?:d'|l')?(?:" + _WORD + r")| *- *(?:" + _WORD + r")){0,6})"
)
_ARTICLE = r"(?:(?:la +soci[ée]t[ée]|le +cabinet|l'agence|le|la|les|l') *)?"
_SYNDIC_WORD = r"(?i:syndic)(?![\w-])"
_SYNDIC = (
    # "Syndic : Cabinet X, 12 rue...", "Syndic de copropriété : X": the line is his
    re.compile(
        _SYNDIC_WORD
        + r"(?i: +de +copropri[ée]t[ée])? *[:\u2013] *"
        + _ARTICLE
        + r"(?P<name>[A-ZÀ-Ý][^\n,;(]{2,80})"
    ),
    # "désigne en qualité de syndic la société X", "le syndic, le Cabinet X"
    re.compile(
        r"(?i:en +qualit[ée] +de +|le +|du +|au +|son +)"
        + _SYNDIC_WORD
        + r"(?i: +(?:sortant|en +exercice|de +l'immeuble))?,? +"
        + _ARTICLE
        + _NAME
    ),
    # "la société X, syndic de l'immeuble", "CABINET X - Syndic de copropriété"
    re.compile(
        _NAME + r",? +(?i:(?:pris +|prise +)?(?:en +sa +qualit[ée] +de +"
        r"|[eè]s +qualit[ée]s? +de +|[-\u2013] *|est +(?:d[ée]sign[ée]e?|nomm[ée]e?"
        r"|reconduite?) +(?:en +qualit[ée] +de +|comme +)?)?)" + _SYNDIC_WORD
    ),
    # "mandat de syndic confié au Cabinet X"
    re.compile(
        _SYNDIC_WORD
        + r" +(?i:confi[ée]e?|attribu[ée]e?|renouvel[ée]e?) +"
        + r"(?i:au|à +la|à +l'|à) *"
        + _ARTICLE
        + _NAME
    ),
    # a national network named on a line about the syndic
    re.compile(
        r"(?i:(?P<name>(?:" + _NETWORKS + r")\b[^,.;()\n]{0,40}))(?=[^\n]*syndic)"
    ),
)
_COMPANY = re.compile(
    r"\b(?:cabinet|agence|societe|sarl|sas|sa|sci|groupe|immobiliere|gestion|regie"
    r"|" + _NETWORKS + r")\b"
)
# Capitalised words that start a heading or name a person, not a company.
_NOT_NAMES = frozenset(
    {"le", "la", "les", "il", "elle", "monsieur", "madame", "m.", "mme", "mr", "me",
     "conseil", "assemblee", "l'assemblee", "copropriete", "syndicat", "president",
     "presidente", "secretaire", "scrutateur", "article", "resolution", "question",
     "point", "election", "designation", "mandat", "contrat", "honoraires", "rapport",
     "approbation", "quitus", "budget", "vote", "pour", "contre", "abstention",
     "et", "ou", "qui", "que", "dont", "a", "au", "aux", "de", "des", "du", "sur",
     "par", "son", "ses", "est", "sont", "ce", "cette"}
)  # fmt: skip
KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("impayes", re.compile(
        r"impaye|debiteur|arriere|recouvrement|retards? de paiement"
    )),
    ("sinistre", re.compile(
        r"sinistre|degats? des eaux|infiltration|fuite|incendie|fissure"
    )),
    ("procedure", re.compile(
        r"procedure|assignation|tribunal|expert(?:ise)? judiciaire|refere|avocat"
        r"|action en justice|ester en justice|contentieux"
    )),
    ("litige", re.compile(r"litige|differend|conflit|desaccord")),
)  # fmt: skip
_CONCRETE = re.compile(
    r"en cours|engagee?|introduite?|deposee?|survenue?|subie?|declaree?|constatee?"
    r"|persist|recurrent|a nouveau|de nouveau|plusieurs|depuis|toujours|s'eleve"
    r"|montant|contre (?:m|mme|la societe|l'entreprise)|\bm\.|\bmme\b"
)
_GENERIC = re.compile(r"multirisque|contrat d'assurance|police d'assurance|couvrant")


def syndic_name(text: DocumentText) -> str | None:
    """The name of the syndic, as the minutes write it."""
    for pattern in _SYNDIC:
        for match in pattern.finditer(text.text):
            name = _name_of(match)
            if name is not None:
                return name
    return None


def _name_of(match: re.Match[str]) -> str | None:
    """The company name of ``match``, or None when the words are not one.

    On a line in capitals every word is capitalised: there the name must say it is a
    company (CABINET, AGENCE, SAS...) or be a network's.
    """
    name = match["name"]
    cut = _NAME_END.search(fold(name))
    if cut:
        name = name[: cut.start()]
    name = " ".join(name.split()).strip(" -\u2013:.")
    first = fold(name.split()[0]) if name else ""
    if len(name) < 3 or first in _NOT_NAMES or fold(name) in _NOT_NAMES:
        return None
    line_start = match.string.rfind("\n", 0, match.start()) + 1
    line_end = match.string.find("\n", match.end())
    line = match.string[line_start : line_end if line_end >= 0 else None]
    if line.isupper() and not _COMPANY.search(fold(name)):
        return None
    return name[:200]


def copro_problems(text: DocumentText) -> list[CoproProblem]:
    """The litiges, impayés, procédures and sinistres the minutes report."""
    problems: list[CoproProblem] = []
    seen: set[tuple[str, str]] = set()
    for folded, original in zip(
        text.sentences(), text.sentences(original=True), strict=True
    ):
        kind = next((name for name, pattern in KINDS if pattern.search(folded)), None)
        if kind is None or _GENERIC.search(folded) or is_heading(folded):
            continue
        amounts = find_amounts(original)
        if not amounts and not _CONCRETE.search(folded):
            continue
        description = " ".join(original.split())[:DESCRIPTION_CHARACTERS]
        key = (kind, description[:60].lower())
        if key in seen:
            continue
        seen.add(key)
        amount = max(found.value for found in amounts) if amounts else None
        problems.append(CoproProblem(kind=kind, description=description, amount=amount))
        if len(problems) == MAX_PROBLEMS:
            break
    return problems
