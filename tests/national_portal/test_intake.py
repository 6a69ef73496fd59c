"""Dossiers from the national portal: pushed by the real peer and pulled from it; refused when invalid;
idempotent by message id; the push endpoint's authentication and JSON errors."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from motcua.catalogue.models import Procedure
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.dossiers.statuses import Channel, Status
from motcua.national_portal.dvcqg import SIGNATURE_HEADER, sign
from motcua.national_portal.dvcqg.client import PortalError
from motcua.national_portal.models import Intake, NationalLink
from motcua.national_portal.services import intake

pytestmark = pytest.mark.django_db(transaction=True)
SECRET = "motcua-demo-dvcqg-secret-CHANGE-ME"


def test_a_pushed_dossier_is_filed_online_with_its_local_code_and_keeps_the_national_one(world, portal):
    result = portal.push()
    assert result["status"] == 200, result
    answer = result["answer"]
    assert answer["error_code"] == "0"
    national = result["message"]["HoSo"]["MaHoSo"]
    d = Dossier.objects.get(code=answer["MaHoSoDiaPhuong"])
    assert d.code.startswith("H26.101-")
    assert (d.status, d.channel, d.applicant_id) == (Status.SUBMITTED, Channel.ONLINE, None)
    assert (d.applicant_name, d.applicant_id_number, d.form_data["purpose"]) == (
        "Nguyễn Văn An",
        "001090000001",
        "Xin xác nhận",
    )
    link = NationalLink.objects.get(dossier=d)
    assert (link.national_code, link.source) == (national, "push")
    doc = DossierDocument.objects.get(dossier=d)
    assert (doc.requirement.code, doc.kind, doc.content_type) == ("TP1", "submitted", "application/pdf")
    submit = d.events.get(action="submit")
    assert (submit.actor_id, submit.on_behalf_of) == (None, "Cổng Dịch vụ công quốc gia")
    i = Intake.objects.get()
    assert (i.outcome, i.dossier_id, i.national_code, i.source) == ("accepted", d.pk, national, "push")


def test_the_same_message_twice_gets_the_same_answer_and_no_second_dossier(world, portal):
    first = portal.push()
    again = portal.call("/_sim/push", {"MessageId": first["message"]["MessageId"]})
    assert again["answer"] == first["answer"]
    assert Dossier.objects.count() == 1
    assert Intake.objects.count() == 1
    # The same dossier in a new message: the dossier it became, not a second one.
    other = portal.push(MaHoSo=first["message"]["HoSo"]["MaHoSo"], MessageId="NEW-MESSAGE-1")
    assert other["answer"]["MaHoSoDiaPhuong"] == first["answer"]["MaHoSoDiaPhuong"]
    assert Dossier.objects.count() == 1


@pytest.mark.parametrize(
    ("hoso", "reason"),
    [
        ({"MaTTHC": "9.999999"}, "Không tìm thấy thủ tục “9.999999”."),
        ({"DonViXuLy": "H26.999"}, "Không tìm thấy cơ quan “H26.999”."),
        ({"DonViXuLy": "H26.24"}, "Cơ quan “Sở Tư pháp” không giải quyết thủ tục này."),
        ({"ChuHoSo": ""}, "Thông điệp hồ sơ thiếu hoặc sai trường."),
        ({"LoaiDoiTuong": 9}, "Thông điệp hồ sơ thiếu hoặc sai trường."),
        ({"DuLieuToKhai": {}}, "Thông tin tờ khai chưa hợp lệ."),
        ({"TaiLieuNop": []}, "Thành phần hồ sơ chưa đầy đủ hoặc không hợp lệ."),
    ],
)
def test_an_invalid_dossier_is_refused_with_its_reason_logged_and_nothing_created(world, portal, hoso, reason):
    result = portal.push(**hoso)
    assert result["status"] == 422
    assert result["answer"]["error_code"] == "422"
    assert result["answer"]["message"].startswith(reason[:25]), result["answer"]
    assert Dossier.objects.count() == 0
    assert NationalLink.objects.count() == 0
    i = Intake.objects.get()
    assert (i.outcome, i.dossier_id) == ("refused", None)
    assert i.reason == result["answer"]["message"]
    # Refused again, the same way, when it comes again.
    again = portal.call("/_sim/push", {"MessageId": i.message_id})
    assert again["answer"] == result["answer"]
    assert Intake.objects.count() == 1


def test_a_level_2_procedure_needs_an_account_verified_with_vneid(world, portal):
    """TaiKhoanDuocXacThucVoiVNeID = 0 for a procedure that requires a level-2 e-ID: refused, the reason logged."""
    Procedure.objects.filter(code="T.001").update(requires_eid_level2=True)
    result = portal.push(TaiKhoanDuocXacThucVoiVNeID=0)
    assert result["status"] == 422 and result["answer"]["error_code"] == "422"
    assert "chưa được xác thực với VNeID" in result["answer"]["message"]
    assert Dossier.objects.count() == 0 and NationalLink.objects.count() == 0
    i = Intake.objects.get()
    assert (i.outcome, i.dossier_id, i.details["code"]) == ("refused", None, "eid_level_required")
    assert "định danh điện tử mức độ 2" in i.reason
    verified = portal.push(TaiKhoanDuocXacThucVoiVNeID=1)
    assert verified["status"] == 200 and verified["answer"]["error_code"] == "0"
    assert Dossier.objects.count() == 1


def test_a_file_the_portal_cannot_serve_is_a_temporary_error_and_the_retry_files_it(world, portal):
    portal.mode("down")  # the file download fails; the push itself reaches us
    first = portal.push()
    assert first["status"] == 503
    assert first["answer"]["error_code"] == "500"
    assert (Dossier.objects.count(), Intake.objects.count()) == (0, 0)
    portal.mode("ok")
    again = portal.call("/_sim/push", {"MessageId": first["message"]["MessageId"]})
    assert again["answer"]["error_code"] == "0"
    assert Dossier.objects.count() == 1


def _post(body: bytes, signature: str | None) -> Any:
    headers = {SIGNATURE_HEADER: signature} if signature is not None else {}
    return Client().post("/dvcqg/ho-so", body, content_type="application/json", headers=headers)


def test_the_push_endpoint_is_off_until_the_exchange_is_enabled(world, settings):
    body = json.dumps({"MessageId": "X1", "HoSo": {}}).encode()
    r = _post(body, sign(body, SECRET))
    assert (r.status_code, r.json()["error_code"]) == (404, "404")
    assert Intake.objects.count() == 0


def test_the_push_endpoint_takes_only_signed_json_and_answers_json(world, settings):
    settings.MOTCUA_DVCQG_ENABLED = True
    body = json.dumps({"MessageId": "X1", "HoSo": {}}).encode()
    for signature in (None, "", sign(body, "another secret"), "zz"):
        r = _post(body, signature)
        assert r.status_code == 401
        assert r.json() == {"error_code": "401", "message": "Chữ ký của thông điệp không đúng."}
    r = Client().get("/dvcqg/ho-so")
    assert (r.status_code, r.json()["error_code"]) == (405, "405")
    r = _post(b"not json", sign(b"not json", SECRET))
    assert (r.status_code, r.json()["error_code"]) == (400, "400")
    r = _post(b'["a list"]', sign(b'["a list"]', SECRET))
    assert (r.status_code, r.json()["error_code"]) == (400, "400")
    assert Intake.objects.count() == 0
    r = _post(body, sign(body, SECRET))  # signed, but no dossier in it: refused and logged
    assert (r.status_code, r.json()["error_code"]) == (422, "422")
    assert Intake.objects.get().details["MaHoSo"] == "required"


def test_pull_takes_in_the_dossiers_filed_since_the_cursor(world, portal):
    a = portal.call("/_sim/dossier", {})
    portal.call("/_sim/dossier", {"MaTTHC": "9.999999"})
    pulled = intake.pull()
    assert (pulled.accepted, pulled.refused, pulled.retry, pulled.cursor) == (1, 1, 0, "2")
    link = NationalLink.objects.get()
    assert (link.national_code, link.source) == (a["HoSo"]["MaHoSo"], "pull")
    assert intake.pull().accepted == 0  # nothing new since the cursor
    portal.call("/_sim/dossier", {})
    call_command("dvcqg-pull", "--no-payments")
    assert Dossier.objects.count() == 2


def test_pull_while_the_portal_is_down_slow_or_garbage_creates_nothing(world, portal):
    portal.call("/_sim/dossier", {})
    for mode in ("down", "slow", "garbage"):
        portal.mode(mode)
        with pytest.raises(PortalError):
            intake.pull()
        with pytest.raises(CommandError):
            call_command("dvcqg-pull")
    assert Dossier.objects.count() == 0
    portal.mode("ok")
    assert intake.pull().accepted == 1
