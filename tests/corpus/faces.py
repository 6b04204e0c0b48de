"""Typefaces of the corpus PDFs.

Core fonts (Helvetica, Times, Courier) only carry Windows-1252, as in real PDFs
written with them: a narrow no-break space becomes a no-break space, CO₂ becomes CO2.
DejaVu is embedded and keeps every character.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from tests.corpus.forms import dashes

FONT_DIR = "/usr/share/fonts/truetype/dejavu"
_CORE_FALLBACKS = str.maketrans(
    {"\u202f": "\u00a0", "₂": "2", "≤": "<=", "≥": ">=", "→": "->"}
)


@dataclass(frozen=True)
class Face:
    """A typeface: regular and bold font names, and whether it is embedded Unicode."""

    regular: str
    bold: str
    unicode: bool = False

    def fit(self, text: str) -> str:
        """``text`` as this face can write it (core fonts: Windows-1252 only)."""
        text = dashes(text)
        if self.unicode:
            return text
        fitted = text.translate(_CORE_FALLBACKS)
        fitted.encode("cp1252")  # a character the face cannot write is a corpus bug
        return fitted


HELVETICA = Face("Helvetica", "Helvetica-Bold")
TIMES = Face("Times-Roman", "Times-Bold")
COURIER = Face("Courier", "Courier-Bold")
DEJAVU_SANS = Face("DejaVuSans", "DejaVuSans-Bold", unicode=True)
DEJAVU_SERIF = Face("DejaVuSerif", "DejaVuSerif-Bold", unicode=True)


def register_fonts() -> None:
    """Make the DejaVu fonts known to reportlab (its registry is process-wide)."""
    if DEJAVU_SANS.regular in pdfmetrics.getRegisteredFontNames():
        return
    for face in (DEJAVU_SANS, DEJAVU_SERIF):
        for name in (face.regular, face.bold):
            pdfmetrics.registerFont(TTFont(name, f"{FONT_DIR}/{name}.ttf"))
        pdfmetrics.registerFontFamily(face.regular, normal=face.regular, bold=face.bold)
