"""HTTP: /api/documents — uploads, lists, rename, delete, status and synthesis."""

import flask
import functions_framework

from common.api.documents import router
from common.logging import setup_logging

setup_logging()


@functions_framework.http
def documents_http(request: flask.Request) -> flask.Response:
    """Serve one request of the documents API (auth, validation, errors)."""
    return router.dispatch(request)
