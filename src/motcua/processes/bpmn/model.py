"""Read a BPMN 2.0 file into a small model of the process, check it and normalise it.

Checked here, each error naming the element (id and name) it is about:
- the process to run is the file's only ``bpmn:process`` (bpmn.io marks it ``isExecutable="false"``;
  it is normalised to executable, as SpiffWorkflow parses executable processes only), or else the
  only one marked executable;
- only the elements MotCua runs: start/end events, user tasks (a plain ``task`` is normalised to
  a user task), exclusive and parallel gateways, sequence flows, timer boundary events, lanes;
- every step lies in a lane, and the lane says which body and role do it (Camunda extension
  properties ``body``/``role`` on the lane, or a lane name ending in ``[role @ body]``);
- every step has an allotment (extension property ``allotment`` or a timer boundary event);
- the allotments along the longest path fit in the procedure's legal time;
- an exclusive gateway that branches has a default flow, and its other flows have conditions in
  the accepted language (see conditions.py);
- durations are ISO 8601 (``PT8H``, ``P2D``); timer expressions are quoted for SpiffWorkflow
  (SpiffWorkflow evaluates them as Python: Camunda's unquoted ``PT8H`` would be a name).
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from lxml import etree

from . import conditions, durations
from .durations import Allotment

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
CAMUNDA = "http://camunda.org/schema/1.0/bpmn"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
NS = {"bpmn": BPMN, "bpmndi": BPMNDI, "dc": DC, "di": DI, "camunda": CAMUNDA}

STEP_TAGS = ("userTask",)
NORMALISED_TO_USER_TASK = ("task", "manualTask")
NODE_TAGS = ("startEvent", "endEvent", "userTask", "exclusiveGateway", "parallelGateway", "boundaryEvent")
# Children a supported element may carry without meaning anything to the engine.
QUIET_TAGS = (
    "incoming",
    "outgoing",
    "documentation",
    "extensionElements",
    "laneSet",
    "lane",
    "flowNodeRef",
    "conditionExpression",
    "timerEventDefinition",
    "timeDuration",
    "textAnnotation",
    "association",
    "text",
    "sequenceFlow",
    "childLaneSet",
)
TOP_TAGS = ("process", "collaboration")
BODY_PLACEHOLDERS = ("{receiving}", "{handling}")
_LANE_SUFFIX = re.compile(r"\[\s*(?P<role>[a-z_]+)\s*@\s*(?P<body>[^\]]+?)\s*\]\s*$")
RESERVED_IDS = frozenset({"Start", "End", "Root"})
ROLES = ("reception", "specialist", "head", "clerk", "tthc_control", "admin")


@dataclass
class Problem:
    element: str  # "userTask 'Task_1' (Thẩm định)"
    code: str
    message: str


@dataclass
class Lane:
    id: str
    name: str
    body: str
    role: str


@dataclass
class Step:
    id: str
    name: str
    lane: str
    body: str
    role: str
    unit: str
    amount: str
    can_request_supplement: bool
    can_refuse: bool
    order: int

    @property
    def allotment(self) -> Allotment:
        return Allotment(self.unit, Decimal(self.amount))  # type: ignore[arg-type]


@dataclass
class Flow:
    id: str
    source: str
    target: str
    condition: str = ""
    name: str = ""


@dataclass
class Node:
    id: str
    tag: str
    name: str
    default: str = ""
    attached_to: str = ""


@dataclass
class ProcessModel:
    process_id: str
    name: str
    nodes: dict[str, Node] = field(default_factory=dict)
    flows: list[Flow] = field(default_factory=list)
    lanes: list[Lane] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    longest_path: list[str] = field(default_factory=list)
    longest_hours: str = "0"
    marked_not_executable: bool = False  # the file said isExecutable="false" (bpmn.io's default)

    def summary(self) -> dict[str, Any]:
        """Return the JSON summary stored beside the file."""
        return {
            "process_id": self.process_id,
            "name": self.name,
            "steps": [asdict(s) for s in self.steps],
            "lanes": [asdict(lane) for lane in self.lanes],
            "longest_path": self.longest_path,
            "longest_hours": self.longest_hours,
            "gateways": {
                t: sum(1 for n in self.nodes.values() if n.tag == t) for t in ("exclusiveGateway", "parallelGateway")
            },
            "timers": sum(1 for n in self.nodes.values() if n.tag == "boundaryEvent"),
            "marked_not_executable": self.marked_not_executable,
        }


class BpmnError(ValueError):
    """The file cannot be used; ``problems`` lists every reason, each naming its element."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.element}: {p.message}" for p in problems))
        self.problems = problems


