"""Checks of printed pages shared by the print tests: one A5 page, nothing cut at the bottom,
and the rows of the Mẫu 06 register read by the position of their words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .pdfutil import MM, inked_pixels, pdfinfo, rasterise, words

DPI = 100
PAGE_W, PAGE_H = 419.53, 595.28
SMALLEST_BOTTOM_MARGIN = 9 * MM  # forms.css: 11 mm, 9 mm on the densest setting


def one_a5_page(pdf: bytes) -> None:
    info = pdfinfo(pdf)
    assert info["Pages"] == "1"
    width, height = (float(v) for v in re.fullmatch(r"([\d.]+) x ([\d.]+) pts.*", info["Page size"]).groups())
    assert (width, height) == pytest.approx((PAGE_W, PAGE_H), abs=0.5)


def nothing_cut(pdf: bytes, tmp_path: Path, last_line: list[str]) -> Path:
    """The signature block is the last text above the page number, and the bottom margin is blank."""
    boxes = [w for w in words(pdf) if w.page == 1]
    footer = [w for w in boxes if w.text in ("Trang", "1/1")]
    assert [w.text for w in footer] == ["Trang", "1/1"]
    content = [w for w in boxes if w not in footer]
    bottom = max(w.y_max for w in content)
    assert [w.text for w in content if w.y_max > bottom - 3] == last_line
    assert bottom < PAGE_H - SMALLEST_BOTTOM_MARGIN
    png = rasterise(pdf, tmp_path, dpi=DPI)
    band = (0.0, PAGE_H - SMALLEST_BOTTOM_MARGIN, PAGE_W, PAGE_H)
    footer_box = (
        min(w.x_min for w in footer) - 2,
        min(w.y_min for w in footer) - 2,
        max(w.x_max for w in footer) + 2,
        max(w.y_max for w in footer) + 2,
    )
    assert inked_pixels(png, band, dpi=DPI, ignore_pt=[footer_box]) == 0
    assert inked_pixels(png, footer_box, dpi=DPI) > 0  # the page number itself is printed
    return png


# forms/templates/forms/register.css: the left margin and the width of each column, in mm.
LEFT = 14
WIDTHS = (8, 30, 36, 12, 24, 30, 24, 16, 16, 16, 19, 16, 22)


def register_rows(pdf: bytes) -> list[tuple[str, ...]]:
    """The cells of every dossier row of the PDF, read by position (words inside each column)."""
    edges = [LEFT * MM]
    for width in WIDTHS:
        edges.append(edges[-1] + width * MM)
    rows: list[tuple[str, ...]] = []
    boxes = words(pdf)
    for page in sorted({w.page for w in boxes}):
        on_page = [w for w in boxes if w.page == page and not w.text.startswith(("Trang", f"{page}/"))]
        below = max(w.y_max for w in on_page if w.text == "(13)")  # the numbered heading row
        cells = [w for w in on_page if w.y_min > below]
        starts = sorted(w.y_min for w in cells if w.x_max <= edges[1] and w.text.isdigit())
        for i, top in enumerate(starts):
            bottom = starts[i + 1] if i + 1 < len(starts) else float("inf")
            inside = sorted(
                (w for w in cells if top - 1 <= w.y_min < bottom - 1), key=lambda w: (round(w.y_min), w.x_min)
            )
            rows.append(
                tuple(
                    " ".join(w.text for w in inside if edges[c] <= w.x_min < edges[c + 1]) for c in range(len(WIDTHS))
                )
            )
    return rows
