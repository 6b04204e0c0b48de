"""A single new-style DPE of an electrically heated studio, class G (a "passoire"):
embedded font with CO₂ and narrow no-break spaces, a two-column identity block, the
values in a box beside the scale, the classes reachable after works."""

from __future__ import annotations

from datetime import date

from tests.corpus import blocks as b
from tests.corpus.dpe import new_dpe_class, new_scale
from tests.corpus.faces import DEJAVU_SANS
from tests.corpus.forms import NBSP, NNBSP
from tests.corpus.layout import Chrome, build_pdf
from tests.corpus.model import CorpusDocument

KWH, KG = 452, 14
LABEL = new_dpe_class(KWH, KG)

_CONTENT: list[b.Block] = [
    b.Columns(
        [
            b.Para("**DPE**", size=22),
            b.Para("Diagnostic de performance énergétique (logement)", bold=True),
            b.Para(
                "N°ADEME : 2438E0214578K\nÉtabli le : 06/02/2024\nValable "
                "jusqu'au : 05/02/2034"
            ),
        ],
        [
            b.Para(
                "Adresse : 14 rue Lesdiguières, 38000 Grenoble\nÉtage : 5e\n"
                "Type de bien : Appartement\nAnnée de construction : 1948 - 1974\n"
                "Surface habitable : 31,6 m²\nPropriétaire : SCI Les Alpes\n"
                "Adresse du propriétaire : 2 place Grenette, 38000 Grenoble"
            )
        ],
        split=0.45,
    ),
    b.Heading("Performance énergétique et climatique", ruled=True),
    b.Columns(
        [b.EnergyScale(new_scale(LABEL, ""))],
        [
            b.Boxed(
                [
                    f"consommation (énergie primaire) : {KWH} kWh/m².an",
                    f"émissions : {KG}* kg CO₂/m².an",
                    f"Classe {LABEL} -- logement extrêmement peu performant",
                ]
            ),
            b.Para("* Dont émissions de gaz à effet de serre : classe C", size=8),
        ],
        split=0.5,
    ),
    b.Para(
        "Le niveau de consommation énergétique dépend de l'isolation du logement et de "
        "la performance des équipements. Ce logement est une passoire énergétique : à "
        "partir du 1er janvier 2025, il ne pourra plus être proposé à la location.",
        align="justify",
    ),
    b.Para(
        "Estimation des coûts annuels d'énergie du logement : entre "
        f"1{NNBSP}640{NBSP}€ et 2{NNBSP}260{NBSP}€ par an. Prix moyens des énergies "
        "indexés au 1er janvier 2021 (abonnements compris)."
    ),
    b.Heading("Montants et consommations annuels d'énergie", ruled=True),
    b.Grid(
        [
            ["Usage", "Consommation d'énergie", "Frais annuels d'énergie"],
            [
                "chauffage",
                f"électricité 10{NNBSP}112 kWh (4{NNBSP}396 é.f.)",
                f"entre 1{NNBSP}160{NBSP}€ et 1{NNBSP}600{NBSP}€",
            ],
            [
                "eau chaude",
                f"électricité 3{NNBSP}284 kWh (1{NNBSP}428 é.f.)",
                f"entre 380{NBSP}€ et 520{NBSP}€",
            ],
            [
                "éclairage",
                "électricité 290 kWh (126 é.f.)",
                f"entre 30{NBSP}€ et 50{NBSP}€",
            ],
            [
                "auxiliaires",
                "électricité 598 kWh (260 é.f.)",
                f"entre 70{NBSP}€ et 90{NBSP}€",
            ],
            [
                "total",
                f"14{NNBSP}284 kWh (6{NNBSP}210 é.f.)",
                f"entre 1{NNBSP}640{NBSP}€ et 2{NNBSP}260{NBSP}€",
            ],
        ],
        widths=[0.2, 0.42, 0.38],
    ),
    b.Heading("Recommandations d'amélioration de la performance", ruled=True),
    b.Grid(
        [
            ["Étape", "Travaux", "Montant estimé", "Classe visée"],
            [
                "1",
                "Isolation des murs, fenêtres double vitrage",
                f"8{NNBSP}000 à 12{NNBSP}000{NBSP}€",
                "E",
            ],
            [
                "2",
                "Pompe à chaleur air/eau, VMC hygroréglable",
                f"10{NNBSP}000 à 15{NNBSP}000{NBSP}€",
                "C",
            ],
        ],
        widths=[0.1, 0.5, 0.25, 0.15],
    ),
    b.Para(
        "Diagnostiqueur : Lucas Perret -- Alpes Diagnostic Immobilier, "
        "7 cours Berriat, "
        "38000 Grenoble -- certification n° B2C-0712 (Bureau Veritas Certification).",
        size=8,
    ),
]


def _build() -> bytes:
    return build_pdf(
        _CONTENT,
        face=DEJAVU_SANS,
        size=9,
        chrome=Chrome(
            footer_left="DPE 2438E0214578K", footer_right="p. {page}/{pages}"
        ),
    )


DOCUMENT = CorpusDocument(
    name="diags_02_grenoble_dpe_seul_classe_g",
    extension="pdf",
    build=_build,
    expected={
        "category": "diags",
        "dpe.energy_class": LABEL,
        "dpe.energy_kwh_m2_year": float(KWH),
        "dpe.ges_class": "C",
        "dpe.ges_kg_co2_m2_year": float(KG),
        "dpe.issued_on": date(2024, 2, 6),
        "dpe.valid_until": date(2034, 2, 5),
        "dpe.estimated_annual_cost_min": 1_640.0,
        "dpe.estimated_annual_cost_max": 2_260.0,
        "diagnostics_present": ["dpe"],
        "amiante_present": None,
        "carrez_surface_m2": None,
    },
)
