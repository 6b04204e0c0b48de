"""Unit fixtures: the items API of the router tests, the logs of event handlers."""

from __future__ import annotations

import logging

import pytest
from flask.testing import FlaskClient

from common.http import Router
from tests.fakes.rate_limiter import FakeRateLimiter
from tests.unit.router_support import build_router, flask_client


@pytest.fixture
def fake_limiter() -> FakeRateLimiter:
    """The rate limiter of ``items_router``; its ``hits`` list every key counted."""
    return FakeRateLimiter()


@pytest.fixture
def items_router(fake_limiter: FakeRateLimiter) -> Router:
    """The items API of :mod:`tests.unit.router_support`."""
    return build_router(fake_limiter)


@pytest.fixture
def items_client(items_router: Router) -> FlaskClient:
    """A Flask test client whose every request goes to ``items_router``."""
    return flask_client(items_router)


@pytest.fixture
def event_logs(caplog: pytest.LogCaptureFixture) -> None:
    """Capture what ``common.events`` logs from INFO up."""
    caplog.set_level(logging.INFO, logger="common.events")
