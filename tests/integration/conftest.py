"""Integration fixtures: users of the rolled-back session, a committed user and
property (for services that open their own units of work), a local object storage,
the Gemini provider on a loopback fake Gemini server."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from common.ai.gemini import GeminiProvider
from common.storage import LocalStorage
from tests import factories
from tests.factories import create_user, saved_property_id, signed_in_user
from tests.fakes.gemini import FakeGemini
from tests.integration.gemini_support import MODEL, provider_on, use_gemini_settings


@pytest.fixture
def storage(tmp_path: Path) -> LocalStorage:
    """Object storage on the test's temporary directory, with its own signing key."""
    return LocalStorage(tmp_path / "objects", b"k" * 32, "http://files.test", 900)


@pytest.fixture
def owner(db_session: Session) -> str:
    """The id of a user created in ``db_session`` (rolled back after the test)."""
    return create_user(db_session).id


@pytest.fixture
def stranger(db_session: Session) -> str:
    """The id of another user of ``db_session``, whose data ``owner`` must not see."""
    return create_user(db_session).id


@pytest.fixture
def member(clean_db: Engine) -> factories.TestUser:
    """A committed user (the services open their own units of work)."""
    return signed_in_user()


@pytest.fixture
def property_id(member: factories.TestUser) -> uuid.UUID:
    """A committed property of ``member``."""
    return saved_property_id(member)


@pytest.fixture
def gemini(environment: dict[str, str]) -> Iterator[FakeGemini]:
    """A fake Gemini server the settings point at (API-key mode)."""
    with FakeGemini(model=MODEL) as fake:
        use_gemini_settings(fake)
        yield fake


@pytest.fixture
def sleeps() -> list[float]:
    """The back-off delays the provider asked for (no real sleeping)."""
    return []


@pytest.fixture
def provider(gemini: FakeGemini, sleeps: list[float]) -> GeminiProvider:
    """The Gemini provider on ``gemini``."""
    return provider_on(gemini, sleeps)
