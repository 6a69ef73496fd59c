"""Form fields shared by the back-office forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

ACCEPT = ".pdf,.jpg,.jpeg,.png,.tif,.tiff,.doc,.docx"


def file_attrs() -> dict[str, Any]:
    """Attributes for the client-side file checks of web/app.js (the server checks again)."""
    return {
        "accept": ACCEPT,
        "data-max-bytes": str(settings.MOTCUA_MAX_UPLOAD_BYTES),
        "data-accept-types": ",".join(settings.MOTCUA_ALLOWED_UPLOAD_TYPES),
        "data-msg-size": _("Tệp quá lớn"),
        "data-msg-type": _("Định dạng tệp không được chấp nhận"),
    }


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={**file_attrs(), "multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


def version_field() -> forms.IntegerField:
    """The dossier version the official saw; the service refuses the action if it changed."""
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1)
