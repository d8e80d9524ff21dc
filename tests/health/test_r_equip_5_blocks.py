"""R-EQUIP-5: nobody blocks a camera; a temporary block is applied for by the using
department, approved by the room head for a time window, excuses a covered picture only
inside that window, and ends by itself at its end time, after which the camera is
checked again."""

import datetime as dt
import json

import pytest
from django.utils import timezone
from django.utils.translation import gettext
from django_tasks_db.models import DBTaskResult

from tests.support.health_records import camera_in
from tests.support.health_sources import decode
from watchroom.alerts.models import Alert
from watchroom.alerts.services import alert_raise
from watchroom.audit.models import AuditEvent
from watchroom.core import services as core
from watchroom.core.choices import Role
from watchroom.health import tasks
from watchroom.health.choices import BlockStatus
from watchroom.health.images import check_image
from watchroom.health.models import CameraBlock
from watchroom.health.selectors import blocks as selectors
from watchroom.health.services import blocks
from watchroom.health.suppression import suppressed
from watchroom.notifications.models import Notification
from watchroom.rules import RuleViolation

T0 = dt.datetime(2026, 11, 28, 8, 0, tzinfo=dt.UTC)
RECHECK = "tests.support.health_records.probe_camera_task"


@pytest.fixture
def camera(area, system):
    return camera_in(area, system)


@pytest.fixture
def applicant(make_staff):
    return make_staff(Role.OPERATOR).user


@pytest.fixture
def head(make_staff):
    return make_staff(Role.SHIFT_LEAD).user


def apply(applicant, camera, *, start=T0 + dt.timedelta(hours=1), hours=4):
    return blocks.block_apply(actor=applicant, camera=camera, reason="病房粉刷，遮挡镜头",
                              starts_at=start, ends_at=start + dt.timedelta(hours=hours),
                              now=T0)


def test_r_equip_5_an_approved_block_excuses_a_covered_picture_inside_its_window_only(
        camera, applicant, head):
    block = blocks.block_decide(actor=head, block=apply(applicant, camera), approve=True,
                                now=T0)
    inside = T0 + dt.timedelta(hours=2)
    reason = suppressed(camera, "covered", inside)
    assert reason and f"#{block.pk}" in reason and "R-EQUIP-5" in reason
    assert suppressed(camera.pk, "black", inside) == reason
    assert suppressed(camera, "covered", T0 + dt.timedelta(minutes=59)) is None
    assert suppressed(camera, "covered", T0 + dt.timedelta(hours=5)) is None
    # A block excuses what a cover does to the picture, nothing else.
    for cause in ("unreachable", "stream", "frozen", "moved", "blurred"):
        assert suppressed(camera, cause, inside) is None
    assert selectors.block_state(block, inside) == gettext("active")


def test_r_equip_5_an_unapproved_block_excuses_nothing(camera, applicant, head):
    block = apply(applicant, camera)
    # The room head hears of the application, the applicant of the decision.
    assert Notification.objects.filter(user=head, link=block.get_absolute_url()).exists()
    inside = T0 + dt.timedelta(hours=2)
    assert suppressed(camera, "covered", inside) is None
    blocks.block_decide(actor=head, block=block, approve=False, note="手术室不得遮挡", now=T0)
    block.refresh_from_db()
    assert block.status == BlockStatus.REFUSED
    assert block.decision_note == "手术室不得遮挡"
    assert suppressed(camera, "covered", inside) is None
    assert Notification.objects.filter(user=applicant, text__contains="手术室不得遮挡").exists()


def test_r_equip_5_only_the_room_head_decides_and_not_their_own(camera, applicant, head,
                                                                 make_staff):
    block = apply(applicant, camera)
    technician = make_staff(Role.TECHNICIAN).user
    assert selectors.block_decide_refusal(technician, block, T0) is not None
    with pytest.raises(RuleViolation) as refused:
        blocks.block_decide(actor=technician, block=block, approve=True, now=T0)
    assert refused.value.rule_id == "R-EQUIP-5"
    block.refresh_from_db()
    assert block.status == BlockStatus.APPLIED
    assert AuditEvent.objects.filter(action="rule.refused").exists()
    own = apply(head, camera)
    with pytest.raises(RuleViolation):
        blocks.block_decide(actor=head, block=own, approve=True, now=T0)
    # A refusal says why.
    with pytest.raises(RuleViolation):
        blocks.block_decide(actor=head, block=block, approve=False, note=" ", now=T0)
    assert selectors.block_decide_refusal(head, block, T0) is None


def test_r_equip_5_only_the_using_department_applies(site, system, applicant):
    other = core.department_create(actor=system, code="OTHER", name="后勤科", site=site)
    ward = core.area_create(actor=system, site=site, code="WARD", name="病区", department=other)
    camera = camera_in(ward, system)
    assert selectors.block_apply_refusal(applicant, camera) is not None
    with pytest.raises(RuleViolation) as refused:
        apply(applicant, camera)
    assert refused.value.status == 403
    assert not CameraBlock.objects.exists()


