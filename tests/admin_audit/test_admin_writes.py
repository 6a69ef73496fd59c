"""Every write of the Django admin goes through the services: one audit row per change, in the same
transaction, with the action and the change; a refused write leaves nothing (issue #12, point 3)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.forms import MultiWidget
from django.test import Client
from django.urls import reverse

from motcua.accounts.models import ApiToken, User
from motcua.accounts.services import token_create
from motcua.core.models import AuditLog
from motcua.organisation.models import Agency, AgencyCode, OfficialRole, ReceivingPoint
from tests.helpers import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def root() -> User:
    return make_user("root", is_staff=True, is_superuser=True)


@pytest.fixture
def client(root: User) -> Client:
    c = Client()
    c.force_login(root)
    return c


def _plain(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, bool):
        return "on" if value else ""
    return str(value)


def form_data(response: Any) -> dict[str, Any]:
    """The POST a browser would send for the admin change form of ``response``, unchanged."""
    data: dict[str, Any] = {}

    def add(form: Any) -> None:
        for name, field in form.fields.items():
            key, value = form.add_prefix(name), form[name].value()
            if isinstance(field.widget, MultiWidget):  # date and time of a datetime: name_0, name_1
                parts = value if isinstance(value, list) else field.widget.decompress(value)
                data.update({f"{key}_{i}": _plain(part) for i, part in enumerate(parts)})
                continue
            if _plain(value) not in ("", []):
                data[key] = _plain(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data


def audits(action: str) -> list[AuditLog]:
    return list(AuditLog.objects.filter(action=action).order_by("id"))


def whole_seconds(user: User) -> None:
    """The admin's date and time inputs drop microseconds: saving a user created with them changes
    date_joined (Django's own behaviour, audited as such); these tests look at one field at a time."""
    User.objects.filter(pk=user.pk).update(date_joined=user.date_joined.replace(microsecond=0))


def changelist_action(client: Client, model: str, action: str, pks: list[int]) -> Any:
    return client.post(
        reverse(f"admin:{model}_changelist"), {"action": action, ACTION_CHECKBOX_NAME: [str(pk) for pk in pks]}
    )


def agency_post(client: Client, **extra: Any) -> dict[str, Any]:
    """The add form as the browser posts it (with the code history inline's management form)."""
    data = form_data(client.get(reverse("admin:organisation_agency_add")))
    assert data["code_history-TOTAL_FORMS"] == "0"
    return {
        **data,
        "code": "H26.103",
        "name": "Ủy ban nhân dân Phường Ba Đình",
        "level": "commune",
        "valid_from": "2025-07-01",
        **extra,
    }


def test_agency_add_opens_the_code_history_and_is_audited(client: Client, root: User, world: Any) -> None:
    response = client.post(
        reverse("admin:organisation_agency_add"),
        agency_post(client, code="h26.103", predecessors=[str(world.other_commune.pk)]),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    agency = Agency.objects.get(code="H26.103")
    assert list(agency.predecessors.all()) == [world.other_commune]
    assert list(AgencyCode.objects.filter(agency=agency).values_list("code", "valid_from", "valid_to")) == [
        ("H26.103", date(2025, 7, 1), None)
    ]
    [row] = audits("agency.create")[-1:]
    assert (row.actor, row.object_id, row.changes) == (
        root,
        str(agency.pk),
        {"code": "H26.103", "name": "Ủy ban nhân dân Phường Ba Đình"},
    )


def test_agency_add_with_an_invalid_code_writes_nothing(client: Client, world: Any) -> None:
    before = (Agency.objects.count(), AgencyCode.objects.count(), AuditLog.objects.count())
    response = client.post(reverse("admin:organisation_agency_add"), agency_post(client, code="bad code"))
    assert response.status_code == 200
    assert "Quyết định 20/2020/QĐ-TTg" in response.content.decode()
    assert (Agency.objects.count(), AgencyCode.objects.count(), AuditLog.objects.count()) == before


def test_agency_add_is_undone_when_its_audit_line_fails(client: Client, world: Any, monkeypatch: Any) -> None:
    def broken(**_kwargs: Any) -> None:
        raise RuntimeError("audit down")

    monkeypatch.setattr("motcua.organisation.services.audit", broken)
    data = agency_post(client)
    client.raise_request_exception = True
    with pytest.raises(RuntimeError):
        client.post(reverse("admin:organisation_agency_add"), data)
    assert not Agency.objects.filter(code="H26.103").exists()
    assert not AgencyCode.objects.filter(code="H26.103").exists()


def test_agency_edit_is_audited_with_old_and_new_values_and_the_code_is_read_only(
    client: Client, root: User, world: Any
) -> None:
    url = reverse("admin:organisation_agency_change", args=[world.commune.pk])
    page = client.get(url)
    assert "code" not in page.context["adminform"].form.fields  # read-only: shown, not posted
    assert reverse("admin:organisation_agency_change_code", args=[world.commune.pk]) in page.content.decode()
    data = form_data(page)
    data.update(name="UBND Phường Hoàn Kiếm", phone="02438253536", code="H99")  # a posted code is ignored
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    world.commune.refresh_from_db()
    assert (world.commune.code, world.commune.name) == ("H26.101", "UBND Phường Hoàn Kiếm")
    [row] = audits("agency.update")
    assert (row.actor, row.object_id) == (root, str(world.commune.pk))
    assert row.changes == {
        "name": ["Ủy ban nhân dân Phường Hoàn Kiếm", "UBND Phường Hoàn Kiếm"],
        "phone": ["", "02438253536"],
    }
    assert not audits("admin.change")


def test_change_code_view_keeps_the_history_and_is_audited(client: Client, root: User, world: Any) -> None:
    # The changelist action leads to the view for the one agency selected.
    response = changelist_action(client, "organisation_agency", "change_code", [world.commune.pk])
    url = reverse("admin:organisation_agency_change_code", args=[world.commune.pk])
    assert (response.status_code, response["Location"]) == (302, url)
    assert client.get(url).status_code == 200
    response = client.post(url, {"new_code": "h26.111", "on": "2026-01-01"})
    assert response.status_code == 302
    world.commune.refresh_from_db()
    assert world.commune.code == "H26.111"
    assert list(AgencyCode.objects.filter(agency=world.commune).order_by("id").values_list("code", "valid_to")) == [
        ("H26.101", date(2026, 1, 1)),
        ("H26.111", None),
    ]
    [row] = audits("agency.change_code")
    assert (row.actor, row.changes) == (root, {"code": ["H26.101", "H26.111"]})


@pytest.mark.parametrize("new_code", ["bad code", "H26.102"])
def test_change_code_refused_writes_nothing(client: Client, world: Any, new_code: str) -> None:
    before = (list(AgencyCode.objects.values_list("agency_id", "code", "valid_to")), AuditLog.objects.count())
    response = client.post(
        reverse("admin:organisation_agency_change_code", args=[world.commune.pk]),
        {"new_code": new_code, "on": "2026-01-01"},
    )
    assert response.status_code == 200 and response.context["form"].errors
    world.commune.refresh_from_db()
    assert world.commune.code == "H26.101"
    assert (list(AgencyCode.objects.values_list("agency_id", "code", "valid_to")), AuditLog.objects.count()) == before


def test_agency_delete_is_disabled(client: Client, world: Any) -> None:
    response = client.get(reverse("admin:organisation_agency_changelist"))
    assert "delete_selected" not in response.content.decode()
    changelist_action(client, "organisation_agency", "delete_selected", [world.other_commune.pk])
    assert Agency.objects.filter(pk=world.other_commune.pk).exists()
    assert (
        client.post(
            reverse("admin:organisation_agency_delete", args=[world.other_commune.pk]), {"post": "yes"}
        ).status_code
        == 403
    )


def test_role_grant_through_the_admin_is_audited(client: Client, root: User, world: Any) -> None:
    user = make_user("new_official", kind="citizen")
    response = client.post(
        reverse("admin:organisation_officialrole_add"),
        {"user": str(user.pk), "role": "specialist", "agency": str(world.commune.pk), "active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    grant = OfficialRole.objects.get(user=user)
    assert (grant.agency, grant.role, grant.active) == (world.commune, "specialist", True)
    user.refresh_from_db()
    assert user.kind == User.Kind.OFFICIAL  # what role_grant does, and a bare save did not
    [row] = audits("role.grant")[-1:]
    assert (row.actor, row.object_id, row.changes) == (
        root,
        str(grant.pk),
        {"user": user.pk, "agency": "H26.101", "role": "specialist"},
    )
    assert not audits("admin.add")


def test_role_revoke_by_unticking_active_and_by_the_action(client: Client, root: User, world: Any) -> None:
    grant = OfficialRole.objects.get(user=world.user("head"))
    url = reverse("admin:organisation_officialrole_change", args=[grant.pk])
    data = form_data(client.get(url))
    data.pop("active", None)
    assert client.post(url, data).status_code == 302
    grant.refresh_from_db()
    assert grant.active is False
    [row] = audits("role.revoke")
    assert (row.actor, row.object_id, row.changes) == (
        root,
        str(grant.pk),
        {"user": world.user("head").pk, "agency": "H26.101", "role": "head"},
    )
    # The bulk action: one audit line per grant it ends, none for one already ended.
    others = [OfficialRole.objects.get(user=world.user(n)).pk for n in ("clerk", "dept_head")]
    response = changelist_action(client, "organisation_officialrole", "revoke", [*others, grant.pk])
    assert response.status_code == 302
    assert not OfficialRole.objects.filter(pk__in=[*others, grant.pk], active=True).exists()
    assert sorted(int(r.object_id) for r in audits("role.revoke")) == sorted([grant.pk, *others])


def test_role_delete_is_disabled_so_no_role_vanishes_unaudited(client: Client, world: Any) -> None:
    pks = list(OfficialRole.objects.values_list("pk", flat=True))
    assert "delete_selected" not in client.get(reverse("admin:organisation_officialrole_changelist")).content.decode()
    changelist_action(client, "organisation_officialrole", "delete_selected", pks)
    assert OfficialRole.objects.count() == len(pks)


def test_receiving_point_add_goes_through_the_service(client: Client, root: User, world: Any) -> None:
    response = client.post(
        reverse("admin:organisation_receivingpoint_add"),
        {
            "name": "Bộ phận Một cửa Sở Tư pháp",
            "agency": str(world.department.pk),
            "serves": [str(world.department.pk)],
            "morning_start": "07:30",
            "morning_end": "11:30",
            "afternoon_start": "13:30",
            "afternoon_end": "17:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    point = ReceivingPoint.objects.get(name="Bộ phận Một cửa Sở Tư pháp")
    assert list(point.serves.all()) == [world.department]
    [row] = audits("receiving_point.create")[-1:]
    assert (row.actor, row.object_id, row.changes) == (root, str(point.pk), {"name": point.name})


def test_receiving_point_edit_is_audited(client: Client, root: User, world: Any) -> None:
    point = ReceivingPoint.objects.get()
    url = reverse("admin:organisation_receivingpoint_change", args=[point.pk])
    data = {
        **form_data(client.get(url)),
        "morning_start": "08:00",
        "serves": [str(world.commune.pk), str(world.other_commune.pk)],
    }
    assert client.post(url, data).status_code == 302
    point.refresh_from_db()
    assert str(point.morning_start) == "08:00:00"
    assert sorted(point.serves.values_list("pk", flat=True)) == sorted([world.commune.pk, world.other_commune.pk])
    [row] = audits("receiving_point.update")
    assert (row.actor, row.changes) == (
        root,
        {
            "morning_start": ["07:30:00", "08:00:00"],
            "serves": [[world.commune.pk], sorted([world.commune.pk, world.other_commune.pk])],
        },
    )


def test_bulk_delete_of_receiving_points_audits_each(client: Client, root: User, world: Any) -> None:
    second = ReceivingPoint.objects.create(name="Điểm tiếp nhận 2", agency=world.department)
    pks = list(ReceivingPoint.objects.values_list("pk", flat=True))
    response = client.post(
        reverse("admin:organisation_receivingpoint_changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [str(pk) for pk in pks], "post": "yes"},
    )
    assert response.status_code == 302
    assert not ReceivingPoint.objects.exists()
    rows = audits("receiving_point.delete")
    assert sorted(r.object_id for r in rows) == sorted(str(pk) for pk in pks)
    assert sorted((r.changes["name"], r.changes["agency"]) for r in rows) == sorted(
        [("Bộ phận Một cửa Hoàn Kiếm", "H26.101"), (second.name, "H26.24")]
    )
    assert all(r.actor == root for r in rows)


def test_bulk_delete_of_users_audits_each_with_its_roles(client: Client, root: User, world: Any) -> None:
    victims = [make_user("temp1"), make_user("temp2", kind="citizen")]
    from motcua.organisation.services import role_grant

    role_grant(user=victims[0], agency=world.commune, role="reception")
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [str(u.pk) for u in victims], "post": "yes"},
    )
    assert response.status_code == 302
    assert not User.objects.filter(username__in=["temp1", "temp2"]).exists()
    rows = {r.changes["username"]: r for r in audits("user.delete")}
    assert set(rows) == {"temp1", "temp2"}
    assert rows["temp1"].changes["roles"] == ["H26.101:reception:active"]
    assert rows["temp2"].changes["roles"] == []
    assert all(r.actor == root for r in rows.values())


@pytest.mark.parametrize("field", ["is_staff", "is_superuser", "is_active"])
def test_user_rights_change_is_audited(client: Client, root: User, world: Any, field: str) -> None:
    user = world.user("reception")
    whole_seconds(user)
    before = getattr(user, field)
    url = reverse("admin:accounts_user_change", args=[user.pk])
    data = form_data(client.get(url))
    if before:
        data.pop(field, None)
    else:
        data[field] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert getattr(user, field) is (not before)
    [row] = audits("user.rights_change")
    assert (row.actor, row.object_id, row.changes) == (root, str(user.pk), {field: [before, not before]})


def test_rights_change_is_undone_when_its_audit_line_fails(client: Client, world: Any, monkeypatch: Any) -> None:
    user = world.user("reception")
    url = reverse("admin:accounts_user_change", args=[user.pk])
    data = {**form_data(client.get(url)), "is_superuser": "on"}

    def broken(**_kwargs: Any) -> None:
        raise RuntimeError("audit down")

    monkeypatch.setattr("motcua.accounts.services.audit", broken)
    client.raise_request_exception = True
    with pytest.raises(RuntimeError):
        client.post(url, data)
    user.refresh_from_db()
    assert user.is_superuser is False


def test_a_duplicate_role_grant_is_refused_and_writes_nothing(client: Client, world: Any) -> None:
    before = (OfficialRole.objects.count(), AuditLog.objects.count())
    response = client.post(
        reverse("admin:organisation_officialrole_add"),
        {"user": str(world.user("head").pk), "role": "head", "agency": str(world.commune.pk), "active": "on"},
    )
    assert response.status_code == 200 and response.context["adminform"].form.errors
    assert (OfficialRole.objects.count(), AuditLog.objects.count()) == before


def test_user_edit_and_password_are_audited_without_the_password(client: Client, root: User, world: Any) -> None:
    user = world.user("citizen")
    whole_seconds(user)
    url = reverse("admin:accounts_user_change", args=[user.pk])
    data = form_data(client.get(url))
    data["full_name"] = "Nguyễn Thị Hằng Nga"
    assert client.post(url, data).status_code == 302
    [row] = audits("user.update")
    assert row.changes == {"full_name": ["Nguyễn Thị Hằng", "Nguyễn Thị Hằng Nga"]}
    response = client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": "Mk-moi-2026!x", "password2": "Mk-moi-2026!x", "usable_password": "true"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Mk-moi-2026!x")
    [row] = audits("user.password_set")
    assert (row.actor, row.object_id) == (root, str(user.pk))
    assert "Mk-moi" not in str(AuditLog.objects.values_list("changes", flat=True)[::1])


def test_user_add_is_audited(client: Client, root: User) -> None:
    response = client.post(
        reverse("admin:accounts_user_add"),
        {"username": "moi", "password1": "Mk-moi-2026!x", "password2": "Mk-moi-2026!x", "usable_password": "true"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(username="moi")
    [row] = audits("user.create")
    assert (row.actor, row.object_id, row.changes["username"]) == (root, str(user.pk), "moi")
    assert row.changes.get("password") == "***"


def test_token_revoke_action_is_audited_once(client: Client, root: User, world: Any) -> None:
    token, _plain_token = token_create(user=world.user("reception"), name="tích hợp")
    response = changelist_action(client, "accounts_apitoken", "revoke", [token.pk])
    assert response.status_code == 302
    token.refresh_from_db()
    first = token.revoked_at
    assert first is not None
    [row] = audits("token.revoke")
    assert (row.actor, row.object_id, row.changes) == (
        root,
        str(token.pk),
        {"user": world.user("reception").pk, "name": "tích hợp", "prefix": token.prefix},
    )
    changelist_action(client, "accounts_apitoken", "revoke", [token.pk])  # again: no second line
    token.refresh_from_db()
    assert token.revoked_at == first and len(audits("token.revoke")) == 1


def test_tokens_cannot_be_added_or_deleted_in_the_admin(client: Client, world: Any) -> None:
    token, _plain_token = token_create(user=world.user("reception"))
    assert client.get(reverse("admin:accounts_apitoken_add")).status_code == 403
    changelist_action(client, "accounts_apitoken", "delete_selected", [token.pk])
    assert ApiToken.objects.filter(pk=token.pk).exists()
