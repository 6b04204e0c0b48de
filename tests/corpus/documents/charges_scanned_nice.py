"""Charges documents without a text layer or in another layout: a quarterly appel de
fonds scanned (Bordeaux), a phone photo of an appel that adds last quarter's unpaid
balance to the amount to pay (Toulouse), and a yearly individual budget split on two
columns with the quarterly instalment beside the annual total (Nice)."""

from __future__ import annotations

from datetime import date

from tests.corpus import blocks as b
from tests.corpus.faces import HELVETICA
from tests.corpus.layout import build_pdf
from tests.corpus.model import CorpusDocument
from tests.corpus.scan import ScanLook, jpeg_bytes, render_page, scanned_pdf

_BORDEAUX = [
    "SAS COGÉRIS IMMOBILIER\t\t>Bordeaux, le 02/01/2024",
    "31 cours de l'Intendance -- 33000 Bordeaux",
    "",
    "## APPEL DE FONDS -- 1er TRIMESTRE 2024",
    "^ Résidence Les Chartrons -- 54 quai des Chartrons -- 33300 Bordeaux",
    "",
    "Copropriétaire : Mme DURIEUX Anne -- Lot n° 18 -- 300 / 10 000èmes",
    "Période : du 01/01/2024 au 31/03/2024",
    "---",
    "Désignation\tBase\t>Quote-part",
    "Charges générales (budget 2024)\t>13 750,00 €\t>412,50 €",
    "Charges spéciales bâtiment B\t>2 126,67 €\t>63,80 €",
    "Fonds de travaux (ALUR)\t>687,50 €\t>20,63 €",
    "---",
    "TOTAL À PAYER\t\t>496,93 €",
    "",
    "Exigible le 01/01/2024. Règlement par virement ou prélèvement.",
]
TOULOUSE_LOOK = ScanLook(seed=1601, angle=0.9, photo=True, tabs=(0.0, 0.6, 0.8))
_TOULOUSE = [
    "CITADELLE GESTION -- Syndic",
    "5 allées Jean Jaurès, 31000 Toulouse",
    "",
    "## Appel de charges",
    "^ 2e trimestre 2024 (avril - juin)",
    "",
    "Le Capitole Saint-Sernin -- lot 9 -- 26 / 1000 millièmes",
    "M. SARDA Bernard",
    "---",
    "Provisions sur charges (budget 2024 : 97 400,00 €)\t>633,10 €",
    "Cotisation fonds de travaux ALUR\t>31,66 €",
    "Montant de l'appel du trimestre\t>664,76 €",
    "Solde antérieur impayé\t>120,00 €",
    "---",
    "# Total à régler avant le 10/04/2024 : 784,76 €",
]
_NICE: list[b.Block] = [
    b.Columns(
        [
            b.Para("**PROVENCE SYNDIC GESTION**\n3 avenue Jean Médecin\n06000 Nice"),
            b.Para("Copropriété Le Palais Masséna\n8 rue Masséna, 06000 Nice"),
            b.LabelValues(
                [("Copropriétaire", "Mme GIORDANO Laure"), ("Lot", "5 -- 420 / 10 000")]
            ),
        ],
        [
            b.Para("**Budget prévisionnel 2024 -- répartition individuelle**"),
            b.Para("Exercice du 01/01/2024 au 31/12/2024"),
            b.LabelValues(
                [
                    ("Budget voté", "72 000,00 €"),
                    ("Votre quote-part annuelle du budget", "3 024,00 €"),
                    ("Fonds de travaux (5 %)", "151,20 €"),
                    ("Total annuel", "3 175,20 €"),
                    ("Soit par trimestre", "793,80 €"),
                ],
                mode="table",
            ),
        ],
        split=0.42,
    ),
    b.Para(
        ("Échéances : 1er janvier, 1er avril, 1er juillet et 1er octobre 2024."), size=9
    ),
]


def _bordeaux() -> bytes:
    look = ScanLook(seed=1501, angle=-0.8, dpi=200, tabs=(0.0, 0.5, 0.78))
    return scanned_pdf([(_BORDEAUX, look)])


def _toulouse() -> bytes:
    return jpeg_bytes(render_page(_TOULOUSE, TOULOUSE_LOOK), TOULOUSE_LOOK.dpi)


def _nice() -> bytes:
    return build_pdf(_NICE, face=HELVETICA, size=9.5)


BORDEAUX = CorpusDocument(
    name="charges_05_bordeaux_appel_scanne",
    extension="pdf",
    build=_bordeaux,
    scanned_pages=1,
    expected={
        "category": "charges",
        "period_type": "quarterly",
        "period_start": date(2024, 1, 1),
        "period_end": date(2024, 3, 31),
        "charges_generales": 412.50,
        "charges_speciales": 63.80,
        "fonds_travaux_alur": 20.63,
        "total_for_period": 496.93,
        "annualized_total": 1_987.72,
        "lot_number": "18",
        "tantiemes_lot": 300,
        "tantiemes_total": 10_000,
    },
)
TOULOUSE = CorpusDocument(
    name="charges_06_toulouse_appel_photo",
    extension="jpg",
    build=_toulouse,
    scanned_pages=1,
    expected={
        "category": "charges",
        "period_type": "quarterly",
        "charges_generales": 633.10,
        "fonds_travaux_alur": 31.66,
        "total_for_period": 664.76,
        "annualized_total": 2_659.04,
        "lot_number": "9",
        "tantiemes_lot": 26,
        "tantiemes_total": 1_000,
    },
)
NICE = CorpusDocument(
    name="charges_07_nice_budget_individuel",
    extension="pdf",
    build=_nice,
    expected={
        "category": "charges",
        "period_type": "annual",
        "period_start": date(2024, 1, 1),
        "period_end": date(2024, 12, 31),
        "charges_generales": 3_024.00,
        "fonds_travaux_alur": 151.20,
        "total_for_period": 3_175.20,
        "annualized_total": 3_175.20,
        "lot_number": "5",
        "tantiemes_lot": 420,
        "tantiemes_total": 10_000,
    },
)
