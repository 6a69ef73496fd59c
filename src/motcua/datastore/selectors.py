"""Reads of the data store through the caller's visibility: an owner sees only their own (404 otherwise)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from motcua.core import clock
from motcua.core.errors import not_found
from motcua.datastore.models import AccessGrant, AccessLog, ReuseRecord, StoredItem
from motcua.datastore.results import codes_for


def own_items(user: Any) -> QuerySet[StoredItem]:
    """The items of ``user``'s store (none for anonymous users and officials)."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "is_official", False):
        return StoredItem.objects.none()
    return StoredItem.objects.filter(owner_id=user.pk)


def own_item(user: Any, item_id: int) -> StoredItem:
    """Return the owner's item ``item_id``; anyone else's (or none) is a 404, so existence does not leak."""
    item = own_items(user).filter(pk=item_id).first()
    if item is None:
        raise not_found("stored_item")
    return item


def usable_items(user: Any, document_code: str) -> list[StoredItem]:
    """The owner's items of ``document_code`` still valid today: what a submission may take."""
    today = clock.local_now().date()
    return [i for i in own_items(user).filter(document_code__in=codes_for(document_code)) if i.is_valid_on(today)]


def own_grants(user: Any) -> QuerySet[AccessGrant]:
    if not getattr(user, "is_authenticated", False):
        return AccessGrant.objects.none()
    return AccessGrant.objects.filter(owner_id=user.pk).select_related("dossier", "agency").prefetch_related("items")


def own_access_log(user: Any) -> QuerySet[AccessLog]:
    if not getattr(user, "is_authenticated", False):
        return AccessLog.objects.none()
    return AccessLog.objects.filter(owner_id=user.pk).select_related("agency", "dossier")


def reuses_of(dossier_id: int) -> dict[int, ReuseRecord]:
    """The documents of a dossier taken from the store, by document id (the caller already sees the dossier)."""
    return {r.document_id: r for r in ReuseRecord.objects.filter(dossier_id=dossier_id).select_related("item")}
