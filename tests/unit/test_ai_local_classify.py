"""Classification of varied French documents, including ones that talk of others."""

from __future__ import annotations

import pytest

from common.ai.local_classify import guess_category, other_document_type
from common.ai.local_text import DocumentText

DOCUMENTS: dict[str, tuple[str, str]] = {
    "pv": (
        "pv_ag",
        """Résidence Le Parc - Syndic : Cabinet Loiselet
COMPTE RENDU DE L'ASSEMBLÉE GÉNÉRALE DU 4 JUIN 2023
Présents ou représentés : 28 copropriétaires totalisant 7 120 / 10 000 tantièmes.
Résolution n° 1 : élection du président de séance. Adoptée.
Résolution n° 2 : désignation du scrutateur. Adoptée.
Résolution n° 3 : ravalement, budget de 80 000 € TTC. Votes pour : 6 000. Rejetée.
Appel de fonds : sans objet.""",
    ),
    "convocation": (
        "other",
        """CONVOCATION À L'ASSEMBLÉE GÉNÉRALE ORDINAIRE
Madame, Monsieur, vous êtes convoqué(e) le 12 mars 2024 à 18 h.
Ordre du jour :
Projet de résolution n° 1 : élection du président de séance (article 24).
Projet de résolution n° 2 : approbation des comptes (article 24).
Projet de résolution n° 3 : travaux de ravalement (article 25).""",
    ),
    "etat_date": (
        "other",
        """ÉTAT DATÉ
Article 5 du décret du 17 mars 1967 - mutation du lot n° 12
Sommes dues par le vendeur : appel de fonds du 2e trimestre 760,63 €.
Charges de copropriété, budget prévisionnel, fonds de travaux, quote-part.
Travaux votés par l'assemblée générale du 12 mars 2024 : ravalement.""",
    ),
    "compromis": (
        "other",
        """COMPROMIS DE VENTE
Entre les soussignés, le vendeur et l'acquéreur.
Diagnostics annexés : DPE classe D, amiante, plomb, électricité.
Taxe foncière 2023 : 1 234 €. Charges de copropriété : 3 000 € par an.""",
    ),
    "ddt": (
        "diags",
        """Dossier de diagnostic technique
Constat de repérage amiante : absence.
Diagnostic de performance énergétique : classe D, 210 kWh/m²/an.""",
    ),
    "dpe": (
        "diags",
        """DPE logement
Consommation d'énergie primaire 245 kWh/m².an
Émissions de gaz à effet de serre 40 kg CO₂/m².an""",
    ),
    "erp": (
        "diags",
        """ÉTAT DES RISQUES ET POLLUTIONS
Zone de sismicité : 2 (faible). Potentiel radon : niveau 1.""",
    ),
    "taxe": (
        "taxe_fonciere",
        """AVIS D'IMPÔT 2024
TAXES FONCIÈRES
Montant de votre impôt : 1 234 €""",
    ),
    "habitation": (
        "other",
        """AVIS D'IMPÔT 2023
TAXE D'HABITATION SUR LES RÉSIDENCES SECONDAIRES
Montant de votre impôt : 812 €""",
    ),
    "appel": (
        "charges",
        """Cabinet Citya - Avis d'appel de fonds
Appel provisionnel du 3e trimestre 2024
Charges générales : 412,00 € - Total de l'appel : 455,10 €""",
    ),
    "decompte": (
        "charges",
        """DÉCOMPTE DE CHARGES DE L'EXERCICE 2023
Votre quote-part des charges générales : 1 650,00 €
Provisions versées : 1 700,00 €. Solde en votre faveur : 50,00 €""",
    ),
    "releve_individuel": (
        "charges",
        """RELEVÉ INDIVIDUEL DES CHARGES
Exercice du 01/01/2023 au 31/12/2023 - Copropriétaire : Mme Leroy, lot 8
Eau froide 4 210,00 € 98,40 € - Assurance multirisque immeuble 5 300,00 € 123,90 €
Contrat d'entretien ascenseur 3 480,00 € 81,35 €
Total de vos charges 303,65 €""",
    ),
    "releve_ocr": (
        "charges",
        """RELEVE INDIVIDUEL DES CHARGES DE COPROPRIETE
Exercice 2O23 - Lot n° 5
Assurance l23,9O € Contrat d'entretien 8l,35 €""",
    ),
    "echeancier": (
        "charges",
        """SYNDIC DU CENTRE - ECHEANCIER 2024
PROV. CHARGES COURANTES 97454.00 EUR/AN 168.92 EUR
TOTAL ECHEANCE 187.40 EUR""",
    ),
    "reglement": (
        "other",
        """RÈGLEMENT DE COPROPRIÉTÉ
Les charges sont réparties selon les tantièmes. L'assemblée générale des
copropriétaires se réunit une fois par an sur convocation du syndic.""",
    ),
    "assurance": (
        "other",
        """ATTESTATION D'ASSURANCE
Multirisque habitation - prime annuelle : 240 €""",
    ),
}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_guess_category_reads_the_title_before_the_words_of_the_body(name: str) -> None:
    expected, body = DOCUMENTS[name]

    guess = guess_category(DocumentText.from_pages([body]))

    assert guess.category == expected
    assert guess.confidence >= 0.6


def test_guess_category_finds_a_pv_whose_title_ocr_split_into_pieces() -> None:
    text = DocumentText.from_pages(
        [
            "PR0CES - VER BAL DE L'ASSEM BLEE GENERALE",
            "Résolution n° 1 : adoptée. Résolution n° 2 : rejetée.",
        ]
    )

    assert guess_category(text).category == "pv_ag"


def test_guess_category_of_a_pv_without_title_uses_the_minutes_words() -> None:
    text = DocumentText.from_pages(
        [
            "Le président de séance ouvre la séance. Le scrutateur est désigné.",
            "Résolution 4 : adoptée à la majorité de l'article 25. Votes contre : 320.",
        ]
    )

    assert guess_category(text).category == "pv_ag"


def test_unknown_document_is_other_with_a_low_confidence() -> None:
    text = DocumentText.from_pages(["Liste de courses : pain, lait, 3 pommes."])

    guess = guess_category(text)

    assert (guess.category, guess.confidence < 0.5) == ("other", True)


def test_empty_text_is_other_with_the_lowest_confidence() -> None:
    guess = guess_category(DocumentText.from_pages([]))

    assert (guess.category, guess.confidence) == ("other", 0.1)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("etat_date", "etat_date"),
        ("compromis", "compromis"),
        ("assurance", "assurance"),
    ],
)
def test_other_document_type_names_the_kind(name: str, expected: str) -> None:
    text = DocumentText.from_pages([DOCUMENTS[name][1]])

    assert other_document_type(text) == expected
