"""GET /api/properties and /api/properties/with-synthesis: pages, cursors, previews."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from common.db import session_scope
from common.storage import LocalStorage, get_storage
from tests import factories
from tests.factories import attach_related, create_property, signed_in_user

pytestmark = pytest.mark.e2e

T0 = datetime(2025, 2, 3, 8, 0, tzinfo=UTC)
LISTS = ["/api/properties", "/api/properties/with-synthesis"]


def _dated(owner: factories.TestUser, count: int) -> list[str]:
    """``count`` properties created a minute apart; their ids, oldest first."""
    with session_scope() as db:
        return [
            str(
                create_property(
                    db, owner.id, created_at=T0 + n * timedelta(minutes=1)
                ).id
            )
            for n in range(count)
        ]


def _walk(client: Any, path: str, user: factories.TestUser, limit: int) -> list[Any]:
    pages, cursor = [], ""
    while True:
        response = client.get(
            path, query_string={"limit": limit, "cursor": cursor}, headers=user.headers
        )
        assert response.status_code == 200
        pages.append(response.get_json())
        cursor = pages[-1]["next_cursor"]
        if cursor is None:
            return pages


@pytest.mark.parametrize("path", LISTS)
def test_list_pages_are_newest_first_and_end_with_null_cursor(
    properties_client: Any, user: factories.TestUser, path: str
) -> None:
    ids = _dated(user, 5)

    pages = _walk(properties_client, path, user, limit=2)

    assert [len(page["items"]) for page in pages] == [2, 2, 1]
    listed = [item["id"] for page in pages for item in page["items"]]
    assert listed == list(reversed(ids))
    assert {page["total"] for page in pages} == {5}


@pytest.mark.parametrize("path", LISTS)
def test_list_shows_only_the_users_properties(
    properties_client: Any, user: factories.TestUser, path: str
) -> None:
    stranger = signed_in_user()
    _dated(stranger, 3)
    mine = _dated(user, 1)

    body = properties_client.get(path, headers=user.headers).get_json()

    assert [item["id"] for item in body["items"]] == mine
    assert (body["total"], body["next_cursor"]) == (1, None)


@pytest.mark.parametrize("path", LISTS)
def test_list_without_properties_is_empty(
    properties_client: Any, user: factories.TestUser, path: str
) -> None:
    body = properties_client.get(path, headers=user.headers).get_json()

    assert body == {"items": [], "next_cursor": None, "total": 0}


@pytest.mark.parametrize("path", LISTS)
def test_list_cursor_is_stable_when_a_property_is_created(
    properties_client: Any, user: factories.TestUser, path: str
) -> None:
    # given the first page of four properties
    ids = _dated(user, 4)
    first = properties_client.get(path, query_string={"limit": 2}, headers=user.headers)
    cursor = first.get_json()["next_cursor"]
    # when a property is created before the next page is read
    created = properties_client.post(
        "/api/properties",
        json={
            "address": "1 rue Neuve",
            "postal_code": "13001",
            "city": "Marseille",
            "property_type": "Maison",
        },
        headers=user.headers,
    )
    assert created.status_code == 201
    second = properties_client.get(
        path, query_string={"limit": 2, "cursor": cursor}, headers=user.headers
    ).get_json()

    # then the second page continues after the first one
    assert [item["id"] for item in second["items"]] == [ids[1], ids[0]]
    assert (second["total"], second["next_cursor"]) == (5, None)


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    ("query", "loc", "error_type"),
    [
        ({"limit": "0"}, ["query", "limit"], "greater_than_equal"),
        ({"limit": "101"}, ["query", "limit"], "less_than_equal"),
        ({"limit": "vingt"}, ["query", "limit"], "int_parsing"),
        ({"cursor": "pas-un-curseur"}, ["query", "cursor"], "cursor_invalid"),
        ({"page": "2"}, ["query", "page"], "extra_forbidden"),
    ],
)
def test_list_invalid_query_is_400_with_its_location(
    properties_client: Any,
    user: factories.TestUser,
    path: str,
    query: dict[str, str],
    loc: list[str],
    error_type: str,
) -> None:
    response = properties_client.get(path, query_string=query, headers=user.headers)

    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid_input"
    assert error["details"]["errors"] == [{"loc": loc, "type": error_type}]


def test_list_items_carry_department_and_price_per_m2(
    properties_client: Any, user: factories.TestUser
) -> None:
    _dated(user, 1)

    [item] = properties_client.get("/api/properties", headers=user.headers).get_json()[
        "items"
    ]

    assert (item["department"], item["price_per_m2"]) == ("75", 9905)


# --- dashboard previews -------------------------------------------------------------


def test_dashboard_item_has_the_property_and_its_preview(
    properties_client: Any, user: factories.TestUser
) -> None:
    # given a property with a synthesis, a document and a promoted redesign
    storage = get_storage()
    assert isinstance(storage, LocalStorage)
    with session_scope() as db:
        target = create_property(db, user.id)
        related = attach_related(db, target, storage)

    # when
    response = properties_client.get(
        "/api/properties/with-synthesis", headers=user.headers
    )

    # then
    assert response.status_code == 200
    [item] = response.get_json()["items"]
    assert (item["id"], item["department"], item["price_per_m2"]) == (
        str(target.id),
        "75",
        9905,
    )
    preview = item["preview"]
    promoted = preview.pop("promoted_photo")
    assert preview == {
        "risk_level": "medium",
        "annual_cost_total": 3120.5,
        "one_time_cost_total": 15000.0,
        "key_findings": ["constat 0", "constat 1", "constat 2"],
        "synthesis_status": "done",
        "synthesis_generated_at": "2025-01-06T09:00:00Z",
        "document_count": 1,
        "documents_analyzed": 1,
        "redesign_count": 1,
    }
    assert promoted["photo_id"] == str(related.photo_id)
    assert promoted["redesign_id"] == str(related.redesign_id)
    assert promoted["promoted_at"] == "2025-01-06T09:00:00Z"
    assert promoted["url"].startswith("http://testserver.local/_storage/photos/users/")


def test_dashboard_item_without_synthesis_has_an_empty_preview(
    properties_client: Any, user: factories.TestUser
) -> None:
    _dated(user, 1)

    [item] = properties_client.get(
        "/api/properties/with-synthesis", headers=user.headers
    ).get_json()["items"]

    assert item["preview"] == {
        "risk_level": None,
        "annual_cost_total": None,
        "one_time_cost_total": None,
        "key_findings": [],
        "synthesis_status": None,
        "synthesis_generated_at": None,
        "document_count": 0,
        "documents_analyzed": 0,
        "redesign_count": 0,
        "promoted_photo": None,
    }


def test_dashboard_route_does_not_clash_with_the_property_route(
    properties_client: Any, user: factories.TestUser
) -> None:
    mine = _dated(user, 1)[0]

    listed = properties_client.get(
        "/api/properties/with-synthesis", headers=user.headers
    )
    single = properties_client.get(
        f"/api/properties/{uuid.UUID(mine)}", headers=user.headers
    )

    assert "items" in listed.get_json()
    assert single.get_json()["id"] == mine
