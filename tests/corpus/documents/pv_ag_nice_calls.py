"""PV d'AG of a Nice syndic in an embedded serif font: ``Résolution 12 :`` headings,
``adoptée à la majorité de l'article 25`` / ``rejetée`` / ``ajournée`` outcomes, works
voted with a fund-call schedule in a table whose amounts are not works."""

from __future__ import annotations

from datetime import date

from tests.corpus import blocks as b
from tests.corpus.faces import DEJAVU_SERIF
from tests.corpus.forms import NBSP, NNBSP
from tests.corpus.layout import Chrome, build_pdf
from tests.corpus.model import CorpusDocument

_ROUTINE = (
    (1, "Élection du président de séance", "Mme Laure Giordano est élue."),
    (2, "Élection du scrutateur", "M. Marc Ferrero est élu."),
    (3, "Élection du secrétaire", "Provence Syndic Gestion est désigné."),
    (
        4,
        "Approbation des comptes de l'exercice 2022-2023",
        "Les comptes arrêtés au 30/06/2023 sont approuvés.",
    ),
    (5, "Quitus au syndic", "Quitus est donné au syndic."),
    (
        6,
        "Ajustement du budget 2023-2024",
        f"Le budget en cours est ajusté à 57{NNBSP}300,00{NBSP}€.",
    ),
    (
        7,
        "Budget prévisionnel 2024-2025",
        f"Le budget prévisionnel est fixé à 59{NNBSP}000,00{NBSP}€.",
    ),
    (8, "Fonds de travaux", f"La cotisation est fixée à 2{NNBSP}950,00{NBSP}€ par an."),
    (9, "Désignation du conseil syndical", "Quatre membres sont élus."),
    (
        10,
        "Mise en concurrence du contrat de syndic",
        "L'assemblée décide de ne pas mettre en concurrence le contrat de syndic.",
    ),
    (
        11,
        "Contrat d'assurance de l'immeuble",
        "L'assemblée prend acte de la hausse de la prime d'assurance.",
    ),
)


def _routine() -> list[b.Block]:
    return [
        block
        for number, title, text in _ROUTINE
        for block in (
            b.Heading(f"Résolution {number} : {title}"),
            b.Para(f"{text} Cette résolution est adoptée."),
        )
    ]


_WORKS: list[b.Block] = [
    b.Heading("Résolution 12 : Remplacement des colonnes montantes d'eau"),
    b.Para(
        "L'assemblée générale décide le remplacement des colonnes montantes d'eau "
        "froide et d'eau chaude des escaliers 1 et 2, et retient l'entreprise Azur "
        f"Plomberie pour un montant de 64{NNBSP}900{NBSP}€ TTC. Les "
        "fonds seront appelés "
        "selon l'échéancier suivant :",
        align="justify",
    ),
    b.Grid(
        [
            ["Appel", "Date d'exigibilité", "Montant"],
            ["1er appel", "05/01/2024", f"21{NNBSP}633,33{NBSP}€"],
            ["2e appel", "05/04/2024", f"21{NNBSP}633,33{NBSP}€"],
            ["3e appel", "05/07/2024", f"21{NNBSP}633,34{NBSP}€"],
        ],
        widths=[0.25, 0.4, 0.35],
    ),
    b.Para("Cette résolution est adoptée à la majorité de l'article 25."),
    b.Heading("Résolution 13 : Remise en peinture des volets sur rue"),
    b.Para(
        f"Devis de l'entreprise Couleurs de Nice : 7{NNBSP}800{NBSP}€ TTC. L'assemblée "
        "souhaite un devis comparatif : la résolution est ajournée."
    ),
    b.Heading("Résolution 14 : Mise en conformité des garde-corps des terrasses"),
    b.Para(
        f"Devis de la Métallerie Niçoise : 5{NNBSP}960,00{NBSP}€ TTC. Cette résolution "
        "est adoptée à la majorité de l'article 24."
    ),
    b.Heading("Résolution 15 : Pose d'une clôture végétalisée"),
    b.Para(
        f"Devis Jardins d'Azur : 3{NNBSP}150{NBSP}€ TTC. Cette résolution est rejetée."
    ),
    b.Gap(6),
    b.Para(
        "Séance levée à 19 h 25. Signé : la présidente, le scrutateur, le secrétaire."
    ),
]


def _build() -> bytes:
    opening: list[b.Block] = [
        b.Para("PROVENCE SYNDIC GESTION\n3 avenue Jean Médecin -- 06000 Nice", size=9),
        b.Title("Procès-verbal de l'assemblée générale ordinaire\ndu 19 octobre 2023"),
        b.Para(
            "Copropriété Villa Les Mimosas -- 25 boulevard Gambetta -- 06000 Nice. "
            "Réunion le 19/10/2023 à 17 h, salle paroissiale Saint-Pierre. Présents et "
            f"représentés : 18 copropriétaires, 7{NNBSP}288 / 10{NNBSP}000 tantièmes.",
            align="justify",
        ),
    ]
    return build_pdf(
        [*opening, *_routine(), *_WORKS],
        face=DEJAVU_SERIF,
        size=10,
        chrome=Chrome(
            footer_left="Villa Les Mimosas -- AGO 2023", footer_right="{page}"
        ),
    )


DOCUMENT = CorpusDocument(
    name="pv_ag_09_nice_echeancier",
    extension="pdf",
    build=_build,
    expected={
        "category": "pv_ag",
        "meeting_date": date(2023, 10, 19),
        "meeting_type": "AGO",
        "syndic": "Provence Syndic Gestion",
        "voted_works_amounts": [64_900.0, 5_960.0],
        "resolutions": {
            **{str(number): "adoptee" for number in range(1, 13)},
            "13": "reportee",
            "14": "adoptee",
            "15": "rejetee",
        },
        "annual_budget": 59_000.0,
    },
)
