"""Room types a photo can be tagged with, and how prompts name them in FR and EN.

The names carry their article ("le salon", "the living room") so that a prompt
template reads naturally in French, where the article depends on the room's gender.
"""

from __future__ import annotations

from typing import Literal, get_args

RoomType = Literal[
    "living_room", "bedroom", "kitchen", "bathroom", "dining_room", "office",
    "entrance", "balcony", "other",
]  # fmt: skip
ROOM_TYPES: tuple[str, ...] = get_args(RoomType)

_NAMES: dict[str, tuple[str, str]] = {
    # room type: (English, French), with their article
    "living_room": ("the living room", "le salon"),
    "bedroom": ("the bedroom", "la chambre"),
    "kitchen": ("the kitchen", "la cuisine"),
    "bathroom": ("the bathroom", "la salle de bains"),
    "dining_room": ("the dining room", "la salle à manger"),
    "office": ("the home office", "le bureau"),
    "entrance": ("the entrance hall", "l'entrée"),
    "balcony": ("the balcony", "le balcon"),
}


def room_name(room_type: str | None, language: str) -> str | None:
    """The room as a prompt names it ("the kitchen"); None for none or ``other``."""
    names = _NAMES.get(room_type or "")
    if names is None:
        return None
    return names[1] if language == "fr" else names[0]
