"""cloudbuild.yaml against the code: every check runs before the release, every
function and job is released, and the smoke test covers every function."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from common.dvf import grouper
from common.local.functions import FUNCTIONS_DIR, discover_functions, load_router
from tests.infra.deployment import JOBS, functions, root
from tests.infra.terraform import ROOT

PIPELINE: dict[str, Any] = yaml.safe_load(
    (ROOT / "cloudbuild.yaml").read_text(encoding="utf-8")
)
STEPS = {step["id"]: step for step in PIPELINE["steps"]}
RELEASE_STEPS = ("bundles", "image")
CHECK_STEPS = ("lint", "typecheck", "tests", "infra-checks")


def step_env(step_id: str) -> dict[str, str]:
    """The ``env`` of one step as a mapping."""
    pairs = (item.split("=", 1) for item in STEPS[step_id].get("env", []))
    return dict(pairs)


def script(step_id: str) -> str:
    """The text a step runs (entrypoint and arguments)."""
    step = STEPS[step_id]
    return " ".join([step.get("entrypoint", ""), *map(str, step.get("args", []))])


def options_env() -> dict[str, str]:
    """Variables every step sees."""
    return dict(item.split("=", 1) for item in PIPELINE["options"]["env"])


def test_tests_run_against_postgres_15_and_redis_7_services() -> None:
    services = script("services")

    assert "--network cloudbuild" in services
    assert "postgres:15" in services and "redis:7" in services
    assert set(STEPS["tests"]["waitFor"]) == {"install", "services", "grouper"}
    assert "pytest" in script("tests")
    assert "@postgres:5432/" in PIPELINE["substitutions"]["_TEST_DATABASE_URL"]


def test_tests_use_the_grouper_built_and_tested_where_the_loader_loads_it() -> None:
    built = script("grouper")
    library = grouper.LIBRARY.relative_to(ROOT)

    assert "cargo test" in built and "cargo build" in built and "--release" in built
    assert f"common/dvf/{library.parent.name}/" in built and library.name in built


@pytest.mark.parametrize("step_id", RELEASE_STEPS)
def test_nothing_is_released_before_every_check_passed(step_id: str) -> None:
    assert set(CHECK_STEPS) <= set(STEPS[step_id]["waitFor"])


def test_every_function_is_bundled_uploaded_and_deployed_by_release() -> None:
    assert STEPS["bundles"]["args"] == [
        "-m",
        "scripts.build_bundles",
        "--out",
        "dist/bundles",
    ]
    assert 'gcloud storage cp dist/bundles/*.zip "$${RELEASE_PREFIX}/"' in script(
        "upload"
    )
    assert options_env()["RELEASE_PREFIX"] == (
        "gs://$PROJECT_ID-function-sources/releases/$SHORT_SHA"
    )
    assert root().locals["buckets"]["sources"] == "${var.project_id}-function-sources"
    assert '-var "release=$SHORT_SHA"' in script("deploy")
    assert "terraform apply" in script("deploy")


def test_job_image_is_the_one_terraform_runs() -> None:
    repository = root().resource("google_artifact_registry_repository", "images")
    image = options_env()["IMAGE"]

    assert image == (
        "${_REGION}-docker.pkg.dev/$PROJECT_ID/"
        f"{repository['repository_id']}/jobs:$SHORT_SHA"
    )
    assert "-f infra/job.Dockerfile" in script("image")
    assert 'docker push "$${IMAGE}"' in script("image")


def test_migrations_run_as_the_terraform_migrate_job_before_the_deploy() -> None:
    name = JOBS["migrate"].name("prod")

    assert f"gcloud run jobs execute {name}" in script("migrate")
    assert f"gcloud run jobs execute {name}" in script("migrate-first")
    assert STEPS["deploy"]["waitFor"] == ["migrate"]


def test_smoke_test_covers_every_http_function_through_its_health_route() -> None:
    http = {
        f.name
        for f in discover_functions(FUNCTIONS_DIR)
        if f.http_entry_point is not None
    }
    routers = {name: load_router(name) for name in http}

    paths = set(step_env("smoke")["HEALTH_PATHS"].split())

    assert paths == {router.health_path for router in routers.values() if router}
    assert len(paths) == len(http)
    assert "curl --fail" in script("smoke")


def test_event_functions_get_dead_letters_and_are_checked_deployed() -> None:
    events = {
        name.replace("_", "-")
        for name, f in functions().items()
        if f["trigger"] != "http"
    }

    assert set(step_env("dead-letters")["EVENT_FUNCTIONS"].split()) == events
    assert set(step_env("smoke")["EVENT_FUNCTIONS"].split()) == events
    assert '"projects/$PROJECT_ID/topics/$${function}-dead-letter"' in script(
        "dead-letters"
    )


def test_smoke_test_checks_every_job_runs_the_release_image() -> None:
    names = {job.name("prod") for job in JOBS.values()}

    assert set(step_env("smoke")["JOBS"].split()) == names
