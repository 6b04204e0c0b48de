"""Scanned-looking pages: text drawn with Pillow, tilted, on grey grainy paper.

A scan has no text layer, so only OCR can read it. Pages are drawn at scanner
resolutions (200-300 dpi) with DejaVu fonts, turned by at most one degree, toned like
paper, grained and softened, then saved as JPEG (what scanners write) or PNG. A
``photo`` look adds uneven lighting and a band of desk around the sheet, like a
page photographed with a phone. Every random choice comes from the look's seed.

Line markup: ``## `` a centred title, ``# `` a bold heading, ``^ `` centred text,
``---`` a rule, tabs split a line into cells at the look's tab stops (a cell starting
with ``>`` is right-aligned in its column), anything else is wrapped body text.
"""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from tests.corpus.forms import dashes

FONT_DIR = "/usr/share/fonts/truetype/dejavu"
A4_INCHES = (8.27, 11.69)
MARGIN_INCHES = 0.8


@dataclass(frozen=True)
class ScanLook:
    """How a page was scanned: resolution, tilt, paper, grain and typeface."""

    seed: int
    angle: float = 0.4  # degrees, positive is counter-clockwise
    dpi: int = 200
    serif: bool = False
    font_pt: float = 10.5
    paper: int = 240  # grey of the paper (255 is white)
    ink: int = 30
    grain: int = 14  # how far the paper grain darkens a pixel
    specks: int = 120  # dust and toner specks on the page
    photo: bool = False
    tabs: tuple[float, ...] = (0.0, 0.55, 0.78)  # cell starts, as text-width shares


@dataclass(frozen=True)
class _Fonts:
    body: ImageFont.FreeTypeFont
    bold: ImageFont.FreeTypeFont
    title: ImageFont.FreeTypeFont


