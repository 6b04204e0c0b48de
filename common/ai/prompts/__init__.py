"""Versioned prompt templates of the Gemini provider, shipped inside the package.

Each template is ``<name>_v<N>.md`` next to this module, read with importlib.resources
(so it works from a zip or an installed package) and filled with ``string.Template``
placeholders (``$language``...), which leave the JSON braces of examples alone. A
changed prompt is a new file with the next version, so an analysis can always say which
prompt produced it; the analysis rules shared by the ``analyse_*`` templates are
versioned with them (``analysis_rules_v<N>`` goes with ``analyse_<category>_v<N>``).
"""

from __future__ import annotations

import functools
from importlib import resources
from string import Template

LANGUAGE_NAMES = {"fr": "French", "en": "English"}
ANALYSIS_RULES = "analysis_rules_v{version}"  # shared by the analyse templates


@functools.cache
def template(name: str) -> Template:
    """The template ``name`` (for example ``classify_v1``), read once per process."""
    source = resources.files(__package__).joinpath(f"{name}.md")
    return Template(source.read_text(encoding="utf-8"))


def render(name: str, *, language: str, **values: str) -> str:
    """The prompt ``name`` filled in, asking for answers in ``language`` (fr or en).

    An ``analyse_<category>_v<N>`` template takes the shared rules of its own version
    (``analysis_rules_v<N>``), so an older prompt still renders as it was.
    """
    language_name = LANGUAGE_NAMES[language]
    chosen = template(name)
    if "analysis_rules" in chosen.get_identifiers():
        rules_name = ANALYSIS_RULES.format(version=name.rpartition("_v")[2])
        rules = template(rules_name).substitute(language_name=language_name)
        values = {**values, "analysis_rules": rules.strip()}
    return chosen.substitute(
        values, prompt_version=name, language=language, language_name=language_name
    )
