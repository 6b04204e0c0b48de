"""Themes and action items from risk factors; the words of the synthesis."""

from __future__ import annotations

from common.services.synthesis_advice import advice, themes
from common.services.synthesis_risk import RiskFactor
from common.services.synthesis_texts import annual_label, describe_factor, format_money

FACTORS = [
    RiskFactor("missing_documents", "low", details={"categories": "taxe_fonciere"}),
    RiskFactor("copro_problem", "high", details={"kind": "litige", "count": 1}),
    RiskFactor("installation_danger", "critical", details={"installation": "gaz"}),
    RiskFactor(
        "dpe_rental_ban", "high", details={"energy_class": "G", "ban_year": 2025}
    ),
    RiskFactor("tantiemes_unknown", "low"),
]


def test_themes_are_ordered_by_their_most_severe_factor() -> None:
    found = themes(FACTORS, "en")

    assert [(t.code, t.severity) for t in found] == [
        ("health_safety", "critical"),
        ("legal", "high"),
        ("energy", "high"),
        ("documentation", "low"),
    ]
    assert found[0].label == "Health and safety"


def test_advice_has_one_item_per_action_with_urgency_from_severity() -> None:
    found = advice(FACTORS, "fr")

    assert [(a.code, a.urgency) for a in found] == [
        ("fix_installation_danger", "high"),
        ("ask_syndic_procedures", "high"),
        ("plan_energy_renovation", "high"),
        ("obtain_missing_documents", "low"),
        ("get_tantiemes", "low"),
    ]
    assert found[0].reason == "L'installation de gaz présente un danger immédiat."


def test_format_money_in_french_and_english() -> None:
    assert format_money(1234.5, "fr") == "1\u202f234,50\u00a0€"
    assert format_money(1234.5, "en") == "€1,234.50"


def test_describe_factor_formats_amounts_ratio_and_categories() -> None:
    works = describe_factor(
        "works_burden", {"amount": 27360.0, "ratio_pct": 5.26}, "en"
    )
    french = describe_factor(
        "works_burden", {"amount": 27360.0, "ratio_pct": 5.26}, "fr"
    )
    missing = describe_factor("missing_documents", {"categories": "pv_ag, diags"}, "fr")

    assert works == "Voted works: €27,360.00 for this lot (5.26\u00a0% of the price)."
    assert (
        french
        == "Travaux votés : 27\u202f360,00\u00a0€ pour ce lot (5,26\u00a0% du prix)."
    )
    assert missing == "Documents clés manquants : PV d'AG, diagnostics."


def test_describe_factor_with_missing_details_falls_back_to_the_code() -> None:
    assert describe_factor("works_burden", {}, "fr") == "works_burden"


def test_annual_labels_follow_the_language() -> None:
    assert annual_label("fonds_travaux", "fr") == "Fonds de travaux (ALUR)"
    assert annual_label("fonds_travaux", "en") == "Works fund (ALUR)"
