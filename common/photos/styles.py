"""Redesign style presets (names, descriptions, prompt templates in FR and EN), prompts.

A preset is a starting point: the client shows its template in the user's language,
the user may edit it, and an edited prompt is what gets used (``compose_prompt``).
Templates name the room through ``{room}`` (``common.photos.rooms``) and always ask to
keep the architecture and the viewpoint, since a buyer wants to see *this* apartment
renovated, not another one. The local image provider maps each preset to its own
palette and tone (``common.ai.local_images``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from common.photos.rooms import room_name

StylePresetId = Literal[
    "modern_norwegian", "minimalist_scandinavian", "cozy_hygge", "fancy_dark_modern",
    "parisian_chic",
]  # fmt: skip
PRESET_IDS: tuple[str, ...] = get_args(StylePresetId)

_KEEP_EN = (
    " Keep the walls, windows, doors, ceiling height and camera viewpoint exactly as "
    "they are; change only finishes, furniture, lighting and decoration. "
    "Photorealistic interior photograph."
)
_KEEP_FR = (
    " Conservez exactement les murs, les fenêtres, les portes, la hauteur sous "
    "plafond et le point de vue ; ne changez que les finitions, le mobilier, "
    "l'éclairage et la décoration. Photographie d'intérieur photoréaliste."
)


@dataclass(frozen=True)
class Texts:
    """One text in English and French."""

    en: str
    fr: str

    def in_language(self, language: str) -> str:
        """The French text for ``fr``, the English one otherwise."""
        return self.fr if language == "fr" else self.en


@dataclass(frozen=True)
class StylePreset:
    """A named style: what the user reads and the prompt template it starts from."""

    id: str
    name: Texts
    description: Texts
    prompt_template: Texts


def _preset(
    preset_id: str, names: tuple[str, str], descriptions: tuple[str, str], asks: Texts
) -> StylePreset:
    template = Texts(asks.en + _KEEP_EN, asks.fr + _KEEP_FR)
    return StylePreset(preset_id, Texts(*names), Texts(*descriptions), template)


PRESETS: dict[str, StylePreset] = {
    preset.id: preset
    for preset in (
        _preset(
            "modern_norwegian",
            ("Modern Norwegian", "Norvégien moderne"),
            (
                "Light oak, matte white walls, soft greys and sage, wool and linen.",
                "Chêne clair, murs blancs mats, gris doux et vert sauge, laine et lin.",
            ),
            Texts(
                "Redesign {room} in a modern Norwegian style: light oak floor and "
                "furniture, matte white walls, soft grey and sage-green textiles, "
                "clean-lined furniture, wool and linen, warm indirect lighting.",
                "Réaménagez {room} dans un style norvégien moderne : parquet et "
                "mobilier en chêne clair, murs blanc mat, textiles gris doux et vert "
                "sauge, meubles aux lignes épurées, laine et lin, lumière indirecte "
                "chaleureuse.",
            ),
        ),
        _preset(
            "minimalist_scandinavian",
            ("Minimalist Scandinavian", "Scandinave minimaliste"),
            (
                "White and pale birch, very few objects, black accents, bright light.",
                "Blanc et bouleau clair, très peu d'objets, touches de noir, lumineux.",
            ),
            Texts(
                "Redesign {room} in a minimalist Scandinavian style: white walls, pale "
                "birch wood, very few carefully chosen objects, thin black metal "
                "accents, uncluttered surfaces, bright natural daylight.",
                "Réaménagez {room} dans un style scandinave minimaliste : murs blancs, "
                "bois de bouleau clair, très peu d'objets choisis, fines touches de "
                "métal noir, surfaces dégagées, grande lumière naturelle.",
            ),
        ),
        _preset(
            "cozy_hygge",
            ("Cozy hygge", "Hygge douillet"),
            (
                "Warm woods, layered textiles, candles, plants and soft amber light.",
                "Bois chauds, textiles superposés, bougies, plantes et lumière ambrée.",
            ),
            Texts(
                "Redesign {room} in a cozy hygge style: warm wood, layered wool "
                "throws and cushions, a deep soft sofa or bed, candles, plants, earthy "
                "terracotta and cream tones, soft amber evening light.",
                "Réaménagez {room} dans un style hygge douillet : bois chaleureux, "
                "plaids et coussins en laine superposés, canapé ou lit moelleux, "
                "bougies, plantes, tons terre cuite et crème, douce lumière ambrée.",
            ),
        ),
        _preset(
            "fancy_dark_modern",
            ("Fancy dark modern", "Moderne sombre et chic"),
            (
                "Charcoal walls, black marble, brass accents, velvet, dramatic light.",
                "Murs anthracite, marbre noir, laiton, velours, éclairage théâtral.",
            ),
            Texts(
                "Redesign {room} in a luxurious dark modern style: charcoal walls, "
                "black marble, brushed brass accents, deep green or navy velvet, "
                "sculptural lighting with dramatic contrast.",
                "Réaménagez {room} dans un style moderne sombre et luxueux : murs "
                "anthracite, marbre noir, touches de laiton brossé, velours vert "
                "profond ou bleu nuit, luminaires sculpturaux aux contrastes marqués.",
            ),
        ),
        _preset(
            "parisian_chic",
            ("Parisian chic", "Chic parisien"),
            (
                "Herringbone parquet, mouldings, off-white walls, vintage and gilded.",
                "Parquet en point de Hongrie, moulures, blanc cassé, chiné et doré.",
            ),
            Texts(
                "Redesign {room} in a Parisian chic style: herringbone oak parquet, "
                "off-white walls with mouldings, a marble fireplace mantel, mixed "
                "vintage and contemporary furniture, gilded mirror, soft daylight.",
                "Réaménagez {room} dans un style chic parisien : parquet de chêne en "
                "point de Hongrie, murs blanc cassé à moulures, cheminée en marbre, "
                "mobilier chiné et contemporain, miroir doré, lumière douce.",
            ),
        ),
    )
}

_ROOM_CONTEXT = Texts("The photo shows {room}. ", "La photo montre {room}. ")
_ANY_ROOM = Texts("this room", "cette pièce")


def compose_prompt(
    preset_id: str | None,
    custom_prompt: str | None,
    room_type: str | None,
    language: str,
) -> str:
    """The prompt sent to the model: the user's own text if any, else the template.

    A user's text is used as written, after one sentence naming the room when the
    photo has a room type; a template is filled with the room's name.
    """
    room = room_name(room_type, language)
    if custom_prompt and custom_prompt.strip():
        context = _ROOM_CONTEXT.in_language(language).format(room=room) if room else ""
        return context + custom_prompt.strip()
    if preset_id is None:
        raise ValueError("a preset or a prompt is required")
    template = PRESETS[preset_id].prompt_template.in_language(language)
    return template.format(room=room or _ANY_ROOM.in_language(language))
