"""The header of the printed forms: where an agency's name may break onto the next line.

Vietnamese agency names are a body and a locality ("ỦY BAN NHÂN DÂN" + "PHƯỜNG HOÀN KIẾM",
"SỞ TƯ PHÁP" + "THÀNH PHỐ HÀ NỘI"). Left to the browser, a narrow header column breaks them
anywhere ("… PHƯỜNG HOÀN / KIẾM"). Here the lines are chosen in Python, measured with the
bundled font the PDF uses: a name that fits stays on one line; otherwise it breaks between the
body and the locality, and a part that is still too wide breaks between words into lines of even
width (never leaving one word alone when it can be avoided). Each line is then printed unbroken.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

__all__ = [
    "A4_LANDSCAPE_HEADER",
    "A5_HEADER",
    "HeaderLayout",
    "abbreviate_parent",
    "header_context",
    "name_lines",
    "text_width_mm",
]

_FONTS_DIR = Path(__file__).resolve().parent / "fonts"
_FONT_FILES = {False: "DejaVuSerifCondensed.ttf", True: "DejaVuSerifCondensed-Bold.ttf"}
_MEASURE_SIZE = 1000  # measure at a large size and scale: no rounding to whole pixels
_PT_PER_MM = 72 / 25.4
# Measured and typeset widths differ by a fraction of a percent (shaping, rounding); keep clear.
_SAFETY = 0.97

# Words that start the locality of a name (after the 2025 reform and before it).
_LOCALITY_WORDS = (
    ("THÀNH", "PHỐ"),
    ("TỈNH",),
    ("PHƯỜNG",),
    ("XÃ",),
    ("ĐẶC", "KHU"),
    ("THỊ", "XÃ"),
    ("THỊ", "TRẤN"),
    ("QUẬN",),
    ("HUYỆN",),
)


@dataclass(frozen=True)
class HeaderLayout:
    """Font sizes (pt) and the width of the header's left column (mm) of one page format."""

    left_column_mm: float
    parent_size_pt: float = 8.0
    name_size_pt: float = 8.0


# A5 portrait: 123 mm between the margins of forms.css; A4 landscape: 269 mm (Mẫu 05, Mẫu 06).
A5_HEADER = HeaderLayout(left_column_mm=56.0)
A4_LANDSCAPE_HEADER = HeaderLayout(left_column_mm=110.0)


@lru_cache(maxsize=4)
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(_FONTS_DIR / _FONT_FILES[bold]), _MEASURE_SIZE)


def text_width_mm(text: str, *, size_pt: float, bold: bool) -> float:
    """Width of ``text`` set in the bundled serif at ``size_pt``, in millimetres."""
    return _font(bold).getlength(text) / _MEASURE_SIZE * size_pt / _PT_PER_MM


def abbreviate_parent(name: str) -> str:
    """Shorten "ỦY BAN NHÂN DÂN" to "UBND" in the name of the governing body (cơ quan chủ quản).

    Decree 30/2020/NĐ-CP (annex I) lets the governing body's name abbreviate common phrases
    such as Ủy ban nhân dân (UBND); the issuing body's own name is always written in full.
    """
    words = name.split()
    upper = [w.upper() for w in words]
    out: list[str] = []
    i = 0
    while i < len(words):
        if upper[i : i + 4] == ["ỦY", "BAN", "NHÂN", "DÂN"] or upper[i : i + 4] == ["UỶ", "BAN", "NHÂN", "DÂN"]:
            out.append("UBND")
            i += 4
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


def _phrases(words: list[str]) -> list[list[str]]:
    """Split a name into its body and its locality (the first locality word that has a name after it)."""
    upper = [w.upper() for w in words]
    for i in range(1, len(words)):
        for pattern in _LOCALITY_WORDS:
            n = len(pattern)
            if tuple(upper[i : i + n]) != pattern or i + n >= len(words):
                continue
            if pattern == ("XÃ",) and upper[i + 1] == "HỘI":  # "xã hội" (society) is no commune
                continue
            return [words[:i], words[i:]]
    return [words]


def _split_word(word: str, width: float, size_pt: float, bold: bool) -> list[str]:
    """Hard-break a single word wider than the line (only for unbroken tokens, never for names)."""
    pieces: list[str] = []
    current = ""
    for char in word:
        if current and text_width_mm(current + char, size_pt=size_pt, bold=bold) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    if current:
        pieces.append(current)
    return pieces


def _even_lines(words: list[str], width: float, size_pt: float, bold: bool) -> list[str]:
    """Break ``words`` into the fewest lines that fit, the widest line as narrow as possible."""

    def measure(start: int, end: int) -> float:
        return text_width_mm(" ".join(words[start:end]), size_pt=size_pt, bold=bold)

    n = len(words)
    # best[i] = (lines, widest, breaks) for words[i:]
    best: list[tuple[int, float, list[int]] | None] = [None] * (n + 1)
    best[n] = (0, 0.0, [])
    for i in range(n - 1, -1, -1):
        for j in range(i + 1, n + 1):
            w = measure(i, j)
            if w > width:
                break
            rest = best[j]
            if rest is None:
                continue
            candidate = (rest[0] + 1, max(w, rest[1]), [j, *rest[2]])
            current = best[i]
            if current is None or candidate[:2] < current[:2]:
                best[i] = candidate
    found = best[0]
    if found is None:  # a single word wider than the line
        lines: list[str] = []
        for word in words:
            lines.extend(_split_word(word, width, size_pt, bold))
        return lines
    lines, start = [], 0
    for end in found[2]:
        lines.append(" ".join(words[start:end]))
        start = end
    return lines


def name_lines(name: str, *, width_mm: float, size_pt: float, bold: bool) -> list[str]:
    """The lines ``name`` is printed on in a column ``width_mm`` wide."""
    words = name.split()
    if not words:
        return []
    width = width_mm * _SAFETY
    if text_width_mm(" ".join(words), size_pt=size_pt, bold=bold) <= width:
        return [" ".join(words)]
    lines: list[str] = []
    for phrase in _phrases(words):
        lines.extend(_even_lines(phrase, width, size_pt, bold))
    return lines


def header_context(parent_name: str, name: str, layout: HeaderLayout) -> dict[str, object]:
    """What ``forms/_header.html`` needs: the lines of the governing and the issuing body."""
    parent = abbreviate_parent(parent_name.strip().upper())
    body = name.strip().upper()
    return {
        "body_parent": parent,
        "body_name": body,
        "body_parent_lines": name_lines(
            parent, width_mm=layout.left_column_mm, size_pt=layout.parent_size_pt, bold=False
        ),
        "body_name_lines": name_lines(body, width_mm=layout.left_column_mm, size_pt=layout.name_size_pt, bold=True),
        "header_left_mm": f"{layout.left_column_mm:.1f}",
    }
