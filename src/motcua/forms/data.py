"""Input data of the printable forms of Circular 01/2018/TT-VPCP (annex).

The dossier code builds these plain, immutable values from its models and passes them to
:mod:`motcua.forms.render`; this app never imports another app's models.

All datetimes must be timezone-aware; they are printed in Vietnam time (Asia/Ho_Chi_Minh)
whatever their time zone. Sequences may be lists or tuples.

``number`` is what follows "Số:" on the form. Give it with its symbol ("125/TN"); a bare number
("125") gets the form's symbol appended ("/TN" for Mẫu 01, "/HDHS" for Mẫu 02, "/TCHS" for
Mẫu 03, "/PXL" for Mẫu 04).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime


def _require_aware(owner: object, **values: datetime) -> None:
    for field_name, value in values.items():
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"{type(owner).__name__}.{field_name} must be a timezone-aware datetime")


@dataclass(frozen=True)
class IssuingBody:
    """The body that issues the form (left column of the header)."""

    parent_name: str  # governing body, printed above the name ("UBND QUẬN HOÀN KIẾM")
    name: str  # issuing body / unit, printed in bold caps
    place: str  # locality for "<place>, ngày … tháng … năm …"


@dataclass(frozen=True)
class Applicant:
    name: str
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class ReceivedDocument:
    name: str
    form: str  # "Bản chính", "Bản sao", "Bản sao có chứng thực", "Bản chụp", …
    count: int

    def __post_init__(self) -> None:
        if self.count < 0:
            raise ValueError("ReceivedDocument.count must not be negative")


@dataclass(frozen=True)
class ReceiptData:
    """Mẫu 01 - Giấy tiếp nhận hồ sơ và hẹn trả kết quả."""

    body: IssuingBody
    number: str
    issued_at: datetime
    dossier_code: str
    applicant: Applicant
    request: str  # the procedure name / content of the request
    documents: Sequence[ReceivedDocument]
    sets_count: int
    processing_time_text: str  # e.g. "05 ngày làm việc"
    received_at: datetime
    due_at: datetime
    result_place: str
    register_book: str
    register_entry: str
    officer_name: str
    qr_payload: str  # what the QR code encodes: the dossier code or a tracking URL

    def __post_init__(self) -> None:
        _require_aware(self, issued_at=self.issued_at, received_at=self.received_at, due_at=self.due_at)
        if not self.qr_payload:
            raise ValueError("ReceiptData.qr_payload must not be empty")


@dataclass(frozen=True)
class SupplementItem:
    name: str  # what to supplement or complete
    reason: str


@dataclass(frozen=True)
class SupplementRequestData:
    """Mẫu 02 - Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ."""

    body: IssuingBody
    number: str
    issued_at: datetime
    dossier_code: str
    applicant: Applicant
    request: str
    items: Sequence[SupplementItem]
    contact: str  # who to contact for help, e.g. "bà Lê Thị Mai, số điện thoại 024 3825 1234"
    officer_name: str  # the guiding officer

    def __post_init__(self) -> None:
        _require_aware(self, issued_at=self.issued_at)


@dataclass(frozen=True)
class RefusalData:
    """Mẫu 03 - Phiếu từ chối tiếp nhận giải quyết hồ sơ."""

    body: IssuingBody
    number: str
    issued_at: datetime
    dossier_code: str
    applicant: Applicant
    request: str
    reasons: Sequence[str]
    officer_name: str
    # Who refused: the heading of the signature block, their position (chức danh) and body. A
    # refusal after review is signed by the official who refused, not by the reception officer.
    signature_title: str = "NGƯỜI TIẾP NHẬN HỒ SƠ"
    officer_position: str = ""
    officer_body: str = ""

    def __post_init__(self) -> None:
        _require_aware(self, issued_at=self.issued_at)


@dataclass(frozen=True)
class ApologyData:
    """Mẫu 04 - Phiếu xin lỗi và hẹn lại ngày trả kết quả.

    Circular 03/2025/TT-VPCP calls it "Văn bản xin lỗi và đề nghị gia hạn"; the content is the
    same: when and by whom the dossier was received, the due date it was given, the reason for the
    delay, the apology and the new date, signed by the head of the body.
    """

    body: IssuingBody
    body_label: str  # the body's name as written in a sentence ("Ủy ban nhân dân Phường Hoàn Kiếm")
    number: str
    issued_at: datetime
    dossier_code: str
    applicant: Applicant
    request: str
    received_at: datetime
    due_at: datetime  # the due date the applicant was given before this apology
    reason: str
    new_due_at: datetime
    signer_name: str
    signer_position: str = ""  # chức danh of the head who signs
    addressee: str = "Ông/Bà"  # "Ông/Bà" for a person, "Tổ chức" for an organisation

    def __post_init__(self) -> None:
        _require_aware(
            self, issued_at=self.issued_at, received_at=self.received_at, due_at=self.due_at, new_due_at=self.new_due_at
        )
        if not self.reason.strip():
            raise ValueError("ApologyData.reason must not be empty")
