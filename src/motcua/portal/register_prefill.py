"""Step 2 of the online submission: prefill the declaration from the national registers.

A button "Lấy thông tin từ Cơ sở dữ liệu quốc gia về dân cư" (with the consent checkbox) fills
the fields whose ``source`` is ``population.*`` from the logged-in citizen's own personal ID; a
field whose source is a register key (``business.enterprise_code``, ``land.parcel``) gets a
"Tra cứu" button for the key typed in it. Both are submit buttons of the step's form, so what was
typed is kept, and no script is needed. The write is ``registers.services.lookup``; a register
that cannot be reached leaves the form as it was, with a message saying the fields can be typed.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from motcua.catalogue.form_schema import REGISTER_KEYS, asked_fields, register_source
from motcua.core.errors import PermissionDenied, ValidationError
from motcua.portal import drafts
from motcua.portal.models import Draft
from motcua.registers import services
from motcua.registers.clients import client

ACTION_PREFIX = "lookup:"
CONSENT_FIELD = "consent_population"


def marks() -> dict[str, str]:
    return {
        "population": _("Đã xác thực từ CSDLQG về dân cư"),
        "business": _("Đã xác thực từ CSDLQG về đăng ký doanh nghiệp"),
        "land": _("Đã xác thực từ CSDL đất đai"),
    }


def purpose_of(draft: Draft) -> str:
    version = draft.procedure_version
    return _("hồ sơ thủ tục %(code)s %(name)s") % {"code": version.procedure.code, "name": version.name}


def is_lookup(request: HttpRequest) -> bool:
    return request.method == "POST" and str(request.POST.get("action", "")).startswith(ACTION_PREFIX)


def panel(
    request: HttpRequest, draft: Draft, values: dict[str, Any], notice: dict[str, str] | None = None
) -> dict[str, Any]:
    """What the step's template shows: the population button, the "Tra cứu" keys, the verified marks."""
    specs = list(draft.procedure_version.form_fields or [])
    registers = {src[0] for spec in specs if (src := register_source(spec))}
    keys = {
        spec["name"]: register for register, key in REGISTER_KEYS.items() for spec in specs if spec.get("source") == key
    }
    verified = services.verified_fields(request.user, specs, values, draft_id=draft.pk)
    labels = marks()
    purpose = purpose_of(draft)
    return {
        "population": "population" in registers,
        "registers": registers,
        "consent_text": services.consent_text("population", purpose),
        "consent_checked": services.active_consent(request.user, "population", purpose) is not None,
        "has_personal_id": bool(getattr(request.user, "personal_id", "")),
        "keys": keys,
        "verified": {name: labels[row.lookup.register] for name, row in verified.items()},
        "notice": notice or {},
    }


def handle(request: HttpRequest, draft: Draft) -> tuple[dict[str, Any], dict[str, str]]:
    """Keep what was typed, look up the register the button names, fill its fields; return values and a notice."""
    specs = list(draft.procedure_version.form_fields or [])
    values: dict[str, Any] = {spec["name"]: request.POST.get(spec["name"], "") for spec in asked_fields(specs)}
    drafts.draft_save_form(draft, user=request.user, form_data=values, check=False)
    register = str(request.POST.get("action", "")).removeprefix(ACTION_PREFIX)
    purpose = purpose_of(draft)
    user: Any = request.user
    try:
        if register == "population":
            if not user.personal_id:
                return values, _error(
                    _(
                        "Tài khoản của bạn chưa có số định danh cá nhân, nên chưa tra cứu được. "
                        "Vui lòng tự nhập các thông tin."
                    )
                )
            if request.POST.get(CONSENT_FIELD) != "on":
                return values, _error(_("Vui lòng đánh dấu đồng ý cho tra cứu Cơ sở dữ liệu quốc gia về dân cư."))
            consent = services.give_consent(citizen=user, register="population", purpose=purpose)
            result = services.lookup(
                "population",
                user.personal_id,
                actor=user,
                purpose=purpose,
                consent=consent,
                form_fields=specs,
                draft_id=draft.pk,
            )
        elif register in REGISTER_KEYS:
            key_field = next((s["name"] for s in specs if s.get("source") == REGISTER_KEYS[register]), "")
            if not key_field:
                return values, _error(_("Tờ khai này không tra cứu cơ sở dữ liệu đó."))
            result = services.lookup(
                register,
                str(values.get(key_field, "")),
                actor=user,
                purpose=purpose,
                form_fields=specs,
                draft_id=draft.pk,
            )
        else:
            return values, _error(_("Tờ khai này không tra cứu cơ sở dữ liệu đó."))
    except (ValidationError, PermissionDenied) as exc:
        return values, _error(str(exc.message))
    if not result.ok:
        return values, {"level": "warning", "text": result.message}
    values.update(result.prefill)
    drafts.draft_save_form(draft, user=request.user, form_data=values, check=False)
    labels = {spec["name"]: spec["label"] for spec in specs}
    filled = ", ".join(labels[name] for name in result.prefill)
    return values, {
        "level": "success",
        "text": _(
            "Đã điền từ %(register)s: %(fields)s. Vui lòng kiểm tra lại; nếu sửa, trường đó không còn "
            "được đánh dấu đã xác thực."
        )
        % {"register": client(register).title, "fields": filled or _("không có trường nào")},
    }


def _error(text: str) -> dict[str, str]:
    return {"level": "error", "text": text}
