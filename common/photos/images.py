"""Photo files: recognised by content, decoded under a pixel budget, normalised.

An upload is trusted for nothing. Its type comes from its first bytes (JPEG, PNG or
WebP; a PNG named ``.jpg`` is a PNG, an HTML page named ``.jpg`` is refused) and the
decoder is restricted to that one format. The pixel count is read from the header and
refused above the budget *before* any pixel is decoded, so a small file that would
inflate to gigabytes (a decompression bomb) costs nothing; a damaged or truncated file
fails to decode and is refused too.

What is kept is a new encoding of the decoded pixels, never the uploaded bytes: the
EXIF orientation is applied to the pixels, colours are converted to sRGB when the file
embeds an ICC profile, and nothing else of the file survives — no EXIF (GPS position,
camera serial, dates), no XMP, no comments, no ICC profile. The format stays the same
(JPEG at quality 90; PNG and WebP keep their alpha channel). A JPEG thumbnail, at most
``THUMBNAIL_PIXELS`` on its longest side, is made from the same pixels.

The encoded photo goes to a spooled temporary file (on disk past a few MiB): the
decoded pixels are the one unavoidable large allocation (3 bytes per pixel).
"""

from __future__ import annotations

import hashlib
import io
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, BinaryIO, cast

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from common.errors import InvalidInput, PayloadTooLarge, UnsupportedMediaType
from common.messages import register
from common.storage import sniff_content_type

FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
THUMBNAIL_PIXELS = 512
JPEG_QUALITY = 90
THUMBNAIL_QUALITY = 80
SPOOL_BYTES = 4 * 1024 * 1024
_SNIFF_BYTES = 32
_DECODE_ERRORS = (
    UnidentifiedImageError,
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
)

register(
    "unsupported_photo",
    "Only JPEG, PNG and WebP images are accepted.",
    "Seules les images JPEG, PNG et WebP sont acceptées.",
)
register(
    "corrupt_photo",
    "The image is damaged or incomplete.",
    "L'image est endommagée ou incomplète.",
)
register("empty_photo", "The file is empty.", "Le fichier est vide.")
register(
    "photo_too_many_pixels",
    "The image is too large (limit: {max_pixels} pixels).",
    "L'image est trop grande (limite : {max_pixels} pixels).",
)


class UnsupportedPhoto(UnsupportedMediaType):
    """Not a JPEG, PNG or WebP image, whatever its name or declared type."""

    code = "unsupported_photo"


class CorruptPhoto(InvalidInput):
    """An image of an accepted type that does not decode (damaged, truncated, empty)."""

    status, code = 422, "corrupt_photo"


class PhotoTooLarge(PayloadTooLarge):
    """Over the byte limit, or more pixels than the decoding budget."""

    code = "photo_too_large"


@dataclass(frozen=True)
class NormalisedPhoto:
    """A re-encoded photo (``content`` at position 0) and its JPEG thumbnail."""

    content: BinaryIO
    content_type: str
    size: int
    sha256: str
    width: int
    height: int
    thumbnail: bytes


def photo_content_type(head: bytes) -> str:
    """The image type of a file from its first bytes; ``UnsupportedPhoto`` otherwise."""
    if not head:
        raise CorruptPhoto("empty_photo")
    content_type = sniff_content_type(head)
    if content_type not in FORMATS:
        raise UnsupportedPhoto("unsupported_photo")
    return content_type


@contextmanager
def normalise_photo(
    source: BinaryIO, *, max_bytes: int, max_pixels: int
) -> Iterator[NormalisedPhoto]:
    """Check, decode and re-encode ``source`` (seekable); the file closes on exit.

    Raises:
        UnsupportedPhoto, CorruptPhoto, PhotoTooLarge: the file is refused.
    """
    size = source.seek(0, io.SEEK_END)
    if size > max_bytes:
        raise PhotoTooLarge("file_too_large", max_bytes=max_bytes)
    source.seek(0)
    content_type = photo_content_type(source.read(_SNIFF_BYTES))
    source.seek(0)
    image = decode(source, content_type, max_pixels)
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spooled:
        encoded = cast(BinaryIO, spooled)
        size, digest = _encode(image, content_type, encoded)
        thumbnail = make_thumbnail(image)
        yield NormalisedPhoto(
            encoded, content_type, size, digest, image.width, image.height, thumbnail
        )


def decode(source: IO[bytes], content_type: str, max_pixels: int) -> Image.Image:
    """The pixels of an image of ``content_type``, upright, in sRGB, without metadata.

    Raises:
        CorruptPhoto, PhotoTooLarge: the file does not decode within the budget.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(source, formats=[FORMATS[content_type]])
            if image.width * image.height > max_pixels:
                raise PhotoTooLarge("photo_too_many_pixels", max_pixels=max_pixels)
            image.load()
            ImageOps.exif_transpose(image, in_place=True)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise PhotoTooLarge("photo_too_many_pixels", max_pixels=max_pixels) from exc
    except _DECODE_ERRORS as exc:
        raise CorruptPhoto("corrupt_photo") from exc
    return _without_metadata(_in_srgb(image))


def make_thumbnail(image: Image.Image) -> bytes:
    """A JPEG of ``image`` at most ``THUMBNAIL_PIXELS`` on its longest side."""
    thumbnail = image.copy()
    thumbnail.thumbnail((THUMBNAIL_PIXELS, THUMBNAIL_PIXELS), reducing_gap=2.0)
    output = io.BytesIO()
    _opaque(thumbnail).save(output, "JPEG", quality=THUMBNAIL_QUALITY)
    return output.getvalue()


def encode_image(image: Image.Image, content_type: str) -> bytes:
    """``image`` encoded as ``content_type`` with no metadata (small images only)."""
    output = io.BytesIO()
    _encode(_without_metadata(image), content_type, output)
    return output.getvalue()


def _in_srgb(image: Image.Image) -> Image.Image:
    """Colours converted from an embedded ICC profile to sRGB, in RGB or RGBA."""
    mode = "RGBA" if _has_alpha(image) else "RGB"
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            srgb = ImageCms.createProfile("sRGB")
            converted = ImageCms.profileToProfile(image, source, srgb, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            converted = None  # an unusable profile: the pixels are taken as sRGB
        if converted is not None:
            return converted
    return image if image.mode == mode else image.convert(mode)


def _without_metadata(image: Image.Image) -> Image.Image:
    # Encoders fall back on ``info`` for some fields (PNG's ICC, JPEG's comment).
    image.info = {}
    image.getexif().clear()
    return image


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )


def _opaque(image: Image.Image) -> Image.Image:
    if image.mode == "RGB":
        return image
    background = Image.new("RGB", image.size, (255, 255, 255))
    background.paste(image, mask=image.getchannel("A") if _has_alpha(image) else None)
    return background


def _encode(
    image: Image.Image, content_type: str, output: IO[bytes]
) -> tuple[int, str]:
    """Write ``image`` to ``output`` (rewound); its size and SHA-256."""
    if content_type == "image/jpeg":
        _opaque(image).save(output, "JPEG", quality=JPEG_QUALITY)
    elif content_type == "image/png":
        image.save(output, "PNG")
    else:
        image.save(output, "WEBP", quality=JPEG_QUALITY)
    size = output.tell()
    output.seek(0)
    digest = hashlib.sha256()
    while chunk := output.read(1024 * 1024):
        digest.update(chunk)
    output.seek(0)
    return size, digest.hexdigest()
