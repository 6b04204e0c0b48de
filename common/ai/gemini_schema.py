"""Response schemas for Gemini, generated from the project's pydantic models.

Gemini's ``responseSchema`` is a subset of OpenAPI 3: google-genai refuses a pydantic
model whose JSON Schema uses other keywords (``exclusiveMinimum`` from ``gt=0``, for
one). So the JSON Schema of the model is reduced to that subset: exclusive bounds
become inclusive ones, a ``const`` becomes a one-value ``enum``, and unknown keywords
are dropped. The model itself still
validates the answer with every constraint (``model_validate_json``), so nothing is
loosened where it matters: a value the schema let through but the model refuses is a
permanent ``AnalysisFailed``.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

from pydantic import BaseModel

# Keywords of google.genai.types.Schema, in JSON Schema spelling (plus $ref/$defs,
# which the SDK inlines).
SUPPORTED_KEYWORDS = frozenset(
    {
        "type", "format", "title", "description", "nullable", "enum", "default",
        "example", "items", "minItems", "maxItems", "properties", "required",
        "propertyOrdering", "minProperties", "maxProperties", "minLength",
        "maxLength", "pattern", "minimum", "maximum", "anyOf",
        "additionalProperties", "$ref", "$defs",
    }
)  # fmt: skip
_RENAMED = {"exclusiveMinimum": "minimum", "exclusiveMaximum": "maximum"}
_SCHEMA_MAPS = ("properties", "$defs")  # name -> schema
_SUBSCHEMAS = ("items", "anyOf", "additionalProperties")  # a schema or a list of them


def response_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema of ``model`` reduced to what Gemini's response schema takes."""
    # A fresh copy each time: the SDK rewrites the schema it is given in place.
    return copy.deepcopy(_reduced_schema(model))


@functools.cache
def _reduced_schema(model: type[BaseModel]) -> dict[str, Any]:
    return _reduce(model.model_json_schema())


def _reduce(schema: dict[str, Any]) -> dict[str, Any]:
    reduced: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "const":  # a one-value Literal, such as each analysis's category
            key, value = "enum", [value]
        name = _RENAMED.get(key, key)
        if name not in SUPPORTED_KEYWORDS or name in reduced:
            continue
        if name in _SCHEMA_MAPS:
            reduced[name] = {field: _reduce(sub) for field, sub in value.items()}
        elif name in _SUBSCHEMAS and isinstance(value, list):
            reduced[name] = [_reduce(sub) for sub in value]
        elif name in _SUBSCHEMAS and isinstance(value, dict):
            reduced[name] = _reduce(value)
        else:
            reduced[name] = value  # data (enum, default, example...), kept as is
    return reduced
