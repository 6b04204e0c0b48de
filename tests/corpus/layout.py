"""Documents as PDF: flowing text pages, running headers and footers, scanned pages.

A document is a list of blocks (``tests.corpus.blocks``) in one typeface, on one or
two columns, optionally with a header and a footer numbered ``Page 2/4``. A ``Scan``
block is a whole page that is only an image (no text layer), as when one page of a
file was scanned and the others were printed to PDF. Output is deterministic:
reportlab's invariant mode, no clock, no random names.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
)

from tests.corpus import blocks as b
from tests.corpus.faces import HELVETICA, Face, register_fonts
from tests.corpus.flowables import Styles, flowables_of
from tests.corpus.scan import draw_scan

MARGIN = 50.0
GUTTER = 18.0


@dataclass(frozen=True)
class Chrome:
    """Running header and footer; ``{page}`` and ``{pages}`` are filled in."""

    header_left: str = ""
    header_right: str = ""
    footer_left: str = ""
    footer_right: str = "Page {page}/{pages}"


class _ChromedCanvas(Canvas):
    """Holds every page back until the end, so footers can say ``Page 2/4``."""

    def __init__(self, *args: Any, chrome: Chrome, face: Face, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._chrome, self._face = chrome, face
        self._held_pages: list[dict[str, Any]] = []
        self.scanned = False

    def showPage(self) -> None:
        self._held_pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # reportlab's page reset
        self.scanned = False

    def save(self) -> None:
        pages = len(self._held_pages)
        for number, state in enumerate(self._held_pages, start=1):
            self.__dict__.update(state)
            if not self.scanned:
                self._draw_chrome(number, pages)
            Canvas.showPage(self)
        Canvas.save(self)

    def _draw_chrome(self, page: int, pages: int) -> None:
        width, height = A4
        chrome, fit = self._chrome, self._face.fit
        self.setFont(self._face.regular, 8)
        if chrome.header_left or chrome.header_right:
            self.drawString(MARGIN, height - 30, fit(chrome.header_left))
            self.drawRightString(width - MARGIN, height - 30, fit(chrome.header_right))
            self.line(MARGIN, height - 35, width - MARGIN, height - 35)
        numbers = {"page": page, "pages": pages}
        self.drawString(MARGIN, 25, fit(chrome.footer_left.format(**numbers)))
        footer_right = fit(chrome.footer_right.format(**numbers))
        self.drawRightString(width - MARGIN, 25, footer_right)


class _ScannedPage(Flowable):
    """A whole page that is only an image, drawn in the full-page "scan" frame."""

    def __init__(self, scan: b.Scan) -> None:
        super().__init__()
        self.scan = scan

    def wrap(self, width: float, height: float) -> tuple[float, float]:
        return width, height

    def draw(self) -> None:
        canvas = self.canv
        draw_scan(canvas, self.scan.lines, self.scan.look)
        if isinstance(canvas, _ChromedCanvas):
            canvas.scanned = True  # no header or footer printed over the scan


def build_pdf(
    content: Sequence[b.Block],
    *,
    face: Face = HELVETICA,
    size: float = 10,
    chrome: Chrome | None = None,
    columns: int = 1,
) -> bytes:
    """The PDF of ``content`` in ``face``, ``size`` points, on ``columns`` columns."""
    register_fonts()
    buffer = io.BytesIO()
    document = BaseDocTemplate(buffer, pagesize=A4, invariant=True)
    text_template, scan_template = _templates(columns, chrome is not None)
    starts_scanned = isinstance(content[0], b.Scan)
    document.addPageTemplates(
        [scan_template, text_template]
        if starts_scanned
        else [text_template, scan_template]
    )
    column_width = (A4[0] - 2 * MARGIN - GUTTER * (columns - 1)) / columns
    story = _story(content, Styles(face, size, column_width - 12))
    held_chrome = chrome or Chrome(footer_right="")
    document.build(
        story,
        canvasmaker=lambda *args, **kwargs: _ChromedCanvas(
            *args, chrome=held_chrome, face=face, **kwargs
        ),
    )
    return buffer.getvalue()


def _story(content: Sequence[b.Block], styles: Styles) -> list[Flowable]:
    """The flowables of ``content``, switching page templates around scans."""
    story: list[Flowable] = []
    scanning = isinstance(content[0], b.Scan)
    for index, block in enumerate(content):
        if isinstance(block, b.Scan):
            if not scanning:
                story.extend([NextPageTemplate("scan"), PageBreak()])
            story.append(_ScannedPage(block))
        else:
            if scanning and index:
                story.append(NextPageTemplate("text"))
            story.extend(flowables_of(block, styles))
        scanning = isinstance(block, b.Scan)
    return story


def _templates(columns: int, chromed: bool) -> tuple[PageTemplate, PageTemplate]:
    width, height = A4
    top = MARGIN + (12 if chromed else 0)
    column_width = (width - 2 * MARGIN - GUTTER * (columns - 1)) / columns
    frames = [
        Frame(
            MARGIN + index * (column_width + GUTTER),
            MARGIN,
            column_width,
            height - MARGIN - top,
            id=f"column{index}",
        )
        for index in range(columns)
    ]
    full_page = Frame(0, 0, width, height, 0, 0, 0, 0, id="scan")
    return PageTemplate("text", frames), PageTemplate("scan", [full_page])
