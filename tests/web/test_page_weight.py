"""Pages load under 100 KB of JavaScript in total and nothing from another origin (no CDN)."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from tests.helpers import submit

ASSET = re.compile(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"')


def assets(html: str) -> list[str]:
    return ASSET.findall(html)


@pytest.mark.django_db
def test_pages_stay_under_100_kb_of_javascript_and_use_no_cdn(world: Any, frozen: Any) -> None:
    d = submit(world)
    citizen, official = Client(), Client()
    citizen.force_login(world.user("citizen"))
    official.force_login(world.user("reception"))
    pages = [
        (Client(), "/"),
        (Client(), "/thu-tuc/"),
        (Client(), "/thu-tuc/T.001/"),
        (Client(), "/tra-cuu/"),
        (Client(), "/dang-nhap/"),
        (Client(), "/cong-khai/"),
        (Client(), "/phan-anh/"),
        (citizen, "/tai-khoan/"),
        (citizen, f"/tai-khoan/ho-so/{d.code}/"),
        (citizen, "/nop-ho-so/T.001/"),
        (official, "/backoffice/"),
        (official, f"/backoffice/ho-so/{d.code}/"),
        (official, "/backoffice/tiep-nhan/"),
    ]
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        found = assets(response.content.decode())
        assert found, url
        external = [a for a in found if re.match(r"^(https?:)?//", a)]
        assert external == [], (url, external)
        scripts = [a for a in found if a.endswith(".js")]
        total = 0
        for src in scripts:
            path = finders.find(src.removeprefix("/static/"))
            assert path, src
            total += os.path.getsize(path)
        assert 0 < total < 100 * 1024, (url, total)
