"""One item's history (R-EQUIP-1): everything that happened to a piece of equipment, in
time order, from every part of equipment care that knows something about it.

A source is a function `(equipment) -> list[(time, kind, text, link)]`: `time` an aware
datetime, `kind` a short translated word for the sort of entry (archive, alert,
replacement, …), `text` what happened, `link` a path on this site or "". Parts register
theirs with `add_history_source` (in AppConfig.ready() or at import); the page calls
`equipment_history`.
"""

import datetime as dt
import json
from collections.abc import Callable

from django.urls import reverse
from django.utils.translation import gettext as _

Entry = tuple[dt.datetime, str, str, str]
HISTORY_SOURCES: list[Callable] = []


def add_history_source(source: Callable) -> None:
    if source not in HISTORY_SOURCES:
        HISTORY_SOURCES.append(source)


def equipment_history(equipment) -> list[Entry]:
    """Every source's entries for `equipment`, oldest first."""
    entries = [entry for source in HISTORY_SOURCES for entry in source(equipment)]
    return sorted(entries, key=lambda entry: entry[0])


def target_type(equipment) -> str:
    return f"{equipment._meta.app_label}.{equipment._meta.model_name}"


# ------------------------------------------------------------ the sources registered here


def audit_events(equipment) -> list[Entry]:
    """The archive's own audit events about the item: added, changed (which fields),
    imported, manuals attached and read."""
    from watchroom.audit.models import AuditEvent
    from watchroom.audit.names import action_name, actor_name

    entries = []
    for event in AuditEvent.objects.filter(
            target_type=target_type(equipment), target_id=str(equipment.pk)).order_by("seq"):
        text = action_name(event.action)
        try:
            data = json.loads(event.data or "{}")
        except ValueError:
            data = {}
        changes = data.get("changes") if isinstance(data, dict) else None
        if isinstance(changes, dict) and changes:
            text += ": " + ", ".join(_field_name(equipment, name) for name in changes)
        if isinstance(data, dict) and data.get("name") and "manual" in event.action:
            text += f": {data['name']}"
        text += " · " + actor_name(event.actor)
        entries.append((event.ts, _("archive"), text, ""))
    return entries


def _field_name(equipment, name: str) -> str:
    try:
        return str(equipment._meta.get_field(name).verbose_name)
    except Exception:  # a field since removed: its name as it was
        return name


def alerts(equipment) -> list[Entry]:
    """Alerts raised about the item (a camera not recording, a health check, …)."""
    from watchroom.alerts.models import Alert
    from watchroom.alerts.names import alert_name

    entries = []
    for alert in Alert.objects.filter(target_type=target_type(equipment),
                                      target_id=str(equipment.pk)):
        entries.append((alert.opened_at, _("alert"),
                        f"{alert_name(alert.kind)}: {alert.message}", ""))
        if alert.closed_at:
            entries.append((alert.closed_at, _("alert"), _("%(alert)s closed") % {
                "alert": alert_name(alert.kind)} + (f": {alert.close_note}"
                                                     if alert.close_note else ""), ""))
    return entries


def replacements(equipment) -> list[Entry]:
    """Replacement plans naming the item (R-EQUIP-6), and its replacement when done;
    and the plans where it is the new item."""
    from watchroom.care.models import ReplacementItem

    label = equipment._meta.model_name
    entries = []
    for item in ReplacementItem.objects.filter(equipment_label=label,
                                               equipment_id=equipment.pk).select_related("plan"):
        plan = item.plan
        entries.append((plan.drafted_at, _("replacement"), _(
            "Named in the replacement plan “%(plan)s”") % {"plan": plan.title},
            plan.get_absolute_url()))
        if plan.approved_at:
            entries.append((plan.approved_at, _("replacement"), _(
                "Replacement plan “%(plan)s” approved") % {"plan": plan.title},
                plan.get_absolute_url()))
        if item.replaced_at:
            entries.append((item.replaced_at, _("replacement"), _(
                "Replaced by %(code)s") % {"code": item.new_code}, plan.get_absolute_url()))
    for item in ReplacementItem.objects.filter(
            equipment_label=label, new_code=equipment.code,
            replaced_at__isnull=False).select_related("plan"):
        entries.append((item.replaced_at, _("replacement"), _(
            "Put in place of %(code)s") % {"code": item.equipment_code},
            item.plan.get_absolute_url()))
    return entries


