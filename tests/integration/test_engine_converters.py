"""Dates and timestamps read through the app's engine (fast ISO converters)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import Engine, text


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("SELECT DATE '2024-02-29'", date(2024, 2, 29)),
        ("SELECT DATE '0001-01-01'", date(1, 1, 1)),
        ("SELECT TIMESTAMP '2024-03-12 08:30:00.123456'",
         datetime(2024, 3, 12, 8, 30, 0, 123456)),
        ("SELECT TIMESTAMPTZ '2024-03-12 08:30:00+02'",
         datetime(2024, 3, 12, 6, 30, tzinfo=UTC)),
    ],
)  # fmt: skip
def test_engine_reads_iso_dates_and_timestamps(
    clean_db: Engine, sql: str, expected: object
) -> None:
    with clean_db.connect() as connection:
        assert connection.execute(text(sql)).scalar() == expected


def test_engine_timestamptz_keeps_the_offset_as_an_instant(clean_db: Engine) -> None:
    with clean_db.connect() as connection:
        connection.execute(text("SET TIME ZONE 'Europe/Paris'"))
        found = connection.execute(text("SELECT TIMESTAMPTZ '2024-07-01 12:00Z'"))
        value = found.scalar()
    assert value == datetime(2024, 7, 1, 14, 0, tzinfo=timezone(timedelta(hours=2)))
    assert value == datetime(2024, 7, 1, 12, 0, tzinfo=UTC)


def test_engine_falls_back_for_values_iso_cannot_read(clean_db: Engine) -> None:
    with clean_db.connect() as connection:
        infinite = connection.execute(text("SELECT DATE 'infinity'")).scalar()
        before_christ = connection.execute(text("SELECT DATE '0044-03-15 BC'"))
    assert infinite is not None
    assert before_christ.scalar() is not None
