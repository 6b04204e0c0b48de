"""Documents the syndic writes for a sale: an état daté (article 5 of the 1967
decree) full of charges, provisions and works calls owed by seller and buyer, and a
pré-état daté whose annex (the copropriété's fiche synthétique) was scanned."""

from __future__ import annotations

from tests.corpus import blocks as b
from tests.corpus.faces import DEJAVU_SANS, HELVETICA
from tests.corpus.forms import NBSP, NNBSP
from tests.corpus.layout import Chrome, build_pdf
from tests.corpus.model import CorpusDocument
from tests.corpus.scan import ScanLook

_ETAT_DATE: list[b.Block] = [
    b.Para("GESTION IMMOBILIÈRE BELLECOUR -- Syndic", bold=True),
    b.Title("ÉTAT DATÉ"),
    b.Para(
        ("établi en application de l'article 5 du décret n° 67-223 du 17 mars 1967"),
        align="center",
        size=9,
    ),
    b.LabelValues(
        [
            ("Copropriété", "Le Parc Saxe -- 88 avenue Maréchal de Saxe -- 69003 Lyon"),
            (
                "Vendeur",
                ("Mme FAURE Isabelle -- lot n° 31 (appartement) et lot n° 52 (cave)"),
            ),
            ("Notaire", "Maître Arnaud Pichon, 4 quai Jules Courmont, 69002 Lyon"),
            ("Date", "02/09/2024"),
        ]
    ),
    b.Heading(
        ("1re partie -- Sommes dues par le copropriétaire cédant au syndicat"),
        ruled=True,
    ),
    b.Grid(
        [
            ["Nature", "Montant"],
            [
                ("Provisions exigibles du budget prévisionnel (3e trimestre 2024)"),
                "731,00 €",
            ],
            [
                ("Provisions exigibles pour travaux (étanchéité, appel du 01/07/2024)"),
                "1 075,46 €",
            ],
            ["Charges impayées sur exercices antérieurs", "0,00 €"],
            ["Total dû par le vendeur", "1 806,46 €"],
        ],
        widths=[0.75, 0.25],
    ),
    b.Heading(
        "2e partie -- Sommes dont le syndicat pourrait être débiteur", ruled=True
    ),
    b.Para(
        "Avances constituant la réserve : 0,00 €. Quote-part du "
        "fonds de travaux attachée au lot (non remboursable) : 1 "
        "204,33 €."
    ),
    b.Heading(
        "3e partie -- Sommes qui incomberont au nouveau copropriétaire", ruled=True
    ),
    b.Grid(
        [
            ["Nature", "Échéance", "Montant"],
            [
                "Provisions du budget prévisionnel 2024 (4e trimestre)",
                "01/10/2024",
                "731,00 €",
            ],
            ["Travaux d'étanchéité (2e appel)", "01/10/2024", "1 075,46 €"],
        ],
        widths=[0.55, 0.2, 0.25],
    ),
    b.Para(
        "Budget prévisionnel des deux derniers exercices : 61 904,22 "
        "€ (2023), 64 800,00 € (2025 voté). Procédures en cours "
        ": néant."
    ),
    b.Para(
        (
            "Honoraires d'établissement du présent état daté : 380,00 "
            "€ TTC, à la charge du vendeur."
        ),
        size=9,
    ),
]
_PRE_ETAT_DATE: list[b.Block] = [
    b.Title("Pré-état daté", align="left"),
    b.Para(
        (
            "Informations financières à fournir au candidat acquéreur "
            "(article L.721-2 du code de la construction et de l'habitation)"
        ),
        size=9,
    ),
    b.LabelValues(
        [
            ("Copropriété", "Villa Les Mimosas, 25 boulevard Gambetta, 06000 Nice"),
            ("Lot(s) vendu(s)", "n° 11 (appartement 3 pièces) -- 512 / 10 000"),
            ("Établi par", "M. Marc Ferrero, vendeur, d'après les documents du syndic"),
        ],
        mode="below",
    ),
    b.Heading("Partie I -- Situation financière du lot"),
    b.Grid(
        [
            ["Rubrique", "Montant"],
            [
                (
                    "Charges courantes du budget payées par le vendeur (exercice "
                    "2022-2023)"
                ),
                f"2{NNBSP}654,20{NBSP}€",
            ],
            [
                (
                    "Charges courantes du budget payées par le vendeur (exercice "
                    "2021-2022)"
                ),
                f"2{NNBSP}811,45{NBSP}€",
            ],
            [
                "Charges hors budget (travaux) payées sur les deux exercices",
                f"3{NNBSP}322,85{NBSP}€",
            ],
            [
                "Sommes susceptibles d'être dues au syndicat par l'acquéreur",
                f"1{NNBSP}107,97{NBSP}€",
            ],
            [
                "Quote-part du fonds de travaux attachée au lot",
                f"2{NNBSP}049,64{NBSP}€",
            ],
        ],
        widths=[0.75, 0.25],
    ),
    b.Heading("Partie II -- Situation de la copropriété"),
    b.Para(
        f"Impayés de charges : 4{NNBSP}380{NBSP}€ ; dettes fournisseurs "
        f": 0{NBSP}€. La fiche synthétique de la copropriété est "
        "jointe en annexe."
    ),
]
_FICHE = [
    "## FICHE SYNTHÉTIQUE DE LA COPROPRIÉTÉ",
    "^ (article 8-2 de la loi du 10 juillet 1965)",
    "---",
    "Numéro d'immatriculation\tAB1-234-567",
    "Nom\tVilla Les Mimosas",
    "Adresse\t25 boulevard Gambetta, 06000 Nice",
    "Syndic\tProvence Syndic Gestion",
    "Nombre de lots\t24 dont 16 lots principaux",
    "Année de construction\t1958",
    "Chauffage\tindividuel",
    "---",
    "# Données financières (exercice clos le 30/06/2023)",
    "Charges pour opérations courantes\t52 118,40 €",
    "Montant des impayés\t4 380,00 €",
    "Fonds de travaux\t18 905,00 €",
]


def _etat_date() -> bytes:
    return build_pdf(
        _ETAT_DATE,
        face=HELVETICA,
        size=9.5,
        chrome=Chrome(footer_right="{page}/{pages}"),
    )


def _pre_etat_date() -> bytes:
    annex = b.Scan(_FICHE, ScanLook(seed=1701, angle=-0.4, tabs=(0.0, 0.42)))
    return build_pdf([*_PRE_ETAT_DATE, annex], face=DEJAVU_SANS, size=9.5)


ETAT_DATE = CorpusDocument(
    name="other_02_lyon_etat_date",
    extension="pdf",
    build=_etat_date,
    expected={"category": "other", "document_type": "etat_date"},
)
PRE_ETAT_DATE = CorpusDocument(
    name="other_03_nice_pre_etat_date_annexe_scannee",
    extension="pdf",
    build=_pre_etat_date,
    scanned_pages=1,
    expected={"category": "other", "document_type": "pre_etat_date"},
)
