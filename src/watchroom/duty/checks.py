"""The pre-shift check (R-DUTY-5): each recorder and display of the room, a playback
check per recorder (camera group), each recorder's clock against standard time.

A playback item passes only if the checker really played back a camera of that group
during the check window; a playback that found no recording, and a clock off by more
than the profile's tolerance, fail whatever the box says. Every failed item opens an
alert for the room head."""

import datetime as dt
import json
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.alerts.services import alert_raise
from watchroom.audit.models import AuditEvent, AuditPending
from watchroom.audit.services import audit_record
from watchroom.core.people import person_name
from watchroom.devices.choices import EquipmentStatus, RecorderKind
from watchroom.devices.models import Camera, Display, Recorder
from watchroom.duty import attendance, shifts
from watchroom.duty.models import CheckItem, CheckKind, ShiftCheck
from watchroom.recording.choices import SegmentState
from watchroom.recording.models import Segment
from watchroom.rules import RuleViolation
from watchroom.service import service

WATCHROOM = "watchroom"  # cameras Watchroom records itself form one playback group


@dataclass(frozen=True)
class Subject:
    key: str  # "<kind>:<recorder pk | display pk | watchroom>"
    kind: str
    label: str
    recorder_id: int | None = None
    camera_ids: tuple[int, ...] = ()

    @property
    def kind_label(self) -> str:
        return str(CheckKind(self.kind).label)


def check_shift(room, now: dt.datetime | None = None) -> shifts.RoomShift:
    """The shift a check made now is for: the one the arriving operator takes over."""
    now = now or timezone.now()
    lead = dt.timedelta(minutes=room.site.policy.handover_early_minutes)
    return shifts.shift_at(room, now + lead)


def checklist(room) -> list[Subject]:
    recorders = list(Recorder.objects.filter(site=room.site).exclude(
        status=EquipmentStatus.RETIRED).order_by("code"))
    cameras = Camera.objects.filter(area__site=room.site, enabled=True)
    groups: dict[int | None, list[int]] = {}
    for camera_id, recorder_id in cameras.values_list("pk", "recorder_id"):
        groups.setdefault(recorder_id, []).append(camera_id)
    items = [Subject(f"equipment:r{r.pk}", CheckKind.EQUIPMENT, str(r), r.pk) for r in recorders]
    items += [Subject(f"equipment:d{d.pk}", CheckKind.EQUIPMENT, str(d)) for d in
              Display.objects.filter(room=room).exclude(
        status=EquipmentStatus.RETIRED).order_by("code")]
    items += [Subject(f"playback:r{r.pk}", CheckKind.PLAYBACK, str(r), r.pk,
                      tuple(groups[r.pk])) for r in recorders if groups.get(r.pk)]
    if groups.get(None):
        items.append(Subject(f"playback:{WATCHROOM}", CheckKind.PLAYBACK,
                             _("Cameras recorded by Watchroom"), None, tuple(groups[None])))
    items += [Subject(f"clock:r{r.pk}", CheckKind.CLOCK, str(r), r.pk) for r in recorders]
    return items


def _playbacks(user, camera_ids, since: dt.datetime) -> dict[int, bool]:
    """The cameras of `camera_ids` the user played back since then, each with whether
    any of those playbacks found footage, from the audit trail (sealed or still waiting
    to be)."""
    viewed = (Q(actor_user_id=user.pk) & Q(action="recording.playback")
              & Q(target_type="devices.camera") & Q(target_id__in=[str(c) for c in camera_ids])
              & Q(ts__gte=since))
    found: dict[int, bool] = {}
    for model in (AuditEvent, AuditPending):
        for target, data in model.objects.filter(viewed).values_list("target_id", "data"):
            segments = json.loads(data or "{}").get("segments") or []
            found[int(target)] = found.get(int(target), False) or bool(segments)
    return found


def on_outside_recorder(subject: Subject) -> bool:
    """A playback group recorded by an NVR/DVR, not by Watchroom: Watchroom holds none
    of its footage, so its playback is checked on that recorder and taken on the
    operator's word."""
    return subject.kind == CheckKind.PLAYBACK and subject.recorder_id is not None and (
        Recorder.objects.filter(pk=subject.recorder_id)
        .exclude(kind=RecorderKind.WATCHROOM).exists())


