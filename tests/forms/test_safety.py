"""Escaping, no network access, and independence from the fonts installed on the machine."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from motcua.forms import render
from motcua.forms.data import Applicant, ReceivedDocument, SupplementItem
from motcua.forms.render import (
    LocalOnlyURLFetcher,
    render_receipt_pdf,
    render_refusal_pdf,
    render_supplement_request_pdf,
)

from .pdfutil import fonts, normalise, pdf_text, squash
from .samples import APPLICANT, receipt, refusal, supplement_request

HOSTILE = '<script>alert("x")</script> <b>Đậm</b> & <img src="https://evil.example/x.png">'


def test_html_in_the_data_comes_out_as_literal_text() -> None:
    pdf = render_receipt_pdf(
        receipt(
            applicant=Applicant(name=HOSTILE, address=HOSTILE),
            request=HOSTILE,
            documents=[ReceivedDocument(HOSTILE, "Bản chính", 1)],
            officer_name="<i>Cán bộ</i>",
        )
    )
    text = squash(pdf_text(pdf))  # long values wrap: compare without whitespace
    assert squash(f"Tiếp nhận hồ sơ của: {HOSTILE}") in text
    assert squash(f"Nội dung yêu cầu giải quyết: {HOSTILE}") in text
    # name, address, request, document row, applicant signature
    assert text.count(squash(HOSTILE)) == 5
    assert text.count("<i>Cánbộ</i>") == 1


@pytest.mark.parametrize("kind", ["supplement", "refusal"])
def test_html_is_escaped_in_the_other_forms(kind: str) -> None:
    if kind == "supplement":
        pdf = render_supplement_request_pdf(
            supplement_request(items=[SupplementItem(HOSTILE, HOSTILE)], contact=HOSTILE)
        )
    else:
        pdf = render_refusal_pdf(refusal(reasons=[HOSTILE]))
    text = squash(pdf_text(pdf))
    assert squash(f"1. {HOSTILE}") in text


@pytest.mark.parametrize(
    "url",
    [
        "https://fonts.example.com/font.ttf",
        "http://127.0.0.1/forms.css",
        "ftp://example.com/x",
        "file:///etc/passwd",
        "file://remote.example/share/forms.css",
        render.PACKAGE_DIR.as_uri() + "/../settings.py",
        render.PACKAGE_DIR.as_uri() + "/fonts/missing.ttf",
    ],
)
def test_fetcher_refuses_anything_but_bundled_files_and_data(url: str) -> None:
    with pytest.raises(ValueError, match="Refused to fetch"):
        LocalOnlyURLFetcher().fetch(url)


def test_fetcher_serves_bundled_files_and_data_urls() -> None:
    font = render.FONTS_DIR / "DejaVuSerifCondensed.ttf"
    response = LocalOnlyURLFetcher().fetch(font.as_uri())
    try:
        assert response.read() == font.read_bytes()
    finally:
        response.close()
    response = LocalOnlyURLFetcher().fetch("data:text/plain;base64,xJBp")
    try:
        assert response.read() == "Đi".encode()
    finally:
        response.close()


def test_rendering_opens_no_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network access during rendering")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    pdf = render_receipt_pdf(receipt())
    assert pdf.startswith(b"%PDF-")
    assert attempts == []


def test_renders_identically_without_any_system_font(tmp_path: Path) -> None:
    """With a fontconfig that knows no font at all, the bundled font still renders everything."""
    (tmp_path / "cache").mkdir()
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    out = tmp_path / "receipt.pdf"
    script = textwrap.dedent(
        f"""
        import sys, django
        django.setup()
        sys.path.insert(0, {str(Path(__file__).parent.parent)!r})
        from forms.samples import receipt
        from motcua.forms.render import render_receipt_pdf
        open({str(out)!r}, "wb").write(render_receipt_pdf(receipt()))
        """
    )
    env = {
        **os.environ,
        "FONTCONFIG_FILE": str(conf),
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "motcua.settings"),
    }
    fc_list = subprocess.run(["fc-list"], env=env, capture_output=True, text=True, check=False)
    if fc_list.returncode == 0:  # fc-list (fontconfig package) is optional here
        assert fc_list.stdout.strip() == ""
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "No fonts configured in FontConfig" in result.stderr  # proves the isolation worked
    pdf = out.read_bytes()
    names = {f.base_font.lstrip("/").split("+", 1)[1] for f in fonts(pdf)}
    assert names == {"MotCua-Serif-Semi-Condensed", "MotCua-Serif-Bold-Semi-Condensed"}
    text = normalise(pdf_text(pdf))
    assert f"Tiếp nhận hồ sơ của: {APPLICANT.name}" in text
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert "Trần Văn Đức" in text
