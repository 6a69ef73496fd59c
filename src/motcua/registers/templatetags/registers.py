"""Template tags of the register lookups: the citizen's account section, the back-office menu entry,
and the "verified" mark of a prefilled field."""

from __future__ import annotations

from typing import Any

from django import template

from motcua.registers import selectors

register = template.Library()


@register.inclusion_tag("registers/_account.html", takes_context=True)
def register_account(context: Any) -> dict[str, Any]:
    """The citizen's lookups and consents, for the account page."""
    user = context["request"].user
    return {
        "lookups": list(selectors.citizen_lookups(user)[:20]),
        "consents": list(selectors.citizen_consents(user)[:20]),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag(takes_context=True)
def may_read_lookup_log(context: Any) -> bool:
    request = context.get("request")
    return selectors.may_read_log(getattr(request, "user", None))


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.inclusion_tag("registers/_dossier_verified.html")
def dossier_verified(dossier: Any) -> dict[str, Any]:
    """Which of the dossier's fields were verified from a register, and by which lookup."""
    labels = {spec["name"]: spec["label"] for spec in dossier.procedure_version.form_fields or []}
    rows = selectors.dossier_verified(dossier.pk)
    return {
        "rows": [
            {"label": labels.get(name, name), "register": row.lookup.get_register_display(), "at": row.lookup.at}
            for name, row in rows.items()
        ]
    }