def local(tag: Any) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def describe(el: Any) -> str:
    name = (el.get("name") or "").strip()
    ident = el.get("id") or "?"
    return f"{local(el.tag)} '{ident}'" + (f" ({name})" if name else "")


def parse_xml(xml: str | bytes) -> Any:
    """Parse ``xml`` safely (no entities, no network); raise BpmnError when it is not XML."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, huge_tree=False)
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise BpmnError([Problem("file", "not_xml", f"không phải tệp XML hợp lệ ({exc.msg})")]) from exc
    if etree.QName(root).namespace != BPMN or local(root.tag) != "definitions":
        raise BpmnError([Problem("file", "not_bpmn", "không phải tệp BPMN 2.0 (thiếu bpmn:definitions)")])
    return root


def _properties(el: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for prop in el.findall("bpmn:extensionElements/camunda:properties/camunda:property", NS):
        if prop.get("name"):
            out[prop.get("name").strip()] = (prop.get("value") or "").strip()
    return out


def _flag(value: str) -> bool:
    return value.strip().lower() in ("true", "1", "yes", "có", "x")


# C901: the checks of an uploaded process one after another, each adding its problem to the list.
def read(root: Any, *, legal_hours: Decimal | None = None) -> ProcessModel:  # noqa: C901
    """Check and normalise ``root`` in place; return the model or raise :class:`BpmnError`."""
    problems: list[Problem] = []
    processes = root.findall("bpmn:process", NS)
    for child in root:
        if not isinstance(child.tag, str):
            continue
        ns = etree.QName(child).namespace
        if ns == BPMN and local(child.tag) not in TOP_TAGS:
            problems.append(
                Problem(describe(child), "unsupported_element", f"MotCua không hỗ trợ phần tử {local(child.tag)}")
            )
    proc = _the_process(processes, problems)
    model = ProcessModel(process_id=proc.get("id") or "", name=(proc.get("name") or "").strip())
    if not _executable(proc):
        # bpmn.io marks every new process isExecutable="false"; the only process of the file is
        # the one meant, and SpiffWorkflow parses executable processes only.
        proc.set("isExecutable", "true")
        model.marked_not_executable = True

    for el in proc.iter():
        if not isinstance(el.tag, str) or el is proc:
            continue
        tag = local(el.tag)
        ns = etree.QName(el).namespace
        if ns != BPMN:
            continue  # extension content (camunda:...) is read where it matters
        if tag in NORMALISED_TO_USER_TASK:
            el.tag = f"{{{BPMN}}}userTask"
            tag = "userTask"
        if tag in NODE_TAGS and el.get("id") in RESERVED_IDS:
            problems.append(
                Problem(
                    describe(el),
                    "reserved_id",
                    f"mã phần tử “{el.get('id')}” trùng tên dành riêng của bộ máy quy trình; hãy đổi mã",
                )
            )
        if tag in NODE_TAGS:
            model.nodes[el.get("id")] = Node(
                el.get("id"),
                tag,
                (el.get("name") or "").strip(),
                default=el.get("default") or "",
                attached_to=el.get("attachedToRef") or "",
            )
            _check_event(el, tag, problems)
        elif tag == "sequenceFlow":
            cond_el = el.find("bpmn:conditionExpression", NS)
            flow = Flow(el.get("id"), el.get("sourceRef"), el.get("targetRef"), name=(el.get("name") or "").strip())
            if cond_el is not None and (cond_el.text or "").strip():
                try:
                    flow.condition = conditions.check(cond_el.text or "")
                    cond_el.text = flow.condition
                except conditions.ConditionError as exc:
                    flow.condition = "<invalid>"  # reported once, here
                    problems.append(Problem(describe(el), "bad_condition", f"điều kiện “{cond_el.text}” {exc}"))
            model.flows.append(flow)
        elif tag not in QUIET_TAGS:
            problems.append(
                Problem(
                    describe(el),
                    "unsupported_element",
                    f"MotCua không hỗ trợ phần tử {tag}; dùng userTask, exclusiveGateway, "
                    "parallelGateway, startEvent, endEvent, sự kiện hẹn giờ gắn vào bước",
                )
            )

    lanes_of = _read_lanes(proc, model, problems)
    _read_steps(proc, model, lanes_of, problems)
    _check_graph(model, problems)
    if not problems:
        _longest_path(model)
        if legal_hours is not None and Decimal(model.longest_hours) > legal_hours:
            names = " → ".join(model.nodes[i].name or i for i in model.longest_path)
            problems.append(
                Problem(
                    f"process '{model.process_id}'",
                    "allotment_over_legal_time",
                    f"tổng thời hạn các bước trên nhánh dài nhất ({names}) "
                    f"là {_hours(model.longest_hours)} giờ làm việc, "
                    f"vượt thời hạn giải quyết theo quy định ({_hours(str(legal_hours))} giờ làm việc)",
                )
            )
    if problems:
        raise BpmnError(problems)
    return model


def _executable(proc: Any) -> bool:
    return (proc.get("isExecutable") or "true").strip().lower() != "false"


def _the_process(processes: list[Any], problems: list[Problem]) -> Any:
    """Return the process to run: the only one, or else the only one marked executable."""
    if len(processes) == 1:
        return processes[0]
    ids = ", ".join(p.get("id") or "?" for p in processes)
    if not processes:
        message = "tệp không có quy trình nào (bpmn:process)"
    else:
        executable = [p for p in processes if _executable(p)]
        if len(executable) == 1:
            return executable[0]
        if executable:
            message = (
                f'tệp có {len(executable)} quy trình được đánh dấu isExecutable="true" '
                f"({', '.join(p.get('id') or '?' for p in executable)}); chỉ để một quy trình thực thi"
            )
        else:
            message = (
                f"tệp có {len(processes)} quy trình ({ids}) nhưng không quy trình nào được đánh dấu "
                'isExecutable="true"; hãy đánh dấu quy trình cần dùng (Executable trong bpmn.io / '
                "Camunda Modeler)"
            )
    raise BpmnError([*problems, Problem("file", "process_count", message)])


def _hours(text: str) -> str:
    return format(Decimal(text).normalize(), "f")


def _check_event(el: Any, tag: str, problems: list[Problem]) -> None:
    definitions = [c for c in el if isinstance(c.tag, str) and local(c.tag).endswith("EventDefinition")]
    if tag in ("startEvent", "endEvent") and definitions:
        problems.append(
            Problem(
                describe(el),
                "unsupported_element",
                f"MotCua chỉ hỗ trợ {tag} không kèm sự kiện ({local(definitions[0].tag)})",
            )
        )
    if tag != "boundaryEvent":
        return
    if len(definitions) != 1 or local(definitions[0].tag) != "timerEventDefinition":
        problems.append(Problem(describe(el), "unsupported_element", "chỉ hỗ trợ sự kiện hẹn giờ gắn vào bước"))
        return
    timer = definitions[0]
    exprs = [c for c in timer if isinstance(c.tag, str) and local(c.tag) in ("timeDuration", "timeDate", "timeCycle")]
    if len(exprs) != 1 or local(exprs[0].tag) != "timeDuration":
        problems.append(
            Problem(describe(el), "bad_duration", "sự kiện hẹn giờ cần một khoảng thời gian (timeDuration)")
        )
        return
    try:
        allot = durations.parse(exprs[0].text or "")
    except durations.DurationError:
        problems.append(
            Problem(
                describe(el),
                "bad_duration",
                f"khoảng thời gian “{(exprs[0].text or '').strip()}” không đúng ISO 8601 (ví dụ PT8H, P2D)",
            )
        )
        return
    exprs[0].text = f'"{allot.iso()}"'  # quoted: SpiffWorkflow evaluates the expression as Python


def _read_lanes(proc: Any, model: ProcessModel, problems: list[Problem]) -> dict[str, Lane]:
    lanes_of: dict[str, Lane] = {}
    for lane_el in proc.iter(f"{{{BPMN}}}lane"):
        if lane_el.find("bpmn:childLaneSet", NS) is not None:
            continue  # a parent lane: its children carry the roles
        props = _properties(lane_el)
        name = (lane_el.get("name") or "").strip()
        body, role = props.get("body", ""), props.get("role", "")
        suffix = _LANE_SUFFIX.search(name)
        if suffix:
            body, role = body or suffix.group("body"), role or suffix.group("role")
        if not body or not role:
            problems.append(
                Problem(
                    describe(lane_el),
                    "lane_without_role",
                    "làn chưa ghi cơ quan và vai trò (thuộc tính body, role hoặc tên kết thúc bằng "
                    "“[vai_trò @ cơ_quan]”)",
                )
            )
            continue
        if role not in ROLES:
            problems.append(
                Problem(describe(lane_el), "unknown_role", f"vai trò “{role}” không có; dùng: {', '.join(ROLES)}")
            )
            continue
        if body.startswith("{") and body not in BODY_PLACEHOLDERS:
            problems.append(
                Problem(
                    describe(lane_el),
                    "unknown_body",
                    f"cơ quan “{body}” không có; dùng mã cơ quan hoặc {', '.join(BODY_PLACEHOLDERS)}",
                )
            )
            continue
        lane = Lane(lane_el.get("id"), _LANE_SUFFIX.sub("", name).strip() or name, body, role)
        model.lanes.append(lane)
        for ref in lane_el.findall("bpmn:flowNodeRef", NS):
            lanes_of[(ref.text or "").strip()] = lane
    return lanes_of


def _read_steps(proc: Any, model: ProcessModel, lanes_of: dict[str, Lane], problems: list[Problem]) -> None:
    timers: dict[str, Allotment] = {}
    broken_timers: set[str] = set()
    for el in proc.iter(f"{{{BPMN}}}boundaryEvent"):
        dur = el.find("bpmn:timerEventDefinition/bpmn:timeDuration", NS)
        broken_timers.add(el.get("attachedToRef") or "")
        if dur is not None and el.get("attachedToRef"):
            with contextlib.suppress(durations.DurationError):  # reported by _check_event
                timers[el.get("attachedToRef")] = durations.parse(dur.text or "")
    order = _flow_order(model)
    for el in proc.iter(f"{{{BPMN}}}userTask"):
        ident = el.get("id")
        props = _properties(el)
        lane = lanes_of.get(ident)
        if lane is None:
            problems.append(
                Problem(
                    describe(el),
                    "step_without_lane",
                    "bước không nằm trong làn nào, nên không biết cơ quan và vai trò thực hiện",
                )
            )
            continue
        allot: Allotment | None = None
        if props.get("allotment"):
            try:
                allot = durations.parse(props["allotment"])
            except durations.DurationError:
                problems.append(
                    Problem(
                        describe(el),
                        "bad_duration",
                        f"thời hạn “{props['allotment']}” không đúng (ví dụ PT8H, P2D, 8h, 2d)",
                    )
                )
                continue
        allot = allot or timers.get(ident)
        if allot is None and ident in broken_timers:
            continue  # the timer's problem is reported on the timer
        if allot is None:
            problems.append(
                Problem(
                    describe(el),
                    "step_without_allotment",
                    "bước chưa có thời hạn (thuộc tính allotment hoặc sự kiện hẹn giờ gắn vào bước)",
                )
            )
            continue
        model.steps.append(
            Step(
                id=ident,
                name=(el.get("name") or ident).strip(),
                lane=lane.id,
                body=lane.body,
                role=lane.role,
                unit=allot.unit,
                amount=format(allot.amount.normalize(), "f"),
                can_request_supplement=_flag(props.get("can_request_supplement", "")),
                can_refuse=_flag(props.get("can_refuse", "")),
                order=order.get(ident, 10_000),
            )
        )
    model.steps.sort(key=lambda s: (s.order, s.id))
    for i, step in enumerate(model.steps, start=1):
        step.order = i


def _flow_order(model: ProcessModel) -> dict[str, int]:
    """Return the breadth-first order of the nodes from the start event."""
    out_edges: dict[str, list[str]] = {}
    for f in model.flows:
        out_edges.setdefault(f.source, []).append(f.target)
    starts = [n.id for n in model.nodes.values() if n.tag == "startEvent"]
    seen: dict[str, int] = {}
    queue = list(starts)
    while queue:
        node = queue.pop(0)
        if node in seen:
            continue
        seen[node] = len(seen)
        queue.extend(out_edges.get(node, []))
    return seen


def _check_graph(model: ProcessModel, problems: list[Problem]) -> None:
    starts = [n for n in model.nodes.values() if n.tag == "startEvent"]
    if len(starts) != 1:
        problems.append(
            Problem(
                f"process '{model.process_id}'", "start_event_count", f"cần đúng một sự kiện bắt đầu, có {len(starts)}"
            )
        )
    if not any(n.tag == "endEvent" for n in model.nodes.values()):
        problems.append(Problem(f"process '{model.process_id}'", "no_end_event", "cần ít nhất một sự kiện kết thúc"))
    outgoing: dict[str, list[Flow]] = {}
    for f in model.flows:
        outgoing.setdefault(f.source, []).append(f)
        if f.condition and model.nodes.get(f.source, Node("", "", "")).tag != "exclusiveGateway":
            problems.append(
                Problem(
                    f"sequenceFlow '{f.id}'",
                    "condition_outside_gateway",
                    "chỉ luồng ra khỏi cổng rẽ nhánh (exclusiveGateway) mới được có điều kiện",
                )
            )
    for node in model.nodes.values():
        outs = outgoing.get(node.id, [])
        label = f"{node.tag} '{node.id}'" + (f" ({node.name})" if node.name else "")
        if node.tag == "exclusiveGateway" and len(outs) > 1:
            if not node.default or node.default not in {f.id for f in outs}:
                problems.append(
                    Problem(
                        label,
                        "gateway_without_default",
                        "cổng rẽ nhánh chưa có luồng mặc định (default): hồ sơ sẽ bị kẹt khi không điều kiện nào đúng",
                    )
                )
            for f in outs:
                if f.id != node.default and not f.condition:
                    problems.append(
                        Problem(
                            f"sequenceFlow '{f.id}'",
                            "flow_without_condition",
                            f"luồng ra khỏi cổng {node.id} không phải mặc định nên cần điều kiện",
                        )
                    )
        if node.tag == "userTask" and len(outs) > 1:
            problems.append(
                Problem(label, "implicit_split", "bước có nhiều luồng ra: dùng cổng song song hoặc cổng rẽ nhánh")
            )
        if node.tag not in ("endEvent", "boundaryEvent") and not outs:
            problems.append(Problem(label, "dead_end", "phần tử không có luồng ra"))


def _longest_path(model: ProcessModel) -> None:
    """Set the path with the most allotted hours (back edges of loops ignored)."""
    hours = {s.id: s.allotment.hours for s in model.steps}
    out_edges: dict[str, list[str]] = {}
    for f in model.flows:
        out_edges.setdefault(f.source, []).append(f.target)
    memo: dict[str, tuple[Decimal, list[str]]] = {}

    def walk(node: str, stack: frozenset[str]) -> tuple[Decimal, list[str]]:
        if node in memo:
            return memo[node]
        best: tuple[Decimal, list[str]] = (Decimal(0), [])
        for nxt in out_edges.get(node, []):
            if nxt in stack:
                continue
            cand = walk(nxt, stack | {nxt})
            if cand[0] > best[0]:
                best = cand
        own = hours.get(node, Decimal(0))
        result = (own + best[0], ([node] if node in hours else []) + best[1])
        memo[node] = result
        return result

    start = next(n.id for n in model.nodes.values() if n.tag == "startEvent")
    total, path = walk(start, frozenset({start}))
    model.longest_hours = format(total.normalize(), "f")
    model.longest_path = path


def to_text(root: Any) -> str:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=False).decode("utf-8")
