"""The pre-shift check (R-DUTY-5): each recorder and display of the room, a playback
check per recorder (camera group), each recorder's clock against standard time.

A playback item passes only if the checker really played back a camera of that group
during the check window; a playback that found no recording, and a clock off by more
than the profile's tolerance, fail whatever the box says. A recorder whose clock
Watchroom reads over ONVIF is measured, not typed: a reading younger than
`CLOCK_FRESH` is taken, else the clock is read at submission; an offset typed for it is
ignored. Only a recorder without an ONVIF address has its offset typed. Every failed
item opens an alert for the room head."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.alerts.services import alert_raise
from watchroom.audit.services import audit_record
from watchroom.core.people import person_name
from watchroom.core.times import local_text
from watchroom.devices.models import Camera, Recorder
from watchroom.duty.choices import CheckKind
from watchroom.duty.models import CheckItem, ShiftCheck
from watchroom.duty.selectors import attendance
from watchroom.duty.selectors.checks import (
    check_shift,
    checklist,
    health_problems,
    on_outside_recorder,
    playbacks,
    without_footage,
)
from watchroom.health.selectors.clock import clock_latest
from watchroom.health.services.clock import clocks_measure
from watchroom.rules import RuleViolation
from watchroom.service import service

CLOCK_FRESH = dt.timedelta(minutes=2)  # a clock reading this young is not taken again


@service
def check_submit(*, actor, room, results: dict[str, dict]) -> ShiftCheck:
    """`results` maps each checklist key to {"ok": bool, "offset": seconds, "note": str}.
    A measured clock (`Subject.measured`) needs neither: its offset is read (R-DUTY-5),
    a typed one is ignored, and "ok": False with a note still fails it."""
    own = attendance.open_attendance(actor)
    if own is None or own.room_id != room.pk:
        raise RuleViolation("R-DUTY-5", _("Clock on in %(room)s before checking it.") % {
            "room": room})
    now = timezone.now()
    shift = check_shift(room, now)
    done = ShiftCheck.objects.filter(room=room, shift_start=shift.start).first()
    if done is not None:
        raise RuleViolation("R-DUTY-5", _("%(person)s already checked this shift at %(when)s.")
                            % {"person": person_name(done.checked_by),
                               "when": local_text(done.checked_at, "%H:%M")})
    subjects = checklist(room)
    missing = [s.label for s in subjects if not s.measured and (
               s.key not in results or results[s.key].get("ok") is None
               or (s.kind == CheckKind.CLOCK and results[s.key].get("offset") is None))]
    if missing:
        raise RuleViolation("R-DUTY-5", _("Not checked yet: %(items)s.") % {
            "items": "; ".join(missing)}, status=400)
    tolerance = room.site.policy.clock_tolerance_seconds
    window = shift.start - dt.timedelta(hours=2)
    clocks = _clock_readings(actor, [s for s in subjects
                                     if s.measured and s.kind == CheckKind.CLOCK], now)
    items = []
    for s in subjects:
        given = results.get(s.key) or {}
        ok = True if given.get("ok") is None else bool(given["ok"])  # None: a measured clock
        note = str(given.get("note") or "").strip()[:300]
        offset, reading = None, None
        if s.kind == CheckKind.HEALTH:  # the cameras' health as the probes found it
            problems = health_problems(room)
            if problems:
                ok = False
                reason = "; ".join(problems)
                note = f"{reason}; {note}"[:300] if note else reason[:300]
        elif s.measured:  # R-DUTY-5: the recorder's clock as read, whatever was typed
            reading = clocks[s.recorder_id]
            offset = round(reading.offset_s) if reading.offset_s is not None else None
            if offset is None:
                ok = False
                reason = _("clock not read: %(error)s") % {"error": reading.error}
                note = f"{reason}; {note}"[:300] if note else reason[:300]
        elif s.kind == CheckKind.CLOCK:
            offset = int(given["offset"])
        if on_outside_recorder(s):
            if ok:
                there = _("played back on %(recorder)s itself") % {"recorder": s.label}
                note = f"{there}; {note}" if note else there
        elif s.kind == CheckKind.PLAYBACK and len(without_footage(s, now)) == len(s.camera_ids):
            ok = False  # any playback of the group finds nothing: the page offers no "fine"
            reason = _nothing_found(without_footage(s, now))
            note = f"{reason}; {note}" if note else reason
        elif s.kind == CheckKind.PLAYBACK:
            played = playbacks(actor, s.camera_ids, window)
            if ok and not played:
                raise RuleViolation("R-DUTY-5", _(
                    "Play back a camera of %(group)s before you mark its playback as fine.")
                    % {"group": s.label}, status=400)
            empty = [pk for pk, found in played.items() if not found]
            if empty:  # a playback that found no recording is never fine
                ok = False
                reason = _nothing_found(Camera.objects.filter(pk__in=empty).order_by("code"))
                note = f"{reason}; {note}" if note else reason
        if offset is not None and (abs(offset) > tolerance
                                   or (reading is not None and not reading.ok)):
            ok = False
            note = note or _("clock off by %(offset)s s, more than %(tolerance)s s") % {
                "offset": offset, "tolerance": tolerance}
        if not ok and not note:
            raise RuleViolation("R-DUTY-5", _("Say what is wrong with %(item)s.") % {
                "item": s.label}, status=400)
        items.append(CheckItem(kind=s.kind, subject=s.label, recorder_id=s.recorder_id, ok=ok,
                               offset_seconds=offset, clock_reading=reading, note=note))
    check = ShiftCheck.objects.create(room=room, shift_start=shift.start, checked_by=actor,
                                      checked_at=now, ok=all(i.ok for i in items))
    for item in items:
        item.shift_check = check
    CheckItem.objects.bulk_create(items)
    audit_record(actor=actor, action="duty.shift_checked", target=check, data={
        "room": room.code, "shift_start": shift.start.isoformat(), "ok": check.ok,
        "failed": [{"kind": i.kind, "subject": i.subject, "note": i.note}
                   for i in items if not i.ok],
        "clocks_measured": {i.subject: i.offset_seconds for i in items
                            if i.clock_reading is not None}})
    for item in items:
        if not item.ok:
            alert_raise(actor=actor, kind="duty.check_failed", severity="warning",
                        key=f"duty.check_failed:{room.pk}:{item.kind}:{item.subject}",
                        target=room, message=_("%(room)s pre-shift check: %(kind)s of "
                                               "%(item)s failed: %(note)s (R-DUTY-5)") % {
                            "room": room, "kind": item.get_kind_display(),
                            "item": item.subject, "note": item.note})
    return check


def _clock_readings(actor, subjects, now) -> dict:
    """R-DUTY-5: each measured recorder's clock reading younger than CLOCK_FRESH, else
    one taken now (the recorders asked at once, each waiting at most its timeout)."""
    recorders = Recorder.objects.select_related("site__policy").in_bulk(
        [s.recorder_id for s in subjects])
    readings, stale = {}, []
    for pk, recorder in recorders.items():
        recent = clock_latest(recorder, since=now - CLOCK_FRESH)
        if recent is not None and recent.offset_s is not None:
            readings[pk] = recent
        else:
            stale.append(recorder)
    for reading in clocks_measure(actor=actor, equipment=stale, now=now):
        readings[reading.recorder_id] = reading
    return readings


def _nothing_found(cameras) -> str:
    return _("the playback found no recording of %(cameras)s") % {
        "cameras": ", ".join(str(c) for c in cameras)}
