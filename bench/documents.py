"""Distinct French purchase documents for the pipeline benchmark, built with reportlab.

``tests/fixtures/documents.py`` makes one fixed document per category; a benchmark of
20 uploads needs several different ones per category, or SHA-256 de-duplication folds
them into five. Each builder here takes a ``variant`` number that changes the names,
dates and amounts (never the category's vocabulary), so every variant is a different
file that the local provider still classifies into its category.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

MARGIN, FONT_SIZE, LEADING = 56, 10, 14
SYNDICS = ("Cabinet Dupont Gestion", "Foncia Lyon", "Nexity Lumière", "Citya Rhône")
OWNERS = ("M. DURAND Julien", "Mme PETIT Claire", "M. MOREAU Hugo", "Mme ROUX Léa")
STREETS = ("rue des Lilas", "avenue Berthelot", "cours Gambetta", "rue Garibaldi")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin")


def render(lines: list[str]) -> bytes:
    """Lines to a PDF: ``# `` starts a bold heading; long lines wrap."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    width, height = A4
    y = height - MARGIN
    for line in lines:
        font = "Helvetica-Bold" if line.startswith("# ") else "Helvetica"
        for part in simpleSplit(line.removeprefix("# "), font, FONT_SIZE, width - 112):
            if y < MARGIN:
                canvas.showPage()
                y = height - MARGIN
            canvas.setFont(font, FONT_SIZE)
            canvas.drawString(MARGIN, y, part)
            y -= LEADING
        y -= LEADING if not line else 0
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _euros(amount: float) -> str:
    """French formatting: ``85 400,00 €``."""
    whole, cents = f"{amount:,.2f}".split(".")
    return f"{whole.replace(',', ' ')},{cents} €"


def _address(variant: int) -> str:
    return f"{10 + variant} {STREETS[variant % len(STREETS)]}, 6900{3 + variant} Lyon"


def pv_ag(variant: int) -> bytes:
    """PV of an ordinary general meeting: two works voted, one rejected."""
    day, month = 5 + variant, MONTHS[variant % len(MONTHS)]
    facade, boiler = 80_000 + 3_100 * variant, 30_000 + 1_700 * variant
    budget = 41_000 + 900 * variant
    return render(
        [
            f"Syndicat des copropriétaires du {_address(variant)}",
            f"# PROCÈS-VERBAL DE L'ASSEMBLÉE GÉNÉRALE ORDINAIRE DU {day} {month} 2024",
            f"Les copropriétaires se sont réunis le {day} {month} 2024 sur "
            f"convocation du syndic, {SYNDICS[variant % len(SYNDICS)]}.",
            "",
            "# Résolution n° 1 : Élection du président de séance",
            "Mme Laurent est élue présidente de séance. Résolution adoptée à la "
            "majorité de l'article 24.",
            "# Résolution n° 2 : Budget prévisionnel de l'exercice 2025",
            f"L'assemblée adopte le budget prévisionnel de {_euros(budget)}. "
            "Résolution adoptée.",
            "# Résolution n° 3 : Ravalement des façades",
            f"L'assemblée décide le ravalement des façades pour {_euros(facade)} TTC. "
            "Les appels de fonds seront exigibles le 1er octobre 2024.",
            "Votes pour : 6 120 tantièmes. Résolution adoptée à la majorité de "
            "l'article 25.",
            "# Résolution n° 4 : Remplacement de la chaudière collective",
            f"L'assemblée vote le remplacement de la chaudière pour {_euros(boiler)} "
            "TTC. Résolution adoptée à la majorité de l'article 24.",
            "# Résolution n° 5 : Bornes de recharge",
            f"Installation de bornes de recharge, budget estimé à {9 + variant} k€. "
            "Résolution rejetée.",
        ]
    )


