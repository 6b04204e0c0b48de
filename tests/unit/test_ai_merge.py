"""Deterministic merge of the analyses of a long PDF's page chunks."""

from __future__ import annotations

from datetime import date

import pytest

from common.ai.merge import (
    any_true,
    fill_missing,
    first_present,
    merge_analyses,
    merge_charges,
    merge_diags,
    merge_other,
    merge_pv_ag,
    merge_taxe_fonciere,
    unique,
)
from common.ai.schemas import (
    ChargesAnalysis,
    DiagsAnalysis,
    Dpe,
    FinancialObligation,
    InstallationCheck,
    KeyDate,
    OtherAnalysis,
    PvAgAnalysis,
    Resolution,
    RiskFactor,
    TaxBreakdown,
    TaxeFonciereAnalysis,
    Works,
)


def test_first_present_skips_nulls_and_the_given_absent_values() -> None:
    assert first_present([None, 3, 4]) == 3
    assert first_present(["unknown", "AGE"], (None, "unknown")) == "AGE"
    assert first_present([None, None]) is None


def test_any_true_is_true_if_one_says_true_else_first_known() -> None:
    assert any_true([False, None, True]) is True
    assert any_true([None, False]) is False
    assert any_true([None, None]) is None


def test_fill_missing_takes_only_the_null_or_unknown_fields() -> None:
    first = Resolution(number="4", subject="Ravalement", amount_ttc=None)
    later = Resolution(number="4", subject="Autre", amount_ttc=85_400, result="adoptee")

    merged = fill_missing(first, later)

    assert merged == Resolution(
        number="4", subject="Ravalement", amount_ttc=85_400, result="adoptee"
    )


def test_unique_keeps_order_and_first_of_each_key() -> None:
    items = ["Ravalement voté", "Toiture", "ravalement  VOTÉ", "Ascenseur"]

    assert unique(items) == ["Ravalement voté", "Toiture", "Ascenseur"]


def _pv_ag_chunks() -> list[PvAgAnalysis]:
    """Three chunks of minutes; resolution 2 straddles the first two."""
    first = PvAgAnalysis(
        summary="Début.",
        resolutions=[
            Resolution(number="1", subject="Président"),
            Resolution(number="2", subject="Ravalement"),
        ],
        risk_factors=[RiskFactor(severity="high", description="Ravalement voté")],
    )
    second = PvAgAnalysis(
        summary="Suite.",
        meeting_date=date(2024, 3, 12),
        meeting_type="AGO",
        resolutions=[
            Resolution(
                number="2", subject="Ravalement", amount_ttc=85_400, result="adoptee"
            ),
            Resolution(number="3", subject="Toiture", result="rejetee"),
        ],
        works=[
            Works(
                description="Ravalement",
                amount_ttc=85_400,
                status="voted",
                resolution_number="2",
            )
        ],
        risk_factors=[RiskFactor(severity="high", description="ravalement VOTÉ")],
    )
    third = PvAgAnalysis(
        summary="Fin.", meeting_date=date(2023, 1, 1), syndic="Cabinet Dupont"
    )

    return [first, second, third]


def test_merge_pv_ag_concatenates_in_page_order_and_takes_first_facts() -> None:
    merged = merge_pv_ag(_pv_ag_chunks())

    assert merged.summary == "Début.\n\nSuite.\n\nFin."
    assert merged.meeting_date == date(2024, 3, 12)
    assert merged.meeting_type == "AGO"
    assert merged.syndic == "Cabinet Dupont"
    assert [(r.number, r.amount_ttc, r.result) for r in merged.resolutions] == [
        ("1", None, "unknown"),
        ("2", 85_400, "adoptee"),
        ("3", None, "rejetee"),
    ]
    assert len(merged.works) == 1
    assert len(merged.risk_factors) == 1


def test_merge_diags_unions_lists_and_any_hazard_wins() -> None:
    first = DiagsAnalysis(
        diagnostics_present=["dpe", "amiante"],
        dpe=Dpe(energy_class="F"),
        amiante_present=False,
        electricite=InstallationCheck(anomalies=3, details=["Prise sans terre"]),
    )
    second = DiagsAnalysis(
        diagnostics_present=["amiante", "carrez"],
        dpe=Dpe(energy_class="D", energy_kwh_m2_year=380),
        amiante_present=True,
        electricite=InstallationCheck(danger_immediat=True, details=["Fil nu"]),
        carrez_surface_m2=52.3,
    )

    merged = merge_diags([first, second])

    assert merged.diagnostics_present == ["dpe", "amiante", "carrez"]
    assert merged.dpe == Dpe(energy_class="F", energy_kwh_m2_year=380)
    assert merged.amiante_present is True
    assert merged.electricite == InstallationCheck(
        anomalies=3, danger_immediat=True, details=["Prise sans terre", "Fil nu"]
    )
    assert merged.carrez_surface_m2 == 52.3
    assert merged.gaz is None


def test_merge_taxe_fonciere_takes_first_total_and_fills_the_breakdown() -> None:
    first = TaxeFonciereAnalysis(tax_year=2024, breakdown=TaxBreakdown(commune=745))
    second = TaxeFonciereAnalysis(
        tax_year=2023, total_amount=1_234, breakdown=TaxBreakdown(commune=1, teom=290)
    )

    merged = merge_taxe_fonciere([first, second])

    assert (merged.tax_year, merged.total_amount) == (2024, 1_234)
    assert merged.breakdown == TaxBreakdown(commune=745, teom=290)


def test_merge_charges_takes_the_first_stated_period_type() -> None:
    first = ChargesAnalysis(lot_number="12")
    second = ChargesAnalysis(period_type="quarterly", total_for_period=760.63)
    third = ChargesAnalysis(period_type="annual", total_for_period=1.0)

    merged = merge_charges([first, second, third])

    assert merged.period_type == "quarterly"
    assert merged.total_for_period == 760.63
    assert merged.lot_number == "12"


def test_merge_other_takes_the_first_specific_type_and_deduplicates() -> None:
    obligation = FinancialObligation(description="Quote-part travaux", amount=1_200)
    key_date = KeyDate(day=date(2024, 6, 1), description="Signature")
    first = OtherAnalysis(financial_obligations=[obligation], key_dates=[key_date])
    second = OtherAnalysis(
        document_type="etat_date",
        financial_obligations=[obligation],
        key_dates=[key_date],
    )

    merged = merge_other([first, second])

    assert merged.document_type == "etat_date"
    assert merged.financial_obligations == [obligation]
    assert merged.key_dates == [key_date]


def test_merge_cuts_lists_to_the_schema_maximum() -> None:
    parts = [
        PvAgAnalysis(key_findings=[f"Fait {chunk}-{item}" for item in range(15)])
        for chunk in range(3)
    ]

    merged = merge_pv_ag(parts)

    assert len(merged.key_findings) == 20
    assert merged.key_findings[0] == "Fait 0-0"


def test_merge_is_deterministic_for_the_same_parts() -> None:
    parts = [
        ChargesAnalysis(summary="A", charges_generales=1.0),
        ChargesAnalysis(summary="B", charges_speciales=2.0),
    ]

    assert merge_charges(parts) == merge_charges(list(parts))


def test_merge_analyses_of_one_part_returns_it() -> None:
    part = TaxeFonciereAnalysis(total_amount=1_234)

    assert merge_analyses("taxe_fonciere", [part]) is part


def test_merge_analyses_refuses_parts_of_another_category() -> None:
    with pytest.raises(TypeError):
        merge_analyses("pv_ag", [PvAgAnalysis(), ChargesAnalysis()])
