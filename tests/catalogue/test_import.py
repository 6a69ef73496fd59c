"""Import and export of the exchange format: contents, versioning, round trip."""

from __future__ import annotations

import copy
from datetime import time
from decimal import Decimal
from typing import Any

import pytest

from motcua.catalogue.models import DocumentRequirement, FeeLine, Field, Procedure, ProcedureVersion
from motcua.catalogue.services import export_catalogue, import_catalogue
from motcua.core.errors import NotFound
from motcua.core.models import AuditLog

pytestmark = pytest.mark.django_db


def _proc(data: dict[str, Any], code: str) -> dict[str, Any]:
    return next(p for p in data["procedures"] if p["code"] == code)


def test_demo_import_creates_every_procedure(demo_data: dict[str, Any]) -> None:
    report = import_catalogue(copy.deepcopy(demo_data))

    assert len(report.created) == 13
    assert report.updated == [] and report.unchanged == []
    assert Procedure.objects.count() == 13
    assert ProcedureVersion.objects.count() == 13
    assert Field.objects.count() == 6
    assert AuditLog.objects.filter(action="catalogue.version_published").count() == 13
    assert not Procedure.objects.filter(current_version__isnull=True).exists()


def test_birth_registration_is_same_day_free_with_five_documents(demo_catalogue: dict[str, Any]) -> None:
    procedure = Procedure.objects.select_related("field", "current_version").get(code="1.001193")
    version = procedure.current_version
    assert version is not None
    assert procedure.name == "Đăng ký khai sinh"
    assert procedure.field.name == "Hộ tịch"
    # Code, name, field and result (i/y spelled one way), then the synonyms of data/synonyms.json.
    assert procedure.search_text == (
        " 1.001193 | dang ki khai sinh | ho tich | giay khai sinh | ban chinh | ban dien tu | ban sao giay khai sinh "
        "neu co yeu cau | giay khai sinh | lam khai sinh | lam giay khai sinh "
    )
    assert version.number == 1
    assert version.published_at is not None
    assert version.implementing_level == "commune"
    assert version.time_unit == "working_days"
    assert version.time_amount == Decimal("0")
    assert version.same_day_cutoff == time(15, 0)
    assert [(f.kind, f.amount) for f in version.fees.all()] == [("fee", 0)]
    docs = list(version.documents.all())
    assert [d.code for d in docs] == [
        "to-khai",
        "giay-chung-sinh",
        "giay-to-tuy-than",
        "van-ban-mang-thai-ho",
        "van-ban-uy-quyen",
    ]
    assert [d.required for d in docs] == [True, True, True, False, False]
    assert docs[1].form == "original" and docs[1].count == 1
    # Online the tờ khai is the e-form and the identity paper is shown; at the counter the tờ khai is scanned.
    assert [(d.online_mode, d.counter_mode) for d in docs] == [
        ("eform", "upload"),
        ("upload", "upload"),
        ("show", "show"),
        ("upload", "upload"),
        ("upload", "upload"),
    ]
    assert [f["name"] for f in version.form_fields][:3] == ["ho_ten_tre", "ngay_sinh", "noi_sinh"]
    specs = {f["name"]: f for f in version.form_fields}
    assert specs["ngay_sinh"]["max"] == "today"
    assert specs["dan_toc"] == {
        "name": "dan_toc",
        "label": "Dân tộc",
        "type": "select",
        "required": True,
        "code_list": "ethnicity",
    }
    assert specs["so_dinh_danh_me"]["type"] == "personal_id"
    assert (specs["so_dien_thoai"]["source"], specs["email"]["source"]) == ("applicant.phone", "applicant.email")


def test_judicial_record_fees_time_and_documents(demo_catalogue: dict[str, Any]) -> None:
    version = Procedure.objects.get(code="3.000333").current_version
    assert version is not None
    assert version.implementing_level == "central_office"
    assert (version.time_unit, version.time_amount, version.same_day_cutoff) == ("calendar_days", Decimal("10"), None)
    assert [(f.kind, f.amount) for f in version.fees.all()] == [("charge", 200000), ("charge", 5000)]
    assert "100.000 đồng" in version.fees.all()[0].rule
    assert version.documents.count() == 4
    assert version.documents.filter(required=True).count() == 2
    assert version.payment_before_processing is True


def test_reimport_of_the_same_file_changes_nothing(demo_data: dict[str, Any]) -> None:
    import_catalogue(copy.deepcopy(demo_data))
    audit_before = AuditLog.objects.count()
    versions_before = list(ProcedureVersion.objects.values_list("pk", "published_at"))

    report = import_catalogue(copy.deepcopy(demo_data))

    assert report.created == [] and report.updated == []
    assert len(report.unchanged) == 13
    assert not report.changed
    assert list(ProcedureVersion.objects.values_list("pk", "published_at")) == versions_before
    assert AuditLog.objects.count() == audit_before


def test_changed_fee_publishes_version_two_and_keeps_version_one(demo_data: dict[str, Any]) -> None:
    import_catalogue(copy.deepcopy(demo_data))
    v1 = ProcedureVersion.objects.get(procedure__code="3.000333", number=1)
    v1_fees = list(v1.fees.values_list("pk", "amount"))
    v1_docs = list(v1.documents.values_list("pk", "code"))

    changed = copy.deepcopy(demo_data)
    _proc(changed, "3.000333")["fees"][0]["amount"] = 250000
    report = import_catalogue(changed)

    assert report.updated == ["3.000333"]
    assert len(report.unchanged) == 12
    procedure = Procedure.objects.get(code="3.000333")
    assert procedure.current_version is not None
    assert procedure.current_version.number == 2
    assert procedure.current_version.fees.all()[0].amount == 250000
    v1.refresh_from_db()
    assert list(v1.fees.values_list("pk", "amount")) == v1_fees
    assert list(v1.documents.values_list("pk", "code")) == v1_docs
    assert v1_fees[0][1] == 200000
    entry = AuditLog.objects.filter(
        action="catalogue.version_published", object_id=str(procedure.current_version.pk)
    ).get()
    assert entry.changes == {"procedure": "3.000333", "number": 2, "previous_number": 1, "changed": ["fees"]}


