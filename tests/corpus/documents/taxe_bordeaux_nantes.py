"""Avis de taxe foncière: Bordeaux 2020, before the département's share went to the
communes (a ``Département`` column), in Times with no-break spaces; Nantes 2024
scanned on two pages with a GEMAPI column and ``Net à payer``."""

from __future__ import annotations

from tests.corpus import blocks as b
from tests.corpus.faces import TIMES
from tests.corpus.forms import NBSP
from tests.corpus.layout import build_pdf
from tests.corpus.model import CorpusDocument
from tests.corpus.scan import ScanLook, scanned_pdf

_BORDEAUX: list[b.Block] = [
    b.Para("DIRECTION GÉNÉRALE DES FINANCES PUBLIQUES", size=8),
    b.Title("TAXES FONCIÈRES 2020", align="left"),
    b.Para("Avis d'impôt -- propriétés bâties", size=11),
    b.Columns(
        [
            b.Para(
                "Numéro fiscal : 33 07 456 789 012\nRéférence de l'avis "
                ": 20 33 4567890 55\nCentre des finances publiques : SIP "
                "BORDEAUX SUD"
            )
        ],
        [b.Para("M ET MME DUCASSE JEAN\n31 RUE LEBERTHON\n33000 BORDEAUX")],
    ),
    b.Gap(8),
    b.Para(f"**Montant de votre impôt : 1{NBSP}584{NBSP}€**", size=13),
    b.Para(
        "Date limite de paiement : 15/10/2020 -- paiement en ligne jusqu'au 20/10/2020."
    ),
    b.Heading("Détail du calcul des cotisations"),
    b.Grid(
        [
            ["", "Commune", "Département", "Taxes spéciales", "Taxe ordures ménagères"],
            ["Taux 2020", "48,48 %", "17,46 %", "0,30 %", "8,70 %"],
            ["Base", f"1{NBSP}421", f"2{NBSP}932", f"2{NBSP}932", f"3{NBSP}586"],
            ["Cotisations", "689", "512", "9", "312"],
        ],
        widths=[0.2, 0.18, 0.2, 0.2, 0.22],
        lines="rows",
    ),
    b.LabelValues(
        [
            ("Total des cotisations", f"1{NBSP}522{NBSP}€"),
            ("Frais de gestion de la fiscalité directe locale", f"62{NBSP}€"),
            ("Montant de votre impôt", f"1{NBSP}584{NBSP}€"),
        ],
        mode="table",
    ),
    b.Para(
        ("Désignation : 31 rue Leberthon, Bordeaux -- section KA n° 112 -- lot 5."),
        size=9,
    ),
]
_NANTES_1 = [
    "DIRECTION GÉNÉRALE DES FINANCES PUBLIQUES",
    "",
    "## AVIS D'IMPÔT 2024",
    "## TAXES FONCIÈRES",
    "",
    "Vos références\t\tM GUÉRIN PAUL",
    "Numéro fiscal : 44 12 345 098 765\t\t17 BD GUIST'HAU",
    "Référence de l'avis : 24 44 0987654 32\t\t44000 NANTES",
    "---",
    "",
    "# Net à payer : 1 249 €",
    "Date limite de paiement : 15/10/2024",
    "Payez en ligne sur impots.gouv.fr ou avec l'application impots.gouv.",
]
_NANTES_2 = [
    "# Détail de vos cotisations",
    "\tCommune\tIntercommunalité",
    "Taux 2024\t>34,56 %\t>1,96 %",
    "Cotisations\t>756\t>43",
    "",
    "\tTaxes spéciales\tTEOM",
    "Taux 2024\t>0,55 %\t>9,89 %",
    "Cotisations\t>12\t>374",
    "",
    "\tTaxe GEMAPI",
    "Cotisations\t>9",
    "---",
    "Total des cotisations\t\t>1 194 €",
    "Frais de gestion de la fiscalité directe locale\t\t>55 €",
    "Net à payer\t\t>1 249 €",
]


def _bordeaux() -> bytes:
    return build_pdf(_BORDEAUX, face=TIMES, size=11)


def _nantes() -> bytes:
    return scanned_pdf(
        [
            (
                _NANTES_1,
                ScanLook(seed=1301, angle=-0.5, dpi=300, tabs=(0.0, 0.3, 0.62)),
            ),
            (
                _NANTES_2,
                ScanLook(seed=1302, angle=0.9, dpi=300, tabs=(0.0, 0.35, 0.65)),
            ),
        ]
    )


BORDEAUX = CorpusDocument(
    name="taxe_fonciere_03_bordeaux_2020_departement",
    extension="pdf",
    build=_bordeaux,
    expected={
        "category": "taxe_fonciere",
        "tax_year": 2020,
        "total_amount": 1_584.0,
        "breakdown.commune": 689.0,
        "breakdown.departement": 512.0,
        "breakdown.taxes_speciales": 9.0,
        "breakdown.teom": 312.0,
        "breakdown.frais_gestion": 62.0,
    },
)
NANTES = CorpusDocument(
    name="taxe_fonciere_04_nantes_2024_scanne",
    extension="pdf",
    build=_nantes,
    scanned_pages=2,
    expected={
        "category": "taxe_fonciere",
        "tax_year": 2024,
        "total_amount": 1_249.0,
        "breakdown.commune": 756.0,
        "breakdown.intercommunalite": 43.0,
        "breakdown.taxes_speciales": 12.0,
        "breakdown.teom": 374.0,
        "breakdown.gemapi": 9.0,
        "breakdown.frais_gestion": 55.0,
    },
)
