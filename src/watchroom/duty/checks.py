"""The pre-shift check (R-DUTY-5): each recorder and display of the room, a playback
check per recorder (camera group), each recorder's clock against standard time.

A playback item passes only if the checker really played back a camera of that group
during the check window; a clock off by more than the profile's tolerance fails
whatever the box says. Every failed item opens an alert for the room head."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.alerts.services import raise_alert
from watchroom.audit.models import AuditEvent, AuditPending
from watchroom.audit.services import audit_record
from watchroom.core.people import person_name
from watchroom.devices.choices import EquipmentStatus
from watchroom.devices.models import Camera, Display, Recorder
from watchroom.duty import attendance, shifts
from watchroom.duty.models import CheckItem, CheckKind, ShiftCheck
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


def _played_back(user, camera_ids, since: dt.datetime) -> bool:
    """Whether the audit trail (sealed or still waiting to be) holds such a playback."""
    viewed = (Q(actor_user_id=user.pk) & Q(action="recording.playback")
              & Q(target_type="devices.camera") & Q(target_id__in=[str(c) for c in camera_ids])
              & Q(ts__gte=since))
    return (AuditEvent.objects.filter(viewed).exists()
            or AuditPending.objects.filter(viewed).exists())


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
        if s.kind == CheckKind.PLAYBACK and ok and not _played_back(actor, s.camera_ids, window):
            raise RuleViolation("R-DUTY-5", _(
                "Play back a camera of %(group)s before you mark its playback as fine.") % {
                "group": s.label}, status=400)
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
            raise_alert(actor=actor, kind="duty.check_failed", severity="warning",
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
