"""R-DUTY-2 and R-HAND-1: clocking on and off against the roster and the arrival rule,
absences, and the alert when a shift starts with nobody there; on a controlled clock."""

import json

import pytest

from tests.conftest import PASSWORD
from tests.support.duty import sign
from watchroom.alerts.models import Alert
from watchroom.audit.models import AuditEvent
from watchroom.duty import services
from watchroom.duty.choices import AttendanceStatus
from watchroom.duty.models import Attendance
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("hour", "minute", "late"), [
    (7, 50, 0),  # within the 5 minutes' grace after 07:45
    (7, 51, 6),  # past the grace: late from 07:45
    (8, 20, 35),
])
def test_r_duty_2_lateness_counts_from_the_arrival_the_profile_asks(room_shifts, clock, hour,
                                                                    minute, late):
    clock(hour, minute)
    record = services.attendance_clock_on(actor=room_shifts.day[0], room=room_shifts.room)
    assert record.late_minutes == late
    event = AuditEvent.objects.get(action="duty.clocked_on")
    assert json.loads(event.data)["late_minutes"] == late


def test_r_duty_2_nobody_clocks_on_for_somebody_else(room_shifts, clock):
    clock(7, 40)
    with pytest.raises(RuleViolation) as refused:
        services.attendance_clock_on(actor=room_shifts.day[0], room=room_shifts.room,
                            person=room_shifts.day[1])
    assert refused.value.rule_id == "R-DUTY-2" and refused.value.status == 403
    assert not Attendance.objects.exists()


def test_r_duty_2_clocking_on_twice_is_refused(room_shifts, clock):
    clock(7, 40)
    services.attendance_clock_on(actor=room_shifts.day[0], room=room_shifts.room)
    with pytest.raises(RuleViolation, match="already"):
        services.attendance_clock_on(actor=room_shifts.day[0], room=room_shifts.room)
    assert Attendance.objects.count() == 1


def test_r_duty_2_a_shift_with_nobody_clocked_on_alerts_the_room_head_at_once(
        room_shifts, clock, system):
    clock(0, 0)
    services.attendance_clock_on(actor=room_shifts.night[0], room=room_shifts.room)
    clock(7, 59)
    assert services.attendance_check(actor=system, room=room_shifts.room)["no_show"] is False
    # the night shift is there, but nobody of the day shift
    clock(8, 0)
    found = services.attendance_check(actor=system, room=room_shifts.room)
    assert found["no_show"] is True and found["absent"] == 0
    alert = Alert.objects.get(kind="duty.no_show", closed_at__isnull=True)
    assert alert.severity == "critical"
    # the first of the shift to come closes it
    clock(8, 3)
    services.attendance_clock_on(actor=room_shifts.day[1], room=room_shifts.room)
    alert.refresh_from_db()
    assert alert.closed_at is not None


def test_r_duty_2_who_has_not_come_after_the_grace_is_recorded_absent(room_shifts, clock,
                                                                      system):
    clock(7, 40)
    services.attendance_clock_on(actor=room_shifts.day[0], room=room_shifts.room)
    clock(8, 4)
    assert services.attendance_check(actor=system, room=room_shifts.room)["absent"] == 0
    clock(8, 5)
    assert services.attendance_check(actor=system, room=room_shifts.room)["absent"] == 1
    assert services.attendance_check(actor=system, room=room_shifts.room)["absent"] == 0
    absent = Attendance.objects.get(status=AttendanceStatus.ABSENT)
    assert absent.person == room_shifts.day[1]
    assert not Alert.objects.filter(kind="duty.no_show").exists()
    # arriving at last turns the absence into a late arrival
    clock(9, 0)
    record = services.attendance_clock_on(actor=room_shifts.day[1], room=room_shifts.room)
    assert record.pk == absent.pk and record.late_minutes == 75


def test_r_duty_2_someone_off_the_roster_clocks_on_and_off_freely(room_shifts, clock):
    clock(7, 40)
    record = services.attendance_clock_on(actor=room_shifts.spare, room=room_shifts.room)
    assert record.duty is None and record.late_minutes == 0
    clock(9, 0)
    record = services.attendance_clock_off(actor=room_shifts.spare, room=room_shifts.room)
    assert record.status == AttendanceStatus.OFF and record.early_minutes == 0
    with pytest.raises(RuleViolation, match="not clocked on"):
        services.attendance_clock_off(actor=room_shifts.spare, room=room_shifts.room)


def test_r_duty_2_the_worker_checks_every_room_each_minute(room_shifts, clock):
    from watchroom import scheduler
    from watchroom.duty.tasks import attendance_task

    job = next(j for j in scheduler.jobs() if j.name == "duty.attendance")
    assert job.every.total_seconds() == 60
    clock(8, 1)
    assert attendance_task.call() >= 1
    assert Alert.objects.filter(kind="duty.no_show", closed_at__isnull=True).exists()


def test_r_duty_2_clocking_off_after_the_accepted_handover_is_not_leaving_early(on_duty,
                                                                             clock):
    """Handed over inside the arrival window (15 minutes before the end) and clocked off
    at once: no 早退."""
    clock(7, 50)
    signed = sign(on_duty)
    clock(7, 52)
    services.handover_accept(actor=on_duty.day[0], handover=signed, password=PASSWORD)
    for person in on_duty.night:
        record = services.attendance_clock_off(actor=person, room=on_duty.room)
        assert record.early_minutes == 0, person
    from watchroom.duty.selectors import board

    assert not [a for a in board.build(on_duty.room)["lateness"] if a.early_minutes]
