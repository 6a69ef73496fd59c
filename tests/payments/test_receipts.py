"""Electronic fee receipts: series and gap-free numbers (also under concurrency), year rollover,
cancellation and replacement keeping the old number and the reason, the PDF and the XML, and who
may open every receipt page and endpoint."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from motcua.catalogue.models import ProcedureVersion
from motcua.core.actor import SYSTEM, Actor
from motcua.core.errors import Conflict, PermissionDenied, ValidationError
from motcua.core.models import AuditLog
from motcua.dossiers.services import lifecycle
from motcua.organisation.services import role_grant
from motcua.payments.models import Payment, Receipt, ReceiptSeries
from motcua.payments.receipt import receipt_pdf
from motcua.payments.receipt_xml import XSD_PATH, receipt_xml
from motcua.payments.services import receipts
from motcua.payments.services.payments import record_counter_payment
from tests.helpers import api_client, as_, make_user, run_at_once, submit

DAY = "2026-12-04T09:00+07:00"


def fee_dossier_of(world: Any) -> Any:
    ProcedureVersion.objects.filter(procedure__code="T.001").update(payment_before_processing=True)
    return lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))


def pay(world: Any, dossier: Any) -> Receipt:
    payment = record_counter_payment(
        dossier.pk, actor=as_(world, "reception"), channel="cash", amount=10000, receipt_no="", payer_name=""
    )
    return Receipt.objects.get(payment=payment)


def logged_in(user: Any) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def pdf_text(pdf: bytes, tmp_path: Any) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) not installed")
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


@pytest.fixture
def paid(world: Any, frozen: Any) -> Receipt:
    frozen(datetime.fromisoformat(DAY))
    return pay(world, fee_dossier_of(world))


@pytest.mark.django_db
def test_paying_issues_the_next_number_of_the_body_and_years_series(world: Any, paid: Receipt) -> None:
    second = pay(world, fee_dossier_of(world))
    series = ReceiptSeries.objects.get()
    assert (series.agency_id, series.year, series.form_number, series.symbol, series.last_number) == (
        world.commune.pk,
        2026,
        "01BLP0-001",
        "BL-26E",
        2,
    )
    assert [(r.number, r.number_text, r.status) for r in (paid, second)] == [
        (1, "0000001", "issued"),
        (2, "0000002", "issued"),
    ]
    assert (paid.payer_name, paid.payer_id_number, paid.total, paid.lines) == (
        "Nguyễn Thị Hằng",
        "001190012345",
        10000,
        [{"name": "Lệ phí", "amount": 10000, "note": ""}],
    )
    assert AuditLog.objects.filter(action="payments.receipt.issue").count() == 2
    assert AuditLog.objects.filter(action="payments.receipt_series.auto").count() == 1


@pytest.mark.django_db
def test_a_rolled_back_payment_gives_its_number_back(world: Any, paid: Receipt) -> None:
    def take_and_fail() -> None:
        with transaction.atomic():
            assert receipts.allocate(world.commune.pk, 2026, SYSTEM)[1] == 2
            raise Rollback

    with pytest.raises(Rollback):
        take_and_fail()
    assert pay(world, fee_dossier_of(world)).number == 2


@pytest.mark.django_db
def test_the_year_rolls_over_at_midnight_vietnam_time(world: Any, frozen: Any, settings: Any) -> None:
    settings.MOTCUA_RECEIPT_SYMBOL_PATTERN = "{agency}-{yy}E"
    dossiers = [fee_dossier_of(world) for _ in range(3)]
    frozen(datetime.fromisoformat("2026-12-31T23:50+07:00"))
    last_of_2026 = pay(world, dossiers[0])
    frozen(datetime.fromisoformat("2026-12-31T17:10+00:00"))  # 00:10 on 1 January 2027 in Vietnam
    first, second = pay(world, dossiers[1]), pay(world, dossiers[2])
    assert [(r.series.year, r.series.symbol, r.number) for r in (last_of_2026, first, second)] == [
        (2026, "H26.101-26E", 1),
        (2027, "H26.101-27E", 1),
        (2027, "H26.101-27E", 2),
    ]


@pytest.mark.django_db
def test_the_administrator_opens_a_series_before_the_first_receipt(world: Any, frozen: Any) -> None:
    frozen(datetime.fromisoformat(DAY))
    admin = make_user("receipt_admin", full_name="Quản Trị")
    role_grant(user=admin, agency=world.commune, role="admin")
    admin_actor = Actor(user=admin, channel="web")
    for name in ("reception", "other_reception", "citizen"):
        with pytest.raises(PermissionDenied):
            receipts.create_series(world.commune.pk, actor=as_(world, name), year=2026, form_number="X", symbol="Y")
    with pytest.raises(ValidationError) as bad:
        receipts.create_series(world.commune.pk, actor=admin_actor, year=2026, form_number="", symbol="A" * 21)
    assert set(bad.value.details) == {"form_number", "symbol"}
    receipts.create_series(world.commune.pk, actor=admin_actor, year=2026, form_number="01BLP0-002", symbol="HK-26E")
    with pytest.raises(Conflict):
        receipts.create_series(world.commune.pk, actor=admin_actor, year=2026, form_number="01BLP0-002", symbol="Z")
    r = pay(world, fee_dossier_of(world))
    assert (r.series.form_number, r.series.symbol, r.number) == ("01BLP0-002", "HK-26E", 1)
    assert AuditLog.objects.filter(action="payments.receipt_series.create", actor=admin).count() == 1


@pytest.mark.django_db
def test_cancel_keeps_the_number_and_the_reason_and_only_the_bodys_collectors_may(world: Any, paid: Receipt) -> None:
    for name in ("citizen", "specialist", "clerk", "other_reception", "other_head"):
        with pytest.raises(PermissionDenied):
            receipts.cancel_receipt(paid.pk, actor=as_(world, name), reason="Sai")
    with pytest.raises(ValidationError):
        receipts.cancel_receipt(paid.pk, actor=as_(world, "reception"), reason="   ")
    assert Receipt.objects.get(pk=paid.pk).status == "issued"
    r = receipts.cancel_receipt(paid.pk, actor=as_(world, "head"), reason="Thu nhầm hồ sơ")
    assert (r.number, r.status, r.cancel_reason, r.cancelled_by) == (
        1,
        "cancelled",
        "Thu nhầm hồ sơ",
        world.user("head"),
    )
    assert r.cancelled_at is not None
    with pytest.raises(Conflict):
        receipts.cancel_receipt(paid.pk, actor=as_(world, "head"), reason="again")
    with pytest.raises(Conflict):
        receipts.replace_receipt(paid.pk, actor=as_(world, "head"), reason="again")
    log = AuditLog.objects.get(action="payments.receipt.cancel")
    assert (log.actor, log.object_id, log.changes["reason"], log.changes["number"]) == (
        world.user("head"),
        str(paid.pk),
        "Thu nhầm hồ sơ",
        1,
    )
    assert ReceiptSeries.objects.get().last_number == 1  # a cancellation takes no number


@pytest.mark.django_db
def test_replacement_takes_a_new_number_and_names_the_old_one(world: Any, paid: Receipt, tmp_path: Any) -> None:
    with pytest.raises(PermissionDenied):
        receipts.replace_receipt(paid.pk, actor=as_(world, "other_reception"), reason="x")
    new = receipts.replace_receipt(
        paid.pk, actor=as_(world, "reception"), reason="Sai tên người nộp", payer_name="Nguyễn Thị Hằng Nga"
    )
    old = Receipt.objects.get(pk=paid.pk)
    assert (old.number, old.status, old.payer_name) == (1, "replaced", "Nguyễn Thị Hằng")
    assert (new.number, new.status, new.replaces, new.replace_reason, new.payer_name, new.payment_id) == (
        2,
        "issued",
        old,
        "Sai tên người nộp",
        "Nguyễn Thị Hằng Nga",
        old.payment_id,
    )
    log = AuditLog.objects.get(action="payments.receipt.replace")
    assert log.changes["replaces"]["number"] == 1
    assert log.changes["corrected"] == ["payer_name"]
    text = pdf_text(receipt_pdf(new), tmp_path)
    assert "Bản thay thế cho biên lai số 0000001, ký hiệu BL-26E, mẫu số 01BLP0-001, lập ngày 04/12/2026." in text
    assert "Lý do: Sai tên người nộp" in text
    assert "Số: 0000002" in text
    assert "ĐÃ BỊ THAY THẾ" in pdf_text(receipt_pdf(old), tmp_path)
    with pytest.raises(Conflict):
        receipts.replace_receipt(paid.pk, actor=as_(world, "reception"), reason="twice")


@pytest.mark.django_db
def test_the_pdf_shows_form_symbol_number_body_and_cancellation(world: Any, paid: Receipt, tmp_path: Any) -> None:
    text = pdf_text(receipt_pdf(paid), tmp_path)
    for expected in (
        "Mẫu số: 01BLP0-001",
        "Ký hiệu: BL-26E",
        "Số: 0000001",
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG HOÀN KIẾM",
        "Nguyễn Thị Hằng",
        "Lệ phí",
        "Mười nghìn đồng",
    ):
        assert expected in text, expected
    assert "ĐÃ HỦY" not in text
    cancelled = receipts.cancel_receipt(paid.pk, actor=as_(world, "reception"), reason="Thu nhầm")
    assert "ĐÃ HỦY" in pdf_text(receipt_pdf(cancelled), tmp_path)


def validate(xml: bytes) -> ET.Element:
    root = ET.fromstring(xml)  # noqa: S314 - our own output
    etree = pytest.importorskip("lxml.etree")
    schema = etree.XMLSchema(etree.parse(str(XSD_PATH)))
    doc = etree.fromstring(xml)
    assert schema.validate(doc), schema.error_log
    return root


@pytest.mark.django_db
def test_the_xml_is_well_formed_and_valid_against_its_schema(world: Any, paid: Receipt) -> None:
    root = validate(receipt_xml(paid))
    general = root.find("DLBLai/TTChung")
    assert general is not None
    assert [general.findtext(t) for t in ("KHMSBLai", "KHBLai", "SBLai", "TThai")] == [
        "01BLP0-001",
        "BL-26E",
        "0000001",
        "1",
    ]
    assert root.findtext("DLBLai/NDBLai/TToan/TgTTTBSo") == "10000"
    assert root.findtext("DLBLai/NDBLai/NNop/Ten") == "Nguyễn Thị Hằng"
    new = receipts.replace_receipt(paid.pk, actor=as_(world, "reception"), reason="Sai địa chỉ", payer_address="Hà Nội")
    root = validate(receipt_xml(new))
    assert root.findtext("DLBLai/TTChung/TTBLLQuan/SBLCLQuan") == "0000001"
    assert root.findtext("DLBLai/TTChung/TTBLLQuan/LDo") == "Sai địa chỉ"
    root = validate(receipt_xml(Receipt.objects.get(pk=paid.pk)))
    assert root.findtext("DLBLai/TTChung/TThai") == "4"
    cancelled = receipts.cancel_receipt(new.pk, actor=as_(world, "reception"), reason="Thu trùng")
    root = validate(receipt_xml(cancelled))
    assert (root.findtext("DLBLai/TTChung/TThai"), root.findtext("DLBLai/TTHuy/LDo")) == ("3", "Thu trùng")


class Rollback(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_concurrent_allocations_never_share_or_skip_a_number(world: Any) -> None:
    """Twenty transactions at once, the series not yet created, every fourth one rolled back."""

    def take(i: int) -> int:
        with transaction.atomic():
            number = receipts.allocate(world.commune.pk, 2026, SYSTEM)[1]
            if i % 4 == 0:
                raise Rollback
        return number

    results, errors = run_at_once(20, take)
    assert len(errors) == 5
    assert all(isinstance(e, Rollback) for e in errors)
    assert sorted(results) == list(range(1, 16))
    assert ReceiptSeries.objects.get().last_number == 15


@pytest.mark.django_db(transaction=True)
def test_concurrent_payments_get_consecutive_receipts(world: Any, frozen: Any) -> None:
    frozen(datetime.fromisoformat(DAY))
    dossiers = [fee_dossier_of(world) for _ in range(6)]
    results, errors = run_at_once(6, lambda i: pay(world, dossiers[i]).number)
    assert errors == []
    assert sorted(results) == [1, 2, 3, 4, 5, 6]
    assert Payment.objects.filter(status="paid").count() == 6


# --- pages and endpoints: who may open what -------------------------------------------------------


@pytest.mark.django_db
def test_receipt_pages_refuse_everyone_but_the_bodys_officials(world: Any, paid: Receipt) -> None:
    detail = reverse("payments:receipt_detail", args=[paid.pk])
    listing = reverse("payments:receipts")
    assert logged_in(None).get(listing).status_code == 302
    assert logged_in(None).get(detail).status_code == 302
    for name in ("citizen", "other_citizen", "specialist", "clerk"):
        assert logged_in(world.user(name)).get(listing).status_code == 403, name
        assert logged_in(world.user(name)).get(detail).status_code == 403, name
    for name in ("other_reception", "dept_head"):  # their own body's list, not this body's receipt
        other = logged_in(world.user(name))
        page = other.get(listing)
        assert page.status_code == 200
        assert paid.dossier_code not in page.content.decode()
        assert other.get(detail).status_code == 404
    for name in ("reception", "head"):
        c = logged_in(world.user(name))
        page = c.get(listing)
        assert page.status_code == 200
        assert "0000001" in page.content.decode()
        page = c.get(detail)
        assert page.status_code == 200
        assert "Hủy biên lai" in page.content.decode()
    home = logged_in(world.user("reception")).get(reverse("backoffice:home")).content.decode()
    assert f'href="{listing}"' in home
    assert listing not in logged_in(world.user("specialist")).get(reverse("backoffice:home")).content.decode()


@pytest.mark.django_db
def test_cancel_and_replace_pages(world: Any, paid: Receipt) -> None:
    cancel = reverse("payments:receipt_cancel", args=[paid.pk])
    replace = reverse("payments:receipt_replace", args=[paid.pk])
    assert logged_in(None).post(cancel, {"reason": "x"}).status_code == 302
    for name, status in (("citizen", 403), ("specialist", 403), ("other_reception", 404), ("other_head", 404)):
        assert logged_in(world.user(name)).post(cancel, {"reason": "x"}).status_code == status, name
        assert logged_in(world.user(name)).post(replace, {"reason": "x"}).status_code == status, name
    viewer = make_user("receipt_viewer")
    role_grant(user=viewer, agency=world.commune, role="admin")  # may read receipts, not correct them
    assert logged_in(viewer).get(reverse("payments:receipt_detail", args=[paid.pk])).status_code == 200
    assert logged_in(viewer).post(cancel, {"reason": "x"}).status_code == 403
    assert Receipt.objects.get(pk=paid.pk).status == "issued"
    c = logged_in(world.user("reception"))
    assert c.get(cancel).status_code == 405
    page = c.post(replace, {"reason": "  ", "payer_name": "Nguyễn Thị Hằng"})
    assert page.status_code == 422
    assert "Vui lòng nêu lý do." in page.content.decode()
    done = c.post(
        replace, {"reason": "Sai tên", "payer_name": "Nguyễn Thị Hằng Nga", "payer_id_number": "001190012345"}
    )
    new = Receipt.objects.get(replaces=paid)
    assert done.status_code == 302
    assert done["Location"] == reverse("payments:receipt_detail", args=[new.pk])
    assert c.post(cancel, {"reason": "x"}).status_code == 409  # the old one is replaced
    assert c.post(reverse("payments:receipt_cancel", args=[new.pk]), {"reason": "Thu trùng"}).status_code == 302
    shown = c.get(reverse("payments:receipt_detail", args=[new.pk])).content.decode()
    assert "Thu trùng" in shown
    assert "Bản thay thế cho biên lai số 0000001" in shown


@pytest.mark.django_db
def test_the_bodys_administrator_opens_a_series_on_the_receipts_page(world: Any, frozen: Any) -> None:
    frozen(datetime.fromisoformat(DAY))
    url = reverse("payments:receipt_series_create")
    form = {"agency": str(world.commune.pk), "year": "2027", "form_number": "01BLP0-001", "symbol": "HK-27E"}
    admin = make_user("receipt_admin")
    role_grant(user=admin, agency=world.commune, role="admin")
    other_admin = make_user("other_admin")
    role_grant(user=other_admin, agency=world.other_commune, role="admin")
    assert logged_in(None).post(url, form).status_code == 302
    for user in (world.user("citizen"), world.user("specialist"), world.user("reception"), other_admin):
        assert logged_in(user).post(url, form).status_code == 403, user
    assert ReceiptSeries.objects.count() == 0
    c = logged_in(admin)
    page = c.get(reverse("payments:receipts")).content.decode()
    assert 'name="symbol"' in page
    assert 'name="symbol"' not in logged_in(world.user("reception")).get(reverse("payments:receipts")).content.decode()
    assert c.post(url, form)["Location"] == reverse("payments:receipts")
    again = c.post(url, {**form, "symbol": "X"})
    assert again.status_code == 409
    assert "Cơ quan đã có ký hiệu biên lai của năm này." in again.content.decode()
    assert c.post(url, {**form, "year": "abc"}).status_code == 422
    series = ReceiptSeries.objects.get()
    assert (series.agency, series.year, series.symbol, series.created_by) == (world.commune, 2027, "HK-27E", admin)
    assert "HK-27E" in c.get(reverse("payments:receipts")).content.decode()


@pytest.mark.django_db
def test_the_applicant_downloads_pdf_and_xml_where_the_receipt_was(world: Any, paid: Receipt) -> None:
    pdf = reverse("payments:receipt", args=[paid.payment_id])
    xml = reverse("payments:receipt_xml", args=[paid.payment_id])
    by_id = [reverse("payments:receipt_pdf", args=[paid.pk]), reverse("payments:receipt_file_xml", args=[paid.pk])]
    for url in (pdf, xml, *by_id):
        assert logged_in(None).get(url).status_code == 302
        for name in ("other_citizen", "other_reception", "dept_head"):
            assert logged_in(world.user(name)).get(url).status_code == 404, (name, url)
    owner = logged_in(world.user("citizen"))
    assert owner.get(pdf)["Content-Type"] == "application/pdf"
    answer = owner.get(xml)
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/xml")
    assert 'filename="bien-lai-BL-26E-0000001.xml"' in answer["Content-Disposition"]
    validate(answer.content)
    for url in by_id:
        assert owner.get(url).status_code == 200
        assert logged_in(world.user("reception")).get(url).status_code == 200
    page = owner.get(reverse("portal:dossier", args=[paid.dossier_code])).content.decode()
    assert xml in page
    assert "BL-26E 0000001" in page


@pytest.mark.django_db
def test_receipt_api(world: Any, paid: Receipt) -> None:
    base = f"/api/v1/receipts/{paid.pk}"
    assert reverse("api-v1:receipt", args=[paid.pk]) == base
    for suffix in ("", "/receipt.pdf", "/receipt.xml"):
        assert api_client(None).get(base + suffix).status_code == 401
        for name in ("other_citizen", "other_reception", "specialist", "dept_head"):
            answer = api_client(world.user(name)).get(base + suffix)
            assert answer.status_code == 404, (name, suffix)
            assert answer.json()["code"] == "not_found"
        for name in ("citizen", "reception", "head"):
            assert api_client(world.user(name)).get(base + suffix).status_code == 200, (name, suffix)
    data = api_client(world.user("citizen")).get(base).json()
    assert {k: data[k] for k in ("form_number", "symbol", "number", "status", "total", "replaces")} == {
        "form_number": "01BLP0-001",
        "symbol": "BL-26E",
        "number": "0000001",
        "status": "issued",
        "total": 10000,
        "replaces": None,
    }
    assert data["xml_url"] == base + "/receipt.xml"
    validate(api_client(world.user("citizen")).get(base + "/receipt.xml").content)
    assert api_client(world.user("citizen")).get("/api/v1/receipts/999999").status_code == 404
    payments = api_client(world.user("citizen")).get(f"/api/v1/dossiers/{paid.dossier_code}/payments").json()
    assert (payments["payments"][0]["receipt_id"], payments["payments"][0]["receipt_number"]) == (
        paid.pk,
        "BL-26E 0000001",
    )
