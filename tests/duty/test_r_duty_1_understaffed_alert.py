"""R-DUTY-1 remind at run time: a shift with fewer people on duty than the profile's
minimum (two, hospital) alerts the room head once the grace has passed, not only a
shift with nobody; the alert closes when enough are on duty."""

import pytest

from watchroom.alerts.models import Alert
from watchroom.alerts.names import alert_name
from watchroom.duty import services, tasks

pytestmark = pytest.mark.django_db


def open_alerts(kind):
    return list(Alert.objects.filter(kind=kind, closed_at__isnull=True))


def test_r_duty_1_one_of_two_on_duty_alerts_the_room_head(room_shifts, clock, system):
    clock(7, 44)
    services.attendance_clock_on(actor=room_shifts.day[0], room=room_shifts.room)
    clock(8, 3)  # within the 5 minutes' grace: the second may still come
    tasks.attendance_task.call()
    assert open_alerts("duty.understaffed") == []
    clock(8, 6)
    tasks.attendance_task.call()
    [alert] = open_alerts("duty.understaffed")
    assert "1 on duty" in alert.message and "2" in alert.message
    assert "R-DUTY-1" in alert.message and alert.target_label == str(room_shifts.room)
    assert not open_alerts("duty.no_show"), "somebody of the shift is there"
    clock(8, 20)
    services.attendance_clock_on(actor=room_shifts.day[1], room=room_shifts.room)
    tasks.attendance_task.call()
    assert open_alerts("duty.understaffed") == []
    assert Alert.objects.get(kind="duty.understaffed").close_note == "2 on duty"


def test_r_duty_1_the_outgoing_shift_waiting_to_hand_over_is_not_counted(room_shifts, clock,
                                                                         system):
    clock(0, 0)
    for person in room_shifts.night:
        services.attendance_clock_on(actor=person, room=room_shifts.room)
    clock(7, 44)
    services.attendance_clock_on(actor=room_shifts.day[0], room=room_shifts.room)
    clock(8, 6)
    assert services.staffing_check(actor=system, room=room_shifts.room) == 1
    assert len(open_alerts("duty.understaffed")) == 1


def test_r_duty_1_a_full_shift_raises_nothing_and_nobody_is_alerted_once(room_shifts, clock,
                                                                         system):
    clock(7, 44)
    for person in room_shifts.day:
        services.attendance_clock_on(actor=person, room=room_shifts.room)
    clock(8, 6)
    assert services.staffing_check(actor=system, room=room_shifts.room) is None
    clock(16, 6)  # the evening shift has no duty at all: "uncovered" says it already
    tasks.attendance_task.call()
    assert open_alerts("duty.uncovered") and not open_alerts("duty.understaffed")


def test_r_duty_1_leaving_mid_shift_under_the_minimum_alerts(room_shifts, clock, system):
    clock(7, 44)
    services.attendance_clock_on(actor=room_shifts.day[0], room=room_shifts.room)
    services.attendance_clock_on(actor=room_shifts.spare, room=room_shifts.room)  # no duty: counts
    clock(8, 30)
    assert services.staffing_check(actor=system, room=room_shifts.room) is None
    clock(10, 0)
    services.attendance_clock_off(actor=room_shifts.spare, room=room_shifts.room)
    assert services.staffing_check(actor=system, room=room_shifts.room) == 1


def test_r_duty_1_the_alert_type_has_a_translated_name():
    from django.utils import translation

    with translation.override("zh-hans"):
        assert alert_name("duty.understaffed") == "班次人员不足"
    assert alert_name("duty.understaffed") == "Shift under-staffed"


def test_r_duty_1_a_shift_the_roster_leaves_empty_alerts_at_run_time(room_shifts, clock,
                                                                     system):
    clock(17, 0)  # nobody is rostered 16:00–24:00
    assert services.attendance_check(actor=system, room=room_shifts.room)["uncovered"]
    assert Alert.objects.filter(kind="duty.uncovered", severity="critical").exists()
