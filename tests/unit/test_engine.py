"""The engine factory: one engine per process, serverless pool, lazy connector."""

from __future__ import annotations

import os
import sys
from typing import Any, ClassVar

import pytest

from common.db import engine as engine_module
from tests.support import reset_process_state


class FakeConnector:
    """Stands in for google.cloud.sql.connector.Connector (the SDK boundary)."""

    instances: ClassVar[list[FakeConnector]] = []

    def __init__(self, **options: Any) -> None:
        self.options = options
        self.calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
        FakeConnector.instances.append(self)

    def connect(self, *args: Any, **kwargs: Any) -> Any:
        self.calls.append((args, kwargs))
        raise ConnectionRefusedError("fake connector does not connect")


def test_get_engine_called_twice_returns_the_same_engine() -> None:
    assert engine_module.get_engine() is engine_module.get_engine()


def test_get_engine_pool_is_sized_for_serverless() -> None:
    # given
    os.environ.update(
        {"APP_FUNCTION_CONCURRENCY": "1", "THREADS": "8", "APP_DB_MAX_OVERFLOW": "0"}
    )
    reset_process_state()
    # when
    pool: Any = engine_module.get_engine().pool
    # then
    assert pool.size() == 1
    assert pool._max_overflow == 0
    assert pool._recycle == engine_module.POOL_RECYCLE_SECONDS
    assert pool._pre_ping is False  # replaced by the idle-aware ping below


def test_get_engine_with_instance_name_builds_connector_only_on_connect(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given
    from google.cloud.sql import connector as sdk

    FakeConnector.instances.clear()
    monkeypatch.setattr(sdk, "Connector", FakeConnector)
    os.environ.update(
        {
            "APP_DB_INSTANCE_CONNECTION_NAME": "proj:europe-west1:logis",
            "APP_DB_IAM_AUTH": "true",
            "APP_DB_USER": "users-fn@proj.iam",
        }
    )
    reset_process_state()
    # when
    engine = engine_module.get_engine()
    # then
    assert FakeConnector.instances == []
    with pytest.raises(Exception, match="fake connector"):
        engine.connect()
    (connector,) = FakeConnector.instances
    assert connector.options == {"refresh_strategy": "LAZY"}
    args, kwargs = connector.calls[0]
    assert args == ("proj:europe-west1:logis", "pg8000")
    assert kwargs["enable_iam_auth"] is True
    assert kwargs["password"] is None
    assert kwargs["user"] == "users-fn@proj.iam"


def test_importing_common_db_does_not_import_the_connector() -> None:
    code = "import common.db, sys; print('google.cloud.sql' in sys.modules)"
    import subprocess

    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("style", "query", "args"),
    [
        ("format", "SELECT a FROM t WHERE b = %s AND c = %s", (1, 2)),
        ("format", "SELECT '%%s literal', x FROM t WHERE y = %s", ("v",)),
        ("format", 'SELECT "weird %s" FROM t WHERE y = %s -- %s\n', ("v",)),
        (
            "named",
            "SELECT a FROM t WHERE b = :first AND c = :second",
            {"first": 1, "second": 2},
        ),
    ],
)
def test_memoised_paramstyle_conversion_matches_pg8000(
    style: str, query: str, args: Any
) -> None:
    # given
    import pg8000.dbapi
    import pg8000.legacy

    engine_module.get_engine()  # installs the memoised conversion
    # when
    memoised = pg8000.legacy.convert_paramstyle(style, query, args)
    again = pg8000.legacy.convert_paramstyle(style, query, args)
    # then
    expected = pg8000.dbapi.convert_paramstyle(style, query, args)
    assert tuple(memoised) == tuple(again) == tuple(expected)
