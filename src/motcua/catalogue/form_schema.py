"""The declaration form (tờ khai) of a procedure: field specs and the data an applicant enters.

A procedure version keeps its form as a JSON list of field specs (``ProcedureVersion.form_fields``)::

    {"name": "ngay_sinh", "label": "Ngày, tháng, năm sinh", "type": "date", "required": true,
     "max": "today"}

``name`` is a snake_case identifier, unique within the form; ``type`` is one of ``FIELD_TYPES``.
Optional keys: ``choices`` (strings) or ``code_list`` (a national list, ``catalogue.code_lists``)
for ``select``; ``max_length`` for the free-text types; ``min``/``max`` for ``number`` (numbers)
and ``date`` (``"today"`` or ``YYYY-MM-DD``); ``integer`` for ``number``; ``source`` for a field
whose value is the applicant's (``"applicant.phone"`` …): such a field is not asked in the form,
the submission fills it from the applicant data (chủ hồ sơ) given in step 1; or a national
register's datum (``"population.birth_date"``, ``REGISTER_SOURCES``): such a field is asked, and
the portal and the counter can prefill it from a lookup (``registers/``), marked verified.

``field_spec_errors`` checks a form when the catalogue is imported; ``validate_form_data`` checks
and cleans what an applicant submits under it, with Vietnamese messages that name the field. Both
are pure functions (no database); dates are compared with today in Vietnam (``core.clock``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from motcua.accounts.identity import personal_id_problem
from motcua.catalogue.code_lists import CODE_LISTS, code_list, names_of
from motcua.core import clock
from motcua.core.contact import compact_phone, is_email, is_vn_phone
from motcua.core.dates import parse_date
from motcua.core.errors import ValidationError

FIELD_TYPES = ("text", "textarea", "date", "number", "select", "checkbox", "email", "phone", "personal_id")
TEXT_TYPES = ("text", "textarea", "email", "phone", "personal_id")  # string values, stripped
LENGTH_TYPES = ("text", "textarea", "email", "phone")  # may carry max_length
SPEC_KEYS = (
    "name",
    "label",
    "type",
    "required",
    "choices",
    "code_list",
    "max_length",
    "min",
    "max",
    "integer",
    "source",
)
# source -> the types a field filled from that applicant datum may have
SOURCES: dict[str, tuple[str, ...]] = {
    "applicant.name": ("text",),
    "applicant.id_number": ("personal_id", "text"),
    "applicant.phone": ("phone",),
    "applicant.email": ("email",),
    "applicant.address": ("text", "textarea"),
}
# source -> the types a field prefilled from a national register may have (``registers/``: the
# lookup through the data-sharing gateway). Unlike ``applicant.*`` such a field is asked: the
# person may fill it from the register ("Lấy thông tin" / "Tra cứu") or type it. ``*.enterprise_code``
# and ``land.parcel`` are the keys the person types before "Tra cứu"; a population lookup's key is
# the logged-in citizen's own personal ID (or, at the counter, the applicant's).
REGISTER_SOURCES: dict[str, tuple[str, ...]] = {
    "population.name": ("text",),
    "population.birth_date": ("date",),
    "population.sex": ("select", "text"),
    "population.permanent_address": ("text", "textarea"),
    "population.household": ("textarea", "text"),
    "business.enterprise_code": ("text",),
    "business.name": ("text",),
    "business.address": ("text", "textarea"),
    "business.legal_representative": ("text",),
    "business.status": ("text",),
    "land.parcel": ("text",),
    "land.owner": ("text",),
    "land.area": ("number", "text"),
    "land.land_use": ("text", "textarea"),
}
REGISTER_KEYS = {"business": "business.enterprise_code", "land": "land.parcel"}  # typed before "Tra cứu"
ALL_SOURCES: dict[str, tuple[str, ...]] = {**SOURCES, **REGISTER_SOURCES}
TODAY = "today"

# Upper bounds applied when a spec gives no max_length, so no field can carry unbounded text.
DEFAULT_MAX_LENGTH = {"text": 500, "textarea": 5000, "email": 254, "phone": 20, "personal_id": 12}
MAX_NAME_LENGTH = 64
NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRUE = {"true", "1", "on", "yes", "co", "có"}
_FALSE = {"false", "0", "off", "no", "khong", "không"}

SpecError = tuple[str, str]  # (path relative to the spec list, e.g. "[2].type", message)


# C901: one check per rule of a field specification, each one message; a flat list reads best.
def field_spec_errors(specs: Any) -> list[SpecError]:  # noqa: C901
    """Return every problem of a list of field specs as ``(path, message)``; empty when valid.

    Paths are relative to the list (``"[2].choices"``) so callers can prefix them.
    """
    if not isinstance(specs, list):
        return [("", _("Phải là một danh sách các trường thông tin."))]
    errors: list[SpecError] = []
    seen: set[str] = set()
    sources: set[str] = set()
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
            errors.append(
                (
                    f"{at}.name",
                    _(
                        "Tên trường phải viết thường không dấu, dạng snake_case "
                        "(chữ a-z, số, dấu gạch dưới), tối đa 64 ký tự."
                    ),
                )
            )
        elif name in seen:
            errors.append((f"{at}.name", _("Tên trường bị trùng: %(name)s.") % {"name": name}))
        else:
            seen.add(name)
        label = spec.get("label")
        if not isinstance(label, str) or not label.strip():
            errors.append((f"{at}.label", _("Nhãn trường là bắt buộc.")))
        kind = spec.get("type")
        if kind not in FIELD_TYPES:
            errors.append(
                (
                    f"{at}.type",
                    _("Kiểu trường không hợp lệ; cho phép: %(allowed)s.") % {"allowed": ", ".join(FIELD_TYPES)},
                )
            )
        if "required" in spec and not isinstance(spec["required"], bool):
            errors.append((f"{at}.required", _("Phải là true hoặc false.")))
        errors.extend(_choice_errors(spec, kind, at))
        if "max_length" in spec:
            max_length = spec["max_length"]
            if kind not in LENGTH_TYPES:
                errors.append((f"{at}.max_length", _("Chỉ trường văn bản mới có độ dài tối đa.")))
            elif isinstance(max_length, bool) or not isinstance(max_length, int) or max_length < 1:
                errors.append((f"{at}.max_length", _("Độ dài tối đa phải là số nguyên dương.")))
        errors.extend(_bound_errors(spec, kind, at))
        if "source" in spec:
            source = spec["source"]
            if source not in ALL_SOURCES:
                errors.append(
                    (
                        f"{at}.source",
                        _("Nguồn dữ liệu không hợp lệ; cho phép: %(allowed)s.") % {"allowed": ", ".join(ALL_SOURCES)},
                    )
                )
            elif kind not in ALL_SOURCES[source]:
                errors.append(
                    (
                        f"{at}.source",
                        _("Trường lấy từ %(source)s phải có kiểu: %(types)s.")
                        % {"source": source, "types": ", ".join(ALL_SOURCES[source])},
                    )
                )
            elif source in sources:
                errors.append((f"{at}.source", _("Hai trường cùng lấy từ %(source)s.") % {"source": source}))
            else:
                sources.add(source)
    for register, key in REGISTER_KEYS.items():
        if any(s.startswith(register + ".") and s != key for s in sources) and key not in sources:
            errors.append(
                (
                    "",
                    _("Trường lấy từ %(register)s.* cần một trường khóa có nguồn %(key)s.")
                    % {"register": register, "key": key},
                )
            )
    return errors


def _choice_errors(spec: dict[str, Any], kind: Any, at: str) -> list[SpecError]:
    errors: list[SpecError] = []
    if kind != "select":
        for key in ("choices", "code_list"):
            if key in spec:
                errors.append((f"{at}.{key}", _("Chỉ trường kiểu select mới có danh sách lựa chọn.")))
        return errors
    if "code_list" in spec:
        if "choices" in spec:
            errors.append((f"{at}.choices", _("Dùng choices hoặc code_list, không dùng cả hai.")))
        if spec["code_list"] not in CODE_LISTS:
            errors.append(
                (f"{at}.code_list", _("Danh mục không có; cho phép: %(allowed)s.") % {"allowed": ", ".join(CODE_LISTS)})
            )
        return errors
    choices = spec.get("choices")
    if not isinstance(choices, list) or not choices or not all(isinstance(c, str) and c.strip() for c in choices):
        errors.append((f"{at}.choices", _("Trường chọn phải có danh sách lựa chọn (chuỗi không rỗng).")))
    elif len({c.strip() for c in choices}) != len(choices):
        errors.append((f"{at}.choices", _("Danh sách lựa chọn có giá trị trùng.")))
    return errors


def _bound_errors(spec: dict[str, Any], kind: Any, at: str) -> list[SpecError]:
    errors: list[SpecError] = []
    if "integer" in spec:
        if kind != "number":
            errors.append((f"{at}.integer", _("Chỉ trường số mới có thuộc tính integer.")))
        elif not isinstance(spec["integer"], bool):
            errors.append((f"{at}.integer", _("Phải là true hoặc false.")))
    bounds: dict[str, Any] = {}
    for key in ("min", "max"):
        if key not in spec:
            continue
        value = spec[key]
        if kind == "number":
            if isinstance(value, bool) or not isinstance(value, int | float):
                errors.append((f"{at}.{key}", _("Giới hạn của trường số phải là một số.")))
            else:
                bounds[key] = Decimal(str(value))
        elif kind == "date":
            if value == TODAY:
                bounds[key] = None  # relative: no fixed order to check
            elif isinstance(value, str) and _ISO_DATE.match(value) and _iso_date(value) is not None:
                bounds[key] = _iso_date(value)
            else:
                errors.append((f"{at}.{key}", _('Giới hạn của trường ngày phải là "today" hoặc YYYY-MM-DD.')))
        else:
            errors.append((f"{at}.{key}", _("Chỉ trường số hoặc ngày mới có giới hạn min, max.")))
    low, high = bounds.get("min"), bounds.get("max")
    if low is not None and high is not None and low > high:
        errors.append((f"{at}.min", _("Giá trị min lớn hơn max.")))
    return errors


def _iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def validate_field_specs(specs: Any) -> None:
    """Raise ``ValidationError(code="invalid_form_fields")`` listing every problem of ``specs``."""
    errors = field_spec_errors(specs)
    if errors:
        raise ValidationError(
            _("Cấu hình tờ khai không hợp lệ."),
            code="invalid_form_fields",
            details={"errors": [{"path": path, "message": message} for path, message in errors]},
        )


def normalize_field_specs(specs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return valid ``specs`` in canonical form (fixed key order, ``required`` filled in).

    Call only after ``field_spec_errors`` found nothing. Two forms that mean the same thing
    normalise to equal lists, which is how an import tells an unchanged form from a new one.
    Optional keys are present only when set (``integer`` only when true).
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
            if "code_list" in spec:
                out["code_list"] = spec["code_list"]
            else:
                out["choices"] = [c.strip() for c in spec["choices"]]
        for key in ("max_length", "min", "max"):
            if key in spec:
                out[key] = spec[key]
        if spec.get("integer"):
            out["integer"] = True
        if "source" in spec:
            out["source"] = spec["source"]
        result.append(out)
    return result


def is_applicant_source(spec: dict[str, Any]) -> bool:
    """Whether the field is filled from the applicant data (``applicant.*``), so not asked."""
    return str(spec.get("source") or "").startswith("applicant.")


def register_source(spec: dict[str, Any]) -> tuple[str, str] | None:
    """``(register, field)`` of a field prefilled from a national register (``population.name``), else None."""
    source = str(spec.get("source") or "")
    if source not in REGISTER_SOURCES:
        return None
    register, _dot, field = source.partition(".")
    return register, field


def asked_fields(specs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The specs a person fills in: every field not filled from the applicant data.

    Fields with a register source are asked (prefilled from the register, or typed by hand).
    """
    return [spec for spec in specs if not is_applicant_source(spec)]


