"""JSON log lines for Cloud Logging: fields, labels, trace, context, exceptions."""

from __future__ import annotations

import io
import json
import logging
import os
import sys
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest

from common.logging import (
    CloudLoggingFormatter,
    log_context,
    setup_logging,
    trace_fields,
)
from tests.support import reset_process_state

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACEPARENT = f"00-{TRACE_ID}-00f067aa0ba902b7-01"

_STREAM = io.StringIO()


@pytest.fixture
def logger() -> Iterator[logging.Logger]:
    """A logger whose records are formatted (at emit time) into ``_STREAM``."""
    _STREAM.seek(0)
    _STREAM.truncate()
    handler = logging.StreamHandler(_STREAM)
    handler.setFormatter(CloudLoggingFormatter())
    test_logger = logging.getLogger("tests.unit.logging")
    test_logger.addHandler(handler)
    test_logger.setLevel(logging.DEBUG)
    test_logger.propagate = False
    try:
        yield test_logger
    finally:
        test_logger.removeHandler(handler)
        test_logger.propagate = True


def lines_of(logger: logging.Logger) -> list[dict[str, Any]]:
    """Every JSON line the ``logger`` fixture wrote so far."""
    return [json.loads(line) for line in _STREAM.getvalue().splitlines()]


def set_platform(**variables: str) -> None:
    os.environ.update(variables)
    reset_process_state()


def test_formatter_emits_one_json_line_with_cloud_logging_fields(
    logger: logging.Logger,
) -> None:
    # when
    logger.info("document analysed\nsecond line")
    # then
    (entry,) = lines_of(logger)
    assert entry["severity"] == "INFO"
    assert entry["message"] == "document analysed\nsecond line"
    assert entry["logger"] == "tests.unit.logging"
    assert datetime.fromisoformat(entry["time"]).tzinfo is not None
    location = entry["logging.googleapis.com/sourceLocation"]
    assert location["file"].endswith("test_logging.py")
    assert isinstance(location["line"], int)
    assert location["function"] == (
        "test_formatter_emits_one_json_line_with_cloud_logging_fields"
    )
    assert "logging.googleapis.com/labels" not in entry


@pytest.mark.parametrize(
    ("level", "severity"),
    [
        (logging.DEBUG, "DEBUG"),
        (logging.INFO, "INFO"),
        (logging.WARNING, "WARNING"),
        (logging.ERROR, "ERROR"),
        (logging.CRITICAL, "CRITICAL"),
    ],
)
def test_formatter_maps_level_to_severity(
    logger: logging.Logger, level: int, severity: str
) -> None:
    logger.log(level, "something happened")

    assert lines_of(logger)[0]["severity"] == severity


def test_formatter_adds_extra_fields(logger: logging.Logger) -> None:
    logger.info("document analysed", extra={"fields": {"doc_id": "d1", "pages": 3}})

    entry = lines_of(logger)[0]
    assert (entry["doc_id"], entry["pages"]) == ("d1", 3)


def test_formatter_inside_context_adds_labels_and_context_fields(
    logger: logging.Logger,
) -> None:
    # given
    set_platform(K_SERVICE="properties")
    # when
    with log_context(request_id="req-12345678", user_id="u1"):
        logger.info("request handled")
    # then
    entry = lines_of(logger)[0]
    assert entry["logging.googleapis.com/labels"] == {
        "request_id": "req-12345678",
        "function": "properties",
    }
    assert entry["user_id"] == "u1"
    assert "request_id" not in entry


def test_formatter_with_k_service_labels_every_line_with_the_function(
    logger: logging.Logger,
) -> None:
    set_platform(K_SERVICE="document_uploaded")

    logger.warning("no context here")

    labels = lines_of(logger)[0]["logging.googleapis.com/labels"]
    assert labels == {"function": "document_uploaded"}


def test_formatter_with_trace_context_adds_trace_and_span(
    logger: logging.Logger,
) -> None:
    # given
    set_platform(GOOGLE_CLOUD_PROJECT="logis-dev")
    fields = trace_fields(None, TRACEPARENT)
    # when
    with log_context(request_id="req-12345678", **fields):
        logger.info("request handled")
    # then
    entry = lines_of(logger)[0]
    assert entry["logging.googleapis.com/trace"] == (
        f"projects/logis-dev/traces/{TRACE_ID}"
    )
    assert entry["logging.googleapis.com/spanId"] == "00f067aa0ba902b7"


