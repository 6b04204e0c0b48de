"""Cost facts from analyses: annualisation, ALUR, supersession, one-time items, ids."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from common.services.synthesis_costs import compute_cost_facts
from common.services.synthesis_facts import FACTS_ADAPTER, AnnualFact, money, slug
from tests.synthesis_support import (
    analyzed,
    charges,
    diags,
    facade_works,
    obligation,
    other,
    pv_ag,
    taxe,
)


def amounts(lines: tuple[AnnualFact, ...]) -> dict[str, float]:
    return {line.key: line.amount for line in lines if not line.superseded}


def test_charges_quarterly_with_alur_inside_total_splits_it_out() -> None:
    # total 812.37 = 700 + 71.87 + 40.50 (ALUR): (812.37 - 40.50) x 4 and 40.50 x 4
    document = analyzed(charges())

    facts = compute_cost_facts([document])

    assert amounts(facts.annual) == {
        "charges_copropriete": 3087.48,
        "fonds_travaux": 162.0,
    }
    ids = {line.id for line in facts.annual}
    assert ids == {
        f"annual:charges_copropriete:{document.id}",
        f"annual:fonds_travaux:{document.id}",
    }


def test_charges_when_parts_show_total_excludes_alur_keeps_the_total() -> None:
    document = analyzed(
        charges(
            charges_generales=600, charges_speciales=50, total_for_period=650,
            fonds_travaux_alur=40,
        )
    )  # fmt: skip

    facts = compute_cost_facts([document])

    assert amounts(facts.annual) == {
        "charges_copropriete": 2600.0,
        "fonds_travaux": 160.0,
    }


def test_charges_with_annualized_total_subtracts_the_annual_alur() -> None:
    facts = compute_cost_facts([analyzed(charges(annualized_total=3300.0))])

    assert amounts(facts.annual) == {
        "charges_copropriete": 3138.0,
        "fonds_travaux": 162.0,
    }
    basis = {line.key: line.basis for line in facts.annual}
    assert basis["charges_copropriete"] == "annualized_total"


def test_charges_monthly_without_total_annualises_the_parts() -> None:
    analysis = charges(
        period_type="monthly", charges_generales=150.25, charges_speciales=None,
        total_for_period=None, fonds_travaux_alur=10,
    )  # fmt: skip

    facts = compute_cost_facts([analyzed(analysis)])

    assert amounts(facts.annual) == {
        "charges_copropriete": 1803.0,
        "fonds_travaux": 120.0,
    }


def test_charges_other_period_is_annualised_from_its_months() -> None:
    analysis = charges(
        period_type="other", period_start=date(2024, 7, 1),
        period_end=date(2024, 12, 31), total_for_period=1300, charges_generales=None,
        charges_speciales=None, fonds_travaux_alur=None,
    )  # fmt: skip

    facts = compute_cost_facts([analyzed(analysis)])

    assert amounts(facts.annual) == {"charges_copropriete": 2600.0}
    assert facts.annual[0].periods_per_year == 2.0


def test_charges_with_unknown_period_give_no_line_and_a_warning() -> None:
    document = analyzed(
        charges(period_type="other", period_start=None, period_end=None)
    )

    facts = compute_cost_facts([document])

    assert facts.annual == ()
    assert facts.warnings == (f"charges_period_unknown:{document.id}",)


def test_several_charges_documents_use_the_latest_period_and_supersede_others() -> None:
    # given: the older period was analysed last; the period decides, not the analysis
    older = analyzed(
        charges(period_start=date(2024, 10, 1), period_end=date(2024, 12, 31),
                total_for_period=700.0, charges_generales=None, charges_speciales=None,
                fonds_travaux_alur=None, tantiemes_lot=100),
        analyzed_at=datetime(2025, 5, 1, tzinfo=UTC),
    )  # fmt: skip
    newer = analyzed(charges(), analyzed_at=datetime(2025, 4, 1, tzinfo=UTC))
    # when
    facts = compute_cost_facts([older, newer])
    # then
    superseded = {line.id for line in facts.annual if line.superseded}
    assert superseded == {f"annual:charges_copropriete:{older.id}"}
    assert amounts(facts.annual)["charges_copropriete"] == 3087.48
    assert facts.tantiemes is not None
    assert (facts.tantiemes.lot, facts.tantiemes.source_document_id) == (152, newer.id)


def test_taxe_fonciere_uses_the_most_recent_tax_year() -> None:
    recent = analyzed(taxe(2024, 1234), analyzed_at=datetime(2025, 1, 1, tzinfo=UTC))
    old = analyzed(taxe(2023, 1200), analyzed_at=datetime(2025, 2, 1, tzinfo=UTC))

    facts = compute_cost_facts([recent, old])

    assert amounts(facts.annual) == {"taxe_fonciere": 1234.0}
    assert [
        line.superseded for line in facts.annual if line.source_document_id == old.id
    ] == [True]


def test_energy_is_the_midpoint_of_the_dpe_estimate() -> None:
    facts = compute_cost_facts([analyzed(diags())])

    assert amounts(facts.annual) == {"estimated_energy": 1100.5}


def test_energy_with_one_bound_uses_it() -> None:
    dpe = diags().dpe
    assert dpe is not None
    only_max = dpe.model_copy(update={"estimated_annual_cost_min": None})

    facts = compute_cost_facts([analyzed(diags(dpe=only_max))])

    assert amounts(facts.annual) == {"estimated_energy": 1301.0}


def test_other_recurring_obligations_are_annualised_and_one_time_ones_are_items() -> (
    None
):
    # given
    document = analyzed(
        other(
            obligation("Assurance PNO", 15.5, frequency="monthly"),
            obligation("Entretien chaudière", 100, frequency="quarterly"),
            obligation("Frais d'état daté", 380, due_date=date(2025, 7, 1)),
        )
    )
    # when
    facts = compute_cost_facts([document])
    # then
    lines = {line.id: line.amount for line in facts.annual}
    assert lines == {
        f"annual:other_recurring:{document.id}:assurance-pno": 186.0,
        f"annual:other_recurring:{document.id}:entretien-chaudiere": 400.0,
    }
    [item] = facts.one_time
    assert item.id == f"one_time:{document.id}:frais-d-etat-date:2025"
    assert (item.cost_type, item.status, item.amount, item.year) == (
        "direct", "upcoming", 380.0, 2025,
    )  # fmt: skip


def test_other_recurring_same_obligation_in_two_documents_keeps_the_latest() -> None:
    old = analyzed(
        other(obligation("Assurance PNO", 14, frequency="monthly"),
              obligation("Parking", 50, frequency="monthly")),
        analyzed_at=datetime(2025, 1, 1, tzinfo=UTC),
    )  # fmt: skip
    new = analyzed(
        other(obligation("Assurance  PNO", 15, frequency="monthly")),
        analyzed_at=datetime(2025, 2, 1, tzinfo=UTC),
    )

    facts = compute_cost_facts([new, old])

    included = {(x.description, x.amount) for x in facts.annual if not x.superseded}
    assert included == {("Assurance  PNO", 180.0), ("Parking", 600.0)}


def test_works_repeated_in_a_later_pv_supersede_the_earlier_mention() -> None:
    # given
    earlier = analyzed(
        pv_ag(facade_works(status="estimated", amount_ttc=80_000, call_for_funds=[]),
              meeting=date(2023, 6, 1))
    )  # fmt: skip
    later = analyzed(pv_ag(meeting=date(2024, 6, 12)))
    # when
    facts = compute_cost_facts([later, earlier])
    # then
    by_document = {item.source_document_id: item for item in facts.one_time}
    assert by_document[earlier.id].superseded
    current = by_document[later.id]
    assert not current.superseded
    assert current.id == f"one_time:{later.id}:ravalement-de-facade:2025"
    assert (current.cost_type, current.status, current.amount) == (
        "copro",
        "voted",
        84_000.0,
    )
    assert [call.amount for call in current.calls] == [42_000.0, 42_000.0]


def test_works_twice_in_one_pv_are_two_items_with_distinct_ids() -> None:
    document = analyzed(pv_ag(facade_works(), facade_works(amount_ttc=1000)))

    facts = compute_cost_facts([document])

    ids = [item.id for item in facts.one_time]
    assert ids == [
        f"one_time:{document.id}:ravalement-de-facade:2025",
        f"one_time:{document.id}:ravalement-de-facade:2025-2",
    ]
    assert not any(item.superseded for item in facts.one_time)


def test_works_without_year_use_na_in_their_id() -> None:
    document = analyzed(pv_ag(facade_works(year=None)))

    [item] = compute_cost_facts([document]).one_time

    assert item.id == f"one_time:{document.id}:ravalement-de-facade:na"


def test_tantiemes_above_their_total_are_ignored() -> None:
    facts = compute_cost_facts([analyzed(charges(tantiemes_lot=20_000))])

    assert facts.tantiemes is None


def test_cost_facts_survive_a_json_round_trip() -> None:
    documents = [analyzed(a) for a in (charges(), taxe(), diags(), pv_ag())]
    facts = compute_cost_facts(documents)

    stored = FACTS_ADAPTER.dump_python(facts, mode="json")

    assert FACTS_ADAPTER.validate_python(stored) == facts


def test_money_rounds_half_up_to_the_cent() -> None:
    assert money(2.675) == 2.68
    assert money(0.125) == 0.13
    assert money(Decimal("1.005")) == 1.01
    assert money(Decimal("-0.004")) == 0.0


def test_slug_is_accent_free_and_stable() -> None:
    assert (
        slug("Ravalement de façade \u2013 Bâtiment B")
        == "ravalement-de-facade-batiment-b"
    )
    assert slug("  ") == "item"
