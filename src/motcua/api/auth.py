"""API authentication: bearer tokens for clients, the session (with CSRF) for the web pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from motcua.accounts.services import user_for_token


class BearerAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is not None:
            request.user = user
            request.motcua_channel = "api"  # type: ignore[attr-defined]
        return user


class SessionUserAuth(SessionAuth):
    """Django session login; unsafe methods need the CSRF token (ninja checks it)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None:
            request.motcua_channel = "web"  # type: ignore[attr-defined]
        return user


AUTH = [BearerAuth(), SessionUserAuth()]
