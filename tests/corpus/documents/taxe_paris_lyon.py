"""Avis de taxe foncière laid out like the DGFiP's: references beside the address, the
amount boxed on the first page, the detail as a table of rates, bases and cotisations
by collectivité. Paris 2024 (``Montant de votre impôt``) and Lyon 2023 for a taxpayer
paying monthly (``Total à payer`` with amounts already taken and still due)."""

from __future__ import annotations

from tests.corpus import blocks as b
from tests.corpus.faces import HELVETICA
from tests.corpus.layout import Chrome, build_pdf
from tests.corpus.model import CorpusDocument

_HEADER = "DIRECTION GÉNÉRALE DES FINANCES PUBLIQUES"


def _references(number: str, avis: str, centre: str, owner: str) -> b.Columns:
    return b.Columns(
        [
            b.Para("**Vos références**"),
            b.LabelValues(
                [
                    ("Numéro fiscal", number),
                    ("Référence de l'avis", avis),
                    ("Centre", centre),
                ]
            ),
        ],
        [b.Para(owner)],
        split=0.55,
    )


_PARIS: list[b.Block] = [
    b.Para(_HEADER, size=8),
    b.Title("AVIS D'IMPÔT 2024\nTAXES FONCIÈRES", align="left", size=16),
    _references(
        "30 75 123 456 789",
        "24 75 1234567 89",
        "SIP PARIS 11E",
        "M LEMAIRE PIERRE\n23 RUE OBERKAMPF\n75011 PARIS",
    ),
    b.Boxed(["Montant de votre impôt : 717 €", "Date limite de paiement : 15/10/2024"]),
    b.Para(
        "Date limite de paiement en ligne : 20/10/2024. Prélèvement "
        "à l'échéance : le montant sera prélevé le 25/10/2024."
    ),
    b.Break(),
    b.Heading("Désignation des propriétés", ruled=True),
    b.Grid(
        [
            ["An", "Commune", "Section", "N° plan", "Adresse", "Lot", "Nature"],
            ["2024", "PARIS 11", "AB", "0123", "23 RUE OBERKAMPF", "14", "Appartement"],
        ],
        widths=[0.07, 0.13, 0.1, 0.1, 0.3, 0.08, 0.22],
    ),
    b.Heading("Détail de vos cotisations", ruled=True),
    b.Grid(
        [
            [
                "",
                "Commune",
                "Syndicat de communes",
                "Intercommunalité",
                "Taxes spéciales",
                "Taxe ordures ménagères",
            ],
            ["Taux 2023", "20,50 %", "", "", "0,158 %", "6,21 %"],
            ["Taux 2024", "20,50 %", "", "", "0,158 %", "6,21 %"],
            ["Base", "2 561", "", "", "2 561", "2 561"],
            ["Cotisations", "525", "", "", "4", "159"],
        ],
        widths=[0.15, 0.13, 0.16, 0.2, 0.15, 0.21],
    ),
    b.LabelValues(
        [
            ("Total des cotisations", "688 €"),
            ("Frais de gestion de la fiscalité directe locale", "29 €"),
            ("Montant de votre impôt", "717 €"),
        ],
        mode="table",
    ),
]
_LYON: list[b.Block] = [
    b.Para(_HEADER, size=8),
    b.Title("AVIS D'IMPÔT 2023 -- TAXES FONCIÈRES", align="left", size=15),
    _references(
        "69 03 987 654 321",
        "23 69 7654321 12",
        "SIP LYON 3E",
        "MME FAURE ISABELLE\n88 AVENUE MARECHAL DE SAXE\n69003 LYON",
    ),
    b.Boxed(["Total à payer : 1 602 €"]),
    b.Para(
        "Vous êtes mensualisé(e). Montant déjà prélevé de janvier à octobre : 1 420 €. "
        "Reste à payer : 182 €, prélevé le 15/11/2023 (91 €) et le 15/12/2023 (91 €)."
    ),
    b.Heading("Détail de vos cotisations", ruled=True),
    b.Grid(
        [
            ["", "Commune", "Intercommunalité", "Taxes spéciales", "TEOM"],
            ["Taux 2023", "29,81 %", "6,30 %", "0,53 %", "8,73 %"],
            ["Base", "3 395", "3 395", "3 395", "3 391"],
            ["Cotisations", "1 012", "214", "18", "296"],
        ],
        widths=[0.2, 0.2, 0.2, 0.2, 0.2],
    ),
    b.LabelValues(
        [
            ("Total des cotisations", "1 540 €"),
            ("Frais de gestion de la fiscalité directe locale", "62 €"),
            ("Total à payer", "1 602 €"),
        ],
        mode="dots",
    ),
    b.Para(
        ("Référence cadastrale : 69383 000 BK 0057 -- lot 31, appartement, 4e étage."),
        size=8,
    ),
]


def _paris() -> bytes:
    return build_pdf(
        _PARIS, face=HELVETICA, chrome=Chrome(footer_right="{page}/{pages}")
    )


def _lyon() -> bytes:
    return build_pdf(_LYON, face=HELVETICA, size=9.5)


PARIS = CorpusDocument(
    name="taxe_fonciere_01_paris_2024",
    extension="pdf",
    build=_paris,
    expected={
        "category": "taxe_fonciere",
        "tax_year": 2024,
        "total_amount": 717.0,
        "breakdown.commune": 525.0,
        "breakdown.intercommunalite": None,
        "breakdown.departement": None,
        "breakdown.taxes_speciales": 4.0,
        "breakdown.teom": 159.0,
        "breakdown.frais_gestion": 29.0,
    },
)
LYON = CorpusDocument(
    name="taxe_fonciere_02_lyon_2023_mensualise",
    extension="pdf",
    build=_lyon,
    expected={
        "category": "taxe_fonciere",
        "tax_year": 2023,
        "total_amount": 1_602.0,
        "breakdown.commune": 1_012.0,
        "breakdown.intercommunalite": 214.0,
        "breakdown.taxes_speciales": 18.0,
        "breakdown.teom": 296.0,
        "breakdown.frais_gestion": 62.0,
    },
)
