"""Time to normalise and to restyle offline one 12-megapixel phone photo.

The photo is generated once: a 4000 x 3000 JPEG of smooth gradients with noise (like
a phone picture's sensor grain, so that it compresses like one, ~3-4 MB), with an
EXIF orientation and GPS tags. Two figures, medians over ``--runs``, printed never
asserted: ``normalise_photo`` (sniff, decode under the pixel budget, orientation
applied, metadata stripped, re-encode, thumbnail: what every upload pays) and the
local provider's restyle of the normalised photo (``LocalImageProvider.edit``, what a
redesign costs offline).

Usage: ``python -m bench.photos [--runs N] [--json]``.
"""

from __future__ import annotations

import io
import statistics
import time
from typing import Any

from PIL import Image

from bench import cli
from bench.environment import prepare_environment

WIDTH, HEIGHT = 4000, 3000
ORIENTATION, GPS_IFD = 0x0112, 0x8825


def phone_photo(seed: int = 7) -> bytes:
    """A noisy 12 MP JPEG with orientation 6 and a GPS position, like a phone's."""
    gradient = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    noise = Image.effect_noise((WIDTH, HEIGHT), 40 + seed % 3)
    red = Image.blend(gradient, noise, 0.35)
    green = Image.blend(gradient.rotate(90).resize((WIDTH, HEIGHT)), noise, 0.3)
    blue = Image.blend(noise, gradient, 0.6)
    image = Image.merge("RGB", (red, green, blue))
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif.get_ifd(GPS_IFD).update(
        {1: "N", 2: (48.0, 50.0, 2.0), 3: "E", 4: (2.0, 19.0, 36.0)}
    )
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif)
    return out.getvalue()


def _median_seconds(action: Any, runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def run(runs: int = 5) -> dict[str, Any]:
    """Generate the photo, time both steps; the figures."""
    prepare_environment()
    from common.ai.images import ImageEditRequest, SourceImage
    from common.ai.local_images import LocalImageProvider
    from common.config import get_settings
    from common.photos.images import normalise_photo

    settings = get_settings()
    data = phone_photo()
    normalised: list[SourceImage] = []

    def normalise() -> None:
        with normalise_photo(
            io.BytesIO(data),
            max_bytes=settings.photo_max_upload_bytes,
            max_pixels=settings.photo_max_pixels,
        ) as photo:
            normalised[:] = [SourceImage(photo.content.read(), photo.content_type)]

    normalise_s = _median_seconds(normalise, runs)
    request = ImageEditRequest(
        prompt="",
        image=normalised[0],
        aspect_ratio="4:3",
        style_preset="cozy_hygge",
    )
    provider = LocalImageProvider()
    restyle_s = _median_seconds(lambda: provider.edit(request), runs)
    return {
        "photo_mib": round(len(data) / 2**20, 2),
        "normalise_s": round(normalise_s, 3),
        "restyle_s": round(restyle_s, 3),
        "runs": runs,
    }


def report(result: dict[str, Any]) -> None:
    """Print the figures."""
    print(
        f"12 MP JPEG ({result['photo_mib']} MiB): normalised in "
        f"{result['normalise_s']:.2f} s, restyled offline in "
        f"{result['restyle_s']:.2f} s (median of {result['runs']})"
    )


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = cli.parser("photos")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    cli.emit(run(args.runs), args.json, report)


if __name__ == "__main__":
    main()
