"""The text of a document as the local rules read it: lines, folded text, labels.

A label is looked up in folded text (lower case, no accents), and the value is read
from the original text at the same position, which ``fold`` keeps. Values are looked for
after the label on the same line and, for wrapped layouts, on the next line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from common.ai.french import (
    AmountMatch,
    collapse_spaces,
    count_terms,
    find_amounts,
    find_dates,
    fold,
    term_pattern,
)

TITLE_CHARACTERS = 400  # the head of the document, where its title is


@dataclass(frozen=True)
class DocumentText:
    """Text of a document in the forms the rules need."""

    lines: tuple[str, ...]
    folded_lines: tuple[str, ...]
    flat: str  # all text, whitespace collapsed
    folded: str  # ``flat`` folded (same positions)

    @classmethod
    def from_pages(cls, pages: Sequence[str]) -> DocumentText:
        """The text of ``pages`` (the text layer of each page, in order)."""
        lines = tuple(
            collapse_spaces(line) for page in pages for line in page.splitlines()
        )
        lines = tuple(line for line in lines if line)
        flat = " ".join(lines)
        return cls(lines, tuple(fold(line) for line in lines), flat, fold(flat))

    @property
    def is_empty(self) -> bool:
        """True when the document has no readable text at all."""
        return not self.folded.strip()

    @property
    def title(self) -> str:
        """The folded head of the document."""
        return self.folded[:TITLE_CHARACTERS]

    def count(self, *terms: str) -> int:
        """Occurrences of any of the folded ``terms`` in the whole text."""
        return count_terms(self.folded, terms)

    def has(self, *terms: str) -> bool:
        """True when any of the folded ``terms`` occurs."""
        return any(term_pattern(term).search(self.folded) for term in terms)

    def search(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        """The first match of ``pattern`` in the folded, collapsed text."""
        return pattern.search(self.folded)

    def labelled_amount(
        self, labels: Sequence[str], *, next_line: bool = True
    ) -> AmountMatch | None:
        """The first amount after any of ``labels`` (tried in order of priority)."""
        for label in labels:
            for index, value_text in self._after_label(label):
                found = find_amounts(value_text)
                if not found and next_line and index + 1 < len(self.lines):
                    found = find_amounts(self.lines[index + 1])
                if found:
                    return found[0]
        return None

    def labelled_date(self, labels: Sequence[str]) -> date | None:
        """The first date after any of ``labels`` on the same or the next line."""
        for label in labels:
            for index, value_text in self._after_label(label):
                following = self.lines[index + 1] if index + 1 < len(self.lines) else ""
                found = find_dates(value_text) or find_dates(following)
                if found:
                    return found[0].value
        return None

    def lines_with(self, *terms: str) -> list[str]:
        """The original lines that contain any of the folded ``terms``."""
        patterns = [term_pattern(term) for term in terms]
        return [
            line
            for line, folded in zip(self.lines, self.folded_lines, strict=True)
            if any(pattern.search(folded) for pattern in patterns)
        ]

    def _after_label(self, label: str) -> list[tuple[int, str]]:
        """(line index, original text after the label) for each line with it."""
        pattern = term_pattern(label)
        found: list[tuple[int, str]] = []
        for index, folded in enumerate(self.folded_lines):
            match = pattern.search(folded)
            if match:
                found.append((index, self.lines[index][match.end() :]))
        return found
