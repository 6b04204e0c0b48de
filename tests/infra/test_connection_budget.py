"""The database connection budget of each environment (STYLE C6): every function's
max instances x (pool + overflow), the jobs' parallel tasks x (pool + overflow) and
the admin headroom stay under 80 % of the max_connections flag."""

from __future__ import annotations

from typing import Any

import pytest

from tests.infra.deployment import JOBS, functions, local, root, variable
from tests.infra.terraform import ENVIRONMENTS

BUDGET_SHARE = 0.8


def connection_budget(environment: str) -> int:
    """Connections every process may hold at once, plus the admin headroom."""
    max_instances = variable("function_max_instances", environment)
    total = sum(
        int(max_instances[name]) * int(f["db_pool_size"] + f["db_max_overflow"])
        for name, f in functions(environment).items()
    )
    for job in JOBS.values():
        env = job.environment(environment)
        per_task = int(env["APP_DB_POOL_SIZE"]) + int(env["APP_DB_MAX_OVERFLOW"])
        total += int(job.execution(environment)["parallelism"]) * per_task
    return total + int(local("db_admin_connections", environment))


def max_connections(environment: str) -> int:
    """The max_connections flag of the Cloud SQL instance in ``environment``."""
    instance = root().resource("google_sql_database_instance", "main")
    flags: list[dict[str, Any]] = instance["settings"][0]["database_flags"]
    flag = next(f for f in flags if f["name"] == "max_connections")
    assert flag["value"] == "${var.db_max_connections}"
    return int(variable("db_max_connections", environment))


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_every_function_has_max_instances(environment: str) -> None:
    assert set(variable("function_max_instances", environment)) == set(functions())


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_connection_budget_stays_under_80_percent(environment: str) -> None:
    budget = connection_budget(environment)

    assert budget < BUDGET_SHARE * max_connections(environment), budget
