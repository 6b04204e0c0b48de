"""Versioned prompt templates shipped inside the package."""

from __future__ import annotations

import pytest

from common.ai import prompts
from common.ai.gemini import ANALYSE_PROMPT, CLASSIFY_PROMPT, NARRATE_PROMPT
from common.ai.schemas import CATEGORIES

PROMPT_NAMES = [
    CLASSIFY_PROMPT,
    NARRATE_PROMPT,
    *(ANALYSE_PROMPT.format(category=category) for category in CATEGORIES),
]


@pytest.mark.parametrize("name", PROMPT_NAMES)
@pytest.mark.parametrize(
    ("language", "language_name"), [("fr", "French"), ("en", "English")]
)
def test_every_prompt_renders_with_its_version_and_output_language(
    name: str, language: str, language_name: str
) -> None:
    text = prompts.render(name, language=language, scope="Scope.", facts_json="{}")

    assert text.startswith(f"Prompt version: {name}.")
    assert f"Output language: {language} ({language_name})." in text
    assert "$" not in text


def test_analysis_prompts_include_the_shared_rules_in_the_language() -> None:
    text = prompts.render("analyse_charges_v2", language="fr", scope="Scope.")

    assert "never guess or invent a value" in text
    assert "action_items in French" in text
    assert "Scope." in text


def test_an_older_prompt_renders_with_the_rules_of_its_version() -> None:
    text = prompts.render("analyse_charges_v1", language="en", scope="Scope.")

    assert text.startswith("Prompt version: analyse_charges_v1.")
    assert "risk_factors in English" in text
    assert "action_items" not in text


@pytest.mark.parametrize(
    ("category", "fields"),
    [
        ("diags", ("energy_class_inferred", "ges_class_inferred", "plomb_classes")),
        ("pv_ag", ("fonds_travaux_contribution", "reportee", "not retain")),
        ("taxe_fonciere", ("syndicat_communes", "gemapi")),
        ("charges", ("never a call for voted works", "fonds de travaux")),
    ],
)
def test_analysis_prompts_ask_for_the_fields_of_the_schema(
    category: str, fields: tuple[str, ...]
) -> None:
    text = prompts.render(
        ANALYSE_PROMPT.format(category=category), language="en", scope="Scope."
    )

    assert "action_items" in text
    assert all(field in text for field in fields)


def test_narrate_prompt_embeds_the_facts_verbatim() -> None:
    text = prompts.render("narrate_v1", language="en", facts_json='{"cost": "$5"}')

    assert '{"cost": "$5"}' in text


def test_unknown_prompt_is_an_error() -> None:
    with pytest.raises(FileNotFoundError):
        prompts.render("classify_v0", language="fr")
