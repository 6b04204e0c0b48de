"""HTTP: /api/photos — uploads, presets, redesign requests, history, promote, delete."""

import flask
import functions_framework

from common.api.photos import router
from common.logging import setup_logging

setup_logging()


@functions_framework.http
def photos_http(request: flask.Request) -> flask.Response:
    """Serve one request of the photos API (auth, validation, errors)."""
    return router.dispatch(request)
