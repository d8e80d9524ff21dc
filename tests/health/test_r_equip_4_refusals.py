"""R-EQUIP-4: a change request is for a piece of work: a window of years would excuse a
camera turned away from its scene for years; it is refused and nothing is written. A
picture covered under an approved block never becomes the scene's reference. A retired
camera is neither changed nor blocked (R-EQUIP-5)."""

import datetime as dt

import cv2
import numpy as np
import pytest

from tests.support.health_records import camera_in, health_check
from watchroom.audit.models import AuditEvent
from watchroom.core.choices import Role
from watchroom.health.choices import ChangeKind
from watchroom.health.models import CameraChange, HealthCheck, ReferenceImage
from watchroom.health.selectors import references as reference_selectors
from watchroom.health.services import changes
from watchroom.health.services.references import reference_approve
from watchroom.health.suppression import suppressed
from watchroom.rules import RuleViolation

T0 = dt.datetime(2026, 11, 28, 8, 0, tzinfo=dt.UTC)
H = dt.timedelta(hours=1)

pytestmark = pytest.mark.django_db


def test_r_equip_4_a_change_window_of_years_is_refused(area, system, make_staff):
    camera = camera_in(area, system)
    technician = make_staff(Role.TECHNICIAN).user
    events = AuditEvent.objects.count()
    with pytest.raises(RuleViolation) as caught:
        changes.change_request(
            actor=technician, camera=camera, kind=ChangeKind.ANGLE, description="调整角度",
            reason="新开侧门", planned_start=T0, planned_end=T0 + dt.timedelta(days=3 * 365),
            now=T0)
    assert caught.value.rule_id == "R-EQUIP-4"
    assert "planned_end" in caught.value.fields
    assert not CameraChange.objects.exists()
    assert [e.action for e in AuditEvent.objects.order_by("seq")[events:]] == ["rule.refused"]
    assert suppressed(camera, "moved", T0 + dt.timedelta(days=400)) is None
    # A day's work is a change like any other.
    changes.change_request(
        actor=technician, camera=camera, kind=ChangeKind.ANGLE, description="调整角度",
        reason="新开侧门", planned_start=T0, planned_end=T0 + dt.timedelta(days=1), now=T0)


def _scene():
    """A picture with detail (lines and text), as the probe keeps them."""
    frame = np.full((360, 640, 3), 90, np.uint8)
    for x in range(0, 640, 40):
        cv2.line(frame, (x, 0), (640 - x, 360), (200, 180, 40), 3)
    cv2.putText(frame, "CORRIDOR 3F", (40, 200), cv2.FONT_HERSHEY_SIMPLEX, 2, (255,) * 3, 4)
    return frame


def test_r_equip_4_a_covered_picture_excused_by_a_block_is_no_reference(
        area, system, make_staff, health_folders):
    camera = camera_in(area, system)
    head = make_staff(Role.SHIFT_LEAD).user
    healthy = health_check(camera, T0, _scene())
    covered = health_check(camera, T0 + dt.timedelta(minutes=5), _scene())
    HealthCheck.objects.filter(pk=covered.pk).update(
        problems=["covered"], excused={"covered": "Approved block #3 (R-EQUIP-5)"})
    covered.refresh_from_db()
    assert covered.ok  # excused: the camera is not faulty while the block lasts
    assert reference_selectors.reference_proposal(camera) == healthy
    with pytest.raises(RuleViolation) as caught:
        reference_approve(actor=head, camera=camera, health_check=covered, now=T0 + H)
    assert caught.value.rule_id == "R-EQUIP-4"
    assert not ReferenceImage.objects.exists()
    reference_approve(actor=head, camera=camera, health_check=healthy, now=T0 + H)


def test_r_equip_4_5_a_retired_camera_is_neither_changed_nor_blocked(
        area, system, make_staff):
    from watchroom.devices import services as devices
    from watchroom.health.models import CameraBlock
    from watchroom.health.services import blocks

    camera = camera_in(area, system)
    devices.camera_update(actor=system, camera=camera, status="retired")
    technician = make_staff(Role.TECHNICIAN).user
    with pytest.raises(RuleViolation) as caught:
        changes.change_request(
            actor=technician, camera=camera, kind=ChangeKind.ANGLE, description="调整角度",
            reason="新开侧门", planned_start=T0, planned_end=T0 + H, now=T0)
    assert caught.value.rule_id == "R-EQUIP-4"
    with pytest.raises(RuleViolation) as caught:
        blocks.block_apply(actor=technician, camera=camera, reason="刷墙", starts_at=T0,
                           ends_at=T0 + H, now=T0)
    assert caught.value.rule_id == "R-EQUIP-5"
    assert not CameraChange.objects.exists() and not CameraBlock.objects.exists()
