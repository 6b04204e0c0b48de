"""The first page of a new-style DPE photographed with a phone (a JPEG image): uneven
light, the sheet on a desk, the class scale as cells."""

from __future__ import annotations

from datetime import date

from tests.corpus.dpe import new_dpe_class, new_scale, scale_lines
from tests.corpus.model import CorpusDocument
from tests.corpus.scan import ScanLook, jpeg_bytes, render_page

KWH, KG = 152, 28
LABEL = new_dpe_class(KWH, KG)
LOOK = ScanLook(seed=501, angle=-0.8, dpi=200, photo=True, tabs=(0.0, 0.25, 0.4))

_PAGE = [
    "## DPE Diagnostic de performance énergétique (logement)",
    "N°ADEME : 2331E3344556B",
    "Établi le : 09/11/2023",
    "Valable jusqu'au : 08/11/2033",
    "Adresse : 6 rue des Filatiers, 31000 Toulouse",
    "Type de bien : Appartement -- Surface habitable : 58,9 m²",
    "---",
    "# Performance énergétique et climatique",
    *scale_lines(new_scale(LABEL, f"{KWH} kWh/m².an | {KG} kg CO₂/m².an")),
    "",
    f"Ce logement est classé {LABEL} : logement assez performant.",
    "Émissions de gaz à effet de serre : classe C.",
    "Estimation des coûts annuels d'énergie du logement :",
    "entre 980 € et 1 360 € par an",
    "Prix moyens des énergies indexés au 1er janvier 2021 (abonnements compris)",
    "---",
    "Informations diagnostiqueur : Occitanie Diag, 22 rue d'Alsace-Lorraine, Toulouse",
]


def _build() -> bytes:
    return jpeg_bytes(render_page(_PAGE, LOOK), LOOK.dpi, quality=80)


DOCUMENT = CorpusDocument(
    name="diags_05_toulouse_dpe_photo",
    extension="jpg",
    build=_build,
    scanned_pages=1,
    expected={
        "category": "diags",
        "dpe.energy_class": LABEL,
        "dpe.energy_kwh_m2_year": float(KWH),
        "dpe.ges_class": "C",
        "dpe.ges_kg_co2_m2_year": float(KG),
        "dpe.issued_on": date(2023, 11, 9),
        "dpe.valid_until": date(2033, 11, 8),
        "dpe.estimated_annual_cost_min": 980.0,
        "dpe.estimated_annual_cost_max": 1_360.0,
        "diagnostics_present": ["dpe"],
    },
)
