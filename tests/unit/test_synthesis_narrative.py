"""The narrative: facts given to the narrator, fallback after a permanent failure,
retryable failures raised again; the view recomputed from a stored result."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from common.ai.provider import AnalysisFailed
from common.errors import DependencyFailed
from common.services.synthesis_costs import compute_cost_facts
from common.services.synthesis_narrative import narrate, narration_facts
from common.services.synthesis_risk import confidence, document_factors
from common.services.synthesis_store import PropertyProfile, SynthesisInputs
from common.services.synthesis_view import SynthesisView, base_result, build_view
from tests.fakes.ai import FakeAiProvider
from tests.synthesis_support import NOW, TODAY, analyzed, full_set

PROPERTY_ID = uuid.uuid4()


def inputs(
    language: str = "fr", overrides: dict[str, Any] | None = None
) -> SynthesisInputs:
    profile = PropertyProfile(PROPERTY_ID, "user-1", language, 520_000, 52.5)
    documents = tuple(analyzed(analysis) for analysis in full_set())
    return SynthesisInputs(profile, documents, (), overrides or {})


def result_of(given: SynthesisInputs) -> dict[str, Any]:
    documents = given.documents
    return base_result(
        given, compute_cost_facts(documents), document_factors(documents, TODAY),
        confidence=confidence(documents), now=NOW, today=TODAY,
    )  # fmt: skip


def view_of(given: SynthesisInputs) -> SynthesisView:
    result = result_of(given)
    return build_view(PROPERTY_ID, result, given.overrides, given.profile, TODAY)


def test_narration_facts_hold_computed_costs_risk_and_document_summaries() -> None:
    given = inputs()

    facts = narration_facts(given, view_of(given))

    assert facts["language"] == "fr"
    assert facts["annual_total"] == 5763.98
    assert facts["missing_categories"] == []
    assert facts["risk_level"] == "medium"  # unpaid works, 61.89 €/m² of charges
    assert [d["category"] for d in facts["documents"]] == [
        "pv_ag", "diags", "taxe_fonciere", "charges", "other",
    ]  # fmt: skip
    assert facts["one_time_costs"][0]["buyer_amount"] == 1276.8
    assert "user-1" not in repr(facts)


def test_narrate_stores_the_ai_narrative() -> None:
    given = inputs("en")
    view = view_of(given)

    stored = narrate(FakeAiProvider(), narration_facts(given, view), view)

    assert stored["summary"] == "Property synthesis."
    assert (stored["source"], stored["error_code"]) == ("ai", None)


def test_narrate_after_a_permanent_failure_writes_the_fallback() -> None:
    # given
    given = inputs("en")
    view = view_of(given)
    ai = FakeAiProvider()
    ai.fail("narrate", AnalysisFailed(reason="schema"))
    # when
    stored = narrate(ai, narration_facts(given, view), view)
    # then
    assert (stored["source"], stored["error_code"]) == ("fallback", "analysis_failed")
    assert stored["summary"] == (
        "Risk level: medium. Recurring costs: €5,763.98 per year (€480.33 per month)."
        " One-time costs: €1,276.80, of which €638.40 may remain to be paid."
        " Based on 5 analysed documents."
    )
    assert stored["action_items"][0]["urgency"] == "medium"


def test_fallback_narrative_is_in_french_for_french_owners() -> None:
    given = inputs("fr")
    view = view_of(given)
    ai = FakeAiProvider()
    ai.fail("narrate", AnalysisFailed(reason="schema"))

    stored = narrate(ai, narration_facts(given, view), view)

    assert stored["summary"].startswith("Niveau de risque : moyen. Frais récurrents")


def test_narrate_raises_retryable_failures_again() -> None:
    given = inputs()
    view = view_of(given)
    ai = FakeAiProvider()
    ai.fail("narrate", DependencyFailed("dependency_unavailable"))

    with pytest.raises(DependencyFailed):
        narrate(ai, narration_facts(given, view), view)


def test_view_follows_new_overrides_of_a_stored_result() -> None:
    # given: the result was computed without overrides
    given = inputs()
    result = result_of(given)
    charges_line = next(
        line
        for line in view_of(given).costs.annual
        if line.key == "charges_copropriete"
    )
    overrides = {"lines": {charges_line.id: {"included": False}}}
    # when
    view = build_view(PROPERTY_ID, result, overrides, given.profile, TODAY)
    # then
    assert view.costs.totals.annual_total == 2676.5  # 5763.98 - 3087.48
    assert view.status == "ready"
    assert view.document_count == 5


def test_view_of_an_unreadable_result_is_empty() -> None:
    view = build_view(PROPERTY_ID, {"version": 99}, {}, inputs().profile, TODAY)

    assert (view.status, view.costs.totals.annual_total) == ("empty", 0.0)
