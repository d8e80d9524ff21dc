"""The duty log (R-DUTY-4): quick entries, changes until the shift is handed over, and
corrections as new entries that point at the old one.

Who may do what with an entry is asked of `may_change` and `may_correct`, by the
services and by the pages that show the buttons:
- its author changes it until the handover; each change is audited with the entry
  before and after, and the entry shows when it was last changed;
- anyone who writes in the log and may not change it (it is locked, or it is someone
  else's) corrects it: a new entry at the same time, pointing at the old one;
- an entry whose time is already handed over (back-dated, or a correction of a locked
  entry) is born locked.
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.audit.services import audit_record
from watchroom.core.times import local_text
from watchroom.duty.choices import LogCategory
from watchroom.duty.models import LogEntry, LogPicture
from watchroom.duty.pictures import picture_check, picture_store
from watchroom.duty.selectors.log import FIELDS, WRITE, handed_over_until, may_correct
from watchroom.recording.access import camera_scope_refusal
from watchroom.rules import RuleViolation
from watchroom.service import service

SECONDS = "%Y-%m-%d %H:%M:%S"


def _check(actor, *, seen: str, category: str, at) -> None:
    if not actor.has_perm(WRITE):
        raise RuleViolation("R-DUTY-4", _("You may not write in the duty log."), status=403)
    if not (seen or "").strip():
        raise RuleViolation("R-DUTY-4", _("Say what was seen."), status=400)
    if category not in LogCategory.values:
        raise RuleViolation("R-DUTY-4", _("Choose a category."), status=400)
    if at is not None and at > timezone.now() + dt.timedelta(minutes=5):
        raise RuleViolation("R-DUTY-4", _("An entry cannot be in the future."), status=400)


def _data(entry: LogEntry, picture: LogPicture | None = None) -> dict:
    data = {"room": entry.room.code, "at": entry.at.isoformat(), "category": entry.category,
            "camera": entry.camera.code if entry.camera else "",
            "area": entry.area.code if entry.area else "", "seen": entry.seen,
            "done": entry.done, "told": entry.told,
            "corrects": entry.corrects_id}
    if picture is not None:
        data["picture"] = {"sha256": picture.sha256, "size": picture.size,
                           "type": picture.content_type}
    return data


@service
def log_entry_write(*, actor, room, seen: str, category: str = LogCategory.ROUTINE, at=None,
                camera=None, area=None, done: str = "", told: str = "",
                corrects: LogEntry | None = None, picture: bytes | None = None) -> LogEntry:
    """`picture`: what the camera showed (the wall's report, R-INC-1), a JPEG or PNG kept
    with the entry; its hash is in the entry's audit event."""
    _check(actor, seen=seen, category=category, at=at)
    checked = None
    if picture is not None:
        if camera is None:
            raise RuleViolation("R-INC-1", _("A picture is attached to an entry about a "
                                             "camera."), status=400)
        refusal = camera_scope_refusal(actor, camera)  # R-FOOT-6
        if refusal is not None:
            raise refusal
        checked = picture_check(picture)
    if corrects is not None:
        corrects = LogEntry.objects.get(pk=corrects.pk)  # as stored: locked or not
        if corrects.room_id != room.pk:
            raise RuleViolation("R-DUTY-4", _("A correction is written in the log of the "
                                              "entry it corrects."), status=400)
        if not may_correct(actor, corrects):
            raise RuleViolation("R-DUTY-4", _("This entry is yours and not yet handed over: "
                                              "change it instead of correcting it."))
    if camera is not None and area is None:
        area = camera.area
    now = timezone.now()
    at = at or now
    until = handed_over_until(room)
    entry = LogEntry.objects.create(
        room=room, at=at, camera=camera, area=area, category=category,
        seen=seen.strip(), done=done.strip(), told=told.strip(), author=actor,
        created_at=now, corrects=corrects,
        # a time already handed over, or a correction of a locked entry, is locked from
        # the start (R-DUTY-4)
        locked_at=now if (until is not None and at <= until)
        or (corrects is not None and corrects.locked_at is not None) else None)
    stored = None
    if checked is not None:
        stored = LogPicture.objects.create(
            entry=entry, relpath=picture_store(checked), sha256=checked.sha256,
            content_type=checked.content_type, size=len(checked.data), width=checked.width,
            height=checked.height)
    audit_record(actor=actor, action="duty.log_written", target=entry,
                 data=_data(entry, stored))
    return entry


@service
def log_entry_change(*, actor, entry: LogEntry, **changes) -> LogEntry:
    """Only its author changes an entry, and only until the shift is handed over."""
    entry = LogEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.locked_at is not None:
        raise RuleViolation("R-DUTY-4", _(
            "This entry was locked at the handover of %(when)s; write a correction "
            "instead.") % {"when": local_text(entry.locked_at)})
    if entry.author_id != actor.pk:
        raise RuleViolation("R-DUTY-4", _("Only the author changes an entry; write a "
                                          "correction instead."), status=403)
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValueError(f"not a log field: {sorted(unknown)}")
    merged = {f: changes.get(f, getattr(entry, f)) for f in FIELDS}
    _check(actor, seen=merged["seen"], category=merged["category"], at=merged["at"])
    until = handed_over_until(entry.room)
    if until is not None and merged["at"] <= until:
        raise RuleViolation("R-DUTY-4", _(
            "%(when)s is already handed over; an entry cannot be moved before the handover "
            "of %(until)s.") % {"when": local_text(merged["at"], SECONDS),
                                 "until": local_text(until, SECONDS)})
    if merged["camera"] is not None and merged["camera"] != entry.camera:
        merged["area"] = merged["camera"].area
    before = _data(entry)
    for name, value in merged.items():
        setattr(entry, name, value.strip() if isinstance(value, str) else value)
    entry.changed_at = timezone.now()
    entry.save()
    audit_record(actor=actor, action="duty.log_changed", target=entry,
                 data={"before": before, "after": _data(entry)})
    return entry


@service
def log_entry_correct(*, actor, entry: LogEntry, seen: str, done: str = "", told: str = "",
                  category: str | None = None) -> LogEntry:
    """A new entry pointing at the old one; the old one stays as it was."""
    return log_entry_write(actor=actor, room=entry.room, seen=seen, done=done, told=told,
                       category=category or entry.category, at=entry.at, camera=entry.camera,
                       area=entry.area, corrects=entry)


@service
def log_entries_lock(*, actor, room, until) -> int:
    """At a handover: every entry of the room up to `until` becomes unchangeable."""
    now = timezone.now()
    count = LogEntry.objects.filter(room=room, at__lte=until, locked_at__isnull=True).update(
        locked_at=now)
    audit_record(actor=actor, action="duty.log_locked", target=room,
                 data={"until": until.isoformat(), "entries": count})
    return count


