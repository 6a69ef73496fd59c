"""After a draft is submitted, its URLs (Back, a second tab, "Nộp hồ sơ" again) lead to the dossier
made from it — never to "Không tìm thấy trang", never to a second dossier."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.dossiers.models import Dossier
from motcua.portal import drafts
from motcua.portal.models import Draft, SubmittedDraft
from tests.helpers import run_at_once
from tests.portal.helpers import client_for, draft_at_review, pdf

NOTICE = "Hồ sơ này đã được nộp, mã hồ sơ {code}. Không có hồ sơ mới nào được tạo thêm."


@pytest.mark.django_db
def test_submitting_again_from_a_second_tab_leads_to_the_done_page(world: Any) -> None:
    first_tab = client_for(world.user("citizen"))
    second_tab = first_tab  # the same session, another tab: the same cookies
    draft = draft_at_review(first_tab)
    response = first_tab.post(f"/nop-ho-so/ban-nhap/{draft.pk}/4/")
    dossier = Dossier.objects.get()
    assert response["Location"] == f"/nop-ho-so/da-nop/{dossier.code}/"
    again = second_tab.post(f"/nop-ho-so/ban-nhap/{draft.pk}/4/", follow=True)
    assert again.redirect_chain == [(f"/nop-ho-so/da-nop/{dossier.code}/", 302)]
    html = again.content.decode()
    assert again.status_code == 200 and f'id="dossier-code">{dossier.code}</p>' in html
    assert NOTICE.format(code=dossier.code) in html
    assert Dossier.objects.count() == 1 and not Draft.objects.exists()


@pytest.mark.django_db
def test_back_to_any_step_after_submitting_leads_to_the_dossier(world: Any) -> None:
    client = client_for(world.user("citizen"))
    draft = draft_at_review(client)
    client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/4/")
    dossier = Dossier.objects.get()
    page = f"/tai-khoan/ho-so/{dossier.code}/"
    for number in (1, 2, 3, 4):
        response = client.get(f"/nop-ho-so/ban-nhap/{draft.pk}/{number}/")
        assert (response.status_code, response["Location"]) == (302, page), number
    # Pressing the buttons of a page shown from the browser's cache: nothing is saved, no new dossier.
    assert client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/2/", {"action": "next", "purpose": "Khác"})["Location"] == page
    assert client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/3/", {"action": "next", "doc-TP1": pdf()})["Location"] == page
    assert client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/tep/TP1/xoa/")["Location"] == page
    assert client.get(f"/nop-ho-so/ban-nhap/{draft.pk}/xoa/")["Location"] == page
    followed = client.get(f"/nop-ho-so/ban-nhap/{draft.pk}/2/", follow=True).content.decode()
    assert NOTICE.format(code=dossier.code) in followed and "Bổ túc hồ sơ" in followed
    assert Dossier.objects.count() == 1
    assert Dossier.objects.get().form_data == {"purpose": "Bổ túc hồ sơ"}


@pytest.mark.django_db
def test_another_persons_submitted_draft_is_still_not_found(world: Any) -> None:
    client = client_for(world.user("citizen"))
    draft = draft_at_review(client)
    client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/4/")
    stranger = client_for(world.user("other_citizen"))
    assert stranger.get(f"/nop-ho-so/ban-nhap/{draft.pk}/4/").status_code == 404
    assert stranger.post(f"/nop-ho-so/ban-nhap/{draft.pk}/4/").status_code == 404
    assert client_for(world.user("citizen")).get("/nop-ho-so/ban-nhap/999999/2/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_tabs_submitting_at_once_make_one_dossier(world: Any) -> None:
    client = client_for(world.user("citizen"))
    draft = draft_at_review(client)
    user = world.user("citizen")
    results, errors = run_at_once(2, lambda i: drafts.submit_draft(Draft(pk=draft.pk), user=user).code)
    assert errors == []
    assert Dossier.objects.count() == 1
    assert results == [Dossier.objects.get().code] * 2
    assert SubmittedDraft.objects.get().dossier == Dossier.objects.get()
