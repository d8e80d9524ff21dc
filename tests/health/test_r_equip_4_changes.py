"""R-EQUIP-4: a camera's angle, position or settings change only with an approved change
request; a changed scene is excused only while an approved change is open; after the
technician records it done, the next healthy picture becomes the new reference (the old
one kept), which closes the change; every step is audited."""

import datetime as dt

import pytest

from tests.support.health_records import camera_in, encode, health_check
from tests.support.health_sources import decode
from watchroom.audit.models import AuditEvent
from watchroom.core.choices import Role
from watchroom.health import references
from watchroom.health.choices import ChangeKind, ChangeStatus
from watchroom.health.selectors import changes as selectors
from watchroom.health.selectors import references as reference_selectors
from watchroom.health.services import changes
from watchroom.health.services.references import reference_approve
from watchroom.health.suppression import suppressed
from watchroom.notifications.models import Notification
from watchroom.rules import RuleViolation

T0 = dt.datetime(2026, 11, 28, 8, 0, tzinfo=dt.UTC)
H = dt.timedelta(hours=1)


@pytest.fixture
def camera(area, system):
    return camera_in(area, system)


@pytest.fixture
def head(make_staff):
    return make_staff(Role.SHIFT_LEAD).user


@pytest.fixture
def technician(make_staff):
    return make_staff(Role.TECHNICIAN).user


@pytest.fixture(scope="module")
def frames(clip):
    return {kind: decode(str(clip(kind)), 1)[0] for kind in ("normal", "moved")}


def request(technician, camera):
    return changes.change_request(
        actor=technician, camera=camera, kind=ChangeKind.ANGLE,
        description="向左转 15°，照到新的出入口", reason="门诊新开侧门",
        planned_start=T0 + H, planned_end=T0 + 3 * H, now=T0)


def test_r_equip_4_a_scene_change_is_excused_only_by_an_open_approved_change(
        camera, head, technician, frames, health_folders):
    old = reference_approve(actor=head, camera=camera, picture=encode(frames["normal"]),
                            now=T0 - 24 * H)
    change = request(technician, camera)
    assert suppressed(camera, "moved", T0 + 2 * H) is None  # requested, not approved
    change = changes.change_decide(actor=head, change=change, approve=True, now=T0)
    reason = suppressed(camera, "moved", T0 + 2 * H)
    assert reason and f"#{change.pk}" in reason and "R-EQUIP-4" in reason
    assert suppressed(camera, "moved", T0 + H / 2) is None  # before its window
    assert suppressed(camera, "covered", T0 + 2 * H) is None  # a change excuses no cover
    # Done: the scene stays excused until the new reference is approved.
    done_at = T0 + 2 * H
    changes.change_done(actor=technician, change=change, note="云台左转 15°，焦距不变",
                        now=done_at)
    assert suppressed(camera, "moved", T0 + 10 * H) is not None
    assert Notification.objects.filter(
        user=head, link=f"/health/cameras/{camera.pk}/reference/").exists()
    health_check(camera, done_at - dt.timedelta(minutes=5), frames["normal"])
    after = health_check(camera, done_at + dt.timedelta(minutes=5), frames["moved"])
    assert reference_selectors.reference_proposal(camera) == after
    new = reference_approve(actor=head, camera=camera, health_check=after,
                            now=done_at + dt.timedelta(minutes=10))
    change.refresh_from_db()
    old.refresh_from_db()
    assert change.status == ChangeStatus.CLOSED and new.change == change
    assert old.replaced_at is not None and references.reference_file(old).is_file()
    assert references.current_reference_path(camera).read_bytes() == encode(frames["moved"])
    assert suppressed(camera, "moved", done_at + dt.timedelta(minutes=11)) is None
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"health.change_requested", "health.change_decided", "health.change_done",
            "health.reference_approved"} <= actions


def test_r_equip_4_the_new_reference_is_taken_after_the_change(
        camera, head, technician, frames, health_folders):
    change = changes.change_decide(actor=head, change=request(technician, camera),
                                   approve=True, now=T0)
    before = health_check(camera, T0 + H, frames["normal"])
    changes.change_done(actor=technician, change=change, note="调整曝光", now=T0 + 2 * H)
    assert reference_selectors.reference_proposal(camera) is None
    with pytest.raises(RuleViolation):
        reference_approve(actor=head, camera=camera, health_check=before)


def test_r_equip_4_refused_and_unapproved_changes_excuse_nothing(camera, head, technician):
    change = request(technician, camera)
    with pytest.raises(RuleViolation) as refused:
        changes.change_done(actor=technician, change=change, note="已调整", now=T0 + 2 * H)
    assert refused.value.rule_id == "R-EQUIP-4"
    with pytest.raises(RuleViolation):  # nobody approves their own request
        changes.change_decide(actor=technician, change=change, approve=True, now=T0)
    with pytest.raises(RuleViolation):  # a refusal says why
        changes.change_decide(actor=head, change=change, approve=False, now=T0)
    changes.change_decide(actor=head, change=change, approve=False, note="无必要", now=T0)
    change.refresh_from_db()
    assert change.status == ChangeStatus.REFUSED
    assert suppressed(camera, "moved", T0 + 2 * H) is None
    assert selectors.change_decide_refusal(head, change) is not None


def test_r_equip_4_only_a_technician_records_the_change_done(camera, head, technician,
                                                             make_staff):
    change = changes.change_decide(actor=head, change=request(technician, camera),
                                   approve=True, now=T0)
    operator = make_staff(Role.OPERATOR).user
    assert selectors.change_done_refusal(operator, change) is not None
    assert selectors.change_request_refusal(operator) is not None
    with pytest.raises(RuleViolation):
        changes.change_done(actor=operator, change=change, note="x", now=T0 + 2 * H)
    with pytest.raises(RuleViolation) as refused:
        changes.change_done(actor=technician, change=change, note=" ", now=T0 + 2 * H)
    assert "note" in refused.value.fields


def test_r_equip_4_a_done_change_excuses_the_scene_a_day_at_most(
        camera, head, technician, health_folders):
    """A change done and never followed by an approved reference does not silence the
    changed scene for ever: a day after it was done, the scene alerts again."""
    change = changes.change_decide(actor=head, change=request(technician, camera),
                                   approve=True, now=T0)
    done_at = T0 + 2 * H
    changes.change_done(actor=technician, change=change, note="云台左转", now=done_at)
    assert suppressed(camera, "moved", done_at + 23 * H) is not None
    assert suppressed(camera, "moved", done_at + selectors.REFERENCE_GRACE + H) is None
