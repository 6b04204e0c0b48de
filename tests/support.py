"""Helpers for tests: resetting process-wide caches, loading function apps."""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def reset_process_state() -> None:
    """Forget cached settings, engine and clients (as a new cold start would)."""
    from common import cache, config, ratelimit, redis_client
    from common.db import dispose_engine

    config.get_settings.cache_clear()
    dispose_engine()
    redis_client.get_redis.cache_clear()
    cache.get_cache.cache_clear()
    ratelimit.get_rate_limiter.cache_clear()
    try:
        from common import storage

        storage.get_storage.cache_clear()
    except ImportError:
        pass


def function_client(folder: str, target: str) -> Any:
    """A test client of ``functions/<folder>/main.py`` through functions-framework."""
    from functions_framework import create_app

    source = ROOT / "functions" / folder / "main.py"
    app = create_app(target=target, source=str(source), signature_type="http")
    # Without a cookie jar: Werkzeug's jar replaces any explicit Cookie header (even
    # with nothing), which would silently drop ``TestUser.headers``.
    return app.test_client(use_cookies=False)
