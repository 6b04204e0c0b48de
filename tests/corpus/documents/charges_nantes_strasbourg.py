"""Appels de provisions on other rhythms: a half-yearly call in Times with amounts
written ``1.098,32 €`` and tantièmes in millièmes (Nantes), and a monthly notice from
an accounting export in Courier with ``187.40 EUR`` amounts (Strasbourg)."""

from __future__ import annotations

from datetime import date

from tests.corpus import blocks as b
from tests.corpus.faces import COURIER, TIMES
from tests.corpus.layout import build_pdf
from tests.corpus.model import CorpusDocument

_SEMESTRE: list[b.Block] = [
    b.Para("ATLANTIQUE SYNDIC\n6 quai de la Fosse\n44000 Nantes", bold=True),
    b.Gap(8),
    b.Title("Appel de provisions sur charges -- 1er semestre 2024"),
    b.Para(
        ("Résidence Le Sillon -- 17 boulevard Guist'hau -- 44000 Nantes"),
        align="center",
    ),
    b.Gap(6),
    b.Para(
        "Copropriétaire : M. Paul HERVÉ -- lot n° 7 (appartement) "
        "-- 37 / 1000 millièmes"
    ),
    b.Para(
        "Période appelée : du 1er janvier 2024 au 30 juin 2024 -- "
        "exigible le 01/01/2024"
    ),
    b.Tabular(
        [
            ["Nature", "Montant appelé copropriété", "Votre part"],
            ["Provisions budget (charges générales)", "29.684,32 €", "1.098,32 €"],
            ["Fonds de travaux loi ALUR", "1.484,32 €", "54,92 €"],
            ["Total de l'appel", "", "1.153,24 €"],
        ],
        stops=[0.0, 0.55, 0.8],
        bold_first_row=True,
        ruled=True,
    ),
    b.Para("Budget prévisionnel 2024 voté le 14/06/2023 : 59.368,64 €."),
    b.Para("Merci de régler la somme de 1.153,24 € avant le 15/01/2024.", bold=True),
]
_MENSUEL: list[b.Block] = [
    b.Para("HABITAT GESTION SYNDIC - 4 QUAI KELLER - 67000 STRASBOURG", size=8),
    b.Para("AVIS D'ECHEANCE - APPEL DE PROVISIONS MENSUEL", bold=True, size=11),
    b.Tabular(
        [
            ["Copropriete", "0087 RESIDENCE DE L'ILL"],
            ["Coproprietaire", "M. MEYER Frederic"],
            ["Lot", "22 - APPARTEMENT 3P - 208/10000"],
            ["Echeance", "OCTOBRE 2024 (01/10/2024 - 31/10/2024)"],
        ],
        stops=[0.0, 0.3],
    ),
    b.Tabular(
        [
            ["LIBELLE", "BASE", "QUOTE-PART"],
            ["PROV. CHARGES COURANTES", "97454.00 EUR/AN", "168.92 EUR"],
            ["COTISATION FONDS TRAVAUX", "", "18.48 EUR"],
            ["SOLDE PRECEDENT", "", "0.00 EUR"],
            ["TOTAL ECHEANCE", "", "187.40 EUR"],
        ],
        stops=[0.0, 0.45, 0.75],
        bold_first_row=True,
        ruled=True,
    ),
    b.Para("Prelevement automatique le 05/10/2024.", size=8),
]


def _semestre() -> bytes:
    return build_pdf(_SEMESTRE, face=TIMES, size=11)


def _mensuel() -> bytes:
    return build_pdf(_MENSUEL, face=COURIER, size=9)


SEMESTRE = CorpusDocument(
    name="charges_03_nantes_appel_semestriel",
    extension="pdf",
    build=_semestre,
    expected={
        "category": "charges",
        "period_type": "semester",
        "period_start": date(2024, 1, 1),
        "period_end": date(2024, 6, 30),
        "charges_generales": 1_098.32,
        "fonds_travaux_alur": 54.92,
        "total_for_period": 1_153.24,
        "annualized_total": 2_306.48,
        "lot_number": "7",
        "tantiemes_lot": 37,
        "tantiemes_total": 1_000,
    },
)
MENSUEL = CorpusDocument(
    name="charges_04_strasbourg_avis_mensuel",
    extension="pdf",
    build=_mensuel,
    expected={
        "category": "charges",
        "period_type": "monthly",
        "period_start": date(2024, 10, 1),
        "period_end": date(2024, 10, 31),
        "charges_generales": 168.92,
        "fonds_travaux_alur": 18.48,
        "total_for_period": 187.40,
        "annualized_total": 2_248.80,
        "lot_number": "22",
        "tantiemes_lot": 208,
        "tantiemes_total": 10_000,
    },
)
