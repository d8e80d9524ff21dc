"""R-FOOT-1, R-REC-4: a complete request is filed and its footage held; what is missing is named."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.support.footage import JPEG, PDF
from watchroom.audit.models import AuditEvent
from watchroom.core.choices import Role
from watchroom.footage import selectors
from watchroom.footage.choices import Status
from watchroom.footage.models import FootageRequest
from watchroom.footage.rules import Upload
from watchroom.notifications.models import Notification
from watchroom.recording.models import Hold
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db


def test_r_foot_1_a_complete_police_request_is_filed_held_and_announced(
        police_request, people, recorded_camera):
    request = police_request()
    assert request.number.startswith("SP")
    assert request.status == Status.PENDING
    assert request.chain == [Role.SECURITY_CHIEF, Role.DEPUTY_DIRECTOR]
    hold = Hold.objects.get(link_kind="request", link_ref=request.number)
    item = selectors.current_scope(request)[0]
    assert (hold.start, hold.end) == (item.start, item.end)
    assert list(hold.cameras.all()) == [recorded_camera]
    assert Notification.objects.filter(user=people["chief"]).count() == 1
    assert not Notification.objects.filter(user=people["deputy"]).exists()
    assert AuditEvent.objects.filter(action="footage.request_filed",
                                     target_id=str(request.pk)).exists()
    assert request.attachments.get().content_type == "application/pdf"


def test_r_foot_1_missing_pieces_are_named_and_nothing_is_saved(police_request):
    before = (FootageRequest.objects.count(), Hold.objects.count())
    with pytest.raises(RuleViolation) as refused:
        police_request(uploads=[], officers=[{"name": "张三", "badge": "1"}],
                       requester_id_number="")
    assert refused.value.rule_id == "R-FOOT-1"
    problems = refused.value.details["problems"]
    assert any("调取证据通知书" in p or "Evidence collection notice" in p for p in problems)
    assert any("2" in p and ("officers" in p or "民警" in p or "警员" in p) for p in problems)
    assert any("ID" in p or "证件" in p for p in problems)
    assert (FootageRequest.objects.count(), Hold.objects.count()) == before


@pytest.mark.parametrize("content", [b"MZ\x90\x00 not a document", b"GIF89a....",
                                     b"%PDF-" + b"x" * (10 * 1024 * 1024)])
def test_r_foot_1_an_attachment_not_image_or_pdf_or_too_large_is_refused(
        police_request, content):
    with pytest.raises(RuleViolation) as refused:
        police_request(uploads=[Upload("evidence_notice", "通知书.pdf", content)])
    assert refused.value.rule_id == "R-FOOT-1"
    assert FootageRequest.objects.count() == 0


def test_r_foot_1_a_patient_request_needs_application_and_id(police_request):
    with pytest.raises(RuleViolation) as refused:
        police_request(requester_type="patient", officers=[],
                       uploads=[Upload("written_application", "申请.jpg", JPEG)])
    assert refused.value.details["problems"] == ["Missing document: Copy of identity document."]
    request = police_request(requester_type="patient", officers=[], uploads=[
        Upload("written_application", "申请.jpg", JPEG), Upload("id_copy", "身份证.pdf", PDF)])
    assert request.attachments.count() == 2


def test_r_foot_1_a_range_with_no_footage_is_refused(police_request, recorded_camera,
                                                       footage_window):
    start, _end = footage_window
    with pytest.raises(RuleViolation) as refused:
        police_request(scope=[(recorded_camera, start - dt.timedelta(hours=3),
                               start - dt.timedelta(hours=2))])
    assert "no footage" in str(refused.value) or "没有" in str(refused.value)


def test_r_foot_1_a_range_past_retention_is_named_as_such(police_request, recorded_camera):
    old = timezone.now() - dt.timedelta(days=200)
    with pytest.raises(RuleViolation) as refused:
        police_request(scope=[(recorded_camera, old, old + dt.timedelta(minutes=5))])
    assert "R-REC-1" in str(refused.value)
