"""Routes of the users function: Better Auth endpoints, profile, stats, administration.

``/api/auth/*`` mirrors Better Auth's e-mail and Google endpoints and JSON (camelCase);
``/api/users/*`` are our own snake_case endpoints.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from common.api.users_schemas import (
    AuthSession,
    AuthUser,
    DeleteAccountBody,
    DocumentCounts,
    ManagedUserPageResponse,
    ManagedUserResponse,
    OAuthCallbackQuery,
    ProfileResponse,
    SessionPayload,
    SessionResponse,
    SetAccessBody,
    SignInBody,
    SignInResponse,
    SignUpBody,
    SignUpResponse,
    SocialSignInBody,
    SocialSignInResponse,
    StatsResponse,
    SuccessResponse,
    UpdateProfileBody,
    UserListQuery,
)
from common.auth.cookies import (
    COOKIE_NAME,
    SECURE_COOKIE_NAME,
    clear_session_cookie,
    session_cookie,
    session_token_from_cookies,
)
from common.config import get_settings
from common.http import ApiRequest, ApiResponse, Router
from common.services import auth, social_auth, user_admin, users

router = Router("users")


def _client(req: ApiRequest[Any, Any]) -> auth.Client:
    return auth.Client(ip_address=req.client_ip, user_agent=req.user_agent)


def _with_session_cookie(body: BaseModel, token: str) -> ApiResponse:
    # rememberMe=false would make this a browser-session cookie in Better Auth; we keep
    # the Max-Age (the server-side expiry is what protects the account).
    cookie = session_cookie(token, max_age=get_settings().session_ttl_seconds)
    return ApiResponse(body=body, cookies=[cookie])


# --- Better Auth: e-mail and password -----------------------------------------------


@router.post(
    "/api/auth/sign-up/email", body=SignUpBody, response=SignUpResponse, auth="public"
)
def sign_up(req: ApiRequest[SignUpBody, None]) -> ApiResponse:
    """Create an account with e-mail and password, and sign in."""
    body = req.body
    result = auth.sign_up(
        name=body.name,
        email=body.email,
        password=body.password,
        image=body.image,
        locale=req.language,
        client=_client(req),
    )
    user = AuthUser.model_validate(result.user)
    token = result.session.token
    return _with_session_cookie(SignUpResponse(token=token, user=user), token)


@router.post(
    "/api/auth/sign-in/email", body=SignInBody, response=SignInResponse, auth="public"
)
def sign_in(req: ApiRequest[SignInBody, None]) -> ApiResponse:
    """Sign in with e-mail and password (failed attempts are rate limited)."""
    result = auth.sign_in(
        email=req.body.email, password=req.body.password, client=_client(req)
    )
    user = AuthUser.model_validate(result.user)
    token = result.session.token
    return _with_session_cookie(SignInResponse(token=token, user=user), token)


@router.post("/api/auth/sign-out", response=SuccessResponse, auth="optional")
def sign_out(req: ApiRequest[None, None]) -> ApiResponse:
    """Revoke the current session, if any, and clear the cookie."""
    auth.sign_out(session_token_from_cookies(req.cookies))
    body = SuccessResponse(success=True)
    return ApiResponse(body=body, cookies=[clear_session_cookie()])


@router.get("/api/auth/get-session", response=SessionResponse, auth="optional")
def get_session(req: ApiRequest[None, None]) -> ApiResponse | SessionResponse:
    """The current session and user, or null; slides the expiry when due."""
    current = (
        auth.current_session(req.principal.session_token) if req.principal else None
    )
    if current is None:
        stale = COOKIE_NAME in req.cookies or SECURE_COOKIE_NAME in req.cookies
        cookies = [clear_session_cookie()] if stale else []
        return ApiResponse(body=SessionResponse(None), cookies=cookies)
    session = AuthSession.model_validate(current.session)
    user = AuthUser.model_validate(current.user)
    body = SessionResponse(SessionPayload(session=session, user=user))
    if current.refreshed:
        return _with_session_cookie(body, current.session.token)
    return body


# --- Better Auth: Google ------------------------------------------------------------


@router.post(
    "/api/auth/sign-in/social",
    body=SocialSignInBody,
    response=SocialSignInResponse,
    auth="public",
)
def sign_in_social(req: ApiRequest[SocialSignInBody, None]) -> SocialSignInResponse:
    """Start a Google sign-in: the provider URL to send the browser to."""
    body = req.body
    url = social_auth.start_sign_in(
        provider=body.provider,
        callback_url=body.callback_url,
        error_callback_url=body.error_callback_url,
        new_user_callback_url=body.new_user_callback_url,
    )
    return SocialSignInResponse(url=url, redirect=not body.disable_redirect)


@router.get(
    "/api/auth/callback/google", query=OAuthCallbackQuery, auth="public", status=302
)
def google_callback(req: ApiRequest[None, OAuthCallbackQuery]) -> ApiResponse:
    """Finish a Google sign-in and redirect the browser back to the app."""
    query = req.query
    outcome = social_auth.finish_google_sign_in(
        code=query.code,
        state=query.state,
        error=query.error,
        locale=req.language,
        client=_client(req),
    )
    if outcome.session is None:
        return ApiResponse.redirect(outcome.location)
    ttl = get_settings().session_ttl_seconds
    cookie = session_cookie(outcome.session.token, max_age=ttl)
    return ApiResponse.redirect(outcome.location, [cookie])


# --- our endpoints ------------------------------------------------------------------


@router.get("/api/users/me", response=ProfileResponse)
def get_me(req: ApiRequest[None, None]) -> ProfileResponse:
    """The signed-in user's profile."""
    return ProfileResponse.model_validate(users.get_profile(req.user.user_id))


