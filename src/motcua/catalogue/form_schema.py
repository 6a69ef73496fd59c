"""The declaration form (tờ khai) of a procedure: field specs and the data an applicant enters.

A procedure version keeps its form as a JSON list of field specs (``ProcedureVersion.form_fields``)::

    {"name": "ho_ten_tre", "label": "Họ, chữ đệm, tên của trẻ", "type": "text",
     "required": true, "max_length": 100}

``name`` is a snake_case identifier, unique within the form; ``type`` is one of ``FIELD_TYPES``;
``choices`` (a list of strings) is given for ``select`` only; ``max_length`` only for the text-like
types. ``validate_field_specs`` checks a form when the catalogue is imported; ``validate_form_data``
checks and cleans what an applicant submits under it. Both are pure functions (no database).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from motcua.core.errors import ValidationError

FIELD_TYPES = ("text", "textarea", "date", "number", "select", "checkbox", "email", "phone")
TEXT_TYPES = ("text", "textarea", "email", "phone")
SPEC_KEYS = ("name", "label", "type", "required", "choices", "max_length")

# Upper bounds applied when a spec gives no max_length, so no field can carry unbounded text.
DEFAULT_MAX_LENGTH = {"text": 500, "textarea": 5000, "email": 254, "phone": 20}
MAX_NAME_LENGTH = 64
NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
PHONE_RE = re.compile(r"^\+?\d{8,15}$")
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
_TRUE = {"true", "1", "on", "yes", "co", "có"}
_FALSE = {"false", "0", "off", "no", "khong", "không"}

SpecError = tuple[str, str]  # (path relative to the spec list, e.g. "[2].type", message)


def field_spec_errors(specs: Any) -> list[SpecError]:
    """Return every problem of a list of field specs as ``(path, message)``; empty when valid.

    Paths are relative to the list (``"[2].choices"``) so callers can prefix them.
    """
    if not isinstance(specs, list):
        return [("", _("Phải là một danh sách các trường thông tin."))]
    errors: list[SpecError] = []
    seen: set[str] = set()
    for i, spec in enumerate(specs):
        at = f"[{i}]"
        if not isinstance(spec, dict):
            errors.append((at, _("Mỗi trường thông tin phải là một đối tượng JSON.")))
            continue
        for key in spec:
            if key not in SPEC_KEYS:
                errors.append((f"{at}.{key}", _("Khóa không được hỗ trợ.")))
        name = spec.get("name")
        if not isinstance(name, str) or not NAME_RE.match(name) or len(name) > MAX_NAME_LENGTH:
            errors.append((f"{at}.name", _("Tên trường phải viết thường không dấu, dạng snake_case "
                                           "(chữ a-z, số, dấu gạch dưới), tối đa 64 ký tự.")))
        elif name in seen:
            errors.append((f"{at}.name", _("Tên trường bị trùng: %(name)s.") % {"name": name}))
        else:
            seen.add(name)
        label = spec.get("label")
        if not isinstance(label, str) or not label.strip():
            errors.append((f"{at}.label", _("Nhãn trường là bắt buộc.")))
        kind = spec.get("type")
        if kind not in FIELD_TYPES:
            errors.append((f"{at}.type", _("Kiểu trường không hợp lệ; cho phép: %(allowed)s.")
                           % {"allowed": ", ".join(FIELD_TYPES)}))
        if "required" in spec and not isinstance(spec["required"], bool):
            errors.append((f"{at}.required", _("Phải là true hoặc false.")))
        if kind == "select":
            choices = spec.get("choices")
            if (not isinstance(choices, list) or not choices
                    or not all(isinstance(c, str) and c.strip() for c in choices)):
                errors.append((f"{at}.choices", _("Trường chọn phải có danh sách lựa chọn (chuỗi không rỗng).")))
            elif len({c.strip() for c in choices}) != len(choices):
                errors.append((f"{at}.choices", _("Danh sách lựa chọn có giá trị trùng.")))
        elif "choices" in spec:
            errors.append((f"{at}.choices", _("Chỉ trường kiểu select mới có danh sách lựa chọn.")))
        if "max_length" in spec:
            max_length = spec["max_length"]
            if kind not in TEXT_TYPES:
                errors.append((f"{at}.max_length", _("Chỉ trường văn bản mới có độ dài tối đa.")))
            elif isinstance(max_length, bool) or not isinstance(max_length, int) or max_length < 1:
                errors.append((f"{at}.max_length", _("Độ dài tối đa phải là số nguyên dương.")))
    return errors


def validate_field_specs(specs: Any) -> None:
    """Raise ``ValidationError(code="invalid_form_fields")`` listing every problem of ``specs``."""
    errors = field_spec_errors(specs)
    if errors:
        raise ValidationError(
            _("Cấu hình tờ khai không hợp lệ."), code="invalid_form_fields",
            details={"errors": [{"path": path, "message": message} for path, message in errors]},
        )


def normalize_field_specs(specs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return valid ``specs`` in canonical form (fixed key order, ``required`` filled in).

    Call only after ``field_spec_errors`` found nothing. Two forms that mean the same thing
    normalise to equal lists, which is how an import tells an unchanged form from a new one.
    """
    result = []
    for spec in specs:
        out: dict[str, Any] = {
            "name": spec["name"],
            "label": spec["label"].strip(),
            "type": spec["type"],
            "required": bool(spec.get("required", False)),
        }
        if spec["type"] == "select":
            out["choices"] = [c.strip() for c in spec["choices"]]
        if "max_length" in spec:
            out["max_length"] = spec["max_length"]
        result.append(out)
    return result


