"""French numbers written in words, as minutes and deeds write dates and headings.

A procès-verbal often opens with "L'an deux mille vingt-quatre, le douze mars" and
numbers its resolutions "Première résolution", "Vingt et unième résolution". These
helpers read such words (folded: lower case, no accents) into integers: cardinals up to
the years of the 20th and 21st centuries ("mil neuf cent quatre-vingt-dix-huit"), and
ordinals ("premiere", "deuxieme", "vingt et unieme"). Anything else is None.
"""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5,
    "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12,
    "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20,
    "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
}  # fmt: skip
_ORDINAL_STEMS = {
    "premier": 1, "premiere": 1, "second": 2, "seconde": 2, "cinqu": 5, "neuv": 9,
}  # fmt: skip
_WORD = re.compile(r"[a-z]+")
NUMBER_WORDS = (
    r"(?:(?:zero|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze"
    r"|treize|quatorze|quinze|seize|vingts?|trente|quarante|cinquante|soixante"
    r"|cents?|mille|mil|et)(?:[\s-]+|(?=\W|$)))+"
)
ORDINAL_WORDS = NUMBER_WORDS[:-1] + r"*(?:premiere?|seconde?|[a-z]+ieme)"


def cardinal(words: str) -> int | None:
    """The integer that folded French ``words`` write, or None."""
    total, hundreds, small, seen = 0, 0, 0, False
    for word in _WORD.findall(words):
        if word == "et":
            continue
        if word in ("mille", "mil"):
            total += (hundreds + small or 1) * 1000
            hundreds, small = 0, 0
        elif word in ("cent", "cents"):
            hundreds, small = (small or 1) * 100, 0
        elif word in _UNITS:
            value = _UNITS[word]
            # "quatre-vingt(s)": four twenties; otherwise values add up.
            small = 80 if value == 20 and small == 4 else small + value
        else:
            return None
        seen = True
    return total + hundreds + small if seen else None


def ordinal(words: str) -> int | None:
    """The rank that folded French ordinal ``words`` write ("vingt et unieme": 21)."""
    found = _WORD.findall(words)
    if not found:
        return None
    last = found[-1]
    if last in _ORDINAL_STEMS:
        stem_value: int | None = _ORDINAL_STEMS[last]
    elif last.endswith("ieme"):
        stem = last.removesuffix("ieme")
        stem_value = _ORDINAL_STEMS.get(stem)
        if stem_value is None:
            stem_value = cardinal(stem) if stem in _UNITS else cardinal(stem + "e")
    else:
        return None
    if stem_value is None:
        return None
    head = cardinal(" ".join(found[:-1])) if found[:-1] else 0
    return None if head is None else head + stem_value
