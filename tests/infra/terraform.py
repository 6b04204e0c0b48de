"""Reading infra/ without Terraform: the .tf files parsed with python-hcl2.

Terraform cannot download its providers here, so the offline checks read the
configuration as data. :class:`TerraformConfig` gathers the blocks of every file of
a directory; :func:`resolve` evaluates the small subset of expressions the checks
need (``var.*``, ``local.*``, ``each.*`` references, string templates and
``join``) against a scope, and leaves anything else (resource attributes, function
calls) as an :class:`Unknown`, the way ``terraform plan`` shows "known after apply".
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import hcl2

ROOT = Path(__file__).resolve().parents[2]
INFRA = ROOT / "infra"
MODULE = INFRA / "modules" / "function"
ENVIRONMENTS = ("dev", "prod")

_OPTIONS = hcl2.SerializationOptions(
    strip_string_quotes=True, explicit_blocks=False, with_comments=False
)
_WHOLE = re.compile(r"^\$\{(?P<expr>[^${}]*(?:\{[^{}]*\}[^${}]*)*)\}$")
_INTERPOLATION = re.compile(r"\$\{(?P<expr>[^{}]*)\}")
_STEP = re.compile(r"""\.(?P<attr>[A-Za-z_][\w-]*)|\["(?P<key>[^"]+)"\]""")
_REFERENCE = re.compile(
    r"""^(?P<root>var|local|each)(?P<steps>(?:\.[A-Za-z_][\w-]*|\["[^"]+"\])*)$"""
)
_JOIN = re.compile(r"""^join\("(?P<sep>[^"]*)",\s*(?P<ref>[^()]+)\)$""")


@dataclass(frozen=True)
class Unknown:
    """A value Terraform only knows at apply time (resource attributes...)."""

    expression: str

    def __str__(self) -> str:
        return f"<{self.expression}>"


def load_hcl(path: Path) -> dict[str, Any]:
    """One .tf or .tfvars file as data (string literals without their quotes)."""
    with path.open(encoding="utf-8") as handle:
        data: dict[str, Any] = hcl2.load(handle, serialization_options=_OPTIONS)
    return data


@dataclass
class TerraformConfig:
    """The blocks of every ``*.tf`` file of one directory (root or module)."""

    directory: Path
    files: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, directory: Path) -> TerraformConfig:
        """Parse every ``*.tf`` file of ``directory``."""
        files = {p.name: load_hcl(p) for p in sorted(directory.glob("*.tf"))}
        return cls(directory, files)

    def _blocks(self, kind: str) -> list[dict[str, Any]]:
        return [block for data in self.files.values() for block in data.get(kind, [])]

    @cached_property
    def locals(self) -> dict[str, Any]:
        """Every local value, unevaluated."""
        merged: dict[str, Any] = {}
        for block in self._blocks("locals"):
            merged.update(block)
        return merged

    @cached_property
    def variables(self) -> dict[str, dict[str, Any]]:
        """Variable name => its declaration (type, default...)."""
        return {
            name: body
            for block in self._blocks("variable")
            for name, body in block.items()
        }

    @cached_property
    def resources(self) -> dict[str, dict[str, dict[str, Any]]]:
        """Resource type => name => body."""
        found: dict[str, dict[str, dict[str, Any]]] = {}
        for block in self._blocks("resource"):
            for kind, named in block.items():
                found.setdefault(kind, {}).update(named)
        return found

    @cached_property
    def modules(self) -> dict[str, dict[str, Any]]:
        """Module call name => its arguments."""
        return {
            name: body
            for block in self._blocks("module")
            for name, body in block.items()
        }

    def resource(self, kind: str, name: str) -> dict[str, Any]:
        """One resource's body."""
        return self.resources[kind][name]

    def variable_values(self, tfvars: Path) -> dict[str, Any]:
        """The variables' defaults overridden by a tfvars file."""
        values = {
            name: body["default"]
            for name, body in self.variables.items()
            if "default" in body
        }
        values.update(load_hcl(tfvars))
        return values

    def scope(self, tfvars: Path) -> Scope:
        """The evaluation scope of the root module for one environment."""
        return Scope(variables=self.variable_values(tfvars), locals=self.locals)


def tfvars_example(environment: str) -> Path:
    """``infra/env/<environment>.tfvars.example``."""
    return INFRA / "env" / f"{environment}.tfvars.example"


@dataclass(frozen=True)
class Scope:
    """What ``var``, ``local`` and ``each`` mean while resolving an expression."""

    variables: Mapping[str, Any]
    locals: Mapping[str, Any]
    each: Mapping[str, Any] | None = None

    def with_each(self, key: str, value: Any) -> Scope:
        """The scope inside a ``for_each`` instance."""
        return Scope(self.variables, self.locals, {"key": key, "value": value})


def resolve(value: Any, scope: Scope) -> Any:
    """Evaluate a parsed value: maps and lists item by item, strings as templates."""
    if isinstance(value, dict):
        return {key: resolve(item, scope) for key, item in value.items()}
    if isinstance(value, list):
        return [resolve(item, scope) for item in value]
    if not isinstance(value, str):
        return value
    whole = _WHOLE.match(value)
    if whole:
        return _evaluate(whole["expr"].strip(), scope)
    return _INTERPOLATION.sub(lambda m: _text(_evaluate(m["expr"], scope)), value)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return json.dumps(value)
    return str(value)


def _evaluate(expression: str, scope: Scope) -> Any:
    joined = _JOIN.match(expression)
    if joined:
        items = _evaluate(joined["ref"].strip(), scope)
        if isinstance(items, list):
            return joined["sep"].join(_text(item) for item in items)
        return Unknown(expression)
    reference = _REFERENCE.match(expression)
    if reference is None:
        return Unknown(expression)
    roots: dict[str, Any] = {
        "var": scope.variables,
        "local": scope.locals,
        "each": scope.each or {},
    }
    current: Any = roots[reference["root"]]
    for step in _STEP.finditer(reference["steps"]):
        name = step["attr"] or step["key"]
        if not isinstance(current, Mapping) or name not in current:
            return Unknown(expression)
        current = resolve(current[name], scope)
    return current
