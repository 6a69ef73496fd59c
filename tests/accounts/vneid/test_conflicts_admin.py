"""Who may see and resolve e-ID conflicts in the admin: officials with the admin role (and staff), nobody else."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from motcua.accounts.models import EidConflict, User
from motcua.accounts.services import eid_sign_in
from motcua.core.models import AuditLog
from motcua.organisation.services import role_grant
from tests.helpers import make_user

LIST = "/admin/accounts/eidconflict/"


def conflict() -> EidConflict:
    make_user("cuong.local", kind="citizen", full_name="Lê Minh Cường", personal_id="001095034567")
    _user, row = eid_sign_in(
        subject="vneid-x", personal_id="001095034567", full_name="Lê Minh Cường", birth_date=None, level=2
    )
    assert row is not None
    return row


def as_(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_the_admin_role_sees_the_conflicts_and_resolves_one_with_a_note(world: Any) -> None:
    row = conflict()
    admin_official = make_user("quan.tri", full_name="Quản Trị")
    role_grant(user=admin_official, agency=world.commune, role="admin")
    client = as_(admin_official)
    listing = client.get(LIST)
    assert listing.status_code == 200 and "001095034567" in listing.content.decode()
    page = client.get(f"{LIST}{row.pk}/change/")
    assert page.status_code == 200
    empty = client.post(f"{LIST}{row.pk}/change/", {"resolution_note": "  "})
    assert empty.status_code == 200 and "Vui lòng ghi nội dung đã xử lý." in empty.content.decode()
    row.refresh_from_db()
    assert not row.resolved
    done = client.post(f"{LIST}{row.pk}/change/", {"resolution_note": "Đã đối chiếu CCCD, chuyển hồ sơ."})
    assert done.status_code == 302
    row.refresh_from_db()
    assert (row.resolved, row.resolved_by, row.resolution_note) == (
        True,
        admin_official,
        "Đã đối chiếu CCCD, chuyển hồ sơ.",
    )
    assert AuditLog.objects.filter(action="user.eid_conflict_resolved", actor=admin_official).count() == 1
    assert client.get(f"{LIST}add/").status_code == 403
    assert client.post(f"{LIST}{row.pk}/delete/", {"post": "yes"}).status_code == 403
    assert EidConflict.objects.count() == 1


@pytest.mark.django_db
def test_other_officials_and_citizens_may_not(world: Any) -> None:
    row = conflict()
    tthc = make_user("kiem.soat")
    role_grant(user=tthc, agency=world.commune, role="tthc_control")
    for user in (tthc, world.user("reception"), world.user("citizen")):
        client = as_(user)
        for url in (LIST, f"{LIST}{row.pk}/change/"):
            response = client.get(url)
            assert response.status_code in (302, 403), (user.username, url)
            assert "001095034567" not in response.content.decode()
        client.post(f"{LIST}{row.pk}/change/", {"resolution_note": "x"})
    row.refresh_from_db()
    assert not row.resolved
    anonymous = Client().get(LIST)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]


@pytest.mark.django_db
def test_resolving_twice_is_refused() -> None:
    from motcua.accounts.services import eid_conflict_resolve
    from motcua.core.errors import Conflict

    row = conflict()
    actor = make_user("quan.tri")
    eid_conflict_resolve(conflict=row, note="ok", actor=actor)
    with pytest.raises(Conflict):
        eid_conflict_resolve(conflict=row, note="again", actor=actor)
