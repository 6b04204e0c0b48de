"""The procès-verbal rules: headings, results, amounts, calls, meeting, problems."""

from __future__ import annotations

from datetime import date

import pytest

from common.ai.local_pv_ag import extract_pv_ag
from common.ai.local_text import DocumentText
from common.ai.schemas import PvAgAnalysis

PV = """Syndicat des copropriétaires de la Résidence Les Tilleuls
PROCÈS-VERBAL DE L'ASSEMBLÉE GÉNÉRALE ORDINAIRE
L'an deux mille vingt-quatre, le douze mars à dix-huit heures trente, les
copropriétaires se sont réunis sur convocation du syndic, le Cabinet Dupont Gestion,
adressée le 15 février 2024.
Ordre du jour :
1. Élection du président de séance
2. Approbation des comptes
3. Ravalement
PREMIÈRE RÉSOLUTION : Élection du président de séance
M. Bernard est élu. Adoptée à l'unanimité.
DEUXIÈME RÉSOLUTION - Approbation des comptes de l'exercice 2023
Les comptes de l'exercice clos le 31/12/2023 sont approuvés (46 210,35 €).
Résolution adoptée.
3ème résolution : Ravalement de la façade sur cour
Budget de 120 000 € HT, honoraires du syndic de 2,5 % HT soit 3 000 € HT. TVA 10 %.
Les appels de fonds seront exigibles en 4 appels trimestriels à compter du 1er
avril 2024.
Pour : 6 100 tantièmes. Contre : 900 tantièmes. La majorité de l'article 25 n'étant
pas atteinte, second vote à la majorité de l'article 24 : résolution adoptée.
4ème résolution : Remplacement de l'ascenseur
Montant des travaux : 85 000,00 € TTC. Résolution rejetée.
5ème résolution : Procédure contre M. X
Le syndic informe que la procédure de recouvrement des charges impayées de M. X
(12 450 €) est en cours devant le tribunal judiciaire.
Le solde du fonds de travaux s'élève à 18 300 € au 31/12/2023.
Sans objet.
"""


def pv_of(body: str, language: str = "fr") -> PvAgAnalysis:
    return extract_pv_ag(DocumentText.from_pages([body]), language)


def test_pv_reads_meeting_written_in_words_and_its_type_and_syndic() -> None:
    result = pv_of(PV)

    assert (result.meeting_date, result.meeting_type) == (date(2024, 3, 12), "AGO")
    assert result.syndic == "Cabinet Dupont Gestion"


def test_pv_reads_ordinal_headings_after_the_agenda_with_their_results() -> None:
    result = pv_of(PV)

    assert [(r.number, r.result) for r in result.resolutions] == [
        ("1", "adoptee"),
        ("2", "adoptee"),
        ("3", "adoptee"),
        ("4", "rejetee"),
        ("5", "unknown"),
    ]


def test_voted_works_amount_is_converted_from_ht_without_the_fees() -> None:
    [works] = pv_of(PV).works

    assert (works.resolution_number, works.amount_ttc, works.status) == (
        "3",
        132_000.0,
        "voted",
    )
    assert [(call.due_date, call.amount) for call in works.call_for_funds] == [
        (date(2024, 4, 1), 33_000.0),
        (date(2024, 7, 1), 33_000.0),
        (date(2024, 10, 1), 33_000.0),
        (date(2025, 1, 1), 33_000.0),
    ]


def test_pv_reads_fonds_balance_and_problems() -> None:
    result = pv_of(PV)

    assert result.fonds_travaux_balance == 18_300.0
    [problem] = result.problems
    assert (problem.kind, problem.amount) == ("impayes", 12_450.0)


def test_pv_words_in_english_state_works_calls_and_actions() -> None:
    result = pv_of(PV, "en")

    assert result.summary == (
        "General meeting of 2024-03-12: 5 resolution(s), 1 works voted for €132,000."
    )
    assert "Works voted: Ravalement de la façade sur cour (€132,000)." in (
        result.key_findings
    )
    assert result.action_items[0].urgency == "high"
    assert (
        result.resolutions[2].amount_note == "€120,000 excl. VAT converted at 10 % VAT"
    )


