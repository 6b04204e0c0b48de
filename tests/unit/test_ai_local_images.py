"""The offline image provider: a real, deterministic restyle per preset, same size."""

from __future__ import annotations

import io
import itertools

import pytest
from PIL import Image, ImageChops, ImageStat

from common.ai.images import ImageEditRequest, SourceImage
from common.ai.local_images import LOOKS, MODEL, NEUTRAL, LocalImageProvider, look_for
from common.photos.styles import PRESET_IDS
from tests.fixtures.photos import encoded, room_photo

PHOTO = SourceImage(encoded(room_photo(400, 300), "JPEG", quality=95), "image/jpeg")


def restyled(preset: str | None, prompt: str = "", **options: object) -> Image.Image:
    request = ImageEditRequest(
        prompt=prompt,
        image=PHOTO,
        aspect_ratio="16:9",
        style_preset=preset,
        **options,  # type: ignore[arg-type]
    )
    generated = LocalImageProvider().edit(request)
    assert (generated.mime_type, generated.model) == ("image/jpeg", MODEL)
    image = Image.open(io.BytesIO(generated.data))
    image.load()
    return image


def mean_difference(first: Image.Image, second: Image.Image) -> float:
    return sum(ImageStat.Stat(ImageChops.difference(first, second)).mean) / 3


def test_every_preset_has_a_look() -> None:
    assert set(LOOKS) == set(PRESET_IDS)


@pytest.mark.parametrize("preset", PRESET_IDS)
def test_restyled_photo_keeps_the_size_and_changes_the_colours(preset: str) -> None:
    original = Image.open(io.BytesIO(PHOTO.data)).convert("RGB")

    image = restyled(preset)

    assert image.size == original.size  # the asked 16:9 is not forced on the room
    assert mean_difference(image, original) > 12


def test_the_presets_give_visibly_different_images() -> None:
    images = {preset: restyled(preset) for preset in PRESET_IDS}

    for first, second in itertools.combinations(PRESET_IDS, 2):
        assert mean_difference(images[first], images[second]) > 8, (first, second)


def test_the_dark_preset_darkens_and_the_minimalist_one_brightens() -> None:
    original = Image.open(io.BytesIO(PHOTO.data)).convert("L")

    def brightness(image: Image.Image) -> float:
        return float(ImageStat.Stat(image.convert("L")).mean[0])

    assert brightness(restyled("fancy_dark_modern")) < brightness(original) - 30
    assert brightness(restyled("minimalist_scandinavian")) > brightness(original)


def test_the_same_request_gives_the_same_bytes() -> None:
    request = ImageEditRequest("x", PHOTO, "4:3", style_preset="cozy_hygge")

    first = LocalImageProvider().edit(request).data
    second = LocalImageProvider().edit(request).data

    assert first == second


def test_edges_stay_where_they_were() -> None:
    image = restyled("modern_norwegian")

    # the window's right edge (x = 133) is still a sharp vertical edge there
    left, right = image.getpixel((128, 60)), image.getpixel((138, 60))
    assert isinstance(left, tuple) and isinstance(right, tuple)
    assert sum(abs(a - b) for a, b in zip(left, right, strict=True)) > 60


def test_a_written_prompt_picks_the_look_its_words_name() -> None:
    assert (
        look_for(None, "Une ambiance sombre avec du laiton")
        == LOOKS["fancy_dark_modern"]
    )
    assert look_for(None, "Make it cozy and warm") == LOOKS["cozy_hygge"]
    assert look_for(None, "Refais la cuisine") == NEUTRAL
    assert look_for("parisian_chic", "make it dark") == LOOKS["parisian_chic"]


def test_reference_images_pull_the_palette_toward_their_colour() -> None:
    green = SourceImage(
        encoded(Image.new("RGB", (32, 32), (0, 200, 0)), "PNG"), "image/png"
    )

    plain = restyled("parisian_chic")
    referenced = restyled("parisian_chic", references=(green,))

    plain_green = ImageStat.Stat(plain).mean[1] - ImageStat.Stat(plain).mean[0]
    referenced_green = (
        ImageStat.Stat(referenced).mean[1] - ImageStat.Stat(referenced).mean[0]
    )
    assert referenced_green > plain_green + 5
