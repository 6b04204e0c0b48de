"""OCR with tesseract: the text of scanned pages and of images uploaded as documents.

tesseract is a program, not a Python package: it is looked up at run time
(``APP_OCR_TESSERACT``, found on PATH) together with its French language data, once
per process, and the app degrades without it (the provider then says OCR is
unavailable). ``make install`` installs it from Debian's packages where apt exists.

Each page is one tesseract process reading a PNG on stdin and writing text on stdout,
with a timeout. Pages of a document are recognised concurrently, at most one process
per CPU in the whole process (documents are analysed on several threads), and the
texts come back in page order. The child gets ``OMP_THREAD_LIMIT=1`` and nothing else
of our environment: tesseract's OpenMP threads otherwise spin on the cores the other
pages use (one page took 1.0 s instead of 0.34 s on this 2-core machine), and the
process has no use for our secrets.
"""

from __future__ import annotations

import functools
import io
import logging
import os
import shutil
import subprocess
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from common.ai.provider import AnalysisFailed
from common.config import Settings
from common.messages import register

register(
    "image_unreadable",
    "The image file is damaged and cannot be read.",
    "Le fichier image est endommagé et ne peut pas être lu.",
)

# French only: the documents are French, and fra+eng took 5 % longer per page here
# with nothing English to read in them.
LANGUAGE = "fra"
RENDER_DPI = 300  # what tesseract is trained for; below it small print degrades
# A text layer with fewer letters than this is no text: scanners and PDF printers
# stamp a page number, a file name or "Scanned with CamScanner" (20 letters) on
# scans, while a page of real text has hundreds of letters.
MIN_LETTERS = 25
MAX_IMAGE_SIDE = 4200  # pixels: an A4 page at 360 dpi; larger photos are scaled down
LIST_LANGS_TIMEOUT_SECONDS = 10.0
_CHILD_ENVIRONMENT = {"OMP_THREAD_LIMIT": "1"}
_PROCESS_SLOTS = threading.BoundedSemaphore(os.cpu_count() or 1)
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class OcrOptions:
    """How documents are OCR'd (``APP_OCR_*`` settings in production)."""

    tesseract: str = "tesseract"  # a name on PATH or a path
    max_pages: int = 50  # pages without text read per document; the others are not
    page_timeout_seconds: float = 60.0

    @classmethod
    def from_settings(cls, settings: Settings) -> OcrOptions:
        """The options the settings give."""
        return cls(
            settings.ocr_tesseract,
            settings.ocr_max_pages,
            settings.ocr_page_timeout_seconds,
        )


@dataclass(frozen=True)
class OcrImage:
    """An image ready for tesseract: grayscale PNG, and its resolution when known."""

    png: bytes
    dpi: int | None


@dataclass(frozen=True)
class Tesseract:
    """A tesseract program that has the French language data."""

    path: str
    languages: frozenset[str]

    def recognise(
        self, images: Iterable[OcrImage | None], timeout_seconds: float
    ) -> list[str | None]:
        """The text of each image, in order; ``None`` for one that could not be read.

        ``images`` may be produced lazily (rendered pages): each is handed to a
        worker as soon as it exists, so rendering overlaps recognition.
        """
        workers = os.cpu_count() or 1
        with ThreadPoolExecutor(workers, thread_name_prefix="ocr") as pool:
            futures = [
                pool.submit(self._recognise_one, image, timeout_seconds)
                for image in images
            ]
            return [future.result() for future in futures]

    def _recognise_one(
        self, image: OcrImage | None, timeout_seconds: float
    ) -> str | None:
        if image is None:
            return None
        command = [self.path, "stdin", "stdout", "-l", LANGUAGE]
        if image.dpi is not None:
            command += ["--dpi", str(image.dpi)]
        with _PROCESS_SLOTS:
            try:
                completed = subprocess.run(
                    command,
                    input=image.png,
                    capture_output=True,
                    timeout=timeout_seconds,
                    env=_CHILD_ENVIRONMENT,
                    check=False,
                )
            except subprocess.TimeoutExpired:
                logger.warning(
                    "ocr page timed out", extra={"fields": {"seconds": timeout_seconds}}
                )
                return None
            except OSError as exc:
                logger.warning(
                    "ocr failed to start", extra={"fields": {"error": str(exc)}}
                )
                return None
        if completed.returncode != 0:
            error = completed.stderr.decode(errors="replace").strip()[-300:]
            fields = {"returncode": completed.returncode, "error": error}
            logger.warning("ocr page failed", extra={"fields": fields})
            return None
        return completed.stdout.decode(errors="replace")