@pytest.mark.parametrize(
    "heading",
    ["Résolution n° 7 :", "RÉSOLUTION 7 -", "7ème résolution :", "7e résolution",
     "Septième résolution :", "Question n°7 :"],
)  # fmt: skip
def test_resolution_headings_in_their_usual_forms(heading: str) -> None:
    body = (
        f"Procès-verbal de l'assemblée générale du 5 juin 2023\n{heading} Toiture\n"
        "Réfection de la toiture pour 48 000 € TTC. Adoptée."
    )

    result = pv_of(body)

    assert [(r.number, r.result, r.amount_ttc) for r in result.resolutions] == [
        ("7", "adoptee", 48_000.0)
    ]


def test_numbered_lines_are_resolutions_when_no_other_heading_exists() -> None:
    body = (
        "Assemblée générale du 5 juin 2023\n1 - Élection du président\nAdoptée.\n"
        "2 - Travaux de toiture : 30 000 € TTC, appel de fonds le 01/09/2023 (100 %)."
        "\nAdoptée.\n3 - Questions diverses\nSans objet."
    )

    result = pv_of(body)

    assert [r.number for r in result.resolutions] == ["1", "2", "3"]
    assert [(c.due_date, c.amount) for c in result.works[0].call_for_funds] == [
        (date(2023, 9, 1), 30_000.0)
    ]


def test_a_reference_to_an_earlier_resolution_is_not_a_heading() -> None:
    body = (
        "Assemblée générale du 5 juin 2023\nRésolution n° 6 : Ravalement\n"
        "Travaux votés.\nrésolution n° 2 de l'assemblée du 3 mars 2022 rappelée.\n"
        "Montant : 50 000 € TTC. Adoptée."
    )

    [resolution] = pv_of(body).resolutions

    assert (resolution.number, resolution.amount_ttc) == ("6", 50_000.0)


def test_total_label_wins_over_a_larger_other_amount() -> None:
    body = (
        "Résolution n° 4 : Ravalement\nLe fonds de travaux dispose de 150 000 €.\n"
        "Montant total des travaux : 96 000 € TTC. Adoptée."
    )

    assert pv_of(body).works[0].amount_ttc == 96_000.0


def test_calls_with_shares_written_before_the_dates() -> None:
    body = (
        "Assemblée générale du 12 mars 2024\nRésolution n° 4 : Réfection de la "
        "toiture\nMontant : 40 000 € TTC. Appels de fonds : 30 % le 01/05/2024 et "
        "70 % le 01/10/2024. Adoptée."
    )

    calls = pv_of(body).works[0].call_for_funds

    assert [(c.due_date, c.amount) for c in calls] == [
        (date(2024, 5, 1), 12_000.0),
        (date(2024, 10, 1), 28_000.0),
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Procès-verbal de l'assemblée générale du 12/03/2024", date(2024, 3, 12)),
        (
            "Convoqués par lettre du 10 février 2024, les copropriétaires se sont "
            "réunis le 12 mars 2024 à 18 h.",
            date(2024, 3, 12),
        ),
        ("AGE du 5 novembre 2023 - Compte rendu", date(2023, 11, 5)),
    ],
)
def test_meeting_date_is_the_one_tied_to_the_meeting(line: str, expected: date) -> None:
    assert pv_of(line + "\nRésolution n° 1 : Président. Adoptée.").meeting_date == (
        expected
    )


def test_fonds_contribution_and_budget_of_adopted_resolutions() -> None:
    body = (
        "Résolution n° 3 : Budget prévisionnel 2024\nBudget de 48 500 €. Adoptée.\n"
        "Résolution n° 4 : Cotisation au fonds de travaux\n2 425 € par an. Adoptée."
    )

    result = pv_of(body)

    assert (result.annual_budget, result.fonds_travaux_contribution) == (
        48_500.0,
        2_425.0,
    )
    assert result.works == []


