"""The benchmarks' environment: test settings, a real secret, loopback services."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgresql+pg8000://postgres@127.0.0.1:5432/logis_test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"


def prepare_environment() -> dict[str, str]:
    """Fill in what ``make bench`` does not set; returns the resulting environment."""
    os.environ.setdefault("APP_ENV", "test")
    os.environ.setdefault("APP_DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ.setdefault(
        "APP_REDIS_URL", os.environ.get("TEST_REDIS_URL", DEFAULT_REDIS_URL)
    )
    if "APP_AUTH_SECRET" not in os.environ and "BETTER_AUTH_SECRET" not in os.environ:
        os.environ["APP_AUTH_SECRET"] = secrets.token_urlsafe(48)
    # 1,050 requests in a few seconds from one user: keep the limiter's Redis round
    # trip on every request, but never let it refuse one.
    os.environ.setdefault("APP_RATE_LIMIT_PER_MINUTE", "100000000")
    existing = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = (
        f"{ROOT}{os.pathsep}{existing}" if existing else str(ROOT)
    )
    return dict(os.environ)
