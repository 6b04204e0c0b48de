"""JSON logs that Cloud Logging understands: one line per record on stdout.

Per-invocation keys (request or event id, trace) live in a ContextVar set by
``Router.dispatch`` and ``event_handler`` and are added to every record logged
during that invocation.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
import sys
import traceback
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime

from common.config import get_settings

_context: contextvars.ContextVar[dict[str, object] | None] = contextvars.ContextVar(
    "logis_log_context", default=None
)
_TRACE_KEY = "logging.googleapis.com/trace"
_SPAN_KEY = "logging.googleapis.com/spanId"
_LABELS_KEY = "logging.googleapis.com/labels"
_LABEL_FIELDS = ("request_id", "event_id", "function")


class CloudLoggingFormatter(logging.Formatter):
    """Formats a record as one JSON object with Cloud Logging's special fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "severity": _severity(record.levelno),
            "message": record.getMessage(),
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "logger": record.name,
            "logging.googleapis.com/sourceLocation": {
                "file": record.pathname,
                "line": record.lineno,
                "function": record.funcName,
            },
        }
        context = dict(_context.get() or {})
        labels = {key: str(context.pop(key)) for key in _LABEL_FIELDS if key in context}
        service = get_settings().k_service
        if service:
            labels.setdefault("function", service)
        if labels:
            entry[_LABELS_KEY] = labels
        for key in (_TRACE_KEY, _SPAN_KEY):
            if key in context:
                entry[key] = context.pop(key)
        entry.update(context)
        fields = getattr(record, "fields", None)
        if isinstance(fields, Mapping):
            entry.update(fields)
        if record.exc_info:
            entry["stack_trace"] = "".join(traceback.format_exception(*record.exc_info))
        return json.dumps(entry, default=str, ensure_ascii=False)


def _severity(levelno: int) -> str:
    if levelno >= logging.CRITICAL:
        return "CRITICAL"
    if levelno >= logging.ERROR:
        return "ERROR"
    if levelno >= logging.WARNING:
        return "WARNING"
    if levelno >= logging.INFO:
        return "INFO"
    return "DEBUG"


def setup_logging() -> None:
    """Install the JSON handler on the root logger (idempotent)."""
    root = logging.getLogger()
    if any(isinstance(h.formatter, CloudLoggingFormatter) for h in root.handlers):
        return
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(CloudLoggingFormatter())
    root.handlers = [handler]
    root.setLevel(get_settings().log_level.upper())


@contextlib.contextmanager
def log_context(**fields: object) -> Iterator[dict[str, object]]:
    """Bind ``fields`` to every record logged inside the block; yields the dict."""
    merged = {**(_context.get() or {}), **fields}
    token = _context.set(merged)
    try:
        yield merged
    finally:
        _context.reset(token)


def trace_fields(
    cloud_trace_context: str | None, traceparent: str | None
) -> dict[str, object]:
    """Cloud Logging trace fields from ``X-Cloud-Trace-Context`` or ``traceparent``."""
    trace_id = span_id = None
    if traceparent:
        parts = traceparent.split("-")
        if len(parts) >= 3 and len(parts[1]) == 32:
            trace_id, span_id = parts[1], parts[2]
    if trace_id is None and cloud_trace_context:
        trace_part, _, rest = cloud_trace_context.partition("/")
        trace_id, span_id = trace_part or None, _hex_span_id(rest.split(";")[0])
    project = get_settings().project_id
    if not trace_id or not project:
        return {}
    fields: dict[str, object] = {_TRACE_KEY: f"projects/{project}/traces/{trace_id}"}
    if span_id:
        fields[_SPAN_KEY] = span_id
    return fields


def _hex_span_id(decimal_span_id: str) -> str | None:
    # X-Cloud-Trace-Context carries the span id in decimal; Cloud Logging wants the
    # 16-digit hex form that traceparent already uses.
    try:
        span_id = int(decimal_span_id)
    except ValueError:
        return None
    return f"{span_id:016x}" if 0 < span_id < 2**64 else None
