"""R-INC-3, R-REC-4: an incident's footage put on hold through recording's hold service,
from the profile's minutes before it happened; released by an approver once closed."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.audit.services import audit_record
from watchroom.core.times import local_text, utc_iso
from watchroom.incidents import selectors
from watchroom.incidents.choices import EventKind
from watchroom.incidents.models import Incident
from watchroom.incidents.services.timeline import event_add, locked
from watchroom.recording.choices import HoldLink
from watchroom.recording.services.holds import hold_place, hold_release
from watchroom.rules import RuleViolation
from watchroom.service import service


def before_minutes(site) -> int:
    return site.policy.incident_hold_before_minutes


def default_footage_start(site, occurred_at):
    return occurred_at - dt.timedelta(minutes=before_minutes(site))


def hold_for(incident: Incident, actor):
    """Inside the caller's transaction: the hold on the incident's cameras over its
    footage range (to now when the range is open), and its line in the timeline."""
    cameras = selectors.hold_cameras(incident)
    if not cameras:
        return None
    start = incident.footage_start
    end = incident.footage_end or max(timezone.now(), start + dt.timedelta(minutes=1))
    reason = _("Incident #%(id)s: %(title)s") % {"id": incident.pk, "title": incident.title}
    hold = hold_place(actor=actor, cameras=cameras, start=start, end=end,
                      reason=reason[:300], link_kind=HoldLink.INCIDENT,
                      link_ref=str(incident.pk))
    incident.holds.add(hold)
    event_add(incident, EventKind.HOLD_PLACED, actor=actor, text=_(
        "%(cameras)s from %(start)s to %(end)s") % {
        "cameras": ", ".join(c.code for c in cameras), "start": local_text(start),
        "end": local_text(end)})
    return hold


@service
def incident_hold(*, actor, incident: Incident, footage_end=None):
    """Put the incident's footage on hold again (after a camera was added, or to hold
    up to a later end)."""
    incident = locked(incident)
    if refusal := selectors.incident_hold_refusal(actor, incident):
        raise refusal
    if footage_end is not None:
        if footage_end <= incident.footage_start:
            raise RuleViolation("R-INC-3", _("The footage must end after it starts."),
                                status=400, fields={"footage_end": [
                                    _("The footage must end after it starts.")]})
        incident.footage_end = footage_end
        incident.save(update_fields=["footage_end"])
    hold = hold_for(incident, actor)
    if hold is None:
        raise RuleViolation("R-INC-3", _("The incident names no camera and no area with "
                                         "cameras."), status=400)
    audit_record(actor=actor, action="incident.hold_placed", target=incident, data={
        "hold": hold.pk, "start": utc_iso(hold.start), "end": utc_iso(hold.end)})
    return hold


@service
def incident_hold_release(*, actor, incident: Incident, hold, note: str):
    incident = locked(incident)
    if not incident.holds.filter(pk=hold.pk).exists():
        raise RuleViolation("R-REC-4", _("This hold is not the incident's."), status=400)
    if refusal := selectors.incident_hold_release_refusal(actor, incident, hold):
        raise refusal
    hold = hold_release(actor=actor, hold=hold, note=note)
    event_add(incident, EventKind.HOLD_RELEASED, actor=actor, text=hold.release_note)
    audit_record(actor=actor, action="incident.hold_released", target=incident,
                 data={"hold": hold.pk, "note": hold.release_note})
    return hold
