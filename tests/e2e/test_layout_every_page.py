"""Every page of the site, enumerated from the URLconf (tests/e2e/pages.py), in Chromium:

- public and citizen pages on a 360×740 phone, logged out and logged in as the demo citizen, over
  demo-like data: a dossier waiting for a supplement, one waiting for its fee with a VietQR payment
  open, one paid at the counter and returned, a complaint about it answered and published;
- officials' pages on a 1280 px desktop, as the reception officer and the head.

Each page: nothing wider than the screen (``too_wide``: only a region the keyboard can scroll may
be) and axe 0 serious or critical violations. Upload errors name the refused kind of file, never a
MIME type. Every pattern of the page lists must have been visited; all problems are reported at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from motcua.accounts.models import User
from motcua.catalogue.models import Procedure
from motcua.core.actor import Actor
from motcua.demo.data import DEMO_PASSWORD, load_demo
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import lifecycle
from motcua.dossiers.services.applicants import ApplicantData
from motcua.dossiers.services.documents import upload_document
from motcua.dossiers.services.submission import SubmissionInput, submit_at_counter, submit_online
from motcua.feedback.categories import CATEGORIES
from motcua.feedback.models import Category, Feedback
from motcua.feedback.services import pakn
from motcua.payments.models import Payment, Receipt
from motcua.payments.services.fees import outstanding
from motcua.payments.services.payments import record_counter_payment, start_payment
from tests.e2e.conftest import axe, shot, too_wide
from tests.e2e.pages import CITIZEN_PAGES, OFFICIAL_PAGES, route_of
from tests.helpers import PDF, pdf_upload, required_papers, result_record, sample_form

pytestmark = pytest.mark.django_db(transaction=True)

WINDOWS_EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 200
)
BIRTH_FORM = {
    "ho_ten_tre": "Nguyễn Minh Khang",
    "ngay_sinh": "2026-11-15",
    "noi_sinh": "Bệnh viện Phụ sản Hà Nội",
    "gioi_tinh": "Nam",
    "dan_toc": "Kinh",
    "quoc_tich": "Việt Nam",
    "quan_he_nguoi_yeu_cau": "Cha",
}


@pytest.fixture
def page(context: Any) -> Any:
    """A page that fails the test on a console error or uncaught exception, like conftest's, except the
    browser's own line about a page answered with an error status on purpose (form errors: 400 or 422;
    the 404 page): those pages are checked here like the others."""
    errors: list[str] = []
    failed_documents: set[str] = set()
    p = context.new_page()
    p.set_default_timeout(15_000)
    p.on(
        "response",
        lambda r: (
            failed_documents.add(r.url)
            if r.request.resource_type == "document" and r.status in (400, 404, 422)
            else None
        ),
    )

    def console(m: Any) -> None:
        if m.type != "error":
            return
        if m.text.startswith("Failed to load resource") and m.location.get("url") in failed_documents:
            return
        errors.append(f"console {m.type}: {m.text}")

    p.on("console", console)
    p.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    yield p
    p.close()
    assert errors == [], errors


@dataclass
class Demo:
    supplement: Dossier
    unpaid: Dossier
    returned: Dossier
    pending: Payment
    paid: Payment
    complaint: Feedback


def actor(username: str, channel: str = "web") -> Actor:
    return Actor(user=User.objects.get(username=username), channel=channel)


def submit_as_citizen(code: str, form: dict[str, Any] | None = None) -> Dossier:
    citizen = User.objects.get(username="congdan")
    version = Procedure.objects.get(code=code).current_version
    files, _shown = required_papers(version, "online")
    applicant = ApplicantData(
        type="citizen",
        name=citizen.full_name,
        id_number=citizen.personal_id or "",
        phone=citizen.phone,
        email=citizen.email,
        address=citizen.address,
    )
    return submit_online(
        actor=Actor(user=citizen, channel="web"),
        files=files,
        data=SubmissionInput(
            procedure_code=code,
            agency_code="H26.101",
            applicant=applicant,
            form_data=form if form is not None else sample_form(version.form_fields),
        ),
    )


def demo_data() -> Demo:
    """The demo organisation and catalogue, and the citizen's dossiers in the states a person meets."""
    load_demo()
    for row in CATEGORIES:  # a data migration; a transactional test flushed it
        Category.objects.update_or_create(code=row["code"], defaults={k: v for k, v in row.items() if k != "code"})
    reception, head = actor("tiepnhan.hoankiem"), actor("lanhdao.hoankiem")
    citizen = actor("congdan")

    supplement = submit_as_citizen("1.001193", BIRTH_FORM)
    lifecycle.receive(supplement.pk, actor=reception)
    lifecycle.request_supplement(
        supplement.pk,
        actor=head,
        items=[
            {
                "requirement": "giay-chung-sinh",
                "name": "Giấy chứng sinh",
                "reason": "Bản chụp bị mờ, không đọc được số.",
            },
            {"requirement": "", "name": "Văn bản ủy quyền", "reason": "Người đi đăng ký không phải cha, mẹ của trẻ."},
        ],
    )

    unpaid = lifecycle.receive(submit_as_citizen("2.000635").pk, actor=reception)
    assert unpaid.status == "fee_requested"
    pending = start_payment(unpaid.pk, actor=citizen, channel="vietqr").payment

    returned = lifecycle.receive(submit_as_citizen("2.000635").pk, actor=reception)
    paid = record_counter_payment(
        returned.pk, actor=actor("tiepnhan.hoankiem", "counter"), channel="cash", amount=outstanding(returned)
    )
    lifecycle.assign(returned.pk, actor=head, assignee_username="chuyenvien.hoankiem")
    lifecycle.approve(returned.pk, actor=head)
    upload_document(returned.pk, actor=actor("vanthu.hoankiem"), kind="result", upload=pdf_upload("trich-luc.pdf"))
    lifecycle.issue_result(returned.pk, actor=actor("vanthu.hoankiem"), record=result_record("88/TLHT-UBND"))
    returned = lifecycle.return_result(returned.pk, actor=reception)

    complaint = pakn.submit_feedback(
        actor=citizen,
        data=pakn.FeedbackInput(
            category="giai-quyet-ho-so",
            subject="dossier",
            dossier_code=returned.code,
            title="Trả kết quả chậm",
            text="Hồ sơ của tôi trả kết quả sau ngày hẹn.",
            attributes={"delay": "late"},
        ),
    )
    pakn.assign(complaint.pk, actor=head, assignee_username="chuyenvien.hoankiem")
    pakn.answer(complaint.pk, actor=actor("chuyenvien.hoankiem"), text="Cơ quan xin lỗi ông/bà; đã chấn chỉnh.")
    complaint = pakn.publish(complaint.pk, actor=head)
    return Demo(
        supplement=Dossier.objects.get(pk=supplement.pk),
        unpaid=Dossier.objects.get(pk=unpaid.pk),
        returned=returned,
        pending=pending,
        paid=paid,
        complaint=complaint,
    )


