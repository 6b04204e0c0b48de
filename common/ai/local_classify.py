"""Classification of French purchase documents by weighted keywords.

Each category has terms with weights (the more specific, the heavier). A category's
score is the sum over its terms of weight x occurrences (capped, so that one word
repeated on every page does not decide alone), and terms in the head of the document,
where its title is, count again ``TITLE_BONUS`` times. The best score wins if it is
high enough; the confidence grows with its margin over the runner-up. A document with
too little signal is ``other`` with a low confidence.
"""

from __future__ import annotations

from dataclasses import dataclass

from common.ai.french import count_terms
from common.ai.local_text import DocumentText
from common.ai.schemas import DocumentCategory, OtherType

MAX_COUNT_PER_TERM = 5
TITLE_BONUS = 3.0
MIN_SCORE = 6.0
UNREADABLE_CONFIDENCE = 0.1

KEYWORDS: dict[DocumentCategory, tuple[tuple[str, float], ...]] = {
    "pv_ag": (
        ("proces-verbal", 4), ("proces verbal", 4), ("assemblee generale", 2),
        ("resolution", 1.5), ("ordre du jour", 1.5), ("president de seance", 2),
        ("scrutateur", 2), ("majorite de l'article", 2), ("votes pour", 1.5),
        ("feuille de presence", 1.5), ("adoptee", 1), ("rejetee", 1),
    ),
    "diags": (
        ("diagnostic", 2), ("dpe", 2), ("performance energetique", 3),
        ("diagnostiqueur", 3), ("amiante", 1.5), ("crep", 2), ("plomb", 1),
        ("termite", 1.5), ("etat des risques", 2), ("kwh", 1.5),
        ("classe energie", 2), ("gaz a effet de serre", 2), ("loi carrez", 1),
        ("installation interieure", 1.5),
    ),
    "taxe_fonciere": (
        ("taxe fonciere", 4), ("avis d'impot", 3), ("finances publiques", 2),
        ("base d'imposition", 2), ("ordures menageres", 1.5), ("teom", 2),
        ("fiscalite directe locale", 2), ("numero fiscal", 2), ("cotisation", 1),
        ("impots.gouv.fr", 1),
    ),
    "charges": (
        ("appel de fonds", 3), ("appel de charges", 3), ("releve de charges", 3),
        ("decompte de charges", 3), ("charges de copropriete", 2),
        ("charges generales", 2), ("quote-part", 1.5), ("tantieme", 1),
        ("budget previsionnel", 1), ("exigible", 1), ("a regler", 1),
    ),
    "other": (
        ("reglement de copropriete", 5), ("etat descriptif de division", 4),
        ("etat date", 5), ("pre-etat date", 5), ("compromis de vente", 5),
        ("promesse de vente", 5), ("attestation d'assurance", 4),
        ("contrat de location", 4), ("bail", 2), ("facture", 2), ("contrat", 1.5),
        ("assurance", 1.5), ("notaire", 1),
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
    """The keyword score of each category for ``text``."""
    scores: dict[DocumentCategory, float] = {}
    for category, terms in KEYWORDS.items():
        total = 0.0
        for term, weight in terms:
            body = min(count_terms(text.folded, (term,)), MAX_COUNT_PER_TERM)
            title = min(count_terms(text.title, (term,)), 1)
            total += weight * (body + TITLE_BONUS * title)
        scores[category] = total
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
            if count_terms(zone, terms):
                return document_type
    return "other"
