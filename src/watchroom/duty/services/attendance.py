"""Clocking on and off (R-DUTY-2), arrival before the handover (R-HAND-1), absences
and the alert when a shift starts with nobody there (R-DUTY-1 remind)."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.alerts.services import alert_close, alert_raise
from watchroom.audit.services import audit_record
from watchroom.core.models import MonitoringRoom
from watchroom.core.people import person_name
from watchroom.core.times import local_text
from watchroom.duty.choices import AttendanceStatus
from watchroom.duty.models import Attendance
from watchroom.duty.selectors import shifts
from watchroom.duty.selectors.attendance import (
    CLOCK,
    duty_for,
    grace,
    handed_over,
    lateness,
    minutes_of,
    no_show_key,
    open_attendance,
)
from watchroom.duty.services import signatures
from watchroom.rules import RuleViolation
from watchroom.service import service


@service
def attendance_clock_on(*, actor, room: MonitoringRoom, person=None,
                        password: str | None = None, code: str | None = None,
                        arrived_at: dt.datetime | None = None) -> Attendance:
    """Clock the actor on; nobody clocks on for somebody else. On a shared screen the
    actor proves who they are with `password=` or `code=` (their authenticator's).

    `arrived_at` is for loading sample data only (the demo's shift on duty arrived on
    time, before the demo was loaded); pages and the API never pass it, and it is kept
    in the audit event."""
    if password is not None or code is not None:
        signatures.verify(actor, password=password or "", code=code or "", rule="R-DUTY-2")
    if person is not None and person.pk != actor.pk:
        raise RuleViolation("R-DUTY-2", _("Clock on only for yourself: %(person)s must clock "
                                          "on in person.") % {"person": person_name(person)},
                            status=403)
    if not actor.has_perm(CLOCK):
        raise RuleViolation("R-DUTY-2", _("You do not stand duty in a monitoring room."),
                            status=403)
    now = timezone.now()
    if arrived_at is not None:
        if arrived_at > now:
            raise ValueError("arrived_at cannot be in the future")
        now = arrived_at
    current = open_attendance(actor)
    if current is not None:
        raise RuleViolation("R-DUTY-2", _("You clocked on at %(when)s in %(room)s already.") % {
            "when": local_text(current.on_at), "room": current.room})
    duty = duty_for(room, actor, now)
    late = lateness(room, duty, now) if duty else 0
    record = Attendance.objects.filter(duty=duty).first() if duty else None
    if record is None:
        record = Attendance(room=room, person=actor, duty=duty)
    record.status = AttendanceStatus.ON
    record.on_at = now
    record.due_at = shifts.arrival_due(room, duty.start) if duty else None
    record.late_minutes = late
    record.save()
    audit_record(actor=actor, action="duty.clocked_on", target=record, data={
        "room": room.code, "due": record.due_at.isoformat() if record.due_at else None,
        "late_minutes": late, "duty": duty.pk if duty else None,
        "on_at": record.on_at.isoformat()})
    if duty is not None:
        alert_close(actor=actor, key=no_show_key(room, duty.start),
                    note=_("%(person)s clocked on") % {"person": person_name(actor)})
    _check_capacity(actor, room)
    return record


def _check_capacity(actor, room) -> None:
    """R-ACC-5: more people on duty in the room than it holds alerts the room head;
    clocking on is still recorded, since the person is there."""
    present = Attendance.objects.filter(room=room, status=AttendanceStatus.ON).count()
    key = f"duty.over_capacity:{room.pk}"
    if present > room.capacity:
        alert_raise(actor=actor, kind="duty.over_capacity", severity="warning", key=key,
                    target=room, message=_(
                        "%(room)s holds %(present)s people on duty, more than its capacity "
                        "of %(capacity)s (R-ACC-5).") % {
                        "room": room, "present": present, "capacity": room.capacity})
    else:
        alert_close(actor=actor, key=key, note=_("%(present)s people in the room") % {
            "present": present})


@service
def attendance_clock_off(*, actor, room: MonitoringRoom, password: str | None = None,
                         code: str | None = None) -> Attendance:
    """R-HAND-3: whoever is responsible for the room stays until the next shift accepts
    the handover (or the room head approves a swap)."""
    if password is not None or code is not None:
        signatures.verify(actor, password=password or "", code=code or "", rule="R-DUTY-2")
    record = Attendance.objects.select_for_update().filter(
        person=actor, status=AttendanceStatus.ON).first()
    if record is None:
        raise RuleViolation("R-DUTY-2", _("You are not clocked on."))
    if record.room_id != room.pk:
        raise RuleViolation("R-DUTY-2", _("You are clocked on in %(room)s.") % {
            "room": record.room})
    if actor.pk in shifts.responsible(room).team:
        raise RuleViolation("R-HAND-3", _(
            "You are responsible for the room until the next shift accepts your handover; "
            "hand over first, or ask the room head to approve a swap (R-DUTY-3)."))
    now = timezone.now()
    record.status = AttendanceStatus.OFF
    record.off_at = now
    duty = record.duty
    if duty is not None:
        duty.refresh_from_db(fields=["end"])
        # R-HAND-1: a handover inside the arrival window ends the duty early by design;
        # leaving after one's handover was accepted is never leaving early.
        record.early_minutes = (0 if handed_over(room, actor, record.on_at or duty.start, now)
                                else minutes_of(duty.end - now))
    record.save(update_fields=["status", "off_at", "early_minutes"])
    audit_record(actor=actor, action="duty.clocked_off", target=record, data={
        "room": room.code, "early_minutes": record.early_minutes})
    _check_capacity(actor, room)
    return record


@service
def attendance_check(*, actor, room: MonitoringRoom, now: dt.datetime | None = None) -> dict:
    """At each shift's start: a critical alert when nobody of the shift has clocked on,
    an uncovered alert when the roster puts nobody on it, and, after the grace, an
    absence recorded for each rostered person who has not come."""
    now = now or timezone.now()
    shift = shifts.shift_at(room, now)
    duties = list(shifts.rostered(room, shift))
    present = {a.person_id for a in Attendance.objects.filter(
        room=room, status__in=[AttendanceStatus.ON, AttendanceStatus.OFF],
        on_at__gte=shift.start - dt.timedelta(hours=4))}
    found = {"absent": 0, "no_show": False, "uncovered": False}
    if not duties:
        _alert, found["uncovered"] = alert_raise(
            actor=actor, kind="duty.uncovered", severity="critical",
            key=f"duty.uncovered:{room.pk}:{shift.start.astimezone(dt.UTC):%Y%m%dT%H%M}",
            target=room, message=_("%(room)s: the roster puts nobody on the shift from "
                                   "%(start)s (R-DUTY-1).") % {"room": room,
                                                               "start": local_text(shift.start)})
        return found
    if not present & {d.person_id for d in duties}:
        _alert, found["no_show"] = alert_raise(
            actor=actor, kind="duty.no_show", severity="critical",
            key=no_show_key(room, shift.start), target=room,
            message=_("%(room)s: the shift from %(start)s has started and nobody of it has "
                      "clocked on (R-DUTY-2).") % {"room": room, "start": local_text(shift.start)})
    if now < shift.start + grace(room):
        return found
    for duty in duties:
        if duty.person_id in present or Attendance.objects.filter(duty=duty).exists():
            continue
        record = Attendance.objects.create(
            room=room, person_id=duty.person_id, duty=duty, status=AttendanceStatus.ABSENT,
            due_at=shifts.arrival_due(room, duty.start))
        audit_record(actor=actor, action="duty.absence_recorded", target=record, data={
            "room": room.code, "person": duty.person.get_username(),
            "shift_start": shift.start.isoformat()})
        found["absent"] += 1
    return found
