"""PV d'AG ordinaire of a Paris syndic: running header and footer, ``Résolution n° 8 :``
headings, votes in tantièmes, one works voted (with honoraires in percent), one
rejected, a syndic contract, a budget and a fonds de travaux that are not works."""

from __future__ import annotations

from datetime import date

from tests.corpus import blocks as b
from tests.corpus.faces import HELVETICA
from tests.corpus.layout import Chrome, build_pdf
from tests.corpus.model import CorpusDocument

ADOPTED_24 = (
    "Cette résolution est adoptée à la majorité des voix exprimées des copropriétaires "
    "présents, représentés ou ayant voté par correspondance."
)


def _resolution(title: str, *paragraphs: str) -> list[b.Block]:
    return [b.Heading(title), *(b.Para(text, align="justify") for text in paragraphs)]


_OPENING: list[b.Block] = [
    b.Columns(
        [b.Para("**SYNDICAT DES COPROPRIÉTAIRES**\n23 RUE OBERKAMPF\n75011 PARIS")],
        [
            b.Para(
                "**Cabinet Roussel & Associés**\nSyndic de copropriété\n"
                "48 boulevard Voltaire -- 75011 Paris\nTél. 01 43 55 21 90",
                align="right",
            )
        ],
    ),
    b.Title("PROCÈS-VERBAL DE L'ASSEMBLÉE GÉNÉRALE ORDINAIRE\nDU 12 JUIN 2024"),
    b.Para(
        "Le mercredi 12 juin 2024 à 18 heures, les copropriétaires de l'immeuble sis "
        "23 rue Oberkampf, 75011 Paris, se sont réunis en assemblée générale ordinaire "
        "dans la salle de réunion du Cabinet Roussel & Associés, "
        "48 boulevard Voltaire, "
        "sur convocation adressée par le syndic le 17 mai 2024 par lettre recommandée "
        "avec accusé de réception.",
        align="justify",
    ),
    b.Para(
        "Il a été dressé une feuille de présence signée par chaque copropriétaire "
        "entrant en séance, tant en son nom personnel qu'en qualité de mandataire."
    ),
    b.LabelValues(
        [
            ("Copropriétaires présents et représentés", "31 / 46 -- 6 530 / 10 000"),
            ("Copropriétaires ayant voté par correspondance", "3 -- 412 / 10 000"),
            ("Copropriétaires absents et non représentés", "12 -- 3 058 / 10 000"),
        ],
        mode="table",
    ),
    b.Para(
        "L'assemblée générale est déclarée valablement constituée et peut délibérer "
        "sur les questions inscrites à l'ordre du jour."
    ),
]
_GOVERNANCE: list[b.Block] = [
    *_resolution(
        "Résolution n° 1 : Élection du président de séance (article 24)",
        "L'assemblée générale désigne M. Olivier Fabre en qualité de président de "
        "séance.",
        "Votes pour : 6 942 tantièmes -- Votes contre : 0 -- Abstentions : 0",
        ADOPTED_24,
    ),
    *_resolution(
        "Résolution n° 2 : Élection du secrétaire de séance (article 24)",
        "Le Cabinet Roussel & Associés, représenté par Mme Nadia Benali, est désigné "
        "secrétaire de séance.",
        ADOPTED_24,
    ),
    *_resolution(
        "Résolution n° 3 : Approbation des comptes de l'exercice du 01/01/2023 au "
        "31/12/2023 (article 24)",
        "L'assemblée générale, après avoir pris connaissance des documents comptables "
        "joints à la convocation, approuve les comptes de l'exercice 2023 qui font "
        "apparaître un total de dépenses de 79 412,36 € pour un budget voté de "
        "82 000,00 €.",
        "Votes pour : 6 410 tantièmes -- Votes contre : 532 tantièmes -- "
        "Abstentions : 0",
        "Cette résolution est adoptée.",
    ),
    *_resolution(
        "Résolution n° 4 : Quitus au syndic pour sa gestion de l'exercice 2023 "
        "(article 24)",
        "L'assemblée générale donne quitus au syndic pour sa gestion arrêtée au "
        "31 décembre 2023.",
        ADOPTED_24,
    ),
    *_resolution(
        "Résolution n° 5 : Désignation du syndic (article 25)",
        "L'assemblée générale désigne le Cabinet Roussel & Associés, titulaire de la "
        "carte professionnelle n° CPI 7501 2018 000 031 245, en qualité de syndic pour "
        "une durée de 18 mois, du 12 juin 2024 au 11 décembre 2025, aux conditions du "
        "contrat joint à la convocation (forfait annuel de 5 400,00 € TTC).",
        (
            "Votes pour : 5 870 / 10 000 tantièmes -- Votes contre : "
            "1 072 -- Abstentions : 0"
        ),
        "La majorité de l'article 25 étant atteinte, la résolution est adoptée.",
    ),
    *_resolution(
        "Résolution n° 6 : Approbation du budget prévisionnel de l'exercice 2025 "
        "(article 24)",
        "L'assemblée générale approuve le budget prévisionnel de l'exercice du "
        "01/01/2025 au 31/12/2025 pour un montant de 86 000,00 €, appelé par quarts "
        "le premier jour de chaque trimestre.",
        ADOPTED_24,
    ),
    *_resolution(
        "Résolution n° 7 : Montant de la cotisation annuelle au fonds de travaux "
        "(article 25)",
        "L'assemblée générale fixe la cotisation annuelle obligatoire au fonds de "
        "travaux à 5 % du budget prévisionnel, soit 4 300,00 € pour l'exercice 2025. "
        "Pour information, le solde du fonds de travaux s'élève à 27 845,12 € au "
        "31/12/2023.",
        "La majorité de l'article 25 étant atteinte, la résolution est adoptée.",
    ),
]
_WORKS: list[b.Block] = [
    *_resolution(
        "Résolution n° 8 : Travaux de ravalement des façades sur rue et sur cour "
        "(article 24)",
        "Après avoir pris connaissance des devis mis en concurrence et de l'avis du "
        "conseil syndical, l'assemblée générale décide de faire "
        "réaliser les travaux de "
        "ravalement des façades sur rue et sur cour, conformément à l'injonction de la "
        "Ville de Paris, et retient la proposition de l'entreprise Façades Parisiennes "
        "pour un montant de 112 600,00 € TTC.",
        "Les honoraires de suivi de travaux du syndic sont fixés à 2,5 % HT du montant "
        "HT des travaux ; la maîtrise d'œuvre est confiée au cabinet d'architecte "
        "A. Morel (honoraires : 7 % HT du montant HT des travaux).",
        "Votes pour : 6 120 tantièmes -- Votes contre : 410 tantièmes -- "
        "Abstentions : 412 tantièmes",
        "Cette résolution est adoptée.",
    ),
    *_resolution(
        "Résolution n° 9 : Modalités de financement des travaux de ravalement "
        "(article 24)",
        "L'assemblée générale décide que les travaux votés à la résolution n° 8 seront "
        "financés par trois appels de fonds exigibles le 1er septembre 2024 (40 %), le "
        "1er décembre 2024 (30 %) et le 1er mars 2025 (30 %), répartis selon les "
        "tantièmes de charges communes générales.",
        ADOPTED_24,
    ),
    *_resolution(
        "Résolution n° 10 : Remplacement de la cabine et de la machinerie de "
        "l'ascenseur (article 24)",
        "L'assemblée générale est appelée à se prononcer sur le devis de la société "
        "Ascenseurs Modernes d'un montant de 68 400,00 € TTC.",
        "Votes pour : 2 105 tantièmes -- Votes contre : 4 425 tantièmes -- "
        "Abstentions : 412 tantièmes",
        "Cette résolution est rejetée.",
    ),
    *_resolution(
        "Résolution n° 11 : Autorisation permanente accordée à la police nationale de "
        "pénétrer dans les parties communes (article 24)",
        ADOPTED_24,
    ),
    b.Heading("Questions diverses (sans vote)"),
    b.Para(
        "Des copropriétaires signalent des nuisances sonores dans la cour le soir. Le "
        "syndic rappellera par affichage les dispositions du règlement de copropriété."
    ),
    b.Para("L'ordre du jour étant épuisé, la séance est levée à 20 h 45."),
]
_CLOSING: list[b.Block] = [
    b.Gap(10),
    b.Columns(
        [b.Para("Le président de séance\nM. Olivier Fabre")],
        [b.Para("Le secrétaire\nCabinet Roussel & Associés", align="right")],
    ),
    b.Para(
        "Article 42, alinéa 2, de la loi n° 65-557 du 10 juillet "
        "1965 : les actions qui "
        "ont pour objet de contester les décisions des assemblées générales doivent, à "
        "peine de déchéance, être introduites par les copropriétaires opposants ou "
        "défaillants dans un délai de deux mois à compter de la notification du "
        "procès-verbal d'assemblée.",
        size=8,
        align="justify",
    ),
]


def _build() -> bytes:
    return build_pdf(
        [*_OPENING, *_GOVERNANCE, *_WORKS, *_CLOSING],
        face=HELVETICA,
        chrome=Chrome(
            header_left=(
                "Syndicat des copropriétaires du 23 rue Oberkampf -- 75011 Paris"
            ),
            header_right="PV AG du 12/06/2024",
            footer_left="Cabinet Roussel & Associés -- SAS au capital de 150 000 € -- "
            "RCS Paris 812 345 678",
        ),
    )


DOCUMENT = CorpusDocument(
    name="pv_ag_01_paris_oberkampf",
    extension="pdf",
    build=_build,
    expected={
        "category": "pv_ag",
        "meeting_date": date(2024, 6, 12),
        "meeting_type": "AGO",
        "syndic": "Cabinet Roussel & Associés",
        "voted_works_amounts": [112_600.0],
        "resolutions": {
            **{str(number): "adoptee" for number in range(1, 10)},
            "10": "rejetee",
            "11": "adoptee",
        },
        "annual_budget": 86_000.0,
        "fonds_travaux_balance": 27_845.12,
    },
)
