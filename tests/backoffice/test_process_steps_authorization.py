"""The back-office pages of the internal process, for everyone who must not use them: denied,
nothing changed, nothing leaked. Anonymous → login; citizens → 403; an unrelated agency → 404;
the consulted body → only its own steps; the wrong role at the right body → 403."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.dossiers.models import Dossier
from motcua.processes.models import DossierStep
from tests.backoffice.test_authorization import assert_no_personal_data
from tests.processes.steps_world import (
    MONDAY_8,
    at_consultation,
    define,
    open_step,
    received,
    written_state,
)

pytestmark = pytest.mark.django_db
KINDS = ("complete", "refuse", "assign")


@pytest.fixture
def dossier(world: Any, frozen: Any) -> Dossier:
    """A dossier whose commune review is done and whose Sở Tư pháp consultation is open."""
    define()
    frozen(MONDAY_8)
    return at_consultation(world)


def post(client: Any, d: Dossier, row: DossierStep, kind: str) -> Any:
    prefix = f"buoc-{row.pk}-{kind}"
    data = {
        f"{prefix}-version": str(Dossier.objects.get(pk=d.pk).version),
        f"{prefix}-note": "x",
        f"{prefix}-reasons": "Lý do",
        f"{prefix}-assignee": "dept_specialist",
    }
    return client.post(f"/backoffice/ho-so/{d.code}/buoc/{row.pk}/{kind}/", data)


def test_step_forms_are_denied(world: Any, login: Any, dossier: Dossier) -> None:
    consult = open_step(dossier)
    review = DossierStep.objects.get(dossier=dossier, step__name="Thẩm định hồ sơ")
    before = written_state()
    for kind in KINDS:
        url = f"/backoffice/ho-so/{dossier.code}/buoc/{consult.pk}/{kind}/"
        response = post(login(None), dossier, consult, kind)
        assert response.status_code == 302 and response["Location"] == f"/dang-nhap/?next={url}"
        cases = [
            ("citizen", 403),
            ("other_citizen", 403),
            ("other_reception", 404),
            ("other_head", 404),
            ("dept_clerk", 403),
            ("dept_reception", 403),
            ("specialist", 403),
            ("head", 403),
        ]
        if kind != "assign":
            cases.append(("dept_head", 403))  # a head reassigns, but does not do the specialist's step
        else:
            cases.append(("dept_specialist", 403))  # holding the step is not heading the body
        for name, status in cases:
            response = post(login(name), dossier, consult, kind)
            assert response.status_code == status, (kind, name, response.status_code)
            assert_no_personal_data(response)
        # The consulted body cannot reach the commune's steps; an unknown kind or step is 404.
        for name in ("dept_specialist", "dept_head"):
            assert post(login(name), dossier, review, kind).status_code == 404
        assert login("dept_specialist").get(url).status_code == 405
    assert (
        login("dept_specialist").post(f"/backoffice/ho-so/{dossier.code}/buoc/{consult.pk}/delete/", {}).status_code
        == 404
    )
    assert (
        login("dept_specialist").post(f"/backoffice/ho-so/{dossier.code}/buoc/999999/complete/", {}).status_code == 404
    )
    assert written_state() == before


def test_the_control_sheet_is_denied(world: Any, login: Any, dossier: Dossier) -> None:
    url = f"/backoffice/ho-so/{dossier.code}/mau-05.pdf"
    response = login(None).get(url)
    assert response.status_code == 302 and response["Location"] == f"/dang-nhap/?next={url}"
    for name, status in [("citizen", 403), ("other_citizen", 403), ("other_reception", 404), ("other_head", 404)]:
        response = login(name).get(url)
        assert response.status_code == status, name
        assert_no_personal_data(response)
    for name in ("reception", "clerk", "dept_specialist", "dept_clerk"):  # officials who see the dossier
        assert login(name).get(url).status_code == 200, name


def test_the_dossier_page_shows_a_consulted_body_only_its_steps(world: Any, login: Any, dossier: Dossier) -> None:
    html = login("dept_clerk").get(f"/backoffice/ho-so/{dossier.code}/").content.decode()
    panel = html.split('class="card process-panel"')[1].split("</section>")[0]
    assert "Cho ý kiến của Sở Tư pháp" in panel and "Thẩm định hồ sơ" not in panel
    assert "buoc-" not in panel.split("</table>")[1]  # no form: the clerk does not hold the step


def test_a_body_sees_nothing_before_its_step_opens(world: Any, login: Any, frozen: Any) -> None:
    define()
    frozen(MONDAY_8)
    d = received(world)
    for url in (f"/backoffice/ho-so/{d.code}/", f"/backoffice/ho-so/{d.code}/mau-05.pdf"):
        assert login("dept_specialist").get(url).status_code == 404
    assert post(login("dept_specialist"), d, open_step(d), "complete").status_code == 404


def test_my_steps_needs_an_official(world: Any, login: Any, dossier: Dossier) -> None:
    url = "/backoffice/buoc-xu-ly/"
    response = login(None).get(url)
    assert response.status_code == 302 and response["Location"] == f"/dang-nhap/?next={url}"
    for name in ("citizen", "other_citizen"):
        assert login(name).get(url).status_code == 403
    for name in ("other_head", "other_reception", "head", "dept_clerk"):  # nothing waits at their roles
        response = login(name).get(url)
        assert response.status_code == 200 and dossier.code not in response.content.decode(), name
        assert_no_personal_data(response)
    assert dossier.code in login("dept_specialist").get(url).content.decode()
