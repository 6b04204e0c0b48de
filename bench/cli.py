"""What every benchmark's command line shares: ``--json`` and how the figures print."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any


def parser(module: str) -> argparse.ArgumentParser:
    """The argument parser of ``python -m bench.<module>``, ``--json`` included."""
    arguments = argparse.ArgumentParser(prog=f"python -m bench.{module}")
    arguments.add_argument(
        "--json", action="store_true", help="machine-readable output"
    )
    return arguments


def emit(result: Any, as_json: bool, report: Callable[[Any], None]) -> None:
    """Print the figures: one JSON line (``make bench`` reads it) or the report."""
    if as_json:
        print(json.dumps(result, default=str))
    else:
        report(result)