def validate_form_data(specs: list[dict[str, Any]], data: Any) -> dict[str, Any]:
    """Check what an applicant entered against the form and return the cleaned values.

    Cleaned values: text stripped; dates as ISO ``YYYY-MM-DD`` (``DD/MM/YYYY`` is accepted);
    numbers as ``int`` when whole, else the decimal as a string; checkboxes as ``bool`` (an absent
    checkbox is ``False``); phones without separators. Optional fields left empty are omitted.
    Raise ``ValidationError(code="invalid_form_data", details={"fields": {name: message}})``
    naming every bad field at once: missing required, unknown key, wrong type, value outside
    the choices, too long. ``specs`` must already be valid (``validate_field_specs``).
    """
    if not isinstance(data, dict):
        raise ValidationError(_("Thông tin tờ khai chưa hợp lệ."), code="invalid_form_data",
                              details={"fields": {"": _("Dữ liệu tờ khai phải là một đối tượng.")}})
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    known = {spec["name"] for spec in specs}
    for key in data:
        if key not in known:
            errors[str(key)] = _("Trường này không có trong tờ khai.")
    for spec in specs:
        name = spec["name"]
        kind = spec["type"]
        required = bool(spec.get("required", False))
        value = data.get(name)
        if kind == "checkbox":
            flag = _to_bool(value)
            if flag is None:
                errors[name] = _("Giá trị phải là đúng hoặc sai.")
            elif required and not flag:
                errors[name] = _("Vui lòng đánh dấu vào ô này.")
            else:
                cleaned[name] = flag
            continue
        if _is_empty(value):
            if required:
                errors[name] = _("Vui lòng nhập thông tin này.")
            continue
        try:
            cleaned[name] = _clean_value(spec, value)
        except _FieldError as exc:
            errors[name] = exc.message
    if errors:
        raise ValidationError(_("Thông tin tờ khai chưa hợp lệ."), code="invalid_form_data",
                              details={"fields": errors})
    return cleaned


class _FieldError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _to_bool(value: Any) -> bool | None:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        folded = value.strip().lower()
        if folded in _TRUE:
            return True
        if folded in _FALSE or folded == "":
            return False
    return None


def _clean_value(spec: dict[str, Any], value: Any) -> Any:
    kind = spec["type"]
    if kind in TEXT_TYPES or kind == "select":
        if not isinstance(value, str):
            raise _FieldError(_("Giá trị phải là chuỗi ký tự."))
        text = value.strip()
        if kind == "select":
            if text not in spec["choices"]:
                raise _FieldError(_("Giá trị không nằm trong các lựa chọn: %(choices)s.")
                                  % {"choices": ", ".join(spec["choices"])})
            return text
        limit = spec.get("max_length", DEFAULT_MAX_LENGTH[kind])
        if kind == "phone":
            text = _PHONE_SEPARATORS.sub("", text)
        if len(text) > limit:
            raise _FieldError(_("Tối đa %(limit)s ký tự (đã nhập %(count)s).")
                              % {"limit": limit, "count": len(text)})
        if kind == "email":
            try:
                validate_email(text)
            except DjangoValidationError as exc:
                raise _FieldError(_("Địa chỉ thư điện tử không hợp lệ.")) from exc
        if kind == "phone" and not PHONE_RE.match(text):
            raise _FieldError(_("Số điện thoại không hợp lệ."))
        return text
    if kind == "date":
        return _clean_date(value)
    if kind == "number":
        return _clean_number(value)
    raise _FieldError(_("Kiểu trường không được hỗ trợ."))  # unreachable with valid specs


def _clean_date(value: Any) -> str:
    if isinstance(value, datetime):
        raise _FieldError(_("Ngày không hợp lệ (định dạng YYYY-MM-DD hoặc DD/MM/YYYY)."))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        text = value.strip()
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.strptime(text, fmt).date().isoformat()
            except ValueError:
                continue
    raise _FieldError(_("Ngày không hợp lệ (định dạng YYYY-MM-DD hoặc DD/MM/YYYY)."))


def _clean_number(value: Any) -> int | str:
    if isinstance(value, bool):
        raise _FieldError(_("Giá trị phải là một số."))
    if isinstance(value, int):
        return value
    if isinstance(value, (float, Decimal, str)):
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation as exc:
            raise _FieldError(_("Giá trị phải là một số.")) from exc
        if not number.is_finite():
            raise _FieldError(_("Giá trị phải là một số."))
        if number == number.to_integral_value():
            return int(number)
        return format(number, "f")
    raise _FieldError(_("Giá trị phải là một số."))
