"""The counter offers only the procedures of the officer's desks, and looks up an earlier applicant by
ID number: from this agency's dossiers or the applicant's account, never another agency's dossiers;
each look-up that returns data is in the audit log."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from motcua.accounts.models import User
from motcua.catalogue.models import Procedure
from motcua.catalogue.services.assignment import procedure_assign_agencies
from motcua.core.models import AuditLog
from motcua.dossiers.models import Dossier
from tests.backoffice.conftest import MONDAY_9
from tests.helpers import make_user, submit

pytestmark = pytest.mark.django_db
URL = "/backoffice/tiep-nhan/?thu_tuc=T.001"


def offered(client: Any, q: str = "") -> list[str]:
    page = client.get("/backoffice/tiep-nhan/", {"q": q})
    partial = client.get("/backoffice/tiep-nhan/thu-tuc/", {"q": q})
    assert page.status_code == partial.status_code == 200
    found = [p.code for p in page.context["results"]]
    assert [p.code for p in partial.context["results"]] == found
    return found


def test_only_the_procedures_of_the_officers_desks(world: Any, login: Any) -> None:
    assert offered(login("reception")) == ["T.001", "T.002"]  # commune level, none listed
    assert offered(login("dept_reception")) == []  # a department does not receive commune procedures
    assert offered(login("dept_reception"), "thu tuc") == []
    t2 = Procedure.objects.get(code="T.002")
    procedure_assign_agencies(procedure=t2, agencies=[world.department])  # listed: the department alone
    assert offered(login("reception")) == ["T.001"]
    assert offered(login("dept_reception")) == ["T.002"]
    assert offered(login("dept_reception"), "trong ngay") == ["T.002"]
    assert offered(login("dept_reception"), "ba ngay") == []
    html = login("dept_reception").get("/backoffice/tiep-nhan/?q=ba ngay").content.decode()
    assert "T.001" not in html


def lookup(client: Any, number: str) -> Any:
    return client.post(URL, {"lookup": "1", "lookup_id": number})


def initial(response: Any) -> dict[str, Any]:
    form = response.context["form"]
    assert not form.is_bound
    return {
        k.removeprefix("applicant_"): form.initial.get(k)
        for k in (
            "applicant_type",
            "applicant_name",
            "applicant_id_number",
            "applicant_phone",
            "applicant_email",
            "applicant_address",
        )
    }


def reads() -> list[tuple[Any, ...]]:
    return list(
        AuditLog.objects.filter(action="personal_data.read")
        .order_by("id")
        .values_list("actor__username", "object_type", "object_id", "changes")
    )


def test_lookup_prefills_from_the_latest_dossier_at_this_agency(world: Any, login: Any, frozen: Any) -> None:
    frozen(MONDAY_9)
    submit(
        world,
        user="other_citizen",
        name="Lê Văn Khách",
        id_number="079085054321",
        phone="0901111111",
        address="Nhà cũ",
        email="",
    )
    frozen(MONDAY_9 + timedelta(hours=1))
    latest = submit(
        world,
        user="other_citizen",
        name="Lê Văn Khách",
        id_number="079085054321",
        phone="0902222222",
        address="5 Tràng Tiền",
        email="",
    )
    frozen(MONDAY_9 + timedelta(hours=2))
    submit(
        world,
        user="other_citizen",
        agency="H26.102",
        name="Lê Văn Kiên",
        id_number="079085054321",
        phone="0903333333",
        address="Ở phường khác",
        email="khac@example.vn",
    )  # another agency: never read
    account = world.user("other_citizen")
    account.email, account.address = "khach@example.vn", "Địa chỉ trong tài khoản"
    account.save()
    before = Dossier.objects.count()
    response = lookup(login("reception"), " 079085054321 ")
    assert response.status_code == 200
    assert initial(response) == {
        "type": "citizen",
        "name": "Lê Văn Khách",
        "id_number": "079085054321",
        "phone": "0902222222",
        "email": "khach@example.vn",
        "address": "5 Tràng Tiền",
    }
    html = response.content.decode()
    assert f"Đã điền thông tin người nộp theo hồ sơ {latest.code}" in html
    assert 'value="0902222222"' in html and 'value="Lê Văn Khách"' in html
    assert "0903333333" not in html and "Ở phường khác" not in html and "Lê Văn Kiên" not in html
    assert Dossier.objects.count() == before
    assert reads() == [
        (
            "reception",
            "dossiers.dossier",
            str(latest.pk),
            {"purpose": "counter_intake_prefill", "dossier": latest.code, "account": account.pk},
        )
    ]


def test_another_agencys_applicant_is_not_leaked(world: Any, login: Any, at_monday: Any) -> None:
    submit(
        world,
        user="other_citizen",
        agency="H26.102",
        name="Lê Văn Khách",
        id_number="079085054399",
        phone="0903333333",
        address="Ở phường khác",
        email="khac@example.vn",
    )
    response = lookup(login("reception"), "079085054399")  # no account has this number either
    assert response.status_code == 200
    assert initial(response)["name"] is None and initial(response)["id_number"] == "079085054399"
    html = response.content.decode()
    assert "Chưa có người nộp nào với số giấy tờ này tại cơ quan." in html
    for secret in ("Lê Văn Khách", "0903333333", "Ở phường khác", "khac@example.vn"):
        assert secret not in html
    assert reads() == []


def test_lookup_falls_back_to_the_account(world: Any, login: Any) -> None:
    citizen = world.user("citizen")  # Nguyễn Thị Hằng, 001190012345, no dossier yet
    citizen.address = "12 Hàng Bài"
    citizen.save()
    response = lookup(login("reception"), "001190012345")
    assert initial(response) == {
        "type": "citizen",
        "name": "Nguyễn Thị Hằng",
        "id_number": "001190012345",
        "phone": "0912345678",
        "email": "citizen@example.vn",
        "address": "12 Hàng Bài",
    }
    assert "theo tài khoản của người nộp" in response.content.decode()
    assert reads() == [
        (
            "reception",
            "accounts.user",
            str(citizen.pk),
            {"purpose": "counter_intake_prefill", "dossier": "", "account": citizen.pk},
        )
    ]
    business = make_user(
        "dn", kind="business", full_name="Công ty TNHH Minh An", tax_code="0101234567", phone="0241234567"
    )
    response = lookup(login("reception"), "0101234567")
    assert initial(response)["type"] == "business" and initial(response)["name"] == "Công ty TNHH Minh An"
    assert User.objects.get(pk=business.pk).tax_code == "0101234567"


@pytest.mark.parametrize("number", ["", "abc", "12345", "00119001234567890", "<script>"])
def test_a_bad_number_is_refused(world: Any, login: Any, number: str) -> None:
    response = lookup(login("reception"), number)
    assert response.status_code == 422
    assert "Số giấy tờ gồm 9 đến 13 chữ số." in response.content.decode()
    assert reads() == [] and not Dossier.objects.exists()


def test_lookup_is_for_the_reception_of_a_competent_desk(world: Any, login: Any, at_monday: Any) -> None:
    submit(world)
    for who in ("specialist", "head", "citizen"):
        assert lookup(login(who), "001190012345").status_code == 403, who
    assert lookup(login("dept_reception"), "001190012345").status_code == 403  # does not receive T.001
    assert reads() == []


def test_the_looked_up_applicant_is_received(world: Any, login: Any, at_monday: Any) -> None:
    from tests.backoffice.test_counter import good

    first = submit(world)
    response = lookup(login("reception"), "001190012345")
    data = {f"applicant_{k}": v for k, v in initial(response).items()}
    received = login("reception").post(URL, good(**data))
    assert received.status_code == 302
    d = Dossier.objects.exclude(pk=first.pk).get()
    assert (d.applicant_name, d.applicant_id_number, d.applicant_phone, d.applicant_address, d.status) == (
        "Nguyễn Thị Hằng",
        "001190012345",
        "0912345678",
        "12 Hàng Bài",
        "received",
    )
