"""Integration fixtures: users of the rolled-back session, a local object storage."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from common.storage import LocalStorage
from tests.factories import create_user


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
