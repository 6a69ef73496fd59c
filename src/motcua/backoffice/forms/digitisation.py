"""The metadata of a digitised paper (số hóa): on its own page, and per paper in the counter intake.

The fields render the inputs; ``dossiers.services.digitisation.check_metadata`` checks every rule
(the list, dates, the certifier) and names the field of an error, which the form shows beside it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.catalogue.code_lists import document_types
from motcua.core.dates import DateField
from motcua.dossiers.models import Digitisation
from motcua.dossiers.services.digitisation import DigitisationInput
from motcua.organisation.models import OfficialRole

FIELDS = ("document_type", "number", "issuing_body", "issued_on", "valid_until", "kind", "certified_by")


class DigitisationForm(forms.Form):
    document_type = forms.ChoiceField(label=_("Loại giấy tờ"), required=False)
    number = forms.CharField(label=_("Số giấy tờ"), max_length=100, required=False)
    issuing_body = forms.CharField(label=_("Cơ quan cấp"), max_length=300, required=False)
    issued_on = DateField(label=_("Ngày cấp"), required=False)
    valid_until = DateField(label=_("Có giá trị đến"), required=False, help_text=_("Để trống nếu không thời hạn."))
    kind = forms.ChoiceField(
        label=_("Hình thức"), choices=Digitisation.Kind.choices, initial=Digitisation.Kind.SCAN, required=False
    )
    certified_by = forms.ChoiceField(label=_("Người chứng thực (bản sao chứng thực)"), required=False)

    def __init__(self, *args: Any, agency_ids: list[int], optional: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.optional = optional  # at the counter a paper may be digitised later, from the dossier page
        type_field: Any = self.fields["document_type"]
        type_field.choices = [("", _("— Chọn —")), *document_types()]
        officials = (
            OfficialRole.objects.filter(agency_id__in=agency_ids, active=True, user__is_active=True)
            .select_related("user")
            .order_by("user__username")
        )
        people: dict[str, str] = {}
        for grant in officials:
            people.setdefault(grant.user.get_username(), grant.user.display_name)
        certifier: Any = self.fields["certified_by"]
        certifier.choices = [("", _("— Không —"))] + [(u, f"{n} ({u})") for u, n in people.items()]
        if not optional:
            for name in ("document_type", "number", "issuing_body", "issued_on"):
                self.fields[name].widget.attrs["aria-required"] = "true"
                self.fields[name].shows_required = True  # type: ignore[attr-defined]  # the service checks it

    def rows(self) -> list[Any]:
        return [self[n] for n in FIELDS]

    def expanded(self) -> bool:
        """Whether to show the block open: the official entered something, or something is wrong."""
        if not self.is_bound:
            return False
        typed = ("document_type", "number", "issuing_body", "issued_on", "valid_until")
        return bool(self.errors) or any(self.data.get(self.add_prefix(n)) for n in typed)

    def filled(self) -> bool:
        """Whether the official entered anything (at the counter, an empty block means "digitise later")."""
        data = self.cleaned_data
        return any(data.get(n) for n in ("document_type", "number", "issuing_body", "issued_on", "valid_until"))

    def metadata(self) -> DigitisationInput:
        data = self.cleaned_data
        return DigitisationInput(
            document_type=data.get("document_type") or "",
            number=data.get("number") or "",
            issuing_body=data.get("issuing_body") or "",
            issued_on=data.get("issued_on"),
            valid_until=data.get("valid_until"),
            kind=data.get("kind") or Digitisation.Kind.SCAN,
            certified_by=data.get("certified_by") or "",
        )
