"""Helpers to inspect real PDFs: pypdf for structure, poppler-utils and zbar-tools for the rest.

The command-line tools are required (Debian packages ``poppler-utils`` and ``zbar-tools``); a
missing tool fails the test instead of skipping it.
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

A5_WIDTH_PT = 419.53
A5_HEIGHT_PT = 595.28
MM = 72 / 25.4


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is required by the forms tests (Debian poppler-utils / zbar-tools)")
    return path


def _run(args: list[str]) -> str:
    result = subprocess.run(args, capture_output=True, check=True, timeout=120)
    return result.stdout.decode("utf-8")


def pdf_text(pdf: bytes, *, layout: bool = False, page: int | None = None) -> str:
    """Text of the PDF (or of one 1-based page) as extracted by ``pdftotext``."""
    tool = require_tool("pdftotext")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        args = [tool, "-enc", "UTF-8"]
        if layout:
            args.append("-layout")
        if page is not None:
            args += ["-f", str(page), "-l", str(page)]
        return _run([*args, str(path), "-"])


def normalise(text: str) -> str:
    """Collapse all whitespace (line breaks of wrapped text included) to single spaces."""
    return " ".join(text.split())


def squash(text: str) -> str:
    """Remove all whitespace: for values that may wrap anywhere (URLs, long tokens)."""
    return "".join(text.split())


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader(pdf).pages]


@dataclass(frozen=True)
class EmbeddedFont:
    base_font: str
    subtype: str
    embedded_file: bool


def fonts(pdf: bytes) -> list[EmbeddedFont]:
    """Every font referenced by the page resources, with whether its program is embedded."""
    found: list[EmbeddedFont] = []
    for page in reader(pdf).pages:
        resources = page.get("/Resources")
        if resources is None:
            continue
        font_dict = resources.get_object().get("/Font")
        if font_dict is None:
            continue
        for ref in font_dict.get_object().values():
            font = ref.get_object()
            descriptors = []
            if "/FontDescriptor" in font:
                descriptors.append(font["/FontDescriptor"].get_object())
            for descendant in font.get("/DescendantFonts", []):
                descendant = descendant.get_object()
                if "/FontDescriptor" in descendant:
                    descriptors.append(descendant["/FontDescriptor"].get_object())
            embedded = any(
                key in descriptor for descriptor in descriptors for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            found.append(EmbeddedFont(str(font["/BaseFont"]), str(font["/Subtype"]), embedded))
    return found


def rasterise(pdf: bytes, directory: Path, *, dpi: int = 200, page: int = 1) -> Path:
    tool = require_tool("pdftoppm")
    source = directory / "doc.pdf"
    source.write_bytes(pdf)
    prefix = directory / f"page{page}"
    _run(
        [
            tool,
            "-r",
            str(dpi),
            "-png",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(source),
            str(prefix),
        ]
    )
    return prefix.with_suffix(".png")


def decode_qr_codes(png: Path) -> list[str]:
    """All QR codes zbarimg finds in the image (its exit status is 4 when there is none)."""
    tool = require_tool("zbarimg")
    result = subprocess.run(
        [tool, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(png)],
        capture_output=True,
        timeout=120,
    )
    if result.returncode == 4:
        return []
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    return result.stdout.decode("utf-8").splitlines()


@dataclass(frozen=True)
class Word:
    page: int
    x_min: float
    y_min: float
    x_max: float
    y_max: float
    text: str


_PAGE_RE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
_WORD_RE = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def words(pdf: bytes) -> list[Word]:
    """Every word with its bounding box in points (``pdftotext -bbox``)."""
    tool = require_tool("pdftotext")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        output = _run([tool, "-enc", "UTF-8", "-bbox", str(path), "-"])
    found: list[Word] = []
    for number, chunk in enumerate(_PAGE_RE.split(output)[3::3], start=1):
        for match in _WORD_RE.finditer(chunk):
            x_min, y_min, x_max, y_max = (float(v) for v in match.groups()[:4])
            found.append(Word(number, x_min, y_min, x_max, y_max, html.unescape(match[5])))
    return found


def pdfinfo(pdf: bytes) -> dict[str, str]:
    """``pdfinfo``'s fields ("Pages", "Page size", "Title", …)."""
    tool = require_tool("pdfinfo")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        output = _run([tool, str(path)])
    fields = {}
    for line in output.splitlines():
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    return fields


def inked_pixels(
    png: Path,
    box_pt: tuple[float, float, float, float],
    *,
    dpi: int,
    ignore_pt: Sequence[tuple[float, float, float, float]] = (),
    threshold: int = 200,
) -> int:
    """How many pixels darker than ``threshold`` lie in ``box_pt`` (x0, y0, x1, y1 in points from
    the top left), outside the ``ignore_pt`` boxes."""
    from PIL import Image

    scale = dpi / 72
    with Image.open(png) as image:
        grey = image.convert("L")
        x0, y0, x1, y1 = (round(v * scale) for v in box_pt)
        ignored = [tuple(round(v * scale) for v in box) for box in ignore_pt]
        count = 0
        pixels = grey.load()
        assert pixels is not None
        for y in range(max(y0, 0), min(y1, grey.height)):
            for x in range(max(x0, 0), min(x1, grey.width)):
                if any(a <= x < c and b <= y < d for a, b, c, d in ignored):
                    continue
                if pixels[x, y] < threshold:  # type: ignore[operator]
                    count += 1
        return count
