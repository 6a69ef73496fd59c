"""Every admin page is closed to anonymous users, citizens and officials without staff rights."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from tests.helpers import make_user


def admin_urls() -> list[str]:
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    return urls


@pytest.mark.django_db
def test_admin_pages_are_denied_without_staff_rights(world: Any) -> None:
    urls = admin_urls()
    assert len(urls) > 10
    for user in [None, world.user("citizen"), world.user("reception"), world.user("head")]:
        client = Client()
        if user is not None:
            client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 302 and "/admin/login/" in response["Location"], (user, url)


@pytest.mark.django_db
def test_superuser_sees_every_admin_page() -> None:
    root = make_user("root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(root)
    for url in admin_urls():
        assert client.get(url).status_code == 200, url
