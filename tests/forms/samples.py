"""Sample data of the form tests: a birth registration dossier in Hoàn Kiếm."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

from motcua.forms.data import (
    Applicant,
    IssuingBody,
    ReceiptData,
    ReceivedDocument,
    RefusalData,
    SupplementItem,
    SupplementRequestData,
)

BODY = IssuingBody(
    parent_name="UBND quận Hoàn Kiếm",
    name="Bộ phận Một cửa",
    place="Hoàn Kiếm",
)
APPLICANT = Applicant(
    name="Nguyễn Thị Hằng",
    address="Số 12 phố Hàng Bạc, phường Hoàn Kiếm, thành phố Hà Nội",
    phone="0912 345 678",
    email="hang.nguyen@example.vn",
)
DOSSIER_CODE = "000.00.12.H26-261122-0001"
TRACKING_URL = "https://dichvucong.example.vn/tra-cuu?ma=000.00.12.H26-261122-0001&k=7"


def receipt(**changes: Any) -> ReceiptData:
    data = ReceiptData(
        body=BODY,
        number="125",
        # 18:30 UTC on 21 November is 01:30 on 22 November in Vietnam (UTC+7).
        issued_at=datetime(2026, 11, 21, 18, 30, tzinfo=UTC),
        dossier_code=DOSSIER_CODE,
        applicant=APPLICANT,
        request="Đăng ký khai sinh",
        documents=[
            ReceivedDocument("Tờ khai đăng ký khai sinh", "Bản chính", 1),
            ReceivedDocument("Giấy chứng sinh", "Bản chính", 1),
            ReceivedDocument("Giấy chứng nhận kết hôn của cha, mẹ", "Bản sao", 2),
        ],
        sets_count=1,
        processing_time_text="05 ngày làm việc",
        received_at=datetime(2026, 11, 24, 7, 5, tzinfo=UTC),  # 14:05 in Vietnam
        due_at=datetime(2026, 12, 1, 9, 30, tzinfo=UTC),  # 16:30 in Vietnam
        result_place="Bộ phận Một cửa UBND quận Hoàn Kiếm, số 126 Hàng Trống",
        register_book="03/2026",
        register_entry="1257",
        officer_name="Trần Văn Đức",
        qr_payload=TRACKING_URL,
    )
    return dataclasses.replace(data, **changes)


def supplement_request(**changes: Any) -> SupplementRequestData:
    data = SupplementRequestData(
        body=BODY,
        number="12",
        issued_at=datetime(2026, 2, 5, 2, 0, tzinfo=UTC),
        dossier_code=DOSSIER_CODE,
        applicant=APPLICANT,
        request="Đăng ký khai sinh",
        items=[
            SupplementItem("Giấy chứng sinh", "Bản đã nộp bị mờ, không đọc được số"),
            SupplementItem("Giấy chứng nhận kết hôn của cha, mẹ", "Cần bản sao có chứng thực"),
            SupplementItem("Tờ khai đăng ký khai sinh", "Thiếu chữ ký của người đi đăng ký"),
        ],
        contact="bà Lê Thị Mai, số điện thoại 024 3825 1234",
        officer_name="Lê Thị Mai",
    )
    return dataclasses.replace(data, **changes)


def refusal(**changes: Any) -> RefusalData:
    data = RefusalData(
        body=BODY,
        number="7/TCHS",
        issued_at=datetime(2026, 2, 5, 2, 0, tzinfo=UTC),
        dossier_code=DOSSIER_CODE,
        applicant=APPLICANT,
        request="Đăng ký khai sinh",
        reasons=[
            "Hồ sơ không thuộc thẩm quyền giải quyết của UBND quận Hoàn Kiếm",
            "Người nộp không xuất trình được giấy tờ tùy thân",
        ],
        officer_name="Trần Văn Đức",
    )
    return dataclasses.replace(data, **changes)
