"""Real dossiers of the demo procedures, submitted and received through the services.

For the print tests: the demo data (``motcua.demo.data.load_demo``) must be loaded and the clock
frozen (Monday 23 November 2026, 09:30 in Vietnam: a working day).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from motcua.accounts.models import User
from motcua.core import clock
from motcua.core.actor import Actor
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import lifecycle
from motcua.dossiers.services.applicants import ApplicantData
from motcua.dossiers.services.submission import SubmissionInput, submit_at_counter, submit_online
from tests.helpers import PDF, named_bytes

MONDAY = datetime(2026, 11, 23, 9, 30, tzinfo=clock.VN_TZ)

BIRTH_FORM: dict[str, Any] = {
    "ho_ten_tre": "Nguyễn Minh Khang",
    "ngay_sinh": "2026-11-15",
    "noi_sinh": "Bệnh viện Phụ sản Hà Nội",
    "gioi_tinh": "Nam",
    "dan_toc": "Kinh",
    "quoc_tich": "Việt Nam",
    "quan_he_nguoi_yeu_cau": "Cha",
}
INTERAGENCY_FORM: dict[str, Any] = {
    "ho_ten_tre": "Nguyễn Minh Khang",
    "ngay_sinh": "2026-11-15",
    "noi_sinh": "Bệnh viện Phụ sản Hà Nội",
    "gioi_tinh": "Nam",
    "dan_toc": "Kinh",
    "quoc_tich": "Việt Nam",
    "noi_dang_ky_thuong_tru": "12 Hàng Bài, Phường Hoàn Kiếm, Thành phố Hà Nội",
    "ho_ten_chu_ho": "Nguyễn Văn An",
    "quan_he_voi_chu_ho": "Con",
    "noi_kham_chua_benh_ban_dau": "Bệnh viện Việt Đức",
    "dong_y_chu_ho": True,
}
# The birth registration's three required documents (tờ khai, giấy chứng sinh, giấy tờ tùy thân): online
# the tờ khai is the e-form and the ID card is shown, so the one file is the birth certificate.
BIRTH_DOCUMENTS = ("giay-chung-sinh",)
# At the counter every paper but the ID card (shown, ticked as seen) is scanned.
INTERAGENCY_DOCUMENTS = ("to-khai-khai-sinh", "giay-chung-sinh", "to-khai-cu-tru", "to-khai-bhyt", "van-ban-uy-quyen")
INTERAGENCY_SHOWN = ("giay-to-tuy-than",)


def actor(username: str, channel: str = "web") -> Actor:
    return Actor(user=User.objects.get(username=username), channel=channel)


def citizen_applicant(username: str = "congdan") -> ApplicantData:
    citizen = User.objects.get(username=username)
    return ApplicantData(
        type="citizen",
        name=citizen.full_name,
        id_number=citizen.personal_id or "",
        phone=citizen.phone,
        email=citizen.email,
        address=citizen.address,
    )


def files(codes: tuple[str, ...]) -> dict[str, list[Any]]:
    return {code: [named_bytes(PDF, f"{code}.pdf")] for code in codes}


def birth_registration_online(username: str = "congdan") -> Dossier:
    """Đăng ký khai sinh (1.001193) filed online at Phường Hoàn Kiếm with its three required documents."""
    return submit_online(
        actor=actor(username),
        data=SubmissionInput(
            procedure_code="1.001193",
            agency_code="H26.101",
            applicant=citizen_applicant(username),
            form_data=BIRTH_FORM,
        ),
        files=files(BIRTH_DOCUMENTS),
    )


def received(dossier: Dossier, by: str = "tiepnhan.hoankiem") -> Dossier:
    lifecycle.receive(dossier.pk, actor=actor(by))
    return Dossier.objects.get(pk=dossier.pk)


def interagency_at_counter(username: str = "congdan") -> Dossier:
    """The inter-agency birth, residence and health-insurance procedure (2.000986) with all six
    documents, received at Phường Hoàn Kiếm's counter."""
    return submit_at_counter(
        actor=actor("tiepnhan.hoankiem", "counter"),
        data=SubmissionInput(
            procedure_code="2.000986",
            agency_code="H26.101",
            applicant=citizen_applicant(username),
            form_data=INTERAGENCY_FORM,
            shown=INTERAGENCY_SHOWN,
        ),
        files=files(INTERAGENCY_DOCUMENTS),
    )
