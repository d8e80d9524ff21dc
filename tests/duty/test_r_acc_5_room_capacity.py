"""R-ACC-5: more people on duty than the room holds alerts the room head, and the alert
clears when enough have left."""

import pytest

from watchroom.alerts.models import Alert
from watchroom.duty import services
from watchroom.duty.choices import AttendanceStatus

pytestmark = pytest.mark.django_db


def test_r_acc_5_more_people_on_duty_than_the_room_holds_alerts_and_clears(room_shifts,
                                                                          clock, system):
    from watchroom.core import services as core

    room = core.room_update(actor=system, room=room_shifts.room, capacity=2)
    clock(7, 40)
    services.attendance_clock_on(actor=room_shifts.day[0], room=room)
    services.attendance_clock_on(actor=room_shifts.day[1], room=room)
    assert not Alert.objects.filter(kind="duty.over_capacity").exists()
    record = services.attendance_clock_on(actor=room_shifts.spare, room=room)
    assert record.status == AttendanceStatus.ON  # recorded all the same: the person is there
    alert = Alert.objects.get(kind="duty.over_capacity", closed_at__isnull=True)
    assert "3" in alert.message and "2" in alert.message
    services.attendance_clock_off(actor=room_shifts.spare, room=room)
    alert.refresh_from_db()
    assert alert.closed_at is not None