def test_r_equip_5_a_block_is_temporary(camera, applicant):
    with pytest.raises(RuleViolation) as refused:
        apply(applicant, camera, hours=selectors.MAX_HOURS + 1)
    assert "ends_at" in refused.value.fields
    with pytest.raises(RuleViolation):
        apply(applicant, camera, start=T0 - dt.timedelta(hours=3), hours=2)
    with pytest.raises(RuleViolation):
        blocks.block_apply(actor=applicant, camera=camera, reason="x", starts_at=T0,
                           ends_at=T0 - dt.timedelta(hours=1), now=T0)
    with pytest.raises(RuleViolation):
        blocks.block_apply(actor=applicant, camera=camera, reason="  ", starts_at=T0,
                           ends_at=T0 + dt.timedelta(hours=1), now=T0)
    assert not CameraBlock.objects.exists()


def test_r_equip_5_a_block_ends_by_itself_at_its_end_time_and_the_camera_is_checked(
        camera, applicant, head, monkeypatch, time_machine,
        django_capture_on_commit_callbacks):
    monkeypatch.setattr(blocks, "RECHECK_TASK", RECHECK)
    block = apply(applicant, camera)
    blocks.block_decide(actor=head, block=block, approve=True, now=T0)
    undecided = apply(applicant, camera, start=T0 + dt.timedelta(hours=2), hours=3)
    time_machine.move_to(block.ends_at - dt.timedelta(seconds=1), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.blocks_end_task.call() == []
    time_machine.move_to(block.ends_at + dt.timedelta(seconds=30), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert sorted(tasks.blocks_end_task.call()) == sorted([block.pk, undecided.pk])
    block.refresh_from_db()
    undecided.refresh_from_db()
    assert block.status == BlockStatus.ENDED and block.ended_by is None
    assert block.ended_at == block.ends_at
    assert undecided.status == BlockStatus.LAPSED
    event = AuditEvent.objects.get(action="health.block_expired", target_id=str(block.pk))
    assert json.loads(event.data)["recheck"] is True
    rechecks = DBTaskResult.objects.filter(task_path=RECHECK)
    assert [r.args_kwargs["args"] for r in rechecks] == [[camera.pk]]
    assert suppressed(camera, "covered", block.ends_at) is None


def test_r_equip_5_the_applicant_ends_a_block_when_the_work_is_finished(
        camera, applicant, head, make_staff, monkeypatch):
    monkeypatch.setattr(blocks, "RECHECK_TASK", "watchroom.health.tasks.no_such_task")
    block = apply(applicant, camera)
    blocks.block_decide(actor=head, block=block, approve=True, now=T0)
    inside = T0 + dt.timedelta(hours=2)
    stranger = make_staff(Role.OPERATOR).user
    assert selectors.block_end_refusal(stranger, block) is not None
    blocks.block_end(actor=applicant, block=block, note="粉刷完毕", now=inside)
    block.refresh_from_db()
    assert block.status == BlockStatus.ENDED and block.ended_by == applicant
    assert suppressed(camera, "covered", inside + dt.timedelta(minutes=1)) is None
    assert AuditEvent.objects.filter(action="health.block_ended").exists()
    # Without a probe task to ask, the camera waits for the probe's next round.
    event = AuditEvent.objects.get(action="health.block_ended")
    assert json.loads(event.data)["recheck"] is False
    with pytest.raises(RuleViolation):
        blocks.block_end(actor=applicant, block=block, now=inside)


def test_r_equip_5_a_covered_camera_found_by_the_checks_is_excused_only_by_the_block(
        camera, applicant, head, clip):
    """A picture of the covered test source fails `covered`; the approved block excuses
    exactly that cause, in its window."""
    picture = decode(str(clip("covered")), 1)[0]
    cause = check_image(picture).fault
    assert cause == "covered"
    inside = T0 + dt.timedelta(hours=2)
    assert suppressed(camera, cause, inside) is None  # no block: an alert at once
    blocks.block_decide(actor=head, block=apply(applicant, camera), approve=True, now=T0)
    assert suppressed(camera, cause, inside) is not None


def test_r_equip_5_approving_a_block_in_force_closes_the_covers_open_alert(
        camera, applicant, head, system):
    key = f"health:covered:camera:{camera.pk}"
    alert_raise(actor=system, kind="health.covered", severity="critical", key=key,
                message="画面被遮挡", target=camera)
    start = timezone.now() - dt.timedelta(minutes=10)
    block = blocks.block_apply(actor=applicant, camera=camera, reason="临时遮挡",
                               starts_at=start, ends_at=start + dt.timedelta(hours=2))
    assert Alert.objects.get(key=key).closed_at is None  # applied is not approved
    blocks.block_decide(actor=head, block=block, approve=True)
    alert = Alert.objects.get(key=key)
    assert alert.closed_at is not None and f"#{block.pk}" in alert.close_note
