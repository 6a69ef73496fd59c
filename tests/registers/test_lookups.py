"""Register lookups through the real gateway peer: each register ok / not found / down / slow / garbage,
the consent rule of Decree 13/2023 art. 11, the own-ID rule, and the log rows."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.core.errors import PermissionDenied, ValidationError
from motcua.core.models import AuditLog
from motcua.exchange.models import MessageLog
from motcua.registers import services
from motcua.registers.models import Consent, Lookup, Verification
from tests.registers.conftest import AN, BINH, FORM

pytestmark = pytest.mark.django_db

PURPOSE = "hồ sơ thủ tục R.001"


def _consent(user: Any) -> Consent:
    return services.give_consent(citizen=user, register="population", purpose=PURPOSE)


def test_a_citizen_with_consent_gets_their_own_record_and_the_form_fields_it_fills(
    lgsp: Any, register_world: Any
) -> None:
    an = register_world.user("an")
    result = services.lookup(
        "population", AN, actor=an, purpose=PURPOSE, consent=_consent(an), form_fields=FORM, draft_id=7
    )
    assert result.ok
    assert result.values["name"] == "Nguyễn Văn An" and result.values["birth_date"] == "1985-04-12"
    assert result.prefill == {
        "ho_ten": "Nguyễn Văn An",
        "ngay_sinh": "1985-04-12",
        "gioi_tinh": "Nam",
        "thuong_tru": "12 Hàng Bài, Phường Hoàn Kiếm, Thành phố Hà Nội",
    }
    row = Lookup.objects.get()
    assert (row.actor, row.actor_kind, row.register, row.outcome, row.subject) == (
        an,
        "citizen",
        "population",
        "ok",
        an,
    )
    assert row.subject_hint == "001••••••345" and AN not in row.subject_hash
    assert row.consent is not None and row.consent.citizen == an
    assert MessageLog.objects.get(message_id=row.message_id).outcome == "ok"
    assert AuditLog.objects.filter(action="register.lookup", object_id=str(row.pk)).count() == 1
    assert sorted(Verification.objects.filter(draft_id=7).values_list("field", flat=True)) == [
        "gioi_tinh",
        "ho_ten",
        "ngay_sinh",
        "thuong_tru",
    ]
    assert lgsp.log()[-1]["headers"]["user_id"] == "an"


def test_the_new_demo_person_is_in_the_peer(lgsp: Any, register_world: Any) -> None:
    official = register_world.user("reception")
    result = services.lookup("population", "001095034567", actor=official, purpose=PURPOSE, consent_confirmed=True)
    assert result.ok and result.values["birth_date"] == "1995-11-20"


def test_without_consent_nothing_is_asked(lgsp: Any, register_world: Any) -> None:
    an = register_world.user("an")
    with pytest.raises(ValidationError) as exc:
        services.lookup("population", AN, actor=an, purpose=PURPOSE)
    assert exc.value.code == "consent_required"
    withdrawn = services.withdraw_consent(_consent(an).pk, citizen=an)
    with pytest.raises(ValidationError):
        services.lookup("population", AN, actor=an, purpose=PURPOSE, consent=withdrawn)
    assert lgsp.log() == [] and not Lookup.objects.exists()


def test_a_citizen_cannot_look_up_someone_else(lgsp: Any, register_world: Any) -> None:
    an = register_world.user("an")
    with pytest.raises(PermissionDenied) as exc:
        services.lookup("population", BINH, actor=an, purpose=PURPOSE, consent=_consent(an))
    assert exc.value.code == "not_own_id"
    binh_consent = _consent(register_world.user("binh"))
    with pytest.raises(ValidationError):  # nor with another person's consent
        services.lookup("population", AN, actor=an, purpose=PURPOSE, consent=binh_consent)
    assert lgsp.log() == [] and not Lookup.objects.exists()


def test_an_official_needs_the_confirmed_consent_and_the_reception_role(lgsp: Any, register_world: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.lookup("population", BINH, actor=register_world.user("reception"), purpose=PURPOSE)
    assert exc.value.code == "consent_required"
    with pytest.raises(PermissionDenied):
        services.lookup("population", BINH, actor=register_world.user("head"), purpose=PURPOSE, consent_confirmed=True)
    result = services.lookup(
        "population", BINH, actor=register_world.user("reception"), purpose=PURPOSE, consent_confirmed=True
    )
    assert result.ok and result.values["sex"] == "Nữ"
    consent = Consent.objects.get()
    assert (consent.channel, consent.citizen, consent.recorded_by) == (
        "counter",
        register_world.user("binh"),
        register_world.user("reception"),
    )
    row = Lookup.objects.get()
    assert (row.actor_kind, row.subject, row.consent) == ("official", register_world.user("binh"), consent)


def test_not_found_is_logged(lgsp: Any, register_world: Any) -> None:
    result = services.lookup(
        "population", "001099000000", actor=register_world.user("reception"), purpose=PURPOSE, consent_confirmed=True
    )
    assert (result.ok, result.outcome, result.code) == (False, "not_found", "not_found")
    assert "Không tìm thấy" in result.message
    assert Lookup.objects.get().outcome == "not_found"


@pytest.mark.parametrize(("register", "key"), [("population", AN), ("business", "0101234567"), ("land", "15/7")])
@pytest.mark.parametrize("mode", ["down", "slow", "garbage", "badfields"])
def test_a_register_that_cannot_answer_gives_a_clear_message(
    lgsp: Any, register_world: Any, settings: Any, register: str, key: str, mode: str
) -> None:
    settings.MOTCUA_LGSP_TIMEOUT = 0.5
    lgsp.mode(mode, slow_seconds=2)
    an = register_world.user("an")
    consent = _consent(an) if register == "population" else None
    result = services.lookup(register, key, actor=an, purpose=PURPOSE, consent=consent, form_fields=FORM, draft_id=1)
    assert not result.ok and result.outcome == "failed"
    assert result.prefill == {} and not Verification.objects.exists()
    assert "tự nhập" in result.message
    row = Lookup.objects.get()
    assert row.outcome == "failed"
    assert row.error_code == {"down": "refused", "slow": "timeout", "garbage": "garbage", "badfields": "fields"}[mode]
    assert row.message_id and MessageLog.objects.filter(message_id=row.message_id).exists()


def test_an_open_breaker_says_so(lgsp: Any, register_world: Any, settings: Any) -> None:
    settings.MOTCUA_LGSP_BREAKER_FAILURES = 1
    lgsp.mode("down")
    official = register_world.user("reception")
    services.lookup("business", "0101234567", actor=official, purpose=PURPOSE)
    lgsp.mode("ok")
    result = services.lookup("business", "0101234567", actor=official, purpose=PURPOSE)
    assert result.outcome == "failed" and "tạm ngừng" in result.message
    assert Lookup.objects.filter(error_code="open").count() == 1


def test_business_and_land_fill_their_fields(lgsp: Any, register_world: Any) -> None:
    an = register_world.user("an")
    business = services.lookup("business", " 0101234567 ", actor=an, purpose=PURPOSE, form_fields=FORM)
    assert business.prefill == {"ma_dn": "0101234567", "ten_dn": "Công ty TNHH Hoàn Kiếm Xanh"}
    assert business.values["legal_representative"] == "Lê Văn Cường"
    land = services.lookup("land", "15 / 7", actor=an, purpose=PURPOSE, form_fields=FORM)
    assert land.prefill == {"thua_dat": "15/7", "dien_tich": "68.5"}
    assert land.values["owner"] == "Nguyễn Văn An"
    assert lgsp.log()[-1]["body"] == {"parcel": "15", "map_sheet": "7"}
    missing = services.lookup("land", "99/9", actor=an, purpose=PURPOSE)
    assert missing.outcome == "not_found"
    assert list(Lookup.objects.order_by("id").values_list("register", "outcome", "consent")) == [
        ("business", "ok", None),
        ("land", "ok", None),
        ("land", "not_found", None),
    ]


@pytest.mark.parametrize(
    ("register", "key"), [("population", "12345"), ("business", "ABC"), ("land", "15"), ("land", "a/b")]
)
def test_a_malformed_key_is_refused_before_asking(lgsp: Any, register_world: Any, register: str, key: str) -> None:
    with pytest.raises(ValidationError) as exc:
        services.lookup(register, key, actor=register_world.user("reception"), purpose=PURPOSE, consent_confirmed=True)
    assert exc.value.code == "invalid_key"
    assert lgsp.log() == []


def test_consent_is_given_once_per_purpose_and_withdrawn_by_its_owner_only(register_world: Any) -> None:
    an = register_world.user("an")
    first = _consent(an)
    assert _consent(an).pk == first.pk
    with pytest.raises(Exception, match="Không tìm thấy"):
        services.withdraw_consent(first.pk, citizen=register_world.user("binh"))
    services.withdraw_consent(first.pk, citizen=an)
    first.refresh_from_db()
    assert first.withdrawn_at is not None
    assert _consent(an).pk != first.pk
    assert list(AuditLog.objects.filter(action__startswith="register.consent").values_list("action", flat=True)) == [
        "register.consent.give",
        "register.consent.withdraw",
        "register.consent.give",
    ]
    with pytest.raises(PermissionDenied):
        services.give_consent(citizen=register_world.user("reception"), register="population", purpose=PURPOSE)


def test_the_plugins_are_registered_with_their_settings_and_the_lgsp_peer(lgsp: Any, settings: Any) -> None:
    from motcua.core import plugins

    names = plugins.registry(plugins.Kind.LOOKUP).names()
    assert sorted(names) == ["business", "land", "population"]
    population = plugins.get(plugins.Kind.LOOKUP, "population")
    assert "MOTCUA_REGISTER_POPULATION_SERVICE" in population.settings
    assert population.peer is not None and population.peer.name == "lgsp"
    assert population.health().ok
    settings.MOTCUA_LGSP_URL = "http://127.0.0.1:9"
    assert not population.health().ok
    settings.MOTCUA_REGISTER_LAND_SERVICE = ""
    health = plugins.get(plugins.Kind.LOOKUP, "land").health()
    assert not health.ok and "MOTCUA_REGISTER_LAND_SERVICE" in health.detail


def test_the_form_schema_knows_exactly_the_registers_fields() -> None:
    from motcua.catalogue.form_schema import REGISTER_SOURCES
    from motcua.registers.clients import NAMES, client

    declared = {f"{name}.{field}" for name in NAMES for field in client(name).fields}
    assert declared == set(REGISTER_SOURCES)
