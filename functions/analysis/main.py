"""HTTP: /api/analysis — price analysis, exclusions, market trend, DVF stats, reload."""

import flask
import functions_framework

from common.api.analysis import router
from common.logging import setup_logging

setup_logging()


@functions_framework.http
def analysis_http(request: flask.Request) -> flask.Response:
    """Serve one request of the analysis API (auth, validation, errors)."""
    return router.dispatch(request)