def test_renamed_procedure_and_moved_field_update_search_text(demo_data: dict[str, Any]) -> None:
    import_catalogue(copy.deepcopy(demo_data))
    changed = copy.deepcopy(demo_data)
    changed["fields"].append({"code": "TU-PHAP", "name": "Tư pháp"})
    _proc(changed, "2.000635")["field"] = "TU-PHAP"  # field only: no new version
    _proc(changed, "1.000656")["name"] = "Đăng ký khai tử (đúng hạn)"

    report = import_catalogue(changed)

    assert report.updated == ["1.000656", "2.000635"]
    assert report.fields_created == ["TU-PHAP"]
    moved = Procedure.objects.get(code="2.000635")
    assert moved.current_version is not None and moved.current_version.number == 1
    assert moved.search_text.startswith(
        " 2.000635 | cap ban sao trich luc ho tich | tu phap | ban sao trich luc ho tich"
    )
    renamed = Procedure.objects.get(code="1.000656")
    assert renamed.name == "Đăng ký khai tử (đúng hạn)"
    assert renamed.current_version is not None and renamed.current_version.number == 2


def test_field_rename_refreshes_search_text_of_its_procedures(demo_data: dict[str, Any]) -> None:
    import_catalogue(copy.deepcopy(demo_data))
    renamed = {"format": "motcua.catalogue/1", "fields": [{"code": "CU-TRU", "name": "Cư trú"}], "procedures": []}

    report = import_catalogue(renamed)

    assert report.fields_renamed == ["CU-TRU"]
    assert Procedure.objects.get(code="1.004194").search_text == (
        " 1.004194 | dang ki tam tru | cu tru | thong bao ket qua dang ki tam tru "
        "| thong tin tam tru duoc cap nhat vao co so du lieu ve cu tru | khai bao tam tru | so tam tru | kt3 "
    )


def test_round_trip_export_import_export_is_identical(demo_data: dict[str, Any]) -> None:
    import_catalogue(copy.deepcopy(demo_data))
    first = export_catalogue()
    # Into an empty catalogue: delete everything (test only; services never delete).
    Procedure.objects.update(current_version=None)
    FeeLine.objects.all().delete()
    DocumentRequirement.objects.all().delete()
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()
    Field.objects.all().delete()

    import_catalogue(copy.deepcopy(first))

    assert export_catalogue() == first


def test_export_of_the_demo_equals_the_demo_file(demo_catalogue: dict[str, Any]) -> None:
    assert export_catalogue() == demo_catalogue


def test_export_selected_codes_and_unknown_code(demo_catalogue: dict[str, Any]) -> None:
    data = export_catalogue(["1.001193", "2.000815"])
    assert [p["code"] for p in data["procedures"]] == ["1.001193", "2.000815"]
    assert [f["code"] for f in data["fields"]] == ["CHUNG-THUC", "HO-TICH"]
    with pytest.raises(NotFound) as exc:
        export_catalogue(["1.001193", "9.999999"])
    assert exc.value.details == {"codes": ["9.999999"]}


def test_import_accepts_minimal_entry_and_fills_defaults(db: Any) -> None:
    data = {
        "format": "motcua.catalogue/1",
        "fields": [{"code": "F1", "name": "Lĩnh vực thử"}],
        "procedures": [
            {
                "code": "9.000001",
                "name": "Thủ tục thử",
                "field": "F1",
                "implementing_level": "department",
                "applicant_types": ["business", "citizen"],
                "online_level": "none",
                "processing_time": {"unit": "working_hours", "amount": "4.50"},
                "result_type": "Văn bản",
                "documents": [{"code": "d1", "name": "Đơn"}],
            }
        ],
    }
    import_catalogue(data)
    entry = export_catalogue()["procedures"][0]
    assert entry["applicant_types"] == ["citizen", "business"]
    assert entry["processing_time"] == {"unit": "working_hours", "amount": "4.5", "same_day_cutoff": None, "note": ""}
    assert entry["documents"][0] == {
        "code": "d1",
        "name": "Đơn",
        "form": "original",
        "count": 1,
        "required": True,
        "applicant_types": [],
        "template_name": "",
        "template_url": "",
        "note": "",
        "channels": {"online": "upload", "counter": "upload"},
    }
    assert entry["fees"] == [] and entry["form_fields"] == [] and entry["agencies"] == []


def test_agencies_are_linked_by_code(db: Any, demo_data: dict[str, Any]) -> None:
    from motcua.organisation.models import Agency

    Agency.objects.create(code="H56.18", name="UBND xã A", level="commune")
    Agency.objects.create(code="H56.19", name="UBND xã B", level="commune")
    _proc(demo_data, "1.001193")["agencies"] = ["H56.19", "H56.18"]
    import_catalogue(demo_data)
    version = Procedure.objects.get(code="1.001193").current_version
    assert version is not None
    assert sorted(a.code for a in version.agencies.all()) == ["H56.18", "H56.19"]
    assert _proc(export_catalogue(["1.001193"]), "1.001193")["agencies"] == ["H56.18", "H56.19"]
    # Same agencies in another order: unchanged.
    _proc(demo_data, "1.001193")["agencies"] = ["H56.18", "H56.19"]
    assert "1.001193" in import_catalogue(demo_data).unchanged
