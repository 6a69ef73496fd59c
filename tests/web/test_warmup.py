"""Worker start does the one-time work (URLconf, translations, libmagic) before the first request."""

from __future__ import annotations

import importlib

from django.urls import clear_url_caches, get_resolver


def test_the_wsgi_module_warms_up_the_process() -> None:
    clear_url_caches()
    assert "url_patterns" not in get_resolver().__dict__
    module = importlib.reload(importlib.import_module("motcua.wsgi"))
    assert callable(module.application)
    resolver = get_resolver()
    assert "url_patterns" in resolver.__dict__  # the URLconf was imported at start (cached_property filled)
    assert resolver.resolve("/api/v1/track/X").url_name