@functools.cache
def find_tesseract(command: str) -> Tesseract | None:
    """tesseract with French data from ``command`` (a name on PATH or a path), or None.

    The answer is kept for the process: installing tesseract needs a restart.
    """
    path = shutil.which(command)
    if path is None:
        logger.warning("ocr unavailable", extra={"fields": {"reason": "no tesseract"}})
        return None
    try:
        completed = subprocess.run(
            [path, "--list-langs"],
            capture_output=True,
            timeout=LIST_LANGS_TIMEOUT_SECONDS,
            env=_CHILD_ENVIRONMENT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        fields = {"reason": "tesseract does not run", "error": str(exc)}
        logger.warning("ocr unavailable", extra={"fields": fields})
        return None
    # The first line is a heading ("List of available languages in ..."), then one
    # language per line; older versions print them on stderr.
    listing = (completed.stdout + completed.stderr).decode(errors="replace")
    languages = frozenset(
        line.strip() for line in listing.splitlines()[1:] if line.strip().isidentifier()
    )
    if LANGUAGE not in languages:
        fields = {"reason": "no French data", "languages": ",".join(sorted(languages))}
        logger.warning("ocr unavailable", extra={"fields": fields})
        return None
    return Tesseract(path, languages)


def has_usable_text(text: str) -> bool:
    """True when ``text`` (a page's text layer or OCR) has enough letters to read."""
    letters = 0
    for character in text:
        letters += character.isalpha()
        if letters >= MIN_LETTERS:
            return True
    return False


def image_for_ocr(content: bytes) -> OcrImage:
    """A JPEG, PNG or WebP document as tesseract should see it: upright and gray.

    Raises:
        AnalysisFailed: ``image_unreadable`` when Pillow cannot decode ``content``.
    """
    try:
        with Image.open(io.BytesIO(content)) as opened:
            original_side, dpi = max(opened.size), _dpi(opened.info.get("dpi"))
            # JPEG decodes at 1/2, 1/4 or 1/8 scale when that is still large enough.
            opened.draft("L", (MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
            image = _on_white(ImageOps.exif_transpose(opened)).convert("L")
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        # Pillow reports truncated and malformed files as all of these.
        logger.info("image rejected", extra={"fields": {"error": type(exc).__name__}})
        raise AnalysisFailed("image_unreadable") from exc
    except Image.DecompressionBombError as exc:
        raise AnalysisFailed("image_unreadable", reason="too large") from exc
    image.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE), Image.Resampling.LANCZOS)
    if dpi is not None:  # the page is as large as before: fewer dots per inch
        dpi = round(dpi * max(image.size) / original_side)
    png = io.BytesIO()
    image.save(png, format="PNG", compress_level=1)
    return OcrImage(png.getvalue(), dpi)


def _on_white(image: Image.Image) -> Image.Image:
    """``image`` with any transparency flattened onto white paper."""
    if "A" not in image.getbands() and "transparency" not in image.info:
        return image
    rgba = image.convert("RGBA")
    paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(paper, rgba)


def _dpi(value: object) -> int | None:
    """A plausible resolution from Pillow's ``dpi`` info; None lets tesseract guess."""
    if isinstance(value, tuple) and value and isinstance(value[0], int | float):
        dpi = round(value[0])
        if 70 <= dpi <= 1200:
            return dpi
    return None
