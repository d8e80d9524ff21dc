"""The incident's timeline: one line per action, written in the action's transaction."""

from django.utils import timezone

from watchroom.incidents.choices import IncidentStatus
from watchroom.incidents.models import Incident, IncidentEvent


def event_add(incident: Incident, kind: str, *, actor=None, text: str = "", at=None,
              handover=None) -> IncidentEvent:
    user = actor if getattr(actor, "is_authenticated", False) else None
    return IncidentEvent.objects.create(incident=incident, at=at or timezone.now(),
                                        kind=kind, actor=user, text=text,
                                        handover=handover)


def locked(incident: Incident) -> Incident:
    return Incident.objects.select_for_update().get(pk=incident.pk)


def handling(incident: Incident) -> None:
    """The first action after the report: the incident is being handled."""
    if incident.status == IncidentStatus.OPEN:
        incident.status = IncidentStatus.HANDLING
        incident.save(update_fields=["status"])
