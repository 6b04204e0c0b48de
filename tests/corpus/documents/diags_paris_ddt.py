"""A full dossier de diagnostic technique (Paris, 1930 building): a cover page, a
table of conclusions, the new-style DPE with its class scale (energy in class D but
climate in class E, so the label is E) and its final-energy and cost figures, then
amiante, plomb, électricité, gaz, ERP and the Carrez certificate."""

from __future__ import annotations

from datetime import date

from tests.corpus import blocks as b
from tests.corpus.dpe import new_dpe_class, new_scale
from tests.corpus.faces import HELVETICA
from tests.corpus.layout import Chrome, build_pdf
from tests.corpus.model import CorpusDocument

KWH, KG = 245, 52
LABEL = new_dpe_class(KWH, KG)

_COVER: list[b.Block] = [
    b.Title("DOSSIER DE DIAGNOSTIC TECHNIQUE", size=18),
    b.Para(
        (
            "Vente -- Articles L.271-4 à L.271-6 du Code de la construction "
            "et de l'habitation"
        ),
        align="center",
    ),
    b.Gap(12),
    b.LabelValues(
        [
            (
                "Adresse du bien",
                (
                    "23 rue Oberkampf, 75011 Paris -- Bâtiment A, 3e étage, porte "
                    "droite, lot n° 14"
                ),
            ),
            (
                "Type de bien",
                "Appartement T3 -- immeuble collectif construit vers 1930",
            ),
            ("Propriétaire", "M. et Mme Lemaire"),
            ("Donneur d'ordre", "Étude de Maître Vidal, notaire à Paris"),
            ("Date de la mission", "18/03/2024"),
            (
                "Opérateur",
                (
                    "Claire Martin -- Expertim Diagnostics, 9 rue de la Roquette, "
                    "75011 Paris"
                ),
            ),
            (
                "Certification",
                "n° CPDI 4512 délivrée par I.Cert, valable jusqu'au 14/09/2028",
            ),
        ],
        mode="table",
    ),
    b.Heading("Synthèse des conclusions", ruled=True),
    b.Grid(
        [
            ["Diagnostic", "Conclusion"],
            [
                "DPE",
                (
                    f"Consommation : {KWH} kWh/m²/an -- Émissions : {KG} kg CO2/m²/an "
                    f"-- Classe {LABEL}"
                ),
            ],
            [
                "Amiante",
                (
                    "Il n'a pas été repéré de matériaux et produits contenant "
                    "de l'amiante."
                ),
            ],
            [
                "Plomb (CREP)",
                (
                    "Absence de revêtements contenant du plomb au-delà du seuil "
                    "(classes 0 et 1)."
                ),
            ],
            ["Électricité", "L'installation comporte 3 anomalies."],
            ["Gaz", "L'installation ne comporte aucune anomalie."],
            [
                "État des risques (ERP)",
                "Zone de sismicité 1 (très faible) -- Potentiel radon 1 -- PPRI Seine",
            ],
            ["Mesurage Carrez", "Superficie privative : 48,72 m²"],
        ],
        widths=[0.28, 0.72],
    ),
    b.Break(),
]
_DPE: list[b.Block] = [
    b.Heading("Diagnostic de performance énergétique (logement)", ruled=True),
    b.LabelValues(
        [
            ("N° DPE", "2475E0987654A"),
            ("Établi le", "18/03/2024"),
            ("Valable jusqu'au", "17/03/2034"),
            ("Surface habitable", "49,5 m²"),
        ]
    ),
    b.Para("**Performance énergétique et climatique**"),
    b.EnergyScale(new_scale(LABEL, f"{KWH} kWh/m²/an | {KG}* kg CO2/m²/an")),
    b.Para(
        (
            "* Dont émissions de gaz à effet de serre : le logement "
            "est classé selon la plus mauvaise des deux performances."
        ),
        size=8,
    ),
    b.LabelValues(
        [("Classe énergie", LABEL), ("Classe climat (GES)", "E")], mode="table"
    ),
    b.Para(
        "Ce logement émet 2 574 kg de CO2 par an, soit l'équivalent de 13 337 km "
        "parcourus en voiture. Consommation en énergie finale : 201 kWh/m²/an."
    ),
    b.Para(
        "Estimation des coûts annuels d'énergie du logement : entre 1 130 € et "
        "1 580 € par an. Prix moyens des énergies indexés au 1er janvier 2021 "
        "(abonnements compris)."
    ),
    b.Grid(
        [
            ["Usage", "Consommation d'énergie (kWh énergie primaire)", "Frais annuels"],
            ["Chauffage", "Gaz naturel 9 108 (9 108 é.f.)", "entre 680 € et 940 €"],
            ["Eau chaude", "Gaz naturel 1 938 (1 938 é.f.)", "entre 150 € et 210 €"],
            [
                "Éclairage, auxiliaires",
                "Électricité 1 082 (470 é.f.)",
                "entre 300 € et 430 €",
            ],
            ["Total", "12 128 kWh (11 516 kWh é.f.)", "entre 1 130 € et 1 580 €"],
        ],
        widths=[0.25, 0.45, 0.3],
    ),
    b.Para(
        "Recommandations : isolation des murs par l'intérieur et remplacement des "
        "fenêtres (étape 1, montant estimé 9 000 à 13 000 €) permettraient d'atteindre "
        "la classe C ; avec une pompe à chaleur (étape 2), la classe B."
    ),
    b.Break(),
]
_OTHERS: list[b.Block] = [
    b.Heading("Constat de repérage amiante (listes A et B)", ruled=True),
    b.Para(
        "Permis de construire antérieur au 1er juillet 1997. Dans "
        "le cadre de la mission, il n'a pas été repéré de matériaux "
        "et produits contenant de l'amiante."
    ),
    b.Heading("Constat de risque d'exposition au plomb (CREP)", ruled=True),
    b.Grid(
        [
            [
                "Unités de diagnostic",
                "Total",
                "Classe 0",
                "Classe 1",
                "Classe 2",
                "Classe 3",
            ],
            ["Nombre", "64", "51", "13", "0", "0"],
        ],
    ),
    b.Para(
        "Aucun revêtement dégradé contenant du plomb (classe 3) "
        ": pas de facteur de dégradation du bâti."
    ),
    b.Heading("État de l'installation intérieure d'électricité", ruled=True),
    b.Para(
        "L'installation intérieure d'électricité comporte une ou des anomalies (3) :"
    ),
    b.Para(
        "B.3.3.6 a1 : au moins un socle de prise de courant ne comporte "
        "pas de broche de terre.\nB.7.3 a : l'enveloppe d'au moins "
        "un matériel est manquante.\nB.8.3 a : présence de matériel "
        "électrique vétuste."
    ),
    b.Heading("État de l'installation intérieure de gaz", ruled=True),
    b.Para("L'installation ne comporte aucune anomalie."),
    b.Heading("État des risques et pollutions (ERP)", ruled=True),
    b.Para(
        "Plan de prévention des risques d'inondation de la Seine "
        "(approuvé) : zone bleue. Sismicité : zone 1. Radon : catégorie "
        "1. Le bien n'est pas situé dans un secteur d'information "
        "sur les sols."
    ),
    b.Heading("Attestation de superficie privative (loi Carrez)", ruled=True),
    b.Grid(
        [
            ["Pièce", "Superficie Carrez", "Hors Carrez"],
            ["Entrée", "3,85 m²", ""],
            ["Séjour", "18,40 m²", ""],
            ["Chambre 1", "11,25 m²", ""],
            ["Chambre 2", "9,12 m²", "0,95 m²"],
            ["Salle d'eau / WC", "6,10 m²", ""],
            ["Total", "48,72 m²", "0,95 m²"],
        ],
        widths=[0.4, 0.3, 0.3],
    ),
    b.Para("Superficie privative totale du lot n° 14 : 48,72 m²"),
]


