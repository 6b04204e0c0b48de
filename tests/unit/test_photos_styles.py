"""Style presets and the prompt a redesign sends: the user's edit wins, rooms named."""

from __future__ import annotations

import pytest

from common.photos.rooms import ROOM_TYPES, room_name
from common.photos.styles import PRESET_IDS, PRESETS, compose_prompt

REQUIRED_PRESETS = (
    "modern_norwegian",
    "minimalist_scandinavian",
    "cozy_hygge",
    "fancy_dark_modern",
)


def test_the_required_presets_exist_with_french_and_english_texts() -> None:
    assert set(REQUIRED_PRESETS) <= set(PRESETS)
    assert tuple(PRESETS) == PRESET_IDS
    for preset in PRESETS.values():
        for texts in (preset.name, preset.description, preset.prompt_template):
            assert texts.en.strip() and texts.fr.strip()
            assert texts.en != texts.fr
        assert "{room}" in preset.prompt_template.en
        assert "{room}" in preset.prompt_template.fr


def test_template_is_used_in_the_request_language_with_the_room_named() -> None:
    french = compose_prompt("cozy_hygge", None, "bedroom", "fr")
    english = compose_prompt("cozy_hygge", None, "bedroom", "en")

    assert french.startswith("Réaménagez la chambre dans un style hygge douillet")
    assert english.startswith("Redesign the bedroom in a cozy hygge style")


def test_template_without_room_type_names_the_room_generically() -> None:
    prompt = compose_prompt("fancy_dark_modern", None, None, "fr")

    assert prompt.startswith("Réaménagez cette pièce dans un style moderne sombre")


def test_an_edited_prompt_is_used_as_written_after_the_room() -> None:
    edited = "  Repeins les murs en vert sauge et garde le canapé.  "

    prompt = compose_prompt("cozy_hygge", edited, "living_room", "fr")

    expected = (
        "La photo montre le salon. Repeins les murs en vert sauge et garde le canapé."
    )
    assert prompt == expected


def test_an_edited_prompt_without_room_type_is_used_alone() -> None:
    assert compose_prompt(None, "Paint it white", "other", "en") == "Paint it white"


def test_a_blank_prompt_falls_back_to_the_preset() -> None:
    assert compose_prompt("parisian_chic", "   ", None, "en").startswith("Redesign")


def test_neither_preset_nor_prompt_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="preset or a prompt"):
        compose_prompt(None, None, None, "en")


@pytest.mark.parametrize("room_type", [room for room in ROOM_TYPES if room != "other"])
def test_every_named_room_has_both_names(room_type: str) -> None:
    assert room_name(room_type, "en")
    assert room_name(room_type, "fr")
    assert room_name(room_type, "en") != room_name(room_type, "fr")