def voted_amounts(resolution_body: str) -> list[float | None]:
    body = "Procès-verbal de l'assemblée générale du 14 mai 2024\n" + resolution_body
    return [works.amount_ttc for works in pv_of(body).works if works.status == "voted"]


@pytest.mark.parametrize(
    "resolution",
    [
        "Résolution n° 9 : Ravalement des façades\nAprès examen des devis, "
        "l'assemblée générale retient l'offre de la société Façades Durand pour "
        "68.940,00 € TTC, l'offre de la société Bâti Plus (74.112,00 € TTC) "
        "n'étant pas retenue.\nCette résolution est adoptée.",
        "Résolution n° 9 : Ravalement des façades\nL'assemblée retient le devis de "
        "l'entreprise Durand d'un montant de 68 940 € TTC et écarte le devis de la "
        "société Bâti Plus à 74 112 € TTC.\nAdoptée à la majorité de l'article 25.",
        "Résolution n° 9 : Ravalement des façades\nL'offre de la société Bâti Plus, "
        "d'un montant de 74 112,00 € TTC, n'est pas retenue. L'assemblée confie les "
        "travaux à la société Durand pour 68 940,00 € TTC.\nRésolution adoptée.",
        "Résolution n° 9 : Ravalement des façades\nL'assemblée choisit l'entreprise "
        "Durand (68 940 € TTC) de préférence à l'offre concurrente de la société "
        "Bâti Plus (74 112 € TTC).\nAdoptée.",
        "Résolution n° 9 : Ravalement des façades\nOffres reçues : Bâti Plus "
        "74 112 € TTC (écartée), Durand 68 940 € TTC (retenue).\nAdoptée.",
    ],
)
def test_the_retained_offer_is_voted_never_a_competing_one(resolution: str) -> None:
    assert voted_amounts(resolution) == [68_940.0]


@pytest.mark.parametrize(
    ("resolution", "expected"),
    [
        (
            "Résolution n° 9 : Réfection de la cage d'escalier\nL'assemblée décide de "
            "réaliser les travaux pour un montant de 14\n300,00 € TIC.\nAdoptée.",
            14_300.0,
        ),
        (
            "Résolution n° 9 : Réfection de la cage d'escalier\nBudget voté : 1\n"
            "214 300 € TTC, honoraires compris.\nAdoptée.",
            1_214_300.0,
        ),
        (
            "Résolution n° 9 : Réfection de la cage d'escalier\nMontant des travaux :"
            "\n27 845,12 € TTC\nAdoptée.",
            27_845.12,
        ),
        (
            "Résolution n° 9 : Remplacement de l'interphone\n| Entreprise | Montant "
            "TTC |\n| Interphonie 2000 | 27.845,12 € |\nAdoptée.",
            27_845.12,
        ),
        (
            "Résolution n° 9 : Remplacement de l'interphone\nCoût TTC :27\u202f845,12"
            "\u00a0€ pour l'ensemble.\nAdoptée.",
            27_845.12,
        ),
    ],
)
def test_amounts_keep_their_thousands_wherever_lines_wrap(
    resolution: str, expected: float
) -> None:
    assert voted_amounts(resolution) == [expected]


@pytest.mark.parametrize(
    "resolution",
    [
        "Résolution n° 9 : Sécurité des parties communes\nSystème de "
        "vidéosurveillance des halls \u2013 Devis n° 2024-118 de la société "
        "Sécurimed : 9\u202f840,00\u00a0€ TTC, maintenance comprise.\n"
        "Cette résolution est adoptée à l'unanimité.",
        "Résolution n° 9 : Vidéo-surveillance des halls\nDevis Sécurimed : "
        "9\u00a0840,00 € TTC, maintenance comprise.\nAdoptée.",
        "Résolution n° 9 : Halls d'entrée\nL'assemblée accepte l'offre de "
        "l'entreprise Sécurimed pour 9 840,00 € TTC.\nRésolution adoptée.",
    ],
)
def test_a_chosen_quote_ttc_is_voted_works_without_a_works_word(
    resolution: str,
) -> None:
    assert voted_amounts(resolution) == [9_840.0]


