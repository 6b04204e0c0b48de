"""regenerate_synthesis against PostgreSQL: what it stores, what it reads, and that a
failure never replaces a good synthesis."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import Engine, delete, update

from common.ai.provider import AnalysisFailed
from common.db import session_scope
from common.db.models import Document, Property, User
from common.errors import DependencyFailed
from common.services import synthesis
from tests.factories import saved_property_id, signed_in_user
from tests.synthesis_support import (
    NOW,
    ScriptedNarrator,
    add_document,
    delete_documents,
    full_set,
    saved_documents,
    stored_synthesis,
    taxe,
)


@dataclass(frozen=True)
class Owned:
    user_id: str
    property_id: uuid.UUID


@pytest.fixture
def owned(clean_db: Engine) -> Owned:
    """A committed user and property (52.5 m², 520 000 €), no document yet."""
    user = signed_in_user()
    return Owned(user.id, saved_property_id(user))


def charges_line_id(owned: Owned) -> str:
    view = synthesis.get_synthesis(owned.user_id, owned.property_id, now=NOW)
    return next(
        line.id for line in view.costs.annual if line.key == "charges_copropriete"
    )


def test_regenerate_with_every_category_stores_a_ready_synthesis(owned: Owned) -> None:
    # given
    document_ids = saved_documents(owned.property_id, owned.user_id, full_set())
    narrator = ScriptedNarrator()
    # when
    outcome = synthesis.regenerate_synthesis(owned.property_id, ai=narrator, now=NOW)
    # then
    row = stored_synthesis(owned.property_id)
    assert outcome == "ready"
    assert row is not None
    assert (row.status, row.risk_level, row.document_count) == ("ready", "medium", 5)
    assert row.annual_cost_total == Decimal("5763.98")
    assert row.one_time_cost_total == Decimal("1276.80")
    assert row.generated_at == NOW
    assert row.error_code is None
    result = row.result or {}
    assert sorted(result["document_ids"]) == sorted(str(i) for i in document_ids)
    assert result["costs"]["totals"]["monthly_total"] == 480.33
    assert result["narrative"]["source"] == "ai"
    assert result["risk"]["level"] == "medium"
    assert result["language"] == "fr"
    assert [language for _, language in narrator.facts] == ["fr"]


def test_regenerate_key_findings_are_the_first_five_of_the_narrative(
    owned: Owned,
) -> None:
    saved_documents(owned.property_id, owned.user_id, full_set())
    narrator = ScriptedNarrator()

    synthesis.regenerate_synthesis(owned.property_id, ai=narrator, now=NOW)

    row = stored_synthesis(owned.property_id)
    assert row is not None
    descriptions = [f["description"] for f in narrator.facts[0][0]["risk_factors"]]
    assert row.key_findings == descriptions[:5]


def test_regenerate_narrates_in_the_owner_language(owned: Owned) -> None:
    with session_scope() as db:
        db.execute(update(User).where(User.id == owned.user_id).values(locale="en"))
    saved_documents(owned.property_id, owned.user_id, full_set())
    narrator = ScriptedNarrator()

    synthesis.regenerate_synthesis(owned.property_id, ai=narrator, now=NOW)

    row = stored_synthesis(owned.property_id)
    assert row is not None and row.result is not None
    assert [language for _, language in narrator.facts] == ["en"]
    assert row.result["costs"]["annual"][0]["label"] == "Co-ownership charges"


def test_regenerate_reads_every_analysed_document_and_only_those(owned: Owned) -> None:
    # given: two analysed in one batch, one in another, one still analysing
    saved_documents(owned.property_id, owned.user_id, full_set()[:2])
    analysed_later = saved_documents(owned.property_id, owned.user_id, [taxe()])
    with session_scope() as db:
        add_document(db, owned.property_id, owned.user_id, None, status="analyzing")
    # when
    synthesis.regenerate_synthesis(owned.property_id, ai=ScriptedNarrator(), now=NOW)
    # then
    row = stored_synthesis(owned.property_id)
    assert row is not None and row.result is not None
    assert row.document_count == 3
    assert str(analysed_later[0]) in row.result["document_ids"]


def test_regenerate_skips_an_analysis_that_no_longer_fits_its_schema(
    owned: Owned,
) -> None:
    saved_documents(owned.property_id, owned.user_id, full_set())
    with session_scope() as db:
        broken = add_document(db, owned.property_id, owned.user_id, taxe())
        db.execute(
            update(Document)
            .where(Document.id == broken)
            .values(analysis={"tax_year": "last year"})
        )

    synthesis.regenerate_synthesis(owned.property_id, ai=ScriptedNarrator(), now=NOW)

    row = stored_synthesis(owned.property_id)
    assert row is not None and row.result is not None
    assert row.result["skipped_document_ids"] == [str(broken)]
    assert row.document_count == 5


def test_regenerate_without_analysed_documents_is_empty_and_keeps_overrides(
    owned: Owned,
) -> None:
    # given
    overrides = {"tantiemes": {"lot": 10, "total": 1000}}
    synthesis.update_overrides(owned.user_id, owned.property_id, overrides, now=NOW)
    narrator = ScriptedNarrator()
    # when
    outcome = synthesis.regenerate_synthesis(owned.property_id, ai=narrator, now=NOW)
    # then
    row = stored_synthesis(owned.property_id)
    assert outcome == "empty"
    assert row is not None and row.result is not None
    assert (row.status, row.risk_level, row.document_count) == ("empty", None, 0)
    assert (row.annual_cost_total, row.one_time_cost_total) == (0, 0)
    assert row.result["costs"]["totals"]["annual_total"] == 0.0
    assert row.overrides == {"tantiemes": {"lot": 10, "total": 1000}, "lines": {}}
    assert narrator.facts == []


def test_deleting_the_last_document_empties_the_synthesis(owned: Owned) -> None:
    # given
    document_ids = saved_documents(owned.property_id, owned.user_id, full_set())
    synthesis.regenerate_synthesis(owned.property_id, ai=ScriptedNarrator(), now=NOW)
    line_id = charges_line_id(owned)
    patch = {"lines": {line_id: {"amount": 3000.0}}}
    synthesis.update_overrides(owned.user_id, owned.property_id, patch, now=NOW)
    # when
    delete_documents(*document_ids)
    synthesis.regenerate_synthesis(owned.property_id, ai=ScriptedNarrator(), now=NOW)
    # then
    row = stored_synthesis(owned.property_id)
    assert row is not None
    assert (row.status, row.document_count, row.key_findings) == ("empty", 0, [])
    assert row.annual_cost_total == 0
    assert row.overrides["lines"] == {line_id: {"amount": 3000.0}}
    view = synthesis.get_synthesis(owned.user_id, owned.property_id, now=NOW)
    assert view.costs.orphaned_overrides == (line_id,)


def test_overrides_survive_regenerations_and_drive_the_totals(owned: Owned) -> None:
    # given
    saved_documents(owned.property_id, owned.user_id, full_set())
    synthesis.regenerate_synthesis(owned.property_id, ai=ScriptedNarrator(), now=NOW)
    patch = {"lines": {charges_line_id(owned): {"amount": 3000.0}}}
    synthesis.update_overrides(owned.user_id, owned.property_id, patch, now=NOW)
    # when
    later = NOW + timedelta(hours=1)
    synthesis.regenerate_synthesis(owned.property_id, ai=ScriptedNarrator(), now=later)
    # then: 5763.98 - 3087.48 + 3000
    row = stored_synthesis(owned.property_id)
    assert row is not None
    assert row.annual_cost_total == Decimal("5676.50")
    assert row.overrides == {"tantiemes": None, **patch}
    assert row.generated_at == later


def test_retryable_failure_keeps_the_good_synthesis_and_records_the_error(
    owned: Owned,
) -> None:
    # given: a good synthesis, then a new document and an AI outage
    saved_documents(owned.property_id, owned.user_id, full_set())
    synthesis.regenerate_synthesis(owned.property_id, ai=ScriptedNarrator(), now=NOW)
    before = stored_synthesis(owned.property_id)
    saved_documents(owned.property_id, owned.user_id, [taxe(2025, 1300)])
    narrator = ScriptedNarrator()
    narrator.fail("narrate", DependencyFailed("dependency_unavailable"))
    # when
    with pytest.raises(DependencyFailed):
        synthesis.regenerate_synthesis(owned.property_id, ai=narrator, now=NOW)
    # then
    after = stored_synthesis(owned.property_id)
    assert before is not None and after is not None
    assert (after.status, after.result, after.generated_at) == (
        "ready", before.result, before.generated_at,
    )  # fmt: skip
    assert after.annual_cost_total == Decimal("5763.98")
    assert after.document_count == 5
    assert after.error_code == "dependency_unavailable"
    assert (
        after.error_message
        == "Un service est momentanément indisponible. Veuillez réessayer."
    )


def test_redelivery_after_a_failure_stores_the_new_synthesis_and_clears_the_error(
    owned: Owned,
) -> None:
    saved_documents(owned.property_id, owned.user_id, full_set())
    narrator = ScriptedNarrator()
    narrator.fail("narrate", DependencyFailed("dependency_unavailable"))
    with pytest.raises(DependencyFailed):
        synthesis.regenerate_synthesis(owned.property_id, ai=narrator, now=NOW)

    synthesis.regenerate_synthesis(owned.property_id, ai=narrator, now=NOW)

    row = stored_synthesis(owned.property_id)
    assert row is not None
    assert (row.status, row.error_code, row.error_message) == ("ready", None, None)


def test_failure_without_any_previous_synthesis_marks_it_failed(owned: Owned) -> None:
    saved_documents(owned.property_id, owned.user_id, full_set())
    narrator = ScriptedNarrator()
    narrator.fail("narrate", RuntimeError("provider bug"))

    with pytest.raises(RuntimeError):
        synthesis.regenerate_synthesis(owned.property_id, ai=narrator, now=NOW)

    row = stored_synthesis(owned.property_id)
    assert row is not None
    assert (row.status, row.result, row.error_code) == ("failed", None, "internal")
    view = synthesis.get_synthesis(owned.user_id, owned.property_id, now=NOW)
    assert (view.status, view.error_code) == ("failed", "internal")


def test_permanent_narrator_failure_stores_the_fallback_narrative(owned: Owned) -> None:
    saved_documents(owned.property_id, owned.user_id, full_set())
    narrator = ScriptedNarrator()
    narrator.fail("narrate", AnalysisFailed(reason="malformed answer"))

    outcome = synthesis.regenerate_synthesis(owned.property_id, ai=narrator, now=NOW)

    row = stored_synthesis(owned.property_id)
    assert outcome == "ready"
    assert row is not None and row.result is not None
    narrative = row.result["narrative"]
    assert (narrative["source"], narrative["error_code"]) == (
        "fallback",
        "analysis_failed",
    )
    assert narrative["summary"].startswith("Niveau de risque : moyen.")
    assert row.key_findings == narrative["key_findings"][:5]
    assert row.error_code is None


def test_regenerate_of_a_deleted_property_does_nothing(owned: Owned) -> None:
    with session_scope() as db:
        db.execute(delete(Property).where(Property.id == owned.property_id))

    outcome = synthesis.regenerate_synthesis(owned.property_id, ai=ScriptedNarrator())

    assert outcome == "property_missing"
    assert stored_synthesis(owned.property_id) is None
