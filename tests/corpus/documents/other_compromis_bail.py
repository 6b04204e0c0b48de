"""Contracts that quote the other documents: a compromis de vente (price, deposit,
loan condition, the DPE class and consumption, charges and taxe foncière pro rata)
and a residential lease (rent, monthly charges provision, deposit, DPE class)."""

from __future__ import annotations

from tests.corpus import blocks as b
from tests.corpus.faces import DEJAVU_SANS, TIMES
from tests.corpus.forms import NBSP, NNBSP
from tests.corpus.layout import Chrome, build_pdf
from tests.corpus.model import CorpusDocument

_COMPROMIS: list[b.Block] = [
    b.Title("COMPROMIS DE VENTE"),
    b.Para(
        "(promesse synallagmatique de vente sous conditions suspensives)",
        align="center",
    ),
    b.Heading("ENTRE LES SOUSSIGNÉS"),
    b.Para(
        "M. Paul GUÉRIN, né le 3 février 1961 à Angers, demeurant "
        "17 boulevard Guist'hau, 44000 Nantes, ci-après « le VENDEUR "
        "»,"
    ),
    b.Para(
        "ET Mme Léa MORVAN et M. Hugo CADIOU, demeurant 9 rue Kervégan, "
        "44000 Nantes, ci-après « l'ACQUÉREUR »."
    ),
    b.Heading("DÉSIGNATION"),
    b.Para(
        "Dans un ensemble immobilier en copropriété sis 17 boulevard "
        "Guist'hau, 44000 Nantes, cadastré section HK n° 54 : le "
        "lot n° 23, un appartement de 4 pièces au 2e étage, et les "
        "238 / 10 000 des parties communes générales ; le lot n° "
        "61, une cave, et les 6 / 10 000. Superficie privative (loi "
        "Carrez) : 71,35 m²."
    ),
    b.Heading("PRIX"),
    b.Para(
        "La vente est consentie moyennant le prix de 312 000 € (trois "
        "cent douze mille euros), dont 4 500 € de mobilier. Un dépôt "
        "de garantie de 15 600 € est versé ce jour entre les mains "
        "de Maître Sophie Garnier, notaire, séquestre."
    ),
    b.Heading("CONDITION SUSPENSIVE D'OBTENTION DE PRÊT"),
    b.Para(
        "L'acquéreur déclare financer l'acquisition au moyen d'un "
        "prêt de 250 000 € sur 25 ans au taux nominal maximal de "
        "4,20 % l'an, hors assurance. La condition devra être réalisée "
        "au plus tard le 31/07/2024."
    ),
    b.Heading("DIAGNOSTICS"),
    b.Para(
        "Le dossier de diagnostic technique établi le 04/04/2024 "
        "par le Cabinet Diag Atlantique est annexé. Le diagnostic "
        "de performance énergétique classe le logement en classe "
        "D (172 kWh/m²/an, 31 kg CO2/m²/an). Le repérage amiante "
        "révèle des dalles de sol contenant de l'amiante."
    ),
    b.Heading("COPROPRIÉTÉ -- CHARGES ET IMPÔTS"),
    b.Para(
        "Le budget prévisionnel de la copropriété s'élève à 59 368,64 "
        "€ ; la quote-part annuelle du lot vendu est d'environ 2 "
        "306 €. L'acquéreur remboursera au vendeur la taxe foncière "
        "2024 (1 249 €) au prorata temporis à compter du jour de "
        "la signature de l'acte authentique."
    ),
    b.Heading("RÉITÉRATION"),
    b.Para(
        "L'acte authentique sera signé au plus tard le 15/09/2024 "
        "en l'étude de Maître Sophie Garnier, 2 rue de Strasbourg, "
        "44000 Nantes. Fait à Nantes, le 22/05/2024, en trois exemplaires."
    ),
]
_BAIL: list[b.Block] = [
    b.Title("CONTRAT DE LOCATION\nLogement nu -- résidence principale"),
    b.Para(
        ("(soumis au titre Ier bis de la loi n° 89-462 du 6 juillet 1989)"),
        align="center",
        size=8,
    ),
    b.Heading("I. Désignation des parties"),
    b.Para(
        "Bailleur : SCI Les Alpes, 2 place Grenette, 38000 Grenoble, "
        "représentée par son gérant."
    ),
    b.Para("Locataire : M. Théo BLANC, né le 12/08/1998."),
    b.Heading("II. Objet du contrat"),
    b.Para(
        "Appartement d'une pièce au 5e étage, 14 rue Lesdiguières, "
        "38000 Grenoble. Surface habitable : 31,6 m². Chauffage "
        "et eau chaude individuels électriques."
    ),
    b.Para(
        "Performance énergétique du logement : classe G (452 kWh/m²/an). "
        "Montant estimé des dépenses annuelles d'énergie : entre "
        f"1{NNBSP}640{NBSP}€ et 2{NNBSP}260{NBSP}€."
    ),
    b.Heading("III. Date de prise d'effet et durée"),
    b.Para("Le contrat prend effet le 1er septembre 2023 pour une durée de trois ans."),
    b.Heading("IV. Conditions financières"),
    b.LabelValues(
        [
            ("Loyer mensuel hors charges", f"540,00{NBSP}€"),
            (
                "Provision sur charges récupérables (régularisation annuelle)",
                f"45,00{NBSP}€ par mois",
            ),
            ("Total mensuel", f"585,00{NBSP}€"),
            ("Dépôt de garantie", f"540,00{NBSP}€"),
            ("Terme de paiement", "le 5 de chaque mois, à échoir"),
        ],
        mode="table",
    ),
    b.Para(
        "Zone d'encadrement des loyers : non. Le loyer du logement "
        "ne pourra pas être augmenté en cours de bail, le logement "
        "étant classé G (article 159 de la loi Climat et résilience)."
    ),
    b.Para("Fait à Grenoble, le 25/08/2023, en deux originaux."),
]


def _compromis() -> bytes:
    return build_pdf(
        _COMPROMIS,
        face=TIMES,
        size=11,
        chrome=Chrome(
            header_left="Compromis GUÉRIN / MORVAN-CADIOU",
            footer_left="Paraphes :",
            footer_right="Page {page} sur {pages}",
        ),
    )


def _bail() -> bytes:
    return build_pdf(_BAIL, face=DEJAVU_SANS, size=9.5, chrome=Chrome())


COMPROMIS = CorpusDocument(
    name="other_04_nantes_compromis_de_vente",
    extension="pdf",
    build=_compromis,
    expected={"category": "other", "document_type": "compromis"},
)
BAIL = CorpusDocument(
    name="other_06_grenoble_bail_habitation",
    extension="pdf",
    build=_bail,
    expected={"category": "other", "document_type": "bail"},
)