def required_applicant_fields(specs: list[dict[str, Any]]) -> dict[str, str]:
    """Return ``{applicant key: field label}`` of the applicant data that a required field needs."""
    return {
        spec["source"].removeprefix("applicant."): spec["label"]
        for spec in specs
        if is_applicant_source(spec) and spec.get("required")
    }


def choice_names(spec: dict[str, Any]) -> tuple[str, ...]:
    """The values a ``select`` field accepts, in display order (its choices or its code list)."""
    if spec.get("code_list"):
        return code_list(spec["code_list"]).names
    return tuple(spec.get("choices", ()))


# C901: one check per field type and rule, in the order the messages are shown; split, it hides the order.
def validate_form_data(  # noqa: C901
    specs: list[dict[str, Any]], data: Any, *, applicant: Mapping[str, str] | None = None, today: date | None = None
) -> dict[str, Any]:
    """Check what an applicant entered against the form and return the cleaned values.

    Cleaned values: text stripped; dates as ISO ``YYYY-MM-DD`` (``DD/MM/YYYY`` is accepted);
    numbers as ``int`` when whole, else the decimal as a string; checkboxes as ``bool`` (an absent
    checkbox is ``False``); phones without separators. Optional fields left empty are omitted.
    A field with a ``source`` takes its value from ``applicant`` (keys ``name``, ``id_number``,
    ``phone``, ``email``, ``address``); a different value for it in ``data`` is refused. Without
    ``applicant`` such fields are left out (a check of the typed part only).
    Raise ``ValidationError(code="invalid_form_data", details={"fields": {name: message}})``
    naming every bad field at once, each message naming its field: missing required, unknown
    key, wrong type, value outside the choices or the list, too long, outside min/max, a date
    after today where the form forbids it. ``specs`` must already be valid (``validate_field_specs``).
    """
    if not isinstance(data, dict):
        raise ValidationError(
            _("Thông tin tờ khai chưa hợp lệ."),
            code="invalid_form_data",
            details={"fields": {"": _("Dữ liệu tờ khai phải là một đối tượng.")}},
        )
    today = today or clock.local_now().date()
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    known = {spec["name"] for spec in specs}
    for key in data:
        if key not in known:
            errors[str(key)] = _("Trường này không có trong tờ khai.")
    for spec in specs:
        name = spec["name"]
        kind = spec["type"]
        label = spec["label"]
        required = bool(spec.get("required", False))
        value = data.get(name)
        if is_applicant_source(spec):
            if applicant is None:
                continue
            given = value
            value = applicant.get(spec["source"].removeprefix("applicant."), "")
            if not _is_empty(given) and _comparable(given) != _comparable(value):
                errors[name] = _("“%(label)s” được lấy từ thông tin chủ hồ sơ; hãy sửa ở phần chủ hồ sơ.") % {
                    "label": label
                }
                continue
            if _is_empty(value):
                if required:
                    errors[name] = _("Vui lòng nhập “%(label)s” ở phần chủ hồ sơ.") % {"label": label}
                continue
        if kind == "checkbox":
            flag = _to_bool(value)
            if flag is None:
                errors[name] = _("“%(label)s”: giá trị phải là đúng hoặc sai.") % {"label": label}
            elif required and not flag:
                errors[name] = _("Vui lòng đánh dấu “%(label)s”.") % {"label": label}
            else:
                cleaned[name] = flag
            continue
        if _is_empty(value):
            if required:
                message = _("Vui lòng chọn “%(label)s”.") if kind == "select" else _("Vui lòng nhập “%(label)s”.")
                errors[name] = message % {"label": label}
            continue
        try:
            cleaned[name] = _clean_value(spec, value, today)
        except _FieldError as exc:
            errors[name] = exc.message
    if errors:
        raise ValidationError(_("Thông tin tờ khai chưa hợp lệ."), code="invalid_form_data", details={"fields": errors})
    return cleaned


