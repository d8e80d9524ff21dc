"""What the room head's board shows: who is on duty now, the next 7 days' coverage,
lateness and absences, unchecked shifts, waiting and refused handovers, open alerts."""

import datetime as dt
from collections import Counter

from django.db.models import Q
from django.utils import timezone

from watchroom.alerts.models import Alert
from watchroom.duty import extensions
from watchroom.duty.choices import AbsenceStatus, AttendanceStatus, HandoverStatus, RosterStatus
from watchroom.duty.models import Assignment, Attendance, Handover, PostAbsence
from watchroom.duty.selectors import checks, shifts

WEEK = dt.timedelta(days=7)


def coverage(room, now: dt.datetime) -> list[dict]:
    """Each shift of the next 7 days with how many the published roster puts on it."""
    upcoming = shifts.shifts_between(room, shifts.shift_at(room, now).start, now + WEEK)
    duties = list(Assignment.objects.filter(
        roster__room=room, roster__status=RosterStatus.PUBLISHED,
        start__lt=now + WEEK + dt.timedelta(days=1), end__gt=now).values_list(
        "start", "end", "person_id"))
    need = room.site.policy.min_staff_per_shift
    rows = []
    for shift in upcoming:
        people = [p for start, end, p in duties if start <= shift.start < end]
        rows.append({"shift": shift, "count": len(people), "ok": len(people) >= need,
                     "people": people})
    names = shifts.names(p for r in rows for p in r["people"])
    for row in rows:
        row["names"] = [names.get(p, "?") for p in row["people"]]
    return rows


def _in_use_since(room, since: dt.datetime) -> dt.datetime:
    """Shifts before the room's first clock-on were not kept with Watchroom."""
    first = (Attendance.objects.filter(room=room, on_at__isnull=False).order_by("on_at")
             .values_list("on_at", flat=True).first())
    if first is None:
        return since
    return max(since, shifts.shift_at(room, first).start)


def refusals(room, since: dt.datetime) -> tuple[list[Handover], list[Handover]]:
    """The room's refused handovers since `since`: (open, resolved). A refusal is
    resolved once a later handover of the room was accepted."""
    refused = list(Handover.objects.filter(room=room, status=HandoverStatus.REFUSED,
                                           decided_at__gte=since)
                   .select_related("outgoing_signer__staff", "incoming_signer__staff")
                   .order_by("-decided_at")[:20])
    accepted = (Handover.objects.filter(room=room, status=HandoverStatus.ACCEPTED)
                .order_by("-decided_at").values_list("decided_at", flat=True).first())
    open_ = [h for h in refused if accepted is None or accepted < h.decided_at]
    return open_, [h for h in refused if h not in open_]


def build(room, now: dt.datetime | None = None) -> dict:
    now = now or timezone.now()
    duty = shifts.responsible(room, now)
    since = now - WEEK
    names = shifts.names(duty.team)
    lateness = (Attendance.objects.filter(room=room).filter(
        Q(late_minutes__gt=0) | Q(early_minutes__gt=0) | Q(status=AttendanceStatus.ABSENT))
        .filter(Q(due_at__gte=since) | Q(on_at__gte=since))
        .select_related("person__staff", "duty").order_by("-due_at", "-on_at")[:50])
    rows = coverage(room, now)
    refused, resolved = refusals(room, since)
    return {
        "now": now, "duty": duty, "team": [names.get(p, "?") for p in duty.team],
        "here": Attendance.objects.filter(room=room, status=AttendanceStatus.ON)
        .select_related("person__staff").order_by("on_at"),
        "coverage": rows, "short": Counter(r["ok"] for r in rows)[False],
        "lateness": lateness,
        "unchecked": checks.unchecked(room, _in_use_since(room, since), now),
        "pending": Handover.objects.filter(room=room, status=HandoverStatus.SIGNED_OUT)
        .select_related("outgoing_signer"),
        "refused": refused, "resolved": resolved,
        "absences": PostAbsence.objects.filter(room=room, status__in=[
            AbsenceStatus.REQUESTED, AbsenceStatus.CONFIRMED, AbsenceStatus.APPROVED])
        .exclude(kind="swap", status=AbsenceStatus.APPROVED)
        .select_related("person__staff", "substitute__staff"),
        "alerts": Alert.objects.filter(closed_at__isnull=True).order_by("-opened_at")[:30],
        "cards": extensions.board_cards(room, now),
    }
