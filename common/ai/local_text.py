"""The text of a document as the local rules read it: lines, folded text, labels.

Lines keep their breaks (values are looked for after a label on the same line and, for
wrapped layouts, on the next one); spaces are collapsed. Where an amount is read
across lines, one a narrow column wrapped at its thousands space ("14" then "300,00
€") is joined back first. Characters OCR confuses near
numbers are repaired first, one for one: a letter O, o, l, I or | inside a number
becomes the digit it stands for ("2O24", "l5/03/2024"), and a 0 or 1 between two
letters becomes a letter ("PR0CES"). A label is looked up in folded text (lower case,
no accents), and the value is read from the original text at the same position, which
``fold`` keeps. Every lookup is one scan of the text with one compiled pattern for all
the labels of a fact, never a scan per label and line.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from common.ai.french import (
    AmountMatch,
    collapse_spaces,
    count_terms,
    find_amounts,
    find_dates,
    fold,
    terms_regex,
)

TITLE_CHARACTERS = 500  # the head of the document, where its title is
_DIGIT_LIKE = "OoIl|"
_NUMBER_TOKEN = re.compile(
    r"(?<![^\W\d_])[\dOoIl|](?:[\dOoIl|]|[.,](?=[\dOoIl|]))*(?![^\W\d_])"
)
_AS_DIGIT = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1"})
# "14" at the end of a line and "300,00 €" at the start of the next: one amount.
_WRAPPED_NUMBER = re.compile(
    r"(?<![\d,])\d{1,3}(?:[ .]\d{3})*\n(?=\d{3}(?:[ .]\d{3})*(?:[,.]\d{1,2}(?!\d)"
    r"|\s?(?:€|EUR\b|euros?\b)))"
)
_DIGIT_IN_WORD = re.compile(r"(?<=[^\W\d_])[01](?=[^\W\d_])")
# A sentence ends at . ! ? ; but not after "M.", "Mme.", "art." or an initial.
_SENTENCE_END = re.compile(
    r"(?<=[.!?;])(?<!\b[A-Z]\.)(?<!\bMM\.)(?<!\bMme\.)(?<!\b[Aa]rt\.)(?<!\bMe\.)"
    r"\s+|\n(?=[A-Z\u00c0-\u00dd])"
)


def repair_ocr(line: str) -> str:
    """``line`` with the letters OCR confuses with digits read as the intended ones."""
    line = _NUMBER_TOKEN.sub(_number_token, line)
    return _DIGIT_IN_WORD.sub(_letter_for_digit, line)


def join_wrapped_numbers(text: str) -> str:
    """``text`` with the amounts a line break cut in two joined (same length).

    A narrow column wraps "14 300,00 €" at its thousands space: the first line ends
    with a group of 1-3 digits and the next starts with 3 digits and the cents or
    the currency. The line break becomes a space, so positions are kept.
    """
    return _WRAPPED_NUMBER.sub(lambda match: match[0].replace("\n", " "), text)


def _number_token(match: re.Match[str]) -> str:
    token = match[0]
    if not any(char.isdigit() for char in token):
        return token
    return token.translate(_AS_DIGIT)


def _letter_for_digit(match: re.Match[str]) -> str:
    text, position = match.string, match.start()
    upper = text[position - 1].isupper() and text[position + 1].isupper()
    if match[0] == "0":
        return "O" if upper else "o"
    return "I" if upper else "l"


@dataclass(frozen=True)
class DocumentText:
    """Text of a document in the forms the rules need."""

    lines: tuple[str, ...]
    folded_lines: tuple[str, ...]
    text: str  # the lines joined by newlines
    folded: str  # ``text`` folded (same positions)
    line_starts: tuple[int, ...]

    @classmethod
    def from_pages(cls, pages: Sequence[str]) -> DocumentText:
        """The text of ``pages`` (the text layer or OCR of each page, in order)."""
        lines = (
            repair_ocr(collapse_spaces(line))
            for page in pages
            for line in page.splitlines()
        )
        return cls.from_lines([line for line in lines if line])

    @classmethod
    def from_lines(cls, lines: Sequence[str]) -> DocumentText:
        """The text of lines already cleaned (a part of a document)."""
        text = "\n".join(lines)
        folded = fold(text)
        starts = [0]
        for line in lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        return cls(
            tuple(lines),
            tuple(folded.split("\n")) if lines else (),
            text,
            folded,
            tuple(starts),
        )

    @property
    def is_empty(self) -> bool:
        """True when the document has no readable text at all."""
        return not self.folded.strip()

    @property
    def title(self) -> str:
        """The folded head of the document."""
        return self.folded[:TITLE_CHARACTERS]

    def line_index(self, position: int) -> int:
        """The index of the line holding the character at ``position``."""
        return max(0, bisect.bisect_right(self.line_starts, position) - 1)

    def rest_of_line(self, position: int) -> str:
        """The original text from ``position`` to the end of its line."""
        end = self.text.find("\n", position)
        return self.text[position : end if end >= 0 else len(self.text)]

    def next_line(self, position: int) -> str:
        """The original line after the one holding ``position`` ("" at the end)."""
        index = self.line_index(position) + 1
        return self.lines[index] if index < len(self.lines) else ""

    def count(self, *terms: str) -> int:
        """Occurrences of any of the folded ``terms`` in the whole text."""
        return count_terms(self.folded, terms)

    def has(self, *terms: str) -> bool:
        """True when any of the folded ``terms`` occurs."""
        return any_of(terms).search(self.folded) is not None

    def search(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        """The first match of ``pattern`` in the folded text."""
        return pattern.search(self.folded)

    def finditer(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """Every match of ``pattern`` in the folded text."""
        return pattern.finditer(self.folded)

    def labelled(self, labels: Sequence[str]) -> list[tuple[int, int]]:
        """(label rank, end position) of every label occurrence, best rank first."""
        found = [
            (ranked_labels(tuple(labels))[match.lastgroup or ""], match.end())
            for match in any_of(tuple(labels), named=True).finditer(self.folded)
        ]
        return sorted(found)

    def labelled_amount(
        self, labels: Sequence[str], *, next_line: bool = True, last: bool = False
    ) -> AmountMatch | None:
        """The amount after the best of ``labels`` (``last``: the line's last one)."""
        for _, end in self.labelled(labels):
            found = self.amount_after(end, next_line=next_line, last=last)
            if found is not None:
                return found
        return None

    def amount_after(
        self, position: int, *, next_line: bool = False, last: bool = True
    ) -> AmountMatch | None:
        """The first (or ``last``) amount from ``position`` to the end of its line."""
        found = find_amounts(self.rest_of_line(position))
        if not found and next_line:
            found = find_amounts(self.next_line(position))
        if not found:
            return None
        return found[-1] if last else found[0]

    def labelled_date(self, labels: Sequence[str]) -> date | None:
        """The first date after the best of ``labels`` on the same or the next line."""
        for _, end in self.labelled(labels):
            found = find_dates(self.rest_of_line(end)) or find_dates(
                self.next_line(end)
            )
            if found:
                return found[0].value
        return None

    def lines_with(self, *terms: str) -> list[str]:
        """The original lines that contain any of the folded ``terms``."""
        indexes = {
            self.line_index(match.start())
            for match in any_of(terms).finditer(self.folded)
        }
        return [self.lines[index] for index in sorted(indexes)]

    def sentences(self, *, original: bool = False) -> list[str]:
        """The folded (or original) text in sentences; a capital line starts one."""
        source = self.text if original else self.folded
        return [source[start:end] for start, end in self._sentence_spans]

    @functools.cached_property
    def _sentence_spans(self) -> tuple[tuple[int, int], ...]:
        # Cut on the original text, which keeps the capitals that start a line.
        spans, start = [], 0
        for match in _SENTENCE_END.finditer(self.text):
            spans.append((start, match.start()))
            start = match.end()
        spans.append((start, len(self.text)))
        return tuple(span for span in spans if span[1] > span[0])


@functools.cache
def any_of(terms: tuple[str, ...], *, named: bool = False) -> re.Pattern[str]:
    """One pattern for all folded ``terms`` (named groups t0, t1... if ``named``)."""
    return re.compile(terms_regex(terms, named=named))


@functools.cache
def ranked_labels(terms: tuple[str, ...]) -> dict[str, int]:
    """The rank of each named group of ``any_of(terms, named=True)``."""
    return {f"t{index}": index for index in range(len(terms))}
