"""What the stack benchmarks share: local adapters, a migrated database, helpers.

``use_local_adapters`` selects what ``python -m common.local up`` uses (local AI
provider, ``LocalStorage`` in a given folder, the in-process event bus) on the
benchmark database, which it creates and migrates. Call it before the settings are
read, after ``bench.environment.prepare_environment``.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

PROPERTY = {
    "address": "12 rue Daguerre",
    "postal_code": "75014",
    "city": "Paris",
    "property_type": "Appartement",
    "asking_price": 520_000,
    "surface_area": 52.5,
}


def use_local_adapters(storage_dir: Path) -> None:
    """Local AI, storage under ``storage_dir`` and bus; the database migrated."""
    os.environ["APP_AI_PROVIDER"] = "local"
    os.environ["APP_STORAGE_BACKEND"] = "local"
    os.environ["APP_EVENTS_BACKEND"] = "local"
    os.environ["APP_LOCAL_STORAGE_DIR"] = str(storage_dir)
    os.environ.setdefault("APP_PUBLIC_BASE_URL", "http://127.0.0.1:8080")
    from common.config import get_settings
    from common.db.migrate import upgrade
    from common.local.postgres import ensure_database
    from tests.support import reset_process_state

    reset_process_state()
    ensure_database(get_settings().database_url)
    upgrade()


def expect_json(response: Any, status: int) -> Any:
    """The decoded JSON body (None when empty); ``RuntimeError`` on another status."""
    body = response.get_data()
    if response.status_code != status:
        raise RuntimeError(f"{response.status_code}: {body[:500]!r}")
    return json.loads(body) if body else None


def silence_logs() -> None:
    """Keep formatting log records as in production, but write them to /dev/null."""
    devnull = Path(os.devnull).open("w")  # noqa: SIM115 - lives as long as we do
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(devnull)


def delete_user(user_id: str) -> None:
    """Delete the benchmark's user and, by cascade, its properties and documents."""
    from sqlalchemy import delete

    from common.db import session_scope
    from common.db.models import BaUser

    with session_scope() as db:
        db.execute(delete(BaUser).where(BaUser.id == user_id))
