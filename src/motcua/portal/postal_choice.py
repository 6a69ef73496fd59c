"""How the applicant receives the result, and hands in the papers, when submitting online (Decision
45/2016/QĐ-TTg on the public postal service): "Cách nhận kết quả" and "Nộp hồ sơ giấy qua bưu chính".

The choice is made on the review step (``portal/_submit_postal.html``) and stored as the postal orders
``postal.services.request_order`` writes in the submission's transaction (a delivery waits for the
result; a pickup is sent by the outbox after the commit). Receiving at the one-stop counter is the
default and needs no order. ``submit`` checks the address before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from motcua.catalogue.models import DocumentRequirement
from motcua.core.actor import Actor
from motcua.core.errors import ValidationError
from motcua.dossiers.models import Dossier
from motcua.portal import drafts
from motcua.portal.models import Draft
from motcua.postal import selectors as postal_selectors
from motcua.postal import services as postal
from motcua.postal.models import PostalOrder
from motcua.postal.views import address_from

AT_COUNTER, BY_POST = "counter", "post"
ADDRESS_KEYS = ("post_name", "post_phone", "post_province", "post_commune", "post_street")
# Papers whose original may be handed in on paper (bản chính, bản sao chứng thực): their counter mode
# says the paper is received (scanned at the desk), so the postman may bring it instead.
PAPER_FORMS = frozenset(
    {
        DocumentRequirement.Form.ORIGINAL,
        DocumentRequirement.Form.ORIGINAL_OR_COPY,
        DocumentRequirement.Form.CERTIFIED_COPY,
    }
)


@dataclass(frozen=True)
class Choice:
    result_by_post: bool
    pickup: bool
    values: dict[str, str]

    @property
    def needs_address(self) -> bool:
        return self.result_by_post or self.pickup


def paper_originals(draft: Draft) -> list[DocumentRequirement]:
    """The papers of the draft's procedure the applicant may send on paper by post (a pickup order)."""
    applicant_type = str(draft.applicant.get("type", ""))
    return [
        r
        for r in drafts.applicable_documents(draft.procedure_version, applicant_type)
        if r.form in PAPER_FORMS and r.counter_mode == DocumentRequirement.Mode.UPLOAD
    ]


def read(post: Any, draft: Draft) -> Choice:
    """The choice in the review step's POST (the pickup only where the procedure allows it)."""
    return Choice(
        result_by_post=post.get("result_method") == BY_POST,
        pickup=post.get("paper_by_post") == "1" and bool(paper_originals(draft)),
        values={k: str(post.get(k, "")).strip() for k in ADDRESS_KEYS},
    )


def initial(draft: Draft) -> Choice:
    """The choice first shown: the result at the counter, the address filled from the applicant."""
    values = dict.fromkeys(ADDRESS_KEYS, "")
    values.update(
        post_name=str(draft.applicant.get("name", "")),
        post_phone=str(draft.applicant.get("phone", "")),
        post_street=str(draft.applicant.get("address", "")),
    )
    return Choice(result_by_post=False, pickup=False, values=values)


def context(draft: Draft, choice: Choice, errors: dict[str, str] | None = None) -> dict[str, Any]:
    """What ``portal/_submit_postal.html`` shows."""
    return {
        "choice": choice,
        "papers": paper_originals(draft),
        "addr": postal_selectors.address_form(draft.agency, choice.values, errors or {}),
    }


def _address(choice: Choice, draft: Draft) -> postal.Address:
    return address_from(choice.values, str(draft.applicant.get("name", "")), str(draft.applicant.get("phone", "")))


def check(choice: Choice, draft: Draft) -> None:
    """Raise the address's ``ValidationError`` (``invalid_postal_address``, details ``fields``); write nothing."""
    if choice.needs_address:
        postal.clean_address(_address(choice, draft))


def submit(draft: Draft, *, user: Any, choice: Choice) -> Dossier:
    """File the draft and request the chosen postal orders in one transaction.

    The address is checked first, so a wrong one leaves the draft as it was and creates nothing. A
    repeated submission of the same draft returns its dossier without a second order.
    """
    check(choice, draft)
    actor = Actor(user=user, channel="web")
    with transaction.atomic():
        dossier = drafts.submit_draft(draft, user=user)
        wanted = [
            direction
            for direction, chosen in (
                (PostalOrder.Direction.PICKUP, choice.pickup),
                (PostalOrder.Direction.DELIVERY, choice.result_by_post),
            )
            if chosen
        ]
        existing = set(PostalOrder.objects.filter(dossier=dossier).values_list("direction", flat=True))
        for direction in wanted:
            if direction not in existing:
                postal.request_order(dossier.pk, direction=direction, address=_address(choice, draft), actor=actor)
    return dossier


def field_errors(exc: ValidationError) -> dict[str, str]:
    details = exc.details if isinstance(exc.details, dict) else {}
    return {str(k): str(v) for k, v in (details.get("fields") or {}).items()}
