"""The recordings storage (R-REC-1, R-REC-2, R-REC-6): a full disk stops recording and
never deletes footage to make room; a storage too small for the retention is told."""

from django.utils.translation import gettext as _

from watchroom.alerts.services import alert_close, alert_raise
from watchroom.audit.services import audit_record
from watchroom.recording import storage
from watchroom.service import service


@service
def disk_full_report(*, actor, detail: str, folder: str):
    alert, created = alert_raise(
        actor=actor, kind="recording.disk_full", severity="critical", key="recording.disk_full",
        target=storage.audit_target(folder),
        message=_("Recording has stopped: the recordings storage is full (%(detail)s). "
                  "Nothing inside retention is deleted to make room (R-REC-2).") % {
                      "detail": detail})
    if created:
        audit_record(actor=actor, action="recording.disk_full", target=storage.audit_target(folder),
                     data={"detail": detail})
    return alert


@service
def disk_full_resolve(*, actor):
    alert = alert_close(actor=actor, key="recording.disk_full",
                        note=_("Storage has room again; recording resumed."))
    if alert is not None:
        audit_record(actor=actor, action="recording.disk_space_restored", target=alert)
    return alert


@service
def storage_short_report(*, actor, projection):
    alert, created = alert_raise(
        actor=actor, kind="recording.storage_projection", severity="warning",
        key="recording.storage_projection", target=storage.audit_target(str(storage.root())),
        message=_("At the current rate the recordings storage holds %(days).0f days of "
                  "footage, less than the %(retention)s days retention requires (R-REC-1).") % {
                      "days": projection.capacity_days,
                      "retention": projection.longest_retention_days})
    if created:
        audit_record(actor=actor, action="recording.storage_short",
                     target=storage.audit_target(str(storage.root())),
                     data={"capacity_days": round(projection.capacity_days, 1),
                           "retention_days": projection.longest_retention_days})
    return alert


@service
def storage_short_clear(*, actor):
    return alert_close(actor=actor, key="recording.storage_projection",
                       note=_("Storage projection is back above retention."))
