"""A single old-style DPE (2019 model, before the July 2021 reform) in Times: two
separate scales (``≤ 50 A`` to ``> 450 G`` for energy, ``≤ 5 A`` to ``> 80 G`` for
GES) with the value beside its band, a conventional consumption in kWhEP/m².an, a
consumption table per use in final and primary energy, one yearly cost figure."""

from __future__ import annotations

from datetime import date

from tests.corpus import blocks as b
from tests.corpus.dpe import (
    OLD_ENERGY_LIMITS,
    OLD_GES_LIMITS,
    band,
    old_scale,
)
from tests.corpus.faces import TIMES
from tests.corpus.layout import build_pdf
from tests.corpus.model import CorpusDocument

KWH, KG = 213, 45
ENERGY = band(KWH, OLD_ENERGY_LIMITS, inclusive=True)
CLIMATE = band(KG, OLD_GES_LIMITS, inclusive=True)

_CONTENT: list[b.Block] = [
    b.Title("Diagnostic de performance énergétique -- logement (6.1)", size=13),
    b.Columns(
        [
            b.LabelValues(
                [
                    ("N°", "1969V1003217Q"),
                    ("Valable jusqu'au", "14/05/2029"),
                    (
                        "Type de bâtiment",
                        "habitation (parties privatives d'immeuble collectif)",
                    ),
                    ("Année de construction", "1965"),
                    ("Surface habitable", "64 m²"),
                    ("Adresse", "37 rue Duguesclin, 69006 Lyon"),
                ]
            )
        ],
        [
            b.LabelValues(
                [
                    ("Date (visite)", "15/05/2019"),
                    ("Diagnostiqueur", "Julien Masson, Rhône Expertises"),
                    ("Certification", "LCC QUALIXPERT n° C1498"),
                    ("Signature", ""),
                    ("Propriétaire", "Mme Odile Chanel"),
                ]
            )
        ],
    ),
    b.Para(
        "Consommations annuelles par énergie obtenues par la méthode 3CL-DPE, version "
        "1.3, estimées au logement, prix moyens des énergies indexés au 15/08/2015.",
        size=9,
    ),
    b.Grid(
        [
            [
                "",
                "Consommations en énergies finales",
                "Consommations en énergie primaire",
                "Frais annuels d'énergie",
            ],
            [
                "",
                "détail par énergie et par usage en kWhEF",
                "détail par usage en kWhEP",
                "",
            ],
            ["Chauffage", "Gaz naturel : 9 450 kWhEF", "9 450 kWhEP", "658 € TTC"],
            [
                "Eau chaude sanitaire",
                "Électricité : 1 620 kWhEF",
                "4 180 kWhEP",
                "214 € TTC",
            ],
            ["Refroidissement", "-", "-", "-"],
            ["Abonnements", "", "", "212 € TTC"],
            [
                "CONSOMMATIONS D'ÉNERGIE POUR LES USAGES RECENSÉS",
                "",
                "13 630 kWhEP",
                "1 084 € TTC",
            ],
        ],
        widths=[0.28, 0.28, 0.24, 0.2],
        header_rows=2,
    ),
    b.Columns(
        [
            b.Para(
                (
                    "**Consommations énergétiques** (en énergie primaire) pour "
                    "le chauffage, la production d'eau chaude sanitaire et le "
                    "refroidissement"
                ),
                size=9,
            ),
            b.Para(f"Consommation conventionnelle : {KWH} kWhEP/m².an"),
            b.Para("Logement économe", size=8),
            b.EnergyScale(old_scale(OLD_ENERGY_LIMITS, ENERGY, f"{KWH} kWhEP/m².an")),
            b.Para("Logement énergivore", size=8),
        ],
        [
            b.Para(
                (
                    "**Émissions de gaz à effet de serre (GES)** pour le chauffage, "
                    "la production d'eau chaude sanitaire et le refroidissement"
                ),
                size=9,
            ),
            b.Para(f"Estimation des émissions : {KG} kg éqCO2/m².an"),
            b.Para("Faible émission de GES", size=8),
            b.EnergyScale(old_scale(OLD_GES_LIMITS, CLIMATE, f"{KG} kg éqCO2/m².an")),
            b.Para("Forte émission de GES", size=8),
        ],
    ),
    b.LabelValues(
        [("Étiquette énergie", ENERGY), ("Étiquette climat", CLIMATE)], mode="table"
    ),
    b.Para(
        "Descriptif du logement : murs en béton banché non isolés, fenêtres en PVC "
        "double vitrage (2008), chaudière individuelle gaz standard "
        "de 1998, ventilation "
        "naturelle par conduits.",
        size=9,
    ),
]


def _build() -> bytes:
    return build_pdf(_CONTENT, face=TIMES, size=10)


DOCUMENT = CorpusDocument(
    name="diags_03_lyon_dpe_ancien_modele",
    extension="pdf",
    build=_build,
    expected={
        "category": "diags",
        "dpe.energy_class": ENERGY,
        "dpe.energy_kwh_m2_year": float(KWH),
        "dpe.ges_class": CLIMATE,
        "dpe.ges_kg_co2_m2_year": float(KG),
        "dpe.issued_on": date(2019, 5, 15),
        "dpe.valid_until": date(2029, 5, 14),
        "diagnostics_present": ["dpe"],
    },
)