def reconciliations(equipment) -> list[Entry]:
    """End-of-day reconciliations (R-EQUIP-7) whose noted anomalies name the item's code."""
    from watchroom.care.models import ReconciliationLine

    entries = []
    lines = ReconciliationLine.objects.filter(
        anomaly=True, kind=equipment._meta.model_name,
        note__icontains=equipment.code).select_related("reconciliation__room")
    for line in lines:
        record = line.reconciliation
        entries.append((record.signed_at, _("end of day"), _(
            "Anomaly noted at the end of day %(day)s: %(note)s") % {
            "day": record.day.isoformat(), "note": line.note}, record.get_absolute_url()))
    return entries


def faults(equipment) -> list[Entry]:
    """Faults (R-EQUIP-3): reported, repaired, restored after a proving check."""
    from watchroom.care.selectors.faults import faults_of
    from watchroom.core.people import person_name

    entries = []
    for fault in faults_of(equipment):
        link = fault.get_absolute_url()
        who = person_name(fault.reported_by) if fault.reported_by else _("the system")
        entries.append((fault.reported_at, _("fault"), _(
            "Fault reported by %(who)s: %(category)s") % {
            "who": who, "category": fault.get_category_display()}, link))
        for repair in fault.repairs.all():
            entries.append((repair.finished_at, _("repair"), _(
                "Repaired by %(who)s: %(work)s") % {
                "who": repair.vendor or person_name(repair.repaired_by),
                "work": repair.work_done}, link))
        if fault.closed_at:
            entries.append((fault.closed_at, _("fault"), _(
                "Restored: %(proof)s") % {"proof": fault.get_proof_kind_display()}, link))
    return entries


def maintenance(equipment) -> list[Entry]:
    """Maintenance done on the item (R-EQUIP-2), with what was found not OK."""
    from watchroom.care.selectors.maintenance import equipment_maintenance
    from watchroom.core.people import person_name

    entries = []
    for done in equipment_maintenance(equipment):
        order = done["order"]
        if not order.done_at:
            continue
        text = _("%(work)s by %(who)s") % {"work": order.name,
                                           "who": person_name(order.done_by)}
        if done["not_ok"]:
            text += " · " + _("not OK: %(items)s") % {"items": done["not_ok"]}
        entries.append((order.done_at, _("maintenance"), text, order.get_absolute_url()))
    return entries


def blocks_and_changes(equipment) -> list[Entry]:
    """A camera's approved blocks (R-EQUIP-5) and changes (R-EQUIP-4)."""
    from watchroom.devices.models import Camera
    from watchroom.health.models import CameraBlock, CameraChange

    if not isinstance(equipment, Camera):
        return []
    entries = []
    for block in CameraBlock.objects.filter(camera=equipment, decided_at__isnull=False):
        entries.append((block.decided_at, _("block"), _(
            "Block %(status)s: %(reason)s") % {"status": block.get_status_display(),
                                               "reason": block.reason},
            reverse("health:block_detail", args=[block.pk])))
    for change in CameraChange.objects.filter(camera=equipment):
        entries.append((change.done_at or change.requested_at, _("change"), _(
            "Change %(status)s: %(change)s") % {"status": change.get_status_display(),
                                                "change": change.description},
            reverse("health:change_detail", args=[change.pk])))
    return entries


for _source in (audit_events, alerts, replacements, reconciliations, faults, maintenance,
                blocks_and_changes):
    add_history_source(_source)
