"""A diagram drawn in bpmn.io (demo.bpmn.io) is marked ``isExecutable="false"``: it imports.

bpmn.io writes ``isExecutable="false"`` on every process it creates; SpiffWorkflow only parses
executable processes, so such a file used to crash the CLI and answer 500 in the admin.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from motcua.core.actor import SYSTEM
from motcua.core.errors import ValidationError
from motcua.processes import services
from motcua.processes.models import ProcessDefinition
from tests.helpers import make_user

from .conftest import FILES

pytestmark = pytest.mark.django_db

BPMN_IO = FILES / "bpmn-io-non-executable.bpmn"
IMPORT_URL = "/admin/processes/processdefinition/import/"
STEPS = [
    ("Activity_1k2pq7w", "Tiếp nhận hồ sơ", "{receiving}", "reception", "working_hours", "2.00"),
    ("Activity_0j3vlzz", "Thẩm định hồ sơ", "{handling}", "specialist", "working_days", "1.00"),
    ("Activity_1hx0d8e", "Phê duyệt", "{handling}", "head", "working_hours", "4.00"),
]


def _steps(d: ProcessDefinition) -> list[tuple[str, ...]]:
    return [
        (e, n, b, r, u, str(a))
        for e, n, b, r, u, a in d.steps.order_by("order").values_list(
            "element_id", "name", "body", "role", "unit", "amount"
        )
    ]


def _two_pools(first: str, second: str) -> str:
    """Return the bpmn.io file with a second (empty-lane) pool, the processes marked as given."""
    text = BPMN_IO.read_text(encoding="utf-8").replace('isExecutable="false"', f'isExecutable="{first}"')
    other = (
        f'<bpmn:process id="Process_Other" name="Công dân" isExecutable="{second}">'
        '<bpmn:startEvent id="Other_Start" /></bpmn:process>'
    )
    return text.replace("<bpmndi:BPMNDiagram", other + "<bpmndi:BPMNDiagram")


def test_the_only_process_of_a_bpmn_io_file_is_imported_although_marked_not_executable(world: Any) -> None:
    d = services.import_bpmn("T.001", BPMN_IO.read_bytes(), actor=SYSTEM)
    assert d.number == 1 and d.summary["process_id"] == "Process_1"
    assert _steps(d) == STEPS
    assert '<bpmn:process id="Process_1" isExecutable="true">' in d.bpmn_xml  # normalised for the engine
    # the stored text runs: the first step is waiting for reception
    from motcua.processes import engine

    workflow = engine.start(engine.parse_spec(d.bpmn_xml), {})
    assert [t.task_spec.bpmn_id for t in engine.ready_steps(workflow)] == ["Activity_1k2pq7w"]


def test_cli_imports_the_bpmn_io_file_and_says_which_process_it_took(world: Any, capsys: Any) -> None:
    call_command("process", "import", str(BPMN_IO), "--procedure", "T.001")
    out = capsys.readouterr().out
    assert out == (
        'Quy trình “Process_1” được đánh dấu isExecutable="false" (mặc định của bpmn.io); '
        "tệp chỉ có quy trình này nên MotCua dùng nó.\n"
        "Đã nhập quy trình T.001 phiên bản 1 (3 bước).\n"
    )
    assert _steps(ProcessDefinition.objects.get()) == STEPS
    call_command("process", "check", str(BPMN_IO), "--procedure", "T.001")
    assert capsys.readouterr().out.endswith("Hợp lệ: 3 bước, nhánh dài nhất 13.5 giờ làm việc.\n")


def test_cli_refuses_two_processes_none_executable_with_a_message(world: Any, tmp_path: Any) -> None:
    path = tmp_path / "two.bpmn"
    path.write_text(_two_pools("false", "false"), encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("process", "import", str(path), "--procedure", "T.001")
    assert str(exc.value) == (
        "Tệp quy trình không dùng được:\n"
        "  - file: tệp có 2 quy trình (Process_1, Process_Other) nhưng không quy trình nào được đánh dấu "
        'isExecutable="true"; hãy đánh dấu quy trình cần dùng (Executable trong bpmn.io / Camunda Modeler)'
    )
    assert not ProcessDefinition.objects.exists()


def test_of_two_pools_the_executable_one_is_taken(world: Any) -> None:
    d = services.import_bpmn("T.001", _two_pools("true", "false"), actor=SYSTEM)
    assert d.summary["process_id"] == "Process_1" and _steps(d) == STEPS
    with pytest.raises(ValidationError) as exc:
        services.import_bpmn("T.001", _two_pools("true", "true"), actor=SYSTEM)
    assert exc.value.details["errors"] == [
        {
            "element": "file",
            "code": "process_count",
            "message": 'tệp có 2 quy trình được đánh dấu isExecutable="true" (Process_1, Process_Other); '
            "chỉ để một quy trình thực thi",
        }
    ]


def test_admin_import_of_the_bpmn_io_file(world: Any) -> None:
    client = Client()
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    upload = SimpleUploadedFile("diagram.bpmn", BPMN_IO.read_bytes(), content_type="application/xml")
    response = client.post(IMPORT_URL, {"procedure_code": "T.001", "file": upload}, follow=True)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Đã nhập quy trình T.001 phiên bản 1." in body
    assert (
        "Quy trình “Process_1” được đánh dấu isExecutable=&quot;false&quot; (mặc định của bpmn.io); "
        "tệp chỉ có quy trình này nên MotCua dùng nó."
    ) in body
    d = ProcessDefinition.objects.get()
    assert _steps(d) == STEPS
    drawing = client.get(f"/admin/processes/processdefinition/{d.pk}/diagram/").content.decode()
    assert drawing.count('data-kind="task"') == 3 and drawing.count('data-kind="lane"') == 3


def test_admin_refusal_of_an_unusable_bpmn_io_file_is_a_page_not_a_500(world: Any) -> None:
    client = Client()
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    upload = SimpleUploadedFile("two.bpmn", _two_pools("false", "false").encode(), content_type="application/xml")
    response = client.post(IMPORT_URL, {"procedure_code": "T.001", "file": upload})
    assert response.status_code == 200
    assert (
        "<strong>file</strong>: tệp có 2 quy trình (Process_1, Process_Other) nhưng không quy trình nào được "
        "đánh dấu isExecutable=&quot;true&quot;"
    ) in response.content.decode()
    assert not ProcessDefinition.objects.exists()
