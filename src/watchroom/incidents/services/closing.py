"""R-INC-4: an incident is closed with its disposal record; a major or especially major
one only once the security chief has signed its review (cause, lessons, measures) with
their own password. The review comes first: it can be signed while the incident is
handled, and the room head closes after it (docs/decisions.md)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.audit.services import audit_record
from watchroom.duty.services import signatures
from watchroom.incidents import selectors
from watchroom.incidents.choices import EventKind, IncidentStatus
from watchroom.incidents.models import Incident
from watchroom.incidents.services.escalation import escalation_end
from watchroom.incidents.services.timeline import event_add, locked
from watchroom.rules import RuleViolation
from watchroom.service import service

RULE = "R-INC-4"


def _required(fields: dict) -> None:
    missing = {name: [_("This is required.")] for name, value in fields.items()
               if not (value or "").strip()}
    if missing:
        raise RuleViolation(RULE, _("Fill in every part of the record."), status=400,
                            fields=missing)


@service
def incident_close(*, actor, incident: Incident, disposal: str, result: str) -> Incident:
    incident = locked(incident)
    if refusal := selectors.incident_close_refusal(actor, incident):
        raise refusal
    _required({"disposal": disposal, "result": result})
    now = timezone.now()
    incident.disposal, incident.result = disposal.strip(), result.strip()
    incident.status, incident.closed_by, incident.closed_at = IncidentStatus.CLOSED, actor, now
    incident.save(update_fields=["disposal", "result", "status", "closed_by", "closed_at"])
    event_add(incident, EventKind.CLOSED, actor=actor, at=now,
              text=_("Done: %(disposal)s Result: %(result)s") % {
                  "disposal": incident.disposal, "result": incident.result})
    audit_record(actor=actor, action="incident.closed", target=incident, data={
        "disposal": incident.disposal, "result": incident.result})
    escalation_end(actor, incident)
    return incident


@service
def incident_review(*, actor, incident: Incident, cause: str, lessons: str, measures: str,
                    password: str = "", code: str = "") -> Incident:
    """The security chief signs the review with their own password (or code)."""
    signatures.verify(actor, password=password, code=code, rule=RULE)
    incident = locked(incident)
    if refusal := selectors.incident_review_refusal(actor, incident):
        raise refusal
    _required({"cause": cause, "lessons": lessons, "measures": measures})
    now = timezone.now()
    incident.review_cause, incident.review_lessons = cause.strip(), lessons.strip()
    incident.review_measures = measures.strip()
    incident.reviewed_by, incident.reviewed_at = actor, now
    incident.save(update_fields=["review_cause", "review_lessons", "review_measures",
                                 "reviewed_by", "reviewed_at"])
    event_add(incident, EventKind.REVIEWED, actor=actor, at=now,
              text=_("Cause: %(cause)s Lessons: %(lessons)s Measures: %(measures)s") % {
                  "cause": incident.review_cause, "lessons": incident.review_lessons,
                  "measures": incident.review_measures})
    audit_record(actor=actor, action="incident.reviewed", target=incident, data={
        "cause": incident.review_cause, "lessons": incident.review_lessons,
        "measures": incident.review_measures})
    return incident
