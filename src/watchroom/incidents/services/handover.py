"""R-HAND-4: an incident open when a handover is decided belongs to both shifts: the
handover is linked to it and its timeline names both."""

from django.utils.translation import gettext as _

from watchroom.audit.services import audit_record
from watchroom.core.people import person_name
from watchroom.incidents import selectors
from watchroom.incidents.choices import EventKind
from watchroom.incidents.services.timeline import event_add


def handover_spanned(handover) -> int:
    """Inside handover_accept's or handover_refuse's transaction (duty lends the call)."""
    actor = handover.incoming_signer
    count = 0
    for incident in selectors.open_incidents(handover.room).filter(
            reported_at__lte=handover.decided_at):
        incident.handovers.add(handover)
        event_add(incident, EventKind.HANDOVER, actor=actor, at=handover.decided_at,
                  handover=handover, text=_(
                      "Handed over by %(outgoing)s to %(incoming)s (%(status)s): both "
                      "shifts handle it.") % {
                      "outgoing": person_name(handover.outgoing_signer),
                      "incoming": person_name(actor),
                      "status": handover.get_status_display()})
        audit_record(actor=actor, action="incident.handover_spanned", target=incident,
                     data={"handover": handover.pk, "status": handover.status})
        count += 1
    return count
