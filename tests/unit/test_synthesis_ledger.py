"""Overrides applied to cost facts: amounts, inclusion, tantièmes, payment status,
totals and orphaned overrides, against hand-computed euros."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from common.ai.schemas import CategoryAnalysis
from common.services.synthesis_costs import compute_cost_facts
from common.services.synthesis_facts import AnalyzedDocument, CostFacts
from common.services.synthesis_ledger import Costs, OneTimeItem, apply_overrides
from common.services.synthesis_overrides import parse_overrides
from tests.synthesis_support import (
    TODAY,
    analyzed,
    charges,
    diags,
    facade_works,
    obligation,
    other,
    pv_ag,
    taxe,
)


def documents(**replacements: Any) -> list[AnalyzedDocument]:
    """charges, taxe, diags, PV (ravalement), other (PNO monthly, état daté paid)."""
    analyses: dict[str, CategoryAnalysis] = {
        "charges": charges(),
        "taxe": taxe(),
        "diags": diags(),
        "pv": pv_ag(),
        "other": other(
            obligation("Assurance PNO", 15, frequency="monthly"),
            obligation("Frais d'état daté", 380, paid=True),
        ),
    }
    analyses.update(replacements)
    return [analyzed(analysis) for analysis in analyses.values()]


def costs_of(
    facts: CostFacts, overrides: dict[str, Any] | None = None, today: date = TODAY
) -> Costs:
    return apply_overrides(
        facts, parse_overrides(overrides), language="fr", today=today
    )


def line_id(facts: CostFacts, key: str) -> str:
    return next(line.id for line in facts.annual if line.key == key)


def works(costs: Costs) -> OneTimeItem:
    return next(item for item in costs.one_time if item.cost_type == "copro")


def test_totals_without_overrides_match_the_hand_computation() -> None:
    # 3087.48 + 162 + 1234 + 1100.50 + 180 = 5763.98; / 12 = 480.33
    # ravalement 84 000 x 152 / 10 000 = 1276.80, half called -> 638.40 left
    costs = costs_of(compute_cost_facts(documents()))

    assert costs.totals.annual_total == 5763.98
    assert costs.totals.monthly_total == 480.33
    assert costs.totals.one_time_total == 1656.8  # 1276.80 + 380
    assert costs.totals.unpaid_total == 638.4
    assert costs.totals.flags == ()
    assert costs.orphaned_overrides == ()


def test_annual_lines_carry_label_source_and_flags() -> None:
    facts = compute_cost_facts(documents())

    costs = costs_of(facts)

    charges_line = next(x for x in costs.annual if x.key == "charges_copropriete")
    assert charges_line.label == "Charges de copropriété"
    assert charges_line.source_filename == "charges.pdf"
    assert (charges_line.included, charges_line.overridden) == (True, False)


def test_works_share_and_payment_follow_tantiemes_and_calls() -> None:
    item = works(costs_of(compute_cost_facts(documents())))

    assert (item.amount, item.buyer_amount) == (84_000.0, 1276.8)
    assert item.payment_status == "partially_paid"
    assert (item.called_amount, item.remaining_amount) == (42_000.0, 638.4)


def test_overrides_change_amounts_and_inclusion() -> None:
    # given
    facts = compute_cost_facts(documents())
    overrides = {
        "lines": {
            line_id(facts, "charges_copropriete"): {"amount": 3000},
            line_id(facts, "estimated_energy"): {"included": False},
        }
    }
    # when
    costs = costs_of(facts, overrides)
    # then: 3000 + 162 + 1234 + 180 = 4576; / 12 = 381.33
    assert costs.totals.annual_total == 4576.0
    assert costs.totals.monthly_total == 381.33
    changed = {
        x.key: (x.amount, x.computed_amount) for x in costs.annual if x.overridden
    }
    assert changed == {
        "charges_copropriete": (3000.0, 3087.48),
        "estimated_energy": (1100.5, 1100.5),
    }


def test_override_can_include_a_superseded_line() -> None:
    facts = compute_cost_facts([analyzed(taxe(2023, 1200)), analyzed(taxe(2024, 1234))])
    old = next(line for line in facts.annual if line.superseded)

    costs = costs_of(facts, {"lines": {old.id: {"included": True}}})

    assert costs.totals.annual_total == 2434.0


def test_tantiemes_override_replaces_the_documents_share() -> None:
    facts = compute_cost_facts(documents())

    costs = costs_of(facts, {"tantiemes": {"lot": 200, "total": 10_000}})

    assert costs.tantiemes is not None
    assert (costs.tantiemes.share, costs.tantiemes.overridden) == (0.02, True)
    assert (costs.tantiemes.computed_lot, costs.tantiemes.computed_total) == (
        152,
        10_000,
    )
    assert (works(costs).buyer_amount, works(costs).remaining_amount) == (1680.0, 840.0)


def test_missing_tantiemes_flag_items_and_count_copro_amounts() -> None:
    facts = compute_cost_facts(
        documents(charges=charges(tantiemes_lot=None, tantiemes_total=None))
    )

    costs = costs_of(facts)

    item = works(costs)
    assert (item.buyer_amount, item.flags) == (None, ("share_unknown",))
    assert costs.tantiemes is None
    assert costs.totals.one_time_total == 84_380.0
    assert costs.totals.unpaid_total == 42_000.0
    assert costs.totals.flags == ("one_time_total_includes_copro_amounts",)


def test_payment_status_before_any_call_is_unpaid() -> None:
    item = works(costs_of(compute_cost_facts(documents()), today=date(2024, 12, 1)))

    assert (item.payment_status, item.called_amount, item.remaining_amount) == (
        "unpaid", 0.0, 1276.8,
    )  # fmt: skip


def test_payment_status_after_every_call_is_paid() -> None:
    item = works(costs_of(compute_cost_facts(documents()), today=date(2026, 1, 15)))

    assert (item.payment_status, item.called_amount, item.remaining_amount) == (
        "paid", 84_000.0, 0.0,
    )  # fmt: skip


def test_voted_works_without_schedule_are_unknown_and_count_as_unpaid() -> None:
    facts = compute_cost_facts(documents(pv=pv_ag(facade_works(call_for_funds=[]))))

    costs = costs_of(facts)

    item = works(costs)
    assert (item.payment_status, item.called_amount) == ("unknown", None)
    assert costs.totals.unpaid_total == 1276.8


def test_works_not_voted_yet_are_unpaid() -> None:
    estimated = facade_works(status="estimated", call_for_funds=[])

    item = works(costs_of(compute_cost_facts(documents(pv=pv_ag(estimated)))))

    assert (item.payment_status, item.remaining_amount) == ("unpaid", 1276.8)


def test_direct_obligations_payment_status_follows_paid_flag_and_due_date() -> None:
    # given
    analysis = other(
        obligation("Honoraires", 100, paid=False),
        obligation("Frais échus", 200, due_date=date(2025, 5, 1)),
        obligation("Frais à venir", 300, due_date=date(2025, 9, 1)),
    )
    # when
    costs = costs_of(compute_cost_facts([analyzed(analysis)]))
    # then
    statuses = {
        i.description: (i.payment_status, i.remaining_amount) for i in costs.one_time
    }
    assert statuses == {
        "Honoraires": ("unpaid", 100.0),
        "Frais échus": ("unknown", 200.0),
        "Frais à venir": ("unpaid", 300.0),
    }
    assert costs.totals.unpaid_total == 600.0


def test_override_of_a_copro_amount_recomputes_share_and_remaining() -> None:
    facts = compute_cost_facts(documents())
    item_id = works(costs_of(facts)).id

    item = works(costs_of(facts, {"lines": {item_id: {"amount": 100_000}}}))

    # 100 000 x 0.0152 = 1520; (100 000 - 42 000) x 0.0152 = 881.60
    assert (item.buyer_amount, item.remaining_amount, item.overridden) == (
        1520.0, 881.6, True,
    )  # fmt: skip


def test_excluded_one_time_item_leaves_the_totals() -> None:
    facts = compute_cost_facts(documents())
    item_id = works(costs_of(facts)).id

    costs = costs_of(facts, {"lines": {item_id: {"included": False}}})

    assert (costs.totals.one_time_total, costs.totals.unpaid_total) == (380.0, 0.0)


def test_overrides_of_missing_lines_are_reported_orphaned() -> None:
    facts = compute_cost_facts(documents())
    gone = f"annual:charges_copropriete:{uuid.uuid4()}"
    overrides = {
        "lines": {
            gone: {"amount": 1.0},
            line_id(facts, "taxe_fonciere"): {"amount": 1000},
        }
    }

    costs = costs_of(facts, overrides)

    assert costs.orphaned_overrides == (gone,)
    assert costs.totals.annual_total == 5529.98  # 5763.98 - 1234 + 1000


def test_buyer_share_is_rounded_to_the_cent() -> None:
    # 33 333.33 x 0.0152 = 506.666616
    facts = compute_cost_facts(
        documents(pv=pv_ag(facade_works(amount_ttc=33_333.33, call_for_funds=[])))
    )

    assert works(costs_of(facts)).buyer_amount == 506.67


def test_item_without_amount_is_flagged_and_left_out_of_totals() -> None:
    facts = compute_cost_facts([analyzed(pv_ag(facade_works(amount_ttc=None)))])

    costs = costs_of(facts)

    assert works(costs).flags == ("amount_unknown", "share_unknown")
    assert costs.totals.one_time_total == 0.0
    assert costs.totals.flags == ("one_time_amounts_unknown",)
