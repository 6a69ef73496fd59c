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


# requirement code -> the other document types that satisfy it. A birth certificate proves the
# relationship of a child to the parent who is the head of the household (Đăng ký thường trú 1.004222,
# "Giấy tờ chứng minh quan hệ nhân thân với chủ hộ").
ACCEPTED_FOR: dict[str, frozenset[str]] = {
    "quan-he-nhan-than": frozenset({"giay-khai-sinh"}),
}


def result_code(procedure_code: str) -> str:
    return RESULT_DOCUMENT_CODES.get(procedure_code, "")


def codes_for(requirement_code: str) -> list[str]:
    """The document type codes of stored items that may be taken for ``requirement_code``."""
    return sorted({requirement_code, *ACCEPTED_FOR.get(requirement_code, frozenset())})


def fits(document_code: str, requirement_code: str) -> bool:
    return bool(document_code) and document_code in codes_for(requirement_code)
