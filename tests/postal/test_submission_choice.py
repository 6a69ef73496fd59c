"""The postal choice at submission (Decision 45/2016/QĐ-TTg): online "Cách nhận kết quả" and "Nộp hồ sơ
giấy qua bưu chính", the counter's "Trả kết quả qua bưu chính", the notices, and the dossier page."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from motcua.core.models import OutboxMessage
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services import lifecycle
from motcua.dossiers.statuses import Status
from motcua.notifications.models import Notice
from motcua.organisation.models import AdminUnit
from motcua.portal.models import Draft
from motcua.postal import services
from motcua.postal.models import PostalOrder
from tests.backoffice.test_counter import URL as COUNTER_URL
from tests.backoffice.test_counter import good as counter_form
from tests.portal.helpers import client_for, draft_at_review
from tests.postal.test_orders import address, finished, run_outbox


def post_fields(**override: str) -> dict[str, str]:
    a = address()
    data = {
        "post_name": a.name,
        "post_phone": a.phone,
        "post_province": a.province_code,
        "post_commune": a.commune_code,
        "post_street": a.street,
    }
    data.update(override)
    return data


def other_province_commune() -> AdminUnit:
    commune = AdminUnit.objects.filter(kind="commune").exclude(parent__code="01").order_by("code").first()
    assert commune is not None
    return commune


@pytest.mark.django_db(transaction=True)
def test_submitting_online_by_post_creates_the_orders_the_outbox_sends_after_commit(world: Any, post_peer: Any) -> None:
    client = client_for(world.user("citizen"))
    draft = draft_at_review(client)
    html = client.get(f"/nop-ho-so/ban-nhap/{draft.pk}/4/").content.decode()
    assert "Cách nhận kết quả" in html and "Nộp hồ sơ giấy qua bưu chính" in html
    assert 'name="result_method" value="counter" checked' in html  # the counter is the default
    assert "Cước bưu chính dự tính: 25.000 đ trong tỉnh, 35.000 đ ngoài tỉnh." in html
    assert 'value="Nguyễn Thị Hằng"' in html and 'value="12 Hàng Bài"' in html  # filled from the applicant

    response = client.post(
        f"/nop-ho-so/ban-nhap/{draft.pk}/4/", {"result_method": "post", "paper_by_post": "1", **post_fields()}
    )
    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/nop-ho-so/da-nop/{dossier.code}/"
    orders = {o.direction: o for o in PostalOrder.objects.filter(dossier=dossier)}
    assert set(orders) == {"pickup", "delivery"}
    assert (orders["pickup"].status, orders["delivery"].status) == ("queued", "waiting")
    assert orders["delivery"].fee_quoted == services.fee_for(dossier, orders["delivery"].province)
    assert orders["delivery"].street == "12 Hàng Bài" and orders["delivery"].created_by == world.user("citizen")
    actions = set(DossierEvent.objects.filter(dossier=dossier).values_list("action", flat=True))
    assert {"submit", "postal_pickup_requested", "postal_delivery_requested"} <= actions
    assert OutboxMessage.objects.get(key=f"postal-create:{dossier.code}:pickup").status == "pending"
    assert post_peer.orders() == []  # nothing leaves before the outbox runs, after the commit
    run_outbox()
    [sent] = post_peer.orders()
    assert sent["OrderCode"] == f"{dossier.code}:pickup"
    orders["pickup"].refresh_from_db()
    assert orders["pickup"].status == "accepted" and orders["pickup"].tracking_number

    page = client.get(f"/tai-khoan/ho-so/{dossier.code}/").content.decode()
    assert "Bưu chính công ích" in page and orders["pickup"].tracking_number in page
    assert "Chờ có kết quả" in page  # the delivery, waiting for the result


@pytest.mark.django_db
def test_a_bad_address_gives_field_errors_and_creates_nothing(world: Any) -> None:
    client = client_for(world.user("citizen"))
    draft = draft_at_review(client)
    wrong = other_province_commune()
    response = client.post(
        f"/nop-ho-so/ban-nhap/{draft.pk}/4/",
        {"result_method": "post", **post_fields(post_street="", post_phone="12", post_commune=wrong.code)},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Địa chỉ nhận qua bưu chính chưa đầy đủ." in html
    assert 'id="post_street-error">Vui lòng nhập số nhà, đường, thôn.' in html
    assert 'id="post_phone-error">Số điện thoại không hợp lệ.' in html
    assert 'id="post_commune-error">Vui lòng chọn xã, phường, đặc khu thuộc tỉnh, thành phố đã chọn.' in html
    assert 'name="result_method" value="post" checked' in html  # what was chosen is kept
    assert not Dossier.objects.exists() and not PostalOrder.objects.exists()
    assert Draft.objects.filter(pk=draft.pk).exists()
    # at the counter (default) the address is not asked, even if half filled
    response = client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/4/", {"result_method": "counter", "post_street": ""})
    assert response.status_code == 302 and not PostalOrder.objects.exists()


@pytest.mark.django_db
def test_a_pickup_is_offered_only_where_the_procedure_has_paper_originals(world: Any) -> None:
    from motcua.catalogue.models import DocumentRequirement

    client = client_for(world.user("citizen"))
    draft = draft_at_review(client)
    DocumentRequirement.objects.filter(version=draft.procedure_version).update(form="copy")
    html = client.get(f"/nop-ho-so/ban-nhap/{draft.pk}/4/").content.decode()
    assert "Cách nhận kết quả" in html and "Nộp hồ sơ giấy qua bưu chính" not in html
    client.post(
        f"/nop-ho-so/ban-nhap/{draft.pk}/4/", {"result_method": "counter", "paper_by_post": "1", **post_fields()}
    )
    assert not PostalOrder.objects.exists()  # a forged pickup is ignored


@pytest.mark.django_db
def test_the_counter_ticks_return_by_post_at_reception_and_the_receipt_says_so(world: Any) -> None:
    client = Client()
    client.force_login(world.user("reception"))
    page = client.get(COUNTER_URL).content.decode()
    assert "Trả kết quả qua bưu chính" in page and 'name="post_province"' in page
    bad = client.post(COUNTER_URL, counter_form(result_by_post="1", **post_fields(post_province="")))
    assert bad.status_code == 422 and not Dossier.objects.exists()
    assert 'id="post_province-error">Vui lòng chọn tỉnh, thành phố.' in bad.content.decode()

    mail.outbox.clear()
    response = client.post(COUNTER_URL, counter_form(result_by_post="1", **post_fields(post_name="", post_phone="")))
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    [order] = PostalOrder.objects.filter(dossier=dossier)
    assert (order.direction, order.status, order.name, order.phone) == (
        "delivery",
        "waiting",
        "Phạm Thị Lan",  # the applicant's, left empty on the form
        "0901234567",
    )
    run_outbox()
    [receipt] = [m for m in mail.outbox if m.subject == f"Hồ sơ {dossier.code} đã được tiếp nhận"]
    fee = f"{order.fee_quoted:,}".replace(",", ".")
    assert f"Kết quả sẽ được gửi qua dịch vụ bưu chính công ích đến: Phạm Thị Lan, {order.address}." in receipt.body
    assert f"Cước bưu chính dự tính: {fee} đồng" in receipt.body


@pytest.mark.django_db(transaction=True)
def test_the_return_notice_names_the_tracking_number(world: Any, post_peer: Any) -> None:
    client = client_for(world.user("citizen"))
    draft = draft_at_review(client)
    client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/4/", {"result_method": "post", **post_fields()})
    dossier = Dossier.objects.get()
    run_outbox()
    finished(world, dossier)
    run_outbox()  # the result: the waiting delivery is queued
    run_outbox()  # and sent
    order = PostalOrder.objects.get(dossier=dossier)
    assert order.status == "accepted" and order.tracking_number
    receipt = Notice.objects.get(dossier=dossier, event="received")
    assert "Kết quả sẽ được gửi qua dịch vụ bưu chính công ích" in receipt.body
    post_peer.call("/_sim/advance", {"OrderCode": order.reference, "Status": "delivered", "EventId": "D1"})
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED
    mail.outbox.clear()
    run_outbox()
    notice = Notice.objects.get(dossier=dossier, event="returned")
    assert f"mã vận đơn {order.tracking_number}" in notice.body
    [email] = [m for m in mail.outbox if m.subject == f"Hồ sơ {dossier.code} đã trả kết quả"]
    assert f"Kết quả đã được chuyển qua dịch vụ bưu chính công ích, mã vận đơn {order.tracking_number}" in email.body
    page = client.get(f"/tai-khoan/ho-so/{dossier.code}/").content.decode()
    assert "Đã phát thành công" in page and order.tracking_number in page


@pytest.mark.django_db
def test_a_receipt_without_post_says_nothing_of_it(world: Any) -> None:
    client = client_for(world.user("citizen"))
    draft = draft_at_review(client)
    client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/4/", {"result_method": "counter"})
    dossier = Dossier.objects.get()
    from tests.helpers import as_

    lifecycle.receive(dossier.pk, actor=as_(world, "reception"))
    run_outbox()
    assert "bưu chính" not in Notice.objects.get(dossier=dossier, event="received").body
