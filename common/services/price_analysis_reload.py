"""Starting a DVF reload: a Cloud Run job execution in the cloud, a local process else.

The launcher is a collaborator: :class:`CloudRunJobLauncher` asks the Cloud Run Admin
API to execute the loader job (the ``google-cloud-run`` client is imported only when
used); :class:`LocalLoadLauncher` starts ``python -m functions.dvf_loader load`` on
the bundled sample as a detached process. Either answers at once with what it
started and the id of the ``dvf_load_runs`` row the load will record itself under:
chosen up front locally (``--run-id``), derived from the execution name for the job
(the loader's job mode names its run ``uuid5(URL, "dvf-load:<execution>")``).
"""

from __future__ import annotations

import importlib
import logging
import subprocess
import sys
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from common.config import PROJECT_ROOT, get_settings
from common.errors import DependencyFailed
from common.messages import register

logger = logging.getLogger(__name__)

SAMPLE_DIR = PROJECT_ROOT / "common" / "dvf" / "data"
SAMPLE_SUFFIXES = (".csv", ".gz", ".txt", ".zip")
# Until a setting names the job, it follows the Terraform naming in the project.

register(
    "dvf_sample_missing",
    "No DVF sample is bundled to load locally.",
    "Aucun échantillon DVF n'est fourni pour un chargement local.",
)


class DvfSampleMissing(DependencyFailed):
    """A local reload was asked for but no sample file is bundled."""

    code = "dvf_sample_missing"
    retryable = False


@dataclass(frozen=True)
class LaunchTicket:
    """What was started: the launcher kind and its execution reference."""

    launcher: str
    execution: str
    run_id: uuid.UUID


class LoadLauncher(Protocol):
    """Starts one DVF load and returns without waiting for it."""

    def launch(self) -> LaunchTicket:
        """Start the load; raise ``DependencyFailed`` when it cannot start."""


class LocalLoadLauncher:
    """Runs the loader CLI on local files as a detached child process."""

    def __init__(self, sources: Sequence[str], *, python: str = sys.executable) -> None:
        self.sources = list(sources)
        self.python = python

    def command(self, run_id: uuid.UUID) -> list[str]:
        """The command line of the load recorded as run ``run_id``."""
        options = ["--run-id", str(run_id), "--no-progress"]
        loader = [self.python, "-m", "functions.dvf_loader", "load"]
        return [*loader, *options, *self.sources]

    def launch(self) -> LaunchTicket:
        """Start the loader process; its progress is recorded in dvf_load_runs."""
        if not self.sources:
            raise DvfSampleMissing()
        run_id = uuid.uuid4()
        try:
            process = subprocess.Popen(
                self.command(run_id),
                cwd=PROJECT_ROOT,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError as exc:
            raise DependencyFailed() from exc
        return LaunchTicket("local", f"pid:{process.pid}", run_id)


class CloudRunJobLauncher:
    """Executes the loader's Cloud Run job through the Cloud Run Admin API."""

    def __init__(
        self, job_name: str, *, client_factory: Callable[[], Any] | None = None
    ) -> None:
        self.job_name = job_name
        self._client_factory = client_factory or _jobs_client

    def launch(self) -> LaunchTicket:
        """Start one execution of the job; its name is the reference."""
        try:
            operation = self._client_factory().run_job(name=self.job_name)
            execution = str(operation.metadata.name)
        except Exception as exc:  # any SDK or transport failure of the Admin API
            logger.warning(
                "dvf job not started", extra={"fields": {"error": type(exc).__name__}}
            )
            raise DependencyFailed() from exc
        return LaunchTicket("cloud_run", execution, job_run_id(execution))


def job_run_id(execution: str) -> uuid.UUID:
    """The run id the loader job records for the execution ``execution``."""
    short_name = execution.rsplit("/", 1)[-1]
    return uuid.uuid5(uuid.NAMESPACE_URL, f"dvf-load:{short_name}")


def _jobs_client() -> Any:
    run_v2 = importlib.import_module("google.cloud.run_v2")
    return run_v2.JobsClient()


def bundled_samples(directory: Path = SAMPLE_DIR) -> list[str]:
    """The DVF sample files bundled with the code, sorted."""
    if not directory.is_dir():
        return []
    return sorted(
        str(path)
        for path in directory.iterdir()
        if path.is_file() and path.name.endswith(SAMPLE_SUFFIXES)
    )


def job_name(project_id: str) -> str:
    """The full resource name of the loader job in ``project_id``."""
    settings = get_settings()
    return f"projects/{project_id}/locations/{settings.dvf_job_region}/jobs/" + (
        settings.dvf_job_id
    )


def get_launcher() -> LoadLauncher:
    """The Cloud Run launcher on GCP, the local one on a workstation or in tests."""
    settings = get_settings()
    if settings.env in ("local", "test") or not settings.project_id:
        return LocalLoadLauncher(bundled_samples())
    return CloudRunJobLauncher(job_name(settings.project_id))


def start_dvf_reload(
    requested_by: str, *, launcher: LoadLauncher | None = None
) -> LaunchTicket:
    """Start a DVF reload now; the caller is an administrator."""
    ticket = (launcher or get_launcher()).launch()
    fields = {
        "requested_by": requested_by,
        "launcher": ticket.launcher,
        "execution": ticket.execution,
        "run_id": str(ticket.run_id),
    }
    logger.info("dvf reload started", extra={"fields": fields})
    return ticket