def test_formatter_with_exception_adds_stack_trace(logger: logging.Logger) -> None:
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logger.exception("unhandled error")

    entry = lines_of(logger)[0]
    assert entry["severity"] == "ERROR"
    assert "Traceback" in entry["stack_trace"]
    assert "RuntimeError: boom" in entry["stack_trace"]


def test_formatter_with_unserialisable_field_uses_its_text(
    logger: logging.Logger,
) -> None:
    logger.info("odd value", extra={"fields": {"value": {1, 2}.__class__}})

    assert lines_of(logger)[0]["value"] == "<class 'set'>"


def test_log_context_after_the_block_is_reset(logger: logging.Logger) -> None:
    # given
    with log_context(request_id="outer-12345", user_id="u1"):
        with log_context(event_id="e1") as inner:
            assert inner == {
                "request_id": "outer-12345",
                "user_id": "u1",
                "event_id": "e1",
            }
        logger.info("after inner block")
    # when
    logger.info("after outer block")
    # then
    after_inner, after_outer = lines_of(logger)
    assert after_inner["logging.googleapis.com/labels"] == {"request_id": "outer-12345"}
    assert "logging.googleapis.com/labels" not in after_outer
    assert "user_id" not in after_outer


def test_log_context_when_block_raises_is_reset() -> None:
    with pytest.raises(ValueError), log_context(request_id="req-12345678"):
        raise ValueError("x")

    with log_context() as current:
        assert current == {}


def test_trace_fields_from_cloud_trace_header_converts_span_to_hex() -> None:
    set_platform(GOOGLE_CLOUD_PROJECT="logis-dev")

    fields = trace_fields(f"{TRACE_ID}/12345;o=1", None)

    assert fields == {
        "logging.googleapis.com/trace": f"projects/logis-dev/traces/{TRACE_ID}",
        "logging.googleapis.com/spanId": "0000000000003039",
    }


def test_trace_fields_prefers_traceparent_over_cloud_trace_header() -> None:
    set_platform(GOOGLE_CLOUD_PROJECT="logis-dev")

    fields = trace_fields("ffffffffffffffffffffffffffffffff/1;o=1", TRACEPARENT)

    assert fields["logging.googleapis.com/trace"] == (
        f"projects/logis-dev/traces/{TRACE_ID}"
    )


def test_trace_fields_with_malformed_traceparent_falls_back_to_cloud_header() -> None:
    set_platform(GOOGLE_CLOUD_PROJECT="logis-dev")

    fields = trace_fields(f"{TRACE_ID}/1", "not-a-traceparent")

    assert fields == {
        "logging.googleapis.com/trace": f"projects/logis-dev/traces/{TRACE_ID}",
        "logging.googleapis.com/spanId": "0000000000000001",
    }


def test_trace_fields_with_cloud_header_without_span_has_only_trace() -> None:
    set_platform(GOOGLE_CLOUD_PROJECT="logis-dev")

    fields = trace_fields(TRACE_ID, None)

    assert list(fields) == ["logging.googleapis.com/trace"]


def test_trace_fields_without_project_are_empty() -> None:
    os.environ.pop("GOOGLE_CLOUD_PROJECT", None)
    os.environ.pop("GCP_PROJECT", None)
    reset_process_state()

    assert trace_fields(f"{TRACE_ID}/1;o=1", TRACEPARENT) == {}


def test_trace_fields_without_headers_are_empty() -> None:
    set_platform(GOOGLE_CLOUD_PROJECT="logis-dev")

    assert trace_fields(None, None) == {}


def test_setup_logging_installs_one_json_handler_on_stdout() -> None:
    # given
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    root.handlers = [  # a function app loaded by an earlier test may have set it up
        h for h in saved_handlers if not isinstance(h.formatter, CloudLoggingFormatter)
    ]
    set_platform(APP_LOG_LEVEL="warning")
    try:
        # when
        setup_logging()
        setup_logging()
        # then
        (handler,) = root.handlers
        assert isinstance(handler.formatter, CloudLoggingFormatter)
        assert isinstance(handler, logging.StreamHandler)
        assert handler.stream is sys.stdout
        assert root.level == logging.WARNING
    finally:
        root.handlers = saved_handlers
        root.setLevel(saved_level)
