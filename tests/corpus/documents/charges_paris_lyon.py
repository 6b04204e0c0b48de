"""Charges de copropriété from two syndics: a quarterly appel de fonds whose table
adds a works call and a previous balance to the recurring provisions (Paris), and a
yearly décompte of actual charges by key with the provisions already paid and the
balance to settle (Lyon)."""

from __future__ import annotations

from datetime import date

from tests.corpus import blocks as b
from tests.corpus.faces import HELVETICA
from tests.corpus.layout import Chrome, build_pdf
from tests.corpus.model import CorpusDocument

_APPEL: list[b.Block] = [
    b.Columns(
        [b.Para("**Cabinet Roussel & Associés**\n48 boulevard Voltaire\n75011 Paris")],
        [
            b.Para(
                "M. et Mme LEMAIRE\n23 rue Oberkampf, bât. A\n75011 Paris",
                align="right",
            )
        ],
    ),
    b.Title("APPEL DE FONDS", align="left"),
    b.LabelValues(
        [
            ("Copropriété", "23 rue Oberkampf -- 75011 Paris"),
            ("Période", "4e trimestre 2024, du 01/10/2024 au 31/12/2024"),
            ("Lot(s)", "14 (appartement) -- 245 / 10 000 tantièmes généraux"),
            ("Date d'exigibilité", "01/10/2024"),
        ]
    ),
    b.Grid(
        [
            ["Désignation", "Clé", "Montant total", "Tantièmes", "Votre quote-part"],
            [
                "Budget prévisionnel 2024 (1/4)",
                "Charges générales",
                "21 000,00 €",
                "245 / 10 000",
                "514,50 €",
            ],
            [
                "Budget ascenseur 2024 (1/4)",
                "Ascenseur bât. A",
                "1 600,00 €",
                "112 / 1 000",
                "179,20 €",
            ],
            [
                "Fonds de travaux loi ALUR (1/4)",
                "Charges générales",
                "1 050,00 €",
                "245 / 10 000",
                "25,73 €",
            ],
            [
                "Travaux ravalement -- appel n° 2 (30 %)",
                "Charges générales",
                "33 780,00 €",
                "245 / 10 000",
                "827,61 €",
            ],
        ],
        widths=[0.32, 0.19, 0.17, 0.15, 0.17],
    ),
    b.LabelValues(
        [
            ("Solde antérieur au 30/09/2024", "0,00 €"),
            ("Montant de l'appel", "1 547,04 €"),
            ("Total à régler", "1 547,04 €"),
        ],
        mode="table",
    ),
    b.Para(
        (
            "Règlement par prélèvement le 05/10/2024 ou par virement "
            "(IBAN FR76 3000 4000 0312 3456 7890 143)."
        ),
        size=8,
    ),
]
_DECOMPTE: list[b.Block] = [
    b.Para("GESTION IMMOBILIÈRE BELLECOUR -- 12 place Bellecour -- 69002 Lyon", size=8),
    b.Title(
        ("RELEVÉ INDIVIDUEL DES CHARGES\nExercice du 01/01/2023 au 31/12/2023"), size=13
    ),
    b.Para(
        (
            "Copropriété Le Parc Saxe, 88 avenue Maréchal de Saxe, 69003 "
            "Lyon -- Copropriétaire : Mme FAURE Isabelle -- Lot n° 31"
        ),
        align="center",
    ),
    b.Grid(
        [
            [
                "Clé de répartition",
                "Dépenses de l'immeuble",
                "Vos tantièmes",
                "Votre quote-part",
            ],
            ["Charges communes générales", "58 420,18 €", "312 / 10 000", "1 822,71 €"],
            ["Ascenseur", "7 140,00 €", "45 / 1 000", "321,30 €"],
            ["Chauffage collectif", "21 860,00 €", "312 / 10 000", "682,03 €"],
            [
                "Fonds de travaux (cotisation 2023)",
                "2 921,01 €",
                "312 / 10 000",
                "91,14 €",
            ],
            ["Total de vos charges de l'exercice", "", "", "2 917,18 €"],
        ],
        widths=[0.36, 0.24, 0.18, 0.22],
        lines="rows",
    ),
    b.LabelValues(
        [
            ("Provisions appelées sur l'exercice", "2 800,00 €"),
            ("Charges réelles de l'exercice", "2 917,18 €"),
            ("Solde débiteur à régulariser", "117,18 €"),
        ],
        mode="dots",
    ),
    b.Para(
        (
            "Le solde sera appelé avec l'appel de fonds du 1er avril "
            "2024. Charges récupérables sur le locataire : 1 204,55 "
            "€."
        ),
        size=9,
    ),
]


def _appel() -> bytes:
    return build_pdf(
        _APPEL,
        face=HELVETICA,
        size=9.5,
        chrome=Chrome(footer_right="Page {page}/{pages}"),
    )


def _decompte() -> bytes:
    return build_pdf(_DECOMPTE, face=HELVETICA, size=10)


APPEL = CorpusDocument(
    name="charges_01_paris_appel_trimestriel_travaux",
    extension="pdf",
    build=_appel,
    expected={
        "category": "charges",
        "period_type": "quarterly",
        "period_start": date(2024, 10, 1),
        "period_end": date(2024, 12, 31),
        "charges_generales": 514.50,
        "charges_speciales": 179.20,
        "fonds_travaux_alur": 25.73,
        "total_for_period": 1_547.04,
        "annualized_total": 2_877.72,
        "lot_number": "14",
        "tantiemes_lot": 245,
        "tantiemes_total": 10_000,
    },
)
DECOMPTE = CorpusDocument(
    name="charges_02_lyon_decompte_annuel",
    extension="pdf",
    build=_decompte,
    expected={
        "category": "charges",
        "period_type": "annual",
        "period_start": date(2023, 1, 1),
        "period_end": date(2023, 12, 31),
        "charges_generales": 1_822.71,
        "fonds_travaux_alur": 91.14,
        "total_for_period": 2_917.18,
        "annualized_total": 2_917.18,
        "lot_number": "31",
        "tantiemes_lot": 312,
        "tantiemes_total": 10_000,
    },
)
