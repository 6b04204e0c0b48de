"""Risk factors computed by code, the overall level and the confidence."""

from __future__ import annotations

from datetime import date
from typing import Any

from common.ai.schemas import CategoryAnalysis, CoproProblem, Dpe, InstallationCheck
from common.services.synthesis_costs import compute_cost_facts
from common.services.synthesis_facts import AnalyzedDocument
from common.services.synthesis_ledger import apply_overrides
from common.services.synthesis_overrides import parse_overrides
from common.services.synthesis_risk import (
    RiskFactor,
    confidence,
    cost_factors,
    document_factors,
    risk_level,
)
from tests.synthesis_support import (
    TODAY,
    analyzed,
    charges,
    diags,
    facade_works,
    pv_ag,
    taxe,
)


def dpe(energy_class: str, **fields: Any) -> Dpe:
    values: dict[str, Any] = {
        "energy_class": energy_class,
        "issued_on": date(2024, 5, 2),
    }
    return Dpe(**{**values, **fields})


def codes(factors: list[RiskFactor]) -> dict[str, str]:
    return {factor.code: factor.severity for factor in factors}


def with_all_categories(*documents: AnalyzedDocument) -> list[AnalyzedDocument]:
    """``documents`` plus harmless ones of the categories they lack."""
    present = {document.analysis.category for document in documents}
    fillers: dict[str, CategoryAnalysis] = {
        "pv_ag": pv_ag(),
        "diags": diags(),
        "charges": charges(),
        "taxe_fonciere": taxe(),
    }
    extra = [analyzed(a) for category, a in fillers.items() if category not in present]
    return [*documents, *extra]


def factors_of(*documents: AnalyzedDocument, today: date = TODAY) -> dict[str, str]:
    return codes(document_factors(with_all_categories(*documents), today))


def cost_factor_codes(
    documents: list[AnalyzedDocument], asking_price: int | None, surface: float | None
) -> dict[str, Any]:
    costs = apply_overrides(
        compute_cost_facts(documents), parse_overrides(None), language="fr", today=TODAY
    )
    return {
        f.code: (f.severity, f.details)
        for f in cost_factors(costs, asking_price, surface)
    }


def test_dpe_g_is_already_banned_from_renting() -> None:
    factors = document_factors(
        with_all_categories(analyzed(diags(dpe=dpe("G")))), TODAY
    )

    [ban] = [factor for factor in factors if factor.code == "dpe_rental_ban"]
    assert ban.severity == "high"
    assert ban.details == {"energy_class": "G", "ban_year": 2025}


def test_dpe_f_is_high_within_three_years_of_its_ban() -> None:
    document = analyzed(diags(dpe=dpe("F")))

    assert factors_of(document, today=date(2025, 6, 2)) == {"dpe_rental_ban": "high"}
    assert factors_of(document, today=date(2024, 6, 2)) == {"dpe_rental_ban": "medium"}


def test_dpe_e_is_medium_until_2034_nears() -> None:
    assert factors_of(analyzed(diags(dpe=dpe("E")))) == {"dpe_rental_ban": "medium"}


def test_dpe_d_with_all_documents_gives_no_factor() -> None:
    assert factors_of(analyzed(diags())) == {}


def test_expired_dpe_is_a_medium_factor() -> None:
    document = analyzed(diags(dpe=dpe("C", valid_until=date(2025, 1, 1))))

    assert factors_of(document) == {"dpe_expired": "medium"}


def test_dpe_made_before_july_2021_expired_by_law_whatever_it_states() -> None:
    stated = dpe("C", issued_on=date(2019, 5, 3), valid_until=date(2029, 5, 2))

    [expired] = [
        factor
        for factor in document_factors(
            with_all_categories(analyzed(diags(dpe=stated))), TODAY
        )
        if factor.code == "dpe_expired"
    ]

    assert expired.details == {"valid_until": "2024-12-31"}


def test_latest_dpe_wins_over_an_older_one() -> None:
    old = analyzed(diags(dpe=dpe("G", issued_on=date(2019, 1, 1))))
    new = analyzed(diags(dpe=dpe("C", issued_on=date(2024, 1, 1))))

    assert factors_of(old, new) == {}


def test_diagnostics_without_dpe_flag_it_missing() -> None:
    assert factors_of(analyzed(diags(dpe=None))) == {"dpe_missing": "low"}


def test_health_and_safety_findings_are_factors() -> None:
    # given
    found = diags(
        amiante_present=True, plomb_classes=[1, 3], termites_present=True,
        electricite=InstallationCheck(anomalies=4, danger_immediat=True),
        gaz=InstallationCheck(anomalies=2),
    )  # fmt: skip
    document = analyzed(found)
    # when
    factors = document_factors(with_all_categories(document), TODAY)
    # then
    assert codes(factors) == {
        "amiante_present": "high", "plomb_risk": "high", "termites_present": "high",
        "installation_danger": "critical", "installation_anomalies": "low",
    }  # fmt: skip
    danger = next(f for f in factors if f.code == "installation_danger")
    assert danger.details == {"installation": "electricite"}
    assert danger.source_document_ids == (str(document.id),)
    assert risk_level(factors) == "critical"


