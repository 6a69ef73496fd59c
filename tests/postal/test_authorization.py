"""Who may create or re-send a postal order from the back office, and what the dossier page shows."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from motcua.postal import services
from motcua.postal.models import PostalOrder
from tests.helpers import as_, submit
from tests.postal.test_orders import address

pytestmark = pytest.mark.django_db


def client(world: Any, name: str | None) -> Client:
    c = Client()
    if name:
        c.force_login(world.user(name))
    return c


def form() -> dict[str, str]:
    a = address()
    return {
        "post_name": a.name,
        "post_phone": a.phone,
        "post_province": a.province_code,
        "post_commune": a.commune_code,
        "post_street": a.street,
    }


def test_only_the_receiving_desk_creates_a_delivery_order(world: Any) -> None:
    d = submit(world)
    url = f"/buu-chinh/ho-so/{d.code}/chuyen-phat/"
    assert client(world, None).post(url, form()).status_code == 302  # to the login
    assert client(world, "other_citizen").post(url, form()).status_code == 404
    r = client(world, "head").post(url, form())
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    assert client(world, "reception").get(url).status_code == 405
    assert not PostalOrder.objects.exists()
    r = client(world, "reception").post(url, form())
    assert r.status_code == 302 and r["Location"] == f"/backoffice/ho-so/{d.code}/"
    order = PostalOrder.objects.get()
    assert (order.direction, order.status) == ("delivery", "waiting")
    page = client(world, "reception").get(f"/backoffice/ho-so/{d.code}/").content.decode()
    assert "Bưu chính công ích" in page and "Chờ có kết quả" in page and "Gửi đơn ngay" in page
    assert "Đăng ký nhận kết quả qua bưu chính công ích" in page  # the history line


def test_only_the_receiving_desk_resends(world: Any) -> None:
    d = submit(world)
    order = services.request_order(d.pk, direction="delivery", address=address(), actor=as_(world, "citizen"))
    url = f"/buu-chinh/don/{order.pk}/gui-lai/"
    assert client(world, None).post(url).status_code == 302
    assert client(world, "other_citizen").post(url).status_code == 404
    assert client(world, "head").post(url).status_code == 403
    assert client(world, "reception").post("/buu-chinh/don/999999/gui-lai/").status_code == 404
    assert client(world, "reception").post(url).status_code == 302
    order.refresh_from_db()
    assert order.status == "queued"
    # Sent already and in progress: not again.
    r = client(world, "reception").post(url, follow=True)
    assert "không gửi lại được" in r.content.decode()


def test_the_communes_of_a_province_are_public(world: Any) -> None:
    address()
    r = Client().get("/buu-chinh/xa/?tinh=01")
    assert r.status_code == 200 and len(r.json()["communes"]) > 50
    assert Client().get("/buu-chinh/xa/?tinh=zz").json()["communes"] == []


def test_a_bad_address_is_refused_with_its_fields(world: Any) -> None:
    d = submit(world)
    r = client(world, "reception").post(
        f"/buu-chinh/ho-so/{d.code}/chuyen-phat/", {**form(), "post_commune": "1"}, follow=True
    )
    assert "Vui lòng chọn xã, phường, đặc khu" in r.content.decode()
    assert not PostalOrder.objects.exists()
