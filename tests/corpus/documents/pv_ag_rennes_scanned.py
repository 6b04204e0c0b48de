"""Compte rendu d'AG of a small copropriété run by a volunteer syndic, printed, signed
and scanned (no text layer): ``4ème résolution`` numbering, votes counted in voices,
one decision ajournée, amounts without decimals."""

from __future__ import annotations

from datetime import date

from tests.corpus.model import CorpusDocument
from tests.corpus.scan import ScanLook, scanned_pdf

_PAGE_1 = [
    "Copropriété du 9 rue de la Visitation -- 35000 Rennes",
    "Syndic bénévole : M. Yann Le Bihan",
    "",
    "## COMPTE RENDU DE L'ASSEMBLÉE GÉNÉRALE",
    "^ du samedi 16 mars 2024",
    "---",
    "Le samedi 16 mars 2024 à 10 h, les copropriétaires se sont réunis au domicile "
    "de M. Le Bihan, 2e étage, sur convocation du 20 février 2024.",
    "Présents ou représentés : 5 copropriétaires sur 6, soit 842 / 1000 millièmes.",
    "",
    "# 1ère résolution -- Approbation des comptes 2023",
    "Les comptes de l'exercice 2023 (total des dépenses : 7 820,40 €) sont approuvés.",
    "Adoptée à l'unanimité des présents et représentés.",
    "# 2ème résolution -- Budget prévisionnel 2024",
    "Le budget de l'année 2024 est fixé à 8 200 €, appelé par trimestre.",
    "Adoptée à l'unanimité des présents et représentés.",
    "# 3ème résolution -- Reconduction du syndic bénévole",
    "M. Yann Le Bihan est reconduit dans ses fonctions de syndic bénévole pour un an.",
    "Adoptée à l'unanimité des présents et représentés.",
    "# 4ème résolution -- Réfection de la toiture",
    "Après examen de trois devis, l'assemblée décide la réfection complète de la "
    "couverture en ardoise et retient l'entreprise Le Goff Couverture pour un montant "
    "de 38 500 euros TTC. Les travaux débuteront en mai 2024.",
    "Adoptée à l'unanimité des présents et représentés.",
]
_PAGE_2 = [
    "# 5ème résolution -- Remplacement des boîtes aux lettres",
    "Devis de l'entreprise Serrurerie Rennaise : 2 100 € TTC, pose comprise.",
    "Adoptée par 4 voix pour, 1 voix contre.",
    "# 6ème résolution -- Installation d'un interphone vidéo",
    "Un devis de 4 850 € TTC est présenté. La décision est ajournée à la prochaine "
    "assemblée, dans l'attente d'un second devis.",
    "# 7ème résolution -- Fonds de travaux",
    "La copropriété comptant moins de dix lots, l'assemblée décide à l'unanimité de "
    "ne pas constituer de fonds de travaux.",
    "Adoptée à l'unanimité des présents et représentés.",
    "",
    "Plus rien n'étant à l'ordre du jour, la séance est levée à 11 h 40.",
    "",
    "Fait à Rennes, le 16/03/2024.",
    "Le président de séance\tLe secrétaire",
    "Mme Gwenaëlle Riou\tM. Yann Le Bihan",
]


def _build() -> bytes:
    return scanned_pdf(
        [
            (_PAGE_1, ScanLook(seed=201, angle=0.6, dpi=250, serif=True)),
            (
                _PAGE_2,
                ScanLook(seed=202, angle=-0.4, dpi=250, serif=True, tabs=(0.0, 0.55)),
            ),
        ]
    )


DOCUMENT = CorpusDocument(
    name="pv_ag_02_rennes_compte_rendu_scanne",
    extension="pdf",
    build=_build,
    scanned_pages=2,
    expected={
        "category": "pv_ag",
        "meeting_date": date(2024, 3, 16),
        "meeting_type": None,
        "syndic": "Yann Le Bihan",
        "voted_works_amounts": [38_500.0, 2_100.0],
        "resolutions": {
            "1": "adoptee",
            "2": "adoptee",
            "3": "adoptee",
            "4": "adoptee",
            "5": "adoptee",
            "6": "reportee",
            "7": "adoptee",
        },
        "annual_budget": 8_200.0,
    },
)
