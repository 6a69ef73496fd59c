"""Under /api/ even a path no route matches, or an unexpected failure, answers JSON {code, message, details};
the pages keep their Vietnamese error pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, path

from motcua.urls import handler404, handler500  # noqa: F401 - this test URLconf keeps the handlers
from motcua.urls import urlpatterns as site_urlpatterns


def boom(request: Any) -> Any:
    raise RuntimeError("an unexpected failure")


urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v1/thu-loi/", boom),
    path("trang-thu-loi/", boom),
    *site_urlpatterns,
]


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post", "delete"])
@pytest.mark.parametrize("where", ["/api/v1/khong-co", "/api/v1/dossiers/X/khong-co/", "/api/", "/api/v2/dossiers"])
def test_an_unknown_api_path_is_a_json_404(method: str, where: str) -> None:
    response = getattr(Client(), method)(where)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"code": "not_found", "message": "Không tìm thấy.", "details": {}}


@pytest.mark.django_db
def test_an_unknown_page_is_the_vietnamese_404_page() -> None:
    response = Client().get("/khong-co-trang-nay/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_an_unexpected_api_failure_is_a_json_500_and_a_page_failure_the_500_page() -> None:
    client = Client(raise_request_exception=False)
    api = client.get("/api/v1/thu-loi/")
    assert api.status_code == 500 and api["Content-Type"] == "application/json"
    assert api.json() == {"code": "server_error", "message": "Hệ thống gặp lỗi, vui lòng thử lại sau.", "details": {}}
    assert "unexpected" not in api.content.decode()
    page = client.get("/trang-thu-loi/")
    assert page.status_code == 500 and page["Content-Type"].startswith("text/html")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "where", "allowed"),
    [("get", "/api/v1/dossiers", ["POST"]), ("delete", "/api/v1/verification", ["GET", "POST"])],
)
def test_a_method_a_route_does_not_take_is_a_json_405_naming_the_allowed_ones(
    method: str, where: str, allowed: list[str]
) -> None:
    response = getattr(Client(), method)(where)
    assert response.status_code == 405 and response["Content-Type"] == "application/json"
    assert response.json() == {
        "code": "method_not_allowed",
        "message": f"Địa chỉ này không nhận phương thức {method.upper()}.",
        "details": {"allowed": allowed},
    }
    assert response["Allow"] == ", ".join(allowed)


@pytest.mark.django_db
def test_a_page_keeps_its_own_405() -> None:
    response = Client().get("/dang-xuat/")
    assert response.status_code == 405 and not response["Content-Type"].startswith("application/json")
