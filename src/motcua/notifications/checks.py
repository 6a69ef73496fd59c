"""System checks: a half-configured channel is an error at start-up, not a silent loss of notices."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from motcua.notifications import conf


@checks.register(checks.Tags.compatibility)
def check_channels(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    if conf.sms_enabled():
        missing = [
            name
            for name, value in (
                ("MOTCUA_SMS_API_KEY", conf.sms_api_key()),
                ("MOTCUA_SMS_SECRET", conf.sms_secret()),
                ("MOTCUA_SMS_BRANDNAME", conf.sms_brandname()),
            )
            if not value
        ]
        if missing:
            errors.append(
                checks.Error(
                    f"MOTCUA_SMS_URL is set but {', '.join(missing)} is not: no SMS can be sent.",
                    id="motcua.notifications.E001",
                )
            )
        if conf.sms_provider() != "jsonbrand":
            errors.append(
                checks.Error(
                    f"MOTCUA_SMS_PROVIDER {conf.sms_provider()!r} is unknown (known: jsonbrand).",
                    id="motcua.notifications.E002",
                )
            )
        if not conf.sms_url().startswith(("http://", "https://")):
            errors.append(checks.Error("MOTCUA_SMS_URL must be an http(s) URL.", id="motcua.notifications.E003"))
    if conf.zalo_enabled() and not conf.zalo_url().startswith(("http://", "https://")):
        errors.append(checks.Error("MOTCUA_ZALO_URL must be an http(s) URL.", id="motcua.notifications.E004"))
    oa = {
        "MOTCUA_ZALO_APP_ID": conf.zalo_app_id(),
        "MOTCUA_ZALO_OA_SECRET_KEY": conf.zalo_oa_secret_key(),
        "MOTCUA_ZALO_OA_ACCESS_TOKEN": conf.zalo_oa_access_token(),
    }
    if any((conf.zalo_app_id(), conf.zalo_oa_secret_key())) and not all(oa.values()):
        unset = ", ".join(name for name, value in oa.items() if not value)
        errors.append(
            checks.Error(
                f"Tracking through the Zalo OA is half configured: {unset} is not set, so its webhook is refused.",
                id="motcua.notifications.E006",
            )
        )
    if (
        conf.email_enabled()
        and settings.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
        and not settings.EMAIL_HOST
    ):
        errors.append(
            checks.Error(
                "The SMTP e-mail backend is selected but EMAIL_HOST (MOTCUA_SMTP_HOST) is empty.",
                id="motcua.notifications.E005",
            )
        )
    return errors
