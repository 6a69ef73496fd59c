"""The demo processes: bundled BPMN files (data/) and a standard step table for the other procedures.

The files are drawn Camunda-Modeler style: 1.009974 (construction permit, parallel consultations)
and 2.000986 (inter-agency birth → permanent residence → health-insurance card). Every other demo
procedure gets the common five-step process (one-stop desk, specialist, head, clerk, one-stop desk)
with allotments in proportion to its legal time.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from importlib import resources

from motcua.catalogue.models import Procedure
from motcua.core.actor import SYSTEM, Actor

from .bpmn.durations import HOURS_PER_DAY, Allotment
from .bpmn.generate import StepSpec
from .models import ProcessDefinition
from .services import definition_from_steps, import_bpmn, legal_hours

# (name, body, role, share of the legal time, may ask for a supplement, may refuse)
STANDARD_STEPS = [
    ("Tiếp nhận, chuyển hồ sơ", "{receiving}", "reception", Decimal("0.05"), False, False),
    # The specialist proposes; refusing is the head's decision (the head's step may refuse).
    ("Thẩm định hồ sơ, đề xuất", "{handling}", "specialist", Decimal("0.50"), True, False),
    ("Phê duyệt kết quả", "{handling}", "head", Decimal("0.20"), False, True),
    ("Vào sổ, đóng dấu, chuyển kết quả", "{handling}", "clerk", Decimal("0.10"), False, False),
    ("Trả kết quả", "{receiving}", "reception", Decimal("0.10"), False, False),
]


def demo_files() -> dict[str, str]:
    """Return {procedure code: BPMN text} of the bundled demo files."""
    folder = resources.files("motcua.processes").joinpath("data")
    return {
        f.name.removesuffix(".bpmn"): f.read_text(encoding="utf-8")
        for f in sorted(folder.iterdir(), key=lambda f: f.name)
        if f.name.endswith(".bpmn")
    }


def standard_steps(legal: Decimal) -> list[StepSpec]:
    """Return the common process for a procedure of ``legal`` working hours (shares rounded down to 15 min)."""
    steps = []
    for order, (name, body, role, share, supplement, refuse) in enumerate(STANDARD_STEPS, start=1):
        hours = max((legal * share * 4).to_integral_value(ROUND_DOWN) / 4, Decimal("0.25"))
        allotment = (
            Allotment("working_days", hours / HOURS_PER_DAY)
            if hours % HOURS_PER_DAY == 0
            else Allotment("working_hours", hours)
        )
        steps.append(StepSpec(order, name, body, role, allotment, can_request_supplement=supplement, can_refuse=refuse))
    return steps


def load_demo(*, actor: Actor = SYSTEM) -> list[ProcessDefinition]:
    """Give every procedure without a process its demo process; return what was created."""
    done = []
    files = demo_files()
    for procedure in Procedure.objects.select_related("current_version").order_by("code"):
        if ProcessDefinition.objects.filter(procedure_code=procedure.code).exists():
            continue
        if procedure.code in files:
            done.append(import_bpmn(procedure.code, files[procedure.code], actor=actor, source="demo"))
            continue
        legal = legal_hours(procedure)
        if legal is not None:
            done.append(definition_from_steps(procedure.code, standard_steps(legal), actor=actor))
    return done