def _build() -> bytes:
    return build_pdf(
        [*_COVER, *_DPE, *_OTHERS],
        face=HELVETICA,
        size=9.5,
        chrome=Chrome(
            header_left="Expertim Diagnostics -- Dossier n° 24-0318-OBK",
            header_right="23 rue Oberkampf, 75011 Paris",
            footer_right="Page {page}/{pages}",
        ),
    )


DOCUMENT = CorpusDocument(
    name="diags_01_paris_ddt_complet",
    extension="pdf",
    build=_build,
    expected={
        "category": "diags",
        "dpe.energy_class": LABEL,
        "dpe.energy_kwh_m2_year": float(KWH),
        "dpe.ges_class": "E",
        "dpe.ges_kg_co2_m2_year": float(KG),
        "dpe.issued_on": date(2024, 3, 18),
        "dpe.valid_until": date(2034, 3, 17),
        "dpe.estimated_annual_cost_min": 1_130.0,
        "dpe.estimated_annual_cost_max": 1_580.0,
        "diagnostics_present": [
            "dpe",
            "amiante",
            "plomb",
            "electricite",
            "gaz",
            "erp",
            "carrez",
        ],
        "amiante_present": False,
        "plomb_risk": False,
        "electricite.anomalies": 3,
        "gaz.anomalies": 0,
        "carrez_surface_m2": 48.72,
    },
)
