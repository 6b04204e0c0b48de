"""Avis de taxe foncière: the first page of a Toulouse 2024 avis as a PNG scan (amount
and year, no detail); Marseille 2024 with two properties, dot leaders and last
year's amount for comparison; Lille 2022 on two columns in an embedded font with
narrow no-break spaces and values under their labels (``Montant à payer``)."""

from __future__ import annotations

from tests.corpus import blocks as b
from tests.corpus.faces import DEJAVU_SANS, HELVETICA
from tests.corpus.forms import NBSP, NNBSP
from tests.corpus.layout import Chrome, build_pdf
from tests.corpus.model import CorpusDocument
from tests.corpus.scan import ScanLook, png_bytes, render_page

TOULOUSE_LOOK = ScanLook(seed=1501, angle=0.3, dpi=200, grain=10, tabs=(0.0, 0.58))
_TOULOUSE = [
    "DIRECTION GÉNÉRALE DES FINANCES PUBLIQUES",
    "",
    "## AVIS D'IMPÔT 2024",
    "^ TAXES FONCIÈRES",
    "",
    "Vos références\tMME SARDA CÉLINE",
    "Numéro fiscal : 31 55 246 810 121\t11 RUE DES LOIS",
    "Référence de l'avis : 24 31 1357913 08\t31000 TOULOUSE",
    "---",
    "# Montant de votre impôt : 2 087 €",
    "Date limite de paiement : 15/10/2024",
    "",
    "Le détail du calcul de vos cotisations figure au verso.",
    "Pour payer : impots.gouv.fr -- prélèvement à l'échéance ou paiement en ligne.",
]
_MARSEILLE: list[b.Block] = [
    b.Para("DIRECTION GÉNÉRALE DES FINANCES PUBLIQUES -- AVIS D'IMPÔT", size=8),
    b.Title("TAXES FONCIÈRES 2024"),
    b.Para(
        ("Propriétaire : M BENHAMOU KARIM -- 210 AVENUE DU PRADO -- 13008 MARSEILLE"),
        align="center",
    ),
    b.Heading("Vos propriétés"),
    b.Grid(
        [
            ["Adresse", "Section / plan", "Nature", "Revenu cadastral"],
            ["210 AV DU PRADO Bât. B", "845 D 0217", "Appartement", "4 010"],
            ["210 AV DU PRADO Bât. B", "845 D 0217", "Parking", "298"],
        ],
        widths=[0.38, 0.2, 0.2, 0.22],
    ),
    b.Heading("Calcul de l'impôt"),
    b.LabelValues(
        [
            ("Commune", "1 364 €"),
            ("Intercommunalité", "61 €"),
            ("Taxes spéciales", "15 €"),
            ("Taxe d'enlèvement des ordures ménagères", "695 €"),
            ("Frais de gestion de la fiscalité directe locale", "100 €"),
        ],
        mode="dots",
    ),
    b.Boxed(["Montant de votre impôt : 2 235 €"]),
    b.Para("Pour mémoire, montant de votre taxe foncière 2023 : 2 148 €."),
    b.Para("Date limite de paiement : 15/10/2024."),
]
_LILLE: list[b.Block] = [
    b.Para("Finances publiques", bold=True, size=12),
    b.Para("TAXE FONCIÈRE SUR LES PROPRIÉTÉS BÂTIES 2022", bold=True, size=12),
    b.LabelValues(
        [
            ("Redevable", "Mme DELATTRE SOPHIE, 7 rue de la Monnaie, 59800 Lille"),
            ("Numéro fiscal", "59 01 112 233 445"),
            ("Montant à payer", f"1{NNBSP}432{NBSP}€"),
            ("Date limite de paiement", "17/10/2022"),
        ],
        mode="below",
    ),
    b.Heading("Vos cotisations 2022"),
    b.LabelValues(
        [
            ("Commune -- taux 2022 : 41,52 %", f"1{NNBSP}104{NBSP}€"),
            ("Intercommunalité -- taux 2022 : 0,83 %", f"22{NBSP}€"),
            ("Taxes spéciales -- taux 2022 : 0,41 %", f"11{NBSP}€"),
            (
                ("Taxe d'enlèvement des ordures ménagères -- taux 2022 : 9,07 %"),
                f"241{NBSP}€",
            ),
            ("Frais de gestion", f"54{NBSP}€"),
        ],
        mode="below",
    ),
    b.Para(
        f"Base d'imposition : 2{NNBSP}659{NBSP}€ (valeur locative "
        f"cadastrale : 5{NNBSP}318{NBSP}€)."
    ),
    b.Para("Bien : 7 rue de la Monnaie, Lille -- section AB n° 0451 -- lot 12."),
]


def _toulouse() -> bytes:
    return png_bytes(render_page(_TOULOUSE, TOULOUSE_LOOK), TOULOUSE_LOOK.dpi)


def _marseille() -> bytes:
    return build_pdf(_MARSEILLE, face=HELVETICA)


def _lille() -> bytes:
    return build_pdf(
        _LILLE,
        face=DEJAVU_SANS,
        size=9,
        columns=2,
        chrome=Chrome(footer_right="{page}"),
    )


TOULOUSE = CorpusDocument(
    name="taxe_fonciere_05_toulouse_2024_image",
    extension="png",
    build=_toulouse,
    scanned_pages=1,
    expected={
        "category": "taxe_fonciere",
        "tax_year": 2024,
        "total_amount": 2_087.0,
        "breakdown.commune": None,
        "breakdown.teom": None,
    },
)
MARSEILLE = CorpusDocument(
    name="taxe_fonciere_06_marseille_2024_deux_locaux",
    extension="pdf",
    build=_marseille,
    expected={
        "category": "taxe_fonciere",
        "tax_year": 2024,
        "total_amount": 2_235.0,
        "breakdown.commune": 1_364.0,
        "breakdown.intercommunalite": 61.0,
        "breakdown.taxes_speciales": 15.0,
        "breakdown.teom": 695.0,
        "breakdown.frais_gestion": 100.0,
    },
)
LILLE = CorpusDocument(
    name="taxe_fonciere_07_lille_2022_colonnes",
    extension="pdf",
    build=_lille,
    expected={
        "category": "taxe_fonciere",
        "tax_year": 2022,
        "total_amount": 1_432.0,
        "breakdown.commune": 1_104.0,
        "breakdown.intercommunalite": 22.0,
        "breakdown.taxes_speciales": 11.0,
        "breakdown.teom": 241.0,
        "breakdown.frais_gestion": 54.0,
    },
)
