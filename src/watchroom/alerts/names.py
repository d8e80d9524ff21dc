"""What each kind of alert is called where people read it. Every kind the code raises
has a name here (tests/audit/test_action_and_alert_names.py walks the source to make
sure); an unknown kind is shown as it is."""

from django.utils.translation import gettext_lazy as _

ALERT_NAMES = {
    "recording.gap": _("Camera not recording"),
    "recording.segment_refused": _("Recording refused"),
    "recording.unfinished": _("Unfinished recording found"),
    "recording.address": _("Camera address refused"),
    "recording.disk_full": _("Recordings storage full"),
    "recording.storage_projection": _("Recordings storage running short"),
    "recording.backup": _("Recordings could not be backed up"),
    "recording.backup_check": _("Backup copies do not match"),
    "recording.integrity.changed": _("Recording changed on disk"),
    "recording.integrity.missing": _("Recording missing from disk"),
    "recording.integrity.altered": _("Recording altered"),
    "recording.integrity.deleted": _("Recording deleted outside the sweep"),
    "recording.integrity.unrecorded": _("Recording never logged"),
    "recording.integrity.unknown": _("Unknown file among the recordings"),
    "duty.check_failed": _("Pre-shift check failed"),
    "duty.handover_refused": _("Handover refused"),
    "duty.over_capacity": _("More people on duty than the room holds"),
    "duty.uncovered": _("Nobody on duty"),
    "duty.no_show": _("Did not come on duty"),
    "duty.understaffed": _("Shift under-staffed"),
    "care.fault_overdue": _("Fault not repaired in time"),
    "care.maintenance_overdue": _("Maintenance overdue"),
    # camera health (R-EQUIP-3): one kind per cause of a failed probe
    "health.unreachable": _("Camera unreachable"),
    "health.stream": _("Camera stream not as in the archive"),
    "health.black": _("Camera picture black"),
    "health.frozen": _("Camera picture frozen"),
    "health.covered": _("Camera covered"),
    "health.dark": _("Camera picture too dark"),
    "health.bright": _("Camera picture too bright"),
    "health.blurred": _("Camera picture blurred"),
    "health.cast": _("Camera picture colour cast"),
    "health.moved": _("Scene changed without an approved change (R-EQUIP-4)"),
    "care.reconciliation_missing": _("End-of-day reconciliation missing"),
    "notifications.undelivered": _("Notification could not be sent"),
    "notifications.escalation_unacknowledged": _("Escalation unacknowledged after its last "
                                                 "level (R-INC-2)"),
    "health.clock": _("Device clock off"),
    "health.recorder_stopped": _("Recorder stopped recording a camera"),
}


def alert_name(kind: str) -> str:
    name = ALERT_NAMES.get(kind)
    return str(name) if name is not None else kind
