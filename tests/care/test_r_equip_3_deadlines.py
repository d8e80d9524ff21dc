"""R-EQUIP-3: a fault not repaired by its deadline is escalated to the room heads and
the security chief, once per step, on a controlled clock."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.care import support
from tests.conftest import SYSTEM
from watchroom.alerts.models import Alert
from watchroom.care import services
from watchroom.care.choices import FaultCategory
from watchroom.core.choices import Role
from watchroom.notifications.models import Notification
from watchroom.scheduler import jobs

pytestmark = pytest.mark.django_db


def test_r_equip_3_overdue_fault_escalates_once_per_step(area, room, make_staff, user_of):
    head = make_staff(Role.SHIFT_LEAD, rooms=[room]).user
    other_head = user_of(Role.SHIFT_LEAD)  # heads no room of this site
    chief = user_of(Role.SECURITY_CHIEF)
    camera = support.camera(area)
    reported = timezone.now() - dt.timedelta(hours=30)
    fault = services.fault_report(actor=user_of(Role.OPERATOR), equipment=camera,
                                  category=FaultCategory.IMAGE_LOSS, now=reported)
    before = fault.deadline - dt.timedelta(minutes=1)
    assert services.faults_escalate(actor=SYSTEM, now=before) == []
    after = fault.deadline + dt.timedelta(minutes=1)
    assert len(services.faults_escalate(actor=SYSTEM, now=after)) == 1
    for minute in range(1, 4):  # every minute again: nothing more
        assert services.faults_escalate(actor=SYSTEM, now=after + dt.timedelta(minutes=minute)) \
            == []
    told = set(Notification.objects.values_list("user_id", flat=True))
    assert told == {head.pk, chief.pk} and other_head.pk not in told
    alert = Alert.objects.get(kind="care.fault_overdue", closed_at__isnull=True)
    assert alert.target_id == str(fault.pk)
    fault.refresh_from_db()
    assert fault.escalations == 1
    # A whole repair period later: the second step, once.
    later = fault.deadline + dt.timedelta(hours=24, minutes=1)
    assert len(services.faults_escalate(actor=SYSTEM, now=later)) == 1
    assert services.faults_escalate(actor=SYSTEM, now=later + dt.timedelta(hours=30)) == []
    assert Notification.objects.filter(user=head).count() == 2


def test_r_equip_3_closed_fault_is_not_escalated(area, user_of):
    camera = support.camera(area)
    fault = services.fault_report(actor=user_of(Role.OPERATOR), equipment=camera,
                                  category=FaultCategory.OTHER)
    from watchroom.care.models import Fault
    Fault.objects.filter(pk=fault.pk).update(status="closed")
    assert services.faults_escalate(actor=SYSTEM,
                                    now=fault.deadline + dt.timedelta(hours=1)) == []


def test_r_equip_3_deadline_job_every_minute():
    job = next(j for j in jobs() if j.name == "care.fault_deadlines")
    assert job.every == dt.timedelta(minutes=1)
    assert job.task.endswith("care.tasks.fault_deadlines_task")


def test_r_equip_3_the_minute_job_escalates_on_the_clock(area, user_of, time_machine):
    from watchroom.care import tasks

    chief = user_of(Role.SECURITY_CHIEF)
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    fault = services.fault_report(actor=user_of(Role.OPERATOR), equipment=support.camera(area),
                                  category=FaultCategory.OFFLINE)
    minute = dt.timedelta(minutes=1)
    time_machine.move_to(fault.deadline - minute, tick=False)
    assert tasks.fault_deadlines_task.call() == 0
    for n in range(1, 6):  # the job runs every minute; the step is taken once
        time_machine.move_to(fault.deadline + n * minute, tick=False)
        assert tasks.fault_deadlines_task.call() == (1 if n == 1 else 0)
    assert Notification.objects.filter(user=chief).count() == 1
