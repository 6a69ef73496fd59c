"""Online submission step by step: drafts saved, resumed, submitted; errors shown next to their fields."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers.models import Dossier
from motcua.portal.models import Draft, DraftFile
from tests.helpers import PDF
from tests.portal.helpers import APPLICANT, client_for, draft_at_review, pdf


@pytest.mark.django_db
def test_step1_is_prefilled_from_the_account(world: Any) -> None:
    html = client_for(world.user("citizen")).get("/nop-ho-so/T.001/").content.decode()
    assert 'id="a-name" name="name" value="Nguyễn Thị Hằng"' in html
    assert 'id="a-id-number" name="id_number" value="001190012345"' in html
    assert 'id="a-phone" name="phone" value="0912345678"' in html
    assert 'id="a-email" name="email" value="citizen@example.vn"' in html
    assert '<option value="H26.101">Ủy ban nhân dân Phường Hoàn Kiếm</option>' in html
    assert "Sở Tư pháp" not in html
    assert Draft.objects.count() == 0  # a GET writes nothing


@pytest.mark.django_db
def test_step1_errors_are_shown_next_to_their_fields(world: Any) -> None:
    client = client_for(world.user("citizen"))
    response = client.post(
        "/nop-ho-so/T.001/", {**APPLICANT, "agency_code": "H26.24", "id_number": "123", "phone": "12"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert '<p class="error" id="agency-code-error">Vui lòng chọn cơ quan tiếp nhận hồ sơ.</p>' in html
    assert '<p class="error" id="a-id-number-error">Số định danh cá nhân phải gồm đúng 12 chữ số.</p>' in html
    assert (
        '<p class="error" id="a-phone-error">Số điện thoại không hợp lệ: di động gồm 10 chữ số (ví dụ 0912345678), '
        "cố định gồm 11 chữ số (ví dụ 02438253536).</p>"
    ) in html
    assert 'aria-invalid="true" aria-describedby="a-id-number-error"' in html
    assert 'role="alert" tabindex="-1" id="error-summary"' in html and 'href="#a-id-number"' in html
    assert Draft.objects.count() == 0


@pytest.mark.django_db
def test_form_fields_render_as_proper_inputs(world: Any) -> None:
    from motcua.catalogue.models import ProcedureVersion

    version = ProcedureVersion.objects.get(procedure__code="T.001")
    version.form_fields = [
        {"name": "purpose", "label": "Mục đích", "type": "text", "required": True, "max_length": 50},
        {"name": "note", "label": "Ghi chú", "type": "textarea", "required": False},
        {"name": "day", "label": "Ngày", "type": "date", "required": False},
        {"name": "copies", "label": "Số bản", "type": "number", "required": False},
        {"name": "kind", "label": "Loại", "type": "select", "required": True, "choices": ["A", "B"]},
        {"name": "agree", "label": "Đồng ý", "type": "checkbox", "required": True},
        {"name": "mail", "label": "Thư", "type": "email", "required": False},
        {"name": "tel", "label": "Điện thoại", "type": "phone", "required": False},
    ]
    version.save()
    client = client_for(world.user("citizen"))
    client.post("/nop-ho-so/T.001/", APPLICANT)
    draft = Draft.objects.get()
    html = client.get(f"/nop-ho-so/ban-nhap/{draft.pk}/2/").content.decode()
    assert (
        '<input type="text" id="f-purpose" name="purpose" value="" maxlength="50" required aria-required="true">'
        in html
    )
    assert '<textarea id="f-note" name="note" rows="4">' in html
    assert 'type="text" id="f-day" name="day" value="" inputmode="numeric" placeholder="dd/mm/yyyy"' in html
    assert 'type="number" id="f-copies" name="copies" value="" step="any" inputmode="decimal"' in html
    assert (
        '<select id="f-kind" name="kind" required aria-required="true">' in html
        and '<option value="B">B</option>' in html
    )
    assert '<input type="checkbox" id="f-agree" name="agree" value="on" required aria-required="true">' in html
    assert 'type="email" id="f-mail" name="mail"' in html and 'type="tel" id="f-tel" name="tel"' in html
    response = client.post(
        f"/nop-ho-so/ban-nhap/{draft.pk}/2/", {"action": "next", "purpose": "x" * 51, "kind": "C", "copies": "abc"}
    )
    html = response.content.decode()
    assert '<p class="error" id="f-purpose-error">“Mục đích” tối đa 50 ký tự (đã nhập 51).</p>' in html
    assert '<p class="error" id="f-kind-error">“Loại”: “C” không phải một lựa chọn; chọn một trong: A, B.</p>' in html
    assert '<p class="error" id="f-agree-error">Vui lòng đánh dấu “Đồng ý”.</p>' in html
    assert '<p class="error" id="f-copies-error">“Số bản” phải là một số.</p>' in html
    # The summary at the top lists each message once (they name their field).
    assert '<li><a href="#f-copies">“Số bản” phải là một số.</a></li>' in html
    draft.refresh_from_db()
    assert draft.step == 2 and draft.form_data["purpose"] == "x" * 51  # what was typed is kept


@pytest.mark.django_db
def test_full_submission_creates_the_dossier_and_deletes_the_draft(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(world.user("citizen"))
    draft = draft_at_review(client)
    stored = [f.file.name for f in draft.files.all()]
    html = client.get(f"/nop-ho-so/ban-nhap/{draft.pk}/4/").content.decode()
    assert "Bổ túc hồ sơ" in html and "to-khai.pdf" in html and "Ủy ban nhân dân Phường Hoàn Kiếm" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/4/")
    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/nop-ho-so/da-nop/{dossier.code}/"
    assert dossier.applicant == world.user("citizen") and dossier.status == "submitted" and dossier.channel == 2
    assert dossier.form_data == {"purpose": "Bổ túc hồ sơ"}
    assert [(d.requirement.code, d.original_name, d.content_type) for d in dossier.documents.all()] == [
        ("TP1", "to-khai.pdf", "application/pdf")
    ]
    assert not Draft.objects.exists() and not DraftFile.objects.exists()
    assert not any(default_storage.exists(name) for name in stored)
    html = client.get(response["Location"]).content.decode()
    assert f'id="dossier-code">{dossier.code}</p>' in html
    assert f'href="/tai-khoan/ho-so/{dossier.code}/"' in html and f'href="/tra-cuu/{dossier.code}/"' in html
    assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả sẽ có sau khi cơ quan tiếp nhận hồ sơ" in html


@pytest.mark.django_db
def test_draft_is_resumed_from_the_account(world: Any) -> None:
    client = client_for(world.user("citizen"))
    client.post("/nop-ho-so/T.001/", APPLICANT)
    draft = Draft.objects.get()
    response = client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/2/", {"action": "save", "purpose": "Nửa chừng"})
    assert response["Location"] == "/tai-khoan/"
    html = client.get("/tai-khoan/").content.decode()
    assert "Thủ tục thử nghiệm ba ngày" in html and f'href="/nop-ho-so/ban-nhap/{draft.pk}/2/"' in html
    assert 'value="Nửa chừng"' in client.get(f"/nop-ho-so/ban-nhap/{draft.pk}/2/").content.decode()
    # A step not reached yet sends back to the last one reached.
    assert client.get(f"/nop-ho-so/ban-nhap/{draft.pk}/4/")["Location"] == f"/nop-ho-so/ban-nhap/{draft.pk}/2/"
    # Starting the procedure again offers the draft.
    assert f'href="/nop-ho-so/ban-nhap/{draft.pk}/2/"' in client.get("/nop-ho-so/T.001/").content.decode()


@pytest.mark.django_db
def test_step3_checks_files_and_required_documents(
    world: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.MOTCUA_MAX_UPLOAD_BYTES = 1024
    client = client_for(world.user("citizen"))
    client.post("/nop-ho-so/T.001/", APPLICANT)
    draft = Draft.objects.get()
    client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/2/", {"action": "next", "purpose": "x"})
    html = client.get(f"/nop-ho-so/ban-nhap/{draft.pk}/3/").content.decode()
    assert 'type="file" id="doc-TP1" name="doc-TP1"' in html and 'data-max-bytes="1024"' in html
    assert 'data-accept-types="application/pdf,image/jpeg' in html
    html = client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/3/", {"action": "next"}).content.decode()
    assert '<p class="error" id="doc-TP1-error">Thiếu thành phần hồ sơ bắt buộc: Tờ khai.</p>' in html
    text = SimpleUploadedFile("to-khai.pdf", b"just text, not a pdf", content_type="application/pdf")
    html = client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/3/", {"action": "next", "doc-TP1": text}).content.decode()
    assert (
        '<p class="error" id="doc-TP1-error">Tệp “to-khai.pdf” thực chất là tệp .txt, không được chấp nhận. '
        "Chỉ nhận PDF, ảnh JPEG/PNG/TIFF hoặc văn bản Word.</p>"
    ) in html
    assert "text/plain" not in html
    exe = SimpleUploadedFile("cai-dat.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200)
    html = client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/3/", {"action": "next", "doc-TP1": exe}).content.decode()
    assert (
        '<p class="error" id="doc-TP1-error">Tệp .exe không được chấp nhận (“cai-dat.exe”). '
        "Chỉ nhận PDF, ảnh JPEG/PNG/TIFF hoặc văn bản Word.</p>"
    ) in html
    assert "application/" not in html.split('id="doc-TP1-error"')[1].split("</p>")[0]
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 2000)
    html = client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/3/", {"action": "next", "doc-TP2": big}).content.decode()
    assert "vượt quá dung lượng cho phép" in html and 'id="doc-TP2-error"' in html
    assert not DraftFile.objects.exists()
    client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/3/", {"action": "save", "doc-TP1": pdf()})
    item = DraftFile.objects.get()
    assert (item.requirement_code, item.content_type, item.size) == ("TP1", "application/pdf", len(PDF))
    # Replace, then remove.
    client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/3/", {"action": "save", "doc-TP1": pdf("moi.pdf")})
    assert list(DraftFile.objects.values_list("original_name", flat=True)) == ["moi.pdf"]
    old_name = DraftFile.objects.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/tep/TP1/xoa/")
    assert not DraftFile.objects.exists() and not default_storage.exists(old_name)


@pytest.mark.django_db
def test_service_errors_at_submission_are_shown_on_their_step(world: Any) -> None:
    client = client_for(world.user("citizen"))
    draft = draft_at_review(client)
    Draft.objects.filter(pk=draft.pk).update(form_data={})  # e.g. the form changed since
    response = client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/4/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<p class="error" id="f-purpose-error">Vui lòng nhập “Mục đích”.</p>' in html
    assert "Bước 2" in html
    Draft.objects.filter(pk=draft.pk).update(form_data={"purpose": "x"}, applicant={**draft.applicant, "email": "x@"})
    html = client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/4/").content.decode()
    assert '<p class="error" id="a-email-error">Địa chỉ thư điện tử không hợp lệ.</p>' in html
    Draft.objects.filter(pk=draft.pk).update(applicant=draft.applicant)
    DraftFile.objects.filter(draft=draft).delete()
    html = client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/4/").content.decode()
    assert '<p class="error" id="doc-TP1-error">Thiếu thành phần hồ sơ bắt buộc: Tờ khai.</p>' in html
    assert not Dossier.objects.exists() and Draft.objects.filter(pk=draft.pk).exists()


@pytest.mark.django_db
def test_procedure_not_online_cannot_be_started(world: Any) -> None:
    from motcua.catalogue.models import ProcedureVersion

    ProcedureVersion.objects.filter(procedure__code="T.002").update(online_level="none")
    client = client_for(world.user("citizen"))
    assert "Nộp hồ sơ trực tuyến</a>" not in client.get("/thu-tuc/T.002/").content.decode()
    response = client.post("/nop-ho-so/T.002/", APPLICANT)
    assert response["Location"] == "/thu-tuc/T.002/" and not Draft.objects.exists()


@pytest.mark.django_db
def test_deleting_a_draft_asks_first_and_removes_its_files(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    client = client_for(world.user("citizen"))
    draft = draft_at_review(client)
    name = draft.files.get().file.name
    assert "Xóa hồ sơ nháp?" in client.get(f"/nop-ho-so/ban-nhap/{draft.pk}/xoa/").content.decode()
    assert Draft.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/xoa/")["Location"] == "/tai-khoan/"
    assert not Draft.objects.exists() and not default_storage.exists(name)


@pytest.mark.django_db
def test_step1_preselects_the_only_agency_and_the_only_applicant_type(world: Any) -> None:
    """One competent body, one kind of applicant: both are chosen already, even when the account is of another
    kind (a citizen filing for a business); with several, the account's kind is chosen and the body is asked."""
    import copy

    from motcua.catalogue.services.importing import import_catalogue
    from tests.helpers import CATALOGUE

    catalogue = copy.deepcopy(CATALOGUE)
    only = dict(catalogue["procedures"][1], code="T.009", implementing_level="department", applicant_types=["business"])
    catalogue["procedures"] = [*catalogue["procedures"], only]
    import_catalogue(catalogue)
    html = client_for(world.user("citizen")).get("/nop-ho-so/T.009/").content.decode()
    assert '<option value="H26.24" selected>Sở Tư pháp</option>' in html
    assert '<option value="business" selected>Doanh nghiệp</option>' in html
    several = client_for(world.user("citizen")).get("/nop-ho-so/T.002/").content.decode()  # two communes, two kinds
    assert '<option value="H26.101">' in several and " selected>Ủy ban" not in several
    assert '<option value="citizen" selected>' in several
    # Sent back with the body left empty, the only one is chosen again.
    again = client_for(world.user("citizen")).post("/nop-ho-so/T.009/", {**APPLICANT, "agency_code": "", "type": ""})
    assert '<option value="H26.24" selected>' in again.content.decode()
    assert '<option value="business" selected>' in again.content.decode()
