"""HTTP plumbing shared by the HTTP functions: router, request and response types."""

from common.http.request import ApiRequest, ApiResponse, Principal, SetCookie
from common.http.router import RateLimit, Router

__all__ = ["ApiRequest", "ApiResponse", "Principal", "RateLimit", "Router", "SetCookie"]
