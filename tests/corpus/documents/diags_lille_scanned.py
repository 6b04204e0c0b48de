"""An old-style DPE (2018) fully scanned on a copier: two pages, serif font, energy
and GES scales as rows of cells with the value next to its band."""

from __future__ import annotations

from datetime import date

from tests.corpus.dpe import (
    OLD_ENERGY_LIMITS,
    OLD_GES_LIMITS,
    band,
    old_scale,
    scale_lines,
)
from tests.corpus.model import CorpusDocument
from tests.corpus.scan import ScanLook, scanned_pdf

KWH, KG = 287, 61
ENERGY = band(KWH, OLD_ENERGY_LIMITS, inclusive=True)
CLIMATE = band(KG, OLD_GES_LIMITS, inclusive=True)

_PAGE_1 = [
    "## Diagnostic de performance énergétique - logement (6.1)",
    "N° : 1859V2001874T\t\tValable jusqu'au : 23/09/2028",
    "Type de bâtiment : habitation (parties privatives d'immeuble collectif)",
    "Année de construction : 1955\tSurface habitable : 71 m²",
    "Adresse : 40 rue Gambetta, 59000 Lille",
    "Date (visite) : 24/09/2018",
    "Diagnostiqueur : Flandres Diagnostic -- Emmanuel Vandamme",
    "---",
    "Consommations annuelles par énergie obtenues au moyen des factures d'énergie",
    "du logement des années 2015, 2016, 2017, prix des énergies indexés au 15/08/2015",
    "Usage\tÉnergie finale (kWhEF)\t>Frais annuels",
    "Chauffage\tGaz naturel : 15 980\t>1 022 € TTC",
    "Eau chaude sanitaire\tGaz naturel : 2 460\t>158 € TTC",
    "Abonnements\t\t>226 € TTC",
    "Total\t20 377 kWhEP\t>1 406 € TTC",
]
_PAGE_2 = [
    "# Consommations énergétiques (en énergie primaire)",
    "pour le chauffage, la production d'eau chaude sanitaire et le refroidissement",
    f"Consommation réelle : {KWH} kWhEP/m².an",
    "Logement économe",
    *scale_lines(old_scale(OLD_ENERGY_LIMITS, ENERGY, f"{KWH} kWhEP/m².an")),
    "Logement énergivore",
    f"Étiquette énergie : {ENERGY}",
    "",
    "# Émissions de gaz à effet de serre (GES)",
    f"Estimation des émissions : {KG} kg éqCO2/m².an",
    "Faible émission de GES",
    *scale_lines(old_scale(OLD_GES_LIMITS, CLIMATE, f"{KG} kg éqCO2/m².an")),
    "Forte émission de GES",
    f"Étiquette climat : {CLIMATE}",
]


def _build() -> bytes:
    tabs = (0.0, 0.3, 0.45)
    return scanned_pdf(
        [
            (_PAGE_1, ScanLook(seed=901, angle=0.8, serif=True, tabs=(0.0, 0.4, 0.75))),
            (_PAGE_2, ScanLook(seed=902, angle=-0.6, serif=True, tabs=tabs)),
        ]
    )


DOCUMENT = CorpusDocument(
    name="diags_09_lille_dpe_ancien_scanne",
    extension="pdf",
    build=_build,
    scanned_pages=2,
    expected={
        "category": "diags",
        "dpe.energy_class": ENERGY,
        "dpe.energy_kwh_m2_year": float(KWH),
        "dpe.ges_class": CLIMATE,
        "dpe.ges_kg_co2_m2_year": float(KG),
        "dpe.issued_on": date(2018, 9, 24),
        "dpe.valid_until": date(2028, 9, 23),
        "diagnostics_present": ["dpe"],
    },
)
