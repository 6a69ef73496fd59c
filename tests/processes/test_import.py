from __future__ import annotations

from typing import Any

import pytest

from motcua.catalogue.services import DEMO_CATALOGUE
from motcua.catalogue.services.importing import import_catalogue
from motcua.core.actor import SYSTEM
from motcua.core.errors import PermissionDenied, ValidationError
from motcua.core.models import AuditLog
from motcua.processes import demo, services
from motcua.processes.bpmn import generate, model
from motcua.processes.bpmn.svg import render
from motcua.processes.models import ProcessDefinition, ProcessStep
from tests.helpers import as_

from .conftest import table

pytestmark = pytest.mark.django_db

MINI = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="D">
  <bpmn:process id="P" isExecutable="true">
    <bpmn:laneSet id="LS"><bpmn:lane id="Lane_A" name="Chuyên viên [specialist @ {{handling}}]">
      <bpmn:flowNodeRef>S</bpmn:flowNodeRef><bpmn:flowNodeRef>T1</bpmn:flowNodeRef><bpmn:flowNodeRef>G</bpmn:flowNodeRef>
      <bpmn:flowNodeRef>T2</bpmn:flowNodeRef><bpmn:flowNodeRef>E</bpmn:flowNodeRef>
    </bpmn:lane></bpmn:laneSet>
    <bpmn:startEvent id="S" />
    <bpmn:userTask id="T1" name="Thẩm định" />
    <bpmn:boundaryEvent id="B1" attachedToRef="T1" cancelActivity="false"><bpmn:timerEventDefinition>
      <bpmn:timeDuration xsi:type="bpmn:tFormalExpression">{duration}</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:exclusiveGateway id="G" name="Doanh nghiệp?" {default} />
    <{task2} id="T2" name="Xét riêng"><bpmn:extensionElements><camunda:properties>
      <camunda:property name="allotment" value="{allot2}" /></camunda:properties></bpmn:extensionElements></{task2}>
    <bpmn:endEvent id="E" />
    {extra}
    <bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="T1" />
    <bpmn:sequenceFlow id="F2" sourceRef="T1" targetRef="G" />
    <bpmn:sequenceFlow id="F3" sourceRef="G" targetRef="T2"><bpmn:conditionExpression
      xsi:type="bpmn:tFormalExpression">{condition}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="F4" sourceRef="G" targetRef="E" />
    <bpmn:sequenceFlow id="F5" sourceRef="T2" targetRef="E" />
  </bpmn:process>
