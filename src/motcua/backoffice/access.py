"""Who may open a back-office page: authenticated officials only.

Anonymous visitors go to the login page; citizens and businesses get 403. What an official may
see and do inside a page is decided by the dossier selectors and ``allowed_actions``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


def official_required(view: View) -> View:
    """Let only logged-in officials (``User.is_official``) through; others are refused."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user: Any = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not getattr(user, "is_official", False) or not user.is_active:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
