"""A DDT whose DPE pages were scanned and inserted between printed pages: the DPE
facts exist only as images (energy C but climate D, so the label is D); amiante
found (liste B), no termites, no electrical anomaly, a Carrez surface."""

from __future__ import annotations

from datetime import date

from tests.corpus import blocks as b
from tests.corpus.dpe import new_dpe_class, new_scale, scale_lines
from tests.corpus.faces import HELVETICA
from tests.corpus.layout import Chrome, build_pdf
from tests.corpus.model import CorpusDocument
from tests.corpus.scan import ScanLook

KWH, KG = 172, 31
LABEL = new_dpe_class(KWH, KG)

_COVER: list[b.Block] = [
    b.Title("Dossier de Diagnostics Techniques"),
    b.Para(
        "Cabinet Diag Atlantique -- 3 rue Crébillon -- 44000 Nantes", align="center"
    ),
    b.Gap(10),
    b.LabelValues(
        [
            ("Désignation", "Appartement T4, 2e étage, lot n° 23, cave lot n° 61"),
            ("Adresse", "17 boulevard Guist'hau, 44000 Nantes"),
            ("Année de construction", "1962"),
            ("Mission", "Vente -- visite du 04/04/2024"),
            ("Technicien", "Mathieu Le Floch"),
        ],
        mode="dots",
    ),
    b.Heading("Liste des diagnostics du dossier", ruled=True),
    b.Para(
        "Diagnostic de performance énergétique (pages 2 et 3) ; constat de repérage "
        "amiante ; état relatif à la présence de termites ; état de l'installation "
        "intérieure d'électricité ; état des risques et pollutions "
        "; mesurage loi Carrez."
    ),
]
_DPE_PAGE_1 = [
    "## DPE   Diagnostic de performance énergétique (logement)",
    "N°ADEME : 2444E1198765Z",
    "Établi le : 04/04/2024\t\tValable jusqu'au : 03/04/2034",
    "Adresse : 17 boulevard Guist'hau, 44000 Nantes -- Surface habitable : 78,2 m²",
    "---",
    "# Performance énergétique et climatique",
    *scale_lines(new_scale(LABEL, f"{KWH} kWh/m².an  {KG}* kg CO₂/m².an")),
    "* Dont émissions de gaz à effet de serre : classe D",
    "",
    f"Classe énergie : {LABEL}",
    "Ce logement émet 2 425 kg de CO₂ par an.",
    "Estimation des coûts annuels d'énergie du logement : entre 1 260 € et 1 740 € "
    "par an (prix moyens des énergies indexés au 1er janvier 2021).",
]
_DPE_PAGE_2 = [
    "# Montants et consommations annuels d'énergie",
    "Usage\tConsommation (kWh EP)\t>Frais annuels",
    "Chauffage\tGaz naturel 10 684\t>entre 830 € et 1 140 €",
    "Eau chaude\tGaz naturel 2 070\t>entre 170 € et 230 €",
    "Éclairage\tÉlectricité 260\t>entre 30 € et 50 €",
    "Auxiliaires\tÉlectricité 436\t>entre 230 € et 320 €",
    "Total\t13 450 kWh\t>entre 1 260 € et 1 740 €",
    "---",
    "# Recommandations",
    "Isolation de la toiture et des murs donnant sur cour : classe visée C.",
    "Diagnostiqueur : Mathieu Le Floch, certification n° 8731 (Dekra Certification)",
]
_OTHERS: list[b.Block] = [
    b.Heading("Constat de repérage des matériaux et produits contenant de l'amiante"),
    b.Para(
        "Conclusion : il a été repéré des matériaux et produits contenant de "
        "l'amiante : dalles de sol vinyle-amiante de la cuisine (liste B), état de "
        "conservation : EP (évaluation périodique)."
    ),
    b.Heading("État relatif à la présence de termites dans le bâtiment"),
    b.Para("Il n'a pas été repéré d'indice d'infestation de termites."),
    b.Heading("État de l'installation intérieure d'électricité"),
    b.Para("L'installation intérieure d'électricité ne comporte aucune anomalie."),
    b.Heading("État des risques et pollutions"),
    b.Para(
        "Zone de sismicité : 3 (modérée). Potentiel radon : catégorie 3. Pas de PPR."
    ),
    b.Heading("Certificat de mesurage -- loi Carrez"),
    b.LabelValues([("Superficie privative du lot n° 23", "71,35 m²")], mode="dots"),
]


def _build() -> bytes:
    return build_pdf(
        [
            *_COVER,
            b.Scan(_DPE_PAGE_1, ScanLook(seed=401, angle=0.5, dpi=220)),
            b.Scan(_DPE_PAGE_2, ScanLook(seed=402, angle=-0.3, dpi=220)),
            *_OTHERS,
        ],
        face=HELVETICA,
        chrome=Chrome(
            header_left="Cabinet Diag Atlantique", header_right="Dossier 24-0404-GH"
        ),
    )


DOCUMENT = CorpusDocument(
    name="diags_04_nantes_ddt_dpe_scanne",
    extension="pdf",
    build=_build,
    scanned_pages=2,
    expected={
        "category": "diags",
        "dpe.energy_class": LABEL,
        "dpe.energy_kwh_m2_year": float(KWH),
        "dpe.ges_class": "D",
        "dpe.ges_kg_co2_m2_year": float(KG),
        "dpe.issued_on": date(2024, 4, 4),
        "dpe.valid_until": date(2034, 4, 3),
        "dpe.estimated_annual_cost_min": 1_260.0,
        "dpe.estimated_annual_cost_max": 1_740.0,
        "diagnostics_present": [
            "dpe",
            "amiante",
            "termites",
            "electricite",
            "erp",
            "carrez",
        ],
        "amiante_present": True,
        "termites_present": False,
        "electricite.anomalies": 0,
        "carrez_surface_m2": 71.35,
    },
)
