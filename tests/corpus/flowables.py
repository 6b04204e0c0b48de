"""Blocks turned into reportlab flowables, in one typeface and base size."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import singledispatch
from typing import Any, Literal
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from tests.corpus import blocks as b
from tests.corpus.faces import Face

ALIGNMENTS: dict[str, Literal[0, 1, 2, 4]] = {
    "left": 0,  # reportlab's TA_LEFT, TA_CENTER, TA_RIGHT, TA_JUSTIFY
    "center": 1,
    "right": 2,
    "justify": 4,
}
NUMERIC_CELL = re.compile(r"^[-+]?[\d\s\u00a0\u202f.,]+\s*(€|%|EUR|m²)?[\s*]*$")
DPE_COLOURS = {
    "A": "#009c6d", "B": "#52b153", "C": "#a5cc74", "D": "#f4e70f",
    "E": "#f0b50f", "F": "#eb8235", "G": "#d7221f",
}  # fmt: skip


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of one document, for a frame ``width`` points wide."""

    face: Face
    size: float
    width: float

    def style(
        self, size: float | None = None, align: b.Align = "left", bold: bool = False
    ) -> ParagraphStyle:
        """A paragraph style in this face."""
        points = size or self.size
        return ParagraphStyle(
            "corpus",
            fontName=self.face.bold if bold else self.face.regular,
            fontSize=points,
            leading=points * 1.3,
            alignment=ALIGNMENTS[align],
            spaceAfter=points * 0.25,
        )

    def paragraph(
        self,
        text: str,
        size: float | None = None,
        align: b.Align = "left",
        bold: bool = False,
    ) -> Paragraph:
        """``text`` (with ``**bold**`` spans) as a paragraph."""
        return Paragraph(_markup(self.face.fit(text)), self.style(size, align, bold))

    def narrowed(self, share: float) -> Styles:
        """The same styles for a column ``share`` of this width."""
        return replace(self, width=self.width * share - 12)


def _markup(text: str) -> str:
    bold = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escape(text))
    return bold.replace("\n", "<br/>")


@singledispatch
def flowables_of(block: object, styles: Styles) -> list[Flowable]:
    """The flowables that draw ``block``."""
    raise TypeError(f"not a corpus block: {block!r}")


@flowables_of.register
def _title(block: b.Title, styles: Styles) -> list[Flowable]:
    return [
        styles.paragraph(block.text, block.size, block.align, bold=True),
        Spacer(1, 4),
    ]


@flowables_of.register
def _heading(block: b.Heading, styles: Styles) -> list[Flowable]:
    heading: list[Flowable] = [
        Spacer(1, styles.size * 0.6),
        styles.paragraph(block.text, styles.size + 1, bold=True),
    ]
    if block.ruled:
        heading.append(HRFlowable(width="100%", thickness=0.7, spaceAfter=4))
    return heading


@flowables_of.register
def _para(block: b.Para, styles: Styles) -> list[Flowable]:
    return [styles.paragraph(block.text, block.size, block.align, block.bold)]


@flowables_of.register
def _label_values(block: b.LabelValues, styles: Styles) -> list[Flowable]:
    if block.mode == "table":
        rows = [
            [styles.paragraph(label), styles.paragraph(value, align="right")]
            for label, value in block.pairs
        ]
        return [_table(rows, [0.66 * styles.width, 0.34 * styles.width], "none")]
    if block.mode == "below":
        return [
            flowable
            for label, value in block.pairs
            for flowable in (
                styles.paragraph(label, styles.size - 1),
                styles.paragraph(value, bold=True),
            )
        ]
    if block.mode == "dots":
        return [
            styles.paragraph(_dotted(label, value, styles))
            for label, value in block.pairs
        ]
    return [styles.paragraph(f"{label} : {value}") for label, value in block.pairs]


def _dotted(label: str, value: str, styles: Styles) -> str:
    """``label ........ value`` filling the frame width, as tax notices print."""
    used = stringWidth(
        styles.face.fit(f"{label}  {value}"), styles.face.regular, styles.size
    )
    dot = stringWidth(".", styles.face.regular, styles.size)
    dots = max(3, int((styles.width - used - 8) / dot))
    return f"{label} {'.' * dots} {value}"


@flowables_of.register
def _grid(block: b.Grid, styles: Styles) -> list[Flowable]:
    size = block.size or styles.size - 1
    rows = [
        [
            styles.paragraph(
                cell,
                size,
                "right" if NUMERIC_CELL.match(cell) and cell.strip() else "left",
                bold=index < block.header_rows,
            )
            for cell in row
        ]
        for index, row in enumerate(block.rows)
    ]
    shares = block.widths or [1 / len(block.rows[0])] * len(block.rows[0])
    return [
        _table(rows, [share * styles.width for share in shares], block.lines),
        Spacer(1, 6),
    ]


