"""Duty's writes: each public function is a `@service` running in one transaction with
its audit event, named `<entity>_<action>`. One module per concern; import from here."""

from watchroom.duty.services.absences import (
    absence_confirm,
    absence_decide,
    absence_end,
    absence_request,
)
from watchroom.duty.services.attendance import (
    attendance_check,
    attendance_clock_off,
    attendance_clock_on,
)
from watchroom.duty.services.calendar_links import (
    calendar_link_create,
    calendar_link_mark_used,
    calendar_link_revoke,
)
from watchroom.duty.services.checks import check_submit
from watchroom.duty.services.handover import handover_accept, handover_refuse, handover_sign
from watchroom.duty.services.inventory import inventory_item_set
from watchroom.duty.services.log import (
    log_entries_lock,
    log_entry_change,
    log_entry_correct,
    log_entry_write,
)
from watchroom.duty.services.roster import (
    duty_add,
    duty_remove,
    roster_generate,
    roster_publish,
    roster_reopen,
)
from watchroom.duty.services.staffing import staffing_check

__all__ = [
    "absence_confirm", "absence_decide", "absence_end", "absence_request",
    "attendance_check", "attendance_clock_off", "attendance_clock_on",
    "calendar_link_create", "calendar_link_mark_used", "calendar_link_revoke",
    "check_submit",
    "duty_add", "duty_remove",
    "handover_accept", "handover_refuse", "handover_sign",
    "inventory_item_set",
    "log_entries_lock", "log_entry_change", "log_entry_correct", "log_entry_write",
    "roster_generate", "roster_publish", "roster_reopen",
    "staffing_check",
]
