"""PV d'AG ordinaire whose first page is a printed PDF and whose next two pages were
scanned after signature (no text layer): the works decisions are only on the scans."""

from __future__ import annotations

from datetime import date

from tests.corpus import blocks as b
from tests.corpus.faces import TIMES
from tests.corpus.layout import build_pdf
from tests.corpus.model import CorpusDocument
from tests.corpus.scan import ScanLook

_PRINTED: list[b.Block] = [
    b.Para("SAS COGÉRIS IMMOBILIER -- Administrateur de biens -- Syndic", bold=True),
    b.Para("31 cours de l'Intendance, 33000 Bordeaux -- Tél. 05 56 44 18 20", size=9),
    b.Gap(10),
    b.Title("PROCÈS-VERBAL DE L'ASSEMBLÉE GÉNÉRALE ORDINAIRE DU 27 JUIN 2023"),
    b.Para(
        "Résidence Les Chartrons -- 54 quai des Chartrons -- 33300 Bordeaux",
        align="center",
    ),
    b.Gap(6),
    b.Para(
        "L'an deux mille vingt-trois, le vingt-sept juin à dix-huit heures, les "
        "copropriétaires de la résidence Les Chartrons se sont réunis en assemblée "
        "générale ordinaire au siège du syndic, sur convocation du 2 juin 2023.",
        align="justify",
    ),
    b.Para(
        "Sont présents ou représentés 19 copropriétaires sur 27, totalisant 7 236 "
        "tantièmes sur 10 000. Ont voté par correspondance : 2 copropriétaires "
        "(615 tantièmes)."
    ),
    b.Heading("Résolution n° 1 : Désignation du président de séance"),
    b.Para(
        "M. Antoine Lacoste est désigné. Résolution adoptée à la "
        "majorité de l'article 24."
    ),
    b.Heading("Résolution n° 2 : Désignation du secrétaire de séance"),
    b.Para(
        "Le syndic est désigné secrétaire. Résolution adoptée à "
        "la majorité de l'article 24."
    ),
    b.Heading("Résolution n° 3 : Approbation des comptes de l'exercice 2022"),
    b.Para(
        "L'assemblée approuve les comptes de l'exercice 2022, arrêtés à 53 118,60 € de "
        "dépenses. Résolution adoptée à la majorité de l'article 24."
    ),
    b.Heading("Résolution n° 4 : Budget prévisionnel de l'exercice 2024"),
    b.Para(
        "L'assemblée fixe le budget prévisionnel 2024 à 55 000,00 €. Résolution "
        "adoptée à la majorité de l'article 24."
    ),
]
_SCANNED_2 = [
    "PV AGO du 27/06/2023 -- Résidence Les Chartrons\t\t>page 2/3",
    "---",
    "# Résolution n° 5 : Cotisation au fonds de travaux",
    "La cotisation annuelle au fonds de travaux est maintenue à 5 % du budget, soit "
    "2 750,00 €. Résolution adoptée à la majorité de l'article 25.",
    "# Résolution n° 6 : Renouvellement du contrat de syndic",
    "SAS Cogéris Immobilier est désignée syndic pour 3 ans (honoraires de base : "
    "4 980,00 € TTC par an). Résolution adoptée à la majorité de l'article 25.",
    "# Résolution n° 7 : Désignation des membres du conseil syndical",
    "Mme Durieux, M. Lacoste et M. N'Diaye sont élus. Résolution adoptée.",
    "# Résolution n° 8 : Réfection de la cage d'escalier (peinture)",
    "L'assemblée décide la remise en peinture de la cage d'escalier et retient le "
    "devis de l'entreprise Peintures du Médoc pour 27 640,00 € TTC.",
    "Pour : 6 311 -- Contre : 925 -- Abstention : 0",
    "Résolution adoptée à la majorité de l'article 24.",
]
_SCANNED_3 = [
    "PV AGO du 27/06/2023 -- Résidence Les Chartrons\t\t>page 3/3",
    "---",
    "# Résolution n° 9 : Remplacement de la porte d'entrée du hall",
    "Devis de la Menuiserie Bordelaise : 8 950,00 € TTC.",
    "Pour : 2 874 -- Contre : 4 362 -- Abstention : 0",
    "Résolution rejetée.",
    "# Résolution n° 10 : Désamiantage de la chaufferie",
    "Suite au repérage amiante avant travaux, l'assemblée vote le retrait des "
    "calorifugeages amiantés de la chaufferie par la société Désamiantage "
    "Aquitaine, pour un montant de 14 300,00 € TTC.",
    "Résolution adoptée à la majorité de l'article 25.",
    "",
    "Plus rien n'étant à l'ordre du jour, la séance est levée à 20 h 15.",
    "",
    "Le président\tLe secrétaire",
    "A. Lacoste\tSAS Cogéris Immobilier",
]


def _build() -> bytes:
    return build_pdf(
        [
            *_PRINTED,
            b.Scan(_SCANNED_2, ScanLook(seed=501, angle=-0.7, dpi=200)),
            b.Scan(
                _SCANNED_3,
                ScanLook(seed=502, angle=0.3, dpi=200, tabs=(0.0, 0.55, 0.8)),
            ),
        ],
        face=TIMES,
        size=11,
    )


DOCUMENT = CorpusDocument(
    name="pv_ag_05_bordeaux_pages_scannees",
    extension="pdf",
    build=_build,
    scanned_pages=2,
    expected={
        "category": "pv_ag",
        "meeting_date": date(2023, 6, 27),
        "meeting_type": "AGO",
        "syndic": "SAS Cogéris Immobilier",
        "voted_works_amounts": [27_640.0, 14_300.0],
        "resolutions": {
            **{str(number): "adoptee" for number in range(1, 9)},
            "9": "rejetee",
            "10": "adoptee",
        },
        "annual_budget": 55_000.0,
    },
)
