"""Classification of French purchase documents: the title first, then the keywords.

A document says what it is in its title ("Procès-verbal de l'assemblée générale",
"Avis d'impôt taxes foncières", "Appel de fonds", "État daté"...), and its body then
mentions many things it is not: an état daté speaks of appels de fonds, a compromis of
diagnostics and of the taxe foncière, a convocation of resolutions. So the title
phrase found first in the head of the document decides (``TITLE_WEIGHT``), other
title phrases there count less, and the body adds weighted keywords, each counted at
most ``MAX_COUNT_PER_TERM`` times so that a long document does not win by length. A
text whose words OCR split ("assem blée") is also searched with its spaces removed,
for the long phrases only. The best score wins if it is high enough; the confidence
grows with its margin over the runner-up. A document with too little signal is
``other`` with a low confidence.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from common.ai.french import terms_regex
from common.ai.local_text import DocumentText
from common.ai.schemas import DocumentCategory, OtherType

MAX_COUNT_PER_TERM = 3
TITLE_WEIGHT = 40.0  # the first title phrase of the head
OTHER_TITLE_WEIGHT = 12.0  # any other title phrase of the head
MIN_SCORE = 8.0
UNREADABLE_CONFIDENCE = 0.1
SQUEEZED_MIN_LENGTH = 10  # phrases this long are also found with spaces removed
_SQUEEZABLE = re.compile(r"[\s\-']")

TITLES: tuple[tuple[DocumentCategory, str], ...] = (
    ("other", "pre-etat date"), ("other", "etat date"), ("other", "convocation"),
    ("other", "reglement de copropriete"), ("other", "etat descriptif de division"),
    ("other", "compromis de vente"), ("other", "promesse de vente"),
    ("other", "promesse unilaterale"), ("other", "avant-contrat"),
    ("other", "acte de vente"),
    ("other", "fiche synthetique"), ("other", "carnet d'entretien"),
    ("other", "contrat de syndic"), ("other", "attestation d'assurance"),
    ("other", "conditions particulieres"), ("other", "taxe d'habitation"),
    ("other", "diagnostic technique global"), ("other", "plan pluriannuel de travaux"),
    ("other", "facture"), ("other", "devis"), ("other", "bail"),
    ("other", "contrat de location"), ("other", "offre de pret"),
    ("pv_ag", "proces-verbal"), ("pv_ag", "compte rendu de l'assemblee"),
    ("pv_ag", "assemblee generale"),
    ("taxe_fonciere", "taxe fonciere"), ("taxe_fonciere", "avis de taxe"),
    ("charges", "appel de fonds"), ("charges", "appel de charges"),
    ("charges", "appel provisionnel"), ("charges", "appel de provisions"),
    ("charges", "avis d'echeance"), ("charges", "releve de charges"),
    ("charges", "decompte de charges"), ("charges", "decompte individuel"),
    ("charges", "releve de compte"), ("charges", "regularisation des charges"),
    ("charges", "repartition des charges"), ("charges", "releve des depenses"),
    ("charges", "budget previsionnel"), ("charges", "releve individuel"),
    ("charges", "releve des charges"), ("charges", "decompte des charges"),
    ("charges", "appel des charges"), ("charges", "etat des charges"),
    ("charges", "compte individuel"), ("charges", "repartition individuelle"),
    ("charges", "avis d'appel"), ("charges", "echeancier"),
    ("charges", "appel de cotisations"),
    ("diags", "dossier de diagnostic"), ("diags", "diagnostic de performance"),
    ("diags", "diagnostics techniques"), ("diags", "performance energetique"),
    ("diags", "dpe"), ("diags", "etat des risques"), ("diags", "amiante"),
    ("diags", "exposition au plomb"), ("diags", "crep"), ("diags", "termites"),
    ("diags", "installation interieure"), ("diags", "loi carrez"),
    ("diags", "attestation de superficie"), ("diags", "certificat de superficie"),
    ("diags", "mesurage"), ("diags", "diagnostic"),
)  # fmt: skip

KEYWORDS: dict[DocumentCategory, tuple[tuple[str, float], ...]] = {
    "pv_ag": (
        ("proces-verbal", 3), ("assemblee generale", 2), ("resolution", 1),
        ("ordre du jour", 1), ("president de seance", 3), ("scrutateur", 3),
        ("secretaire de seance", 3), ("majorite de l'article", 2), ("votes pour", 2),
        ("votes contre", 2), ("abstention", 1.5), ("feuille de presence", 2),
        ("adoptee", 1.5), ("rejetee", 1.5), ("presents ou representes", 2),
        ("l'assemblee generale decide", 3), ("la seance est levee", 3),
        ("ont vote contre", 2), ("se sont abstenus", 2), ("quorum", 1),
    ),
    "diags": (
        ("diagnostic", 1.5), ("dpe", 2), ("performance energetique", 3),
        ("diagnostiqueur", 3), ("amiante", 1.5), ("crep", 2), ("plomb", 1),
        ("termite", 2), ("etat des risques", 2), ("kwh", 1.5), ("classe energie", 2),
        ("gaz a effet de serre", 2), ("loi carrez", 2), ("installation interieure", 2),
        ("etiquette energie", 2), ("superficie privative", 2), ("reperage", 1.5),
        ("mesurage", 1.5), ("sismicite", 2), ("radon", 2), ("anomalie", 1),
        ("certification", 1),
    ),
    "taxe_fonciere": (
        ("taxe fonciere", 4), ("avis d'impot", 3), ("finances publiques", 2),
        ("base d'imposition", 2), ("ordures menageres", 1.5), ("teom", 2),
        ("fiscalite directe locale", 3), ("numero fiscal", 2), ("cotisation", 1),
        ("impots.gouv.fr", 1), ("proprietes baties", 2), ("valeur locative", 2),
        ("reference de l'avis", 3), ("montant de votre impot", 3),
    ),
    "charges": (
        ("appel de fonds", 3), ("appel de charges", 3), ("appel provisionnel", 3),
        ("releve de charges", 3), ("decompte de charges", 3),
        ("charges de copropriete", 2), ("charges generales", 2),
        ("charges speciales", 2), ("quote-part", 1.5), ("tantieme", 1),
        ("budget previsionnel", 1), ("exigible", 1), ("a regler", 1),
        ("solde anterieur", 2), ("solde precedent", 2), ("total de l'appel", 3),
        ("avis d'echeance", 2), ("provisions", 1), ("fonds de travaux", 1),
        ("charges courantes", 2), ("total de vos charges", 3),
        ("votre quote-part", 1.5), ("releve individuel", 3),
        ("decompte individuel", 3), ("echeancier", 1),
    ),
    "other": (
        ("reglement de copropriete", 4), ("etat descriptif de division", 4),
        ("etat date", 5), ("compromis de vente", 5), ("promesse de vente", 5),
        ("attestation d'assurance", 4), ("contrat de location", 4), ("bail", 2),
        ("facture", 2), ("contrat", 1.5), ("assurance", 1.5), ("notaire", 1),
        ("projet de resolution", 4), ("convocation", 2), ("fiche synthetique", 5),
        ("carnet d'entretien", 5), ("taxe d'habitation", 4), ("acquereur", 1.5),
        ("vendeur", 1), ("mutation", 1), ("prime", 1), ("souscripteur", 2),
        ("loyer", 2), ("devis", 2),
    ),
}  # fmt: skip

OTHER_TYPES: tuple[tuple[OtherType, tuple[str, ...]], ...] = (
    ("pre_etat_date", ("pre-etat date", "pre etat date")),
    ("etat_date", ("etat date",)),
    ("reglement_copropriete", ("reglement de copropriete",)),
    ("compromis", ("compromis de vente", "promesse de vente", "promesse unilaterale")),
    ("bail", ("contrat de location", "bail d'habitation", "bail")),
    ("assurance", ("attestation d'assurance", "police d'assurance", "assurance")),
    ("facture", ("facture",)),
    ("contrat", ("contrat",)),
)

OTHER_TYPE_NAMES: dict[OtherType, str] = {
    "reglement_copropriete": "Règlement de copropriété",
    "etat_date": "État daté",
    "pre_etat_date": "Pré-état daté",
    "compromis": "Compromis de vente",
    "bail": "Bail",
    "assurance": "Assurance",
    "facture": "Facture",
    "contrat": "Contrat",
    "other": "Autre document",
}


@dataclass(frozen=True)
class CategoryGuess:
    """The category with the best score, how sure it is, and all scores."""

    category: DocumentCategory
    confidence: float
    scores: dict[DocumentCategory, float]


def score(text: DocumentText) -> dict[DocumentCategory, float]:
    """The title and keyword score of each category for ``text``."""
    squeezed = _squeeze(text.folded)
    scores: dict[DocumentCategory, float] = dict.fromkeys(KEYWORDS, 0.0)
    for category, terms in KEYWORDS.items():
        counts = _counts(_pattern(tuple(term for term, _ in terms)), text.folded)
        for index, (term, weight) in enumerate(terms):
            count = counts.get(index, 0)
            if len(_squeezed_term(term)) >= SQUEEZED_MIN_LENGTH:
                count = max(count, squeezed.count(_squeezed_term(term)))
            scores[category] += weight * min(count, MAX_COUNT_PER_TERM)
    for rank, category in enumerate(_title_categories(text.title)):
        scores[category] += TITLE_WEIGHT if rank == 0 else OTHER_TITLE_WEIGHT
    return scores


def guess_category(text: DocumentText) -> CategoryGuess:
    """The most likely category of ``text``, with a confidence from the margin."""
    if text.is_empty:
        return CategoryGuess("other", UNREADABLE_CONFIDENCE, {})
    scores = score(text)
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, best_score), (_, runner_up) = ranked[0], ranked[1]
    if best_score < MIN_SCORE:
        # Too little signal to say anything: "other", as unsure as the score is low.
        return CategoryGuess(
            "other", round(0.2 + 0.2 * best_score / MIN_SCORE, 2), scores
        )
    margin = (best_score - runner_up) / best_score
    strength = min(1.0, best_score / (4 * MIN_SCORE))
    confidence = 0.5 + 0.45 * margin * (0.5 + 0.5 * strength)
    return CategoryGuess(best, round(min(confidence, 0.95), 2), scores)


def other_document_type(text: DocumentText) -> OtherType:
    """The kind of an ``other`` document: terms of its title first, then of its body."""
    for zone in (text.title, text.folded):
        for document_type, terms in OTHER_TYPES:
            if _pattern(terms).search(zone):
                return document_type
    return "other"


def _title_categories(title: str) -> list[DocumentCategory]:
    """The categories of the title phrases in the head, first written first."""
    first_at: dict[DocumentCategory, int] = {}
    squeezed = _squeeze(title)
    for category, phrase in TITLES:
        match = _pattern((phrase,)).search(title)
        position = match.start() if match else -1
        if position < 0 and len(_squeezed_term(phrase)) >= SQUEEZED_MIN_LENGTH:
            # Position in the squeezed head: comparable enough to order titles.
            position = squeezed.find(_squeezed_term(phrase))
        if position >= 0 and position < first_at.get(category, len(title) + 1):
            first_at[category] = position
    return sorted(first_at, key=first_at.__getitem__)


def _counts(pattern: re.Pattern[str], folded: str) -> dict[int, int]:
    counts: dict[int, int] = {}
    for match in pattern.finditer(folded):
        index = int((match.lastgroup or "t0")[1:])
        counts[index] = counts.get(index, 0) + 1
    return counts


@functools.cache
def _pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(terms_regex(terms, named=True))


@functools.cache
def _squeezed_term(term: str) -> str:
    return _squeeze(term)


def _squeeze(folded: str) -> str:
    return _SQUEEZABLE.sub("", folded)
