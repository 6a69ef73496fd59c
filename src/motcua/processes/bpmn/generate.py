"""Generate a BPMN file, with lanes and a diagram bpmn.io and Camunda Modeler open, from a step table.

The common case of a procedure's internal process is a sequence of steps, each done by one role of
one body within an allotted time. A step that may refuse gets an exclusive gateway after it: the
default flow goes on, ``outcome == "refuse"`` ends the process.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from .durations import Allotment

LANE_H = 140
POOL_X, POOL_Y, LABEL_W = 100, 60, 30
TASK_W, TASK_H, GW, EV = 120, 80, 50, 36
GAP = 60


@dataclass(frozen=True)
class StepSpec:
    """One row of the step table."""

    order: int
    name: str
    body: str  # agency code, "{receiving}" or "{handling}"
    role: str
    allotment: Allotment
    can_request_supplement: bool = False
    can_refuse: bool = False


@dataclass
class _Shape:
    id: str
    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> tuple[int, int]:
        return self.x + self.w, self.y + self.h // 2

    @property
    def left(self) -> tuple[int, int]:
        return self.x, self.y + self.h // 2

    @property
    def bottom(self) -> tuple[int, int]:
        return self.x + self.w // 2, self.y + self.h


# C901: lays out lanes, shapes and flows of the diagram in one pass over the ordered steps.
def generate(process_id: str, name: str, steps: list[StepSpec]) -> str:  # noqa: C901
    """Return the BPMN text of ``steps`` run in order (raise ValueError for an empty table)."""
    if not steps:
        raise ValueError("empty step table")
    steps = sorted(steps, key=lambda s: s.order)
    lane_keys: list[tuple[str, str]] = []
    for s in steps:
        if (s.body, s.role) not in lane_keys:
            lane_keys.append((s.body, s.role))
    lane_y = {key: POOL_Y + i * LANE_H for i, key in enumerate(lane_keys)}

    def centre_y(key: tuple[str, str], h: int) -> int:
        return lane_y[key] + (LANE_H - h) // 2

    nodes: list[str] = []
    flows: list[tuple[str, str, str, str]] = []  # id, source, target, condition
    shapes: dict[str, _Shape] = {}
    lane_members: dict[tuple[str, str], list[str]] = {k: [] for k in lane_keys}
    x = POOL_X + LABEL_W + 40
    first = (steps[0].body, steps[0].role)
    shapes["StartEvent_1"] = _Shape("StartEvent_1", x, centre_y(first, EV), EV, EV)
    nodes.append('<bpmn:startEvent id="StartEvent_1" name="Tiếp nhận hồ sơ" />')
    lane_members[first].append("StartEvent_1")
    x += EV + GAP
    prev = "StartEvent_1"
    refuse_sources: list[str] = []
    for i, s in enumerate(steps, start=1):
        key = (s.body, s.role)
        sid = f"Step_{i}"
        props = [
            ("allotment", s.allotment.iso()),
            ("can_request_supplement", str(s.can_request_supplement).lower()),
            ("can_refuse", str(s.can_refuse).lower()),
        ]
        prop_xml = "".join(f"<camunda:property name={quoteattr(k)} value={quoteattr(v)} />" for k, v in props)
        nodes.append(
            f'<bpmn:userTask id="{sid}" name={quoteattr(s.name)}><bpmn:extensionElements>'
            f"<camunda:properties>{prop_xml}</camunda:properties></bpmn:extensionElements></bpmn:userTask>"
        )
        shapes[sid] = _Shape(sid, x, centre_y(key, TASK_H), TASK_W, TASK_H)
        lane_members[key].append(sid)
        flows.append((f"Flow_{prev}_{sid}", prev, sid, ""))
        prev = sid
        x += TASK_W + GAP
        if s.can_refuse:
            gid = f"Gateway_{i}"
            nodes.append(f'<bpmn:exclusiveGateway id="{gid}" name="Kết quả?" default="Flow_{gid}_next" />')
            shapes[gid] = _Shape(gid, x, centre_y(key, GW), GW, GW)
            lane_members[key].append(gid)
            flows.append((f"Flow_{sid}_{gid}", sid, gid, ""))
            refuse_sources.append(gid)
            prev = gid
            x += GW + GAP
    last_key = (steps[-1].body, steps[-1].role)
    shapes["EndEvent_1"] = _Shape("EndEvent_1", x, centre_y(last_key, EV), EV, EV)
    nodes.append('<bpmn:endEvent id="EndEvent_1" name="Có kết quả" />')
    lane_members[last_key].append("EndEvent_1")
    if refuse_sources:
        key = (steps[-1].body, steps[-1].role)
        shapes["EndEvent_Refused"] = _Shape("EndEvent_Refused", x + 90, lane_y[key] + LANE_H - EV - 8, EV, EV)
        nodes.append('<bpmn:endEvent id="EndEvent_Refused" name="Từ chối" />')
        lane_members[key].append("EndEvent_Refused")
    # The flow leaving each gateway by default goes to what follows it.
    resolved: list[tuple[str, str, str, str]] = []
    pending_default: str | None = None
    for fid, src, dst, cond in flows:
        if pending_default:
            resolved.append((f"Flow_{pending_default}_next", pending_default, dst, ""))
            pending_default = None
            if src in refuse_sources:
                continue
        if dst in refuse_sources:
            resolved.append((fid, src, dst, cond))
            pending_default = dst
            continue
        resolved.append((fid, src, dst, cond))
    if pending_default:
        resolved.append((f"Flow_{pending_default}_next", pending_default, "EndEvent_1", ""))
    else:
        resolved.append((f"Flow_{prev}_End", prev, "EndEvent_1", ""))
    for gid in refuse_sources:
        resolved.append((f"Flow_{gid}_refuse", gid, "EndEvent_Refused", 'outcome == "refuse"'))
    resolved = _dedupe(resolved)

    flow_xml = []
    for fid, src, dst, cond in resolved:
        if cond:
            flow_xml.append(
                f'<bpmn:sequenceFlow id="{fid}" name="Từ chối" sourceRef="{src}" targetRef="{dst}">'
                f'<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{_esc(cond)}'
                "</bpmn:conditionExpression></bpmn:sequenceFlow>"
            )
        else:
            flow_xml.append(f'<bpmn:sequenceFlow id="{fid}" sourceRef="{src}" targetRef="{dst}" />')
    pool_w = x + EV + 150 - POOL_X
    lanes_xml = []
    lane_di = []
    for i, key in enumerate(lane_keys):
        body, role = key
        refs = "".join(f"<bpmn:flowNodeRef>{m}</bpmn:flowNodeRef>" for m in lane_members[key])
        lanes_xml.append(
            f'<bpmn:lane id="Lane_{i + 1}" name={quoteattr(f"{_role_label(role)} [{role} @ {body}]")}>'
            f'<bpmn:extensionElements><camunda:properties><camunda:property name="body" value={quoteattr(body)} />'
            f'<camunda:property name="role" value={quoteattr(role)} /></camunda:properties></bpmn:extensionElements>'
            f"{refs}</bpmn:lane>"
        )
        lane_di.append(
            f'<bpmndi:BPMNShape id="Lane_{i + 1}_di" bpmnElement="Lane_{i + 1}" isHorizontal="true">'
            f'<dc:Bounds x="{POOL_X + LABEL_W}" y="{lane_y[key]}" width="{pool_w - LABEL_W}" '
            f'height="{LANE_H}" /></bpmndi:BPMNShape>'
        )
    shape_di = [
        f'<bpmndi:BPMNShape id="{s.id}_di" bpmnElement="{s.id}"'
        + (' isMarkerVisible="true"' if s.id.startswith("Gateway") else "")
        + f'><dc:Bounds x="{s.x}" y="{s.y}" width="{s.w}" height="{s.h}" /></bpmndi:BPMNShape>'
        for s in shapes.values()
    ]
    edge_di = []
    for fid, src, dst, _cond in resolved:
        a, b = shapes[src], shapes[dst]
        if dst == "EndEvent_Refused":
            start, end = a.bottom, b.left
            points = [start, (start[0], end[1]), end]
        else:
            start, end = a.right, b.left
            points = (
                [start, end]
                if start[1] == end[1]
                else [start, ((start[0] + end[0]) // 2, start[1]), ((start[0] + end[0]) // 2, end[1]), end]
            )
        wps = "".join(f'<di:waypoint x="{px}" y="{py}" />' for px, py in points)
        edge_di.append(f'<bpmndi:BPMNEdge id="{fid}_di" bpmnElement="{fid}">{wps}</bpmndi:BPMNEdge>')
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" '
        'xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Definitions_1" '
        'targetNamespace="http://bpmn.io/schema/bpmn" exporter="MotCua" exporterVersion="1">\n'
        f'<bpmn:collaboration id="Collaboration_1"><bpmn:participant id="Participant_1" name={quoteattr(name)} '
        f'processRef="{process_id}" /></bpmn:collaboration>\n'
        f'<bpmn:process id="{process_id}" name={quoteattr(name)} isExecutable="true">'
        f'<bpmn:laneSet id="LaneSet_1">{"".join(lanes_xml)}</bpmn:laneSet>\n'
        + "\n".join(nodes)
        + "\n"
        + "\n".join(flow_xml)
        + "\n</bpmn:process>\n"
        '<bpmndi:BPMNDiagram id="Diagram_1"><bpmndi:BPMNPlane id="Plane_1" bpmnElement="Collaboration_1">'
        f'<bpmndi:BPMNShape id="Participant_1_di" bpmnElement="Participant_1" isHorizontal="true">'
        f'<dc:Bounds x="{POOL_X}" y="{POOL_Y}" width="{pool_w}" height="{LANE_H * len(lane_keys)}" />'
        "</bpmndi:BPMNShape>\n"
        + "\n".join(lane_di + shape_di + edge_di)
        + "\n</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>\n</bpmn:definitions>\n"
    )


def _dedupe(flows: list[tuple[str, str, str, str]]) -> list[tuple[str, str, str, str]]:
    seen: set[str] = set()
    out = []
    for f in flows:
        if f[0] not in seen:
            seen.add(f[0])
            out.append(f)
    return out


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


ROLE_LABELS = {
    "reception": "Bộ phận Một cửa",
    "specialist": "Chuyên viên",
    "head": "Lãnh đạo",
    "clerk": "Văn thư",
    "tthc_control": "Kiểm soát TTHC",
    "admin": "Quản trị",
}


def _role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)