class _FieldError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _comparable(value: Any) -> str:
    return compact_phone(str(value)).lower()


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


def _list_name(code: str) -> str:
    return {"ethnicity": _("danh mục 54 dân tộc"), "nationality": _("danh mục quốc gia, vùng lãnh thổ")}[code]


def _clean_value(spec: dict[str, Any], value: Any, today: date) -> Any:
    kind = spec["type"]
    label = {"label": spec["label"]}
    if kind in TEXT_TYPES or kind == "select":
        if not isinstance(value, str):
            raise _FieldError(_("“%(label)s” phải là chuỗi ký tự.") % label)
        text = value.strip()
        if kind == "select":
            return _clean_choice(spec, text)
        if kind == "phone":
            text = compact_phone(text)
        limit = spec.get("max_length", DEFAULT_MAX_LENGTH[kind])
        if kind != "personal_id" and len(text) > limit:
            raise _FieldError(
                _("“%(label)s” tối đa %(limit)s ký tự (đã nhập %(count)s).")
                % {**label, "limit": limit, "count": len(text)}
            )
        if kind == "email" and not is_email(text):
            raise _FieldError(_("“%(label)s” không phải địa chỉ thư điện tử hợp lệ (ví dụ: ten@example.vn).") % label)
        if kind == "phone" and not is_vn_phone(text):
            raise _FieldError(
                _(
                    "“%(label)s” không phải số điện thoại hợp lệ: di động gồm 10 chữ số (ví dụ "
                    "0912345678), cố định gồm 11 chữ số (ví dụ 02438253536)."
                )
                % label
            )
        if kind == "personal_id":
            _check_personal_id(text, label, today)
        return text
    if kind == "date":
        return _clean_date(spec, value, today)
    if kind == "number":
        return _clean_number(spec, value)
    raise _FieldError(_("Kiểu trường không được hỗ trợ."))  # unreachable with valid specs


