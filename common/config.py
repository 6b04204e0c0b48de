"""One typed settings object, read from the environment once per process.

Every setting has the prefix ``APP_`` (``APP_DATABASE_URL``...). Platform variables that
Cloud Functions / Cloud Run set (``K_SERVICE``, ``CLOUD_RUN_TASK_INDEX``...) and the
Better Auth secret shared with the Next.js frontend are read here too: this is the only
module that touches ``os.environ``.
"""

from __future__ import annotations

import functools
import os
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

Environment = Literal["local", "test", "dev", "prod"]
StorageBackend = Literal["local", "gcs"]
EventsBackend = Literal["local", "pubsub"]
AiProvider = Literal["local", "gemini"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
LOCAL_AUTH_SECRET = "local-development-secret-not-for-production"
_PLACEHOLDERS = {"", "changeme", "change-me", "secret", "placeholder", "todo", "xxx"}
MIN_SECRET_LENGTH = 32


def _is_placeholder(value: str) -> bool:
    lowered = value.strip().lower()
    return (
        lowered in _PLACEHOLDERS
        or value == LOCAL_AUTH_SECRET
        or "change" in lowered
        or len(value) < MIN_SECRET_LENGTH
    )


class Settings(BaseSettings):
    """Configuration of one process (a function instance, the job, the local stack)."""

    model_config = SettingsConfigDict(
        env_prefix="APP_", extra="ignore", frozen=True, populate_by_name=True
    )

    env: Environment = "local"
    log_level: str = "INFO"
    default_language: Literal["fr", "en"] = "en"
    public_base_url: str = "http://127.0.0.1:8080"
    trusted_proxy_hops: int = Field(default=1, ge=0, le=5)
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["http://localhost:3000", "http://127.0.0.1:3000"]
    )

    # Database: a plain URL, or the Cloud SQL connector when an instance name is set.
    database_url: str = "postgresql+pg8000://postgres@127.0.0.1:54329/logis"
    db_instance_connection_name: str | None = None
    db_user: str = "logis"
    db_password: SecretStr | None = None
    db_name: str = "logis"
    db_iam_auth: bool = False
    db_private_ip: bool = True
    db_pool_size: int | None = Field(default=None, ge=1, le=20)
    db_max_overflow: int = Field(default=1, ge=0, le=5)
    db_pool_timeout_seconds: float = Field(default=8.0, gt=0, le=30)
    db_ping_after_idle_seconds: float = Field(default=10.0, ge=0, le=3600)
    function_concurrency: int = Field(default=4, ge=1, le=1000)

    # Cache and rate limits: Redis when configured, otherwise disabled (fail open).
    redis_url: str | None = None
    redis_timeout_seconds: float = Field(default=0.25, gt=0, le=5)
    rate_limit_per_minute: int = Field(default=240, ge=1)
    sign_in_attempts_per_window: int = Field(default=5, ge=1)
    sign_in_window_seconds: int = Field(default=900, ge=1)
    sign_up_per_hour_per_ip: int = Field(default=20, ge=1)

    # Sessions (Better Auth compatible).
    auth_secret: SecretStr = Field(
        default=SecretStr(LOCAL_AUTH_SECRET),
        validation_alias=AliasChoices("APP_AUTH_SECRET", "BETTER_AUTH_SECRET"),
    )
    session_ttl_seconds: int = Field(default=7 * 24 * 3600, ge=60)
    session_update_age_seconds: int = Field(default=24 * 3600, ge=60)
    fresh_session_seconds: int = Field(default=24 * 3600, ge=60)

    # Google OAuth (optional provider, enabled when both id and secret are set).
    google_client_id: str | None = None
    google_client_secret: SecretStr | None = None
    google_authorize_url: str = "https://accounts.google.com/o/oauth2/v2/auth"
    google_token_url: str = "https://oauth2.googleapis.com/token"
    google_userinfo_url: str = "https://openidconnect.googleapis.com/v1/userinfo"

    # Object storage.
    storage_backend: StorageBackend = "local"
    local_storage_dir: Path = PROJECT_ROOT / ".local" / "storage"
    documents_bucket: str = "logis-documents"
    photos_bucket: str = "logis-photos"
    signed_url_ttl_seconds: int = Field(default=900, ge=60, le=7 * 24 * 3600)
    # A service-account key (JSON, mounted from Secret Manager as this variable) that
    # signs GCS URLs in process; without it URLs are signed through IAM signBlob.
    gcs_signing_key: SecretStr | None = None

    max_upload_bytes: int = Field(default=30 * 1024 * 1024, ge=1)
    max_files_per_batch: int = Field(default=50, ge=1, le=500)
    # Photos: bytes per file, and decoded pixels at most (decompression bombs; about
    # 3 bytes of memory each while a photo is normalised).
    photo_max_upload_bytes: int = Field(default=20 * 1024 * 1024, ge=1)
    photo_max_pixels: int = Field(default=50_000_000, ge=1)

    # Events: Pub/Sub in the cloud, the in-process bus of the local stack otherwise.
    events_backend: EventsBackend = "local"
    event_max_age_seconds: int = Field(default=6 * 3600, ge=60)
    event_lock_seconds: int = Field(default=600, ge=10)
    synthesis_topic: str = "synthesis-requested"
    redesign_topic: str = "redesign-requested"

    # AI: Gemini through google-genai, or the offline local provider.
    ai_provider: AiProvider = "local"
    gemini_api_key: SecretStr | None = None
    gemini_use_vertex: bool = False
    gemini_location: str = "europe-west1"
    gemini_model: str = "gemini-2.5-flash"
    gemini_image_model: str = "gemini-2.5-flash-image"
    gemini_thinking_budget: int = Field(default=1024, ge=0, le=32768)
    gemini_timeout_seconds: float = Field(default=120.0, gt=0, le=900)
    gemini_max_attempts: int = Field(default=4, ge=1, le=10)
    ai_max_concurrency: int = Field(default=4, ge=1, le=32)
    ai_pages_per_chunk: int = Field(default=40, ge=1, le=1000)
    # OCR of the local provider (tesseract, found at run time): scanned pages read per
    # document at most, and the time one page may take before it is given up.
    ocr_tesseract: str = "tesseract"
    ocr_max_pages: int = Field(default=50, ge=0, le=1000)
    ocr_page_timeout_seconds: float = Field(default=60.0, gt=0, le=600)

    # The DVF loader's Cloud Run job, started by POST /api/analysis/dvf/reload.
    dvf_job_region: str = "europe-west1"
    dvf_job_id: str = "dvf-loader"

    # Platform variables (no prefix), set by Cloud Functions / Cloud Run.
    project_id: str | None = Field(
        default=None,
        validation_alias=AliasChoices("GOOGLE_CLOUD_PROJECT", "GCP_PROJECT"),
    )
    k_service: str | None = Field(default=None, validation_alias="K_SERVICE")
    k_revision: str | None = Field(default=None, validation_alias="K_REVISION")
    gunicorn_threads: int | None = Field(default=None, validation_alias="THREADS")
    task_index: int = Field(default=0, validation_alias="CLOUD_RUN_TASK_INDEX")
    task_count: int = Field(default=1, validation_alias="CLOUD_RUN_TASK_COUNT")
    task_attempt: int = Field(default=0, validation_alias="CLOUD_RUN_TASK_ATTEMPT")
    task_execution: str | None = Field(
        default=None, validation_alias="CLOUD_RUN_EXECUTION"
    )

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip().rstrip("/") for origin in value.split(",") if origin]
        return value

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> Settings:
        if self.env == "local":
            return self
        if _is_placeholder(self.auth_secret.get_secret_value()):
            raise ValueError(
                "APP_AUTH_SECRET (or BETTER_AUTH_SECRET) must be a real secret of at "
                f"least {MIN_SECRET_LENGTH} characters outside the local environment"
            )
        if self.google_client_id and not self.google_client_secret:
            raise ValueError("APP_GOOGLE_CLIENT_SECRET is required with a client id")
        if self.db_password is not None and _is_placeholder(
            self.db_password.get_secret_value()
        ):
            raise ValueError("APP_DB_PASSWORD looks like a placeholder")
        return self

    @property
    def is_local(self) -> bool:
        """True on a developer machine (relaxed secrets, plain-HTTP cookies)."""
        return self.env == "local"

    @property
    def secure_cookies(self) -> bool:
        """Cookies get ``Secure`` and the ``__Secure-`` prefix over HTTPS."""
        return self.public_base_url.startswith("https://")

    @property
    def google_oauth_enabled(self) -> bool:
        """Google sign-in is offered only when a client id and secret are configured."""
        return bool(self.google_client_id and self.google_client_secret)

    @property
    def session_ttl(self) -> timedelta:
        """How long a session lives after sign-in or refresh."""
        return timedelta(seconds=self.session_ttl_seconds)

    @property
    def pool_size(self) -> int:
        """Connections per instance: one per request it may serve at once."""
        if self.db_pool_size is not None:
            return self.db_pool_size
        threads = self.gunicorn_threads or 4 * (os.cpu_count() or 1)
        return max(1, min(self.function_concurrency, threads))


@functools.cache
def get_settings() -> Settings:
    """The process-wide settings, validated on first use (at cold start)."""
    return Settings()
