"""PV d'AG ordinaire of a Lyon syndic: ``RÉSOLUTION N°13`` headings, each vote in a
ruled table with ``Résultat : ADOPTÉE``, one works decided over three resolutions
(principle, contractor, fund calls in euros), amounts written ``3.480,00 €``."""

from __future__ import annotations

from datetime import date

from tests.corpus import blocks as b
from tests.corpus.faces import HELVETICA
from tests.corpus.layout import Chrome, build_pdf
from tests.corpus.model import CorpusDocument


def _vote(pour: tuple[int, str], contre: tuple[int, str], result: str) -> list[b.Block]:
    return [
        b.Grid(
            [
                ["Vote", "Copropriétaires", "Tantièmes"],
                ["Pour", str(pour[0]), pour[1]],
                ["Contre", str(contre[0]), contre[1]],
                ["Abstention", "1", "214"],
            ],
            widths=[0.4, 0.3, 0.3],
        ),
        b.Para(f"**Résultat : {result}**"),
    ]


def _resolution(number: int, title: str, text: str, *vote: b.Block) -> list[b.Block]:
    return [b.Heading(f"RÉSOLUTION N°{number} -- {title}"), b.Para(text), *vote]


_ADOPTED = _vote((22, "6 105"), (2, "389"), "ADOPTÉE (article 24)")
_CONTENT: list[b.Block] = [
    b.Columns(
        [b.Para("**GESTION IMMOBILIÈRE BELLECOUR**\n12 place Bellecour\n69002 Lyon")],
        [
            b.Para(
                "Réf. : PV-AGO-21.05.2024\nDossier : 0417 -- Le Parc Saxe",
                align="right",
            )
        ],
        split=0.6,
    ),
    b.Title("ASSEMBLÉE GÉNÉRALE ORDINAIRE DU 21 MAI 2024", size=13),
    b.Para(
        "Copropriété Le Parc Saxe -- 88 avenue Maréchal de Saxe -- 69003 Lyon",
        align="center",
    ),
    b.Para(
        "Procès-verbal des délibérations. Les copropriétaires se sont réunis le mardi "
        "21 mai 2024 à 17 h 30 à l'hôtel Carlton, salle Rhône. Présents "
        "et représentés : "
        "25 copropriétaires sur 38, représentant 6 708 tantièmes sur 10 000.",
        align="justify",
    ),
    *_resolution(
        1, "Élection du président de séance", "M. Henri Dumas est élu.", *_ADOPTED
    ),
    *_resolution(
        2,
        "Approbation des comptes de l'exercice 2023",
        "Les comptes de l'exercice 2023 sont approuvés (dépenses : 61.904,22 €).",
        *_ADOPTED,
    ),
    *_resolution(
        3,
        "Budget prévisionnel 2025",
        "Le budget prévisionnel de l'exercice 2025 est arrêté à 64.800,00 €.",
        *_ADOPTED,
    ),
    *_resolution(
        4,
        "Étanchéité de la toiture-terrasse : décision de principe",
        "L'assemblée générale décide de faire réaliser la réfection complète de "
        "l'étanchéité de la toiture-terrasse du bâtiment, compte "
        "tenu des infiltrations "
        "constatées au 6e étage.",
        *_ADOPTED,
    ),
    *_resolution(
        5,
        "Étanchéité de la toiture-terrasse : choix de l'entreprise",
        "L'assemblée générale retient l'offre de la société Étanchéité Lyonnaise pour "
        "un montant de 68.940,00 € TTC, l'offre de la société Toits du Rhône "
        "(74.112,00 € TTC) n'étant pas retenue.",
        *_ADOPTED,
    ),
    *_resolution(
        6,
        "Étanchéité de la toiture-terrasse : honoraires et financement",
        "Honoraires du maître d'œuvre : 6 % HT du montant HT des travaux. Les travaux "
        "seront appelés en deux fois : 34.470,00 € exigibles le 01/07/2024 et "
        "34.470,00 € exigibles le 01/10/2024.",
        *_ADOPTED,
    ),
    *_resolution(
        7,
        "Remplacement de l'éclairage des parties communes par des LED",
        "Devis de l'entreprise Lumière & Sécurité : 3.480,00 € TTC, détecteurs de "
        "présence compris.",
        *_ADOPTED,
    ),
    *_resolution(
        8,
        "Mise en place d'une vidéoprotection dans le parking",
        "Devis de la société Protec Vision : 12.360,00 € TTC.",
        *_vote((9, "2 498"), (15, "3 996"), "REJETÉE (article 25)"),
    ),
    b.Para(
        "Fin de séance à 20 h 05. Le président, le scrutateur et "
        "le secrétaire ont signé."
    ),
]


def _build() -> bytes:
    return build_pdf(
        _CONTENT,
        face=HELVETICA,
        size=9.5,
        chrome=Chrome(
            header_left="Le Parc Saxe -- PV AGO 21/05/2024",
            header_right="Gestion Immobilière Bellecour",
            footer_right="Page {page} sur {pages}",
        ),
    )


DOCUMENT = CorpusDocument(
    name="pv_ag_04_lyon_tables_de_vote",
    extension="pdf",
    build=_build,
    expected={
        "category": "pv_ag",
        "meeting_date": date(2024, 5, 21),
        "meeting_type": "AGO",
        "syndic": "Gestion Immobilière Bellecour",
        "voted_works_amounts": [68_940.0, 3_480.0],
        "resolutions": {
            **{str(number): "adoptee" for number in range(1, 8)},
            "8": "rejetee",
        },
        "annual_budget": 64_800.0,
    },
)
