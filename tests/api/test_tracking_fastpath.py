"""Public tracking answered before the session/auth/CSRF middleware: same body and headers, one query."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from motcua.dossiers.services import lifecycle
from tests.helpers import as_, submit

FAST = "motcua.api.fastpath.PublicTrackingMiddleware"


def full_stack() -> Any:
    return override_settings(MIDDLEWARE=[m for m in settings.MIDDLEWARE if m != FAST])


def answer(client: Client, path: str, **headers: Any) -> tuple[int, bytes, dict[str, str]]:
    response = client.get(path, **headers)
    return response.status_code, response.content, dict(response.headers)


@pytest.fixture
def dossiers(world: Any, frozen: Any) -> list[Any]:
    frozen(datetime.fromisoformat("2026-11-23T09:00+07:00"))
    submitted = submit(world)
    received = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))
    done = submit(world)
    lifecycle.receive(done.pk, actor=as_(world, "reception"))
    lifecycle.assign(done.pk, actor=as_(world, "head"), assignee_username="specialist")
    frozen(datetime.fromisoformat("2026-11-24T10:30:15.123456+07:00"))
    done = lifecycle.refuse(done.pk, actor=as_(world, "head"), reasons="Không đủ điều kiện")
    return [submitted, received, done]


@pytest.mark.django_db
@pytest.mark.parametrize("language", [{}, {"HTTP_ACCEPT_LANGUAGE": "en"}, {"HTTP_COOKIE": "django_language=en"}])
def test_fast_path_answers_exactly_like_the_full_stack(dossiers: list[Any], language: dict[str, Any]) -> None:
    assert settings.MIDDLEWARE.index(FAST) == 1  # right after SecurityMiddleware
    for d in dossiers:
        for code in (d.code, d.code.lower()):
            fast = answer(Client(), f"/api/v1/track/{code}", **language)
            with full_stack():
                full = answer(Client(), f"/api/v1/track/{code}", **language)
            assert fast == full
            assert fast[0] == 200
    english = "HTTP_ACCEPT_LANGUAGE" in language or "HTTP_COOKIE" in language
    body = Client().get(f"/api/v1/track/{dossiers[2].code}", **language).json()
    assert body["status_label"] == ("Refused" if english else "Từ chối giải quyết")
    assert body["finished_at"] == "2026-11-24T03:30:15.123Z"


@pytest.mark.django_db
def test_fast_path_keeps_the_security_headers_and_sets_no_cookie(dossiers: list[Any]) -> None:
    response = Client().get(f"/api/v1/track/{dossiers[1].code}")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["Content-Language"] == "vi" and response["Vary"] == "Accept-Language, Cookie"
    assert not response.cookies


@pytest.mark.django_db
def test_fast_path_is_one_query_and_skips_the_session(dossiers: list[Any]) -> None:
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(f"/api/v1/track/{dossiers[1].code}", HTTP_COOKIE="sessionid=whatever").status_code == 200
    assert len(queries) == 1, [q["sql"] for q in queries]
    assert "django_session" not in queries[0]["sql"] and "applicant" not in queries[0]["sql"]


@pytest.mark.django_db
def test_everything_else_goes_down_the_full_stack(dossiers: list[Any]) -> None:
    unknown = "/api/v1/track/H26.101-000000-0000"
    fast = answer(Client(), unknown)
    with full_stack():
        assert answer(Client(), unknown) == fast
    for path in ["/api/v1/track/", f"/api/v1/track/{dossiers[1].code}/x"]:  # the HTML 404 page
        assert Client().get(path).status_code == 404
    assert Client().get("/api/v1/track/H26.101-000000-0000").json()["code"] == "not_found"
    assert Client().post(f"/api/v1/track/{dossiers[1].code}").status_code == 405
    assert Client().get(f"/api/v1/track/{dossiers[1].code}", HTTP_HOST="evil.example").status_code == 400


@pytest.mark.django_db
def test_the_copied_security_headers_match_and_follow_a_settings_change(dossiers: list[Any]) -> None:
    client = Client()  # one handler: the first answer runs the middleware, the later ones copy its headers
    answers = [answer(client, f"/api/v1/track/{d.code}") for d in dossiers]
    with full_stack():
        full = [answer(Client(), f"/api/v1/track/{d.code}") for d in dossiers]
    assert answers == full
    policy = {**settings.CONTENT_SECURITY_POLICY, "DIRECTIVES": {"default-src": ["'none'"]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        assert client.get(f"/api/v1/track/{dossiers[0].code}")["Content-Security-Policy"] == "default-src 'none'"
    assert "default-src 'self'" in client.get(f"/api/v1/track/{dossiers[0].code}")["Content-Security-Policy"]
