"""PV of an assemblée générale extraordinaire on one works decision: ``Résolution 3 :``
headings, the amount as HT, TVA rate and TTC lines, the syndic's fee on the works in a
resolution of its own, fund calls as percentages, a loan rejected."""

from __future__ import annotations

from datetime import date

from tests.corpus import blocks as b
from tests.corpus.faces import DEJAVU_SERIF
from tests.corpus.forms import NBSP, NNBSP
from tests.corpus.layout import Chrome, build_pdf
from tests.corpus.model import CorpusDocument

_MAJORITY_25 = (
    "Résolution adoptée à la majorité de l'article 25 de la loi du 10 juillet 1965."
)

_CONTENT: list[b.Block] = [
    b.Para("**ATLANTIQUE SYNDIC**\n6 quai de la Fosse -- 44000 Nantes", size=9),
    b.Gap(6),
    b.Title("Procès-verbal de l'assemblée générale extraordinaire", size=14),
    b.Para(
        "Résidence Le Sillon -- 17 boulevard Guist'hau -- 44000 Nantes", align="center"
    ),
    b.Gap(6),
    b.LabelValues(
        [
            ("Date et heure", "le 1er avril 2024 à 18 h 30"),
            ("Lieu", "Maison des associations, 4 rue Jean Jaurès, Nantes"),
            ("Convocation", "lettre recommandée du 8 mars 2024"),
            (
                "Présents et représentés",
                f"22 copropriétaires -- 7{NNBSP}114 / 10{NNBSP}000",
            ),
        ]
    ),
    b.Para(
        "L'assemblée générale extraordinaire a été convoquée à la demande du conseil "
        "syndical à la suite du rapport de contrôle technique quinquennal de "
        "l'ascenseur.",
        align="justify",
    ),
    b.Heading("Résolution 1 : Élection du président de séance"),
    b.Para("Mme Claire Guérin est élue présidente de séance. Résolution adoptée."),
    b.Heading("Résolution 2 : Élection du scrutateur et du secrétaire"),
    b.Para(
        "M. Paul Hervé est élu scrutateur ; Atlantique Syndic assure le secrétariat. "
        "Résolution adoptée."
    ),
    b.Heading("Résolution 3 : Travaux de mise en conformité de l'ascenseur"),
    b.Para(
        "L'assemblée générale décide de faire réaliser les travaux de mise en "
        "conformité de l'ascenseur (portes palières, parachute, éclairage de cabine) "
        "prescrits par le contrôle technique, selon le devis de la société Ouest "
        "Élévation n° D-2024-118 :",
        align="justify",
    ),
    b.LabelValues(
        [
            ("Montant HT", f"42{NNBSP}000,00{NBSP}€"),
            ("TVA 10 %", f"4{NNBSP}200,00{NBSP}€"),
            ("Montant TTC", f"46{NNBSP}200,00{NBSP}€"),
        ],
        mode="table",
    ),
    b.Para(f"Pour : 6{NNBSP}402 -- Contre : 712 -- Abstention : 0. {_MAJORITY_25}"),
    b.Heading("Résolution 4 : Honoraires du syndic sur travaux"),
    b.Para(
        "Les honoraires du syndic pour la gestion administrative et financière des "
        f"travaux votés à la résolution 3 sont fixés à 2 % HT du montant HT, soit "
        f"840,00{NBSP}€ HT (1{NNBSP}008,00{NBSP}€ TTC). Résolution "
        "adoptée à la majorité "
        "de l'article 24."
    ),
    b.Heading("Résolution 5 : Modalités de financement"),
    b.Para(
        "Les travaux seront financés par deux appels de fonds : 50 % exigible le "
        "1er juin 2024 et 50 % exigible le 1er septembre 2024, selon les tantièmes de "
        "la clé ascenseur. Résolution adoptée à la majorité de l'article 24."
    ),
    b.Heading("Résolution 6 : Recours à un emprunt collectif"),
    b.Para(
        "Proposition de souscrire un emprunt collectif pour le compte des "
        "copropriétaires qui le souhaitent afin de financer les travaux votés. "
        "Résolution rejetée."
    ),
    b.Gap(8),
    b.Para("La séance est levée à 19 h 50.", align="right"),
]


def _build() -> bytes:
    return build_pdf(
        _CONTENT,
        face=DEJAVU_SERIF,
        size=10.5,
        chrome=Chrome(
            footer_left="Atlantique Syndic -- carte professionnelle CPI 4401 2017 000 "
            "019 442",
            footer_right="{page} / {pages}",
        ),
    )


DOCUMENT = CorpusDocument(
    name="pv_ag_03_nantes_age_ascenseur",
    extension="pdf",
    build=_build,
    expected={
        "category": "pv_ag",
        "meeting_date": date(2024, 4, 1),
        "meeting_type": "AGE",
        "syndic": "Atlantique Syndic",
        "voted_works_amounts": [46_200.0],
        "resolutions": {
            "1": "adoptee",
            "2": "adoptee",
            "3": "adoptee",
            "4": "adoptee",
            "5": "adoptee",
            "6": "rejetee",
        },
    },
)
