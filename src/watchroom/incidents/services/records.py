"""Incidents reported (R-INC-1) directly, from a duty-log anomaly entry (the wall's
report too, its picture linked) or from an alert; each placing its hold at once
(R-INC-3). Notes, attachments and grade changes join the timeline."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.audit.services import audit_record
from watchroom.core.people import person_name
from watchroom.core.times import local_text, utc_iso
from watchroom.core.validation import full_clean
from watchroom.duty.choices import LogCategory
from watchroom.duty.selectors.staffing import on_duty
from watchroom.incidents import files, selectors
from watchroom.incidents.choices import (
    EventKind,
    IncidentCategory,
    IncidentGrade,
    IncidentSource,
)
from watchroom.incidents.models import Incident, IncidentAttachment
from watchroom.incidents.services.escalation import escalate
from watchroom.incidents.services.holds import default_footage_start, hold_for
from watchroom.incidents.services.timeline import event_add, handling, locked
from watchroom.notifications.services import notify
from watchroom.rules import RuleViolation
from watchroom.service import service

RULE = "R-INC-1"
GRADE_ORDER = list(IncidentGrade.values)


def _room_of(actor, room):
    if room is not None:
        return room
    staff = getattr(actor, "staff", None)
    own = staff.rooms.filter(active=True).order_by("code").first() if staff else None
    if own is None:
        raise RuleViolation(RULE, _("Choose the monitoring room."), status=400,
                            fields={"room": [_("Choose the monitoring room.")]})
    return own


def _make(actor, *, room, title: str, seen: str, category: str, grade: str, told: str,
          occurred_at, area, cameras, source: str, footage_start=None, footage_end=None,
          log_entry=None, alert=None) -> Incident:
    if refusal := selectors.incident_create_refusal(actor):
        raise refusal
    now = timezone.now()
    room = _room_of(actor, room)
    occurred_at = occurred_at or now
    if occurred_at > now + dt.timedelta(minutes=5):
        raise RuleViolation(RULE, _("An incident cannot happen in the future."), status=400,
                            fields={"occurred_at": [_("This time is in the future.")]})
    cameras = list(cameras or [])
    if area is None and cameras:
        area = cameras[0].area
    incident = Incident(
        site=room.site, room=room, area=area, occurred_at=occurred_at, reported_at=now,
        reported_by=actor, title=(title or "").strip()[:200], seen=(seen or "").strip(),
        category=category, grade=grade or IncidentGrade.GENERAL, told=(told or "").strip(),
        source=source, log_entry=log_entry, alert=alert,
        footage_start=footage_start or default_footage_start(room.site, occurred_at),
        footage_end=footage_end)
    full_clean(incident, RULE, exclude=["reported_by", "site", "room"])
    incident.save()
    incident.cameras.set(cameras)
    event_add(incident, EventKind.CREATED, actor=actor, at=now, text=incident.seen)
    hold = hold_for(incident, actor)  # R-INC-3: at once
    escalate(actor, incident)  # R-INC-2: the grade's chain is told at once
    _tell_on_duty(actor, incident, now)
    audit_record(actor=actor, action="incident.created", target=incident, data={
        "room": room.code, "area": area.code if area else "", "source": source,
        "cameras": sorted(c.code for c in cameras), "category": category,
        "grade": incident.grade, "occurred_at": utc_iso(occurred_at),
        "log_entry": log_entry.pk if log_entry else None,
        "alert": alert.pk if alert else None, "hold": hold.pk if hold else None})
    return incident


def _tell_on_duty(actor, incident: Incident, now) -> None:
    """R-INC-1: the others on duty in the room are told at once, to go to the scene."""
    others = get_user_model().objects.filter(
        pk__in=on_duty(incident.room, now) - {actor.pk}, is_active=True)
    if not others:
        return
    notify(others, kind="incident_reported", actor=actor, link=incident.get_absolute_url(),
           context={"title": incident.title, "seen": incident.seen,
                    "place": incident.area.name if incident.area else incident.room.name,
                    "reporter": person_name(actor), "when": local_text(incident.occurred_at),
                    "grade": IncidentGrade(incident.grade).label})


@service
def incident_create(*, actor, title: str, seen: str, category: str,
                    grade: str = IncidentGrade.GENERAL, told: str = "", occurred_at=None,
                    room=None, area=None, cameras=(), footage_start=None,
                    footage_end=None) -> Incident:
    """An incident entered directly."""
    return _make(actor, room=room, title=title, seen=seen, category=category, grade=grade,
                 told=told, occurred_at=occurred_at, area=area, cameras=cameras,
                 source=IncidentSource.DIRECT, footage_start=footage_start,
                 footage_end=footage_end)


@service
def incident_from_log_entry(*, actor, entry, category: str = IncidentCategory.SUSPICIOUS,
                            grade: str = IncidentGrade.GENERAL, title: str = "",
                            told: str = "") -> Incident:
    """A duty log's anomaly entry turned into an incident: its time, place, camera and
    words; the wall's picture linked as the incident's first attachment."""
    if entry.category != LogCategory.ANOMALY:
        raise RuleViolation(RULE, _("Only an anomaly entry is turned into an incident."))
    if hasattr(entry, "incident"):
        raise RuleViolation(RULE, _("This entry is already incident #%(id)s.") % {
            "id": entry.incident.pk})
    picture = getattr(entry, "picture", None)
    incident = _make(
        actor, room=entry.room, title=title or entry.seen.splitlines()[0][:200],
        seen=entry.seen, category=category, grade=grade,
        told=told or entry.told, occurred_at=entry.at, area=entry.area,
        cameras=[entry.camera] if entry.camera_id else [], log_entry=entry,
        source=IncidentSource.WALL_REPORT if picture else IncidentSource.LOG_ENTRY)
    if picture is not None:
        IncidentAttachment.objects.create(
            incident=incident, name=_("Picture reported from the wall"), log_picture=picture,
            sha256=picture.sha256, content_type=picture.content_type, size=picture.size,
            added_by=actor, added_at=timezone.now())
        event_add(incident, EventKind.ATTACHMENT, actor=actor,
                  text=_("Picture reported from the wall (SHA-256 %(hash)s)") % {
                      "hash": picture.sha256})
    return incident


@service
def incident_from_alert(*, actor, alert, title: str = "", seen: str = "",
                        category: str = IncidentCategory.EQUIPMENT,
                        grade: str = IncidentGrade.GENERAL, told: str = "", room=None,
                        area=None, cameras=()) -> Incident:
    if hasattr(alert, "incident"):
        raise RuleViolation(RULE, _("This alert is already incident #%(id)s.") % {
            "id": alert.incident.pk})
    return _make(actor, room=room, title=title or alert.message[:200],
                 seen=seen or alert.message, category=category, grade=grade, told=told,
                 occurred_at=alert.opened_at, area=area, cameras=cameras,
                 source=IncidentSource.ALERT, alert=alert)


@service
def incident_note(*, actor, incident: Incident, text: str) -> Incident:
    incident = locked(incident)
    if refusal := selectors.incident_note_refusal(actor, incident):
        raise refusal
    if not (text or "").strip():
        raise RuleViolation(RULE, _("Write the note."), status=400,
                            fields={"text": [_("Write the note.")]})
    event_add(incident, EventKind.NOTE, actor=actor, text=text.strip())
    handling(incident)
    audit_record(actor=actor, action="incident.noted", target=incident,
                 data={"text": text.strip()})
    return incident


@service
def incident_attach(*, actor, incident: Incident, name: str, data: bytes
                    ) -> IncidentAttachment:
    incident = locked(incident)
    if refusal := selectors.incident_attach_refusal(actor, incident):
        raise refusal
    upload = files.upload_check(name, data)
    attachment = IncidentAttachment.objects.create(
        incident=incident, name=(name or upload.sha256)[:200],
        relpath=files.upload_store(upload), sha256=upload.sha256,
        content_type=upload.content_type, size=len(upload.data), added_by=actor,
        added_at=timezone.now())
    event_add(incident, EventKind.ATTACHMENT, actor=actor,
              text=f"{attachment.name} (SHA-256 {upload.sha256})")
    handling(incident)
    audit_record(actor=actor, action="incident.attached", target=incident, data={
        "name": attachment.name, "sha256": upload.sha256, "type": upload.content_type,
        "size": attachment.size})
    return attachment


@service
def incident_grade(*, actor, incident: Incident, grade: str, reason: str = "") -> Incident:
    incident = locked(incident)
    if refusal := selectors.incident_grade_refusal(actor, incident):
        raise refusal
    if grade not in IncidentGrade.values:
        raise RuleViolation("R-INC-2", _("Choose a grade."), status=400,
                            fields={"grade": [_("Choose a grade.")]})
    before = incident.grade
    if grade == before:
        return incident
    incident.grade = grade
    incident.save(update_fields=["grade"])
    text = _("%(before)s → %(after)s") % {"before": IncidentGrade(before).label,
                                          "after": IncidentGrade(grade).label}
    event_add(incident, EventKind.GRADED, actor=actor,
              text=" ".join(filter(None, [text, (reason or "").strip()])))
    handling(incident)
    audit_record(actor=actor, action="incident.graded", target=incident,
                 data={"before": before, "after": grade, "reason": (reason or "").strip()})
    if GRADE_ORDER.index(grade) > GRADE_ORDER.index(before):
        escalate(actor, incident)  # R-INC-2: a higher grade tells its own chain
    return incident
