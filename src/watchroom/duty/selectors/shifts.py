"""Shifts as they happen: which shift a moment belongs to, who the roster puts on it,
and who is responsible for the room now (R-HAND-3, R-HAND-5: the outgoing shift until
the incoming one accepts the handover)."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from watchroom.core.people import person_name
from watchroom.core.times import local
from watchroom.duty import rostering
from watchroom.duty.choices import (
    AbsenceKind,
    AbsenceStatus,
    AttendanceStatus,
    HandoverStatus,
    RosterStatus,
)
from watchroom.duty.models import Assignment, Attendance, Handover, PostAbsence
from watchroom.duty.selectors import roster as rosters


@dataclass(frozen=True)
class RoomShift:
    start: dt.datetime
    end: dt.datetime


def shift_at(room, when: dt.datetime) -> RoomShift:
    """The shift of the room's pattern that is running at `when`."""
    rules = rosters.rules_for(room)
    moment = local(when)
    day = moment.date()
    candidates = rostering.shifts(rules, day - dt.timedelta(days=1), day, rosters.local_zone())
    running = [s for s in candidates if s.start <= when]
    shift = running[-1] if running else candidates[0]
    return RoomShift(shift.start, shift.end)


def shifts_between(room, since: dt.datetime, until: dt.datetime) -> list[RoomShift]:
    """Every shift starting in [since, until)."""
    rules = rosters.rules_for(room)
    first = local(since).date() - dt.timedelta(days=1)
    last = local(until).date()
    return [RoomShift(s.start, s.end) for s in
            rostering.shifts(rules, first, last, rosters.local_zone())
            if since <= s.start < until]


def rostered(room, shift: RoomShift):
    """The published duties of the room that cover the shift's start."""
    return (Assignment.objects.filter(roster__room=room, roster__status=RosterStatus.PUBLISHED,
                                      start__lte=shift.start, end__gt=shift.start)
            .select_related("person__staff").order_by("person_id"))


def arrival_due(room, start: dt.datetime) -> dt.datetime:
    """R-HAND-1: the incoming shift arrives this long before it starts."""
    return start - dt.timedelta(minutes=room.site.policy.handover_early_minutes)


@dataclass
class Responsibility:
    team: list[int]  # user ids responsible for the room now
    since: dt.datetime | None
    shift_start: dt.datetime | None  # the shift the team took over
    awaiting: RoomShift | None = None  # a later shift that has not taken over yet


def responsible(room, now: dt.datetime | None = None) -> Responsibility:
    now = now or timezone.now()
    last = (Handover.objects.filter(room=room, status=HandoverStatus.ACCEPTED,
                                    decided_at__lte=now)
            .order_by("-decided_at", "-pk").first())
    current = shift_at(room, now)
    if last is not None:
        team = [p["id"] for p in last.incoming_people]
        since, taken = last.decided_at, last.shift_start
    else:
        team, since, taken = _first_team(room, current)
    swaps = list(PostAbsence.objects.filter(
        room=room, kind=AbsenceKind.SWAP, status=AbsenceStatus.APPROVED,
        started_at__gte=since, started_at__lte=now).order_by("started_at"))
    for swap in swaps:
        team = [swap.substitute_id if p == swap.person_id else p for p in team]
    awaiting = current if taken is not None and current.start > taken else None
    return Responsibility(team=list(dict.fromkeys(team)), since=since, shift_start=taken,
                          awaiting=awaiting)


def on_duty(room, duty: Responsibility, now: dt.datetime | None = None) -> RoomShift:
    """The shift that is responsible now: the one the team took over (after an early
    handover, the shift that starts in a few minutes; while a shift has not taken over,
    the outgoing one)."""
    if duty.shift_start is not None:
        return shift_at(room, duty.shift_start)
    return shift_at(room, now or timezone.now())


def _first_team(room, current: RoomShift):
    """Before the room's first accepted handover: the previous shift if any of it is
    still clocked on (it has not handed over), else the current shift's roster."""
    previous = shift_at(room, current.start - dt.timedelta(seconds=1))
    before = [d.person_id for d in rostered(room, previous)]
    if before and Attendance.objects.filter(room=room, person_id__in=before,
                                            status=AttendanceStatus.ON).exists():
        return before, previous.start, previous.start
    return [d.person_id for d in rostered(room, current)], current.start, current.start


def names(ids) -> dict[int, str]:
    """Each person's full name (or user name), by user id."""
    users = get_user_model().objects.filter(pk__in=set(ids)).select_related("staff")
    return {u.pk: person_name(u) for u in users}
