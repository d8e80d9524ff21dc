"""The incidents' services, one module per concern."""

from watchroom.incidents.services.closing import incident_close, incident_review
from watchroom.incidents.services.holds import incident_hold, incident_hold_release
from watchroom.incidents.services.records import (
    incident_attach,
    incident_create,
    incident_from_alert,
    incident_from_log_entry,
    incident_grade,
    incident_note,
)

__all__ = [
    "incident_attach", "incident_close", "incident_create", "incident_from_alert",
    "incident_from_log_entry", "incident_grade", "incident_hold", "incident_hold_release",
    "incident_note", "incident_review",
]
