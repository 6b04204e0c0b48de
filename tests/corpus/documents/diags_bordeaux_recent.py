"""A DDT for a flat in a 2012 building, its summary written as aligned rows: DPE class
B (energy B, climate A), termites found (Gironde is a termite zone), risks, Carrez;
asbestos, lead, gas and electricity named only as "not required"."""

from __future__ import annotations

from datetime import date

from tests.corpus import blocks as b
from tests.corpus.dpe import new_dpe_class, new_scale
from tests.corpus.faces import COURIER
from tests.corpus.layout import Chrome, build_pdf
from tests.corpus.model import CorpusDocument

KWH, KG = 88, 3
LABEL = new_dpe_class(KWH, KG)

_CONTENT: list[b.Block] = [
    b.Title("DOSSIER DE DIAGNOSTIC TECHNIQUE -- VENTE", align="left", size=13),
    b.Para(
        ("Aquitaine Diagnostics Habitat, 18 rue Sainte-Catherine, 33000 Bordeaux"),
        size=8,
    ),
    b.Para(
        "Bien : appartement T2, 1er étage, lot 112 -- 9 rue Lucien "
        "Faure, 33300 Bordeaux"
    ),
    b.Para("Permis de construire : 2010 -- achèvement 2012. Visite du 19/02/2024."),
    b.Heading("TABLEAU RÉCAPITULATIF"),
    b.Tabular(
        [
            ["Diagnostic", "Résultat"],
            ["DPE", f"classe {LABEL} ({KWH} kWh/m2/an, {KG} kg CO2/m2/an)"],
            ["Termites", "présence d'indices d'infestation"],
            ["ERP", "retrait-gonflement des argiles (aléa moyen), PPRI"],
            ["Carrez", "44,10 m2"],
            ["Amiante", "non requis (permis postérieur au 01/07/1997)"],
            ["Plomb", "non requis (construction postérieure à 1949)"],
            ["Électricité/gaz", "non requis (installations de moins de 15 ans)"],
        ],
        stops=[0.0, 0.28],
        bold_first_row=True,
        ruled=True,
    ),
    b.Heading("DIAGNOSTIC DE PERFORMANCE ÉNERGÉTIQUE"),
    b.Tabular(
        [
            ["N° ADEME", "2433E0456123R"],
            ["Établi le", "19/02/2024"],
            ["Valable jusqu'au", "18/02/2034"],
            ["Consommation", f"{KWH} kWh/m2/an (énergie primaire)"],
            ["Émissions", f"{KG} kg CO2/m2/an -- classe climat A"],
            ["Classe DPE", LABEL],
        ],
        stops=[0.0, 0.35],
    ),
    b.EnergyScale(new_scale(LABEL, f"{KWH} | {KG}")),
    b.Para(
        ("Coûts annuels estimés : entre 420 € et 600 € par an (pompe à chaleur)."),
        size=9,
    ),
    b.Heading("ÉTAT RELATIF À LA PRÉSENCE DE TERMITES"),
    b.Para(
        "Indices d'infestation de termites souterrains (Reticulitermes) relevés dans "
        "les plinthes bois de la cave et le dormant de la porte palière. La mairie "
        "doit être informée (article L.126-5 du CCH).",
        size=9,
    ),
    b.Heading("ÉTAT DES RISQUES ET POLLUTIONS"),
    b.Para(
        (
            "Commune exposée : PPRI Bordeaux (approuvé), retrait-gonflement "
            "des argiles (aléa moyen), sismicité 2, radon 1."
        ),
        size=9,
    ),
    b.Heading("MESURAGE LOI CARREZ"),
    b.Tabular([["Superficie privative totale", "44,10 m2"]], stops=[0.0, 0.6]),
]


def _build() -> bytes:
    return build_pdf(
        _CONTENT,
        face=COURIER,
        size=9,
        chrome=Chrome(
            header_left="ADH-24-0219",
            header_right="Bordeaux",
            footer_right="{page}/{pages}",
        ),
    )


DOCUMENT = CorpusDocument(
    name="diags_08_bordeaux_recent_termites",
    extension="pdf",
    build=_build,
    expected={
        "category": "diags",
        "dpe.energy_class": LABEL,
        "dpe.energy_kwh_m2_year": float(KWH),
        "dpe.ges_class": "A",
        "dpe.ges_kg_co2_m2_year": float(KG),
        "dpe.issued_on": date(2024, 2, 19),
        "dpe.valid_until": date(2034, 2, 18),
        "dpe.estimated_annual_cost_min": 420.0,
        "dpe.estimated_annual_cost_max": 600.0,
        "diagnostics_present": ["dpe", "termites", "erp", "carrez"],
        "termites_present": True,
        "amiante_present": None,
        "carrez_surface_m2": 44.10,
    },
)
