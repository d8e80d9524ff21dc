"""Run-time staffing (R-DUTY-1 remind): who is on duty in a room, the alerts' keys."""

import datetime as dt

from django.db.models import Q

from watchroom.duty.choices import AttendanceStatus
from watchroom.duty.models import Attendance


def understaffed_key(room, start: dt.datetime) -> str:
    return f"duty.understaffed:{room.pk}:{start.astimezone(dt.UTC):%Y%m%dT%H%M}"


def uncovered_key(room, start: dt.datetime) -> str:
    """The key of the alert attendance raises when the roster puts nobody on a shift."""
    return f"duty.uncovered:{room.pk}:{start.astimezone(dt.UTC):%Y%m%dT%H%M}"


def on_duty(room, now: dt.datetime) -> set[int]:
    """The people clocked on in the room whose duty is running (or who have none)."""
    return set(Attendance.objects.filter(room=room, status=AttendanceStatus.ON).filter(
        Q(duty__isnull=True) | Q(duty__end__gt=now)).values_list("person_id", flat=True))
