"""Vietnamese messages for the API's input validation errors (pydantic's are English).

Each error keeps pydantic's machine-readable ``type`` and ``loc``; ``msg`` is ours, in the request's
language (Vietnamese by default, English through the catalogue), filled from pydantic's ``ctx``. A
type not listed here gets a general message rather than pydantic's English text.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

# pydantic-core error type -> message; %(name)s placeholders are keys of the error's ctx.
MESSAGES: dict[str, str] = {
    "missing": N_("Thiếu trường bắt buộc."),
    "missing_argument": N_("Thiếu trường bắt buộc."),
    "extra_forbidden": N_("Trường này không được phép."),
    "unexpected_keyword_argument": N_("Trường này không được phép."),
    "json_invalid": N_("Dữ liệu JSON không hợp lệ."),
    "json_type": N_("Dữ liệu JSON không hợp lệ."),
    "none_required": N_("Trường này phải để trống (null)."),
    "string_type": N_("Phải là một chuỗi ký tự."),
    "string_unicode": N_("Phải là một chuỗi ký tự Unicode hợp lệ."),
    "string_too_short": N_("Phải có ít nhất %(min_length)s ký tự."),
    "string_too_long": N_("Chỉ được có tối đa %(max_length)s ký tự."),
    "string_pattern_mismatch": N_("Không đúng định dạng (mẫu %(pattern)s)."),
    "string_not_ascii": N_("Chỉ được dùng ký tự ASCII."),
    "int_type": N_("Phải là một số nguyên."),
    "int_parsing": N_("Phải là một số nguyên."),
    "int_parsing_size": N_("Số nguyên quá lớn."),
    "int_from_float": N_("Phải là một số nguyên, không có phần thập phân."),
    "float_type": N_("Phải là một số."),
    "float_parsing": N_("Phải là một số."),
    "finite_number": N_("Phải là một số hữu hạn."),
    "decimal_type": N_("Phải là một số."),
    "decimal_parsing": N_("Phải là một số."),
    "decimal_max_digits": N_("Chỉ được có tối đa %(max_digits)s chữ số."),
    "decimal_max_places": N_("Chỉ được có tối đa %(decimal_places)s chữ số thập phân."),
    "decimal_whole_digits": N_("Chỉ được có tối đa %(whole_digits)s chữ số phần nguyên."),
    "greater_than": N_("Phải lớn hơn %(gt)s."),
    "greater_than_equal": N_("Phải lớn hơn hoặc bằng %(ge)s."),
    "less_than": N_("Phải nhỏ hơn %(lt)s."),
    "less_than_equal": N_("Phải nhỏ hơn hoặc bằng %(le)s."),
    "multiple_of": N_("Phải là bội số của %(multiple_of)s."),
    "bool_type": N_("Phải là true hoặc false."),
    "bool_parsing": N_("Phải là true hoặc false."),
    "list_type": N_("Phải là một danh sách."),
    "tuple_type": N_("Phải là một danh sách."),
    "set_type": N_("Phải là một danh sách không trùng lặp."),
    "iterable_type": N_("Phải là một danh sách."),
    "dict_type": N_("Phải là một đối tượng JSON."),
    "mapping_type": N_("Phải là một đối tượng JSON."),
    "model_type": N_("Phải là một đối tượng JSON."),
    "model_attributes_type": N_("Phải là một đối tượng JSON."),
    "dataclass_type": N_("Phải là một đối tượng JSON."),
    "too_short": N_("Phải có ít nhất %(min_length)s phần tử."),
    "too_long": N_("Chỉ được có tối đa %(max_length)s phần tử."),
    "literal_error": N_("Phải là một trong các giá trị: %(expected)s."),
    "enum": N_("Phải là một trong các giá trị: %(expected)s."),
    "date_type": N_("Phải là một ngày theo dạng YYYY-MM-DD."),
    "date_parsing": N_("Phải là một ngày theo dạng YYYY-MM-DD."),
    "date_from_datetime_parsing": N_("Phải là một ngày theo dạng YYYY-MM-DD."),
    "date_from_datetime_inexact": N_("Phải là một ngày, không kèm giờ."),
    "date_past": N_("Phải là một ngày trong quá khứ."),
    "date_future": N_("Phải là một ngày trong tương lai."),
    "time_type": N_("Phải là một giờ theo dạng HH:MM[:SS]."),
    "time_parsing": N_("Phải là một giờ theo dạng HH:MM[:SS]."),
    "datetime_type": N_("Phải là một thời điểm theo ISO 8601, ví dụ 2026-11-30T10:00:00+07:00."),
    "datetime_parsing": N_("Phải là một thời điểm theo ISO 8601, ví dụ 2026-11-30T10:00:00+07:00."),
    "datetime_from_date_parsing": N_("Phải là một thời điểm theo ISO 8601, ví dụ 2026-11-30T10:00:00+07:00."),
    "datetime_object_invalid": N_("Phải là một thời điểm theo ISO 8601, ví dụ 2026-11-30T10:00:00+07:00."),
    "datetime_past": N_("Phải là một thời điểm trong quá khứ."),
    "datetime_future": N_("Phải là một thời điểm trong tương lai."),
    "timezone_naive": N_("Không được kèm múi giờ."),
    "timezone_aware": N_("Phải kèm múi giờ, ví dụ +07:00."),
    "timezone_offset": N_("Phải có múi giờ %(tz_expected)s."),
    "time_delta_type": N_("Phải là một khoảng thời gian theo ISO 8601, ví dụ P3D."),
    "time_delta_parsing": N_("Phải là một khoảng thời gian theo ISO 8601, ví dụ P3D."),
    "url_type": N_("Phải là một địa chỉ URL."),
    "url_parsing": N_("Phải là một địa chỉ URL hợp lệ."),
    "url_syntax_violation": N_("Phải là một địa chỉ URL hợp lệ."),
    "url_too_long": N_("Địa chỉ URL chỉ được có tối đa %(max_length)s ký tự."),
    "url_scheme": N_("Địa chỉ URL phải bắt đầu bằng %(expected_schemes)s."),
    "uuid_type": N_("Phải là một UUID."),
    "uuid_parsing": N_("Phải là một UUID hợp lệ."),
    "bytes_type": N_("Phải là dữ liệu nhị phân."),
    "bytes_too_short": N_("Phải có ít nhất %(min_length)s byte."),
    "bytes_too_long": N_("Chỉ được có tối đa %(max_length)s byte."),
    "union_tag_invalid": N_("Loại của đối tượng JSON không hợp lệ."),
    "union_tag_not_found": N_("Thiếu trường cho biết loại đối tượng."),
    "value_error": N_("Giá trị không hợp lệ."),
    "assertion_error": N_("Giá trị không hợp lệ."),
}
GENERAL = N_("Giá trị không hợp lệ.")

# Messages django-ninja raises itself as HttpError (English) -> ours.
NINJA_MESSAGES: dict[str, str] = {
    "Cannot parse request body": N_("Không đọc được dữ liệu gửi lên: nội dung không phải JSON hợp lệ."),
    "CSRF check Failed": N_("Yêu cầu bị từ chối: thiếu hoặc sai mã chống giả mạo (CSRF)."),
}


def _context_value(value: Any) -> str:
    text = str(value)
    # pydantic lists choices as "'a', 'b' or 'c'": keep the values, drop the English "or".
    return text.replace("' or '", "', '")


def message_for(error: dict[str, Any]) -> str:
    """Return the message of one pydantic error in the active language (the ``type`` decides it)."""
    template = MESSAGES.get(str(error.get("type", "")), GENERAL)
    ctx = error.get("ctx") or {}
    try:
        return _(template) % {str(k): _context_value(v) for k, v in ctx.items()} if "%(" in template else _(template)
    except (KeyError, ValueError, TypeError):
        return _(GENERAL)


def clean_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the errors as the API answers them: ``loc`` and ``type`` as pydantic gives them, our ``msg``."""
    return [{"loc": list(e.get("loc", [])), "msg": message_for(e), "type": str(e.get("type", ""))} for e in errors]


def ninja_message(message: str) -> str:
    """Return django-ninja's own error message in the active language (known ones), else as it is."""
    head = message.split(" (", 1)[0]  # with DEBUG, ninja appends the parser's exception in brackets
    return _(NINJA_MESSAGES[head]) if head in NINJA_MESSAGES else message
