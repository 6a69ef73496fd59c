"""Bar charts as plain SVG geometry (server-rendered: no chart library, no inline script or style)."""

from __future__ import annotations

from typing import Any

WIDTH, HEIGHT, PAD = 640, 220, 28


def bars(points: list[dict[str, Any]], keys: tuple[str, ...]) -> dict[str, Any]:
    """Return grouped bars for ``keys`` of each point, scaled into the chart box."""
    top = max([p[k] for p in points for k in keys] + [1])
    slot = (WIDTH - PAD) / max(len(points), 1)
    width = max((slot - 6) / len(keys), 2)
    groups = []
    for i, p in enumerate(points):
        x0 = PAD + i * slot + 3
        items = []
        for j, k in enumerate(keys):
            h = (HEIGHT - 2 * PAD) * p[k] / top
            items.append(
                {
                    "key": k,
                    "x": round(x0 + j * width, 1),
                    "y": round(HEIGHT - PAD - h, 1),
                    "w": round(width - 1, 1),
                    "h": round(h, 1),
                    "value": p[k],
                }
            )
        groups.append({"label": p["label"], "x": round(x0 + slot / 2 - 3, 1), "bars": items})
    return {"width": WIDTH, "height": HEIGHT, "base": HEIGHT - PAD, "top": top, "groups": groups}
