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
