"""Faults the system opens itself (R-EQUIP-3; R-REC-6: a gap is a fault): an alert of a
kind that means broken equipment opens a fault of that equipment (or joins its open
fault of the same cause). Registered with alerts.extensions in CareConfig.ready()."""

import logging

from django.conf import settings
from django.db import transaction

from watchroom.audit.context import Process
from watchroom.care import equipment as items
from watchroom.care.choices import FaultSource
from watchroom.care.selectors.faults import open_fault
from watchroom.care.services.faults import CATEGORY_OF_ALERT, fault_recovered, fault_report
from watchroom.devices.choices import EquipmentStatus, RecorderKind
from watchroom.devices.models import Recorder, Storage

logger = logging.getLogger("watchroom.care")
ACTOR = Process("care")


def _storage_of(alert):
    """A full recordings folder (R-REC-2) is a fault of Watchroom's own recorder's storage
    in the archive (of the recorder itself when no storage is recorded for it)."""
    if alert.kind != "recording.disk_full":
        return None
    recorders = Recorder.objects.filter(kind=RecorderKind.WATCHROOM).exclude(
        status=EquipmentStatus.RETIRED).order_by("code")
    node = settings.WATCHROOM.get("RECORDER_NODE")
    recorder = (recorders.filter(code=node).first() if node else None) or recorders.first()
    if recorder is None:
        return None
    storage = (Storage.objects.filter(recorder=recorder)
               .exclude(status=EquipmentStatus.RETIRED).order_by("code").first())
    return storage or recorder


def on_alert_raised(alert, created: bool) -> None:
    """A new alert of a fault kind on equipment: its fault. An alert whose target is not
    equipment (the recordings folder of a full disk, say) opens nothing, logged. Never
    undoes the alert: a failure here is logged and rolled back to its savepoint."""
    if not created:
        return
    category = CATEGORY_OF_ALERT.get(alert.kind)
    if category is None:
        return
    equipment = items.load(alert.target_type, alert.target_id) or _storage_of(alert)
    if equipment is None:
        logger.info("alert %s (%s) names no equipment (%s %s): no fault opened",
                    alert.key, alert.kind, alert.target_type, alert.target_id)
        return
    if equipment.status == EquipmentStatus.RETIRED:
        logger.info("alert %s names retired equipment %s: no fault opened", alert.key, equipment)
        return
    try:
        with transaction.atomic():
            fault_report(actor=ACTOR, equipment=equipment, category=category,
                         description=alert.message, source=FaultSource.AUTOMATIC,
                         cause=alert.kind, now=alert.opened_at, alert_key=alert.key)
    except Exception:
        logger.exception("could not open the fault for alert %s", alert.key)


def on_alert_closed(alert) -> None:
    """The alert of a fault the system opened closed because its cause is gone: the
    fault closes too if a health check since proves it (nothing repaired, nothing to
    wait for); otherwise it stays for the technician."""
    if alert.kind not in CATEGORY_OF_ALERT:
        return
    equipment = items.load(alert.target_type, alert.target_id) or _storage_of(alert)
    fault = open_fault(equipment, alert.kind) if equipment is not None else None
    if fault is None:
        return
    try:
        with transaction.atomic():
            fault_recovered(actor=ACTOR, fault=fault, now=alert.closed_at)
    except Exception:
        logger.exception("could not close the fault of alert %s", alert.key)
