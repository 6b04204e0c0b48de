"""The page query of the property lists: limit and keyset cursor."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from common.api.properties_schemas import PageQuery, decode_cursor, encode_cursor
from tests.support import validation_errors


def test_page_query_defaults_to_the_first_twenty() -> None:
    query = PageQuery.model_validate({})

    assert (query.limit, query.cursor, query.after) == (20, None, None)


@pytest.mark.parametrize(
    ("limit", "error_type"),
    [("0", "greater_than_equal"), ("101", "less_than_equal"), ("ten", "int_parsing")],
)
def test_page_query_limit_rules(limit: str, error_type: str) -> None:
    assert validation_errors(PageQuery, {"limit": limit}) == [(("limit",), error_type)]


def test_page_query_cursor_round_trips_to_a_position() -> None:
    created_at = datetime(2025, 3, 14, 9, 26, 53, 589793, tzinfo=UTC)
    property_id = uuid.uuid4()

    query = PageQuery.model_validate({"cursor": encode_cursor(created_at, property_id)})

    assert query.after == (created_at, property_id)


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "!!!!",
        encode_cursor(datetime(2025, 1, 1), uuid.uuid4()),  # naive time
        "MjAyNS0wMS0wMXxub3QtYS11dWlk",  # "2025-01-01|not-a-uuid"
        "x" * 201,
    ],
)
def test_page_query_malformed_cursor_is_refused(cursor: str) -> None:
    [(location, error_type)] = validation_errors(PageQuery, {"cursor": cursor})

    assert location == ("cursor",)
    assert error_type in {"cursor_invalid", "string_too_long"}


def test_page_query_empty_cursor_means_first_page() -> None:
    assert PageQuery.model_validate({"cursor": ""}).after is None


def test_page_query_unknown_parameter_is_refused() -> None:
    assert validation_errors(PageQuery, {"page": "2"}) == [
        (("page",), "extra_forbidden")
    ]


def test_decode_cursor_rejects_non_base64() -> None:
    with pytest.raises(ValueError, match="malformed"):
        decode_cursor("é")
