"""Photo files: content sniffing, decoding limits, orientation, metadata, thumbnails."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from common.photos.images import (
    THUMBNAIL_PIXELS,
    CorruptPhoto,
    NormalisedPhoto,
    PhotoTooLarge,
    UnsupportedPhoto,
    normalise_photo,
)
from tests.fixtures.photos import (
    SOFA,
    WINDOW,
    corrupt_jpeg,
    encoded,
    html_named_jpg,
    phone_jpeg,
    png_bomb,
    png_photo,
    room_photo,
    truncated,
    webp_photo,
)

MIB = 1024 * 1024


def normalised(data: bytes, **limits: int) -> tuple[NormalisedPhoto, bytes]:
    options = {"max_bytes": 20 * MIB, "max_pixels": 50_000_000, **limits}
    with normalise_photo(io.BytesIO(data), **options) as photo:
        return photo, photo.content.read()


def reopened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def close_to(pixel: object, colour: tuple[int, int, int], tolerance: int = 40) -> bool:
    assert isinstance(pixel, tuple)
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=False))


def test_phone_jpeg_is_turned_upright_by_its_exif_orientation() -> None:
    photo, content = normalised(phone_jpeg(320, 240))

    image = reopened(content)
    assert (photo.width, photo.height) == image.size == (320, 240)
    assert close_to(image.getpixel((20, 20)), WINDOW)  # the window is back on the left
    assert close_to(image.getpixel((260, 150)), SOFA)


def test_phone_jpeg_loses_exif_gps_xmp_comment_and_icc() -> None:
    _, content = normalised(phone_jpeg())

    image = reopened(content)
    assert dict(image.getexif()) == {}
    assert not {"exif", "xmp", "comment", "icc_profile"} & image.info.keys()
    assert b"GPS" not in content and b"xmpmeta" not in content
    assert b"Daguerre" not in content and b"PhoneMaker" not in content


@pytest.mark.parametrize(
    ("data", "content_type", "image_format"),
    [(png_photo(), "image/png", "PNG"), (webp_photo(), "image/webp", "WEBP")],
    ids=["png", "webp"],
)
def test_png_and_webp_keep_their_format_without_metadata(
    data: bytes, content_type: str, image_format: str
) -> None:
    photo, content = normalised(data)

    image = reopened(content)
    assert photo.content_type == content_type
    assert image.format == image_format
    assert dict(image.getexif()) == {}
    assert b"Daguerre" not in content and b"PhoneMaker" not in content


def test_png_keeps_its_alpha_channel() -> None:
    transparent = Image.new("RGBA", (40, 30), (10, 20, 30, 90))

    _, content = normalised(encoded(transparent, "PNG"))

    assert reopened(content).getpixel((5, 5)) == (10, 20, 30, 90)


def test_normalised_photo_reports_size_and_sha256_of_what_is_kept() -> None:
    import hashlib

    photo, content = normalised(phone_jpeg())

    assert photo.size == len(content)
    assert photo.sha256 == hashlib.sha256(content).hexdigest()


def test_thumbnail_is_a_jpeg_within_the_thumbnail_size_keeping_the_shape() -> None:
    photo, _ = normalised(encoded(room_photo(1600, 1200), "PNG"))

    thumbnail = reopened(photo.thumbnail)
    assert thumbnail.format == "JPEG"
    assert thumbnail.size == (THUMBNAIL_PIXELS, THUMBNAIL_PIXELS * 3 // 4)


def test_an_html_page_is_not_an_image_whatever_its_name() -> None:
    with pytest.raises(UnsupportedPhoto) as raised:
        normalised(html_named_jpg())

    assert (raised.value.status, raised.value.code) == (415, "unsupported_photo")


def test_a_pdf_is_refused_although_documents_accept_it() -> None:
    with pytest.raises(UnsupportedPhoto):
        normalised(b"%PDF-1.4\n%%EOF\n")


@pytest.mark.parametrize(
    "data",
    [corrupt_jpeg(), truncated(phone_jpeg()), truncated(png_photo()), b""],
    ids=["corrupt-jpeg", "truncated-jpeg", "truncated-png", "empty"],
)
def test_damaged_images_are_refused_as_corrupt(data: bytes) -> None:
    with pytest.raises(CorruptPhoto) as raised:
        normalised(data)

    assert raised.value.status == 422


def test_a_file_over_the_byte_limit_is_refused_before_decoding() -> None:
    data = phone_jpeg()

    with pytest.raises(PhotoTooLarge) as raised:
        normalised(data, max_bytes=len(data) - 1)

    assert raised.value.status == 413
    assert raised.value.details == {"max_bytes": len(data) - 1}


def test_a_decompression_bomb_is_refused_from_its_header() -> None:
    bomb = png_bomb(100_000, 100_000)  # 10 gigapixels in a few hundred bytes

    with pytest.raises(PhotoTooLarge) as raised:
        normalised(bomb)

    assert len(bomb) < 1000
    assert raised.value.message_key == "photo_too_many_pixels"


def test_an_image_over_the_pixel_budget_is_refused() -> None:
    with pytest.raises(PhotoTooLarge) as raised:
        normalised(encoded(room_photo(400, 300), "PNG"), max_pixels=400 * 300 - 1)

    assert raised.value.details == {"max_pixels": 400 * 300 - 1}
