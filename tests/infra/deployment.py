"""What infra/ deploys, per environment: functions, their settings, the jobs.

Built on :mod:`tests.infra.terraform`. It follows the wiring the configuration
declares (and the checks assert that wiring where it is written as an expression):
a function's environment is ``merge(local.common_env, <function>.env)`` passed to
the module, plus the module's ``local.pool_environment`` and one variable per
secret of the function; a job's is ``merge(local.common_env, <job env>)`` plus the
job secrets.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from tests.infra.terraform import (
    INFRA,
    MODULE,
    Scope,
    TerraformConfig,
    Unknown,
    resolve,
    tfvars_example,
)

SECRET = Unknown("secret from Secret Manager")
Environment = dict[str, Any]


@functools.cache
def root() -> TerraformConfig:
    """infra/*.tf."""
    return TerraformConfig.load(INFRA)


@functools.cache
def module() -> TerraformConfig:
    """infra/modules/function/*.tf."""
    return TerraformConfig.load(MODULE)


def scope(environment: str) -> Scope:
    """The root scope with the example tfvars of ``environment``."""
    return root().scope(tfvars_example(environment))


def local(name: str, environment: str) -> Any:
    """One local value of the root module, evaluated."""
    return resolve(root().locals[name], scope(environment))


def variable(name: str, environment: str) -> Any:
    """One variable's value in ``environment``."""
    return root().variable_values(tfvars_example(environment))[name]


def functions(environment: str = "prod") -> dict[str, dict[str, Any]]:
    """``local.functions`` evaluated: folder name => declaration."""
    declared: dict[str, dict[str, Any]] = local("functions", environment)
    return declared


def module_inputs(name: str, environment: str) -> dict[str, Any]:
    """The arguments ``module.function`` receives for the function ``name``."""
    call = root().modules["function"]
    each = scope(environment).with_each(name, root().locals["functions"][name])
    return {key: resolve(value, each) for key, value in call.items()}


def function_environment(name: str, environment: str) -> Environment:
    """Every environment variable the function ``name`` is deployed with."""
    declared = functions(environment)[name]
    inputs = module_inputs(name, environment)
    module_scope = Scope(variables=inputs, locals=module().locals)
    env: Environment = {
        **local("common_env", environment),
        **declared["env"],
        **resolve(module().locals["pool_environment"], module_scope),
    }
    secret_names = local("secrets", environment)
    env.update({secret_names[secret]: SECRET for secret in declared["secrets"]})
    return env


@dataclass(frozen=True)
class Job:
    """A Cloud Run job of jobs.tf and how it is sized."""

    resource: str
    env_local: str

    def body(self) -> dict[str, Any]:
        """The resource's body."""
        return root().resource("google_cloud_run_v2_job", self.resource)

    def name(self, environment: str) -> Any:
        """The deployed job name."""
        return resolve(self.body()["name"], scope(environment))

    def execution(self, environment: str) -> dict[str, Any]:
        """``template``: task_count, parallelism."""
        template: dict[str, Any] = resolve(
            self.body()["template"][0], scope(environment)
        )
        return template

    def environment(self, environment: str) -> Environment:
        """Every environment variable of the job's container."""
        env: Environment = {
            **local("common_env", environment),
            **local(self.env_local, environment),
        }
        secret_names = local("secrets", environment)
        env.update({secret_names[s]: SECRET for s in local("job_secrets", environment)})
        return env


JOBS = {
    "dvf_loader": Job("dvf_loader", "dvf_job_env"),
    "migrate": Job("migrate", "migrate_job_env"),
}
