"""A short ``PV d'AG`` that votes no works: a works proposal not adopted, works only
announced by the DTG with an estimate, a spending delegation to the council and a
maintenance contract (amounts that are not voted works)."""

from __future__ import annotations

from datetime import date

from tests.corpus import blocks as b
from tests.corpus.faces import HELVETICA
from tests.corpus.layout import Chrome, build_pdf
from tests.corpus.model import CorpusDocument


def _resolution(
    number: int, title: str, text: str, adopted: bool = True
) -> list[b.Block]:
    outcome = (
        "Cette résolution est adoptée."
        if adopted
        else ("Cette résolution n'est pas adoptée.")
    )
    return [b.Heading(f"Résolution {number} : {title}"), b.Para(text), b.Para(outcome)]


_CONTENT: list[b.Block] = [
    b.Title("PV d'AG", align="left", size=18),
    b.LabelValues(
        [
            (
                "Copropriété",
                "Résidence du Vieux-Lille -- 7 rue de la Monnaie, 59800 Lille",
            ),
            ("Syndic", "Agence du Parc -- 21 rue Nationale, 59000 Lille"),
            ("Assemblée générale ordinaire du", "05/12/2023 à 18 h 00"),
            ("Quorum", "14 présents ou représentés -- 5 902 / 10 000 tantièmes"),
        ],
        mode="below",
    ),
    b.Heading("Ordre du jour et décisions", ruled=True),
    *_resolution(
        1, "Président de séance", "Mme Sophie Delattre est élue présidente de séance."
    ),
    *_resolution(
        2, "Secrétaire de séance", "Le syndic, Agence du Parc, assure le secrétariat."
    ),
    *_resolution(
        3,
        "Approbation des comptes 2022-2023",
        "Les comptes de l'exercice clos le 30/09/2023 sont approuvés ; dépenses de "
        "l'exercice : 41 877,05 €.",
    ),
    *_resolution(4, "Quitus au syndic", "Quitus est donné au syndic pour sa gestion."),
    *_resolution(
        5,
        "Budget prévisionnel 2024-2025",
        "Le budget prévisionnel de l'exercice du 01/10/2024 au 30/09/2025 est voté "
        "pour 44 500,00 €.",
    ),
    *_resolution(
        6,
        "Fonds de travaux",
        (
            "La cotisation au fonds de travaux est fixée à 2 225,00 "
            "€ par an (5 % du budget)."
        ),
    ),
    b.Heading("Information sans vote : diagnostic technique global (DTG)"),
    b.Para(
        "Le cabinet Nord Audit présente le DTG réalisé en septembre "
        "2023. Il recommande "
        "à l'horizon 2026 le remplacement des colonnes d'eau, estimé à 60 000 € TTC, "
        "et la reprise des balcons, estimée à 25 000 € TTC. Ces travaux seront "
        "soumis au vote d'une prochaine assemblée.",
        align="justify",
    ),
    *_resolution(
        7,
        "Remplacement des menuiseries des parties communes",
        "Devis de l'entreprise Fenêtres du Nord : 22 300 € TTC.",
        adopted=False,
    ),
    *_resolution(
        8,
        "Délégation de pouvoir au conseil syndical",
        "L'assemblée délègue au conseil syndical le pouvoir d'engager des dépenses "
        "d'entretien courant dans la limite de 3 000 € TTC par dépense.",
    ),
    *_resolution(
        9,
        "Contrat d'entretien des espaces verts",
        "Le contrat d'entretien des espaces verts est confié à Jardins de Flandre pour "
        "3 600 € TTC par an.",
    ),
    b.Para("Clôture de la séance à 19 h 40."),
]


def _build() -> bytes:
    return build_pdf(_CONTENT, face=HELVETICA, chrome=Chrome(footer_right="- {page} -"))


DOCUMENT = CorpusDocument(
    name="pv_ag_06_lille_sans_travaux",
    extension="pdf",
    build=_build,
    expected={
        "category": "pv_ag",
        "meeting_date": date(2023, 12, 5),
        "meeting_type": "AGO",
        "syndic": "Agence du Parc",
        "voted_works_amounts": [],
        "resolutions": {
            **{str(number): "adoptee" for number in range(1, 10)},
            "7": "rejetee",
        },
        "annual_budget": 44_500.0,
    },
)
