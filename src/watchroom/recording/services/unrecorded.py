"""Cameras that are no longer recorded (disabled, retired, moved off Watchroom's
recorder, address removed) leave no gap open and no alert standing (R-REC-6): the
gap ends when the camera stopped being expected to record."""

from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.alerts.models import Alert
from watchroom.alerts.services import alert_close
from watchroom.audit.services import audit_record
from watchroom.core.times import utc_iso
from watchroom.recording.models import Gap
from watchroom.recording.services.cameras import address_alert_key
from watchroom.recording.services.gaps import gap_alert_key
from watchroom.service import service


def _note() -> str:
    return _("The camera is no longer recorded (disabled, retired or removed from "
             "Watchroom's recorder).")


@service
def gaps_close_unrecorded(*, actor, recorded_ids, now=None) -> int:
    """Close the open gaps and alerts of every camera not in `recorded_ids`."""
    now = now or timezone.now()
    note = _note()
    closed = 0
    for gap in (Gap.objects.filter(end__isnull=True).exclude(camera_id__in=list(recorded_ids))
                .select_related("camera")):
        gap.end = max(now, gap.start)
        gap.save(update_fields=["end"])
        alert_close(actor=actor, key=gap_alert_key(gap.camera_id), note=note)
        audit_record(actor=actor, action="recording.gap_closed", target=gap, data={
            "camera": gap.camera.code, "start": utc_iso(gap.start),
            "end": utc_iso(gap.end), "reason": "camera no longer recorded"})
        closed += 1
    return closed


@service
def camera_address_alerts_close(*, actor, recorded_ids) -> None:
    prefix = address_alert_key(0)[:-1]
    keys = Alert.objects.filter(key__startswith=prefix, closed_at__isnull=True).values_list(
        "key", flat=True)
    wanted = {address_alert_key(pk) for pk in recorded_ids}
    for key in list(keys):
        if key not in wanted:
            alert_close(actor=actor, key=key, note=_note())