def test_a_service_contract_priced_by_the_year_is_no_works() -> None:
    resolution = (
        "Résolution n° 9 : Contrat d'entretien des espaces verts\nOffre de la "
        "société Jardins Verts retenue pour 2 400,00 € TTC par an.\nAdoptée."
    )

    assert voted_amounts(resolution) == []


@pytest.mark.parametrize(
    "schedule",
    [
        "Les fonds seront appelés selon l'échéancier suivant :\n"
        "1er appel au 01/07/2024 21 633,33 €\n2e appel au 01/10/2024 21 633,33 €\n"
        "3e appel au 01/01/2025 21 633,34 €",
        "Échéance Date Montant\nler appel 01/07/2024 21 633,33 €\n"
        "2ème appel 01/10/2024 21 633,33 €\n3ème appel 01/01/2025 21 633,34 €",
        "Acompte à la commande : 32 450 € ; solde à la réception : 32 450 €.",
    ],
)
def test_the_works_amount_is_the_stated_total_not_a_schedule_row(
    schedule: str,
) -> None:
    resolution = (
        "Résolution n° 9 : Ravalement de la façade rue\nL'assemblée vote les "
        f"travaux pour un montant de 64 900 € TTC.\n{schedule}\nAdoptée."
    )

    assert voted_amounts(resolution) == [64_900.0]


@pytest.mark.parametrize(
    "verdict",
    [
        "L'assemblée ajourne la décision à la prochaine assemblée.",
        "La décision est ajournée faute de devis comparatifs.",
        "L'assemblée décide de reporter ce point.",
        "L'assemblée reporte sa décision dans l'attente du rapport.",
        "L'assemblée décide de surseoir à statuer.",
    ],
)
def test_a_postponed_decision_is_reportee(verdict: str) -> None:
    body = (
        "Résolution n° 6 : Remplacement de l'ascenseur\nDevis : 85 000 € TTC.\n"
        + verdict
    )

    [resolution] = pv_of(body).resolutions

    assert resolution.result == "reportee"


def test_an_amount_carried_forward_after_the_verdict_is_no_postponement() -> None:
    body = (
        "Résolution n° 2 : Approbation des comptes\nRésolution adoptée. Le solde "
        "sera reporté sur l'exercice suivant."
    )

    assert pv_of(body).resolutions[0].result == "adoptee"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Syndic : Cabinet Dupont Gestion, 12 rue de la Paix, 75002 Paris",
         "Cabinet Dupont Gestion"),
        ("La société IMMO GESTION SAS, syndic de l'immeuble, est représentée par "
         "M. Martin.", "IMMO GESTION SAS"),
        ("Le syndic FONCIA Lyon Ouest présente le budget.", "FONCIA Lyon Ouest"),
        ("CABINET LAFONT - Syndic de copropriété - 4 place Bellecour",
         "CABINET LAFONT"),
        ("L'assemblée désigne en qualité de syndic la société Gestimmo SARL pour "
         "un an.", "Gestimmo SARL"),
        ("Le syndic sortant, l'Agence du Centre, est reconduit.", "Agence du Centre"),
        ("Mandat de syndic confié au Cabinet Martin & Fils.", "Cabinet Martin & Fils"),
    ],
)  # fmt: skip
def test_the_syndic_is_a_company_name(line: str, expected: str) -> None:
    assert pv_of(line).syndic == expected


@pytest.mark.parametrize(
    "line",
    [
        "L'assemblée donne quitus au syndic pour sa gestion de l'exercice 2023.",
        "Résolution n° 5 : Désignation du syndic\nRésolution adoptée.",
        "DÉSIGNATION DU SYNDIC ET APPROBATION DE SON CONTRAT",
        "Le syndic rappelle que les charges sont payables d'avance.",
        "Pour le Syndic, La Présidente",
    ],
)
def test_a_clause_or_a_heading_is_no_syndic(line: str) -> None:
    assert pv_of(line).syndic is None
