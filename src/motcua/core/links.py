"""Addresses of the site's pages by URL name, for what leaves the browser: e-mail, SMS, printed forms.

A page's path comes from ``reverse`` (its name in ``<app>/urls.py``), never from a string typed
here; this module only puts ``MOTCUA_PUBLIC_URL`` in front of it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse


def public_base() -> str:
    """``MOTCUA_PUBLIC_URL`` without its trailing slash."""
    return str(settings.MOTCUA_PUBLIC_URL).rstrip("/")


def public_url(name: str, *args: Any) -> str:
    """The absolute address of the page named ``name`` (e.g. ``"portal:track_detail"``) with ``args``."""
    return public_base() + reverse(name, args=args)
