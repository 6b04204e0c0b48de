"""End-to-end fixtures: function clients, signed-in users and their property, the
recorded local bus, a fake Google."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine

from tests.e2e.documents_support import BusRecorder
from tests.e2e.oauth_support import CLIENT_ID, CLIENT_SECRET
from tests.factories import TestUser, saved_property_id, signed_in_user
from tests.fakes.oauth_provider import FakeGoogle
from tests.support import function_client, reset_process_state


@pytest.fixture
def users_client(clean_db: Engine, redis_flushed: Any) -> Any:
    """A test client of the users function, on an empty database and Redis."""
    return function_client("users", "users_http")


@pytest.fixture
def properties_client(clean_db: Engine, redis_flushed: Any) -> Any:
    """A test client of the properties function, on an empty database and Redis."""
    return function_client("properties", "properties_http")


@pytest.fixture
def documents_client(clean_db: Engine, redis_flushed: Any) -> Any:
    """A test client of the documents function, on an empty database and Redis."""
    return function_client("documents", "documents_http")


@pytest.fixture
def user(clean_db: Engine) -> TestUser:
    """A committed user with a live session (``user.headers`` carry its cookie)."""
    return signed_in_user()


@pytest.fixture
def property_id(user: TestUser) -> uuid.UUID:
    """A property of ``user``."""
    return saved_property_id(user)


@pytest.fixture
def bus(documents_client: Any) -> BusRecorder:
    """The local bus, recording finalize events and synthesis requests."""
    return BusRecorder()


@pytest.fixture
def stranger(clean_db: Engine) -> TestUser:
    """Another committed, signed-in user, whose data ``user`` must never see."""
    return signed_in_user()


@pytest.fixture
def google(users_client: Any) -> Iterator[FakeGoogle]:
    """A loopback fake Google; the app's ``APP_GOOGLE_*`` settings point at it."""
    with FakeGoogle(CLIENT_ID, CLIENT_SECRET) as fake:
        os.environ.update(fake.app_environment)
        reset_process_state()
        yield fake