@cache
def _fonts(serif: bool, pixels: int) -> _Fonts:
    family = "DejaVuSerif" if serif else "DejaVuSans"

    def load(suffix: str, size: int) -> ImageFont.FreeTypeFont:
        return ImageFont.truetype(f"{FONT_DIR}/{family}{suffix}.ttf", size)

    return _Fonts(
        load("", pixels), load("-Bold", pixels), load("-Bold", pixels * 3 // 2)
    )


class _Writer:
    """Draws marked-up lines top to bottom on a white page."""

    def __init__(self, look: ScanLook) -> None:
        self.look = look
        width, height = (round(side * look.dpi) for side in A4_INCHES)
        self.image = Image.new("L", (width, height), 255)
        self.draw = ImageDraw.Draw(self.image)
        self.fonts = _fonts(look.serif, round(look.font_pt * look.dpi / 72))
        self.left = round(MARGIN_INCHES * look.dpi)
        self.right = width - self.left
        self.y = self.left
        self.leading = round(self.fonts.body.size * 1.45)

    def line(self, line: str) -> None:
        line = dashes(line)
        if line.startswith("## "):
            self._centred(line[3:], self.fonts.title)
        elif line.startswith("# "):
            self._wrapped(line[2:], self.fonts.bold)
        elif line.startswith("^ "):
            self._centred(line[2:], self.fonts.body)
        elif line == "---":
            middle = self.y + self.leading // 2
            self.draw.line((self.left, middle, self.right, middle), fill=0, width=2)
            self.y += self.leading
        elif "\t" in line:
            self._cells(line.split("\t"))
        else:
            self._wrapped(line, self.fonts.body)

    def _centred(self, text: str, font: ImageFont.FreeTypeFont) -> None:
        x = (self.left + self.right - font.getlength(text)) / 2
        self.draw.text((x, self.y), text, font=font, fill=0)
        self.y += round(font.size * 1.45)

    def _wrapped(self, text: str, font: ImageFont.FreeTypeFont) -> None:
        words, current = text.split(" "), ""
        for word in words:
            candidate = f"{current} {word}".strip()
            if current and font.getlength(candidate) > self.right - self.left:
                self.draw.text((self.left, self.y), current, font=font, fill=0)
                self.y += self.leading
                candidate = word
            current = candidate
        self.draw.text((self.left, self.y), current, font=font, fill=0)
        self.y += self.leading

    def _cells(self, cells: list[str]) -> None:
        width = self.right - self.left
        starts = [self.left + round(share * width) for share in self.look.tabs]
        ends = [*starts[1:], self.right]
        for index, cell in enumerate(cells):
            font = self.fonts.body
            if cell.startswith(">"):
                text = cell[1:]
                x = ends[index] - 12 - font.getlength(text)
            else:
                text, x = cell, starts[index]
            self.draw.text((x, self.y), text, font=font, fill=0)
        self.y += self.leading


def render_page(lines: Sequence[str], look: ScanLook) -> Image.Image:
    """The page ``lines`` describe, as a greyscale scan made with ``look``."""
    writer = _Writer(look)
    for line in lines:
        writer.line(line)
    page = writer.image.rotate(
        look.angle, resample=Image.Resampling.BICUBIC, fillcolor=255
    )
    return _age(page, look)


def _age(page: Image.Image, look: ScanLook) -> Image.Image:
    """Paper tone, grain, a few specks and the softness of a scanner's optics."""
    rng = random.Random(look.seed)
    span = look.paper - look.ink
    page = page.point([look.ink + span * value // 255 for value in range(256)])
    grain = Image.frombytes("L", page.size, rng.randbytes(page.width * page.height))
    page = ImageChops.subtract(
        page, grain.point([v * look.grain // 255 for v in range(256)])
    )
    dust = ImageDraw.Draw(page)
    for _ in range(look.specks):
        x, y = rng.randrange(page.width), rng.randrange(page.height)
        radius = rng.choice((1, 1, 2, 3))
        dust.ellipse((x, y, x + radius, y + radius), fill=rng.randrange(90, 170))
    page = page.filter(ImageFilter.GaussianBlur(0.6))
    return _photograph(page, rng) if look.photo else page


def _photograph(page: Image.Image, rng: random.Random) -> Image.Image:
    """Uneven light across the sheet, and the sheet on a darker desk."""
    # A gradient twice as large, turned, then cropped: its corners never show.
    gradient = Image.linear_gradient("L").resize((512, 512))
    gradient = gradient.rotate(rng.uniform(20, 70), resample=Image.Resampling.BILINEAR)
    light = gradient.crop((128, 128, 384, 384)).resize(page.size)
    light = light.point([200 + value * 55 // 255 for value in range(256)])
    page = ImageChops.multiply(page, light)
    border = page.width // 25
    desk = Image.new("L", (page.width + 2 * border, page.height + 2 * border), 88)
    desk.paste(page, (border, border))
    return desk


def jpeg_bytes(image: Image.Image, dpi: int, quality: int = 72) -> bytes:
    """``image`` as a baseline JPEG, the way scanners and phones store pages."""
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality, dpi=(dpi, dpi))
    return buffer.getvalue()


def png_bytes(image: Image.Image, dpi: int) -> bytes:
    """``image`` as a PNG."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(dpi, dpi))
    return buffer.getvalue()


def draw_scan(canvas: Canvas, lines: Sequence[str], look: ScanLook) -> None:
    """Cover the current A4 page of ``canvas`` with a scan of ``lines``."""
    width, height = A4
    image = jpeg_bytes(render_page(lines, look), look.dpi)
    canvas.drawImage(ImageReader(io.BytesIO(image)), 0, 0, width=width, height=height)


def scanned_pdf(pages: Sequence[tuple[Sequence[str], ScanLook]]) -> bytes:
    """A PDF of scanned pages only, as a copier's scan-to-PDF writes it."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    for lines, look in pages:
        draw_scan(canvas, lines, look)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
