"""Throw-away CloudEvent functions written under tmp_path, for the local bus and stack.

``RECORDER_MODULE`` records what functions-framework hands it (attributes, data and
the request's content type) in ``received.jsonl`` next to its ``main.py``, and answers
500 while the file ``failures`` holds a positive count. ``HANDLER_MODULE`` is a real
``@event_handler(SynthesisRequested)`` function (claims in PostgreSQL) that fails once
with a retryable error, then writes each payload to ``processed.jsonl``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RECORDER_MODULE = '''"""Throw-away event function: records, fails when told."""
import json
from pathlib import Path

import flask
import functions_framework

FOLDER = Path(__file__).parent


@functions_framework.cloud_event
def {entry_point}(event):
    record = {{
        "attributes": dict(event.get_attributes()),
        "data": event.data,
        "content_type": flask.request.content_type,
    }}
    with (FOLDER / "received.jsonl").open("a") as log:
        log.write(json.dumps(record, default=str) + "\\n")
    failures = FOLDER / "failures"
    if failures.exists() and int(failures.read_text()) > 0:
        failures.write_text(str(int(failures.read_text()) - 1))
        raise RuntimeError("told to fail")
'''
HANDLER_MODULE = '''"""Throw-away synthesis function: fails once, retryably."""
from pathlib import Path

import functions_framework

from common.errors import DependencyFailed
from common.event_payloads import SynthesisRequested
from common.events import event_handler

FOLDER = Path(__file__).parent


@functions_framework.cloud_event
@event_handler(SynthesisRequested)
def on_synthesis_requested(event, payload):
    attempts = FOLDER / "attempts"
    count = int(attempts.read_text()) + 1 if attempts.exists() else 1
    attempts.write_text(str(count))
    if count == 1:
        raise DependencyFailed()
    with (FOLDER / "processed.jsonl").open("a") as log:
        log.write(payload.model_dump_json() + "\\n")
'''


def write_function(root: Path, folder: str, source: str) -> Path:
    """``root/<folder>/main.py`` with ``source``; returns the folder."""
    path = root / folder
    path.mkdir(parents=True)
    (path / "main.py").write_text(source)
    return path


def recorder_source(entry_point: str) -> str:
    """The recorder module with its entry point named ``entry_point``."""
    return RECORDER_MODULE.format(entry_point=entry_point)


def received(folder: Path) -> list[dict[str, Any]]:
    """What the recorder in ``folder`` was handed, one entry per invocation."""
    log = folder / "received.jsonl"
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines()]
