"""An invalid exchange document is rejected as a whole, with the JSON path of every problem."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from motcua.catalogue.models import DocumentRequirement, FeeLine, Field, Procedure, ProcedureVersion
from motcua.catalogue.services import import_catalogue
from motcua.core.errors import ValidationError
from motcua.core.models import AuditLog

pytestmark = pytest.mark.django_db

MODELS = (Field, Procedure, ProcedureVersion, DocumentRequirement, FeeLine, AuditLog)


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def _index(data: dict[str, Any], code: str) -> int:
    return next(i for i, p in enumerate(data["procedures"]) if p["code"] == code)


def _reject(data: dict[str, Any]) -> ValidationError:
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        import_catalogue(data)
    assert _counts() == before, "a rejected import must write nothing"
    assert exc.value.code == "invalid_catalogue"
    return exc.value


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        keys = path.split(".")
        for key in keys[:-1]:
            target = target[int(key)] if key.isdigit() else target[key]
        target[keys[-1]] = value

    return change


@pytest.fixture
def imported(demo_data: dict[str, Any]) -> dict[str, Any]:
    """The demo catalogue already imported, so a rejected re-import must leave version 1 alone."""
    import_catalogue(copy.deepcopy(demo_data))
    return demo_data


@pytest.mark.parametrize(
    ("code", "change", "path", "words"),
    [
        ("1.001193", lambda p: p.update(ghi_chu="x"), "procedures[{i}].ghi_chu", "Khóa không được hỗ trợ"),
        (
            "1.001193",
            lambda p: p["documents"][1].update(form="photo"),
            "procedures[{i}].documents[1].form",
            'Giá trị "photo" không hợp lệ',
        ),
        (
            "1.001193",
            lambda p: p.update(implementing_level="district"),
            "procedures[{i}].implementing_level",
            "cho phép: province, department, commune",
        ),
        (
            "3.000333",
            lambda p: p["fees"][0].update(amount=-200000),
            "procedures[{i}].fees[0].amount",
            "số nguyên không âm",
        ),
        (
            "3.000333",
            lambda p: p["documents"][2].update(code="to-khai"),
            "procedures[{i}].documents[2].code",
            "Mã giấy tờ bị trùng trong thủ tục: to-khai",
        ),
        (
            "1.001193",
            lambda p: p.update(agencies=["H99.01"]),
            "procedures[{i}].agencies[0]",
            "Không có cơ quan mang mã định danh H99.01",
        ),
        (
            "1.001193",
            lambda p: p.update(field="KHONG-CO"),
            "procedures[{i}].field",
            "Lĩnh vực KHONG-CO không có trong tệp",
        ),
        (
            "1.001193",
            lambda p: p["processing_time"].update(amount="-1"),
            "procedures[{i}].processing_time.amount",
            "từ 0 đến 9999.99",
        ),
        (
            "1.001193",
            lambda p: p["processing_time"].update(same_day_cutoff="25:00"),
            "procedures[{i}].processing_time.same_day_cutoff",
            "HH:MM",
        ),
        (
            "1.001193",
            lambda p: p.update(applicant_types=["citizen", "alien"]),
            "procedures[{i}].applicant_types[1]",
            'Giá trị "alien" không hợp lệ',
        ),
        (
            "1.001193",
            lambda p: p["form_fields"][1].update(type="radio") or p["form_fields"][1].pop("max"),
            "procedures[{i}].form_fields[1].type",
            "Kiểu trường không hợp lệ",
        ),
        # Per document and channel (catalogue.documents).
        (
            "1.001193",
            lambda p: p["documents"][0].update(channels={"online": "paper"}),
            "procedures[{i}].documents[0].channels.online",
            'Giá trị "paper" không hợp lệ; cho phép: upload, eform, show, none',
        ),
        (
            "1.001193",
            lambda p: p["documents"][0].update(channels={"web": "upload"}),
            "procedures[{i}].documents[0].channels.web",
            "Khóa không được hỗ trợ",
        ),
        (
            "1.001193",
            lambda p: p["documents"][0].update(channels="eform"),
            "procedures[{i}].documents[0].channels",
            "Phải là một đối tượng JSON",
        ),
        (
            "2.000815",
            lambda p: (
                p.update(form_fields=[], fees=[])
                or p["documents"][1].update(channels={"online": "eform", "counter": "upload"})
            ),
            "procedures[{i}].documents[1].channels.online",
            'Chỉ dùng "eform" khi thủ tục có tờ khai điện tử',
        ),
        # Field rules of the form schema.
        (
            "1.001193",
            lambda p: p["form_fields"][4].update(code_list="religion"),
            "procedures[{i}].form_fields[4].code_list",
            "Danh mục không có; cho phép: ethnicity, nationality",
        ),
        (
            "1.001193",
            lambda p: p["form_fields"][4].update(choices=["Kinh"]),
            "procedures[{i}].form_fields[4].choices",
            "Dùng choices hoặc code_list, không dùng cả hai",
        ),
        (
            "1.001193",
            lambda p: p["form_fields"][12].update(min=30),
            "procedures[{i}].form_fields[12].min",
            "Giá trị min lớn hơn max",
        ),
        (
            "1.001193",
            lambda p: p["form_fields"][1].update(max="tomorrow"),
            "procedures[{i}].form_fields[1].max",
            'phải là "today" hoặc YYYY-MM-DD',
        ),
        (
            "1.001193",
            lambda p: p["form_fields"][0].update(min=1),
            "procedures[{i}].form_fields[0].min",
            "Chỉ trường số hoặc ngày mới có giới hạn min, max",
        ),
        (
            "1.001193",
            lambda p: p["form_fields"][0].update(integer=True),
            "procedures[{i}].form_fields[0].integer",
            "Chỉ trường số mới có thuộc tính integer",
        ),
        (
            "1.001193",
            lambda p: p["form_fields"][13].update(type="text"),
            "procedures[{i}].form_fields[13].source",
            "Trường lấy từ applicant.phone phải có kiểu: phone",
        ),
        (
            "1.001193",
            lambda p: p["form_fields"][0].update(source="applicant.age"),
            "procedures[{i}].form_fields[0].source",
            "Nguồn dữ liệu không hợp lệ",
        ),
        (
            "1.001193",
            lambda p: p["form_fields"][14].update(source="applicant.phone", type="phone"),
            "procedures[{i}].form_fields[14].source",
            "Hai trường cùng lấy từ applicant.phone",
        ),
        (
            "2.000815",
            lambda p: p["fees"][0].update(multiplier_field="ten_giay_to"),
            "procedures[{i}].fees[0].multiplier_field",
            "Phải là tên một trường số của tờ khai",
        ),
        (
            "2.000815",
            lambda p: p["fees"][0].update(multiplier_field="so_trang_ban_chinh"),
            "procedures[{i}].fees[0].multiplier_field",
            "Trường nhân phải khác trường tính số đơn vị",
        ),
        (
            "1.001193",
            lambda p: p["documents"][0].update(count=0),
            "procedures[{i}].documents[0].count",
            "số nguyên dương",
        ),
        ("1.001193", lambda p: p.pop("result_type"), "procedures[{i}].result_type", "Thiếu thông tin bắt buộc"),
        ("1.001193", lambda p: p.update(valid_from="2025-02-30"), "procedures[{i}].valid_from", "YYYY-MM-DD"),
        ("1.001193", lambda p: p["fees"][0].update(amount=1.5), "procedures[{i}].fees[0].amount", "số nguyên không âm"),
    ],
)
def test_each_error_names_procedure_and_path_and_writes_nothing(
    imported: dict[str, Any],
    code: str,
    change: Callable[[dict[str, Any]], None],
    path: str,
    words: str,
) -> None:
    data = copy.deepcopy(imported)
    i = _index(data, code)
    data["procedures"][i]["fees"][0]["amount"] += 1  # a valid change that would create version 2
    change(data["procedures"][i])

    error = _reject(data)

    expected_path = path.format(i=i)
    assert error.details["errors"][0]["path"] == expected_path
    assert error.details["errors"][0]["procedure"] == code
    assert f"{expected_path} ({code}): " in str(error.message)
    assert words in str(error.message)
    assert len(error.details["errors"]) == 1
    assert ProcedureVersion.objects.filter(procedure__code=code).count() == 1


def test_every_error_is_reported_at_once(demo_data: dict[str, Any]) -> None:
    data = copy.deepcopy(demo_data)
    data["procedures"][0]["documents"][0]["form"] = "photo"
    data["procedures"][5]["fees"][0]["amount"] = -1
    data["procedures"][7]["colour"] = "blue"

    error = _reject(data)

    assert [e["path"] for e in error.details["errors"]] == [
        "procedures[0].documents[0].form",
        "procedures[5].fees[0].amount",
        "procedures[7].colour",
    ]
    assert str(error.message).startswith("Tệp danh mục thủ tục không hợp lệ (3 lỗi):")
    assert Procedure.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (_set("format", "motcua.catalogue/2"), "format"),
        (_set("extra", 1), "extra"),
        (_set("fields.0.label", "x"), "fields[0].label"),
        (_set("procedures", {}), "procedures"),
    ],
)
def test_document_level_errors(demo_data: dict[str, Any], change: Callable[[dict[str, Any]], None], path: str) -> None:
    change(demo_data)
    error = _reject(demo_data)
    assert error.details["errors"][0]["path"] == path


def test_duplicate_procedure_and_field_codes(demo_data: dict[str, Any]) -> None:
    demo_data["fields"].append({"code": "HO-TICH", "name": "Trùng"})
    demo_data["procedures"].append(copy.deepcopy(demo_data["procedures"][0]))
    error = _reject(demo_data)
    assert [e["path"] for e in error.details["errors"]] == ["fields[6].code", "procedures[13].code"]


def test_over_long_text_is_rejected_before_the_database_sees_it(demo_data: dict[str, Any]) -> None:
    demo_data["procedures"][0]["documents"][0]["note"] = "x" * 501
    error = _reject(demo_data)
    assert error.details["errors"][0]["path"] == "procedures[0].documents[0].note"
    assert "Tối đa 500 ký tự" in error.details["errors"][0]["message"]


def test_not_an_object(db: Any) -> None:
    error = _reject([])  # type: ignore[arg-type]
    assert error.details["errors"][0]["path"] == "$"
