"""The bundled DVF sample (Paris 14e, first half of 2020), loaded by ``make run``.

``load_sample()`` loads it only into an empty ``dvf_sales``, so price analysis works
on a fresh machine and a real load is never overwritten.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from common.db import get_engine
from common.dvf.loader import LoadOptions, run_task

SAMPLE_PATH = Path(__file__).resolve().parent / "data" / "paris14-75114-2020H1.csv.gz"


def load_sample() -> int:
    """Load the bundled sample when no sale is loaded yet; rows read (0 if skipped)."""
    with get_engine().connect() as connection:
        present = connection.execute(text("SELECT EXISTS (SELECT 1 FROM dvf_sales)"))
        if present.scalar_one():
            return 0
    return run_task(LoadOptions(sources=[str(SAMPLE_PATH)])).rows_read
