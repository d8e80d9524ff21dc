"""What incidents lend lower apps (registered in IncidentsConfig.ready())."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from watchroom.duty.choices import LogCategory
from watchroom.incidents import selectors


def handover_section(room, now) -> dict:
    """R-HAND-4: the handover form lists the room's open incidents (both shifts)."""
    return {"template": "incidents/partials/handover_incidents.html",
            "incidents": list(selectors.open_incidents(room))}


def handover_decided(handover) -> None:
    from watchroom.incidents.services.handover import handover_spanned

    handover_spanned(handover)


def entry_links(user, entry) -> list[dict]:
    """On a duty-log anomaly entry: its incident, or turning it into one."""
    if entry.category != LogCategory.ANOMALY:
        return []
    incident = getattr(entry, "incident", None)
    if incident is not None:
        return [{"url": incident.get_absolute_url(),
                 "label": _("Incident #%(id)s") % {"id": incident.pk}}]
    if selectors.incident_create_refusal(user) is None:
        return [{"url": reverse("incidents:from_entry", args=[entry.pk]),
                 "label": _("Turn into an incident")}]
    return []


def alert_links(user, alert) -> list[dict]:
    incident = getattr(alert, "incident", None)
    if incident is not None:
        return [{"url": incident.get_absolute_url(),
                 "label": _("Incident #%(id)s") % {"id": incident.pk}}]
    if selectors.incident_create_refusal(user) is None:
        return [{"url": reverse("incidents:from_alert", args=[alert.pk]),
                 "label": _("Turn into an incident")}]
    return []


def home_figures() -> list[tuple]:
    from watchroom.incidents.choices import IncidentStatus
    from watchroom.incidents.models import Incident

    return [(selectors.VIEW, _("Open incidents"),
             Incident.objects.exclude(status=IncidentStatus.CLOSED), "incidents:list")]
