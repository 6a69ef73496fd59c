"""Checks of the applicant's data (chủ hồ sơ) given at submission."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from motcua.accounts.identity import validate_personal_id
from motcua.accounts.models import ApplicantType
from motcua.core.errors import ValidationError
from motcua.organisation.models import AdminUnit

PHONE_RE = re.compile(r"^(0|\+84)\d{9,10}$")
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


def clean_applicant(data: ApplicantData) -> CleanApplicant:
    """Return the applicant data checked and normalised, or raise with every bad field listed."""
    errors: dict[str, str] = {}
    if data.type not in ApplicantType.values:
        errors["type"] = _("Loại đối tượng không hợp lệ.")
    name = " ".join((data.name or "").split())
    if not name:
        errors["name"] = _("Vui lòng nhập họ tên chủ hồ sơ.")
    elif len(name) > 200:
        errors["name"] = _("Họ tên quá dài (tối đa 200 ký tự).")
    id_number = (data.id_number or "").strip()
    if data.type == ApplicantType.CITIZEN:
        try:
            id_number = validate_personal_id(id_number)
        except ValidationError as exc:
            errors["id_number"] = str(exc.message)
    elif not TAX_CODE_RE.match(id_number):
        errors["id_number"] = _("Mã số doanh nghiệp / mã số thuế gồm 10 hoặc 13 chữ số.")
    phone = re.sub(r"[\s.]", "", data.phone or "")
    if phone and not PHONE_RE.match(phone):
        errors["phone"] = _("Số điện thoại không hợp lệ.")
    email = (data.email or "").strip()
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            errors["email"] = _("Địa chỉ thư điện tử không hợp lệ.")
    unit = None
    if data.admin_unit_code:
        unit = AdminUnit.objects.filter(code=data.admin_unit_code).first()
        if unit is None:
            errors["admin_unit_code"] = _("Không tìm thấy đơn vị hành chính.")
    if errors:
        raise ValidationError(_("Thông tin chủ hồ sơ chưa hợp lệ."), code="invalid_applicant",
                              details={"fields": errors})
    return CleanApplicant(type=data.type, name=name, id_number=id_number, phone=phone, email=email,
                          address=" ".join((data.address or "").split())[:300], admin_unit=unit)
