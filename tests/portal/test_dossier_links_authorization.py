"""The payment, rating and complaint links of a citizen's dossier page, taken from the page itself:
the owner opens them; anonymous visitors are sent to log in; another citizen and officials get
404 (officials 403 on the rating page, which names why) and see nothing of the dossier; a denied
request changes nothing."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from motcua.feedback.categories import CATEGORIES
from motcua.feedback.models import Category, Feedback, Rating
from motcua.payments.models import FeeAssessment, Payment
from tests.feedback.conftest import returned_dossier
from tests.helpers import as_
from tests.payments.catalogue import import_fee_procedure

PRIVATE = ("Nguyễn Thị Hằng", "001190012345", "hang@example.vn")


def client(user: Any) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def state() -> tuple[Any, ...]:
    return Payment.objects.count(), FeeAssessment.objects.count(), Rating.objects.count(), Feedback.objects.count()


@pytest.fixture
def links(world: Any) -> list[str]:
    for row in CATEGORIES:
        Category.objects.update_or_create(code=row["code"], defaults={k: v for k, v in row.items() if k != "code"})
    import_fee_procedure()
    from motcua.dossiers.services import lifecycle
    from tests.helpers import pdf_upload, submit

    to_pay = submit(
        world,
        procedure="T.003",
        files={"TK": [pdf_upload()]},
        form_data={"muc_dich": "Xin việc", "so_luong_phieu": "3"},
    )
    lifecycle.receive(to_pay.pk, actor=as_(world, "reception"))
    returned = returned_dossier(world)
    owner = client(world.user("citizen"))
    found = []
    for d, texts in [
        (to_pay, ["Thanh toán 205.000 đ"]),
        (returned, ["Đánh giá mức độ hài lòng", "Phản ánh, kiến nghị về hồ sơ này"]),
    ]:
        page = owner.get(f"/tai-khoan/ho-so/{d.code}/").content.decode()
        for text in texts:
            hrefs = re.findall(rf'<a [^>]*href="([^"]+)"[^>]*>{re.escape(text)}</a>', page)
            assert len(hrefs) == 1, text
            found.append(hrefs[0])
    assert found == [
        f"/thanh-toan/{to_pay.code}/",
        f"/phan-anh/danh-gia/{returned.code}/",
        f"/phan-anh/gui/?ho-so={returned.code}",
    ]
    return found


@pytest.mark.django_db
def test_the_owner_opens_every_link(world: Any, links: list[str]) -> None:
    for url in links:
        assert client(world.user("citizen")).get(url).status_code == 200, url


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(links: list[str]) -> None:
    before = state()
    for url in links:
        r = client(None).get(url)
        assert r.status_code == 302 and r["Location"].startswith("/dang-nhap/?next="), url
    assert state() == before


@pytest.mark.parametrize(
    ("name", "statuses"),
    [
        ("other_citizen", [404, 404, 404]),
        ("reception", [404, 403, 404]),
        ("other_reception", [404, 404, 404]),
        ("head", [404, 403, 404]),
    ],
)
@pytest.mark.django_db
def test_others_are_denied_and_see_nothing(world: Any, links: list[str], name: str, statuses: list[int]) -> None:
    before = state()
    for url, status in zip(links, statuses, strict=True):
        r = client(world.user(name)).get(url)
        body = r.content.decode()
        assert r.status_code == status, (name, url)
        assert not any(p in body for p in PRIVATE), (name, url)
    assert state() == before