# On a phone, forms and facts are one column: no field, choice or fact beside another, and tables reflow
# (table.stack) instead of scrolling sideways.
PHONE_JS = """() => {
  const out = [];
  const visible = (e) => e.offsetParent !== null && e.getBoundingClientRect().height > 0;
  const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
    (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
  const groups = [];
  document.querySelectorAll('main dl.facts').forEach(g => groups.push([g, [...g.children]]));
  document.querySelectorAll('main .rating-group ul').forEach(g => groups.push([g, [...g.children]]));
  document.querySelectorAll('main form').forEach(g => groups.push([g, [...g.querySelectorAll('.field')]
    .filter(f => f.querySelector('input:not([type=hidden]), select, textarea'))]));  // a button may sit beside
  for (const [group, items] of groups) {
    const shown = items.filter(visible);
    for (let i = 1; i < shown.length; i++) {
      const a = shown[i - 1].getBoundingClientRect(), b = shown[i].getBoundingClientRect();
      if (b.top < a.bottom - 1 && b.left > a.left + 1) {
        out.push('side by side in ' + name(group) + ': ' + name(shown[i - 1]) + ' | ' + name(shown[i]));
        break;
      }
    }
  }
  document.querySelectorAll('main .table-wrap, main table').forEach(t => {
    if (visible(t) && t.scrollWidth > t.clientWidth + 1)
      out.push('scrolls sideways: ' + name(t) + ' ' + t.scrollWidth + '>' + t.clientWidth);
  });
  return out;
}"""


