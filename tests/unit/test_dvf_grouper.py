"""The native grouper's arithmetic against Python's, on parsed records (no database)."""

from __future__ import annotations

import csv
import io
import random
from datetime import date

from common.dvf import grouper
from common.dvf.formats import Row

PRICE_PER_M2 = grouper.SALE_COLUMNS.index("price_per_m2")


def _dwelling(line: int, price: float, surface: float) -> Row:
    return Row(
        line, f"M{line}", date(2021, 3, 1), "Vente", price, None, None, None, None,
        "75014", "75114", None, "75", None, (), None, "2", "Appartement", surface,
        None, None, None, 2.3, 48.8,
    )  # fmt: skip


def _prices_per_m2(pairs: list[tuple[float, float]]) -> list[float | None]:
    records = io.StringIO()
    writer = csv.writer(records, lineterminator="\n")
    for line, (price, surface) in enumerate(pairs, start=2):
        writer.writerow(grouper.parsed_record(_dwelling(line, price, surface)))
    grouped = grouper.group(records.getvalue().encode(), 0, 0, parsed=True)
    assert grouped is not None and grouped.sales == len(pairs)
    sales = csv.reader(io.StringIO(grouped.sales_csv.decode()))
    return [float(s[PRICE_PER_M2]) if s[PRICE_PER_M2] else None for s in sales]


def test_price_per_m2_rounded_as_python_rounds() -> None:
    # given half cents (exact or not in binary), large values and random ratios
    generator = random.Random(3)
    values = [0.005, 0.015, 0.125, 0.375, 1.005, 2.675, 100001 / 8, 2.0**46 + 0.25]
    values += [generator.uniform(0, 50_000) for _ in range(2000)]
    values += [
        generator.randint(1, 10**7) / generator.randint(1, 400) for _ in range(2000)
    ]
    values += [round(v, 3) for v in values[8:1000]]
    # when each is a price over one square metre, and random prices over surfaces
    pairs = [(v, 1.0) for v in values]
    pairs += [
        (generator.randint(1, 10**9) / 100, generator.randint(1, 40000) / 100)
        for _ in range(3000)
    ]
    # then
    assert _prices_per_m2(pairs) == [round(p / s, 2) for p, s in pairs]


def test_no_price_per_m2_when_the_division_would_overflow() -> None:
    assert _prices_per_m2([(9e12, 1e-300), (9e12, 1e-7)]) == [None, 9e19]
