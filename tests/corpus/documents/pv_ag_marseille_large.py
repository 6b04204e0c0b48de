"""PV d'AG of a large copropriété over several buildings, in an embedded font with
no-break and narrow no-break spaces in amounts: ``Résolution n°14 --`` headings, works
voted TTC and one voted HT with its TVA rate only, a rejected ravalement, a yearly
contract and an article 26 decision."""

from __future__ import annotations

from datetime import date

from tests.corpus import blocks as b
from tests.corpus.faces import DEJAVU_SANS
from tests.corpus.forms import NBSP, NNBSP, eur
from tests.corpus.layout import Chrome, build_pdf
from tests.corpus.model import CorpusDocument

ART_24 = "Adoptée à la majorité de l'article 24 (majorité des voix exprimées)."
ART_25 = (
    "Adoptée à la majorité de l'article 25 (majorité des voix "
    "de tous les copropriétaires)."
)


def _eur(value: float) -> str:
    return eur(value, sep=NNBSP, unit=f"{NBSP}€")


def _resolution(number: int, title: str, *texts: str) -> list[b.Block]:
    return [
        b.Heading(f"Résolution n°{number} -- {title}"),
        *(b.Para(t, align="justify") for t in texts),
    ]


_GOVERNANCE: list[b.Block] = [
    b.Title("Procès-verbal de l'assemblée générale ordinaire annuelle"),
    b.Para(
        "Syndicat des copropriétaires de la résidence Les Terrasses du Prado",
        align="center",
    ),
    b.Para(
        "Bâtiments A, B et C -- 210 avenue du Prado -- 13008 Marseille", align="center"
    ),
    b.Para(
        "Le jeudi 26 septembre 2024 à 17 h 30, les copropriétaires se sont réunis en "
        "assemblée générale ordinaire au Palais des congrès du parc Chanot, sur "
        "convocation de l'Immobilière Lafayette, syndic, du 30 août 2024. Présents, "
        f"représentés ou votant par correspondance : 96 sur 142, soit 6{NNBSP}412 / "
        f"10{NNBSP}000 tantièmes généraux.",
        align="justify",
    ),
    *_resolution(
        1, "Élection du président de séance", "M. Karim Benhamou est élu. " + ART_24
    ),
    *_resolution(
        2, "Élection des scrutateurs", "Mmes Pons et Orsini sont élues. " + ART_24
    ),
    *_resolution(3, "Désignation du secrétaire", "Le syndic est désigné. " + ART_24),
    *_resolution(
        4,
        "Approbation des comptes de l'exercice 2023",
        (
            f"Dépenses de l'exercice : {_eur(318_640.55)} pour un budget "
            f"de {_eur(325_000)}. "
        )
        + ART_24,
    ),
    *_resolution(5, "Quitus au syndic", ART_24),
    *_resolution(
        6,
        "Budget prévisionnel de l'exercice 2025",
        f"Le budget prévisionnel 2025 est voté pour {_eur(334_000)}. " + ART_24,
    ),
    *_resolution(
        7,
        "Fonds de travaux",
        f"Cotisation annuelle : {_eur(16_700)}. Le solde du fonds de travaux au "
        f"31/12/2023 s'élève à {_eur(41_236.18)}. " + ART_25,
    ),
    *_resolution(
        8,
        "Désignation du syndic",
        "L'Immobilière Lafayette est désignée syndic jusqu'à l'assemblée statuant sur "
        f"les comptes 2025, pour des honoraires annuels de {_eur(28_800)} TTC. "
        + ART_25,
    ),
    *_resolution(9, "Conseil syndical", "Sept membres sont élus. " + ART_25),
    *_resolution(
        10,
        "Modification du règlement de copropriété (article 26)",
        "L'assemblée autorise la transformation de la loge de gardien en local à vélos "
        "et modifie le règlement de copropriété en conséquence. Adoptée à la majorité "
        "de l'article 26.",
    ),
]
_WORKS: list[b.Block] = [
    *_resolution(
        11,
        "Remplacement des portes de garage du sous-sol",
        f"Devis de la société Portes & Automatismes du Sud : {eur(18_960, decimals=0)} "
        "TTC. "
        "Travaux à réaliser au premier trimestre 2025. " + ART_25,
    ),
    *_resolution(
        12,
        "Système de vidéosurveillance des halls",
        f"Devis de la société Sécurimed : {_eur(9_840)} TTC, maintenance comprise "
        "la première année. " + ART_25,
    ),
    *_resolution(
        13,
        "Ravalement du bâtiment B",
        f"Devis de l'entreprise Provence Façades : {_eur(215_000)} TTC.",
        (
            f"Pour : 2{NNBSP}107 tantièmes -- Contre : 4{NNBSP}305 tantièmes. "
            "Résolution rejetée."
        ),
    ),
    *_resolution(
        14,
        "Mise en accessibilité de l'entrée du bâtiment C (rampe PMR)",
        f"L'assemblée vote les travaux de création d'une rampe d'accès pour un montant "
        f"de {_eur(31_200)} HT, TVA au taux de 10 % en sus, selon le devis de "
        "l'entreprise Méditerranée BTP. " + ART_24,
    ),
    *_resolution(
        15,
        "Contrat d'entretien des espaces verts",
        f"Le contrat annuel d'entretien confié à Jardins du Midi est renouvelé pour "
        f"{_eur(4_800)} TTC par an. " + ART_24,
    ),
    b.Para("La séance est levée à 21 h 10."),
]


def _build() -> bytes:
    return build_pdf(
        [*_GOVERNANCE, *_WORKS],
        face=DEJAVU_SANS,
        size=9.5,
        chrome=Chrome(
            header_left="Les Terrasses du Prado -- AGO du 26/09/2024",
            header_right="Immobilière Lafayette -- Syndic",
            footer_left="Immobilière Lafayette, 40 rue Paradis, 13001 Marseille -- RCS "
            "Marseille 421 908 337",
            footer_right="Page {page} sur {pages}",
        ),
    )


DOCUMENT = CorpusDocument(
    name="pv_ag_08_marseille_grande_copropriete",
    extension="pdf",
    build=_build,
    expected={
        "category": "pv_ag",
        "meeting_date": date(2024, 9, 26),
        "meeting_type": "AGO",
        "syndic": "Immobilière Lafayette",
        "voted_works_amounts": [18_960.0, 9_840.0, 34_320.0],
        "resolutions": {
            **{str(number): "adoptee" for number in range(1, 16)},
            "13": "rejetee",
        },
        "annual_budget": 334_000.0,
        "fonds_travaux_balance": 41_236.18,
    },
)
