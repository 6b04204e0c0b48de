"""Versioned prompt templates of the Gemini provider, shipped inside the package.

Each template is ``<name>_v<N>.md`` next to this module, read with importlib.resources
(so it works from a zip or an installed package) and filled with ``string.Template``
placeholders (``$language``...), which leave the JSON braces of examples alone. A
changed prompt is a new file with the next version, so an analysis can always say which
prompt produced it.
"""

from __future__ import annotations

import functools
from importlib import resources
from string import Template

LANGUAGE_NAMES = {"fr": "French", "en": "English"}
ANALYSIS_RULES = "analysis_rules_v1"  # shared by every analyse_<category> template


@functools.cache
def template(name: str) -> Template:
    """The template ``name`` (for example ``classify_v1``), read once per process."""
    source = resources.files(__package__).joinpath(f"{name}.md")
    return Template(source.read_text(encoding="utf-8"))


def render(name: str, *, language: str, **values: str) -> str:
    """The prompt ``name`` filled in, asking for answers in ``language`` (fr or en)."""
    language_name = LANGUAGE_NAMES[language]
    rules = template(ANALYSIS_RULES).substitute(language_name=language_name)
    return template(name).substitute(
        values,
        prompt_version=name,
        language=language,
        language_name=language_name,
        analysis_rules=rules.strip(),
    )
