"""Which document type a procedure's result is, so a result in the store matches later requirements.

The catalogue names a result in words (``Procedure.result_type``) but gives it no code; the document
requirements of other procedures use codes (``catalogue.DocumentRequirement.code``). This table
maps a procedure to the requirement code its result satisfies. Extend it with the catalogue.
"""

from __future__ import annotations

# procedure code -> document type code of its result
RESULT_DOCUMENT_CODES: dict[str, str] = {
    "1.001193": "giay-khai-sinh",  # Đăng ký khai sinh → Giấy khai sinh
    "2.000986": "giay-khai-sinh",  # liên thông khai sinh, thường trú, BHYT → Giấy khai sinh
}


def result_code(procedure_code: str) -> str:
    return RESULT_DOCUMENT_CODES.get(procedure_code, "")
