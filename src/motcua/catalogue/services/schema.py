"""Read and check a catalogue exchange document (format ``motcua.catalogue/1``).

``parse_catalogue`` checks the whole document without touching rows it could change, collects
every problem with its JSON path (``procedures[3].documents[1].form``) and the code of the
procedure it belongs to, and returns the content in canonical form: defaults filled in,
strings stripped, amounts normalised. The canonical form of a procedure is exactly what
``export_catalogue`` writes, so comparing the two tells whether an import changes anything.
The format is described in docs/catalogue-format.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from motcua.accounts.models import ApplicantType
from motcua.catalogue import form_schema
from motcua.catalogue.models import (
    DocumentRequirement,
    FeeLine,
    OnlineLevel,
    Procedure,
    ProcedureVersion,
    TimeUnit,
)
from motcua.catalogue.models import Field as CatalogueField
from motcua.core.errors import ValidationError
from motcua.organisation.models import Agency

FORMAT = "motcua.catalogue/1"

TOP_KEYS = {"format": True, "fields": True, "procedures": True}
FIELD_KEYS = {"code": True, "name": True}
# key -> required?
PROCEDURE_KEYS = {
    "code": True,
    "name": True,
    "field": True,
    "requires_eid_level2": False,
    "implementing_level": True,
    "agencies": False,
    "applicant_types": True,
    "online_level": True,
    "processing_time": True,
    "result_type": True,
    "valid_from": False,
    "legal_basis": False,
    "requirements": False,
    "description": False,
    "payment_before_processing": False,
    "form_fields": False,
    "documents": True,
    "fees": False,
}
TIME_KEYS = {"unit": True, "amount": True, "same_day_cutoff": False, "note": False}
DOCUMENT_KEYS = {
    "code": True,
    "name": True,
    "form": False,
    "count": False,
    "required": False,
    "applicant_types": False,
    "template_name": False,
    "template_url": False,
    "note": False,
    "channels": False,
}
CHANNEL_KEYS = {"online": False, "counter": False}
DEFAULT_CHANNELS = {"online": "upload", "counter": "upload"}
FEE_KEYS = {
    "kind": True,
    "name": True,
    "amount": True,
    "rule": False,
    "exemptions": False,
    "quantity_field": False,
    "free_quantity": False,
    "max_quantity": False,
    "max_amount": False,
    "multiplier_field": False,
}
# Fee rule keys (catalogue.fees.charge); present in the canonical form only when set.
FEE_RULE_DEFAULTS: dict[str, Any] = {
    "quantity_field": "",
    "free_quantity": 0,
    "max_quantity": None,
    "max_amount": None,
    "multiplier_field": "",
}

CODE_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._\-]*$")
CUTOFF_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
MAX_TIME_AMOUNT = Decimal("9999.99")  # ProcedureVersion.time_amount: max_digits=6, decimal_places=2
MAX_FEE_AMOUNT = 10**15  # far above any fee; keeps the value inside PositiveBigIntegerField

APPLICANT_TYPES = [str(v) for v in ApplicantType.values]
LEVELS = [str(v) for v in Agency.Level.values]


def _max_length(model: Any, name: str) -> int:
    length = model._meta.get_field(name).max_length
    assert length is not None
    return int(length)


@dataclass(frozen=True)
class CatalogueError:
    """One problem in an exchange document."""

    path: str
    message: str
    procedure: str = ""  # code of the procedure the path is inside, when known

    def __str__(self) -> str:
        where = f"{self.path} ({self.procedure})" if self.procedure else self.path
        return f"{where}: {self.message}"

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "procedure": self.procedure, "message": self.message}


@dataclass
class ParsedCatalogue:
    """A checked document: fields ``{code: name}`` and procedures in canonical form, in file order."""

    fields: dict[str, str] = field(default_factory=dict)
    procedures: list[dict[str, Any]] = field(default_factory=list)


def format_time_amount(value: Decimal) -> str:
    """Return ``value`` as the shortest plain decimal string: ``0``, ``15``, ``0.5``."""
    text = format(value.quantize(Decimal("0.01")), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


class _Checker:
    """Walk a document, collecting errors; each ``_*`` helper returns the canonical value."""

    def __init__(self) -> None:
        self.errors: list[CatalogueError] = []
        self.procedure = ""

    def error(self, path: str, message: str) -> None:
        self.errors.append(CatalogueError(path=path, message=message, procedure=self.procedure))

    def keys(self, obj: Any, spec: dict[str, bool], path: str) -> bool:
        """Check ``obj`` is an object with the required keys and no unknown ones."""
        if not isinstance(obj, dict):
            self.error(path or "$", _("Phải là một đối tượng JSON."))
            return False
        for key in obj:
            if key not in spec:
                self.error(f"{path}.{key}" if path else str(key), _("Khóa không được hỗ trợ."))
        for key, required in spec.items():
            if required and key not in obj:
                self.error(f"{path}.{key}" if path else key, _("Thiếu thông tin bắt buộc."))
        return True

    def text(self, obj: dict[str, Any], key: str, path: str, *, max_length: int, required: bool = False) -> str:
        value = obj.get(key, "")
        at = f"{path}.{key}"
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.error(at, _("Phải là chuỗi ký tự."))
            return ""
        value = value.strip()
        if required and not value and key in obj:
            self.error(at, _("Không được để trống."))
        if len(value) > max_length:
            self.error(
                at, _("Tối đa %(limit)s ký tự (hiện có %(count)s).") % {"limit": max_length, "count": len(value)}
            )
        return str(value)

    def code(self, obj: dict[str, Any], key: str, path: str, *, max_length: int) -> str:
        value = self.text(obj, key, path, max_length=max_length, required=True)
        if value and not CODE_RE.match(value):
            self.error(f"{path}.{key}", _("Mã chỉ gồm chữ, số và các dấu . _ -"))
        return value

    def choice(self, obj: dict[str, Any], key: str, path: str, allowed: list[str], default: str | None = None) -> str:
        value = obj.get(key, default)
        if value not in allowed:
            self.error(
                f"{path}.{key}",
                _("Giá trị %(value)s không hợp lệ; cho phép: %(allowed)s.")
                % {"value": _show(value), "allowed": ", ".join(allowed)},
            )
            return default or ""
        return str(value)

    def boolean(self, obj: dict[str, Any], key: str, path: str, default: bool) -> bool:
        value = obj.get(key, default)
        if not isinstance(value, bool):
            self.error(f"{path}.{key}", _("Phải là true hoặc false."))
            return default
        return value

    def applicant_types(self, obj: dict[str, Any], key: str, path: str, *, non_empty: bool) -> list[str]:
        value = obj.get(key, [])
        at = f"{path}.{key}"
        if not isinstance(value, list):
            self.error(at, _("Phải là một danh sách."))
            return []
        result: list[str] = []
        for i, item in enumerate(value):
            if item not in APPLICANT_TYPES:
                self.error(
                    f"{at}[{i}]",
                    _("Giá trị %(value)s không hợp lệ; cho phép: %(allowed)s.")
                    % {"value": _show(item), "allowed": ", ".join(APPLICANT_TYPES)},
                )
            elif item in result:
                self.error(f"{at}[{i}]", _("Giá trị bị trùng: %(value)s.") % {"value": item})
            else:
                result.append(item)
        if non_empty and key in obj and not value:
            self.error(at, _("Cần ít nhất một đối tượng thực hiện."))
        return sorted(result, key=APPLICANT_TYPES.index)


def _show(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)


def parse_catalogue(data: Any) -> ParsedCatalogue:
    """Check an exchange document and return it in canonical form.

    Raise ``ValidationError(code="invalid_catalogue")`` whose message lists every problem, one
    per line, and whose ``details["errors"]`` holds them as ``{path, procedure, message}``.
    Reads the database only to look up existing field and agency codes.
    """
    checker = _Checker()
    parsed = ParsedCatalogue()
    if checker.keys(data, TOP_KEYS, ""):
        if data.get("format") != FORMAT and "format" in data:
            checker.error("format", _('Định dạng phải là "%(format)s".') % {"format": FORMAT})
        _parse_fields(checker, data.get("fields", []), parsed)
        _parse_procedures(checker, data.get("procedures", []), parsed)
    if checker.errors:
        raise invalid_catalogue(checker.errors)
    return parsed


def invalid_catalogue(errors: list[CatalogueError]) -> ValidationError:
    """Return the error raised for an invalid document: all problems in message and details."""
    header = _("Tệp danh mục thủ tục không hợp lệ (%(count)s lỗi):") % {"count": len(errors)}
    return ValidationError(
        "\n".join([header, *(f"- {e}" for e in errors)]),
        code="invalid_catalogue",
        details={"errors": [e.as_dict() for e in errors]},
    )


def _parse_fields(checker: _Checker, fields: Any, parsed: ParsedCatalogue) -> None:
    if not isinstance(fields, list):
        checker.error("fields", _("Phải là một danh sách."))
        return
    code_len = _max_length(CatalogueField, "code")
    name_len = _max_length(CatalogueField, "name")
    for i, item in enumerate(fields):
        at = f"fields[{i}]"
        if not checker.keys(item, FIELD_KEYS, at):
            continue
        code = checker.code(item, "code", at, max_length=code_len)
        name = checker.text(item, "name", at, max_length=name_len, required=True)
        if code in parsed.fields:
            checker.error(f"{at}.code", _("Mã lĩnh vực bị trùng: %(code)s.") % {"code": code})
        elif code:
            parsed.fields[code] = name


def _parse_procedures(checker: _Checker, procedures: Any, parsed: ParsedCatalogue) -> None:
    if not isinstance(procedures, list):
        checker.error("procedures", _("Phải là một danh sách."))
        return
    field_codes = set(parsed.fields)
    referenced_fields: dict[str, list[tuple[str, str]]] = {}
    referenced_agencies: dict[str, list[tuple[str, str]]] = {}
    seen: set[str] = set()
    for i, item in enumerate(procedures):
        at = f"procedures[{i}]"
        raw_code = item.get("code") if isinstance(item, dict) else None
        checker.procedure = raw_code.strip() if isinstance(raw_code, str) else ""
        if not checker.keys(item, PROCEDURE_KEYS, at):
            continue
        proc = _parse_procedure(checker, item, at)
        if proc["code"] in seen:
            checker.error(f"{at}.code", _("Mã thủ tục bị trùng trong tệp: %(code)s.") % {"code": proc["code"]})
        seen.add(proc["code"])
        if proc["field"]:
            referenced_fields.setdefault(proc["field"], []).append((f"{at}.field", proc["code"]))
        for j, agency in enumerate(proc["agencies"]):
            referenced_agencies.setdefault(agency, []).append((f"{at}.agencies[{j}]", proc["code"]))
        parsed.procedures.append(proc)
    checker.procedure = ""
    # Codes that must already exist: fields not declared in the file, and every agency.
    missing_fields = [code for code in referenced_fields if code not in field_codes]
    known = set(CatalogueField.objects.filter(code__in=missing_fields).values_list("code", flat=True))
    for code in missing_fields:
        if code not in known:
            for path, procedure in referenced_fields[code]:
                checker.errors.append(
                    CatalogueError(
                        path=path,
                        procedure=procedure,
                        message=_("Lĩnh vực %(code)s không có trong tệp và chưa có trong hệ thống.") % {"code": code},
                    )
                )
    known = set(Agency.objects.filter(code__in=list(referenced_agencies)).values_list("code", flat=True))
    for code, places in referenced_agencies.items():
        if code not in known:
            for path, procedure in places:
                checker.errors.append(
                    CatalogueError(
                        path=path,
                        procedure=procedure,
                        message=_("Không có cơ quan mang mã định danh %(code)s.") % {"code": code},
                    )
                )


def _parse_procedure(checker: _Checker, item: dict[str, Any], at: str) -> dict[str, Any]:
    pv = ProcedureVersion
    proc: dict[str, Any] = {
        "code": checker.code(item, "code", at, max_length=_max_length(Procedure, "code")),
        "name": checker.text(item, "name", at, max_length=_max_length(pv, "name"), required=True),
        "field": checker.code(item, "field", at, max_length=_max_length(CatalogueField, "code")),
        "requires_eid_level2": checker.boolean(item, "requires_eid_level2", at, False),
        "implementing_level": checker.choice(item, "implementing_level", at, LEVELS),
        "agencies": _parse_agencies(checker, item, at),
        "applicant_types": checker.applicant_types(item, "applicant_types", at, non_empty=True),
        "online_level": checker.choice(item, "online_level", at, [str(v) for v in OnlineLevel.values]),
        "processing_time": _parse_time(checker, item.get("processing_time"), f"{at}.processing_time")
        if "processing_time" in item
        else {},
        "result_type": checker.text(item, "result_type", at, max_length=_max_length(pv, "result_type"), required=True),
        "valid_from": _parse_date(checker, item, "valid_from", at),
        "legal_basis": checker.text(item, "legal_basis", at, max_length=20000),
        "requirements": checker.text(item, "requirements", at, max_length=20000),
        "description": checker.text(item, "description", at, max_length=20000),
        "payment_before_processing": checker.boolean(item, "payment_before_processing", at, False),
        "form_fields": _parse_form_fields(checker, item.get("form_fields", []), f"{at}.form_fields"),
    }
    proc["documents"] = _parse_documents(
        checker, item.get("documents", []), f"{at}.documents", has_form=bool(item.get("form_fields"))
    )  # as given: an invalid form is its own error
    number_fields = {f["name"] for f in proc["form_fields"] if f.get("type") == "number"}
    proc["fees"] = _parse_fees(checker, item.get("fees", []), f"{at}.fees", number_fields)
    return proc


def _parse_agencies(checker: _Checker, item: dict[str, Any], at: str) -> list[str]:
    value = item.get("agencies", [])
    if not isinstance(value, list):
        checker.error(f"{at}.agencies", _("Phải là một danh sách mã định danh cơ quan."))
        return []
    result: list[str] = []
    for j, code in enumerate(value):
        if not isinstance(code, str) or not code.strip():
            checker.error(f"{at}.agencies[{j}]", _("Phải là mã định danh cơ quan."))
        elif code.strip() in result:
            checker.error(f"{at}.agencies[{j}]", _("Mã cơ quan bị trùng: %(code)s.") % {"code": code})
        else:
            result.append(code.strip())
    return sorted(result)


def _parse_time(checker: _Checker, value: Any, at: str) -> dict[str, Any]:
    if not checker.keys(value, TIME_KEYS, at):
        return {}
    unit = checker.choice(value, "unit", at, [str(v) for v in TimeUnit.values])
    raw = value.get("amount")
    amount = Decimal(0)
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        checker.error(f"{at}.amount", _("Thời hạn phải là một số không âm."))
    else:
        try:
            amount = Decimal(str(raw).strip())
        except InvalidOperation:
            checker.error(f"{at}.amount", _("Thời hạn phải là một số không âm."))
        else:
            if not amount.is_finite() or amount < 0 or amount > MAX_TIME_AMOUNT:
                checker.error(f"{at}.amount", _("Thời hạn phải là một số từ 0 đến 9999.99."))
                amount = Decimal(0)
            elif amount != amount.quantize(Decimal("0.01")):
                checker.error(f"{at}.amount", _("Thời hạn có tối đa hai chữ số thập phân."))
    cutoff = value.get("same_day_cutoff")
    if cutoff is not None and (not isinstance(cutoff, str) or not CUTOFF_RE.match(cutoff)):
        checker.error(f"{at}.same_day_cutoff", _("Giờ chốt phải có dạng HH:MM hoặc null."))
        cutoff = None
    return {
        "unit": unit,
        "amount": format_time_amount(amount),
        "same_day_cutoff": cutoff,
        "note": checker.text(value, "note", at, max_length=_max_length(ProcedureVersion, "time_note")),
    }


def _parse_date(checker: _Checker, item: dict[str, Any], key: str, at: str) -> str | None:
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    checker.error(f"{at}.{key}", _("Ngày phải có dạng YYYY-MM-DD hoặc null."))
    return None


def _parse_form_fields(checker: _Checker, value: Any, at: str) -> list[dict[str, Any]]:
    errors = form_schema.field_spec_errors(value)
    for path, message in errors:
        checker.error(f"{at}{path}", message)
    return [] if errors else form_schema.normalize_field_specs(value)


def _parse_documents(checker: _Checker, value: Any, at: str, *, has_form: bool) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        checker.error(at, _("Phải là một danh sách."))
        return []
    dr = DocumentRequirement
    result: list[dict[str, Any]] = []
    codes: set[str] = set()
    for i, item in enumerate(value):
        path = f"{at}[{i}]"
        if not checker.keys(item, DOCUMENT_KEYS, path):
            continue
        code = checker.code(item, "code", path, max_length=_max_length(dr, "code"))
        if code in codes:
            checker.error(f"{path}.code", _("Mã giấy tờ bị trùng trong thủ tục: %(code)s.") % {"code": code})
        codes.add(code)
        count = item.get("count", 1)
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            checker.error(f"{path}.count", _("Số lượng phải là số nguyên dương."))
            count = 1
        result.append(
            {
                "code": code,
                "name": checker.text(item, "name", path, max_length=_max_length(dr, "name"), required=True),
                "form": checker.choice(item, "form", path, [str(v) for v in dr.Form.values], default="original"),
                "count": count,
                "required": checker.boolean(item, "required", path, True),
                "applicant_types": checker.applicant_types(item, "applicant_types", path, non_empty=False),
                "template_name": checker.text(item, "template_name", path, max_length=_max_length(dr, "template_name")),
                "template_url": checker.text(item, "template_url", path, max_length=_max_length(dr, "template_url")),
                "note": checker.text(item, "note", path, max_length=_max_length(dr, "note")),
                "channels": _parse_channels(checker, item.get("channels", {}), f"{path}.channels", has_form=has_form),
            }
        )
    return result


def _parse_channels(checker: _Checker, value: Any, at: str, *, has_form: bool) -> dict[str, str]:
    """How the document is given per channel (catalogue.documents); missing channels upload."""
    if not checker.keys(value, CHANNEL_KEYS, at):
        return dict(DEFAULT_CHANNELS)
    modes = [str(m) for m in DocumentRequirement.Mode.values]
    result = {}
    for channel, default in DEFAULT_CHANNELS.items():
        result[channel] = checker.choice(value, channel, at, modes, default=default)
        if result[channel] == "eform" and not has_form:
            checker.error(f"{at}.{channel}", _('Chỉ dùng "eform" khi thủ tục có tờ khai điện tử (form_fields).'))
    return result


def _parse_fees(checker: _Checker, value: Any, at: str, number_fields: set[str]) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        checker.error(at, _("Phải là một danh sách."))
        return []
    result: list[dict[str, Any]] = []
    for i, item in enumerate(value):
        path = f"{at}[{i}]"
        if not checker.keys(item, FEE_KEYS, path):
            continue
        amount = item.get("amount", 0)
        if isinstance(amount, bool) or not isinstance(amount, int) or not 0 <= amount <= MAX_FEE_AMOUNT:
            checker.error(f"{path}.amount", _("Mức thu phải là số nguyên không âm (đồng)."))
            amount = 0
        fee = {
            "kind": checker.choice(item, "kind", path, [str(v) for v in FeeLine.Kind.values]),
            "name": checker.text(item, "name", path, max_length=_max_length(FeeLine, "name"), required=True),
            "amount": amount,
            "rule": checker.text(item, "rule", path, max_length=_max_length(FeeLine, "rule")),
            "exemptions": checker.text(item, "exemptions", path, max_length=_max_length(FeeLine, "exemptions")),
        }
        for key in ("quantity_field", "multiplier_field"):
            field_name = item.get(key, "")
            if not isinstance(field_name, str) or (field_name and field_name not in number_fields):
                checker.error(f"{path}.{key}", _("Phải là tên một trường số của tờ khai."))
            elif field_name:
                fee[key] = field_name
        if fee.get("multiplier_field") and fee.get("multiplier_field") == fee.get("quantity_field"):
            checker.error(f"{path}.multiplier_field", _("Trường nhân phải khác trường tính số đơn vị."))
        for key in ("free_quantity", "max_quantity", "max_amount"):
            if item.get(key) is None:
                continue
            value = item[key]
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_FEE_AMOUNT:
                checker.error(f"{path}.{key}", _("Phải là số nguyên không âm."))
            elif value != FEE_RULE_DEFAULTS[key]:
                fee[key] = value
        result.append(fee)
    return result


def parse_cutoff(value: str | None) -> time | None:
    """Return the ``HH:MM`` cut-off of a canonical procedure as a ``time``."""
    return time.fromisoformat(value) if value else None
