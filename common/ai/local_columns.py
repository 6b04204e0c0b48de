"""Tables whose columns OCR flattened: every label first, then every amount.

A scanned statement is a table of labels and amounts. Tesseract reads a page by
blocks, and when the columns of a table are far apart it writes the column of labels
first, then the column (or columns) of amounts, one value per line:

    Charges générales              Charges générales 184,30 €
    Fonds de travaux ALUR    ->    Fonds de travaux ALUR 9,22 €
    Total de l'appel               Total de l'appel 193,52 €
    184,30 €
    9,22 €
    193,52 €

The rows are put back by order. The k lines of figures after a run of lines that are
only words go with the last k of those lines (the ones before are a title, a
period). Twice or three times as many figures as labels are columns one after the
other (the base, then the owner's share), each row taking one figure of each. When the
building's column is shorter than the owner's (some rows have no base), the last k
figures are the owner's: that reading is kept only when a total among the labels is
the sum of the rows before it. A label wrapped on two lines ("Fonds de travaux" then
"(loi ALUR)") is one label, column headers ("Montant", "Quote-part") are none, and a
value on the line below its label (a boxed total) is the same layout with one row.
Figures of tables often have no "€": a line of numbers with cents counts, and gets
its "€" back so that amounts are read as such.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Literal

from common.ai.french import find_amounts, fold, parse_number

RowKind = Literal["total", "row", "text"]
RowKindOf = Callable[[str], RowKind]
Reading = Literal["one_each", "columns", "last_column"]
MAX_COLUMNS = 3
SUM_TOLERANCE = 0.005
_CENTS_NUMBER = r"\d{1,3}(?:[ .\u00a0\u202f]\d{3})*,\d\d|\d+[.,]\d\d"
_FIGURES_LINE = re.compile(
    r"^(?:\s*[-+]?(?:" + _CENTS_NUMBER + r")\s*(?:€|EUR|E|C)?\s*)+$"
)
_FIGURE = re.compile(r"(?P<number>" + _CENTS_NUMBER + r")\s*(?:€|EUR|E|C)?")
_WORD = re.compile(r"[^\W\d_]{3,}")
# Column headers over the figures are not labels of rows ("Montant", "Quote-part").
_HEADER = re.compile(
    r"(?:\s|[|/()€:.]|montants?|quote-part|votre|part|base|designation|libelle"
    r"|nature|repartition|tantiemes|milliemes|en euros|euros|eur|ttc|\bht\b)*",
    re.IGNORECASE,
)
_NOTHING = re.compile(r"[\s|€:.\-_]*")
# The second line of a wrapped label: "(loi ALUR)", "de l'immeuble", "et entretien".
_CONTINUED = re.compile(r"\s*(?:\(|(?:de|du|des|d'|et|pour|sur|a|au|aux)\b)")


def rejoin_columns(lines: Sequence[str], row_kind: RowKindOf) -> list[str]:
    """``lines`` with each run of figures put back beside the labels it belongs to.

    ``row_kind`` tells a total ("Total à payer") and a row ("Charges générales") from
    other words (a title, a period).
    """
    result: list[str] = []
    waiting: list[int] = []  # lines of result that are labels without their figure
    index = 0
    while index < len(lines):
        end = index
        while end < len(lines) and _in_figures_run(lines[end]):
            end += 1
        figures = [_with_euro(line) for line in lines[index:end] if _is_figures(line)]
        if not figures:
            _take(lines[index], result, waiting)
            index += 1
            continue
        if not _pair(figures, result, waiting, row_kind):
            result.extend(lines[index:end])
        waiting.clear()
        index = end
    return result


def _take(line: str, result: list[str], waiting: list[int]) -> None:
    """Keep ``line``; a label waits for its figure, other text ends the wait."""
    header = _HEADER.fullmatch(fold(line)) is not None
    if _is_words(line) and not header:
        if _CONTINUED.match(line) and waiting and waiting[-1] == len(result) - 1:
            result[-1] = f"{result[-1]} {line}"  # a label wrapped on two lines
            return
        waiting.append(len(result))
    elif not header and not _NOTHING.fullmatch(line):
        waiting.clear()
    result.append(line)


def _pair(
    figures: list[str], result: list[str], waiting: list[int], row_kind: RowKindOf
) -> bool:
    """Put the rows of ``figures`` after the last waiting labels; False if none fit."""
    kinds = [row_kind(result[index]) for index in waiting]
    for rows, reading in _readings(figures, len(waiting)):
        first = len(waiting) - len(rows)
        if _fits(kinds[first:], rows, reading):
            for index, row in zip(waiting[first:], rows, strict=True):
                result[index] = f"{result[index]} {row}"
            return True
    return False


def _readings(figures: list[str], labels: int) -> Iterator[tuple[list[str], Reading]]:
    """The rows ``figures`` can make, likeliest first, and how they were read.

    One figure per row (the counts match); then 2 or 3 columns of equal length, one
    after the other; then the last k figures alone, the owner's shares after a
    shorter column of the building's bases (rows without a base leave a gap there).
    """
    for columns in range(1, MAX_COLUMNS + 1):
        count, left = divmod(len(figures), columns)
        if left == 0 and 0 < count <= labels and (columns == 1 or count > 1):
            rows = [
                " ".join(figures[row + column * count] for column in range(columns))
                for row in range(count)
            ]
            yield rows, "one_each" if columns == 1 else "columns"
    for count in range(min(len(figures) - 1, labels), 1, -1):
        yield figures[-count:], "last_column"


def _fits(kinds: list[RowKind], rows: list[str], reading: Reading) -> bool:
    """Whether labels of these kinds take these rows: when the counts match, yes;
    equal columns, unless a total does not add up; the last column alone, only when
    a total adds up."""
    if all(kind == "text" for kind in kinds):
        return False
    if reading == "one_each":
        return True
    totals = [index for index, kind in enumerate(kinds) if kind == "total"]
    if not totals or "row" not in kinds[: totals[-1]]:
        return reading == "columns"
    values = [_last_value(row) for row in rows]
    return all(_adds_up(values, kinds, index) for index in totals)


def _adds_up(values: list[float], kinds: list[RowKind], total: int) -> bool:
    """The total at ``total`` is the rows before it, or the rows since the last one."""
    previous = max((i for i in range(total) if kinds[i] == "total"), default=-1)
    rows_before = sum(
        v for v, kind in zip(values[:total], kinds, strict=False) if kind == "row"
    )
    since = sum(
        value
        for value, kind in zip(
            values[previous + 1 : total], kinds[previous + 1 :], strict=False
        )
        if kind == "row"
    )
    carried = values[previous] if previous >= 0 else 0.0
    return any(
        abs(values[total] - candidate) <= SUM_TOLERANCE * max(values[total], 1.0)
        for candidate in (rows_before, since, since + carried)
    )


def _last_value(row: str) -> float:
    """The owner's figure of a row: its last one."""
    numbers = [match["number"] for match in _FIGURE.finditer(row)]
    value = parse_number(numbers[-1]) if numbers else None
    return value if value is not None else 0.0


def _is_figures(line: str) -> bool:
    return _FIGURES_LINE.match(line) is not None


def _in_figures_run(line: str) -> bool:
    """A line of figures, or a stray "€" or rule between them."""
    return _is_figures(line) or _NOTHING.fullmatch(line) is not None


def _is_words(line: str) -> bool:
    """A line of words that holds no amount: a label waiting for its figure."""
    return _WORD.search(line) is not None and not find_amounts(line)


def _with_euro(line: str) -> str:
    """A line of figures with "€" after each one, as the rules read amounts."""
    return " ".join(f"{match['number']} €" for match in _FIGURE.finditer(line))
