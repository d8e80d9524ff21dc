"""R-FOOT-1 … R-FOOT-4, R-FOOT-6, R-REC-4: filing, the chain, retrieval in scope."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from watchroom.audit.models import AuditEvent
from watchroom.core import services as core
from watchroom.core.choices import Role
from watchroom.footage import services
from watchroom.footage.choices import Status
from watchroom.footage.models import Approval, FootageRequest, Retrieval
from watchroom.footage.rules import Upload
from watchroom.notifications.models import Notification
from watchroom.recording.models import Hold
from watchroom.rules import RuleViolation

from ..conftest import SYSTEM
from .conftest import JPEG, PDF, approve_all

pytestmark = pytest.mark.django_db


def test_r_foot_1_a_complete_police_request_is_filed_held_and_announced(
        police_request, people, recorded_camera):
    request = police_request()
    assert request.number.startswith("SP")
    assert request.status == Status.PENDING
    assert request.chain == [Role.SECURITY_CHIEF, Role.DEPUTY_DIRECTOR]
    hold = Hold.objects.get(link_kind="request", link_ref=request.number)
    item = services.current_scope(request)[0]
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


def test_r_foot_2_the_chain_runs_in_order_with_authenticator_codes(police_request, people):
    request = police_request()
    with pytest.raises(RuleViolation) as refused:
        services.decide(actor=people["deputy"], request=request, decision="approved",
                        code=people["deputy_app"].code())
    assert refused.value.rule_id == "R-FOOT-2"
    assert not Approval.objects.exists()
    approve_all(request, people)
    assert request.status == Status.APPROVED
    assert request.valid_until == request.approved_at + dt.timedelta(hours=72)
    assert [a.role for a in request.approvals.all()] == ["security_chief", "deputy_director"]
    assert Notification.objects.filter(user=people["operator"], text__contains=request.number
                                       ).exists()


def test_r_foot_2_notifications_go_by_inbox_email_and_chat_robots(
        police_request, people, settings, webhook_sink, django_capture_on_commit_callbacks):
    people["chief"].email = "chief@example.org"
    people["chief"].save()
    settings.WATCHROOM = {**settings.WATCHROOM, "WEBHOOKS": [
        ("wecom", webhook_sink.url("wecom")), ("dingtalk", webhook_sink.url("dingtalk")),
        ("json", webhook_sink.url("json"))], "BASE_URL": "https://watchroom.example"}
    with django_capture_on_commit_callbacks(execute=True):
        request = police_request()
    assert [m.to for m in mail.outbox] == [["chief@example.org"]]
    assert request.number in mail.outbox[0].subject
    bodies = webhook_sink.bodies
    assert bodies["wecom"]["msgtype"] == "markdown"
    assert request.number in bodies["wecom"]["markdown"]["content"]
    assert bodies["dingtalk"]["markdown"]["title"].find(request.number) >= 0
    assert bodies["json"]["link"] == f"https://watchroom.example/footage/{request.pk}/"


def test_r_foot_2_a_wrong_or_replayed_code_is_refused(police_request, people):
    request = police_request()
    with pytest.raises(RuleViolation, match="R-FOOT-2"):
        services.decide(actor=people["chief"], request=request, decision="approved",
                        code="000000" if people["chief_app"].code() != "000000" else "111111")
    code = people["chief_app"].code()
    services.decide(actor=people["chief"], request=request, decision="approved", code=code)
    second = police_request()
    with pytest.raises(RuleViolation) as refused:
        services.decide(actor=people["chief"], request=second, decision="approved", code=code)
    assert "already been used" in str(refused.value) or "已使用" in str(refused.value)
    assert not second.approvals.exists()


def test_r_foot_2_approving_twice_and_stale_approvals_are_refused(police_request, people):
    request = police_request()
    services.decide(actor=people["chief"], request=request, decision="approved",
                    code=people["chief_app"].code(), step=0, scope_version=1)
    with pytest.raises(RuleViolation, match="R-FOOT-2"):
        services.decide(actor=people["chief"], request=request, decision="approved",
                        code=people["chief_app"].code(), step=0, scope_version=1)
    with pytest.raises(RuleViolation, match="R-FOOT-2"):
        services.decide(actor=people["deputy"], request=request, decision="approved",
                        code=people["deputy_app"].code(), step=1, scope_version=2)
    assert request.approvals.count() == 1


def test_r_foot_2_one_person_cannot_sign_two_steps(police_request, people, make_staff):
    request = police_request()
    both = make_staff(Role.SECURITY_CHIEF).user
    both.groups.add(*people["deputy"].groups.all())
    from .conftest import Authenticator

    app = Authenticator(both)
    services.decide(actor=both, request=request, decision="approved", code=app.code())
    with pytest.raises(RuleViolation) as refused:
        services.decide(actor=both, request=request, decision="approved", code=app.code())
    assert refused.value.rule_id == "R-FOOT-2"


def test_r_foot_2_a_rejection_needs_a_reason_and_ends_the_request(police_request, people):
    request = police_request()
    with pytest.raises(RuleViolation):
        services.decide(actor=people["chief"], request=request, decision="rejected",
                        code=people["chief_app"].code())
    services.decide(actor=people["chief"], request=request, decision="rejected",
                    code=people["chief_app"].code(), comment="范围过大")
    request.refresh_from_db()
    assert request.status == Status.REJECTED
    with pytest.raises(RuleViolation):
        services.decide(actor=people["deputy"], request=request, decision="approved",
                        code=people["deputy_app"].code())


def test_r_foot_3_nobody_approves_their_own_request(police_request, people):
    request = police_request(actor=people["chief"])
    with pytest.raises(RuleViolation) as refused:
        services.decide(actor=people["chief"], request=request, decision="approved",
                        code=people["chief_app"].code())
    assert refused.value.rule_id == "R-FOOT-3"


def test_r_foot_3_an_approver_may_not_execute(police_request, people, make_staff):
    chief = people["chief"]
    chief.groups.add(*people["executor"].groups.all())
    request = approve_all(police_request(), people)
    item = services.current_scope(request)[0]
    with pytest.raises(RuleViolation) as refused:
        services.record_viewing(actor=chief, request=request, camera=item.camera,
                                start=item.start, end=item.end)
    assert refused.value.rule_id == "R-FOOT-3"


def test_r_foot_3_retrieval_only_inside_the_approved_scope(police_request, people,
                                                            make_camera):
    request = approve_all(police_request(), people)
    item = services.current_scope(request)[0]
    executor = people["executor"]
    services.record_viewing(actor=executor, request=request, camera=item.camera,
                            start=item.start, end=item.end)
    assert Retrieval.objects.filter(request=request, operator=executor).count() == 1
    outside = [
        (item.camera, item.start - dt.timedelta(minutes=1), item.end),
        (item.camera, item.start, item.end + dt.timedelta(seconds=1)),
        (make_camera(), item.start, item.end),
    ]
    for camera, start, end in outside:
        with pytest.raises(RuleViolation) as refused:
            services.record_viewing(actor=executor, request=request, camera=camera,
                                    start=start, end=end)
        assert refused.value.rule_id == "R-FOOT-3"
        with pytest.raises(RuleViolation):
            services.start_export(actor=executor, request=request,
                                  ranges=[(camera, start, end)])
    refusals = AuditEvent.objects.filter(action="rule.refused", data__contains="R-FOOT-3")
    assert refusals.count() == 2 * len(outside)
    assert Retrieval.objects.filter(request=request).count() == 1


def test_r_foot_3_no_retrieval_before_approval_or_after_expiry(police_request, people):
    request = police_request()
    item = services.current_scope(request)[0]
    with pytest.raises(RuleViolation, match="R-FOOT-3"):
        services.record_viewing(actor=people["executor"], request=request, camera=item.camera,
                                start=item.start, end=item.end)
    approve_all(request, people)
    later = request.valid_until + dt.timedelta(seconds=1)
    with pytest.raises(RuleViolation) as refused:
        services.record_viewing(actor=people["executor"], request=request, camera=item.camera,
                                start=item.start, end=item.end, now=later)
    assert "expired" in str(refused.value) or "过期" in str(refused.value)


def test_r_foot_3_a_viewing_request_cannot_be_exported(police_request, people):
    request = approve_all(police_request(need="view"), people)
    with pytest.raises(RuleViolation) as refused:
        services.start_export(actor=people["executor"], request=request)
    assert refused.value.rule_id == "R-FOOT-3"


def test_r_foot_3_a_changed_scope_re_enters_the_chain(police_request, people, footage_window):
    request = approve_all(police_request(), people)
    camera = services.current_scope(request)[0].camera
    start, end = footage_window
    services.change_scope(actor=people["operator"], request=request,
                          scope=[(camera, start, end)])
    request.refresh_from_db()
    assert (request.status, request.step, request.scope_version) == (Status.PENDING, 0, 2)
    with pytest.raises(RuleViolation, match="R-FOOT-3"):
        services.record_viewing(actor=people["executor"], request=request, camera=camera,
                                start=start, end=end)
    assert Hold.objects.filter(link_ref=request.number).count() == 2
    approve_all(request, people)
    services.record_viewing(actor=people["executor"], request=request, camera=camera,
                            start=start, end=end)


def test_r_foot_4_hand_over_completes_the_register(police_request, people):
    request = approve_all(police_request(), people)
    with pytest.raises(RuleViolation, match="R-FOOT-4"):
        services.hand_over(actor=people["executor"], request=request, recipient_name="张三",
                           recipient_unit="城东派出所", recipient_id_number="", items="U盘一个")
    handover = services.hand_over(
        actor=people["executor"], request=request, recipient_name="张三",
        recipient_unit="城东派出所", recipient_id_number="012345", items="U盘一个")
    request.refresh_from_db()
    assert request.status == Status.COMPLETED
    assert handover.handed_by == people["executor"]
    assert AuditEvent.objects.filter(action="footage.handed_over").count() == 1


def test_r_foot_3_no_hand_over_after_the_approval_expired(police_request, people):
    request = approve_all(police_request(), people)
    with pytest.raises(RuleViolation) as refused:
        services.hand_over(actor=people["executor"], request=request, recipient_name="张三",
                           recipient_unit="城东派出所", recipient_id_number="012345",
                           items="U盘一个", now=request.valid_until + dt.timedelta(minutes=1))
    assert refused.value.rule_id == "R-FOOT-3"
    request.refresh_from_db()
    assert request.status == Status.APPROVED and not request.handovers.exists()


def test_r_foot_6_privacy_sensitive_footage_needs_chief_and_deputy(
        police_request, people, recorded_camera, policy):
    policy.approval_chains = {"internal": ["security_chief"]}
    policy.save()
    area = recorded_camera.area
    core.area_update(actor=SYSTEM, area=area, privacy_sensitive=True)
    request = police_request(requester_type="internal", officers=[], uploads=[])
    assert request.privacy_sensitive
    assert request.chain == ["security_chief", "deputy_director"]
