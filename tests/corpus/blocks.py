"""The blocks a corpus document is written in, independent of how they are drawn.

Text may carry ``**bold**`` spans and line breaks. ``LabelValues`` writes the same
facts the ways forms do: ``Label : value`` on one line, dot leaders, a borderless
two-column table, or the value on the line below its label.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from tests.corpus.scan import ScanLook

Align = Literal["left", "center", "right", "justify"]


@dataclass(frozen=True)
class Title:
    """A large bold title."""

    text: str
    align: Align = "center"
    size: float = 15


@dataclass(frozen=True)
class Heading:
    """A bold section heading."""

    text: str
    ruled: bool = False  # a line under it


@dataclass(frozen=True)
class Para:
    """A paragraph that wraps."""

    text: str
    align: Align = "left"
    size: float | None = None
    bold: bool = False


@dataclass(frozen=True)
class LabelValues:
    """Labelled values written as a form writes them."""

    pairs: Sequence[tuple[str, str]]
    mode: Literal["colon", "dots", "table", "below"] = "colon"


@dataclass(frozen=True)
class Grid:
    """A table; the first ``header_rows`` rows are bold, numbers align right."""

    rows: Sequence[Sequence[str]]
    widths: Sequence[float] | None = None  # shares of the frame width
    header_rows: int = 1
    lines: Literal["grid", "rows", "none"] = "grid"
    size: float | None = None


@dataclass(frozen=True)
class Tabular:
    """Rows of cells at tab stops, each row one line of text (no cell boxes)."""

    rows: Sequence[Sequence[str]]
    stops: Sequence[float]  # where each cell starts, as shares of the frame width
    bold_first_row: bool = False
    ruled: bool = False  # a rule under the first row


@dataclass(frozen=True)
class Columns:
    """Two blocks side by side (an address block next to references, ...)."""

    left: Sequence[Block]
    right: Sequence[Block]
    split: float = 0.5


@dataclass(frozen=True)
class Boxed:
    """Lines inside a frame, as documents box the amount to pay."""

    lines: Sequence[str]
    bold: bool = True


@dataclass(frozen=True)
class EnergyScale:
    """A DPE class scale: one coloured bar per class, a note next to some bars."""

    rows: Sequence[tuple[str, str, str]]  # (letter, threshold text, note)


@dataclass(frozen=True)
class Gap:
    """Vertical space."""

    height: float = 8


@dataclass(frozen=True)
class Break:
    """The next block starts a new page."""


@dataclass(frozen=True)
class Scan:
    """A page that is only a scanned image of ``lines`` (see ``tests.corpus.scan``)."""

    lines: Sequence[str]
    look: ScanLook


Block = (
    Title | Heading | Para | LabelValues | Grid | Tabular | Columns | Boxed
    | EnergyScale | Gap | Break | Scan
)  # fmt: skip
