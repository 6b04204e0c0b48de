"""The synthesis routes on a documents-like router: read, override, regenerate."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import flask
import pytest
from sqlalchemy import Engine

from common.api.synthesis_routes import register_synthesis_routes
from common.http import Router
from common.http.openapi import build_openapi
from common.services import synthesis
from tests import factories
from tests.factories import saved_property_id, signed_in_user
from tests.fakes.publisher import FakePublisher
from tests.synthesis_support import (
    NOW,
    ScriptedNarrator,
    full_set,
    saved_documents,
    stored_synthesis,
)

BASE = "/api/documents/synthesis"


@dataclass(frozen=True)
class Api:
    client: Any
    publisher: FakePublisher
    router: Router


@dataclass(frozen=True)
class Owned:
    user: factories.TestUser
    property_id: uuid.UUID
    document_ids: list[uuid.UUID]

    @property
    def charges_line(self) -> str:
        return f"annual:charges_copropriete:{self.document_ids[3]}"

    @property
    def works_item(self) -> str:
        return f"one_time:{self.document_ids[0]}:ravalement-de-facade:2025"


@pytest.fixture
def api(clean_db: Engine, redis_flushed: Any) -> Api:
    """A test client of a Flask app whose every request goes to the router."""
    publisher = FakePublisher()
    router = Router("documents-test")
    register_synthesis_routes(router, publisher=publisher)
    app = flask.Flask(__name__)

    def dispatch(path: str) -> flask.Response:
        return router.dispatch(flask.request)

    methods = ["GET", "POST", "PATCH"]
    app.add_url_rule("/<path:path>", view_func=dispatch, methods=methods)
    return Api(app.test_client(use_cookies=False), publisher, router)


@pytest.fixture
def owned(clean_db: Engine) -> Owned:
    """A signed-in owner of a property with one analysed document per category."""
    user = signed_in_user()
    property_id = saved_property_id(user)
    return Owned(user, property_id, saved_documents(property_id, user.id, full_set()))


@pytest.fixture
def narrator(owned: Owned) -> ScriptedNarrator:
    """The narrator of the synthesis generated for ``owned``."""
    narrator = ScriptedNarrator()
    synthesis.regenerate_synthesis(owned.property_id, ai=narrator, now=NOW)
    return narrator


def patch(
    api: Api, owned: Owned, body: dict[str, Any], user: factories.TestUser | None = None
) -> Any:
    headers = (user or owned.user).headers
    return api.client.patch(
        f"{BASE}/{owned.property_id}/overrides", json=body, headers=headers
    )


def test_get_without_synthesis_is_empty_with_zero_totals(
    api: Api, owned: Owned
) -> None:
    response = api.client.get(f"{BASE}/{owned.property_id}", headers=owned.user.headers)

    body = response.get_json()
    assert response.status_code == 200
    assert (body["status"], body["risk_level"], body["annual"]) == ("empty", None, [])
    assert body["totals"] == {
        "annual_total": 0.0, "monthly_total": 0.0, "one_time_total": 0.0,
        "unpaid_total": 0.0, "flags": [],
    }  # fmt: skip
    assert body["narrative"]["source"] == "none"


def test_get_returns_the_synthesis_with_costs_and_narrative(
    api: Api, owned: Owned, narrator: ScriptedNarrator
) -> None:
    response = api.client.get(f"{BASE}/{owned.property_id}", headers=owned.user.headers)

    body = response.get_json()
    assert response.status_code == 200
    assert (body["status"], body["risk_level"], body["document_count"]) == (
        "ready",
        "medium",
        5,
    )
    assert body["totals"]["annual_total"] == 5763.98
    assert [line["key"] for line in body["annual"]] == [
        "charges_copropriete", "taxe_fonciere", "estimated_energy", "fonds_travaux",
        "other_recurring",
    ]  # fmt: skip
    [works] = body["one_time"]
    assert (works["id"], works["buyer_amount"]) == (owned.works_item, 1276.8)
    assert body["tantiemes"]["share"] == 0.0152
    assert body["narrative"]["summary"] == "AI summary (fr)"
    assert body["risk_factors"][0]["description"]


def test_get_of_another_users_property_is_not_found(api: Api, owned: Owned) -> None:
    stranger = signed_in_user()

    response = api.client.get(f"{BASE}/{owned.property_id}", headers=stranger.headers)

    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "property_not_found"


def test_get_without_session_is_unauthenticated(api: Api, owned: Owned) -> None:
    assert api.client.get(f"{BASE}/{owned.property_id}").status_code == 401


def test_patch_overrides_recomputes_costs_without_the_ai(
    api: Api, owned: Owned, narrator: ScriptedNarrator
) -> None:
    # given
    body = {
        "tantiemes": {"lot": 200, "total": 10_000},
        "lines": {
            owned.charges_line: {"amount": 3000},
            owned.works_item: {"included": True},
        },
    }
    # when
    response = patch(api, owned, body)
    # then: 5763.98 - 3087.48 + 3000; 84 000 x 0.02
    result = response.get_json()
    assert response.status_code == 200
    assert result["totals"]["annual_total"] == 5676.5
    assert result["one_time"][0]["buyer_amount"] == 1680.0
    assert result["tantiemes"]["overridden"] is True
    assert len(narrator.facts) == 1
    row = stored_synthesis(owned.property_id)
    assert row is not None
    assert row.annual_cost_total == Decimal("5676.50")
    assert row.one_time_cost_total == Decimal("1680.00")
    assert row.overrides["lines"][owned.charges_line] == {"amount": 3000.0}


def test_patch_with_null_removes_an_override(
    api: Api, owned: Owned, narrator: ScriptedNarrator
) -> None:
    patch(
        api, owned, {"lines": {owned.charges_line: {"amount": 3000, "included": False}}}
    )

    response = patch(api, owned, {"lines": {owned.charges_line: {"included": None}}})

    result = response.get_json()
    assert result["overrides"]["lines"] == {owned.charges_line: {"amount": 3000.0}}
    assert result["totals"]["annual_total"] == 5676.5


def test_patch_before_any_synthesis_is_kept_for_the_first_one(
    api: Api, owned: Owned
) -> None:
    # given
    response = patch(api, owned, {"lines": {owned.charges_line: {"amount": 3000}}})
    # when
    synthesis.regenerate_synthesis(owned.property_id, ai=ScriptedNarrator(), now=NOW)
    # then
    assert response.status_code == 200
    assert response.get_json()["status"] == "empty"
    row = stored_synthesis(owned.property_id)
    assert row is not None
    assert row.annual_cost_total == Decimal("5676.50")


def test_patch_of_an_unknown_line_is_kept_and_reported_orphaned(
    api: Api, owned: Owned, narrator: ScriptedNarrator
) -> None:
    gone = f"annual:taxe_fonciere:{uuid.uuid4()}"

    result = patch(api, owned, {"lines": {gone: {"amount": 10}}}).get_json()

    assert result["orphaned_overrides"] == [gone]
    assert result["totals"]["annual_total"] == 5763.98


@pytest.mark.parametrize(
    "body",
    [
        {"tantiemes": {"lot": 20_000, "total": 10_000}},
        {"tantiemes": {"lot": 0, "total": 10_000}},
        {"lines": {"annual:x": {"amount": -1}}},
        {"lines": {"annual:x": {"share": 1}}},
        {"unknown": 1},
    ],
)
def test_patch_with_an_invalid_body_is_rejected(
    api: Api, owned: Owned, body: dict[str, Any]
) -> None:
    response = patch(api, owned, body)

    assert response.status_code == 400
    assert stored_synthesis(owned.property_id) is None


def test_patch_of_another_users_property_is_not_found(api: Api, owned: Owned) -> None:
    response = patch(api, owned, {"tantiemes": None}, user=signed_in_user())

    assert response.status_code == 404
    assert stored_synthesis(owned.property_id) is None


def test_regenerate_queues_a_manual_request(api: Api, owned: Owned) -> None:
    response = api.client.post(
        f"{BASE}/{owned.property_id}/regenerate", headers=owned.user.headers
    )

    assert (response.status_code, response.get_json()) == (202, {"status": "queued"})
    [message] = api.publisher.on("synthesis-requested")
    assert (message["property_id"], message["reason"]) == (
        str(owned.property_id),
        "manual",
    )


def test_regenerate_of_another_users_property_publishes_nothing(
    api: Api, owned: Owned
) -> None:
    response = api.client.post(
        f"{BASE}/{owned.property_id}/regenerate", headers=signed_in_user().headers
    )

    assert response.status_code == 404
    assert api.publisher.messages == []


def test_routes_are_described_in_openapi(api: Api) -> None:
    paths = build_openapi([api.router])["paths"]

    assert set(paths) == {
        "/api/documents/synthesis/{property_id}",
        "/api/documents/synthesis/{property_id}/overrides",
        "/api/documents/synthesis/{property_id}/regenerate",
    }
    regenerate = paths["/api/documents/synthesis/{property_id}/regenerate"]["post"]
    assert "202" in regenerate["responses"]
