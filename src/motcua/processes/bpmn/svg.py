"""Draw a process as SVG from the file's own diagram (bpmndi), on the server, without JavaScript.

Shapes: pools and lanes (rectangles with a vertical label), steps (rounded rectangles), events
(circles; the end event thick), gateways (diamonds marked × or +), flows (polylines with arrows).
Element names are escaped; nothing of the file is copied into the SVG unescaped.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape, quoteattr

from .model import BPMN, NS, local, parse_xml

_STYLE = (
    ".l{fill:#f7f9fc;stroke:#445;stroke-width:1}.t{fill:#fff;stroke:#1f4e79;stroke-width:2}"
    ".e{fill:#fff;stroke:#333;stroke-width:2}.ee{fill:#fff;stroke:#333;stroke-width:4}"
    ".g{fill:#fff;stroke:#8a5a00;stroke-width:2}.b{fill:#fff;stroke:#b00;stroke-width:1.5;stroke-dasharray:3 2}"
    ".f{fill:none;stroke:#333;stroke-width:1.5}text{font-family:'DejaVu Sans',sans-serif;font-size:12px}"
)


def _wrap(text: str, width: int) -> list[str]:
    words, lines, line = text.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    if line:
        lines.append(line)
    return lines[:4]


def _label(x: float, y: float, text: str, width: int = 16, anchor: str = "middle") -> str:
    lines = _wrap(text, width)
    top = y - (len(lines) - 1) * 7
    return "".join(
        f'<text x="{x:.0f}" y="{top + i * 14:.0f}" text-anchor="{anchor}">{escape(line)}</text>'
        for i, line in enumerate(lines)
    )


def render(xml: str | bytes) -> str:
    """Return the SVG of the first diagram of ``xml`` (raise BpmnError if it is not BPMN)."""
    root = parse_xml(xml)
    elements: dict[str, Any] = {el.get("id"): el for el in root.iter() if isinstance(el.tag, str) and el.get("id")}
    plane = root.find(".//bpmndi:BPMNPlane", NS)
    shapes, edges = [], []
    max_x = max_y = 0.0
    min_x = min_y = 1e9
    if plane is not None:
        for di in plane:
            if not isinstance(di.tag, str):
                continue
            el = elements.get(di.get("bpmnElement") or "")
            if el is None:
                continue
            if local(di.tag) == "BPMNShape":
                b = di.find("dc:Bounds", NS)
                if b is None:
                    continue
                x, y, w, h = (float(b.get(k, "0")) for k in ("x", "y", "width", "height"))
                shapes.append((el, x, y, w, h))
                min_x, min_y, max_x, max_y = min(min_x, x), min(min_y, y), max(max_x, x + w), max(max_y, y + h)
            elif local(di.tag) == "BPMNEdge":
                pts = [(float(p.get("x", "0")), float(p.get("y", "0"))) for p in di.findall("di:waypoint", NS)]
                if len(pts) >= 2:
                    edges.append((el, pts))
                    for px, py in pts:
                        min_x, min_y, max_x, max_y = min(min_x, px), min(min_y, py), max(max_x, px), max(max_y, py)
    if not shapes:
        min_x = min_y = 0.0
    pad = 20
    vb = f"{min_x - pad:.0f} {min_y - pad:.0f} {max_x - min_x + 2 * pad:.0f} {max_y - min_y + 2 * pad:.0f}"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{vb}" role="img" '
        f'aria-label={quoteattr("Sơ đồ quy trình")} class="process-diagram">',
        f"<style>{_STYLE}</style>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
        'orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#333"/></marker></defs>',
    ]
    order = {"participant": 0, "lane": 1}
    for el, x, y, w, h in sorted(shapes, key=lambda s: order.get(local(s[0].tag), 2)):
        out.append(_shape(el, x, y, w, h))
    for el, pts in edges:
        d = " ".join(f"{px:.0f},{py:.0f}" for px, py in pts)
        out.append(f'<polyline class="f" points="{d}" marker-end="url(#arrow)" data-id={quoteattr(el.get("id"))}/>')
        name = (el.get("name") or "").strip()
        if name:
            (ax, ay), (bx, by) = pts[0], pts[1]
            out.append(_label((ax + bx) / 2 + 4, (ay + by) / 2 - 6, name, 20, "start"))
    out.append("</svg>")
    return "".join(out)


def _shape(el: Any, x: float, y: float, w: float, h: float) -> str:
    tag = local(el.tag)
    name = (el.get("name") or "").strip()
    ident = quoteattr(el.get("id"))
    cx, cy = x + w / 2, y + h / 2
    if tag in ("participant", "lane"):
        lx, ly = x + 15, cy
        text = "".join(
            f'<text x="{lx:.0f}" y="{ly:.0f}" text-anchor="middle" transform="rotate(-90 {lx:.0f} {ly:.0f})">'
            f"{escape(name[:60])}</text>"
            for _ in [0]
            if name
        )
        return (
            f'<g data-id={ident} data-kind="{tag}"><rect class="l" x="{x:.0f}" y="{y:.0f}" width="{w:.0f}" '
            f'height="{h:.0f}"/>{text}</g>'
        )
    if tag in ("userTask", "task", "manualTask"):
        return (
            f'<g data-id={ident} data-kind="task"><rect class="t" x="{x:.0f}" y="{y:.0f}" width="{w:.0f}" '
            f'height="{h:.0f}" rx="10"/>{_label(cx, cy + 4, name)}</g>'
        )
    if tag in ("startEvent", "endEvent", "boundaryEvent", "intermediateCatchEvent"):
        cls = {"endEvent": "ee", "boundaryEvent": "b"}.get(tag, "e")
        inner = ""
        if el.find(f"{{{BPMN}}}timerEventDefinition") is not None:
            inner = (
                f'<circle class="e" cx="{cx:.0f}" cy="{cy:.0f}" r="{w / 2 - 5:.0f}"/>'
                f'<path class="f" d="M{cx:.0f} {cy:.0f}V{cy - w / 4:.0f}M{cx:.0f} {cy:.0f}H{cx + w / 5:.0f}"/>'
            )
        label = _label(cx, y + h + 16, name, 18) if name else ""
        return (
            f'<g data-id={ident} data-kind="{tag}"><circle class="{cls}" cx="{cx:.0f}" cy="{cy:.0f}" '
            f'r="{w / 2:.0f}"/>{inner}{label}</g>'
        )
    if tag in ("exclusiveGateway", "parallelGateway", "inclusiveGateway"):
        pts = f"{cx:.0f},{y:.0f} {x + w:.0f},{cy:.0f} {cx:.0f},{y + h:.0f} {x:.0f},{cy:.0f}"
        m = w / 5
        mark = (
            f'<path class="f" d="M{cx - m:.0f} {cy - m:.0f}L{cx + m:.0f} {cy + m:.0f}M{cx + m:.0f} {cy - m:.0f}'
            f'L{cx - m:.0f} {cy + m:.0f}"/>'
            if tag == "exclusiveGateway"
            else f'<path class="f" d="M{cx:.0f} {cy - m:.0f}V{cy + m:.0f}M{cx - m:.0f} {cy:.0f}H{cx + m:.0f}"/>'
        )
        label = _label(cx, y - 8, name, 18) if name else ""
        return f'<g data-id={ident} data-kind="{tag}"><polygon class="g" points="{pts}"/>{mark}{label}</g>'
    return (
        f'<g data-id={ident} data-kind="{tag}">'
        f'<rect class="l" x="{x:.0f}" y="{y:.0f}" width="{w:.0f}" height="{h:.0f}"/></g>'
    )
