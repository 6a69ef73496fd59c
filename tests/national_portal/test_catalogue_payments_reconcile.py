"""The catalogue pulled from the portal's procedure database, the payment platform's confirmations
reconciled with the fees, and the status reconciliation command, against the real peer."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.catalogue.models import Procedure
from motcua.core import clock
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import lifecycle
from motcua.national_portal.services import payments
from motcua.payments.models import Payment
from motcua.payments.services.fees import outstanding
from tests.helpers import as_, submit
from tests.national_portal.conftest import run_outbox

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_catalogue_is_pulled_through_the_catalogue_import(world, portal):
    out = StringIO()
    call_command("dvcqg-catalogue", stdout=out)
    assert "created: DVCQG.0001, DVCQG.0002" in out.getvalue()
    p = Procedure.objects.get(code="DVCQG.0001")
    v = p.versions.get()
    assert (p.field.code, v.online_level, v.implementing_level, v.applicant_types) == (
        "DVCQG-HT",
        "full",
        "commune",
        ["citizen"],
    )
    assert [(d.code, d.required) for d in v.documents.order_by("order", "id")] == [
        ("to-khai", True),
        ("giay-to-khac", False),
    ]
    assert [(f.name, f.amount) for f in v.fees.all()] == [("Lệ phí", 5000)]
    again = StringIO()
    call_command("dvcqg-catalogue", "DVCQG.0002", stdout=again)
    assert "unchanged: DVCQG.0002" in again.getvalue()
    portal.mode("down")
    with pytest.raises(CommandError):
        call_command("dvcqg-catalogue")


def pushed_and_received(world, portal) -> tuple[Dossier, str]:
    result = portal.push()
    d = Dossier.objects.get(code=result["answer"]["MaHoSoDiaPhuong"])
    lifecycle.receive(d.pk, actor=as_(world, "reception"))
    return d, result["message"]["HoSo"]["MaHoSo"]


def test_a_payment_confirmation_settles_the_fees_once(world, portal):
    d, national = pushed_and_received(world, portal)
    assert outstanding(d) == 10000
    portal.call("/_sim/pay", {"MaHoSo": national, "SoTien": 10000, "MaGiaoDich": "NPP-1"})
    pulled = payments.pull()
    assert pulled.outcomes == {"settled": 1}
    p = Payment.objects.get(dossier=d)
    assert (p.status, p.channel, p.amount, p.gateway_reference) == ("paid", "gateway_a", 10000, "NPP-1")
    assert outstanding(d) == 0
    assert payments.pull().outcomes == {}  # nothing new since the cursor
    # The same transaction again (e.g. the cursor was lost): settled once only.
    portal.call("/_sim/pay", {"MaHoSo": d.code, "SoTien": 10000, "MaGiaoDich": "NPP-1"})
    assert payments.pull().outcomes == {"duplicate": 1}
    assert Payment.objects.filter(dossier=d).count() == 1


def test_a_confirmation_that_does_not_match_is_left_unreconciled(world, portal):
    d, national = pushed_and_received(world, portal)
    portal.call("/_sim/pay", {"MaHoSo": national, "SoTien": 9000})
    portal.call("/_sim/pay", {"MaHoSo": "DVCQG-UNKNOWN", "SoTien": 10000})
    assert payments.pull().outcomes == {"amount_differs": 1, "unknown_dossier": 1}
    assert not Payment.objects.filter(dossier=d).exists()
    out = StringIO()
    portal.call("/_sim/pay", {"MaHoSo": national, "SoTien": 10000})
    call_command("dvcqg-pull", stdout=out)
    assert "payments: 1 settled" in out.getvalue()


def test_reconcile_lists_each_difference_and_exits_1(world, portal):
    d, national = pushed_and_received(world, portal)
    run_outbox()
    today = clock.local_now().date().isoformat()
    out = StringIO()
    call_command("dvcqg-reconcile", "--from", today, "--to", today, stdout=out)
    assert "0 difference(s)" in out.getvalue()
    local = submit(world)  # not synced yet: the portal does not know it
    lifecycle.assign(d.pk, actor=as_(world, "head"), assignee_username="specialist")  # not synced yet either
    out = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("dvcqg-reconcile", "--from", today, "--to", today, stdout=out)
    assert exit_.value.code == 1
    lines = out.getvalue().splitlines()
    assert f"{d.code}\t{national}\tlocal 4\tnational 2" in lines
    assert f"{local.code}\t{local.code}\tlocal 1\tnational missing" in lines
    assert lines[-1] == f"2 difference(s) from {today} to {today}"
    run_outbox()
    out = StringIO()
    call_command("dvcqg-reconcile", "--from", today, "--to", today, stdout=out)
    assert "0 difference(s)" in out.getvalue()
    yesterday = (clock.local_now().date() - timedelta(days=1)).isoformat()
    with pytest.raises(CommandError):
        call_command("dvcqg-reconcile", "--from", today, "--to", yesterday)
    with pytest.raises(CommandError):
        call_command("dvcqg-reconcile", "--from", "2026-13-01", "--to", today)
