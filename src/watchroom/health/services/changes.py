"""Camera changes (R-EQUIP-4): a camera's angle, position, picture or system settings are
not changed, nor software installed or removed, without approval; every change is
recorded: requested, decided by the room head, done by the technician with what was
changed, and closed by the new reference picture (`reference_approve`)."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.alerts.services import alert_close
from watchroom.audit.services import audit_record
from watchroom.core.times import utc_iso
from watchroom.core.validation import full_clean
from watchroom.devices.models import Camera
from watchroom.health import notices, suppression
from watchroom.health.choices import ChangeStatus
from watchroom.health.models import CameraChange
from watchroom.health.selectors import changes as selectors
from watchroom.rules import RuleViolation
from watchroom.service import service


@service
def change_request(*, actor, camera: Camera, kind: str, description: str, reason: str,
                   planned_start: dt.datetime, planned_end: dt.datetime,
                   now: dt.datetime | None = None) -> CameraChange:
    now = now or timezone.now()
    if refusal := selectors.change_request_refusal(actor, camera):
        raise refusal
    change = CameraChange(camera=camera, kind=kind, description=(description or "").strip(),
                          reason=(reason or "").strip(), planned_start=planned_start,
                          planned_end=planned_end, requested_by=actor, requested_at=now)
    extra = None
    if planned_end and planned_end <= now:
        extra = {"planned_end": [_("The end must be in the future.")]}
    elif planned_start and planned_end and (
            planned_end - planned_start > dt.timedelta(days=selectors.MAX_DAYS)):
        extra = {"planned_end": [_(
            "A change is planned for at most %(days)s days; request again for longer "
            "work.") % {"days": selectors.MAX_DAYS}]}
    full_clean(change, "R-EQUIP-4", extra=extra)
    change.save()
    audit_record(actor=actor, action="health.change_requested", target=change, data={
        "camera": camera.code, "kind": kind, "description": change.description,
        "reason": change.reason, "planned_start": utc_iso(planned_start),
        "planned_end": utc_iso(planned_end)})
    notices.change_awaiting(change, actor)
    return change


@service
def change_decide(*, actor, change: CameraChange, approve: bool, note: str = "",
                  now: dt.datetime | None = None) -> CameraChange:
    now = now or timezone.now()
    change = CameraChange.objects.select_for_update().select_related("camera").get(
        pk=change.pk)
    if refusal := selectors.change_decide_refusal(actor, change):
        raise refusal
    note = (note or "").strip()
    if not approve and not note:
        raise RuleViolation("R-EQUIP-4", _("Say why the change is refused."), status=400,
                            fields={"note": [_("Say why.")]})
    change.status = ChangeStatus.APPROVED if approve else ChangeStatus.REFUSED
    change.decided_by, change.decided_at, change.decision_note = actor, now, note
    change.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit_record(actor=actor, action="health.change_decided", target=change, data={
        "camera": change.camera.code, "approved": approve, "note": note})
    if approve and (reason := suppression.suppressed(change.camera_id, "moved", now)):
        # In its window from now: the changed scene's open alert closes, naming it.
        alert_close(actor=actor, key=f"health:moved:camera:{change.camera_id}", note=reason)
    return change


@service
def change_done(*, actor, change: CameraChange, note: str,
                now: dt.datetime | None = None) -> CameraChange:
    """The technician records the approved change as done, saying what was changed; the
    camera's next healthy picture is then proposed as its new reference."""
    now = now or timezone.now()
    change = CameraChange.objects.select_for_update().select_related("camera").get(
        pk=change.pk)
    if refusal := selectors.change_done_refusal(actor, change):
        raise refusal
    note = (note or "").strip()
    if not note:
        raise RuleViolation("R-EQUIP-4", _("Say what was changed."), status=400,
                            fields={"note": [_("Say what was changed.")]})
    change.status = ChangeStatus.DONE
    change.done_by, change.done_at, change.done_note = actor, now, note
    change.save(update_fields=["status", "done_by", "done_at", "done_note"])
    audit_record(actor=actor, action="health.change_done", target=change, data={
        "camera": change.camera.code, "note": note})
    notices.reference_awaiting(change, actor)
    return change