def without_footage(subject: Subject, now: dt.datetime | None = None) -> list[Camera]:
    """The cameras of a playback group with no recording in the playback-check window
    (the last minutes a playback check shows): a playback of them finds nothing. Empty
    for a group on an outside recorder, whose footage Watchroom never holds."""
    now = now or timezone.now()
    if on_outside_recorder(subject):
        return []
    cameras = list(Camera.objects.filter(pk__in=subject.camera_ids)
                   .select_related("area__site__policy").order_by("code"))
    if not cameras:
        return []
    since = now - dt.timedelta(minutes=cameras[0].area.site.policy.playback_check_minutes)
    recorded = set(Segment.objects.filter(
        camera__in=cameras, state=SegmentState.SEALED, start__lt=now, end__gt=since,
    ).values_list("camera_id", flat=True))
    return [c for c in cameras if c.pk not in recorded]


def _nothing_found(cameras) -> str:
    return _("the playback found no recording of %(cameras)s") % {
        "cameras": ", ".join(str(c) for c in cameras)}


@service
def submit_check(*, actor, room, results: dict[str, dict]) -> ShiftCheck:
    """`results` maps each checklist key to {"ok": bool, "offset": seconds, "note": str}."""
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
                               "when": timezone.localtime(done.checked_at).strftime("%H:%M")})
    subjects = checklist(room)
    missing = [s.label for s in subjects if s.key not in results
               or results[s.key].get("ok") is None
               or (s.kind == CheckKind.CLOCK and results[s.key].get("offset") is None)]
    if missing:
        raise RuleViolation("R-DUTY-5", _("Not checked yet: %(items)s.") % {
            "items": "; ".join(missing)}, status=400)
    tolerance = room.site.policy.clock_tolerance_seconds
    window = shift.start - dt.timedelta(hours=2)
    items = []
    for s in subjects:
        given = results[s.key]
        ok, note = bool(given["ok"]), str(given.get("note") or "").strip()[:300]
        offset = int(given["offset"]) if s.kind == CheckKind.CLOCK else None
        if on_outside_recorder(s):
            if ok:
                there = _("played back on %(recorder)s itself") % {"recorder": s.label}
                note = f"{there}; {note}" if note else there
        elif s.kind == CheckKind.PLAYBACK and len(without_footage(s, now)) == len(s.camera_ids):
            ok = False  # any playback of the group finds nothing: the page offers no "fine"
            reason = _nothing_found(without_footage(s, now))
            note = f"{reason}; {note}" if note else reason
        elif s.kind == CheckKind.PLAYBACK:
            played = _playbacks(actor, s.camera_ids, window)
            if ok and not played:
                raise RuleViolation("R-DUTY-5", _(
                    "Play back a camera of %(group)s before you mark its playback as fine.")
                    % {"group": s.label}, status=400)
            empty = [pk for pk, found in played.items() if not found]
            if empty:  # a playback that found no recording is never fine
                ok = False
                reason = _nothing_found(Camera.objects.filter(pk__in=empty).order_by("code"))
                note = f"{reason}; {note}" if note else reason
        if offset is not None and abs(offset) > tolerance:
            ok = False
            note = note or _("clock off by %(offset)s s, more than %(tolerance)s s") % {
                "offset": offset, "tolerance": tolerance}
        if not ok and not note:
            raise RuleViolation("R-DUTY-5", _("Say what is wrong with %(item)s.") % {
                "item": s.label}, status=400)
        items.append(CheckItem(kind=s.kind, subject=s.label, recorder_id=s.recorder_id, ok=ok,
                               offset_seconds=offset, note=note))
    check = ShiftCheck.objects.create(room=room, shift_start=shift.start, checked_by=actor,
                                      checked_at=now, ok=all(i.ok for i in items))
    for item in items:
        item.shift_check = check
    CheckItem.objects.bulk_create(items)
    audit_record(actor=actor, action="duty.shift_checked", target=check, data={
        "room": room.code, "shift_start": shift.start.isoformat(), "ok": check.ok,
        "failed": [{"kind": i.kind, "subject": i.subject, "note": i.note}
                   for i in items if not i.ok]})
    for item in items:
        if not item.ok:
            alert_raise(actor=actor, kind="duty.check_failed", severity="warning",
                        key=f"duty.check_failed:{room.pk}:{item.kind}:{item.subject}",
                        target=room, message=_("%(room)s pre-shift check: %(kind)s of "
                                               "%(item)s failed: %(note)s (R-DUTY-5)") % {
                            "room": room, "kind": item.get_kind_display(),
                            "item": item.subject, "note": item.note})
    return check


def unchecked(room, since: dt.datetime, until: dt.datetime) -> list[shifts.RoomShift]:
    """Shifts that started in [since, until) with no pre-shift check."""
    done = set(ShiftCheck.objects.filter(room=room, shift_start__gte=since,
                                         shift_start__lt=until)
               .values_list("shift_start", flat=True))
    return [s for s in shifts.shifts_between(room, since, until) if s.start not in done]
