"""The syndic and the recurring problems a procès-verbal reveals.

The syndic is named after "Syndic :", after "le syndic, le Cabinet X", before "en sa
qualité de syndic", or by the name of a national network on a line about the syndic.
A problem is a sentence about impayés, a sinistre, a procédure or a litige that states
something concrete (an amount, or that it is ongoing, declared, recurring...): the
insurance policy "couvrant les sinistres" is not one. One problem per sentence, the
most specific kind first (a "procédure de recouvrement des charges impayées" is about
impayés).
"""

from __future__ import annotations

import re

from common.ai.french import find_amounts
from common.ai.local_resolutions import is_heading
from common.ai.local_text import DocumentText
from common.ai.schemas import CoproProblem

MAX_PROBLEMS = 10
DESCRIPTION_CHARACTERS = 300
_ORGANISATION = r"(?:cabinet|agence|societe|sarl|sas|sa|sci|groupe)\s"
_NETWORKS = (
    r"foncia|nexity|citya|oralia|sergic|square habitat|immo de france|loiselet"
    r"|lamy|century 21|orpi|laforet|guy hoquet|gestrim|atrium gestion"
)
_SYNDIC = (
    re.compile(r"\bsyndic(?:\s+de\s+copropriete)?\s*:\s*(?P<name>[^\n,;(]{3,80})"),
    re.compile(
        r"\bsyndic\b[^,.;:\n]{0,30}?,?\s+(?:le |la |l')?(?P<name>"
        + _ORGANISATION
        + r"[^,.;()\n]{2,60})"
    ),
    re.compile(
        r"(?P<name>" + _ORGANISATION + r"[^,.;()\n]{2,60}?),?\s+(?:pris\s+)?(?:en sa"
        r"|es) qualite de syndic"
    ),
    re.compile(r"(?P<name>(?:" + _NETWORKS + r")\b[^,.;()\n]{0,40})(?=[^\n]*syndic)"),
)
_NAME_END = re.compile(
    r"\s+(?:represente|pris|dont|domicilie|sis|sise|situe|en sa|es qualite|adresse"
    r"|demeurant|titulaire|ayant)\b"
)
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
        match = text.search(pattern)
        if match is None:
            continue
        name = text.text[match.start("name") : match.end("name")]
        cut = _NAME_END.search(text.folded, match.start("name"), match.end("name"))
        if cut:
            name = text.text[match.start("name") : cut.start()]
        name = " ".join(name.split()).strip(" -\u2013:")
        if len(name) >= 3:
            return name[:200]
    return None


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
