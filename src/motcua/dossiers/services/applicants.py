"""Checks of the applicant's data (chủ hồ sơ) given at submission."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from motcua.accounts.identity import validate_personal_id
from motcua.accounts.models import ApplicantType
from motcua.core.contact import compact_phone, has_markup, is_email, is_vn_phone
from motcua.core.errors import ValidationError
from motcua.organisation.models import AdminUnit

TAX_CODE_RE = re.compile(r"^\d{10}(-?\d{3})?$")


@dataclass(frozen=True)
class ApplicantData:
    """Chủ hồ sơ: the person or organisation the dossier is for."""

    type: str
    name: str
    id_number: str  # personal identification number, or tax/enterprise code for organisations
    phone: str = ""
    email: str = ""
    address: str = ""
    admin_unit_code: str = ""


@dataclass(frozen=True)
class CleanApplicant:
    type: str
    name: str
    id_number: str
    phone: str
    email: str
    address: str
    admin_unit: AdminUnit | None


def phone_error() -> str:
    """The message for a phone number outside the national numbering plan (core.contact)."""
    return _(
        "Số điện thoại không hợp lệ: di động gồm 10 chữ số (ví dụ 0912345678), cố định gồm 11 chữ số "
        "(ví dụ 02438253536)."
    )


def markup_error() -> str:
    """The message for a name that holds markup (core.contact.has_markup)."""
    return _("Họ tên không được chứa ký tự đặc biệt như < > { } [ ] = ; hoặc mã HTML.")


def clean_applicant(data: ApplicantData, *, required: Mapping[str, str] | None = None) -> CleanApplicant:
    """Return the applicant data checked and normalised, or raise with every bad field listed.

    ``required`` names the optional applicant fields (``phone``, ``email``, ``address``) that the
    procedure's form takes from the applicant, with the label of that form field
    (``form_schema.required_applicant_fields``): they must then be given here, once.
    """
    errors: dict[str, str] = {}
    if data.type not in ApplicantType.values:
        errors["type"] = _("Loại đối tượng không hợp lệ.")
    name = " ".join((data.name or "").split())
    if not name:
        errors["name"] = _("Vui lòng nhập họ tên chủ hồ sơ.")
    elif len(name) > 200:
        errors["name"] = _("Họ tên quá dài (tối đa 200 ký tự).")
    elif has_markup(name):
        errors["name"] = markup_error()
    id_number = (data.id_number or "").strip()
    if data.type == ApplicantType.CITIZEN:
        try:
            id_number = validate_personal_id(id_number)
        except ValidationError as exc:
            errors["id_number"] = str(exc.message)
    elif not TAX_CODE_RE.match(id_number):
        errors["id_number"] = _("Mã số doanh nghiệp / mã số thuế gồm 10 hoặc 13 chữ số.")
    phone = compact_phone(data.phone or "")
    if phone and not is_vn_phone(phone):
        errors["phone"] = phone_error()
    email = (data.email or "").strip()
    if email and not is_email(email):
        errors["email"] = _("Địa chỉ thư điện tử không hợp lệ.")
    address = " ".join((data.address or "").split())[:300]
    given = {"phone": phone, "email": email, "address": address, "name": name, "id_number": id_number}
    for key, label in (required or {}).items():
        if not given.get(key) and key not in errors:
            errors[key] = _("Vui lòng nhập thông tin này: tờ khai cần “%(label)s”.") % {"label": label}
    unit = None
    if data.admin_unit_code:
        unit = AdminUnit.objects.filter(code=data.admin_unit_code).first()
        if unit is None:
            errors["admin_unit_code"] = _("Không tìm thấy đơn vị hành chính.")
    if errors:
        raise ValidationError(
            _("Thông tin chủ hồ sơ chưa hợp lệ."), code="invalid_applicant", details={"fields": errors}
        )
    return CleanApplicant(
        type=data.type, name=name, id_number=id_number, phone=phone, email=email, address=address, admin_unit=unit
    )
