"""Documents of the copropriété that are neither minutes nor charges: a notarial
règlement de copropriété (articles on charges, general meetings, works, tantièmes per
lot) and a syndic contract on the regulatory model (fees, duration, meetings)."""

from __future__ import annotations

from tests.corpus import blocks as b
from tests.corpus.faces import HELVETICA, TIMES
from tests.corpus.layout import Chrome, build_pdf
from tests.corpus.model import CorpusDocument

_REGLEMENT: list[b.Block] = [
    b.Title("RÈGLEMENT DE COPROPRIÉTÉ\nET ÉTAT DESCRIPTIF DE DIVISION"),
    b.Para(
        ("Immeuble sis à Nantes (Loire-Atlantique), 17 boulevard Guist'hau"),
        align="center",
    ),
    b.Para(
        "L'an mil neuf cent soixante-deux, le douze octobre, Maître René Bouvier, "
        "notaire à Nantes, a reçu le présent acte à la requête de la Société Civile "
        "Immobilière du Sillon, propriétaire de l'immeuble.",
        align="justify",
    ),
    b.Heading("PREMIÈRE PARTIE -- DÉSIGNATION ET DIVISION DE L'IMMEUBLE"),
    b.Para(
        (
            "Article 1er. L'immeuble comprend un bâtiment de six étages "
            "sur rez-de-chaussée et sous-sol, élevé sur un terrain cadastré "
            "section HK n° 54 pour 8 a 12 ca."
        ),
        align="justify",
    ),
    b.Para(
        (
            "Article 2. L'immeuble est divisé en quarante-huit lots "
            "dont la désignation et la quote-part des parties communes "
            "figurent à l'état descriptif ci-après."
        ),
        align="justify",
    ),
    b.Grid(
        [
            [
                "Lot",
                "Bâtiment / étage",
                "Nature",
                "Tantièmes généraux",
                "Tantièmes ascenseur",
            ],
            ["1", "RDC", "Local commercial", "412 / 10 000", "0 / 1 000"],
            ["7", "1er étage", "Appartement 4 pièces", "241 / 10 000", "24 / 1 000"],
            ["23", "2e étage", "Appartement 4 pièces", "238 / 10 000", "31 / 1 000"],
            ["61", "Sous-sol", "Cave", "6 / 10 000", "0 / 1 000"],
        ],
        widths=[0.08, 0.2, 0.28, 0.22, 0.22],
    ),
    b.Heading("DEUXIÈME PARTIE -- DROITS ET OBLIGATIONS DES COPROPRIÉTAIRES"),
    b.Para(
        (
            "Article 9. Chaque copropriétaire dispose des parties privatives "
            "comprises dans son lot ; il peut en jouir librement à condition "
            "de ne nuire ni aux droits des autres copropriétaires ni "
            "à la destination de l'immeuble."
        ),
        align="justify",
    ),
    b.Para(
        (
            "Article 12. Les travaux affectant les parties communes "
            "ou l'aspect extérieur de l'immeuble ne peuvent être réalisés "
            "qu'avec l'autorisation de l'assemblée générale donnée à "
            "la majorité de l'article 25."
        ),
        align="justify",
    ),
    b.Heading("TROISIÈME PARTIE -- CHARGES COMMUNES"),
    b.Para(
        (
            "Article 15. Les charges communes générales (entretien, "
            "conservation et administration des parties communes, honoraires "
            "du syndic, primes d'assurance) sont réparties au prorata "
            "des tantièmes généraux."
        ),
        align="justify",
    ),
    b.Para(
        (
            "Article 16. Les charges d'ascenseur sont réparties entre "
            "les lots desservis selon les tantièmes ascenseur, qui tiennent "
            "compte de l'étage. Les lots du rez-de-chaussée et du sous-sol "
            "n'y participent pas."
        ),
        align="justify",
    ),
    b.Para(
        (
            "Article 18. Chaque copropriétaire verse au syndic des provisions "
            "égales au quart du budget prévisionnel voté, exigibles "
            "le premier jour de chaque trimestre."
        ),
        align="justify",
    ),
    b.Heading("QUATRIÈME PARTIE -- ADMINISTRATION DE L'IMMEUBLE"),
    b.Para(
        (
            "Article 22. Les copropriétaires se réunissent en assemblée "
            "générale au moins une fois par an, sur convocation du syndic, "
            "qui établit le procès-verbal des délibérations."
        ),
        align="justify",
    ),
    b.Para(
        (
            "Article 25. Le syndic est nommé par l'assemblée générale "
            "; il assure l'exécution du règlement et des décisions de "
            "l'assemblée."
        ),
        align="justify",
    ),
    b.Para(
        (
            "Modificatif publié au service de la publicité foncière "
            "de Nantes 1 le 03/05/2011, volume 2011 P n° 4512."
        ),
        size=8,
    ),
]
_CONTRAT: list[b.Block] = [
    b.Title("CONTRAT DE SYNDIC", size=16),
    b.Para(
        (
            "(contrat type prévu à l'article 18-1 A de la loi n° 65-557 "
            "du 10 juillet 1965)"
        ),
        align="center",
        size=8,
    ),
    b.Heading("Entre les soussignés"),
    b.Para(
        "Le syndicat des copropriétaires de la résidence Le Sillon, "
        "17 boulevard Guist'hau, 44000 Nantes, représenté par Mme "
        "Claire Guérin, présidente du conseil syndical, mandatée "
        "par l'assemblée générale du 14/06/2023,"
    ),
    b.Para(
        "Et la SAS Atlantique Syndic, 6 quai de la Fosse, 44000 "
        "Nantes, titulaire de la carte professionnelle n° CPI 4401 "
        "2017 000 019 442, garantie financière de 500 000 € souscrite "
        "auprès de la CEGC."
    ),
    b.Heading("1. Durée du contrat"),
    b.Para(
        "Le présent contrat est conclu pour une durée de 3 ans, "
        "du 14/06/2023 au 13/06/2026. Il ne peut être renouvelé "
        "tacitement."
    ),
    b.Heading("2. Forfait annuel"),
    b.Para(
        "La rémunération forfaitaire annuelle est fixée à 4 680,00 "
        "€ TTC (3 900,00 € HT), révisable chaque année selon l'indice "
        "des prix à la consommation. Elle comprend la tenue d'une "
        "assemblée générale annuelle de 3 heures et 4 visites de "
        "l'immeuble."
    ),
    b.Heading("3. Prestations particulières"),
    b.Grid(
        [
            ["Prestation", "Tarif TTC"],
            ["Assemblée générale supplémentaire", "480,00 €"],
            ["Établissement de l'état daté", "380,00 €"],
            ["Suivi de travaux votés (article 18-1 A)", "2,5 % HT du montant HT"],
            ["Relance après mise en demeure", "18,00 €"],
        ],
        widths=[0.65, 0.35],
    ),
    b.Para("Fait à Nantes, le 14/06/2023, en deux exemplaires."),
]


def _reglement() -> bytes:
    return build_pdf(
        _REGLEMENT,
        face=TIMES,
        size=11,
        chrome=Chrome(
            header_right="Règlement de copropriété -- 17 bd Guist'hau",
            footer_right="- {page} -",
        ),
    )


def _contrat() -> bytes:
    return build_pdf(_CONTRAT, face=HELVETICA, size=10, chrome=Chrome())


REGLEMENT = CorpusDocument(
    name="other_01_nantes_reglement_copropriete",
    extension="pdf",
    build=_reglement,
    expected={"category": "other", "document_type": "reglement_copropriete"},
)
CONTRAT = CorpusDocument(
    name="other_08_nantes_contrat_syndic",
    extension="pdf",
    build=_contrat,
    expected={"category": "other", "document_type": "contrat"},
)
