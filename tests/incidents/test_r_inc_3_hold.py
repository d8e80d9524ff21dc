"""R-INC-3, R-REC-4: reporting an incident puts the footage of its area's cameras on hold
at once, from the profile's minutes before it happened; operators may put footage on
hold for an incident and for nothing else; an approver releases a closed incident's
hold."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.conftest import SYSTEM
from tests.incidents.conftest import report
from watchroom.audit.models import AuditEvent
from watchroom.core import services as core
from watchroom.incidents import services
from watchroom.recording.choices import HoldLink
from watchroom.recording.models import Hold
from watchroom.recording.services import hold_place
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db


def test_r_inc_3_the_hold_covers_the_area_s_cameras_from_n_minutes_before(scene):
    occurred = timezone.now() - dt.timedelta(minutes=10)
    incident = report(scene, occurred_at=occurred)
    hold = incident.holds.get()
    assert set(hold.cameras.all()) == {scene.gate, scene.hall}  # not the other area's
    assert hold.start == occurred - dt.timedelta(minutes=30)
    assert hold.end >= incident.reported_at
    assert (hold.link_kind, hold.link_ref, hold.placed_by) == (
        HoldLink.INCIDENT, str(incident.pk), scene.operator)
    assert hold.released_at is None
    assert incident.events.filter(kind="hold_placed").exists()


def test_r_inc_3_the_minutes_before_come_from_the_policy_profile(scene):
    core.policy_profile_update(actor=SYSTEM, profile=scene.site.policy,
                               incident_hold_before_minutes=60)
    scene.site.refresh_from_db()
    occurred = timezone.now()
    incident = report(scene, occurred_at=occurred)
    assert incident.holds.get().start == occurred - dt.timedelta(minutes=60)


def test_r_inc_3_the_profile_s_minutes_have_bounds(scene):
    with pytest.raises(RuleViolation):
        core.policy_profile_update(actor=SYSTEM, profile=scene.site.policy,
                                   incident_hold_before_minutes=10000)


def test_r_inc_3_a_camera_named_outside_the_area_is_held_too(scene):
    incident = report(scene, cameras=[scene.ward])
    assert set(incident.holds.get().cameras.all()) == {scene.gate, scene.hall, scene.ward}


def test_r_inc_3_a_range_end_holds_up_to_it(scene):
    now = timezone.now()
    incident = report(scene, occurred_at=now - dt.timedelta(hours=2),
                      footage_end=now - dt.timedelta(hours=1))
    assert incident.holds.get().end == now - dt.timedelta(hours=1)


def test_r_inc_3_an_operator_holds_for_an_incident_and_nothing_else(scene):
    now = timezone.now()
    with pytest.raises(RuleViolation) as refused:
        hold_place(actor=scene.operator, cameras=[scene.gate], start=now - dt.timedelta(
            hours=1), end=now, reason="想保存", link_kind=HoldLink.OTHER)
    assert refused.value.rule_id == "R-REC-4" and refused.value.status == 403
    incident = report(scene)
    later = services.incident_hold(actor=scene.operator, incident=incident,
                                   footage_end=timezone.now() + dt.timedelta(minutes=30))
    assert later.placed_by == scene.operator and incident.holds.count() == 2
    assert AuditEvent.objects.filter(action="incident.hold_placed").exists()


def test_r_rec_4_the_hold_stays_while_the_incident_is_open(scene):
    incident = report(scene)
    hold = incident.holds.get()
    with pytest.raises(RuleViolation) as refused:
        services.incident_hold_release(actor=scene.chief, incident=incident, hold=hold,
                                       note="已处理")
    assert refused.value.rule_id == "R-REC-4"
    assert Hold.objects.get(pk=hold.pk).released_at is None


def test_r_rec_4_an_approver_releases_a_closed_incident_s_hold(scene):
    incident = report(scene)
    hold = incident.holds.get()
    services.incident_close(actor=scene.head, incident=incident, disposal="保安劝离",
                            result="无人受伤")
    with pytest.raises(RuleViolation) as refused:
        services.incident_hold_release(actor=scene.head, incident=incident, hold=hold,
                                       note="结案")
    assert refused.value.status == 403
    services.incident_hold_release(actor=scene.chief, incident=incident, hold=hold,
                                   note="结案，无需保存")
    hold.refresh_from_db()
    assert hold.released_by == scene.chief and hold.release_note == "结案，无需保存"
    assert incident.events.filter(kind="hold_released").exists()