</bpmn:definitions>"""


def mini(**kw: str) -> str:
    values = {
        "duration": "PT8H",
        "default": 'default="F4"',
        "task2": "bpmn:userTask",
        "allot2": "PT2H",
        "condition": '${applicant_type == "business" &amp;&amp; fee_total &gt; 0}',
        "extra": "",
    }
    values.update(kw)
    return MINI.format(**values)


def errors(exc: Any) -> list[tuple[str, str]]:
    return [(p["element"], p["code"]) for p in exc.value.details["errors"]]


def test_camunda_style_file_is_normalised(world: Any) -> None:
    d = services.import_bpmn("T.001", mini(task2="bpmn:task"), actor=SYSTEM)
    assert '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">"PT8H"</bpmn:timeDuration>' in d.bpmn_xml
    assert 'applicant_type == "business" and fee_total &gt; 0' in d.bpmn_xml
    assert '<bpmn:userTask id="T2"' in d.bpmn_xml  # a plain task becomes a user task
    steps = list(ProcessStep.objects.filter(definition=d).values_list("element_id", "body", "role", "unit", "amount"))
    assert [(e, b, r, u, str(a)) for e, b, r, u, a in steps] == [
        ("T1", "{handling}", "specialist", "working_hours", "8.00"),
        ("T2", "{handling}", "specialist", "working_hours", "2.00"),
    ]
    log = AuditLog.objects.get(action="process.import")
    assert log.changes == {"procedure": "T.001", "number": 1, "source": "import", "replaces": [], "steps": 2}
    assert services.export_bpmn("T.001") == d.bpmn_xml


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        (
            {"extra": '<bpmn:serviceTask id="X1" name="Gọi API" />'},
            [("serviceTask 'X1' (Gọi API)", "unsupported_element")],
        ),
        ({"extra": '<bpmn:scriptTask id="X2" />'}, [("scriptTask 'X2'", "unsupported_element")]),
        (
            {"default": ""},
            [
                ("exclusiveGateway 'G' (Doanh nghiệp?)", "gateway_without_default"),
                ("sequenceFlow 'F4'", "flow_without_condition"),
            ],
        ),
        ({"duration": "8 tiếng"}, [("boundaryEvent 'B1'", "bad_duration")]),
        ({"allot2": "P1M"}, [("userTask 'T2' (Xét riêng)", "bad_duration")]),
        ({"allot2": "P3D"}, [("process 'P'", "allotment_over_legal_time")]),
        ({"condition": "__import__('os').system('id')"}, [("sequenceFlow 'F3'", "bad_condition")]),
        ({"condition": "form.__class__"}, [("sequenceFlow 'F3'", "bad_condition")]),
    ],
)
def test_malformed_files_name_the_element(world: Any, kw: dict[str, str], expected: list[tuple[str, str]]) -> None:
    with pytest.raises(ValidationError) as exc:
        services.import_bpmn("T.001", mini(**kw), actor=SYSTEM)
    assert errors(exc) == expected
    assert expected[0][0] in exc.value.message
    assert not ProcessDefinition.objects.exists()


def test_step_without_lane(world: Any) -> None:
    xml = mini(extra='<bpmn:userTask id="Lost" name="Bước lạc" />').replace(
        '<bpmn:sequenceFlow id="F5" sourceRef="T2" targetRef="E" />',
        '<bpmn:sequenceFlow id="F5" sourceRef="T2" targetRef="Lost" />'
        '<bpmn:sequenceFlow id="F6" sourceRef="Lost" targetRef="E" />',
    )
    with pytest.raises(ValidationError) as exc:
        services.import_bpmn("T.001", xml, actor=SYSTEM)
    assert errors(exc) == [("userTask 'Lost' (Bước lạc)", "step_without_lane")]
    assert "bước không nằm trong làn nào" in exc.value.message


def test_allotment_over_legal_time_message(world: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.import_bpmn("T.001", mini(allot2="P3D"), actor=SYSTEM)
    [problem] = exc.value.details["errors"]
    assert problem["message"] == (
        "tổng thời hạn các bước trên nhánh dài nhất (Thẩm định → Xét riêng) là 30.5 giờ "
        "làm việc, vượt thời hạn giải quyết theo quy định (22.5 giờ làm việc)"
    )


def test_not_xml_and_not_bpmn(world: Any) -> None:
    for text, code in [("<oops", "not_xml"), ("<x/>", "not_bpmn")]:
        with pytest.raises(ValidationError) as exc:
            services.import_bpmn("T.001", text, actor=SYSTEM)
        assert errors(exc) == [("file", code)]


def test_xml_entities_are_not_expanded(world: Any) -> None:
    xml = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + mini().split("?>", 1)[1]
    xml = xml.replace('name="Thẩm định"', 'name="&x;"')
    with pytest.raises(ValidationError) as exc:
        services.import_bpmn("T.001", xml, actor=SYSTEM)
    assert errors(exc) == [("file", "not_xml")]
    assert "root:" not in exc.value.message


def test_only_tthc_control_may_import(world: Any) -> None:
    for name in ("reception", "head", "citizen"):
        with pytest.raises(PermissionDenied):
            services.import_bpmn("T.001", mini(), actor=as_(world, name))
    from motcua.organisation.services import role_grant

    role_grant(user=world.user("specialist"), agency=world.commune, role="tthc_control")
    assert services.import_bpmn("T.001", mini(), actor=as_(world, "specialist")).number == 1
    assert ProcessDefinition.objects.count() == 1


def test_step_table_round_trip(world: Any) -> None:
    d = services.definition_from_steps("T.001", table(), actor=SYSTEM)
    assert d.source == "step_table"
    rows = list(d.steps.values_list("order", "name", "body", "role", "unit", "can_request_supplement", "can_refuse"))
    assert rows == [
        (1, "Tiếp nhận, chuyển hồ sơ", "{receiving}", "reception", "working_hours", False, False),
        (2, "Thẩm định hồ sơ", "{handling}", "specialist", "working_days", True, True),
        (3, "Phê duyệt", "{handling}", "head", "working_hours", False, True),
        (4, "Vào sổ, đóng dấu", "H26.24", "clerk", "working_hours", False, False),
    ]
    again = services.import_bpmn("T.001", services.export_bpmn("T.001"), actor=SYSTEM)
    assert again.number == 2 and again.summary == d.summary
    root = model.parse_xml(d.bpmn_xml)
    assert len(root.findall(".//bpmndi:BPMNShape", model.NS)) == 1 + 4 + 4 + 2 + 1 + 2  # pool, lanes, tasks...
    assert len(root.findall(".//bpmndi:BPMNEdge", model.NS)) == len(root.findall(".//bpmn:sequenceFlow", model.NS))


def test_generator_refuses_an_empty_table(world: Any) -> None:
    with pytest.raises(ValidationError):
        services.definition_from_steps("T.001", [], actor=SYSTEM)
    with pytest.raises(ValueError, match="empty step table"):
        generate.generate("P", "x", [])


def test_svg_contains_the_shapes(world: Any) -> None:
    d = services.definition_from_steps("T.001", table(), actor=SYSTEM)
    out = render(d.bpmn_xml)
    assert out.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert out.count('data-kind="task"') == 4
    assert out.count('data-kind="lane"') == 4
    assert out.count('data-kind="exclusiveGateway"') == 2
    assert out.count("<polyline") == 9
    assert "Thẩm định hồ sơ" in out and "<script" not in out


def test_svg_escapes_names(world: Any) -> None:
    out = render(mini().replace('name="Thẩm định"', 'name="&lt;script&gt;alert(1)&lt;/script&gt;"'))
    assert "<script" not in out


def test_demo_files_import(world: Any) -> None:
    import json

    import_catalogue(json.loads(DEMO_CATALOGUE.read_text(encoding="utf-8")))
    done = demo.load_demo()
    sources = {d.procedure_code: d.source for d in done if not d.procedure_code.startswith("T.")}
    assert len(sources) == 13  # every demo procedure has a process
    assert {c for c, s in sources.items() if s == "demo"} == {"1.009974", "2.000986"}
    assert set(sources.values()) == {"demo", "step_table"}
    judicial = ProcessDefinition.objects.get(procedure_code="3.000333")  # 10 days: 5%, 50%, 20%, 10%, 10%
    assert [(s["role"], s["unit"], s["amount"]) for s in judicial.summary["steps"]] == [
        ("reception", "working_hours", "3.75"),
        ("specialist", "working_days", "5"),
        ("head", "working_days", "2"),
        ("clerk", "working_days", "1"),
        ("reception", "working_days", "1"),
    ]
    permit = ProcessDefinition.objects.get(procedure_code="1.009974")
    assert permit.summary["gateways"] == {"exclusiveGateway": 1, "parallelGateway": 2}
    assert permit.summary["timers"] == 3
    assert [s["id"] for s in permit.summary["steps"]] == [
        "Task_Receive",
        "Task_Review",
        "Task_ConsultConstruction",
        "Task_ConsultFire",
        "Task_Summary",
        "Task_Approve",
        "Task_Issue",
    ]
    assert '"P2D"' in permit.bpmn_xml and ">P2D<" not in permit.bpmn_xml
    assert demo.load_demo() == []  # idempotent
