"""The one write path of the data store (kho dữ liệu điện tử), each change audited in its transaction.

Decree 45/2020/NĐ-CP art. 16 (the article the brief of issue #14 names; see models.py): the store
holds the applicant's documents and the results issued to them; a document in it is taken instead of
submitted again, and a body reads an item only with the owner's consent for one dossier. Every read
by someone other than the owner is logged (who, what, when, which dossier), as Decree 13/2023/NĐ-CP
asks of personal data processing (docs/domain.md §13: "keep a log of who processed what").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.core import clock
from motcua.core.actor import Actor
from motcua.core.audit import audit
from motcua.core.errors import PermissionDenied, ValidationError, not_found
from motcua.datastore.models import AccessGrant, AccessLog, DraftPick, ReuseRecord, StoredItem
from motcua.datastore.results import codes_for, fits, result_code
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.dossiers.services import targets
from motcua.dossiers.services.submission import Files, SubmissionInput, submit_at_counter, submit_online
from motcua.dossiers.services.uploads import CheckedFile, check_upload
from motcua.dossiers.statuses import Channel
from motcua.organisation.permissions import agencies_of, roles_at

TITLE_MAX, TEXT_MAX = 300, 100


@dataclass(frozen=True)
class ItemMeta:
    """What the owner (or the counter) says of a document: title, type code, number, issuer, dates."""

    title: str
    document_code: str = ""
    number: str = ""
    issuing_body: str = ""
    issued_on: date | None = None
    valid_until: date | None = None


def _owner_user(actor: Actor) -> Any:
    user = actor.user
    if user is None or not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Vui lòng đăng nhập."), code="not_authenticated")
    if getattr(user, "is_official", False):
        raise PermissionDenied(_("Tài khoản cán bộ không có kho dữ liệu cá nhân."), code="official_account")
    return user


def _clean_meta(meta: ItemMeta) -> ItemMeta:
    title = " ".join((meta.title or "").split())
    if not title:
        raise ValidationError(_("Vui lòng nhập tên giấy tờ."), code="required", details={"field": "title"})
    if len(title) > TITLE_MAX:
        raise ValidationError(_("Tối đa %(n)s ký tự.") % {"n": TITLE_MAX}, code="too_long", details={"field": "title"})
    for name in ("document_code", "number", "issuing_body"):
        if len(getattr(meta, name) or "") > (40 if name == "document_code" else TEXT_MAX * 3):
            raise ValidationError(_("Giá trị quá dài."), code="too_long", details={"field": name})
    if meta.issued_on and meta.issued_on > clock.local_now().date():
        raise ValidationError(
            _("Ngày cấp không được sau ngày hôm nay."), code="date_in_future", details={"field": "issued_on"}
        )
    if meta.issued_on and meta.valid_until and meta.valid_until < meta.issued_on:
        raise ValidationError(
            _("Ngày hết hiệu lực không được trước ngày cấp."), code="invalid_dates", details={"field": "valid_until"}
        )
    return ItemMeta(
        title=title,
        document_code=(meta.document_code or "").strip(),
        number=(meta.number or "").strip(),
        issuing_body=" ".join((meta.issuing_body or "").split()),
        issued_on=meta.issued_on,
        valid_until=meta.valid_until,
    )


def save_item(
    owner: Any,
    checked: CheckedFile,
    meta: ItemMeta,
    *,
    source: str,
    dossier: Dossier | None = None,
    document: DossierDocument | None = None,
) -> StoredItem:
    """Write an item and its file (inside the caller's transaction; the file goes if it rolls back)."""
    item = StoredItem(
        owner=owner,
        title=meta.title,
        document_code=meta.document_code,
        number=meta.number,
        issuing_body=meta.issuing_body,
        issued_on=meta.issued_on,
        valid_until=meta.valid_until,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        source=source,
        source_dossier=dossier,
        source_document=document,
        created_at=clock.now(),
    )
    item.file.save(checked.name, ContentFile(checked.content), save=False)
    try:
        item.save()
    except BaseException:
        item.file.storage.delete(item.file.name or "")
        raise
    return item


def add_item(*, actor: Actor, upload: Any, meta: ItemMeta) -> StoredItem:
    """The owner uploads a document of their own into their store (nguồn: do chủ tài khoản tải lên)."""
    owner = _owner_user(actor)
    clean = _clean_meta(meta)
    checked = check_upload(upload, field="file")
    with transaction.atomic():
        item = save_item(owner, checked, clean, source=StoredItem.Source.UPLOADED)
        audit(actor=owner, action="datastore.add", obj=item, changes={"title": item.title, "source": item.source})
    return item


def store_result(document_id: int) -> StoredItem | None:
    """Put an issued result into its applicant's store (Decree 45/2020 art. 16; domain.md §11); idempotent.

    Run after the commit of ``issue_result`` (the outbox's ``dossier.event`` delivery). Dossiers filed
    without an account (at the counter for a walk-in) have no store: nothing happens.
    """
    doc = DossierDocument.objects.select_related(
        "dossier__procedure_version__procedure", "dossier__handling_agency"
    ).get(pk=document_id)
    dossier = doc.dossier
    if dossier.applicant_id is None or doc.kind != DossierDocument.Kind.RESULT:
        return None
    existing = StoredItem.objects.filter(source_document=doc).first()
    if existing is not None:
        return existing
    with doc.file.open("rb") as fh:
        content = fh.read()
    checked = CheckedFile(
        name=doc.original_name, content=content, content_type=doc.content_type, size=doc.size, sha256=doc.sha256
    )
    version = dossier.procedure_version
    meta = ItemMeta(
        title=(version.result_type or version.name)[:TITLE_MAX],
        document_code=result_code(version.procedure.code),
        number=dossier.result_number,
        issuing_body=dossier.handling_agency.name if dossier.handling_agency else "",
        issued_on=dossier.result_date,
    )
    with transaction.atomic():
        item = save_item(
            dossier.applicant, checked, meta, source=StoredItem.Source.RESULT, dossier=dossier, document=doc
        )
        audit(actor=None, action="datastore.add_result", obj=item, changes={"dossier": dossier.code})
    return item


def delete_item(*, actor: Actor, item_id: int) -> None:
    """The owner deletes an item; its file goes after the commit. The logs and reuse records keep their text."""
    owner = _owner_user(actor)
    with transaction.atomic():
        item = StoredItem.objects.select_for_update().filter(pk=item_id, owner_id=owner.pk).first()
        if item is None:
            raise not_found("stored_item")
        storage, name = item.file.storage, item.file.name or ""
        audit(actor=owner, action="datastore.delete", obj=item, changes={"title": item.title})
        item.delete()
        transaction.on_commit(partial(storage.delete, name))


def grant_access(*, actor: Actor, dossier_code: str, item_ids: Iterable[int]) -> AccessGrant:
    """The owner lets the body handling their dossier ``dossier_code`` read the chosen items, for it only."""
    owner = _owner_user(actor)
    dossier = Dossier.objects.filter(code=dossier_code, applicant_id=owner.pk).first()
    if dossier is None:
        raise not_found("dossier")
    ids = sorted({int(i) for i in item_ids})
    items = list(StoredItem.objects.filter(owner_id=owner.pk, pk__in=ids))
    if not ids or len(items) != len(ids):
        raise ValidationError(
            _("Vui lòng chọn giấy tờ trong kho của bạn."), code="invalid_items", details={"field": "items"}
        )
    with transaction.atomic():
        grant = AccessGrant.objects.create(
            owner=owner, dossier=dossier, agency_id=dossier.handling_agency_id, granted_at=clock.now()
        )
        grant.items.set(items)
        audit(actor=owner, action="datastore.grant", obj=grant, changes={"dossier": dossier.code, "items": ids})
    return grant


def revoke_grant(*, actor: Actor, grant_id: int) -> AccessGrant:
    owner = _owner_user(actor)
    with transaction.atomic():
        grant = AccessGrant.objects.select_for_update().filter(pk=grant_id, owner_id=owner.pk).first()
        if grant is None:
            raise not_found("grant")
        if grant.revoked_at is None:
            grant.revoked_at = clock.now()
            grant.save(update_fields=["revoked_at"])
            audit(actor=owner, action="datastore.revoke", obj=grant)
    return grant


def _log(item: StoredItem, reader: Any, *, agency_id: int | None, dossier: Dossier | None, purpose: str) -> None:
    AccessLog.objects.create(
        owner_id=item.owner_id,
        item=item,
        item_title=item.title,
        reader=reader,
        reader_name=getattr(reader, "display_name", "") or str(reader),
        agency_id=agency_id,
        dossier=dossier,
        purpose=purpose,
        at=clock.now(),
    )


def read_item(*, actor: Actor, item_id: int, dossier_id: int | None = None) -> StoredItem:
    """Return an item to read: the owner's own, or an official's under a live grant for ``dossier_id``
    at one of their bodies (logged). Anything else is a 404."""
    user = actor.user
    if not getattr(user, "is_authenticated", False):
        raise not_found("stored_item")
    if not getattr(user, "is_official", False):
        item = StoredItem.objects.filter(pk=item_id, owner_id=user.pk).first()
        if item is None:
            raise not_found("stored_item")
        return item
    grant = (
        AccessGrant.objects.filter(
            dossier_id=dossier_id, revoked_at__isnull=True, agency_id__in=agencies_of(user), items__pk=item_id
        )
        .select_related("dossier")
        .first()
        if dossier_id
        else None
    )
    if grant is None:
        raise not_found("stored_item")
    item = StoredItem.objects.get(pk=item_id)
    with transaction.atomic():
        _log(item, user, agency_id=grant.agency_id, dossier=grant.dossier, purpose="grant")
    return item


def granted_items(user: Any, dossier: Dossier) -> list[StoredItem]:
    """The items an official may read for ``dossier`` (live grants to one of their bodies)."""
    if not getattr(user, "is_official", False):
        return []
    return list(
        StoredItem.objects.filter(
            grants__dossier=dossier, grants__revoked_at__isnull=True, grants__agency_id__in=agencies_of(user)
        ).distinct()
    )


def as_upload(item: StoredItem) -> ContentFile[bytes]:
    """The item's file as an upload (for a submission), named as it was stored."""
    with item.file.open("rb") as fh:
        return ContentFile(fh.read(), name=item.original_name)


# --- Reuse (tái sử dụng) ---------------------------------------------------------------------------


def counter_items(*, actor: Actor, agency_id: int, owner: Any, document_code: str) -> list[StoredItem]:
    """The applicant's valid items of ``document_code`` a reception officer may take at the counter.

    The applicant is at the counter and asks for it (their consent); only a reception officer of the
    receiving body may look. Each item listed is logged ("counter_list": its title was shown), and
    each item taken again (``take_at_counter``, "counter").
    """
    if "reception" not in roles_at(actor.user, agency_id) or owner is None:
        raise not_found("stored_item")
    today = clock.local_now().date()
    items = StoredItem.objects.filter(owner_id=owner.pk, document_code__in=codes_for(document_code))
    found = [i for i in items if i.is_valid_on(today)]
    with transaction.atomic():
        for item in found:  # seeing what the store holds is a read too: the owner sees who looked
            _log(item, actor.user, agency_id=agency_id, dossier=None, purpose="counter_list")
    return found


def take_at_counter(*, actor: Actor, agency_id: int, owner: Any, picks: Mapping[str, int]) -> dict[str, StoredItem]:
    """Take the applicant's items (requirement code → item id) for a counter submission; each read is logged."""
    if "reception" not in roles_at(actor.user, agency_id) or owner is None:
        raise not_found("stored_item")
    today = clock.local_now().date()
    taken: dict[str, StoredItem] = {}
    with transaction.atomic():
        for code, item_id in picks.items():
            item = StoredItem.objects.filter(pk=item_id, owner_id=owner.pk).first()
            if item is None or not fits(item.document_code, code) or not item.is_valid_on(today):
                raise ValidationError(
                    _("Giấy tờ trong kho dữ liệu không dùng được cho thành phần này."),
                    code="invalid_store_item",
                    details={"field": code},
                )
            _log(item, actor.user, agency_id=agency_id, dossier=None, purpose="counter")
            taken[code] = item
    return taken


def check_pick(owner: Any, requirement_code: str, item_id: int) -> StoredItem:
    """The owner's item ``item_id``, valid today and of the requirement's type; else 404 / a validation error."""
    item = StoredItem.objects.filter(pk=item_id, owner_id=getattr(owner, "pk", None)).first()
    if item is None:
        raise not_found("stored_item")
    if not fits(item.document_code, requirement_code) or not item.is_valid_on(clock.local_now().date()):
        raise ValidationError(
            _("Giấy tờ này không dùng được cho thành phần hồ sơ đã chọn (khác loại hoặc đã hết hiệu lực)."),
            code="invalid_store_item",
            details={"field": requirement_code},
        )
    return item


def pick_for_draft(*, actor: Actor, draft_id: int, requirement_code: str, item_id: int) -> StoredItem:
    """Remember that the owner took ``item_id`` for ``requirement_code`` of their draft (the portal checked
    the draft is theirs, and copies the file into it)."""
    owner = _owner_user(actor)
    item = check_pick(owner, requirement_code, item_id)
    with transaction.atomic():
        DraftPick.objects.update_or_create(
            draft_id=draft_id, requirement_code=requirement_code, defaults={"owner": owner, "item": item}
        )
    return item


def forget_pick(*, actor: Actor, draft_id: int, requirement_code: str) -> None:
    owner = _owner_user(actor)
    DraftPick.objects.filter(owner_id=owner.pk, draft_id=draft_id, requirement_code=requirement_code).delete()


def picks_of_draft(owner: Any, draft_id: int) -> dict[str, StoredItem]:
    picks = DraftPick.objects.filter(owner_id=getattr(owner, "pk", None), draft_id=draft_id).select_related("item")
    return {p.requirement_code: p.item for p in picks}


def record_reuse(dossier: Dossier, *, actor: Actor, picks: Mapping[str, StoredItem]) -> list[ReuseRecord]:
    """Link each submitted document of ``dossier`` that is a stored item's copy to that item (inside the
    submission's transaction). A document matches its pick by requirement code and content hash."""
    records: list[ReuseRecord] = []
    if not picks:
        return records
    docs = DossierDocument.objects.filter(
        dossier=dossier, kind=DossierDocument.Kind.SUBMITTED, requirement__code__in=list(picks)
    ).select_related("requirement")
    for doc in docs:
        item = picks.get(doc.requirement.code if doc.requirement else "")
        if item is None or item.sha256 != doc.sha256:
            continue
        records.append(
            ReuseRecord.objects.create(
                dossier=dossier,
                document=doc,
                item=item,
                requirement_code=doc.requirement.code if doc.requirement else item.document_code,
                channel=actor.channel,
                reused_by=actor.user if getattr(actor.user, "pk", None) else None,
                reused_at=clock.now(),
            )
        )
    if records:
        audit(
            actor=actor.user,
            action="datastore.reuse",
            obj=dossier,
            changes={"items": [r.item_id for r in records], "channel": actor.channel},
        )
        if actor.channel == "counter":  # the counter's reads name the dossier they were for, once it exists
            AccessLog.objects.filter(
                dossier__isnull=True, purpose="counter", reader=actor.user, item__in=[r.item for r in records]
            ).update(dossier=dossier)
    return records


def reuse_from_draft(dossier: Dossier, *, actor: Actor, draft_id: int) -> list[ReuseRecord]:
    """On a draft's submission: its picks become reuse records, and are forgotten."""
    picks = picks_of_draft(actor.user, draft_id)
    records = record_reuse(dossier, actor=actor, picks=picks)
    DraftPick.objects.filter(draft_id=draft_id).delete()
    return records


def _with_items(files: Files, taken: Mapping[str, StoredItem]) -> dict[str, list[Any]]:
    merged: dict[str, list[Any]] = {code: list(uploads) for code, uploads in files.items()}
    for code, item in taken.items():
        merged[code] = [as_upload(item)]  # the stored item stands for the upload of this requirement
    return merged


def submit_at_counter_with_store(
    *,
    actor: Actor,
    data: SubmissionInput,
    files: Files,
    picks: Mapping[str, int],
    applicant_user: Any,
    channel: int = Channel.IN_PERSON,
) -> Dossier:
    """Receive a dossier at the counter, some papers taken from the applicant's store (requirement code →
    item id) instead of scanned: each taken item's read is logged, the reuse recorded, all in one transaction."""
    if not picks:
        return submit_at_counter(actor=actor, data=data, files=files, channel=channel, applicant_user=applicant_user)
    agency = targets.agency_by_code(data.agency_code)
    if agency is None or applicant_user is None:
        return submit_at_counter(actor=actor, data=data, files=files, channel=channel, applicant_user=applicant_user)
    with transaction.atomic():
        taken = take_at_counter(actor=actor, agency_id=agency.pk, owner=applicant_user, picks=picks)
        dossier = submit_at_counter(
            actor=actor, data=data, files=_with_items(files, taken), channel=channel, applicant_user=applicant_user
        )
        record_reuse(dossier, actor=actor, picks=taken)
    return dossier


def submit_online_with_store(*, actor: Actor, data: SubmissionInput, files: Files, picks: Mapping[str, int]) -> Dossier:
    """File online (the API), some papers taken from the applicant's own store (requirement code → item id)."""
    if not picks:
        return submit_online(actor=actor, data=data, files=files)
    owner = _owner_user(actor)
    taken = {code: check_pick(owner, code, item_id) for code, item_id in picks.items()}
    with transaction.atomic():
        dossier = submit_online(actor=actor, data=data, files=_with_items(files, taken))
        record_reuse(dossier, actor=actor, picks=taken)
    return dossier
