"""Every deployed process gets the settings the code requires in production.

What is required is read from common/config.py itself: the process's environment,
as Terraform declares it for dev and prod (secrets given realistic values), must
pass the ``Settings`` validators, and every setting whose default only works on a
laptop (loopback addresses, the ``local`` backends) must be overridden.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

import pytest
from pydantic import SecretStr

from common.config import Settings
from common.triggers import EVENT_TRIGGERS, BucketTrigger
from tests.infra.deployment import (
    JOBS,
    SECRET,
    Environment,
    function_environment,
    functions,
    local,
    variable,
)
from tests.infra.terraform import ENVIRONMENTS, Unknown

_LOCAL_MARKERS = ("127.0.0.1", "localhost")
# A setting the engine ignores when another one is set (common/db/engine.py).
_SUPERSEDED_BY = {"database_url": "db_instance_connection_name"}
_PLATFORM_ALIASES = {
    "BETTER_AUTH_SECRET",
    "GOOGLE_CLOUD_PROJECT",
    "GCP_PROJECT",
    "K_SERVICE",
    "K_REVISION",
    "THREADS",
    "CLOUD_RUN_TASK_INDEX",
    "CLOUD_RUN_TASK_COUNT",
    "CLOUD_RUN_TASK_ATTEMPT",
    "CLOUD_RUN_EXECUTION",
}
FUNCTION_CASES = [(e, n) for e in ENVIRONMENTS for n in sorted(functions())]
JOB_CASES = [(e, n) for e in ENVIRONMENTS for n in sorted(JOBS)]


def local_only_settings() -> set[str]:
    """Settings whose default points at this machine or a local backend."""
    found = set()
    for name, field in Settings.model_fields.items():
        default = field.get_default(call_default_factory=True)
        values = default if isinstance(default, list) else [default]
        if values and all(_is_local(value) for value in values):
            found.add(name)
    return found


def _is_local(value: Any) -> bool:
    return isinstance(value, str) and (
        value == "local" or any(marker in value for marker in _LOCAL_MARKERS)
    )


def deployed_settings(env: Environment, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """``Settings`` as the deployed process would build them."""
    for key in list(os.environ):
        if key.startswith("APP_") or key in _PLATFORM_ALIASES:
            monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, _realistic(key, value))
    return Settings()


def _realistic(key: str, value: Any) -> str:
    if value is SECRET:
        return secrets.token_urlsafe(48)
    if isinstance(value, Unknown):  # known after apply: any non-empty value
        return f"{key.lower()}-from-terraform"
    return str(value)


def test_local_only_settings_are_derived_from_the_defaults() -> None:
    assert {"database_url", "storage_backend", "events_backend", "ai_provider"} <= (
        local_only_settings()
    )
    assert {"public_base_url", "cors_origins", "env"} <= local_only_settings()


@pytest.mark.parametrize(("environment", "name"), FUNCTION_CASES)
def test_function_environment_passes_the_production_validators(
    environment: str, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = function_environment(name, environment)

    settings = deployed_settings(env, monkeypatch)

    assert settings.env == variable("environment", environment)
    _assert_cloud_ready(settings, env)


@pytest.mark.parametrize(("environment", "name"), JOB_CASES)
def test_job_environment_passes_the_production_validators(
    environment: str, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = JOBS[name].environment(environment)

    settings = deployed_settings(env, monkeypatch)

    assert settings.env == variable("environment", environment)
    _assert_cloud_ready(settings, env)


def _assert_cloud_ready(settings: Settings, env: Environment) -> None:
    for name in local_only_settings():
        default = Settings.model_fields[name].get_default(call_default_factory=True)
        if name in _SUPERSEDED_BY:
            assert getattr(settings, _SUPERSEDED_BY[name]), name
        else:
            assert getattr(settings, name) != default, name
    assert settings.project_id, "GOOGLE_CLOUD_PROJECT"
    assert settings.gemini_use_vertex or settings.gemini_api_key is not None
    plain_secrets = {f"APP_{n.upper()}" for n in _secret_settings()} & {
        key for key, value in env.items() if value is not SECRET
    }
    assert not plain_secrets, "secrets must come from Secret Manager"


def _secret_settings() -> set[str]:
    return {
        name
        for name, field in Settings.model_fields.items()
        if SecretStr in (field.annotation, *getattr(field.annotation, "__args__", ()))
    }


def test_every_secret_setting_is_provided_or_unneeded() -> None:
    provided = set(local("secrets", "prod").values())
    env = local("common_env", "prod")
    # Secret settings the deployment does without, and why.
    unneeded: set[str] = set()
    if env["APP_GEMINI_USE_VERTEX"] == "true":  # Vertex AI: IAM, no API key
        unneeded.add("APP_GEMINI_API_KEY")

    assert {f"APP_{name.upper()}" for name in _secret_settings()} - unneeded <= provided


@pytest.mark.parametrize(("environment", "name"), FUNCTION_CASES)
def test_pool_settings_are_the_declared_sizing(
    environment: str, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    declared = functions(environment)[name]

    settings = deployed_settings(function_environment(name, environment), monkeypatch)

    assert settings.function_concurrency == declared["concurrency"]
    assert settings.pool_size == declared["db_pool_size"]
    assert settings.db_max_overflow == declared["db_max_overflow"]
    assert settings.gunicorn_threads == declared["concurrency"]


@pytest.mark.parametrize("name", sorted(EVENT_TRIGGERS))
def test_event_function_settings_name_the_resource_it_is_triggered_by(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    trigger = EVENT_TRIGGERS[name]
    declared = functions()[name]

    settings = deployed_settings(function_environment(name, "prod"), monkeypatch)

    if isinstance(trigger, BucketTrigger):
        expected = local("buckets", "prod")[declared["bucket_role"]]
        assert trigger.bucket_name(settings) == expected
    else:
        assert trigger.topic(settings) == local("topics", "prod")[trigger.topic_setting]
    # The claim of an event must outlive one attempt (common/events.py).
    assert declared["timeout_seconds"] < settings.event_lock_seconds


def test_http_functions_sit_behind_the_load_balancer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, declared in functions().items():
        if declared["trigger"] != "http":
            continue
        settings = deployed_settings(function_environment(name, "prod"), monkeypatch)
        assert settings.trusted_proxy_hops == 2, name
        assert settings.public_base_url == f"https://{variable('domain', 'prod')}"
        assert settings.cors_origins == variable("web_origins", "prod")
        assert settings.secure_cookies, name


def test_analysis_starts_the_dvf_job_terraform_declares(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = deployed_settings(function_environment("analysis", "prod"), monkeypatch)

    assert settings.dvf_job_id == JOBS["dvf_loader"].name("prod")
    assert settings.dvf_job_region == variable("region", "prod")


# The functions that hand out signed URLs (document links, photo and thumbnail URLs,
# the dashboard's promoted photo): they sign in process with the signer's key.
URL_SIGNING_FUNCTIONS = ("properties", "documents", "photos")


def test_functions_handing_out_urls_sign_them_with_the_signers_key() -> None:
    declared = functions("prod")
    assert local("secrets", "prod")["url-signing-key"] == "APP_GCS_SIGNING_KEY"
    for name in URL_SIGNING_FUNCTIONS:
        assert "url-signing-key" in declared[name]["secrets"], name
    others = set(declared) - set(URL_SIGNING_FUNCTIONS)
    assert not [n for n in others if "url-signing-key" in declared[n]["secrets"]]
