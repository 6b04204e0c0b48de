"""Document analysis with fakes: permanent and retryable failures, re-processing."""

from __future__ import annotations

import pytest

from common.ai.provider import AnalysisFailed
from common.errors import DependencyFailed, RateLimited
from tests.fakes.ai import Step
from tests.unit.document_analysis_support import PDF, uploaded


@pytest.mark.parametrize("step", ["classify", "analyse"])
def test_analyse_when_the_provider_cannot_read_it_fails_analysis_failed(
    step: Step,
) -> None:
    # given
    upload = uploaded(PDF)
    upload.ai.fail(step, AnalysisFailed("analysis_failed", reason="corrupt PDF"))
    # when
    upload.run()
    # then
    row = upload.row
    assert (row.status, row.error_code) == ("failed", "analysis_failed")
    assert row.error_message == "The document could not be analysed: corrupt PDF."
    assert row.analysis is None
    assert upload.object_exists()
    assert len(upload.synthesis_requests()) == 1


def test_analyse_when_a_reprocess_fails_keeps_the_previous_analysis() -> None:
    # given
    upload = uploaded(PDF)
    upload.run()
    previous = upload.row.analysis
    upload.put(PDF)  # the documents function rewrites the object: a new generation
    upload.ai.fail("analyse", AnalysisFailed("analysis_failed", reason="timeout"))
    # when
    upload.run()
    # then
    row = upload.row
    assert (row.status, row.error_code) == ("failed", "analysis_failed")
    assert row.analysis == previous
    assert row.category == "pv_ag"
    assert row.generation == upload.generation


def test_analyse_when_a_reprocess_succeeds_replaces_analysis_and_clears_error() -> None:
    # given
    upload = uploaded(PDF)
    upload.ai.fail("analyse", AnalysisFailed("analysis_failed", reason="timeout"))
    upload.run()
    upload.put(PDF)
    upload.ai.category = "charges"
    # when
    upload.run()
    # then
    row = upload.row
    assert (row.status, row.error_code, row.error_message) == ("analyzed", None, None)
    assert row.analysis is not None
    assert row.analysis["category"] == "charges"


@pytest.mark.parametrize(
    "error",
    [DependencyFailed("dependency_unavailable"), RateLimited(retry_after=30)],
    ids=["outage", "rate_limited"],
)
def test_analyse_when_the_provider_is_unavailable_waits_and_reraises(
    error: Exception,
) -> None:
    # given
    upload = uploaded(PDF)
    upload.ai.fail("analyse", error)
    # when
    with pytest.raises(type(error)):
        upload.run()
    # then
    assert upload.row.status == "uploaded"
    assert upload.row.history[-1] == "uploaded"
    assert upload.row.error_code is None
    assert upload.synthesis_requests() == []


def test_analyse_redelivered_after_an_outage_analyses_it() -> None:
    # given
    upload = uploaded(PDF)
    upload.ai.fail("classify", DependencyFailed("dependency_unavailable"))
    with pytest.raises(DependencyFailed):
        upload.run()
    # when
    upload.run()
    # then
    assert upload.row.status == "analyzed"
    assert upload.ai.steps() == ["classify", "classify", "analyse"]
    assert len(upload.synthesis_requests()) == 1


def test_analyse_when_the_provider_has_a_bug_waits_and_reraises() -> None:
    upload = uploaded(PDF)
    upload.ai.fail("analyse", RuntimeError("provider bug"))

    with pytest.raises(RuntimeError):
        upload.run()

    assert upload.row.status == "uploaded"


def test_analyse_when_the_status_cannot_be_reset_reraises_the_original_error() -> None:
    # given: the database fails after classifying and analyzing were recorded
    upload = uploaded(PDF)
    upload.ai.fail("analyse", RateLimited(retry_after=5))
    upload.records.fail("set_status", None, None, DependencyFailed("x"))
    # when
    with pytest.raises(RateLimited):
        upload.run()
    # then
    assert upload.row.status == "analyzing"
    assert upload.synthesis_requests() == []


def test_analyse_when_publishing_fails_keeps_the_analysis_and_reraises() -> None:
    upload = uploaded(PDF)
    upload.publisher.fail(DependencyFailed("event_publish_failed"))

    with pytest.raises(DependencyFailed):
        upload.run()

    assert upload.row.status == "analyzed"
    assert upload.synthesis_requests() == []


def test_analyse_redelivered_after_a_publish_failure_only_publishes() -> None:
    # given
    upload = uploaded(PDF)
    upload.publisher.fail(DependencyFailed("event_publish_failed"))
    with pytest.raises(DependencyFailed):
        upload.run()
    # when
    upload.run()
    # then
    assert upload.ai.steps() == ["classify", "analyse"]
    assert len(upload.synthesis_requests()) == 1


def test_analyse_when_storage_is_down_reraises_and_changes_nothing() -> None:
    upload = uploaded(PDF)
    upload.storage.fail("stat", DependencyFailed("storage_unavailable"))

    with pytest.raises(DependencyFailed):
        upload.run()

    assert upload.row.status == "awaiting_upload"
    assert upload.row.history == []
