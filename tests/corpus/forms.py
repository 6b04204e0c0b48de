"""Amounts and dashes written the ways French documents write them.

Thousands are separated by a space, a no-break space (U+00A0), or a narrow no-break
space (U+202F, what word processors insert); decimals follow a comma. Most corpus
documents spell their amounts out literally (``58.300,00 €``, ``187.40 EUR``); ``eur``
writes the ones computed in code. Sources write a spaced en dash as `` -- ``.
"""

from __future__ import annotations

NBSP = "\u00a0"
NNBSP = "\u202f"


def dashes(text: str) -> str:
    """``text`` with each `` -- `` typeset as a spaced en dash."""
    return text.replace(" -- ", " \u2013 ")


def eur(
    value: float,
    *,
    sep: str = " ",
    decimals: int = 2,
    unit: str = " €",
) -> str:
    """``value`` as ``1 234,56 €`` with the given thousands separator and unit."""
    whole, _, fraction = f"{value:.{decimals}f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sep.join(groups) + ("," + fraction if decimals else "") + unit