def _clean_choice(spec: dict[str, Any], text: str) -> str:
    label = spec["label"]
    shown = text if len(text) <= 60 else text[:57] + "…"
    if spec.get("code_list"):
        if text not in names_of(spec["code_list"]):
            raise _FieldError(
                _("“%(label)s”: “%(value)s” không có trong %(list)s.")
                % {"label": label, "value": shown, "list": _list_name(spec["code_list"])}
            )
        return text
    if text not in spec["choices"]:
        raise _FieldError(
            _("“%(label)s”: “%(value)s” không phải một lựa chọn; chọn một trong: %(choices)s.")
            % {"label": label, "value": shown, "choices": ", ".join(spec["choices"])}
        )
    return text


def _check_personal_id(text: str, label: dict[str, str], today: date) -> None:
    problem = personal_id_problem(text, today=today)
    if problem == "format":
        raise _FieldError(_("“%(label)s” phải gồm đúng 12 chữ số.") % label)
    if problem == "province":
        raise _FieldError(_("“%(label)s”: 3 chữ số đầu (mã tỉnh nơi đăng ký khai sinh) không hợp lệ.") % label)
    if problem == "birth_year":
        raise _FieldError(_("“%(label)s”: năm sinh trong số định danh không hợp lệ.") % label)


def _show_date(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _clean_date(spec: dict[str, Any], value: Any, today: date) -> str:
    label = spec["label"]
    parsed: date | None = None
    if isinstance(value, date) and not isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        parsed = parse_date(value)  # dd/mm/yyyy as the pages take it, or ISO
    if parsed is None:
        raise _FieldError(
            _("“%(label)s” không phải ngày hợp lệ (ngày/tháng/năm, ví dụ 15/11/2026).") % {"label": label}
        )
    high = spec.get("max")
    if high is not None:
        limit = today if high == TODAY else date.fromisoformat(high)
        if parsed > limit:
            if high == TODAY:
                raise _FieldError(
                    _("“%(label)s” không được sau ngày hôm nay (%(today)s).")
                    % {"label": label, "today": _show_date(today)}
                )
            raise _FieldError(
                _("“%(label)s” không được sau ngày %(date)s.") % {"label": label, "date": _show_date(limit)}
            )
    low = spec.get("min")
    if low is not None:
        limit = today if low == TODAY else date.fromisoformat(low)
        if parsed < limit:
            if low == TODAY:
                raise _FieldError(
                    _("“%(label)s” không được trước ngày hôm nay (%(today)s).")
                    % {"label": label, "today": _show_date(today)}
                )
            raise _FieldError(
                _("“%(label)s” không được trước ngày %(date)s.") % {"label": label, "date": _show_date(limit)}
            )
    return parsed.isoformat()


def _show_number(value: Any) -> str:
    """A bound as Vietnamese write it: 1.000 for a thousand, 2,5 for two and a half."""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return f"{int(number):,}".replace(",", ".")
    return format(number.normalize(), "f").replace(".", ",")


def _clean_number(spec: dict[str, Any], value: Any) -> int | str:
    label = spec["label"]
    number: Decimal | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    elif isinstance(value, float | Decimal | str) and not isinstance(value, bool):
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            number = None
        if number is not None and not number.is_finite():
            number = None
    if number is None:
        raise _FieldError(_("“%(label)s” phải là một số.") % {"label": label})
    whole = number == number.to_integral_value()
    if spec.get("integer") and not whole:
        raise _FieldError(_("“%(label)s” phải là số nguyên.") % {"label": label})
    low, high = spec.get("min"), spec.get("max")
    too_low = low is not None and number < Decimal(str(low))
    too_high = high is not None and number > Decimal(str(high))
    if too_low or too_high:
        if low is not None and high is not None:
            message = _("“%(label)s” phải từ %(min)s đến %(max)s.")
        elif low is not None:
            message = _("“%(label)s” phải từ %(min)s trở lên.")
        else:
            message = _("“%(label)s” tối đa là %(max)s.")
        raise _FieldError(
            message
            % {
                "label": label,
                "min": _show_number(low) if low is not None else "",
                "max": _show_number(high) if high is not None else "",
            }
        )
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if whole:
        return int(number)
    return format(number, "f")