@router.patch("/api/users/me", body=UpdateProfileBody, response=ProfileResponse)
def update_me(req: ApiRequest[UpdateProfileBody, None]) -> ProfileResponse:
    """Change name, image or locale."""
    body = req.body
    changes = users.ProfileChanges(
        name=body.name,
        locale=body.locale,
        image=body.image,
        image_set="image" in body.model_fields_set,
    )
    profile = users.update_profile(req.user.user_id, changes)
    return ProfileResponse.model_validate(profile)


@router.get("/api/users/stats", response=StatsResponse)
def get_stats(req: ApiRequest[None, None]) -> StatsResponse:
    """Counts of properties, documents, photos, redesigns, and stored bytes."""
    stats = users.usage_stats(req.user.user_id)
    documents = DocumentCounts(
        total=stats.documents, by_status=stats.documents_by_status
    )
    return StatsResponse(
        properties=stats.properties,
        documents=documents,
        photos=stats.photos,
        redesigns=stats.redesigns,
        storage_bytes=stats.storage_bytes,
    )


@router.delete("/api/users/me", body=DeleteAccountBody, status=204)
def delete_me(req: ApiRequest[DeleteAccountBody, None]) -> ApiResponse:
    """Delete the account, its files and all its data (recent sign-in or password)."""
    principal = req.user
    users.delete_account(
        principal.user_id,
        session_created_at=principal.session_created_at,
        password=req.body.password,
    )
    return ApiResponse(status=204, cookies=[clear_session_cookie()])


@router.get(
    "/api/users", query=UserListQuery, response=ManagedUserPageResponse, admin=True
)
def list_users(req: ApiRequest[None, UserListQuery]) -> ManagedUserPageResponse:
    """Administrators: a page of users with their property and document counts."""
    page = user_admin.list_users(limit=req.query.limit, offset=req.query.offset)
    return ManagedUserPageResponse.model_validate(page)


@router.patch(
    "/api/users/<user_id>", body=SetAccessBody, response=ManagedUserResponse, admin=True
)
def set_access(req: ApiRequest[SetAccessBody, None]) -> ManagedUserResponse:
    """Administrators: activate, deactivate, promote or demote a user."""
    managed = user_admin.set_access(
        req.user.user_id,
        req.path["user_id"],
        is_active=req.body.is_active,
        is_superuser=req.body.is_superuser,
    )
    return ManagedUserResponse.model_validate(managed)