def diagnostics(variant: int) -> bytes:
    """Technical diagnostics file with a DPE whose class depends on the variant."""
    energy_class = "DEFG"[variant % 4]
    consumption = 190 + 60 * variant
    low, high = _euros(900 + 300 * variant), _euros(1_300 + 400 * variant)
    return render(
        [
            "# DOSSIER DE DIAGNOSTIC TECHNIQUE",
            f"Vente d'un appartement, lot n° {12 + variant}, {_address(variant)}",
            f"Diagnostiqueur certifié : Diag Expert {variant + 1}, date de visite "
            f"{10 + variant}/02/2024.",
            "# Diagnostic de performance énergétique (DPE)",
            f"Consommation énergétique : {consumption} kWh/m²/an (énergie primaire)",
            f"Classe énergie : {energy_class}",
            f"Émissions de gaz à effet de serre : {30 + 8 * variant} kg CO2/m²/an",
            f"Classe GES : {energy_class}",
            f"Estimation des coûts annuels d'énergie : entre {low} et {high} par an.",
            "# Constat de repérage amiante",
            "Il n'a pas été repéré de matériaux contenant de l'amiante.",
            "# Constat de risque d'exposition au plomb (CREP)",
            "Absence de revêtements dégradés contenant du plomb.",
            "# Mesurage loi Carrez",
            f"Superficie privative loi Carrez : {44 + 3 * variant},{10 + variant} m²",
        ]
    )


def taxe_fonciere(variant: int) -> bytes:
    """Property tax notice; the total is the sum of the listed contributions."""
    commune, teom, fees = 640 + 45 * variant, 250 + 12 * variant, 60 + variant
    total = commune + 110 + 14 + teom + fees
    return render(
        [
            "DIRECTION GÉNÉRALE DES FINANCES PUBLIQUES",
            "# AVIS D'IMPÔT 2024 - TAXES FONCIÈRES",
            f"Numéro fiscal : 30 12 345 678 {900 + variant}",
            f"Propriétaire : {OWNERS[variant % len(OWNERS)]}",
            f"Adresse du bien : {_address(variant)}",
            "# Détail du calcul de vos cotisations",
            f"Base d'imposition du bien : {1_700 + 90 * variant} €",
            f"Cotisation commune : {commune} €",
            "Cotisation intercommunalité : 110 €",
            "Taxes spéciales : 14 €",
            f"Taxe d'enlèvement des ordures ménagères (TEOM) : {teom} €",
            f"Frais de gestion de la fiscalité directe locale : {fees} €",
            f"# Montant de votre impôt : {total} €",
            "Date limite de paiement : 15/10/2024",
        ]
    )


def appel_de_fonds(variant: int) -> bytes:
    """Quarterly call for co-ownership charges of one lot."""
    general, lift, works = 580.0 + 21.5 * variant, 80.0 + 3 * variant, 55.0 + variant
    return render(
        [
            f"{SYNDICS[variant % len(SYNDICS)]} - Syndic de copropriété",
            "# APPEL DE FONDS - CHARGES DE COPROPRIÉTÉ",
            f"Copropriété du {_address(variant)}",
            f"Période : {variant % 4 + 1}e trimestre 2024",
            f"Copropriétaire : {OWNERS[variant % len(OWNERS)]}, lot n° {12 + variant}, "
            f"{140 + 6 * variant} / 10 000 tantièmes",
            f"Charges générales (quote-part du budget) : {_euros(general)}",
            f"Charges spéciales ascenseur : {_euros(lift)}",
            f"Fonds de travaux (loi ALUR) : {_euros(works)}",
            f"# Total de l'appel : {_euros(general + lift + works)}",
            "Montant exigible au premier jour du trimestre.",
        ]
    )


def reglement(variant: int) -> bytes:
    """Co-ownership rules and division description (category ``other``)."""
    return render(
        [
            "# RÈGLEMENT DE COPROPRIÉTÉ ET ÉTAT DESCRIPTIF DE DIVISION",
            f"Immeuble sis {_address(variant)}",
            f"Acte reçu par Maître Lefèvre, notaire à Lyon, le {3 + variant} mars "
            f"{1968 + variant}.",
            "# Destination de l'immeuble",
            "L'immeuble est destiné à l'habitation bourgeoise.",
            "# Répartition des charges",
            "Les charges sont réparties au prorata des tantièmes de parties communes.",
            "# État descriptif de division",
            f"Lot n° {12 + variant} : un appartement de {2 + variant % 3} pièces et "
            f"les {140 + 6 * variant} / 10 000 des parties communes générales.",
        ]
    )


BUILDERS: dict[str, Callable[[int], bytes]] = {
    "pv_ag": pv_ag,
    "diags": diagnostics,
    "taxe_fonciere": taxe_fonciere,
    "charges": appel_de_fonds,
    "other": reglement,
}


def mixed_documents(per_category: int) -> list[tuple[str, str, bytes]]:
    """Variants of each category, interleaved: (category, file name, PDF)."""
    return [
        (category, f"{category}_{variant + 1}.pdf", build(variant))
        for variant in range(per_category)
        for category, build in BUILDERS.items()
    ]
