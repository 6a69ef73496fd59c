"""A test procedure whose fee multiplies by a form field, like the judicial record (3.000333): 200,000 đ,
plus 5,000 đ per copy from the third; paid before processing. Three copies cost 205,000 đ."""

from __future__ import annotations

from typing import Any

from motcua.catalogue.services.importing import import_catalogue
from tests.helpers import CATALOGUE

FEE_PROCEDURE: dict[str, Any] = {
    "code": "T.003",
    "name": "Cấp phiếu thử nghiệm có phí",
    "field": "T-HT",
    "implementing_level": "commune",
    "applicant_types": ["citizen"],
    "online_level": "full",
    "payment_before_processing": True,
    "processing_time": {"unit": "working_days", "amount": "10"},
    "result_type": "Phiếu thử nghiệm",
    "form_fields": [
        {"name": "muc_dich", "label": "Mục đích sử dụng", "type": "text", "required": True},
        {"name": "so_luong_phieu", "label": "Số lượng phiếu", "type": "number", "required": True},
    ],
    "documents": [{"code": "TK", "name": "Tờ khai", "form": "original", "count": 1, "required": True}],
    "fees": [
        {
            "kind": "charge",
            "name": "Phí cung cấp thông tin",
            "amount": 200000,
            "rule": "200.000 đồng/lần/người (Thông tư 244/2016/TT-BTC).",
        },
        {
            "kind": "charge",
            "name": "Phí cấp thêm phiếu",
            "amount": 5000,
            "rule": "Từ phiếu thứ 3 trở đi: 5.000 đồng/phiếu.",
            "quantity_field": "so_luong_phieu",
            "free_quantity": 2,
        },
    ],
}


def import_fee_procedure() -> None:
    """Add T.003 to the test catalogue (T.001 and T.002 stay as they are)."""
    import_catalogue({**CATALOGUE, "procedures": [*CATALOGUE["procedures"], FEE_PROCEDURE]})
