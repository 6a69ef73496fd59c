"""How the data of a declaration form (tờ khai) reads to a person: labels and formatted values.

Pure functions over a version's field specs (``catalogue.form_schema``) and the cleaned data kept
on a dossier: the label of each field, dates as dd/mm/yyyy, choices by their label, yes/no for
checkboxes, decimals with a comma (12,5). Keys the form does not know are kept last,
under their own name, so nothing declared is hidden.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _


def display_rows(specs: list[dict[str, Any]] | None, data: dict[str, Any] | None) -> list[tuple[str, str]]:
    """Return ``(label, value)`` for every field of ``data``, in the order of the form."""
    return [(label, value) for _name, label, value in named_rows(specs, data)]


def named_rows(specs: list[dict[str, Any]] | None, data: dict[str, Any] | None) -> list[tuple[str, str, str]]:
    """Return ``(field name, label, value)`` for every field of ``data``, in the order of the form."""
    values = dict(data or {})
    rows: list[tuple[str, str, str]] = []
    for spec in specs or []:
        name = spec.get("name")
        if not isinstance(name, str) or name not in values:
            continue
        rows.append((name, str(spec.get("label") or name), display_value(spec, values.pop(name))))
    rows.extend((str(key), str(key), display_value({}, value)) for key, value in values.items())
    return rows


def display_value(spec: dict[str, Any], value: Any) -> str:
    """Return one value as a person reads it, by the field's type."""
    kind = spec.get("type", "")
    if kind == "checkbox" or isinstance(value, bool):
        return _("Có") if _truthy(value) else _("Không")
    if value is None or value == "":
        return "—"
    if kind == "date" or (not kind and _looks_like_iso_date(value)):
        return _date_text(value)
    choices = spec.get("choices")
    if isinstance(choices, list):
        return _choice_label(choices, value)
    if kind == "number" or isinstance(value, (int, float)):
        return number_text(value)
    return str(value)


def number_text(value: Any) -> str:
    """Return a number with a decimal comma, as Vietnamese writes it: 12.5 → "12,5".

    No thousands separator: number fields also hold years and counts ("1990", not "1.990").
    """
    text = str(value)
    whole, sep, fraction = text.partition(".")
    if sep and whole.lstrip("-").isdigit() and fraction.isdigit():
        return f"{whole},{fraction}"
    return text


def _truthy(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"true", "1", "on", "yes", "co", "có"}


def _looks_like_iso_date(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-"


def _date_text(value: Any) -> str:
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return day.strftime("%d/%m/%Y")


def _choice_label(choices: list[Any], value: Any) -> str:
    """A choice is a string (its own label) or ``{"value", "label"}`` (a code list)."""
    for choice in choices:
        if isinstance(choice, dict) and str(choice.get("value")) == str(value):
            return str(choice.get("label") or value)
    return str(value)
