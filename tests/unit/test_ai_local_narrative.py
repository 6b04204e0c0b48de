"""The deterministic narrative of the local provider."""

from __future__ import annotations

from datetime import date
from typing import Any

from common.ai.local import LocalProvider
from common.ai.local_narrative import (
    PHRASES,
    format_date,
    format_decimal,
    format_eur,
    narrate,
)
from common.ai.local_narrative_documents import describe_charges, describe_pv_ag
from common.ai.schemas import ChargesAnalysis, CoproProblem, PvAgAnalysis

FACTS: dict[str, Any] = {
    "annual_costs": {"charges_copropriete": 3042.52, "taxe_fonciere": 1234},
    "annual_total": 4276.52,
    "one_time_costs": [
        {
            "description": "Ravalement",
            "amount": 1298.08,
            "status": "voted",
            "paid": False,
        }
    ],
    "one_time_total": 1298.08,
    "unpaid_total": 1298.08,
    "risk_level": "high",
    "risk_factors": [
        {
            "severity": "high",
            "description": "DPE classe F : location interdite en 2028",
        },
        {"severity": "low", "description": "Ascenseur ancien"},
    ],
    "missing_categories": ["diags"],
}


def test_format_eur_writes_each_language_convention() -> None:
    assert format_eur(1234.5, "fr") == "1 234,50 €"
    assert format_eur(1234, "fr") == "1 234 €"
    assert format_eur(1234.5, "en") == "€1,234.50"


def test_narrate_in_french_states_the_facts() -> None:
    result = narrate(FACTS, "fr")

    assert result.summary == (
        "Coûts annuels estimés : 4 276,52 €. Coûts ponctuels : 1 298,08 €. "
        "Dont non payés : 1 298,08 €. Niveau de risque : élevé."
    )
    assert "Taxe foncière : 1 234 €" in result.key_findings
    assert "Ravalement : 1 298,08 €" in result.key_findings
    assert [item.urgency for item in result.action_items] == ["high", "high", "medium"]
    assert result.action_items[-1].action == "Demander : diagnostics techniques"
    assert "travaux de l'immeuble" in result.themes


def test_narrate_in_english_uses_english_words_and_amounts() -> None:
    result = narrate(FACTS, "en")

    assert result.summary.startswith("Estimated annual costs: €4,276.52.")
    assert "Property tax: €1,234" in result.key_findings
    assert result.action_items[0].action.startswith("Ask about: DPE")


def test_narrate_is_deterministic() -> None:
    assert narrate(FACTS, "fr") == narrate(dict(FACTS), "fr")


def test_narrate_without_facts_says_so_and_invents_nothing() -> None:
    result = narrate({}, "en")

    assert result.summary == "No figures could be established from the documents."
    assert result.key_findings == [] and result.action_items == []


def test_narrate_ignores_malformed_values() -> None:
    facts = {"annual_costs": [{"key": "taxe_fonciere", "amount": "oops"}], "x": 1}

    result = LocalProvider().narrate(facts, "fr-FR")

    assert result.key_findings == []
    assert result.summary.startswith("Aucun fait chiffré")


def test_narrate_uses_the_themes_and_actions_code_already_derived() -> None:
    facts = {
        "annual_costs": [{"key": "taxe_fonciere", "label": "Taxe", "amount": 1234}],
        "risk_level": "critical",
        "themes": ["Énergie", "Travaux"],
        "action_items": [
            {"action": "Demander le DPE", "urgency": "high", "reason": "Absent"},
            {"action": "Ignoré", "urgency": "someday"},
        ],
    }

    result = narrate(facts, "fr")

    assert result.themes == ["Énergie", "Travaux"]
    assert [item.action for item in result.action_items] == ["Demander le DPE"]
    assert result.summary.endswith("Niveau de risque : critique.")
    assert result.key_findings == ["Taxe foncière : 1 234 €"]


def test_format_date_and_decimal_write_each_language_convention() -> None:
    assert (
        format_date(date(2024, 3, 1), "fr"),
        format_date(date(2024, 3, 1), "en"),
    ) == (
        "01/03/2024",
        "2024-03-01",
    )
    assert (format_decimal(52.3, "fr"), format_decimal(52.30, "en")) == ("52,3", "52.3")


def test_charges_without_period_words_ask_for_the_yearly_statement() -> None:
    facts = ChargesAnalysis(total_for_period=450.0)

    result = describe_charges(facts, "en")

    assert result.summary == "Charges of €450 for the period (? a year)."
    assert [(a.action, a.urgency) for a in result.action_items] == [
        ("Ask for the yearly statement of charges", "medium")
    ]


def test_pv_problem_words_rank_proceedings_above_claims() -> None:
    facts = PvAgAnalysis(
        problems=[
            CoproProblem(kind="sinistre", description="Dégât des eaux au 3e étage."),
            CoproProblem(kind="procedure", description="Assignation du promoteur."),
        ]
    )

    result = describe_pv_ag(facts, "fr")

    assert [risk.severity for risk in result.risk_factors] == ["medium", "high"]
    assert result.summary.startswith("Assemblée générale du ? : 0 résolution(s)")


def test_every_document_phrase_exists_in_both_languages() -> None:
    assert all(len(pair) == 2 and all(pair) for pair in PHRASES.values())
