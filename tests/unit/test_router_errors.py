"""Router.dispatch: errors as JSON, request ids and the language of messages."""

from __future__ import annotations

import uuid

import pytest
from flask.testing import FlaskClient

from tests.unit.router_support import error_of


def test_dispatch_unhandled_exception_is_generic_500_without_details(
    items_client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    # when
    response = items_client.get("/api/boom")
    # then
    (logged,) = [r for r in caplog.records if r.getMessage() == "unhandled error"]
    assert logged.exc_info is not None
    assert response.status_code == 500
    body = response.get_json()
    assert body["error"] == {
        "code": "internal",
        "message": "An unexpected error occurred.",
        "details": {},
    }
    assert body["request_id"] == response.headers["X-Request-Id"]
    text = response.get_data(as_text=True)
    assert "secret detail" not in text
    assert "Traceback" not in text


def test_dispatch_keeps_a_valid_request_id(items_client: FlaskClient) -> None:
    response = items_client.get(
        "/api/conflict", headers={"X-Request-Id": "req-ABC_123.x"}
    )

    assert response.headers["X-Request-Id"] == "req-ABC_123.x"
    assert response.get_json()["request_id"] == "req-ABC_123.x"


@pytest.mark.parametrize(
    "candidate", ["short", "has spaces in it", "x" * 65, "<script>"]
)
def test_dispatch_replaces_an_invalid_request_id(
    items_client: FlaskClient, candidate: str
) -> None:
    response = items_client.get(
        "/api/slugs/a/" + str(uuid.uuid4()), headers={"X-Request-Id": candidate}
    )

    request_id = response.headers["X-Request-Id"]
    assert request_id != candidate
    assert len(request_id) == 32
    int(request_id, 16)


def test_dispatch_with_french_accept_language_answers_in_french(
    items_client: FlaskClient,
) -> None:
    response = items_client.get(
        "/api/items/1", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}
    )

    assert error_of(response)["message"] == "Vous devez être connecté."
    assert response.headers["Content-Language"] == "fr"


def test_dispatch_known_error_maps_to_its_status(items_client: FlaskClient) -> None:
    response = items_client.get("/api/conflict", headers={"Accept-Language": "en"})

    assert response.status_code == 409
    assert error_of(response)["message"] == (
        "The request conflicts with the current state."
    )
