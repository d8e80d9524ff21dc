"""R-INC-2: an incident tells its grade's chain at once (the room's heads first), the
chain climbs while nobody acknowledges, a higher grade after acknowledgement tells its
own chain, and closing the incident stops it."""

import datetime as dt

import pytest

from tests.incidents.conftest import report
from watchroom.core.choices import Role
from watchroom.incidents import services
from watchroom.incidents.choices import EventKind
from watchroom.notifications.models import Escalation, Notice
from watchroom.notifications.services import (
    escalation_acknowledge,
    escalation_tick,
)
from watchroom.notifications.services.escalations import subject_key

pytestmark = pytest.mark.django_db


def escalation_of(incident):
    return Escalation.objects.get(subject=subject_key(incident), state="climbing")


def told(escalation, order):
    return {n.user for n in Notice.objects.filter(level__escalation=escalation,
                                                  level__order=order)}


def test_r_inc_2_a_larger_incident_climbs_from_the_room_heads_to_the_chief(scene, make_staff):
    deputy = make_staff(Role.DEPUTY_DIRECTOR, full_name="陈副院长").user
    incident = report(scene, grade="larger")
    escalation = escalation_of(incident)
    assert told(escalation, 1) == {scene.head}
    assert told(escalation, 2) == {scene.chief} and told(escalation, 3) == {deputy}
    assert scene.head.notifications.filter(link=incident.get_absolute_url()).exists()
    assert not scene.chief.notifications.exists()
    event = incident.events.get(kind=EventKind.ESCALATED)
    assert "周组长" in event.text and "王科长" in event.text
    minutes = scene.site.policy.escalation_minutes
    escalation_tick(now=escalation.started_at + dt.timedelta(minutes=minutes, seconds=1))
    assert scene.chief.notifications.filter(link=incident.get_absolute_url()).exists()
    notice = Notice.objects.get(level__escalation=escalation, user=scene.chief)
    escalation_acknowledge(actor=scene.chief, notice=notice)
    escalation.refresh_from_db()
    assert escalation.state == "acknowledged"


def test_r_inc_2_a_major_incident_tells_the_heads_and_the_chief_at_once(scene):
    incident = report(scene, grade="major")
    assert told(escalation_of(incident), 1) == {scene.head, scene.chief}


def test_r_inc_2_a_higher_grade_after_acknowledgement_tells_its_chain(scene):
    incident = report(scene)  # general: the room's heads
    first = escalation_of(incident)
    assert told(first, 1) == {scene.head} and first.levels.count() == 1
    escalation_acknowledge(actor=scene.head, notice=Notice.objects.get(user=scene.head))
    services.incident_grade(actor=scene.head, incident=incident, grade="major",
                            reason="有人受伤")
    second = escalation_of(incident)
    assert second.pk != first.pk and scene.chief in told(second, 1)


def test_r_inc_2_closing_the_incident_stops_its_escalation(scene):
    incident = report(scene)
    services.incident_close(actor=scene.head, incident=incident, disposal="已劝离",
                            result="双方离开")
    assert not Escalation.objects.filter(subject=subject_key(incident),
                                         state="climbing").exists()
