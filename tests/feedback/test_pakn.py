"""The PAKN lifecycle on a frozen clock: deadlines (weekends, holidays), notices, publication, votes."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from motcua.core.actor import Actor
from motcua.core.errors import (
    InvalidTransition,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from motcua.core.models import AuditLog, OutboxMessage
from motcua.feedback.models import Feedback, FeedbackVote
from motcua.feedback.services import pakn, votes
from tests.feedback.conftest import at, returned_dossier
from tests.helpers import PDF, as_, named_bytes, submit


def send(world: Any, user: str | None = "citizen", **over: Any) -> Feedback:
    fields: dict[str, Any] = {
        "category": "giai-quyet-ho-so",
        "subject": "procedure",
        "procedure_code": "T.001",
        "title": "Hồ sơ trễ hẹn",
        "text": "Tôi là Nguyễn Thị Hằng, CCCD 001190012345.",
        "attributes": {"delay": "late"},
    }
    fields.update(over)
    actor = as_(world, user) if user else Actor(user=None, channel="web")
    return pakn.submit_feedback(actor=actor, data=pakn.FeedbackInput(**fields))


def route_to_commune(world: Any, item: Feedback) -> Feedback:
    return pakn.route(item.pk, actor=as_(world, "tthc"), agency_code="H26.101")


@pytest.fixture
def tthc(world: Any) -> Any:
    from motcua.organisation.services import role_grant
    from tests.helpers import make_user

    world.users["tthc"] = make_user("tthc", full_name="Kiểm Soát")
    role_grant(user=world.users["tthc"], agency=world.department, role="tthc_control")
    return world.users["tthc"]


@pytest.mark.django_db
def test_lifecycle_on_time_with_holiday(world: Any, frozen: Any, categories: None, tthc: Any) -> None:
    frozen(at("2026-11-20T10:00"))  # Friday; Tue 24 Nov 2026 is Vietnam Culture Day (off)
    item = send(world)
    # T.001 lists no agency (any commune may receive it): a TTHC-control officer routes it.
    assert (item.status, item.agency, item.channel) == ("received", None, "web")
    assert item.reject_due_at == at("2026-11-25T17:00")  # Mon 23, (Tue off), Wed 25
    assert item.info_due_at == at("2026-11-30T17:00")  # Mon, Wed, Thu, Fri, Mon 30
    assert item.resolve_due_at == at("2026-12-14T17:00")  # 15th working day
    assert (item.contact_name, item.contact_email, item.contact_phone) == (
        "Nguyễn Thị Hằng",
        "citizen@example.vn",
        "0912345678",
    )
    notice = OutboxMessage.objects.get(key=f"feedback:{item.pk}:feedback_received")
    assert notice.topic == "notify"
    assert notice.payload == {
        "event": "feedback_received",
        "dossier_id": None,
        "user_id": world.user("citizen").pk,
        "email": "citizen@example.vn",
        "phone": "0912345678",
        "context": {
            "feedback_id": str(item.pk),
            "title": "Hồ sơ trễ hẹn",
            "status": "Đã tiếp nhận",
            "url": f"http://127.0.0.1:8000/phan-anh/cua-toi/{item.pk}/",
        },
    }

    frozen(at("2026-11-20T11:00"))
    item = route_to_commune(world, item)
    assert item.agency.code == "H26.101"
    item = pakn.assign(item.pk, actor=as_(world, "head"), assignee_username="specialist")
    assert (item.status, item.assignee.username) == ("in_progress", "specialist")

    frozen(at("2026-12-11T16:00"))
    with pytest.raises(PermissionDenied):
        pakn.answer(item.pk, actor=as_(world, "reception"), text="…")
    item = pakn.answer(item.pk, actor=as_(world, "specialist"), text="Đã xử lý, xin lỗi ông/bà.")
    assert (item.status, item.resolve_met, item.publish_due_at) == ("answered", True, at("2026-12-15T17:00"))
    answered = OutboxMessage.objects.get(key=f"feedback:{item.pk}:feedback_answered")
    assert answered.payload["event"] == "feedback_answered"
    assert answered.payload["context"]["answer"] == "Đã xử lý, xin lỗi ông/bà."

    frozen(at("2026-12-16T08:00"))
    with pytest.raises(PermissionDenied):
        pakn.publish(item.pk, actor=as_(world, "specialist"))
    item = pakn.publish(item.pk, actor=as_(world, "head"), public_text="Hồ sơ của một công dân bị trễ hẹn.")
    assert (item.status, item.publish_met, item.reject_met, item.info_met) == ("published", False, None, None)
    assert [e.action for e in item.events.all()] == ["submit", "route", "assign", "answer", "publish"]
    assert [e.to_status for e in item.events.all()] == ["received", "received", "in_progress", "answered", "published"]
    assert list(
        AuditLog.objects.filter(object_id=str(item.pk), object_type="feedback.feedback")
        .values_list("action", flat=True)
        .order_by("id")
    ) == ["feedback.submit", "feedback.route", "feedback.assign", "feedback.answer", "feedback.publish"]


@pytest.mark.django_db
def test_weekend_receipt_reject_late_and_info_restart(world: Any, frozen: Any, categories: None) -> None:
    frozen(at("2026-11-21T09:00"))  # Saturday: counting starts Monday
    d = returned_dossier(world)
    item = send(world, subject="dossier", dossier_code=d.code, procedure_code="")
    assert item.agency.code == "H26.101"  # routed to the dossier's handling agency
    assert item.reject_due_at == at("2026-11-26T17:00")  # Mon 23 → Wed 25, Thu 26
    frozen(at("2026-11-26T17:01"))
    item = pakn.reject(item.pk, actor=as_(world, "reception"), reason="Trùng nội dung đã trả lời.")
    assert (item.status, item.reject_met) == ("rejected", False)

    frozen(at("2026-11-20T10:00"))
    item = send(world, subject="dossier", dossier_code=d.code, procedure_code="")
    frozen(at("2026-11-30T17:30"))
    item = pakn.request_info(item.pk, actor=as_(world, "specialist"), question="Ông/bà gặp cán bộ nào?")
    assert (item.status, item.info_met) == ("info_requested", False)
    with pytest.raises(NotFound):
        pakn.provide_info(item.pk, actor=as_(world, "other_citizen"), text="…")
    frozen(at("2026-12-01T09:00"))
    item = pakn.provide_info(item.pk, actor=as_(world, "citizen"), text="Cán bộ tiếp nhận buổi sáng.")
    assert item.status == "received"
    assert (item.reject_due_at, item.resolve_due_at) == (at("2026-12-03T17:00"), at("2026-12-22T17:00"))
    assert "Cán bộ tiếp nhận buổi sáng." in item.text
    with pytest.raises(InvalidTransition):
        pakn.answer(item.pk, actor=as_(world, "head"), text="…")  # not in progress yet
    with pytest.raises(InvalidTransition):
        pakn.publish(item.pk, actor=as_(world, "head"))


@pytest.mark.django_db
def test_anonymous_needs_contact_and_validation(world: Any, categories: None) -> None:
    with pytest.raises(ValidationError) as exc:
        send(world, user=None)
    assert exc.value.code == "contact_required"
    with pytest.raises(ValidationError) as exc:
        send(
            world,
            user=None,
            contact_name="Trần Văn An",
            contact_email="an@example.vn",
            subject="dossier",
            dossier_code="H26.101-261123-0001",
            procedure_code="",
        )
    assert exc.value.code == "unknown_dossier"
    d = submit(world)
    with pytest.raises(ValidationError) as exc:  # someone else's dossier is "unknown", existence does not leak
        send(world, user="other_citizen", subject="dossier", dossier_code=d.code, procedure_code="")
    assert exc.value.code == "unknown_dossier"
    with pytest.raises(ValidationError) as exc:
        send(world, attributes={"delay": "forever"})
    assert exc.value.code == "invalid_attribute"
    with pytest.raises(ValidationError) as exc:
        send(world, attributes={})
    assert exc.value.code == "attribute_required"
    with pytest.raises(ValidationError) as exc:
        send(world, latitude="91", longitude="105")
    assert exc.value.code == "invalid_location"
    with pytest.raises(ValidationError) as exc:
        pakn.submit_feedback(
            actor=as_(world, "citizen"),
            data=pakn.FeedbackInput(
                category="thai-do-can-bo", subject="service", title="x", text="y", service_name="Cổng"
            ),
            files=[named_bytes(b"MZ\x90\x00binary", "virus.pdf")],
        )
    assert exc.value.code == "file_type_not_allowed"
    assert Feedback.objects.count() == 0
    item = send(
        world,
        user=None,
        contact_name="Trần Văn An",
        contact_phone="0987654321",
        latitude="21.028511",
        longitude="105.852020",
        address="Hồ Hoàn Kiếm",
    )
    assert (item.citizen, item.contact_name, str(item.latitude), item.address) == (
        None,
        "Trần Văn An",
        "21.028511",
        "Hồ Hoàn Kiếm",
    )
    notice = OutboxMessage.objects.get(key=f"feedback:{item.pk}:feedback_received")
    assert (notice.payload["user_id"], notice.payload["phone"], notice.payload["email"]) == (None, "0987654321", "")
    with_file = pakn.submit_feedback(
        actor=as_(world, "citizen"),
        data=pakn.FeedbackInput(
            category="thai-do-can-bo", subject="official", title="Thái độ", text="…", official_name="Cán bộ A"
        ),
        files=[named_bytes(PDF, "anh.pdf")],
    )
    assert [(a.original_name, a.content_type) for a in with_file.attachments.all()] == [("anh.pdf", "application/pdf")]


def _published(world: Any) -> Feedback:
    d = returned_dossier(world)
    item = send(
        world,
        subject="dossier",
        dossier_code=d.code,
        procedure_code="",
        latitude="21.0",
        longitude="105.8",
        address="12 Hàng Bài",
        contact_phone="0900000001",
    )
    pakn.assign(item.pk, actor=as_(world, "head"), assignee_username="specialist")
    pakn.answer(item.pk, actor=as_(world, "specialist"), text="Câu trả lời công khai.")
    return pakn.publish(item.pk, actor=as_(world, "head"), public_text="Phản ánh về hồ sơ trễ hẹn.")


@pytest.mark.django_db
def test_publication_hides_personal_data(world: Any, categories: None) -> None:
    item = _published(world)
    for url in ["/phan-anh/", f"/phan-anh/{item.pk}/"]:
        page = Client().get(url).content.decode()
        assert "Hồ sơ trễ hẹn" in page
        for secret in [
            "Nguyễn Thị Hằng",
            "001190012345",
            "0900000001",
            "citizen@example.vn",
            "12 Hàng Bài",
            item.dossier.code,
        ]:
            assert secret not in page, (url, secret)
    detail = Client().get(f"/phan-anh/{item.pk}/").content.decode()
    assert "Câu trả lời công khai." in detail and "Phản ánh về hồ sơ trễ hẹn." in detail
    api = Client().get(f"/api/v1/feedback/published/{item.pk}").json()
    assert set(api) == {
        "id",
        "category",
        "category_code",
        "subject",
        "title",
        "text",
        "agency",
        "received_at",
        "answer",
        "answered_at",
        "published_at",
        "likes",
        "dislikes",
    }
    assert api["text"] == "Phản ánh về hồ sơ trễ hẹn."
    assert Client().get("/api/v1/feedback/published").json()[0]["id"] == item.pk
    unpublished = send(world)
    assert Client().get(f"/phan-anh/{unpublished.pk}/").status_code == 404
    assert Client().get(f"/api/v1/feedback/published/{unpublished.pk}").status_code == 404


@pytest.mark.django_db
def test_likes_and_dislikes_one_per_account_changeable(world: Any, categories: None) -> None:
    item = _published(world)
    assert votes.vote(item.pk, actor=as_(world, "citizen"), value=1) == {"likes": 1, "dislikes": 0}
    assert votes.vote(item.pk, actor=as_(world, "other_citizen"), value=1) == {"likes": 2, "dislikes": 0}
    assert votes.vote(item.pk, actor=as_(world, "citizen"), value=-1) == {"likes": 1, "dislikes": 1}
    assert votes.vote(item.pk, actor=as_(world, "citizen"), value=-1) == {"likes": 1, "dislikes": 1}
    assert FeedbackVote.objects.count() == 2
    assert votes.vote(item.pk, actor=as_(world, "citizen"), value=0) == {"likes": 1, "dislikes": 0}
    with pytest.raises(NotAuthenticated):
        votes.vote(item.pk, actor=Actor(user=None), value=1)
    with pytest.raises(ValidationError):
        votes.vote(item.pk, actor=as_(world, "citizen"), value=5)
    other = send(world)
    with pytest.raises(NotFound):
        votes.vote(other.pk, actor=as_(world, "citizen"), value=1)
    # The page form and the API.
    c = Client()
    assert c.post(f"/phan-anh/{item.pk}/binh-chon/", {"value": "1"}).status_code == 302
    c.force_login(world.user("citizen"))
    assert c.post(f"/phan-anh/{item.pk}/binh-chon/", {"value": "1"}).status_code == 302
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.user("citizen"))  # the session needs the CSRF token
    assert (
        strict.post(f"/api/v1/feedback/{item.pk}/vote", {"value": -1}, content_type="application/json").status_code
        == 403
    )
    from tests.helpers import api_client

    assert api_client(world.user("citizen")).post(
        f"/api/v1/feedback/{item.pk}/vote", {"value": -1}, content_type="application/json"
    ).json() == {"likes": 1, "dislikes": 1}
    assert "1 người thích, 1 người không thích" in Client().get(f"/phan-anh/{item.pk}/").content.decode()
