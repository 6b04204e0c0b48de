"""A DDT of a 1900 Paris building where the values sit on the line below their labels:
lead paint in class 3 (risk), asbestos found, a gas installation with an immediate
danger, five electrical anomalies listed, no termites, a new-style DPE class F of an
electrically heated small flat, and a 27,85 m² Carrez surface."""

from __future__ import annotations

from datetime import date

from tests.corpus import blocks as b
from tests.corpus.dpe import new_dpe_class, new_scale
from tests.corpus.faces import HELVETICA
from tests.corpus.layout import Chrome, build_pdf
from tests.corpus.model import CorpusDocument

KWH, KG = 389, 12
LABEL = new_dpe_class(KWH, KG)

_SUMMARY: list[b.Block] = [
    b.Title("RAPPORT DE DIAGNOSTICS IMMOBILIERS", align="left"),
    b.LabelValues(
        [
            (
                "Bien expertisé",
                "Appartement 2 pièces, 6e étage sans ascenseur, lot n° 38",
            ),
            ("Adresse", "112 rue de Charonne, 75011 Paris"),
            (
                "Permis de construire",
                "antérieur au 1er janvier 1949 (immeuble de 1900)",
            ),
            ("Date de visite", "28 mai 2024"),
            (
                "Opérateur de repérage",
                "Samir Haddad -- Diag Paris Est -- certifié AFNOR n° 2023-0451",
            ),
        ],
        mode="below",
    ),
    b.Heading("Conclusions", ruled=True),
    b.LabelValues(
        [
            (
                "Performance énergétique",
                f"Classe {LABEL} -- {KWH} kWh/m²/an -- {KG} kg CO2/m²/an",
            ),
            ("Amiante", "Présence de matériaux contenant de l'amiante"),
            ("Plomb", "Présence de revêtements dégradés contenant du plomb (classe 3)"),
            ("Électricité", "5 anomalies"),
            ("Gaz", "Anomalie de type DGI : danger grave et immédiat"),
            ("Termites", "Absence d'indices d'infestation"),
            ("Carrez", "27,85 m²"),
        ],
        mode="below",
    ),
    b.Break(),
]
_REPORTS: list[b.Block] = [
    b.Heading("Diagnostic de performance énergétique", ruled=True),
    b.Para(
        "Établi le 28/05/2024 -- valable jusqu'au 27/05/2034 -- N°ADEME 2475E1876543C"
    ),
    b.EnergyScale(new_scale(LABEL, f"{KWH} kWh/m²/an -- {KG} kg CO2/m²/an")),
    b.Para(
        "Logement à chauffage électrique par convecteurs. Estimation des coûts annuels "
        "d'énergie du logement : entre 2 010 € et 2 720 € par an."
    ),
    b.Heading("Repérage amiante", ruled=True),
    b.Para(
        "Il a été repéré des matériaux et produits contenant de l'amiante : conduit de "
        "fumée en fibres-ciment (liste B) dans la cuisine, bon état de conservation."
    ),
    b.Heading("Constat de risque d'exposition au plomb (CREP)", ruled=True),
    b.Grid(
        [
            [
                "Total UD",
                "Non mesurées",
                "Classe 0",
                "Classe 1",
                "Classe 2",
                "Classe 3",
            ],
            ["72", "4", "30", "26", "8", "4"],
        ]
    ),
    b.Para(
        "Des revêtements dégradés contenant du plomb (classe 3) "
        "ont été relevés sur les "
        "huisseries de la chambre. Le propriétaire doit faire réaliser des travaux "
        "pour supprimer l'exposition au plomb."
    ),
    b.Heading("Installation intérieure d'électricité", ruled=True),
    b.Para(
        "Anomalies relevées :\n"
        "B.1.3 a : absence de dispositif assurant la coupure d'urgence.\n"
        "B.2.3.1 h : le dispositif différentiel ne fonctionne pas.\n"
        "B.3.3.1 b : absence de conducteur de terre.\n"
        "B.7.3 d : conducteurs non protégés mécaniquement.\n"
        "B.8.3 e : présence de douilles métalliques."
    ),
    b.Heading("Installation intérieure de gaz", ruled=True),
    b.Para(
        "Anomalies : A2 (flexible de raccordement non visitable) ; DGI (fuite sur le "
        "robinet de commande de la table de cuisson). Le gaz a été coupé par "
        "l'opérateur et le distributeur informé."
    ),
    b.Heading("État parasitaire (termites)", ruled=True),
    b.Para("Absence d'indices d'infestation de termites le jour de la visite."),
    b.Heading("Mesurage", ruled=True),
    b.Para(
        "Superficie privative (loi Carrez) : 27,85 m² -- surface "
        "au sol totale : 31,40 m²."
    ),
]


def _build() -> bytes:
    return build_pdf(
        [*_SUMMARY, *_REPORTS],
        face=HELVETICA,
        chrome=Chrome(
            header_left="Diag Paris Est -- Réf. 24-0528-CHA",
            footer_right="Page {page} sur {pages}",
        ),
    )


DOCUMENT = CorpusDocument(
    name="diags_06_paris_plomb_gaz",
    extension="pdf",
    build=_build,
    expected={
        "category": "diags",
        "dpe.energy_class": LABEL,
        "dpe.energy_kwh_m2_year": float(KWH),
        "dpe.ges_class": "C",
        "dpe.ges_kg_co2_m2_year": float(KG),
        "dpe.issued_on": date(2024, 5, 28),
        "dpe.valid_until": date(2034, 5, 27),
        "dpe.estimated_annual_cost_min": 2_010.0,
        "dpe.estimated_annual_cost_max": 2_720.0,
        "diagnostics_present": [
            "dpe",
            "amiante",
            "plomb",
            "electricite",
            "gaz",
            "termites",
            "carrez",
        ],
        "amiante_present": True,
        "plomb_risk": True,
        "electricite.anomalies": 5,
        "gaz.danger_immediat": True,
        "termites_present": False,
        "carrez_surface_m2": 27.85,
    },
)
