"""Attendance: lateness, who is clocked on, whether a person has handed over (R-DUTY-2)."""

import datetime as dt
import math

from watchroom.duty.choices import AttendanceStatus, HandoverStatus, RosterStatus
from watchroom.duty.models import Assignment, Attendance, Handover
from watchroom.duty.selectors import shifts


def minutes_of(delta: dt.timedelta) -> int:
    return max(0, math.ceil(delta.total_seconds() / 60))


def grace(room) -> dt.timedelta:
    return dt.timedelta(minutes=room.site.policy.lateness_grace_minutes)


def lateness(room, duty: Assignment, on_at: dt.datetime) -> int:
    """Minutes after the arrival the profile asks for (shift start less the handover
    lead); zero within the grace."""
    due = shifts.arrival_due(room, duty.start)
    return minutes_of(on_at - due) if on_at > due + grace(room) else 0


def no_show_key(room, start: dt.datetime) -> str:
    return f"duty.no_show:{room.pk}:{start.astimezone(dt.UTC):%Y%m%dT%H%M}"


def open_attendance(person) -> Attendance | None:
    return Attendance.objects.filter(person=person, status=AttendanceStatus.ON).first()


def duty_for(room, person, now: dt.datetime) -> Assignment | None:
    """The person's published duty in the room that is running or starts within 4 hours."""
    return (Assignment.objects.filter(
        roster__room=room, roster__status=RosterStatus.PUBLISHED, person=person,
        end__gt=now, start__lte=now + dt.timedelta(hours=4)).order_by("start").first())


def handed_over(room, person, since: dt.datetime, until: dt.datetime) -> bool:
    """Whether a handover the person handed over with (one of the outgoing shift) was
    accepted between `since` and `until`."""
    return any(person.pk in {p.get("id") for p in people} for people in
               Handover.objects.filter(room=room, status=HandoverStatus.ACCEPTED,
                                       decided_at__gte=since, decided_at__lte=until)
               .values_list("outgoing_people", flat=True))


CLOCK = "duty.add_attendance"