def test_plomb_risk_without_class_3_is_medium() -> None:
    assert factors_of(analyzed(diags(plomb_risk=True))) == {"plomb_risk": "medium"}


def test_copro_problems_are_grouped_by_kind_across_minutes() -> None:
    # given
    litige = CoproProblem(kind="litige", description="Contentieux avec le promoteur")
    impayes = CoproProblem(kind="impayes", description="Impayés de 35 000 €")
    first = analyzed(pv_ag(problems=[litige, impayes]))
    second = analyzed(pv_ag(problems=[litige], meeting=date(2025, 5, 1)))
    # when
    factors = document_factors(with_all_categories(first, second), TODAY)
    # then
    by_kind = {f.details["kind"]: f for f in factors if f.code == "copro_problem"}
    assert by_kind["litige"].severity == "high"
    assert by_kind["litige"].details["count"] == 2
    assert set(by_kind["litige"].source_document_ids) == {str(first.id), str(second.id)}
    assert by_kind["impayes"].severity == "medium"


def test_missing_minutes_or_diagnostics_is_medium() -> None:
    factors = document_factors([analyzed(charges())], TODAY)

    [missing] = factors
    assert (missing.code, missing.severity) == ("missing_documents", "medium")
    assert missing.details == {"categories": "pv_ag, diags, taxe_fonciere"}


def test_missing_only_charges_and_tax_is_low() -> None:
    factors = document_factors([analyzed(pv_ag()), analyzed(diags())], TODAY)

    assert codes(factors) == {"missing_documents": "low"}


def test_small_voted_works_are_a_low_factor() -> None:
    # 1276.80 / 520 000 = 0.25 %
    found = cost_factor_codes([analyzed(charges()), analyzed(pv_ag())], 520_000, None)

    assert found["works_burden"] == ("low", {"amount": 1276.8, "ratio_pct": 0.25})
    assert found["unpaid_one_time_costs"][0] == "medium"


def test_voted_works_above_5_percent_of_the_price_are_high() -> None:
    # 1 800 000 x 0.0152 = 27 360 = 5.26 % of 520 000
    works = pv_ag(facade_works(amount_ttc=1_800_000, call_for_funds=[]))

    found = cost_factor_codes([analyzed(charges()), analyzed(works)], 520_000, None)

    assert found["works_burden"] == ("high", {"amount": 27_360.0, "ratio_pct": 5.26})
    assert found["unpaid_one_time_costs"] == ("high", {"amount": 27_360.0})


def test_voted_works_above_10_percent_of_the_price_are_critical() -> None:
    works = pv_ag(facade_works(amount_ttc=3_600_000, call_for_funds=[]))

    found = cost_factor_codes([analyzed(charges()), analyzed(works)], 520_000, None)

    assert found["works_burden"][0] == "critical"


def test_voted_works_without_asking_price_use_absolute_thresholds() -> None:
    works = pv_ag(facade_works(amount_ttc=1_800_000, call_for_funds=[]))

    found = cost_factor_codes([analyzed(charges()), analyzed(works)], None, None)

    assert found["works_burden"] == ("high", {"amount": 27_360.0})


def test_voted_works_with_unknown_share_are_flagged() -> None:
    no_tantiemes = charges(tantiemes_lot=None, tantiemes_total=None)

    found = cost_factor_codes(
        [analyzed(no_tantiemes), analyzed(pv_ag())], 520_000, None
    )

    assert found["works_share_unknown"][0] == "medium"
    assert found["tantiemes_unknown"][0] == "low"
    assert "works_burden" not in found


def test_charges_above_50_euros_per_m2_are_a_factor() -> None:
    # (3087.48 + 162) / 52.5 = 61.89 ; / 30 = 108.32 ; / 70 = 46.42
    documents = [analyzed(charges())]

    assert cost_factor_codes(documents, None, 52.5)["high_charges"] == (
        "medium", {"per_m2": 61.89},
    )  # fmt: skip
    assert cost_factor_codes(documents, None, 30)["high_charges"][0] == "high"
    assert "high_charges" not in cost_factor_codes(documents, None, 70)


def test_risk_level_rules() -> None:
    def level(*severities: Any) -> str:
        return risk_level([RiskFactor(f"f{n}", s) for n, s in enumerate(severities)])

    assert level() == "low"
    assert level("low", "low") == "low"
    assert level("low", "low", "low") == "medium"
    assert level("medium") == "medium"
    assert level("high", "medium") == "high"
    assert level("high", "high", "high") == "critical"
    assert level("critical") == "critical"


def test_confidence_blends_coverage_and_classification_confidence() -> None:
    # (0.9 + 0.8 + 0.5 (unknown) + 0 + 0) / 5 = 0.44
    documents = [
        analyzed(pv_ag(), confidence=0.9),
        analyzed(pv_ag(), confidence=0.7),
        analyzed(diags(), confidence=0.8),
        analyzed(charges(), confidence=None),
    ]

    assert confidence(documents) == 0.44
