"""E-ID login against the real OpenID provider (npm oidc-provider, ``motcua sim eid``): the code flow
with PKCE end to end, each check refusing what it must, faults, and the account rules."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit, urlunsplit

import pytest
import requests
from django.test import Client

from motcua.accounts.models import EidConflict, User
from motcua.accounts.services import citizen_register
from motcua.catalogue.models import Procedure
from motcua.core.models import AuditLog
from tests.accounts.vneid.conftest import EidPeer, at_provider, callback_path, forms_of
from tests.helpers import make_user

AN, BINH, CUONG = "001085012345", "001190023456", "001095034567"
UNAVAILABLE = "Hệ thống định danh điện tử đang không phản hồi"
REFUSED = "Không xác thực được phiên đăng nhập định danh điện tử"


def start(client: Client, peer: EidPeer, next_url: str = "") -> str:
    response = client.get("/oidc/login/" + (f"?{urlencode({'next': next_url})}" if next_url else ""))
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(peer.url + "/auth?")
    return location


def eid_login(client: Client, peer: EidPeer, personal_id: str, next_url: str = "", browser: Any = None) -> Any:
    """The whole flow: our /oidc/login/, the provider's form, our callback; returns the callback's response."""
    back = at_provider(start(client, peer, next_url), personal_id, browser=browser)
    return client.get(callback_path(back))


def shown_after(client: Client, response: Any) -> str:
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def logged_in(client: Client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


@pytest.mark.django_db
def test_the_authorization_request_uses_pkce_s256_state_and_nonce(eid_peer: EidPeer) -> None:
    client = Client()
    query = parse_qs(urlsplit(start(client, eid_peer)).query)
    pending = client.session["oidc_pending"]
    assert query["response_type"] == ["code"] and query["client_id"] == ["motcua-demo"]
    assert query["scope"] == ["openid profile"]
    assert query["redirect_uri"] == ["http://testserver/oidc/callback/"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["state"] == [pending["state"]] and query["nonce"] == [pending["nonce"]]
    assert query["code_challenge"][0] != pending["code_verifier"]  # the S256 hash, not the verifier


@pytest.mark.django_db
def test_a_new_citizen_logs_in_and_gets_a_verified_account(eid_peer: EidPeer) -> None:
    client = Client()
    response = eid_login(client, eid_peer, AN, next_url="/thu-tuc/")
    assert response.status_code == 302 and response["Location"] == "/thu-tuc/"
    user = logged_in(client)
    assert user is not None
    assert (user.personal_id, user.full_name, str(user.birth_date), user.eid_level) == (
        AN,
        "Nguyễn Văn An",
        "1985-04-12",
        2,
    )
    assert user.kind == User.Kind.CITIZEN and not user.has_usable_password()
    assert user.eid_verified_at is not None and user.eid_subject and user.eid_subject.startswith("vneid-")
    assert AuditLog.objects.filter(action="user.eid_register", object_id=str(user.pk)).count() == 1
    page = client.get("/tai-khoan/").content.decode()
    assert "Nguyễn Văn An" in page and "Định danh điện tử mức độ 2" in page
    # The second login is the same account, found by the provider's subject.
    other = Client()
    eid_login(other, eid_peer, AN)
    assert logged_in(other) == user and User.objects.filter(personal_id=AN).count() == 1


@pytest.mark.django_db
def test_level_1_is_stored(eid_peer: EidPeer) -> None:
    client = Client()
    eid_login(client, eid_peer, BINH)
    user = logged_in(client)
    assert user is not None and user.eid_level == 1 and user.full_name == "Trần Thị Bình"


@pytest.mark.django_db
def test_the_account_is_matched_by_personal_id_never_by_email_or_name(eid_peer: EidPeer) -> None:
    namesake = make_user("an.local", kind="citizen", full_name="Nguyễn Văn An", personal_id="079085054321")
    verified_before = make_user("binh.verified", kind="citizen", full_name="Trần Thị Bình", personal_id=BINH)
    User.objects.filter(pk=verified_before.pk).update(eid_verified_at="2026-01-01T00:00:00Z", eid_level=1)
    client = Client()
    eid_login(client, eid_peer, AN)
    user = logged_in(client)
    assert user is not None and user != namesake and user.personal_id == AN
    namesake.refresh_from_db()
    assert namesake.personal_id == "079085054321" and not EidConflict.objects.exists()
    # An account verified by e-ID before (its subject unknown here) is that person's account.
    client = Client()
    eid_login(client, eid_peer, BINH)
    assert logged_in(client) == verified_before
    verified_before.refresh_from_db()
    assert verified_before.eid_subject and verified_before.eid_subject.startswith("vneid-")


@pytest.mark.django_db
def test_a_local_account_claiming_the_personal_id_loses_it_and_a_conflict_is_recorded(eid_peer: EidPeer) -> None:
    local = citizen_register(
        username="cuong.local", password="Mot-Cua-2026!x", full_name="Lê Minh Cường", personal_id=CUONG
    )
    client = Client()
    response = eid_login(client, eid_peer, CUONG)
    html = shown_after(client, response)
    assert "Một tài khoản đăng ký bằng mật khẩu trước đây đã khai số định danh của bạn" in html
    verified = logged_in(client)
    assert verified is not None and verified != local and verified.personal_id == CUONG
    local.refresh_from_db()
    assert local.personal_id is None and local.has_usable_password()  # not merged, not deleted
    conflict = EidConflict.objects.get()
    assert (conflict.local_user, conflict.verified_user, conflict.personal_id, conflict.resolved) == (
        local,
        verified,
        CUONG,
        False,
    )
    assert AuditLog.objects.filter(action="user.eid_conflict", object_id=str(conflict.pk)).count() == 1
    assert "khai số định danh của bạn" in client.get("/tai-khoan/").content.decode()
    # The local account still logs in with its password.
    assert Client().post("/dang-nhap/", {"username": "cuong.local", "password": "Mot-Cua-2026!x"}).status_code == 302


@pytest.mark.django_db
def test_an_official_is_refused_and_keeps_the_password_login(eid_peer: EidPeer) -> None:
    make_user("can.bo", kind="official", full_name="Trần Thị Bình", personal_id=BINH)
    client = Client()
    html = shown_after(client, eid_login(client, eid_peer, BINH))
    assert "Cán bộ đăng nhập bằng tài khoản và mật khẩu cơ quan cấp." in html
    assert logged_in(client) is None
    user = User.objects.get(username="can.bo")
    assert user.eid_verified_at is None and user.eid_subject is None


@pytest.mark.django_db
def test_a_state_mismatch_is_refused(eid_peer: EidPeer) -> None:
    client = Client()
    back = urlsplit(at_provider(start(client, eid_peer), AN))
    query = {k: v[0] for k, v in parse_qs(back.query).items()}
    forged = urlunsplit(back._replace(query=urlencode({**query, "state": "forged"})))
    html = shown_after(client, client.get(callback_path(forged)))
    assert REFUSED in html and logged_in(client) is None and not User.objects.filter(personal_id=AN).exists()


@pytest.mark.django_db
def test_a_nonce_mismatch_is_refused(eid_peer: EidPeer) -> None:
    client = Client()
    back = at_provider(start(client, eid_peer), AN)
    session = client.session
    session["oidc_pending"] = {**session["oidc_pending"], "nonce": "another-login"}
    session.save()
    html = shown_after(client, client.get(callback_path(back)))
    assert REFUSED in html and logged_in(client) is None


@pytest.mark.django_db
def test_an_id_token_signed_with_a_key_not_in_the_jwks_is_refused(eid_peer: EidPeer) -> None:
    client = Client()
    back = at_provider(start(client, eid_peer), AN)
    eid_peer.mode("wrongkey")
    html = shown_after(client, client.get(callback_path(back)))
    assert REFUSED in html and logged_in(client) is None
    assert not User.objects.filter(personal_id=AN).exists()


@pytest.mark.django_db
def test_a_callback_without_a_login_started_is_refused(eid_peer: EidPeer) -> None:
    client = Client()
    html = shown_after(client, client.get("/oidc/callback/?code=x&state=y"))
    assert "Phiên đăng nhập định danh điện tử đã hết hạn" in html and logged_in(client) is None


@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["down", "slow", "garbage"])
def test_a_provider_down_slow_or_garbled_shows_a_clear_message_and_passwords_still_work(
    eid_peer: EidPeer, mode: str, settings: Any
) -> None:
    settings.MOTCUA_OIDC_TIMEOUT = 0.5
    make_user("hang", kind="citizen", personal_id="001190012345")
    eid_peer.mode(mode)
    client = Client()
    response = client.get("/oidc/login/?next=/thu-tuc/")
    assert response.status_code == 302 and response["Location"] == "/dang-nhap/?next=%2Fthu-tuc%2F"
    html = client.get(response["Location"]).content.decode()
    assert UNAVAILABLE in html and "Đăng nhập bằng tài khoản định danh điện tử" in html
    login = client.post("/dang-nhap/", {"username": "hang", "password": "pw-for-tests-123"})
    assert login.status_code == 302 and logged_in(client) is not None


@pytest.mark.django_db
def test_a_provider_that_fails_between_login_and_callback_shows_the_message(eid_peer: EidPeer) -> None:
    client = Client()
    back = at_provider(start(client, eid_peer), AN)
    eid_peer.mode("down")
    html = shown_after(client, client.get(callback_path(back)))
    assert UNAVAILABLE in html and logged_in(client) is None


@pytest.mark.django_db
def test_logout_ends_the_session_at_the_provider(eid_peer: EidPeer) -> None:
    client, browser = Client(), requests.Session()
    eid_login(client, eid_peer, AN, browser=browser)
    id_token = client.session["oidc_id_token"]
    response = client.post("/dang-xuat/")
    assert response.status_code == 302 and logged_in(client) is None
    target = urlsplit(response["Location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == eid_peer.url + "/session/end"
    query = parse_qs(target.query)
    assert query["id_token_hint"] == [id_token] and query["post_logout_redirect_uri"] == ["http://testserver/"]
    # The provider accepts the hint and the registered return address, asks to confirm, ends its
    # session and sends the browser back to the portal.
    page = browser.get(response["Location"], timeout=10)
    form = next(f for f in forms_of(page.text) if f["id"] == "op.logoutForm")
    done = browser.post(
        urljoin(page.url, form["action"]), data={**form["fields"], "logout": "yes"}, allow_redirects=False, timeout=10
    )
    assert done.is_redirect and done.headers["Location"] == "http://testserver/"
    assert {"event": "end_session", "client_id": "motcua-demo"} in eid_peer.events()


@pytest.mark.django_db
def test_a_password_logout_does_not_go_to_the_provider(eid_peer: EidPeer) -> None:
    make_user("hang", kind="citizen")
    client = Client()
    client.post("/dang-nhap/", {"username": "hang", "password": "pw-for-tests-123"})
    response = client.post("/dang-xuat/")
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.django_db
def test_the_button_shows_only_when_configured(eid_peer: EidPeer, settings: Any) -> None:
    html = Client().get("/dang-nhap/?next=/thu-tuc/").content.decode()
    button = html.index("Đăng nhập bằng tài khoản định danh điện tử")
    assert 'href="/oidc/login/?next=/thu-tuc/"' in html and button < html.index('name="password"')
    settings.MOTCUA_OIDC_ISSUER = ""
    client = Client()
    assert "Đăng nhập bằng tài khoản định danh điện tử" not in client.get("/dang-nhap/").content.decode()
    html = shown_after(client, client.get("/oidc/login/"))
    assert "Đăng nhập bằng định danh điện tử chưa được cấu hình trên hệ thống này." in html


@pytest.mark.django_db
def test_a_level_2_procedure_is_refused_to_level_1_and_open_to_level_2(eid_peer: EidPeer, world: Any) -> None:
    Procedure.objects.filter(code="T.001").update(requires_eid_level2=True)
    assert (
        "yêu cầu đăng nhập bằng tài khoản định danh điện tử mức độ 2"
        in Client().get("/thu-tuc/T.001/").content.decode()
    )
    client = Client()
    eid_login(client, eid_peer, BINH)  # level 1
    html = client.get("/nop-ho-so/T.001/").content.decode()
    assert "Cần định danh điện tử mức độ 2" in html
    assert 'href="/oidc/login/?next=/nop-ho-so/T.001/"' in html
    # A password account (level 0) is refused too; a draft of it cannot be continued either.
    assert "Cần định danh điện tử mức độ 2" in _as(world.user("citizen")).get("/nop-ho-so/T.001/").content.decode()
    client = Client()
    eid_login(client, eid_peer, AN)  # level 2
    html = client.get("/nop-ho-so/T.001/").content.decode()
    assert "Cần định danh điện tử mức độ 2" not in html and 'id="a-id-number"' in html


def _as(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