@dataclass
class Checker:
    """Checks pages and remembers what it saw: the patterns visited and every problem found."""

    page: Any
    prefix: str
    phone: bool = False
    visited: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)

    def __call__(self, name: str) -> None:
        self.page.wait_for_load_state()
        route = route_of(self.page.url)
        if route is not None:
            self.visited.add(route)
        shot(self.page, f"{self.prefix}-{name}")
        wide = too_wide(self.page)
        if wide:
            self.problems.append(f"{name} ({self.page.url}): too wide: {wide}")
        if self.phone:
            laid_out = self.page.evaluate(PHONE_JS)
            if laid_out:
                self.problems.append(f"{name} ({self.page.url}): not one column: {laid_out}")
        serious = axe(self.page)
        if serious:
            self.problems.append(f"{name} ({self.page.url}): axe: {serious}")
        mime = re.findall(r"\b(?:application|text|image)/[\w.+-]+", self.page.locator("main").inner_text())
        if mime:
            self.problems.append(f"{name} ({self.page.url}): a MIME type shown to people: {mime}")

    def visit(self, base: str, path: str, name: str) -> None:
        self.page.goto(base + path)
        self(name)


def log_in(page: Any, base: str, username: str, then: str) -> None:
    page.goto(base + "/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(base + then)


def log_out(page: Any) -> None:
    page.click("header form[action='/dang-xuat/'] button")
    page.wait_for_load_state()


def test_every_public_and_citizen_page_at_360px(live_server: Any, page: Any, tmp_path: Path) -> None:
    demo = demo_data()
    base = live_server.url
    page.set_viewport_size({"width": 360, "height": 740})
    check = Checker(page, "layout-360", phone=True)

    public = [
        ("/", "home"),
        ("/thu-tuc/", "procedures"),
        ("/thu-tuc/?q=khai+sinh", "search"),
        ("/thu-tuc/1.001193/", "procedure-birth"),
        ("/thu-tuc/2.000815/", "procedure-certified-copy"),
        ("/thu-tuc/1.009974/", "procedure-building"),
        ("/tra-cuu/", "track-form"),
        (f"/tra-cuu/{demo.supplement.code}/", "track-supplement"),
        (f"/tra-cuu/{demo.returned.code}/", "track-returned"),
        ("/xac-thuc/", "verify-form"),
        ("/cong-khai/", "disclosure"),
        ("/phan-anh/", "feedback-published"),
        (f"/phan-anh/{demo.complaint.pk}/", "feedback-published-item"),
        ("/phan-anh/gui/", "feedback-form"),
        ("/phan-anh/gui/da-gui/", "feedback-sent"),
        ("/khong-co-trang-nay/", "not-found"),
    ]
    # Logged out.
    for path, name in [*public, ("/dang-ky/", "register"), ("/dang-nhap/", "login")]:
        check.visit(base, path, name)
    page.goto(base + "/dang-ky/")
    page.get_by_role("button", name="Đăng ký").click()  # every error at once
    check("register-errors")
    page.goto(base + "/dang-nhap/")
    page.fill("#id_username", "congdan")
    page.fill("#id_password", "sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    check("login-error")

    # The citizen.
    log_in(page, base, "congdan", "/tai-khoan/")
    check("account")
    for path, name in public:  # the same pages with the citizen's header
        check.visit(base, path, f"{name}-logged-in")
    for path, name in [
        (f"/tai-khoan/ho-so/{demo.supplement.code}/", "dossier-supplement"),
        (f"/tai-khoan/ho-so/{demo.supplement.code}/rut/", "withdraw"),
        (f"/tai-khoan/ho-so/{demo.unpaid.code}/", "dossier-fee-requested"),
        (f"/thanh-toan/{demo.unpaid.code}/", "fees-vietqr-open"),
        (f"/thanh-toan/ket-qua/{demo.pending.reference}/", "payment-result-pending"),
        (f"/tai-khoan/ho-so/{demo.returned.code}/", "dossier-returned"),
        (f"/thanh-toan/{demo.returned.code}/", "fees-paid"),
        (f"/thanh-toan/ket-qua/{demo.paid.reference}/", "payment-result-paid"),
        (f"/phan-anh/danh-gia/{demo.returned.code}/", "rating-form"),
        (f"/phan-anh/gui/?ho-so={demo.returned.code}", "complaint-form-about-dossier"),
        ("/phan-anh/cua-toi/", "my-complaints"),
        (f"/phan-anh/cua-toi/{demo.complaint.pk}/", "my-complaint"),
        ("/thong-bao/", "notices"),
        ("/thong-bao/cai-dat/", "notice-settings"),
        ("/kho-du-lieu/", "data-store"),
    ]:
        check.visit(base, path, name)
    page.goto(f"{base}/phan-anh/danh-gia/{demo.returned.code}/")
    page.get_by_role("button", name="Gửi đánh giá").click()  # nothing chosen: the errors
    check("rating-errors")
    page.goto(f"{base}/phan-anh/gui/?ho-so={demo.returned.code}")
    page.get_by_role("button", name="Gửi", exact=True).click()
    check("complaint-errors")

    # A refused supplement file: the message names the kind of file, and the page still fits.
    exe = tmp_path / "giay-chung-sinh.pdf"
    exe.write_bytes(WINDOWS_EXE)
    page.goto(f"{base}/tai-khoan/ho-so/{demo.supplement.code}/")
    page.locator("ol.supplement-items input[type=file]").first.set_input_files(str(exe))
    page.locator("ol.supplement-items button[type=submit]").first.click()
    page.wait_for_url(f"{base}/tai-khoan/ho-so/{demo.supplement.code}/bo-sung/")
    assert "thực chất là tệp .exe, không được chấp nhận" in page.locator("#supplement-0-error").inner_text()
    check("supplement-upload-refused")

    # A new dossier, step by step, with a refused file at step 3; then a second draft to delete.
    page.goto(base + "/nop-ho-so/1.001193/")
    check("submit-step1")
    page.select_option("#agency-code", "H26.101")
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_url(re.compile(r"/2/$"))
    check("submit-step2")
    page.get_by_role("button", name="Tiếp tục").click()
    check("submit-step2-errors")
    for selector, value in [
        ("#f-ho-ten-tre", "Lê Minh Châu"),
        ("#f-ngay-sinh", "2026-11-01"),
        ("#f-noi-sinh", "Hà Nội"),
    ]:
        page.fill(selector, value)
    for selector, value in [
        ("#f-dan-toc", "Kinh"),
        ("#f-quoc-tich", "Việt Nam"),
        ("#f-gioi-tinh", "Nữ"),
        ("#f-quan-he-nguoi-yeu-cau", "Cha"),
    ]:
        page.select_option(selector, value)
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_url(re.compile(r"/3/$"))
    check("submit-step3")
    page.set_input_files("#doc-giay-chung-sinh", str(exe))
    page.get_by_role("button", name="Tải lên và tiếp tục").click()
    assert "thực chất là tệp .exe, không được chấp nhận" in page.locator("main").inner_text()
    check("submit-step3-refused-file")
    good = tmp_path / "chung-sinh.pdf"
    good.write_bytes(PDF)
    page.set_input_files("#doc-giay-chung-sinh", str(good))
    page.get_by_role("button", name="Tải lên và tiếp tục").click()
    page.wait_for_url(re.compile(r"/4/$"))
    check("submit-step4-review")
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.wait_for_url(re.compile(r"/da-nop/"))
    check("submit-done")
    page.goto(base + "/nop-ho-so/1.001193/")
    page.select_option("#agency-code", "H26.102")
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_url(re.compile(r"/2/$"))
    page.goto(base + "/tai-khoan/")
    page.get_by_role("link", name=re.compile("^Xóa")).click()
    check("draft-delete")
    log_out(page)

    assert check.problems == [], "\n".join(check.problems)
    assert sorted(CITIZEN_PAGES - check.visited) == [], "pages of the list not visited"


def digitise_path() -> str:
    """The digitisation page of a paper received at the counter (số hóa, left for later at the intake)."""
    version = Procedure.objects.get(code="2.000815").current_version
    _files, shown = required_papers(version, "counter")
    dossier = submit_at_counter(
        actor=actor("tiepnhan.hoankiem", "counter"),
        files={"ban-chup": [pdf_upload("ban-chup.pdf")]},
        data=SubmissionInput(
            procedure_code="2.000815",
            agency_code="H26.101",
            applicant=ApplicantData(type="citizen", name="Hoàng Thị Thu", id_number="001190045678", phone="0905123456"),
            form_data=sample_form(version.form_fields),
            shown=shown,
        ),
    )
    paper = dossier.documents.first()
    assert paper is not None
    return f"/backoffice/ho-so/{dossier.code}/tai-lieu/{paper.pk}/so-hoa/"


def test_every_officials_page_at_1280px(live_server: Any, page: Any, tmp_path: Path) -> None:
    demo = demo_data()
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    check = Checker(page, "layout-1280")

    log_in(page, base, "tiepnhan.hoankiem", "/backoffice/")
    check("reception-home")
    for path, name in [
        ("/backoffice/?ds=closed", "reception-closed"),
        ("/backoffice/?ds=search&q=Nguyen", "reception-search"),
        ("/backoffice/tiep-nhan/", "counter-search"),
        ("/backoffice/tiep-nhan/?thu_tuc=2.000815", "counter-form"),
        (f"/backoffice/ho-so/{demo.supplement.code}/", "dossier-supplement"),
        (f"/backoffice/ho-so/{demo.unpaid.code}/", "dossier-fee-requested"),
        (f"/backoffice/ho-so/{demo.returned.code}/", "dossier-returned"),
        ("/backoffice/so-theo-doi/", "register"),
        ("/backoffice/buoc-xu-ly/", "my-steps"),
        ("/thanh-toan/doi-soat/", "unmatched-statement-lines"),
        (f"/thanh-toan/quay/{demo.unpaid.code}/", "counter-payment"),
        (f"/phan-anh/kiosk/{demo.returned.code}/", "rating-kiosk"),
        ("/thong-bao/", "notices"),
        ("/thong-bao/cai-dat/", "notice-settings"),
        (digitise_path(), "digitise-paper"),
    ]:
        check.visit(base, path, name)
    # A refused scan at the counter: the message names the kind of file.
    exe = tmp_path / "ban-sao.pdf"
    exe.write_bytes(WINDOWS_EXE)
    page.goto(base + "/backoffice/tiep-nhan/?thu_tuc=2.000815")
    page.fill("#id_applicant_name", "Hoàng Thị Thu")
    page.fill("#id_applicant_id_number", "001190045678")
    page.fill("#id_applicant_phone", "0905123456")
    page.fill("#id_ff_ten_giay_to", "Bằng tốt nghiệp đại học")
    page.fill("#id_ff_so_trang_ban_chinh", "1")
    page.fill("#id_ff_so_ban_sao", "3")
    page.check("#id_doc_0")
    page.set_input_files("#id_file_1", str(exe))
    page.click("main form.intake-form button[type=submit]")
    page.wait_for_load_state()
    assert "thực chất là tệp .exe, không được chấp nhận" in page.locator("main").inner_text()
    check("counter-form-refused-file")
    # The fee paid at the counter: its numbered receipt in the body's receipts list, then its page.
    check.visit(base, "/thanh-toan/bien-lai/", "receipts")
    check.visit(base, f"/thanh-toan/bien-lai/so/{Receipt.objects.get(payment=demo.paid).pk}/", "receipt")
    log_out(page)

    log_in(page, base, "lanhdao.hoankiem", "/backoffice/")
    check("head-home")
    for path, name in [
        (f"/backoffice/ho-so/{demo.supplement.code}/", "head-dossier"),
        ("/phan-anh/xu-ly/", "feedback-worklist"),
        (f"/phan-anh/xu-ly/{demo.complaint.pk}/", "feedback-item"),
        ("/phan-anh/danh-gia/thong-ke/", "rating-stats"),
        ("/thong-ke/", "dashboard"),
        ("/thong-ke/bao-cao/", "report"),
        ("/thong-ke/bao-cao/o/?cell=received_online", "report-cell"),
    ]:
        check.visit(base, path, name)
    log_out(page)

    log_in(page, base, "kiemsoat.tthc", "/backoffice/")
    check.visit(base, "/csdl/nhat-ky/", "register-lookup-log")
    check.visit(base, "/dvcqg/nhat-ky/", "national-portal-log")
    log_out(page)

    assert check.problems == [], "\n".join(check.problems)
    assert sorted(OFFICIAL_PAGES - check.visited) == [], "pages of the list not visited"
