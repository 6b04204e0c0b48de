"""The offline image provider: a real restyled photo, made with Pillow, deterministic.

It cannot move walls or add furniture, so it does what a colour grader would: each
style has a look — a three-stop palette the photo's luminance is mapped onto (shadows,
midtones, highlights) and blended with the original, a tone curve, contrast,
saturation and warmth — and the photo keeps its size and geometry (the aspect ratio
asked for is the model's to honour; cropping here would only lose the room). The
four presets give visibly different images (cool slate and sage, bright white, amber,
dark with brass highlights). A prompt written from scratch picks the look whose
keywords it mentions (FR or EN), else a neutral refresh; reference images pull the
palette's midtone halfway toward their average colour. A refinement restyles the
previous result again, as a chat with an image model would.

The same input always gives the same bytes: no randomness, a fixed JPEG encoder.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace

from PIL import Image, ImageEnhance, ImageStat

from common.ai.images import GeneratedImage, ImageEditRequest, SourceImage
from common.config import get_settings
from common.photos.images import decode, encode_image

MODEL = "local-pillow-styles-v1"
RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Look:
    """How a style grades a photo."""

    shadows: RGB
    midtones: RGB
    highlights: RGB
    palette_strength: float  # 0: the original colours, 1: the palette only
    gamma: float  # < 1 brightens, > 1 darkens
    contrast: float
    saturation: float
    warmth: int  # added to red, taken from blue


LOOKS: dict[str, Look] = {
    "modern_norwegian": Look(
        (52, 60, 64), (160, 172, 160), (246, 243, 236), 0.40, 0.88, 1.05, 0.80, 4
    ),
    "minimalist_scandinavian": Look(
        (34, 34, 36), (196, 194, 190), (253, 253, 251), 0.50, 0.75, 1.12, 0.55, 0
    ),
    "cozy_hygge": Look(
        (62, 36, 22), (196, 128, 80), (250, 228, 196), 0.45, 0.95, 0.95, 1.15, 18
    ),
    "fancy_dark_modern": Look(
        (8, 10, 14), (62, 70, 66), (214, 176, 112), 0.55, 1.45, 1.30, 0.90, 4
    ),
    "parisian_chic": Look(
        (46, 40, 38), (184, 166, 146), (248, 244, 236), 0.35, 0.90, 1.05, 0.90, 8
    ),
}
NEUTRAL = Look(
    (30, 30, 30), (140, 136, 130), (248, 246, 242), 0.15, 0.95, 1.08, 1.05, 4
)
_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("fancy_dark_modern", ("dark", "sombre", "noir", "black", "luxe", "luxur")),
    ("cozy_hygge", ("cozy", "cosy", "hygge", "chaleureu", "douillet", "warm")),
    ("minimalist_scandinavian", ("minimal", "épuré", "epure", "white", "blanc")),
    ("modern_norwegian", ("norw", "norv", "nordic", "nordique", "oak", "chêne")),
    ("parisian_chic", ("paris", "haussmann", "moulure", "moulding", "parquet")),
)


class LocalImageProvider:
    """The ``ImageProvider`` of a laptop: Pillow colour grading per style."""

    name = "local"

    def edit(self, request: ImageEditRequest) -> GeneratedImage:
        """The photo graded with the look of its style (same size)."""
        max_pixels = get_settings().photo_max_pixels
        photo = _decoded(request.image, max_pixels)
        look = look_for(request.style_preset, request.prompt)
        if request.references:
            references = [_decoded(image, max_pixels) for image in request.references]
            look = replace(look, midtones=_toward(look.midtones, _mean(references)))
        graded = grade(photo, look)
        return GeneratedImage(encode_image(graded, "image/jpeg"), "image/jpeg", MODEL)


def look_for(style_preset: str | None, prompt: str) -> Look:
    """The preset's look, else the first look the prompt's words point to."""
    if style_preset in LOOKS:
        return LOOKS[style_preset]
    text = prompt.lower()
    for name, words in _KEYWORDS:
        if any(word in text for word in words):
            return LOOKS[name]
    return NEUTRAL


def grade(photo: Image.Image, look: Look) -> Image.Image:
    """``photo`` (RGB) mapped onto the look's palette, toned, contrasted, warmed."""
    luminance = photo.convert("L")
    channels = [luminance.point(_gradient(look, channel)) for channel in range(3)]
    mapped = Image.blend(photo, Image.merge("RGB", channels), look.palette_strength)
    toned = Image.merge(
        "RGB",
        [
            band.point(_tone(look.gamma, shift))
            for band, shift in zip(
                mapped.split(), (look.warmth, 0, -look.warmth), strict=True
            )
        ],
    )
    contrasted = ImageEnhance.Contrast(toned).enhance(look.contrast)
    return ImageEnhance.Color(contrasted).enhance(look.saturation)


def _decoded(image: SourceImage, max_pixels: int) -> Image.Image:
    return decode(io.BytesIO(image.data), image.mime_type, max_pixels).convert("RGB")


def _gradient(look: Look, channel: int) -> list[int]:
    """A 256-entry table: luminance -> this channel of the three-stop palette."""
    low, middle, high = (
        look.shadows[channel],
        look.midtones[channel],
        look.highlights[channel],
    )
    table = []
    for level in range(256):
        if level < 128:
            value = low + (middle - low) * level / 127
        else:
            value = middle + (high - middle) * (level - 128) / 127
        table.append(round(value))
    return table


def _tone(gamma: float, shift: int) -> list[int]:
    return [
        min(255, max(0, round(255 * (level / 255) ** gamma) + shift))
        for level in range(256)
    ]


def _mean(images: list[Image.Image]) -> RGB:
    means = [ImageStat.Stat(image.resize((64, 64))).mean for image in images]
    red, green, blue = (round(sum(m[c] for m in means) / len(means)) for c in range(3))
    return red, green, blue


def _toward(colour: RGB, target: RGB) -> RGB:
    red, green, blue = (round((a + b) / 2) for a, b in zip(colour, target, strict=True))
    return red, green, blue
