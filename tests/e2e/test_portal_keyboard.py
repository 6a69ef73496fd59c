"""Keyboard only: a citizen files "Đăng ký khai sinh" with Tab, Shift+Tab, Enter, Space and typing."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from motcua.demo.data import load_demo
from motcua.dossiers.models import Dossier
from tests.e2e.conftest import axe, shot

PDF = b"%PDF-1.4\n%%EOF\n"


def focused(page: Any, selector: str) -> bool:
    return bool(page.evaluate("(s) => document.activeElement !== null && document.activeElement.matches(s)", selector))


def tab_to(page: Any, selector: str, *, back: bool = False, limit: int = 80) -> None:
    """Press Tab (or Shift+Tab) until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        if focused(page, selector):
            return
        page.keyboard.press("Shift+Tab" if back else "Tab")
    raise AssertionError(f"{selector} never got the focus")


def focus_is_visible(page: Any) -> bool:
    """The focused element shows an outline (:focus-visible), so keyboard users see where they are."""
    return bool(
        page.evaluate("""() => { const el = document.activeElement;
        return el.matches(':focus-visible') && getComputedStyle(el).outlineStyle !== 'none'; }""")
    )


@pytest.mark.django_db(transaction=True)
def test_keyboard_only_submission(live_server: Any, page: Any, tmp_path: Path) -> None:
    load_demo()
    url = live_server.url
    page.goto(url + "/dang-nhap/?next=/thu-tuc/1.001193/")
    tab_to(page, "#id_username")
    page.keyboard.type("congdan")
    page.keyboard.press("Tab")
    page.keyboard.type("motcua-demo")
    page.keyboard.press("Enter")
    page.wait_for_url(url + "/thu-tuc/1.001193/")

    # The skip link comes first and works.
    page.keyboard.press("Tab")
    assert focused(page, "a.skip-link") and focus_is_visible(page)
    tab_to(page, "a[href='/nop-ho-so/1.001193/']")
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url(url + "/nop-ho-so/1.001193/")
    assert axe(page) == []

    # Step 1: choose the agency with the arrow key; the applicant is pre-filled.
    tab_to(page, "#agency-code")
    page.keyboard.press("ArrowDown")
    assert page.input_value("#agency-code") == "H26.101"
    tab_to(page, "main button[type=submit].primary")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/ban-nhap/\d+/2/$"))

    # Step 2: type the declaration in order; the date is typed day first (dd/mm/yyyy).
    values: list[tuple[str, str | list[str]]] = [
        ("#f-ho-ten-tre", "Trần Gia Bảo"),
        ("#f-ngay-sinh", "10/10/2026"),
        ("#f-noi-sinh", "Bệnh viện Bạch Mai"),
        ("#f-gioi-tinh", ["ArrowDown", "ArrowDown"]),
        ("#f-dan-toc", ["ArrowDown"]),
        ("#f-quoc-tich", ["ArrowDown"]),
        ("#f-quan-he-nguoi-yeu-cau", ["ArrowDown"]),
    ]
    for selector, keys in values:
        tab_to(page, selector)
        if isinstance(keys, list):  # a select: arrow keys move through its options
            for key in keys:
                page.keyboard.press(key)
        else:
            page.keyboard.type(keys)
    # Shift+Tab goes back to a field already filled; its value is kept.
    tab_to(page, "#f-quoc-tich", back=True)
    assert page.input_value("#f-quoc-tich") == "Việt Nam"
    assert page.input_value("#f-ngay-sinh") == "10/10/2026"
    assert page.input_value("#f-gioi-tinh") == "Nữ"
    assert page.input_value("#f-quan-he-nguoi-yeu-cau") == "Cha"
    tab_to(page, "button[value=next]")
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"/ban-nhap/\d+/3/$"))

    # Step 3: reach each file input by keyboard and give it a PDF (the tờ khai is the e-form, the ID card is shown).
    for code in ("giay-chung-sinh",):
        tab_to(page, f"#doc-{code}")
        path = tmp_path / f"{code}.pdf"
        path.write_bytes(PDF)
        page.locator(":focus").set_input_files(str(path))
    tab_to(page, "button[value=next]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/ban-nhap/\d+/4/$"))
    assert axe(page) == []

    # Step 4: submit.
    tab_to(page, "main form button[type=submit]")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Nộp hồ sơ"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/nop-ho-so/da-nop/"))
    code = page.locator("#dossier-code").inner_text()
    dossier = Dossier.objects.get(code=code)
    assert dossier.form_data["ho_ten_tre"] == "Trần Gia Bảo"
    assert dossier.form_data["gioi_tinh"] == "Nữ"
    assert (dossier.form_data["dan_toc"], dossier.form_data["quoc_tich"]) == ("Kinh", "Việt Nam")
    assert dossier.documents.count() == 1
    assert axe(page) == []
    shot(page, "portal-keyboard-done")
