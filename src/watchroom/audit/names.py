"""What each audit action is called where people read it, and the categories the
audit trail is filtered by. Every action code the code records has a name here
(tests/audit/test_action_and_alert_names.py walks the source to make sure); an
unknown code (an old one, say) is shown as it is."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACTION_NAMES = {
    # signing in and accounts
    "auth.login": _("Signed in"),
    "auth.logout": _("Signed out"),
    "auth.login_failed": _("Sign-in failed"),
    "twofactor.enrol_started": _("Authenticator set-up started"),
    "twofactor.enrolled": _("Authenticator set up"),
    "api_token.issued": _("API token issued"),
    "api_token.revoked": _("API token revoked"),
    "password.changed": _("Password changed"),
    "password.reset_forced": _("New password required"),
    "password.temporary_set": _("Temporary password set"),
    "account.unlocked": _("Sign-in unlocked"),
    # people, places and policies
    "staff.created": _("Staff member added"),
    "staff.updated": _("Staff member changed"),
    "staff.roles_changed": _("Roles changed"),
    "staff.roles_installed": _("Roles given at installation"),
    "staff.rooms_changed": _("Monitoring rooms changed"),
    "staff.deactivated": _("Staff member deactivated"),
    "staff.reactivated": _("Staff member reactivated"),
    "site.created": _("Site added"),
    "site.updated": _("Site changed"),
    "site.deactivated": _("Site deactivated"),
    "site.reactivated": _("Site reactivated"),
    "department.created": _("Department added"),
    "department.updated": _("Department changed"),
    "department.deactivated": _("Department deactivated"),
    "department.reactivated": _("Department reactivated"),
    "area.created": _("Area added"),
    "area.updated": _("Area changed"),
    "area.deactivated": _("Area deactivated"),
    "area.reactivated": _("Area reactivated"),
    "area.scope_added": _("Added to an area's knowledge scope"),
    "area.scope_removed": _("Removed from an area's knowledge scope"),
    "room.created": _("Monitoring room added"),
    "room.updated": _("Monitoring room changed"),
    "room.deactivated": _("Monitoring room deactivated"),
    "room.reactivated": _("Monitoring room reactivated"),
    "room.wall_sound_set": _("Wall alert sound turned off or on"),
    "policy.created": _("Policy profile added"),
    "policy.updated": _("Policy profile changed"),
    "change.proposed": _("Change proposed to a leader"),
    "change.confirmed": _("Change confirmed by a leader"),
    "change.rejected": _("Change rejected by a leader"),
    # equipment
    "camera.created": _("Camera added"),
    "camera.updated": _("Camera changed"),
    "camera.imported": _("Cameras imported"),
    "camera.placed": _("Camera placed on a floor plan"),
    "camera.unplaced": _("Camera taken off a floor plan"),
    "floor_plan.uploaded": _("Floor plan uploaded"),
    "recorder.created": _("Recorder added"),
    "recorder.updated": _("Recorder changed"),
    "storage.created": _("Storage added"),
    "storage.updated": _("Storage changed"),
    "display.created": _("Display added"),
    "display.updated": _("Display changed"),
    "health.checked": _("Camera health checked"),
    "health.probe_requested": _("Camera health check asked for"),
    "network_device.created": _("Network device added"),
    "network_device.updated": _("Network device changed"),
    "power_supply.created": _("Power supply added"),
    "power_supply.updated": _("Power supply changed"),
    "equipment.imported": _("Equipment imported"),
    "equipment_manual.uploaded": _("Equipment manual attached"),
    "equipment_manual.downloaded": _("Equipment manual read"),
    "care.reconciliation_signed": _("End-of-day reconciliation signed"),
    "care.replacement_drafted": _("Replacement plan drafted"),
    "care.replacement_agreed": _("Replacement plan agreed by a department"),
    "care.replacement_approved": _("Replacement plan approved"),
    "care.replacement_item_done": _("Equipment replaced"),
    "care.replacement_done": _("Replacement plan done"),
    # recordings
    "recording.segment_sealed": _("Recording sealed"),
    "recording.segment_refused": _("Recording refused"),
    "recording.unfinished_file": _("Unfinished recording salvaged"),
    "recording.gap_opened": _("Recording gap began"),
    "recording.gap_closed": _("Recording gap ended"),
    "recording.source_failed": _("Camera stopped sending"),
    "recording.source_recovered": _("Camera sending again"),
    "recording.address_refused": _("Camera address refused"),
    "recording.hold_placed": _("Footage put on hold"),
    "recording.hold_released": _("Hold released"),
    "recording.retention_extension_requested": _("Longer retention requested"),
    "recording.retention_extension_decided": _("Longer retention decided"),
    # camera blocks, changes and reference pictures (R-EQUIP-4, R-EQUIP-5)
    "health.reference_approved": _("Reference picture approved"),
    "health.block_applied": _("Camera block applied for"),
    "health.block_decided": _("Camera block decided"),
    "health.block_ended": _("Camera block ended"),
    "health.block_expired": _("Camera block ended at its end time"),
    "health.change_requested": _("Camera change requested"),
    "health.change_decided": _("Camera change decided"),
    "health.change_done": _("Camera change done"),
    "recording.expired_deleted": _("Expired recordings deleted"),
    "recording.integrity_changed": _("Recording changed on disk"),
    "recording.integrity_missing": _("Recording missing from disk"),
    "recording.integrity_altered": _("Recording altered"),
    "recording.integrity_deleted": _("Recording deleted outside the sweep"),
    "recording.integrity_unrecorded": _("Recording never logged"),
    "recording.integrity_unknown_file": _("Unknown file among the recordings"),
    "recording.disk_full": _("Recordings storage full"),
    "recording.disk_space_restored": _("Recordings storage has room again"),
    "recording.storage_short": _("Recordings storage running short"),
    "recording.backed_up": _("Recordings backed up"),
    "recording.backup_checked": _("Backup checked"),
    "recording.backup_sampled": _("Backup sample checked"),
    "recording.playback": _("Playback check opened"),
    "recording.footage_fetch_started": _("Footage fetch started"),
    "recording.footage_fetched": _("Footage fetched"),
    "live.watched": _("Camera watched live"),
    "live.refused": _("Live stream refused"),
    # footage requests
    "footage.request_filed": _("Footage request filed"),
    "footage.scope_changed": _("Footage request's scope changed"),
    "footage.request_approved": _("Footage request approved (one step)"),
    "footage.request_rejected": _("Footage request rejected"),
    "footage.viewed": _("Footage viewed"),
    "footage.attachment_opened": _("Request document opened"),
    "footage.export_started": _("Footage export started"),
    "footage.export_attempt_started": _("Footage export attempt started"),
    "footage.export_attempt_failed": _("Footage export attempt failed"),
    "footage.export_built": _("Footage export built"),
    "footage.export_failed": _("Footage export failed"),
    "footage.export_downloaded": _("Footage export downloaded"),
    "footage.handed_over": _("Footage handed over"),
    # duty
    "duty.clocked_on": _("Clocked on"),
    "duty.clocked_off": _("Clocked off"),
    "duty.absence_recorded": _("Absence recorded"),
    "duty.absence_requested": _("Leave of the post requested"),
    "duty.absence_confirmed": _("Leave of the post confirmed"),
    "duty.absence_decided": _("Leave of the post decided"),
    "duty.absence_ended": _("Back at the post"),
    "duty.shift_checked": _("Pre-shift check done"),
    "duty.log_written": _("Duty log entry written"),
    "duty.log_changed": _("Duty log entry changed"),
    "duty.log_locked": _("Duty log locked"),
    "duty.handover_signed": _("Handover signed"),
    "duty.handover_accepted": _("Handover accepted"),
    "duty.handover_refused": _("Handover refused"),
    "duty.inventory_set": _("Handover item changed"),
    "duty.roster_generated": _("Roster drawn up"),
    "duty.roster_published": _("Roster published"),
    "duty.roster_reopened": _("Roster reopened for changes"),
    "duty.roster_republished": _("Roster republished"),
    "duty.duty_added": _("Duty added to a roster"),
    "duty.duty_removed": _("Duty removed from a roster"),
    "duty.calendar_link_created": _("Calendar link made"),
    "duty.calendar_link_revoked": _("Calendar link revoked"),
    "wall.layout_saved": _("Video wall layout saved"),
    # faults and repairs (R-EQUIP-3)
    "fault.reported": _("Fault reported"),
    "fault.joined": _("Fault reported again"),
    "fault.assigned": _("Fault assigned"),
    "fault.repair_started": _("Repair started"),
    "fault.repaired": _("Repair recorded"),
    "fault.closed": _("Fault closed after a proving check"),
    "fault.recovered": _("Fault closed: recovered without a repair, proved by a check"),
    "fault.escalated": _("Overdue fault escalated"),
    "health.clock_changed": _("Clock reading changed (in or out of tolerance, or unread)"),
    "health.recorder_gaps_unreadable": _("Recorder's recording gaps cannot be read"),
    # alerts, refusals, the trail itself
    "care.maintenance_plan_created": _("Maintenance plan made"),
    "care.maintenance_plan_changed": _("Maintenance plan changed"),
    "care.maintenance_plan_retired": _("Maintenance plan retired"),
    "care.work_order_made": _("Maintenance work order made"),
    "care.work_order_assigned": _("Maintenance work order assigned"),
    "care.work_order_signed": _("Maintenance work order signed"),
    # incidents (R-INC-1, R-INC-3, R-INC-4, R-HAND-4)
    "incident.created": _("Incident reported"),
    "incident.noted": _("Note added to an incident"),
    "incident.attached": _("Attachment added to an incident"),
    "incident.graded": _("Incident's grade changed"),
    "incident.hold_placed": _("Incident's footage put on hold"),
    "incident.hold_released": _("Incident's hold released"),
    "incident.handover_spanned": _("Incident open across a handover"),
    "incident.reviewed": _("Incident's review signed"),
    "incident.closed": _("Incident closed"),
    "alert.raised": _("Alert raised"),
    "alert.acknowledged": _("Alert acknowledged"),
    "alert.closed": _("Alert closed"),
    "escalation.started": _("Escalation started"),
    "escalation.climbed": _("Escalation reached the next level"),
    "escalation.reminded": _("Escalation reminded everyone after its last level"),
    "escalation.acknowledged": _("Escalation acknowledged"),
    "escalation.stopped": _("Escalation stopped"),
    "rule.refused": _("Refused by a rule"),
    "audit.verified": _("Audit trail verified"),
    "audit.checkpoint": _("Audit checkpoint signed"),
}

# Categories to filter by: (key, name, the code prefixes before the dot).
CATEGORIES = [
    ("sign-in", pgettext_lazy("audit category", "Sign-in"),
     ("auth", "twofactor", "api_token", "password", "account")),
    ("people", pgettext_lazy("audit category", "People and places"),
     ("staff", "site", "department", "area", "room", "policy", "change")),
    ("equipment", pgettext_lazy("audit category", "Equipment"),
     ("camera", "recorder", "storage", "display", "floor_plan", "network_device",
      "power_supply", "equipment", "equipment_manual", "fault", "care", "health")),
    ("recording", pgettext_lazy("audit category", "Recordings"), ("recording", "live")),
    ("footage", pgettext_lazy("audit category", "Footage requests"), ("footage",)),
    ("duty", pgettext_lazy("audit category", "Duty"), ("duty", "wall")),
    ("alerts", pgettext_lazy("audit category", "Alerts"), ("alert", "escalation")),
    ("incidents", pgettext_lazy("audit category", "Incidents"), ("incident",)),
    ("refused", pgettext_lazy("audit category", "Refused by a rule"), ("rule",)),
    ("audit", pgettext_lazy("audit category", "Audit trail"), ("audit",)),
]
_PREFIX_CATEGORY = {prefix: key for key, _name, prefixes in CATEGORIES for prefix in prefixes}


def actor_name(account: str) -> str:
    """「系统进程 demo」 for the account `process:demo` a process acts as; any other
    account (a person's username, for an event of nobody's name) as it is."""
    if account.startswith("process:"):
        return _("system process %(name)s") % {"name": account.removeprefix("process:")}
    return account


def action_name(code: str) -> str:
    """「签到」 for `duty.clocked_on`; an unknown code as it is."""
    name = ACTION_NAMES.get(code)
    return str(name) if name is not None else code


def category_of(code: str) -> str:
    return _PREFIX_CATEGORY.get(code.split(".", 1)[0], "")


def category_choices() -> list[tuple[str, str]]:
    return [(key, name) for key, name, _prefixes in CATEGORIES]


def category_prefixes(key: str) -> tuple[str, ...]:
    """The action prefixes (with their dot) of a category; () for an unknown key."""
    return next((tuple(f"{p}." for p in prefixes) for k, _n, prefixes in CATEGORIES if k == key),
                ())
