"""E-ID login pages (đăng nhập bằng tài khoản định danh điện tử): ``/oidc/login/`` and ``/oidc/callback/``.

Thin: the protocol is ``accounts.providers.vneid.client``, the account ``accounts.services.eid_sign_in``.
A failure of either sends the citizen back to the login page with its Vietnamese message; the
password form there keeps working.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from motcua.accounts.providers.vneid import client, conf
from motcua.accounts.services import eid_sign_in
from motcua.core.errors import DomainError

log = logging.getLogger(__name__)

PENDING_KEY = "oidc_pending"
ID_TOKEN_KEY = "oidc_id_token"  # noqa: S105 - a session key's name, not a secret


def _safe_next(request: HttpRequest, target: str) -> str:
    return target if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) else ""


def _back_to_login(request: HttpRequest, message: str, next_url: str = "") -> HttpResponse:
    messages.error(request, message)
    url = reverse("web:login")
    return redirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)


@never_cache
def oidc_login(request: HttpRequest) -> HttpResponse:
    """Send the browser to the e-ID provider (authorization code flow with PKCE); ``next``: where to land."""
    next_url = _safe_next(request, request.GET.get("next", ""))
    if not conf.configured():
        return _back_to_login(
            request, _("Đăng nhập bằng định danh điện tử chưa được cấu hình trên hệ thống này."), next_url
        )
    try:
        url, pending = client.start(next_url)
    except DomainError as exc:
        log.warning("e-ID login not started: %s", exc.details)
        return _back_to_login(request, str(exc.message), next_url)
    request.session[PENDING_KEY] = pending.as_dict()
    return redirect(url)


@never_cache
def oidc_callback(request: HttpRequest) -> HttpResponse:
    """Where the provider sends the browser back: check everything, then log the citizen in."""
    pending = client.Pending.from_dict(request.session.pop(PENDING_KEY, None))
    if pending is None:
        return _back_to_login(request, _("Phiên đăng nhập định danh điện tử đã hết hạn. Vui lòng đăng nhập lại."))
    if not conf.configured():
        return _back_to_login(request, _("Đăng nhập bằng định danh điện tử chưa được cấu hình trên hệ thống này."))
    params = {key: str(value) for key, value in request.GET.items()}
    try:
        identity = client.finish(pending, params)
        user, conflict = eid_sign_in(
            subject=identity.subject,
            personal_id=identity.personal_id,
            full_name=identity.full_name,
            birth_date=identity.birth_date,
            level=identity.level,
        )
    except DomainError as exc:
        log.warning("e-ID login refused: %s %s", exc.code, exc.details)
        return _back_to_login(request, str(exc.message), pending.next_url)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[ID_TOKEN_KEY] = identity.id_token  # for RP-initiated logout (id_token_hint)
    if conflict is not None:
        messages.warning(
            request,
            _(
                "Một tài khoản đăng ký bằng mật khẩu trước đây đã khai số định danh của bạn. Số định danh "
                "nay thuộc tài khoản định danh điện tử này; cán bộ quản trị sẽ kiểm tra tài khoản kia."
            ),
        )
    return redirect(pending.next_url or reverse("portal:account"))


def provider_logout_url(request: HttpRequest) -> str:
    """The provider's end-session URL when this session came from an e-ID login (else empty).

    Read before the local logout flushes the session; a provider that does not answer leaves only
    the local logout.
    """
    id_token = request.session.get(ID_TOKEN_KEY)
    if not id_token or not conf.configured():
        return ""
    try:
        return client.logout_url(str(id_token))
    except DomainError as exc:
        log.warning("e-ID logout at the provider skipped: %s", exc.details)
        return ""
