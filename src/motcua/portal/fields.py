"""Plain descriptions of form inputs for the templates (``portal/_input.html`` renders them).

The declaration form of a procedure is data (``ProcedureVersion.form_fields``), so the pages
describe inputs as small dataclasses rather than Django form classes; the checks themselves are
done by the services (``clean_applicant``, ``validate_form_data``, ``check_upload``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from motcua.accounts.models import ApplicantType
from motcua.catalogue.form_schema import TODAY, asked_fields, choice_names
from motcua.core import clock
from motcua.core.dates import BAD_DATE, DATE_PATTERN, DATE_PLACEHOLDER, parse_date, show_date

# form_fields "type" -> HTML input type. Dates are text typed dd/mm/yyyy (core.dates): a native date
# input shows mm/dd/yyyy in an English browser.
INPUT_TYPES = {
    "text": "text",
    "date": "text",
    "number": "number",
    "email": "email",
    "phone": "tel",
    "personal_id": "text",
}
AUTOCOMPLETE = {"name": "name", "phone": "tel", "email": "email", "address": "street-address"}


@dataclass
class Input:
    name: str
    label: str
    kind: str  # text/textarea/date/number/select/checkbox/email/phone/hidden
    value: Any = ""
    required: bool = False
    choices: list[tuple[str, str]] = field(default_factory=list)
    max_length: int | None = None
    error: str = ""
    help: str = ""
    autocomplete: str = ""
    inputmode: str = ""
    prefix: str = ""
    min: str = ""  # HTML min/max/step of number and date inputs (the service checks again)
    max: str = ""
    step: str = ""
    placeholder: str = ""
    pattern: str = ""  # HTML pattern; msg_pattern is what the browser says when it does not match
    msg_pattern: str = ""

    @property
    def id(self) -> str:
        return f"{self.prefix}{self.name}".replace("_", "-")

    @property
    def input_type(self) -> str:
        return INPUT_TYPES.get(self.kind, "text")

    @property
    def checked(self) -> bool:
        return str(self.value).lower() in ("true", "on", "1", "yes")

    @property
    def summary(self) -> str:
        """The error as the summary at the top lists it: with the label unless the message names it."""
        return self.error if f"“{self.label}”" in self.error else f"{self.label}: {self.error}"

    @property
    def described_by(self) -> str:
        ids = [f"{self.id}-help"] if self.help else []
        if self.error:
            ids.append(f"{self.id}-error")
        return " ".join(ids)


def _bound(value: Any) -> str:
    if value is None:
        return ""
    if value == TODAY:
        return clock.local_now().date().isoformat()
    return str(value)


def declaration_inputs(specs: list[dict[str, Any]], values: dict[str, Any], errors: dict[str, str]) -> list[Input]:
    """Inputs of a procedure's declaration form, filled with ``values`` and the service's ``errors``.

    Fields filled from the applicant data (``source``) are not inputs: step 1 asked them.
    """
    result = []
    for spec in asked_fields(specs):
        kind = spec["type"]
        choices = [(c, c) for c in choice_names(spec)] if kind == "select" else []
        help_text = ""
        if kind == "date":
            help_text = _("Ví dụ: 15/11/2026.")
        elif kind == "phone":
            help_text = _("Ví dụ: 0912345678.")
        elif kind == "personal_id":
            help_text = _("12 chữ số, in trên thẻ Căn cước.")
        step = inputmode = placeholder = pattern = msg_pattern = ""
        low, high, value = _bound(spec.get("min")), _bound(spec.get("max")), values.get(spec["name"], "")
        if kind == "date":
            inputmode, placeholder, pattern, msg_pattern = "numeric", DATE_PLACEHOLDER, DATE_PATTERN, str(BAD_DATE)
            low = high = ""  # the service checks the bounds and says them in words
            day = parse_date(value) if isinstance(value, str) else None
            value = show_date(day) if day is not None else value  # a stored ISO value shown day first
        elif kind == "number":
            step, inputmode = ("1", "numeric") if spec.get("integer") else ("any", "decimal")
        elif kind == "personal_id":
            inputmode = "numeric"
        result.append(
            Input(
                name=spec["name"],
                label=spec["label"],
                kind=kind,
                value=value,
                required=bool(spec.get("required")),
                choices=choices,
                max_length=12 if kind == "personal_id" else spec.get("max_length"),
                error=errors.get(spec["name"], ""),
                help=help_text,
                prefix="f-",
                inputmode=inputmode,
                autocomplete={"phone": "tel", "email": "email", "personal_id": "off"}.get(kind, ""),
                min=low,
                max=high,
                step=step,
                placeholder=placeholder,
                pattern=pattern,
                msg_pattern=msg_pattern,
            )
        )
    return result


def applicant_inputs(
    values: dict[str, Any], errors: dict[str, str], allowed_types: list[str], needed: dict[str, str] | None = None
) -> list[Input]:
    """Inputs of the applicant (chủ hồ sơ) part of step 1.

    ``needed``: applicant keys that the procedure's form takes from here, with that field's label
    (``form_schema.required_applicant_fields``); they are marked required and say why.
    """
    types = [(t.value, str(t.label)) for t in ApplicantType if not allowed_types or t.value in allowed_types]
    if len(types) == 1:  # one kind of applicant: it is chosen already, whatever the account's kind
        values = {**values, "type": types[0][0]}
    kind_of_id = values.get("type", "citizen")
    id_label = (
        _("Số định danh cá nhân (12 chữ số)")
        if kind_of_id == "citizen"
        else _("Số định danh cá nhân hoặc mã số doanh nghiệp")
    )
    inputs = [
        Input(
            "type",
            _("Đối tượng thực hiện"),
            "select",
            values.get("type", ""),
            True,
            types,
            error=errors.get("type", ""),
        ),
        Input(
            "name",
            _("Họ và tên chủ hồ sơ"),
            "text",
            values.get("name", ""),
            True,
            max_length=200,
            error=errors.get("name", ""),
            autocomplete="name",
        ),
        Input(
            "id_number",
            id_label,
            "text",
            values.get("id_number", ""),
            True,
            max_length=20,
            error=errors.get("id_number", ""),
            inputmode="numeric",
            autocomplete="off",
        ),
        Input(
            "phone",
            _("Số điện thoại"),
            "phone",
            values.get("phone", ""),
            False,
            max_length=20,
            error=errors.get("phone", ""),
            autocomplete="tel",
            help=_("Để nhận tin nhắn về hồ sơ."),
        ),
        Input(
            "email",
            _("Thư điện tử"),
            "email",
            values.get("email", ""),
            False,
            max_length=254,
            error=errors.get("email", ""),
            autocomplete="email",
        ),
        Input(
            "address",
            _("Địa chỉ"),
            "text",
            values.get("address", ""),
            False,
            max_length=300,
            error=errors.get("address", ""),
            autocomplete="street-address",
        ),
    ]
    for item in inputs:
        item.prefix = "a-"
        if needed and item.name in needed and not item.required:
            item.required = True
            item.help = _("Dùng cho “%(label)s” của tờ khai.") % {"label": needed[item.name]}
    if len(types) == 1:
        inputs[0].help = _("Thủ tục này dành cho: %(who)s.") % {"who": types[0][1]}
    return inputs


def applicant_from_user(user: Any) -> dict[str, str]:
    """Pre-fill the applicant from the account (full_name, personal_id, phone, email, address)."""
    business = getattr(user, "kind", "") == "business"
    return {
        "type": "business" if business else "citizen",
        "name": user.full_name or user.get_full_name() or "",
        "id_number": (user.tax_code if business else user.personal_id) or "",
        "phone": user.phone or "",
        "email": user.email or "",
        "address": user.address or "",
    }
