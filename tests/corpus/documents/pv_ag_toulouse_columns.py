"""PV d'AG laid out on two columns: ``9ème résolution`` numbering, amounts written
``58.300,00 €``, an informal ``45 k€`` estimate for a decision ajournée, the date as
``12.03.2024`` in the reference and in words in the text."""

from __future__ import annotations

from datetime import date

from tests.corpus import blocks as b
from tests.corpus.faces import HELVETICA
from tests.corpus.layout import Chrome, build_pdf
from tests.corpus.model import CorpusDocument


def _resolution(ordinal: str, title: str, *texts: str) -> list[b.Block]:
    return [
        b.Heading(f"{ordinal} résolution -- {title}"),
        *(b.Para(t, align="justify") for t in texts),
    ]


_CONTENT: list[b.Block] = [
    b.Para(
        (
            "**CITADELLE GESTION**\nSyndic -- Gérance -- Transaction\n5 "
            "allées Jean Jaurès, 31000 Toulouse"
        ),
        size=9,
    ),
    b.Para("Réf. AG-2024-0312 / Copro 118 -- Le Capitole Saint-Sernin", size=8),
    b.Title(
        "PROCÈS-VERBAL DES DÉCISIONS DE L'ASSEMBLÉE GÉNÉRALE ORDINAIRE",
        align="left",
        size=12,
    ),
    b.Para(
        "Le mardi 12 mars 2024 à 18 heures, les copropriétaires de la résidence Le "
        "Capitole Saint-Sernin, 11 rue des Lois à Toulouse, se sont réunis sur "
        "convocation du syndic. Présents et représentés : 29 copropriétaires "
        "totalisant 702 / 1 000 millièmes.",
        align="justify",
    ),
    *_resolution(
        "1ère",
        "Président de séance",
        "M. Bernard Sarda est élu. Adoptée à l'unanimité.",
    ),
    *_resolution(
        "2ème", "Secrétaire", "Citadelle Gestion est désignée. Adoptée à l'unanimité."
    ),
    *_resolution(
        "3ème",
        "Comptes 2023",
        "Les comptes de l'exercice 2023 sont approuvés : dépenses 96.412,88 € pour un "
        "budget de 98.000,00 €. Adoptée à la majorité de l'article 24.",
    ),
    *_resolution(
        "4ème",
        "Budget 2025",
        "Le budget prévisionnel 2025 est voté à 101.500,00 €. Adoptée à la majorité de "
        "l'article 24.",
    ),
    *_resolution(
        "5ème",
        "Fonds de travaux",
        "Cotisation 2025 : 5.075,00 € (5 % du budget). Solde du fonds au 31/12/2023 : "
        "38.611,40 €. Adoptée à la majorité de l'article 25.",
    ),
    *_resolution(
        "6ème",
        "Remplacement de la chaudière collective",
        "L'assemblée générale décide le remplacement de la chaudière "
        "collective gaz par "
        "deux chaudières à condensation et retient le devis de Thermi-Sud d'un montant "
        "de 58.300,00 € TTC (TVA à 5,5 %), éligible aux aides CEE.",
        "Pour : 612 millièmes. Contre : 90 millièmes. Adoptée à la majorité de "
        "l'article 25.",
    ),
    *_resolution(
        "7ème",
        "Désembouage du réseau de chauffage",
        "Devis Thermi-Sud : 4.150,00 € TTC, à réaliser avec le remplacement de la "
        "chaudière. Adoptée à la majorité de l'article 24.",
    ),
    *_resolution(
        "8ème",
        "Panneaux photovoltaïques en toiture",
        "Le conseil syndical présente une première enveloppe d'environ 45 k€. "
        "L'assemblée ajourne la décision dans l'attente d'une étude de faisabilité.",
    ),
    *_resolution(
        "9ème",
        "Ravalement de la façade sur cour",
        "Devis Façades d'Occitanie : 39.870,00 € TTC. Pour : 298 millièmes. Contre : "
        "404 millièmes. Rejetée.",
    ),
    b.Para("Levée de séance à 20 h 30.", align="right"),
]


def _build() -> bytes:
    return build_pdf(
        _CONTENT,
        face=HELVETICA,
        size=9,
        columns=2,
        chrome=Chrome(
            header_left="Citadelle Gestion -- PV AG du 12.03.2024",
            header_right="Le Capitole Saint-Sernin",
            footer_right="{page}/{pages}",
        ),
    )


DOCUMENT = CorpusDocument(
    name="pv_ag_07_toulouse_deux_colonnes",
    extension="pdf",
    build=_build,
    expected={
        "category": "pv_ag",
        "meeting_date": date(2024, 3, 12),
        "meeting_type": "AGO",
        "syndic": "Citadelle Gestion",
        "voted_works_amounts": [58_300.0, 4_150.0],
        "resolutions": {
            **{str(number): "adoptee" for number in range(1, 8)},
            "8": "reportee",
            "9": "rejetee",
        },
        "annual_budget": 101_500.0,
        "fonds_travaux_balance": 38_611.40,
    },
)
