"""Settings: defaults, secret validation, parsing, pool sizing, platform variables."""

from __future__ import annotations

import os

import pytest
from pydantic import ValidationError

from common.config import LOCAL_AUTH_SECRET, Settings, get_settings

REAL_SECRET = "kT3v9QpZr7Xw2Lm8Nc4Hy6Bd1Fs5Gj0A"  # 32 characters, random-looking
_PLATFORM = (
    "BETTER_AUTH_SECRET",
    "K_SERVICE",
    "K_REVISION",
    "THREADS",
    "GOOGLE_CLOUD_PROJECT",
    "GCP_PROJECT",
    "CLOUD_RUN_TASK_INDEX",
    "CLOUD_RUN_TASK_COUNT",
    "CLOUD_RUN_TASK_ATTEMPT",
)


def settings_from(**variables: str) -> Settings:
    """Settings built from exactly ``variables`` (the test environment is cleared)."""
    for name in list(os.environ):
        if name.startswith("APP_") or name in _PLATFORM:
            del os.environ[name]
    os.environ.update(variables)
    return Settings()


def test_settings_without_environment_are_valid_local_defaults() -> None:
    settings = settings_from()

    assert settings.env == "local"
    assert settings.is_local is True
    assert settings.auth_secret.get_secret_value() == LOCAL_AUTH_SECRET
    assert settings.redis_url is None
    assert settings.storage_backend == "local"
    assert settings.event_max_age_seconds == 6 * 3600
    assert settings.secure_cookies is False
    assert settings.google_oauth_enabled is False


@pytest.mark.parametrize("env", ["test", "dev", "prod"])
def test_settings_outside_local_with_default_secret_are_refused(env: str) -> None:
    with pytest.raises(ValidationError, match="APP_AUTH_SECRET"):
        settings_from(APP_ENV=env)


@pytest.mark.parametrize(
    "secret",
    ["changeme", "too-short-secret", "please-change-this-secret-before-prod", " "],
)
@pytest.mark.parametrize("env", ["dev", "prod"])
def test_settings_outside_local_with_placeholder_secret_are_refused(
    env: str, secret: str
) -> None:
    with pytest.raises(ValidationError):
        settings_from(APP_ENV=env, APP_AUTH_SECRET=secret)


def test_settings_in_local_accept_placeholder_secret() -> None:
    settings = settings_from(APP_ENV="local", APP_AUTH_SECRET="changeme")

    assert settings.auth_secret.get_secret_value() == "changeme"


def test_settings_in_prod_accept_a_real_secret() -> None:
    settings = settings_from(APP_ENV="prod", APP_AUTH_SECRET=REAL_SECRET)

    assert settings.auth_secret.get_secret_value() == REAL_SECRET


def test_settings_read_better_auth_secret_alias() -> None:
    settings = settings_from(APP_ENV="prod", BETTER_AUTH_SECRET=REAL_SECRET)

    assert settings.auth_secret.get_secret_value() == REAL_SECRET


def test_settings_secret_is_hidden_in_repr() -> None:
    settings = settings_from(APP_ENV="prod", APP_AUTH_SECRET=REAL_SECRET)

    assert REAL_SECRET not in repr(settings)


def test_settings_in_prod_with_placeholder_db_password_are_refused() -> None:
    with pytest.raises(ValidationError, match="APP_DB_PASSWORD"):
        settings_from(
            APP_ENV="prod", APP_AUTH_SECRET=REAL_SECRET, APP_DB_PASSWORD="changeme"
        )


def test_settings_in_prod_with_google_id_but_no_secret_are_refused() -> None:
    with pytest.raises(ValidationError, match="APP_GOOGLE_CLIENT_SECRET"):
        settings_from(
            APP_ENV="prod", APP_AUTH_SECRET=REAL_SECRET, APP_GOOGLE_CLIENT_ID="id"
        )


def test_settings_with_google_id_and_secret_enable_oauth() -> None:
    settings = settings_from(
        APP_GOOGLE_CLIENT_ID="client-id", APP_GOOGLE_CLIENT_SECRET="client-secret"
    )

    assert settings.google_oauth_enabled is True


def test_settings_with_unknown_env_are_refused() -> None:
    with pytest.raises(ValidationError):
        settings_from(APP_ENV="staging")


def test_settings_split_comma_separated_cors_origins() -> None:
    settings = settings_from(
        APP_CORS_ORIGINS="https://app.example.fr/, http://localhost:3000 ,"
    )

    assert settings.cors_origins == ["https://app.example.fr", "http://localhost:3000"]


def test_settings_with_https_base_url_use_secure_cookies() -> None:
    settings = settings_from(APP_PUBLIC_BASE_URL="https://api.example.fr")

    assert settings.secure_cookies is True


@pytest.mark.parametrize(
    ("threads", "concurrency", "expected"),
    [("2", "8", 2), ("8", "1", 1), ("4", "4", 4), ("16", "80", 16)],
)
def test_settings_pool_size_is_min_of_concurrency_and_threads(
    threads: str, concurrency: str, expected: int
) -> None:
    settings = settings_from(THREADS=threads, APP_FUNCTION_CONCURRENCY=concurrency)

    assert settings.pool_size == expected


def test_settings_pool_size_without_threads_uses_four_per_cpu() -> None:
    settings = settings_from(APP_FUNCTION_CONCURRENCY="1000")

    assert settings.pool_size == 4 * (os.cpu_count() or 1)


def test_settings_pool_size_explicit_value_wins() -> None:
    settings = settings_from(THREADS="8", APP_DB_POOL_SIZE="3")

    assert settings.pool_size == 3


def test_settings_read_platform_variables() -> None:
    settings = settings_from(
        K_SERVICE="document_uploaded",
        K_REVISION="document_uploaded-00007",
        GOOGLE_CLOUD_PROJECT="logis-prod",
        CLOUD_RUN_TASK_INDEX="3",
        CLOUD_RUN_TASK_COUNT="8",
        CLOUD_RUN_TASK_ATTEMPT="1",
    )

    assert settings.k_service == "document_uploaded"
    assert settings.k_revision == "document_uploaded-00007"
    assert settings.project_id == "logis-prod"
    assert (settings.task_index, settings.task_count, settings.task_attempt) == (
        3,
        8,
        1,
    )


def test_settings_read_legacy_gcp_project_variable() -> None:
    assert settings_from(GCP_PROJECT="logis-dev").project_id == "logis-dev"


def test_settings_without_platform_variables_run_as_one_task() -> None:
    settings = settings_from()

    assert (settings.task_index, settings.task_count, settings.task_attempt) == (
        0,
        1,
        0,
    )
    assert settings.k_service is None


def test_settings_are_frozen() -> None:
    settings = settings_from()

    with pytest.raises(ValidationError):
        settings.env = "prod"  # type: ignore[misc]


def test_get_settings_is_cached_until_cleared() -> None:
    first = get_settings()

    assert get_settings() is first
    get_settings.cache_clear()
    assert get_settings() is not first
