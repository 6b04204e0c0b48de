"""The DVF loader and migrations jobs, their image and the DVF schedule, against the
code that runs in them."""

from __future__ import annotations

import ast
import re

from tests.infra.deployment import JOBS, local, root, variable
from tests.infra.terraform import INFRA, ROOT

DOCKERFILE = INFRA / "job.Dockerfile"
LOADER = ROOT / "functions" / "dvf_loader" / "main.py"
APRIL, OCTOBER = "4", "10"


def loader_constant(name: str) -> object:
    """A module-level constant of the loader's main.py, read without importing it."""
    tree = ast.parse(LOADER.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == name
            for target in node.targets
        ):
            return ast.literal_eval(node.value)
    raise LookupError(name)


def _container(job: str) -> dict[str, object]:
    containers: dict[str, object] = JOBS[job].body()["template"][0]["template"][0][
        "containers"
    ][0]
    return containers


def test_dvf_job_retries_as_many_times_as_the_loader_expects() -> None:
    template = JOBS["dvf_loader"].body()["template"][0]["template"][0]

    assert template["max_retries"] == "${local.dvf_max_retries}"
    attempts = loader_constant("JOB_MAX_ATTEMPTS")
    assert isinstance(attempts, int)
    assert local("dvf_max_retries", "prod") == attempts - 1


def test_dvf_job_loads_the_configured_sources_with_a_remote_error_report() -> None:
    args = _container("dvf_loader")["args"]

    assert isinstance(args, str)
    assert args.startswith("${concat(var.dvf_sources,")
    assert '"--errors", "gs://' in args


def test_job_image_runs_the_loader_job_and_migrations_override_it() -> None:
    dockerfile = DOCKERFILE.read_text(encoding="utf-8")

    assert dockerfile.startswith("#") and "FROM python:3.11-slim" in dockerfile
    assert 'ENTRYPOINT ["python", "-m", "functions.dvf_loader", "job"]' in dockerfile
    assert _container("migrate")["command"] == ["python", "-m", "common.db.migrate"]
    assert _container("migrate")["args"] == ["upgrade"]
    for job in JOBS:
        assert _container(job)["image"] == "${local.job_image}", job
    assert root().locals["job_image"].endswith("/jobs:${var.release}")


def test_scheduler_runs_the_dvf_job_in_april_and_october() -> None:
    scheduler = root().resource("google_cloud_scheduler_job", "dvf_reload")
    target = scheduler["http_target"][0]

    months = variable("dvf_schedule", "prod").split()[3].split(",")
    assert sorted(months, key=int) == [APRIL, OCTOBER]
    assert scheduler["schedule"] == "${var.dvf_schedule}"
    assert target["http_method"] == "POST"
    assert re.search(
        r"/jobs/\$\{google_cloud_run_v2_job\.dvf_loader\.name\}:run$", target["uri"]
    )
    assert target["oauth_token"][0]["service_account_email"]


def test_parallel_tasks_never_exceed_the_task_count() -> None:
    for environment in ("dev", "prod"):
        execution = JOBS["dvf_loader"].execution(environment)
        assert 1 <= execution["parallelism"] <= execution["task_count"]
