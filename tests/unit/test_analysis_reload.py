"""Launchers of the DVF reload: local process, Cloud Run job, and their choice."""

from __future__ import annotations

import uuid
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from common.config import get_settings
from common.errors import DependencyFailed
from common.services.price_analysis_reload import (
    CloudRunJobLauncher,
    DvfSampleMissing,
    LaunchTicket,
    LocalLoadLauncher,
    bundled_samples,
    get_launcher,
    job_name,
    job_run_id,
    start_dvf_reload,
)

RUN_ID = uuid.UUID("5a0e1c3e-8a53-4b36-9d0c-6f7b1c2d3e4f")


class FakeJobsClient:
    """The part of ``run_v2.JobsClient`` the launcher uses."""

    def __init__(self, failure: Exception | None = None) -> None:
        self.names: list[str] = []
        self.failure = failure

    def run_job(self, *, name: str) -> Any:
        self.names.append(name)
        if self.failure is not None:
            raise self.failure
        execution = f"{name}/executions/dvf-loader-abc12"
        return SimpleNamespace(metadata=SimpleNamespace(name=execution))


class FakeLauncher:
    """Records launches."""

    def __init__(self) -> None:
        self.launches = 0

    def launch(self) -> LaunchTicket:
        self.launches += 1
        return LaunchTicket("fake", "run-1", RUN_ID)


def test_local_launcher_command_runs_the_loader_cli() -> None:
    launcher = LocalLoadLauncher(["/data/a.csv.gz"], python="/usr/bin/python3")

    assert launcher.command(RUN_ID) == [
        "/usr/bin/python3", "-m", "functions.dvf_loader", "load",
        "--run-id", str(RUN_ID), "--no-progress", "/data/a.csv.gz",
    ]  # fmt: skip


def test_local_launcher_without_sample_raises_sample_missing() -> None:
    with pytest.raises(DvfSampleMissing) as raised:
        LocalLoadLauncher([]).launch()

    assert (raised.value.status, raised.value.code) == (503, "dvf_sample_missing")


def test_bundled_samples_lists_data_files_only(tmp_path: Path) -> None:
    (tmp_path / "b.csv.gz").write_bytes(b"")
    (tmp_path / "a.txt").write_text("")
    (tmp_path / "README.md").write_text("")

    assert bundled_samples(tmp_path) == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b.csv.gz"),
    ]


def test_bundled_samples_of_missing_directory_is_empty(tmp_path: Path) -> None:
    assert bundled_samples(tmp_path / "absent") == []


def test_cloud_run_launcher_runs_the_job_and_returns_the_execution() -> None:
    client = FakeJobsClient()
    launcher = CloudRunJobLauncher(
        job_name("logis-prod"), client_factory=lambda: client
    )

    ticket = launcher.launch()

    assert client.names == [
        "projects/logis-prod/locations/europe-west1/jobs/dvf-loader"
    ]
    execution = f"{client.names[0]}/executions/dvf-loader-abc12"
    assert ticket == LaunchTicket("cloud_run", execution, job_run_id(execution))


def test_cloud_run_launcher_api_failure_is_dependency_failed() -> None:
    client = FakeJobsClient(failure=RuntimeError("permission denied"))
    launcher = CloudRunJobLauncher(
        "projects/p/locations/r/jobs/j", client_factory=lambda: client
    )

    with pytest.raises(DependencyFailed) as raised:
        launcher.launch()

    assert raised.value.status == 503


def test_get_launcher_in_tests_is_local(environment: dict[str, str]) -> None:
    assert isinstance(get_launcher(), LocalLoadLauncher)


def test_get_launcher_on_gcp_is_the_cloud_run_job(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("APP_ENV", "prod")
    monkeypatch.setenv("GOOGLE_CLOUD_PROJECT", "logis-prod")
    get_settings.cache_clear()

    launcher = get_launcher()

    assert isinstance(launcher, CloudRunJobLauncher)
    assert launcher.job_name == job_name("logis-prod")


def test_start_dvf_reload_uses_the_given_launcher() -> None:
    launcher = FakeLauncher()

    ticket = start_dvf_reload("admin-1", launcher=launcher)

    assert (ticket, launcher.launches) == (LaunchTicket("fake", "run-1", RUN_ID), 1)


def test_job_run_id_is_the_one_the_loader_job_records() -> None:
    # functions/dvf_loader names a job run uuid5(URL, "dvf-load:<execution>")
    full_name = "projects/p/locations/r/jobs/dvf-loader/executions/dvf-loader-x1"

    assert job_run_id(full_name) == uuid.uuid5(
        uuid.NAMESPACE_URL, "dvf-load:dvf-loader-x1"
    )