def _table(rows: list[list[Any]], widths: list[float], lines: str) -> Table:
    commands: list[Any] = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    if lines == "grid":
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    elif lines == "rows":
        commands.append(("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.grey))
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


@flowables_of.register
def _tabular(block: b.Tabular, styles: Styles) -> list[Flowable]:
    return [_TabularRows(block, styles), Spacer(1, 6)]


class _TabularRows(Flowable):
    """Each row one text line, cells placed at tab stops (numbers end at the next)."""

    def __init__(self, block: b.Tabular, styles: Styles) -> None:
        super().__init__()
        self.block, self.styles = block, styles
        self.leading = styles.size * 1.45

    def wrap(
        self, available_width: float, available_height: float
    ) -> tuple[float, float]:
        return available_width, self.leading * len(self.block.rows) + 4

    def draw(self) -> None:
        face, size, width = self.styles.face, self.styles.size, self.styles.width
        starts = [share * width for share in self.block.stops]
        ends = [*[start - 8 for start in starts[1:]], width]
        y = self.leading * len(self.block.rows) - size
        for index, row in enumerate(self.block.rows):
            font = (
                face.bold if index == 0 and self.block.bold_first_row else face.regular
            )
            line = self.canv.beginText(0, y)
            line.setFont(font, size)
            for cell, start, end in zip(row, starts, ends, strict=False):
                text = face.fit(cell)
                x = start
                if NUMERIC_CELL.match(text) and text.strip():
                    x = end - stringWidth(text, font, size)
                line.setTextOrigin(x, y)
                line.textOut(text)
            self.canv.drawText(line)
            if index == 0 and self.block.ruled:
                self.canv.line(0, y - 3, width, y - 3)
            y -= self.leading


@flowables_of.register
def _columns(block: b.Columns, styles: Styles) -> list[Flowable]:
    left_styles = styles.narrowed(block.split)
    right_styles = styles.narrowed(1 - block.split)
    left = [f for child in block.left for f in flowables_of(child, left_styles)]
    right = [f for child in block.right for f in flowables_of(child, right_styles)]
    widths = [styles.width * block.split, styles.width * (1 - block.split)]
    return [_table([[left, right]], widths, "none"), Spacer(1, 6)]


@flowables_of.register
def _boxed(block: b.Boxed, styles: Styles) -> list[Flowable]:
    rows = [
        [styles.paragraph(line, styles.size + 1, bold=block.bold)]
        for line in block.lines
    ]
    table = _table(rows, [styles.width * 0.8], "none")
    table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.2, colors.black)]))
    return [Spacer(1, 4), table, Spacer(1, 8)]


@flowables_of.register
def _energy_scale(block: b.EnergyScale, styles: Styles) -> list[Flowable]:
    return [_Scale(block, styles.face), Spacer(1, 8)]


class _Scale(Flowable):
    """Coloured bars growing from A to G, as every DPE label draws them."""

    ROW = 17.0

    def __init__(self, block: b.EnergyScale, face: Face) -> None:
        super().__init__()
        self.block, self.face = block, face

    def wrap(
        self, available_width: float, available_height: float
    ) -> tuple[float, float]:
        return available_width, self.ROW * len(self.block.rows)

    def draw(self) -> None:
        canvas, top = self.canv, self.ROW * len(self.block.rows)
        for index, (letter, threshold, note) in enumerate(self.block.rows):
            y, bar = top - (index + 1) * self.ROW, 70.0 + 22 * index
            canvas.setFillColor(colors.HexColor(DPE_COLOURS[letter]))
            canvas.rect(0, y + 2, bar, self.ROW - 3, stroke=0, fill=1)
            canvas.setFillColor(colors.black)
            canvas.setFont(self.face.regular, 8)
            canvas.drawString(4, y + 6, self.face.fit(threshold))
            canvas.setFont(self.face.bold, 12)
            canvas.drawRightString(bar - 4, y + 5, letter)
            if note:
                canvas.setFont(self.face.bold, 10)
                canvas.drawString(bar + 10, y + 5, self.face.fit(note))


@flowables_of.register
def _gap(block: b.Gap, styles: Styles) -> list[Flowable]:
    return [Spacer(1, block.height)]


@flowables_of.register
def _break(block: b.Break, styles: Styles) -> list[Flowable]:
    return [PageBreak()]
