"""HTTP: /api/auth/* and /api/users/* — sign-up/in/out, session, profile, account."""

import flask
import functions_framework

from common.api.users import router
from common.logging import setup_logging

setup_logging()


@functions_framework.http
def users_http(request: flask.Request) -> flask.Response:
    """Better Auth-compatible authentication, profile, stats and administration."""
    return router.dispatch(request)
