"""Every write of notifications: telling people (`notify`, the inbox's reading state)
and escalation chains (R-INC-2), re-exported here."""

from watchroom.notifications.services.escalations import (
    Level,
    escalation_acknowledge,
    escalation_acknowledge_link,
    escalation_climb,
    escalation_start,
    escalation_stop,
    escalation_tick,
)
from watchroom.notifications.services.notify import inbox_mark_read, message_text, notify, send_soon

__all__ = ["Level", "escalation_acknowledge", "escalation_acknowledge_link",
           "escalation_climb", "escalation_start", "escalation_stop", "escalation_tick",
           "inbox_mark_read", "message_text", "notify", "send_soon"]
