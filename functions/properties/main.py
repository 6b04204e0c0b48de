"""HTTP: /api/properties — CRUD and the dashboard list with synthesis previews."""

import flask
import functions_framework

from common.api.properties import router
from common.logging import setup_logging

setup_logging()


@functions_framework.http
def properties_http(request: flask.Request) -> flask.Response:
    """Serve one request of the properties API (auth, validation, errors)."""
    return router.dispatch(request)
