"""Money documents that are not charges: a plumber's invoice (HT lines, TVA at 10 %,
TTC, ``Net à payer``) and an insurance certificate for the building, scanned to PNG."""

from __future__ import annotations

from tests.corpus import blocks as b
from tests.corpus.faces import HELVETICA
from tests.corpus.layout import build_pdf
from tests.corpus.model import CorpusDocument
from tests.corpus.scan import ScanLook, png_bytes, render_page

_FACTURE: list[b.Block] = [
    b.Columns(
        [
            b.Para(
                "**SARL PLOMBERIE DU MÉDOC**\n12 rue Judaïque, 33000 Bordeaux\n"
                "SIRET 512 345 678 00021 -- TVA FR41512345678"
            )
        ],
        [
            b.Para(
                (
                    "**FACTURE N° F-2024-0312**\nDate : 14/03/2024\nClient : "
                    "SAS Cogéris Immobilier pour le SDC Les Chartrons"
                ),
                align="right",
            )
        ],
    ),
    b.Para(
        "Objet : remplacement de la colonne d'eau froide de l'escalier "
        "B (intervention du 04/03/2024 au 08/03/2024)."
    ),
    b.Grid(
        [
            ["Désignation", "Qté", "PU HT", "Total HT"],
            ["Dépose colonne acier galvanisé", "1", "420,00 €", "420,00 €"],
            [
                "Fourniture et pose colonne multicouche Ø 32",
                "18 ml",
                "95,00 €",
                "1 710,00 €",
            ],
            ["Raccordements et vannes d'étage", "6", "85,00 €", "510,00 €"],
            ["Main d'œuvre (heures)", "5", "50,00 €", "250,00 €"],
        ],
        widths=[0.52, 0.12, 0.16, 0.2],
    ),
    b.LabelValues(
        [
            ("Total HT", "2 890,00 €"),
            ("TVA 10 %", "289,00 €"),
            ("Total TTC", "3 179,00 €"),
            ("Acompte reçu", "0,00 €"),
            ("Net à payer", "3 179,00 €"),
        ],
        mode="table",
    ),
    b.Para(
        (
            "Paiement à 30 jours fin de mois. Pénalités de retard : "
            "3 fois le taux d'intérêt légal ; indemnité forfaitaire "
            "pour frais de recouvrement : 40 €."
        ),
        size=8,
    ),
]
ASSURANCE_LOOK = ScanLook(seed=1901, angle=-0.6, dpi=200, serif=True, grain=12)
_ASSURANCE = [
    "MUTUELLE ATLANTIQUE ASSURANCES",
    "Service Immeubles -- 40 rue de la Barre -- 69002 Lyon",
    "",
    "## ATTESTATION D'ASSURANCE",
    "^ Multirisque immeuble",
    "",
    "Nous soussignés, Mutuelle Atlantique Assurances, attestons que le",
    "Syndicat des copropriétaires de l'immeuble Le Parc Saxe, 88 avenue Maréchal",
    "de Saxe, 69003 Lyon, représenté par son syndic Gestion Immobilière Bellecour,",
    "est titulaire du contrat n° MI-2019-448120.",
    "",
    "Période de validité : du 01/01/2024 au 31/12/2024",
    "Garanties : incendie, dégâts des eaux, responsabilité civile de l'immeuble,",
    "bris de glace, catastrophes naturelles, vol et vandalisme des parties communes.",
    "",
    "La présente attestation est délivrée pour servir et valoir ce que de droit ;",
    "elle ne peut engager l'assureur au-delà des conditions du contrat.",
    "",
    "Fait à Lyon, le 8 janvier 2024.",
    "\tPour la Mutuelle, le responsable",
]


def _facture() -> bytes:
    return build_pdf(_FACTURE, face=HELVETICA, size=9.5)


def _assurance() -> bytes:
    return png_bytes(render_page(_ASSURANCE, ASSURANCE_LOOK), ASSURANCE_LOOK.dpi)


FACTURE = CorpusDocument(
    name="other_07_bordeaux_facture_plombier",
    extension="pdf",
    build=_facture,
    expected={"category": "other", "document_type": "facture"},
)
ASSURANCE = CorpusDocument(
    name="other_05_lyon_attestation_assurance_image",
    extension="png",
    build=_assurance,
    scanned_pages=1,
    expected={"category": "other", "document_type": "assurance"},
)
