"""R-EQUIP-4: a change request is for a piece of work: a window of years would excuse a
camera turned away from its scene for years; it is refused and nothing is written."""

import datetime as dt

import pytest

from tests.support.health_records import camera_in
from watchroom.audit.models import AuditEvent
from watchroom.core.choices import Role
from watchroom.health.choices import ChangeKind
from watchroom.health.models import CameraChange
from watchroom.health.services import changes
from watchroom.health.suppression import suppressed
from watchroom.rules import RuleViolation

T0 = dt.datetime(2026, 11, 28, 8, 0, tzinfo=dt.UTC)

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
