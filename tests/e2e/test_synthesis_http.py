"""The synthesis routes through the documents function, after the synthesis function
has handled a Pub/Sub event: read, override, regenerate."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine

from common.local.bus import reset_local_bus
from tests import factories
from tests.factories import saved_property_id
from tests.support import function_client, post_structured
from tests.synthesis_support import (
    full_set,
    saved_documents,
    synthesis_event,
    synthesis_function_client,
)

pytestmark = pytest.mark.e2e
BASE = "/api/documents/synthesis"


@pytest.fixture
def documents_client(clean_db: Engine, redis_flushed: Any) -> Iterator[Any]:
    """The documents function; the local bus it publishes to is reset afterwards."""
    yield function_client("documents", "documents_http")
    reset_local_bus()


@pytest.fixture
def property_id(user: factories.TestUser) -> uuid.UUID:
    """``user``'s property, its documents analysed and its synthesis generated."""
    found = saved_property_id(user)
    saved_documents(found, user.id, full_set())
    response = post_structured(synthesis_function_client(), synthesis_event(found))
    assert response.status_code == 200
    return found


def test_owner_reads_and_overrides_the_synthesis(
    documents_client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    # given
    read = documents_client.get(f"{BASE}/{property_id}", headers=user.headers)
    charges = next(
        x for x in read.get_json()["annual"] if x["key"] == "charges_copropriete"
    )
    # when
    patched = documents_client.patch(
        f"{BASE}/{property_id}/overrides",
        json={"lines": {charges["id"]: {"included": False}}},
        headers=user.headers,
    )
    # then: 5763.98 - 3087.48
    assert read.status_code == 200
    assert (read.get_json()["status"], read.get_json()["totals"]["annual_total"]) == (
        "ready", 5763.98,
    )  # fmt: skip
    assert patched.status_code == 200
    assert patched.get_json()["totals"]["annual_total"] == 2676.5
    again = documents_client.get(f"{BASE}/{property_id}", headers=user.headers)
    assert again.get_json()["totals"]["annual_total"] == 2676.5


def test_stranger_cannot_read_the_synthesis(
    documents_client: Any, stranger: factories.TestUser, property_id: uuid.UUID
) -> None:
    response = documents_client.get(f"{BASE}/{property_id}", headers=stranger.headers)

    assert response.status_code == 404


def test_owner_queues_a_regeneration(
    documents_client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    response = documents_client.post(
        f"{BASE}/{property_id}/regenerate", headers=user.headers
    )

    assert (response.status_code, response.get_json()) == (202, {"status": "queued"})
