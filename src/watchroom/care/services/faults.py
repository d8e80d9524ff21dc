"""Faults and repairs (R-EQUIP-3; R-REC-6: a gap is a fault): reported by anyone or
found by the system, one open fault per item and cause, repaired and signed by a
technician, closed only once a proving check passes. The item's status follows:
faulty while a fault is open, under repair while one is being repaired, in service
once none is open."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.alerts.services import alert_close, alert_raise
from watchroom.audit.services import audit_record
from watchroom.care import equipment as items
from watchroom.care import proving
from watchroom.care.choices import FaultCategory, FaultSource, FaultStatus, ProofKind
from watchroom.care.models import Fault, FaultReport, Repair
from watchroom.care.selectors import faults as selectors
from watchroom.core.people import person_name
from watchroom.core.times import local_text, utc_iso
from watchroom.core.validation import full_clean
from watchroom.devices.choices import EquipmentStatus
from watchroom.duty.services import signatures
from watchroom.notifications.services import notify
from watchroom.rules import RuleViolation
from watchroom.service import service

RULE = selectors.RULE


def overdue_alert_key(fault) -> str:
    return f"care.fault_overdue:{fault.pk}"


def _repair_hours(equipment) -> int:
    site = items.site_of(equipment)
    policy = getattr(site, "policy", None)
    return getattr(policy, "fault_repair_hours", None) or 24


def _sync_status(equipment) -> str:
    """The item's status from its open faults; a retired item stays retired."""
    if equipment is None or equipment.status == EquipmentStatus.RETIRED:
        return getattr(equipment, "status", "")
    faults = Fault.objects.filter(equipment_type=items.label_of(equipment),
                                  equipment_id=equipment.pk).exclude(status=FaultStatus.CLOSED)
    statuses = set(faults.values_list("status", flat=True))
    if statuses & {FaultStatus.IN_REPAIR, FaultStatus.REPAIRED}:
        status = EquipmentStatus.UNDER_REPAIR
    elif statuses:
        status = EquipmentStatus.FAULTY
    else:
        status = EquipmentStatus.IN_SERVICE
    if equipment.status != status:
        type(equipment).objects.filter(pk=equipment.pk).update(status=status)
        equipment.status = status
    return status


def _locked(fault) -> Fault:
    return Fault.objects.select_for_update().get(pk=fault.pk)


@service
def fault_report(*, actor, equipment, category: str, description: str = "",
                 source: str = FaultSource.MANUAL, cause: str = "manual", now=None,
                 alert_key: str = "") -> Fault:
    """R-EQUIP-3: a fault of `equipment` is reported at once; a report of an item whose
    fault of the same cause (a person's report: of the same category) is still open
    joins that fault (a FaultReport)."""
    now = now or timezone.now()
    if refusal := selectors.fault_report_refusal(actor, equipment):
        raise refusal
    if cause == "manual":
        # A person's report names the problem by its category: overheating and abnormal
        # noise of one item are two faults, each tracked and closed on its own.
        cause = f"manual:{category}"
    reporter = actor if getattr(actor, "is_authenticated", False) else None
    existing = selectors.open_fault(equipment, cause)
    if existing is None:
        fault = Fault(
            equipment_type=items.label_of(equipment), equipment_id=equipment.pk,
            equipment_label=str(equipment)[:300], site=items.site_of(equipment),
            cause=cause[:60], category=category, description=str(description)[:2000],
            reported_by=reporter, reported_at=now, source=source,
            deadline=now + dt.timedelta(hours=_repair_hours(equipment)))
        full_clean(fault, RULE, exclude=["equipment_type", "equipment_id", "cause"])
        try:
            with transaction.atomic():
                fault.save()
        except IntegrityError:
            existing = selectors.open_fault(equipment, cause)
            if existing is None:
                raise
        else:
            status = _sync_status(equipment)
            audit_record(actor=actor, action="fault.reported", target=fault, data={
                "equipment": items.key_of(equipment), "cause": fault.cause,
                "category": category, "source": source, "deadline": utc_iso(fault.deadline),
                "equipment_status": status, "alert": alert_key})
            return fault
    report = FaultReport(fault=existing, reported_by=reporter, reported_at=now, source=source,
                         description=str(description)[:2000], alert_key=alert_key[:200])
    full_clean(report, RULE, exclude=["fault"])
    report.save()
    audit_record(actor=actor, action="fault.joined", target=existing, data={
        "report": report.pk, "source": source, "alert": alert_key})
    return existing


@service
def fault_assign(*, actor, fault: Fault, assignee) -> Fault:
    fault = _locked(fault)
    if refusal := selectors.fault_assign_refusal(actor, fault):
        raise refusal
    if assignee is None or not selectors.repairers().filter(pk=assignee.pk).exists():
        raise RuleViolation(RULE, _("A fault is assigned to a technician."),
                            fields={"assignee": [_("Choose a technician.")]})
    fault.assigned_to = assignee
    fault.assigned_at = timezone.now()
    fault.save(update_fields=["assigned_to", "assigned_at"])
    audit_record(actor=actor, action="fault.assigned", target=fault, data={
        "assignee": assignee.get_username()})
    return fault


@service
def fault_repair_start(*, actor, fault: Fault, now=None) -> Fault:
    now = now or timezone.now()
    fault = _locked(fault)
    if refusal := selectors.fault_repair_start_refusal(actor, fault):
        raise refusal
    fault.status = FaultStatus.IN_REPAIR
    fault.repair_started_at = now
    fields = ["status", "repair_started_at"]
    if fault.assigned_to_id is None:
        fault.assigned_to, fault.assigned_at = actor, now
        fields += ["assigned_to", "assigned_at"]
    fault.save(update_fields=fields)
    status = _sync_status(fault.equipment)
    audit_record(actor=actor, action="fault.repair_started", target=fault,
                 data={"equipment_status": status})
    return fault


@service
def fault_repair_record(*, actor, fault: Fault, cause_found: str, work_done: str,
                        parts: str = "", vendor: str = "", started_at=None, finished_at=None,
                        password: str = "", code: str = "", now=None) -> Repair:
    """The repair record (检修记录): cause, work done, parts, by whom (an outside
    repairer named when one did it), signed with the technician's own password."""
    now = now or timezone.now()
    fault = _locked(fault)
    if refusal := selectors.fault_repair_record_refusal(actor, fault):
        raise refusal
    signatures.verify(actor, password=password or "", code=code or "", rule=RULE)
    started_at = started_at or fault.repair_started_at or now
    finished_at = finished_at or now
    problems = {}
    if finished_at < started_at:
        problems["finished_at"] = [_("The repair cannot finish before it started.")]
    if finished_at > now + dt.timedelta(minutes=5):
        problems["finished_at"] = [_("The repair cannot finish in the future.")]
    repair = Repair(fault=fault, cause_found=cause_found, work_done=work_done, parts=parts,
                    repaired_by=actor, vendor=vendor, started_at=started_at,
                    finished_at=finished_at, recorded_at=now)
    full_clean(repair, RULE, exclude=["fault", "repaired_by"], extra=problems)
    repair.save()
    fault.status = FaultStatus.REPAIRED
    fault.save(update_fields=["status"])
    status = _sync_status(fault.equipment)
    audit_record(actor=actor, action="fault.repaired", target=fault, data={
        "repair": repair.pk, "cause_found": cause_found[:300], "work_done": work_done[:300],
        "parts": parts, "vendor": vendor, "started_at": utc_iso(started_at),
        "finished_at": utc_iso(finished_at), "equipment_status": status})
    return repair


@service
def fault_close(*, actor, fault: Fault, proof: str = "", password: str = "", code: str = "",
                note: str = "", now=None) -> Fault:
    """Closed only once a proving check passed after the repair was recorded (see
    care.proving): a health check or a played-back recording found by Watchroom, or,
    where Watchroom has nothing to check, the closing person's own check, signed."""
    now = now or timezone.now()
    fault = _locked(fault)
    if refusal := selectors.fault_close_refusal(actor, fault):
        raise refusal
    found = proving.find_proof(fault)
    if found is not None and proof in ("", found.kind):
        kind, details = found.kind, dict(found.details)
    elif found is None and proof in ("", ProofKind.WITNESS) and proving.witness_allowed(fault):
        signatures.verify(actor, password=password or "", code=code or "", rule=RULE)
        if not note.strip():
            raise RuleViolation(RULE, _("Say what you checked."),
                                fields={"note": [_("Say what you checked.")]})
        kind, details = ProofKind.WITNESS, {"witness": actor.get_username(),
                                            "checked_at": utc_iso(now)}
    else:
        raise RuleViolation(RULE, _("No check has proved the repair yet."))
    details["note"] = str(note)[:500]
    fault.status = FaultStatus.CLOSED
    fault.closed_at, fault.closed_by = now, actor
    fault.proof_kind, fault.proof = kind, details
    fault.save(update_fields=["status", "closed_at", "closed_by", "proof_kind", "proof"])
    status = _sync_status(fault.equipment)
    alert_close(actor=actor, key=overdue_alert_key(fault), note=_("The fault is closed."))
    audit_record(actor=actor, action="fault.closed", target=fault, data={
        "proof": kind, "details": details, "equipment_status": status})
    return fault


@service
def fault_recovered(*, actor, fault: Fault, now=None) -> Fault | None:
    """A fault the system opened and nobody has started repairing closes by itself when
    a health check after its last report passed (R-EQUIP-3: closed by a proving check):
    a camera that went black for a minute. None when there is no such check yet."""
    now = now or timezone.now()
    fault = _locked(fault)
    if (fault.status != FaultStatus.OPEN or fault.source != FaultSource.AUTOMATIC
            or fault.repairs.exists()):
        return None
    last = fault.reports.order_by("-reported_at").values_list("reported_at", flat=True).first()
    found = proving.health_proof(fault, max(filter(None, [fault.reported_at, last])))
    if found is None:
        return None
    details = {**found.details, "note": _("Recovered without a repair.")}
    fault.status = FaultStatus.CLOSED
    fault.closed_at, fault.closed_by = now, None
    fault.proof_kind, fault.proof = found.kind, details
    fault.save(update_fields=["status", "closed_at", "closed_by", "proof_kind", "proof"])
    status = _sync_status(fault.equipment)
    alert_close(actor=actor, key=overdue_alert_key(fault), note=_("The fault is closed."))
    audit_record(actor=actor, action="fault.recovered", target=fault, data={
        "proof": found.kind, "details": details, "equipment_status": status})
    return fault


# Escalation: step 1 at the deadline, step 2 when a whole repair period more has passed.
ESCALATION_STEPS = 2


@service
def faults_escalate(*, actor, now=None) -> list[Fault]:
    """An open fault past its deadline is escalated once per step: its room heads and
    the security chief are told, and an alert is raised (R-EQUIP-3)."""
    now = now or timezone.now()
    escalated = []
    for fault in selectors.overdue_faults(now).filter(escalations__lt=ESCALATION_STEPS):
        fault = Fault.objects.select_for_update().get(pk=fault.pk)
        period = fault.deadline - fault.reported_at
        due_steps = 1 + int((now - fault.deadline) / period) if period else 1
        step = min(due_steps, ESCALATION_STEPS)
        if step <= fault.escalations:
            continue
        fault.escalations, fault.escalated_at = step, now
        fault.save(update_fields=["escalations", "escalated_at"])
        context = {"equipment": fault.equipment_label,
                   "category": fault.get_category_display(),
                   "deadline": local_text(fault.deadline, "%Y-%m-%d %H:%M"),
                   "assignee": person_name(fault.assigned_to) if fault.assigned_to else "",
                   "step": step}
        recipients = list(selectors.room_heads(fault))
        notify(recipients, kind="care_fault_overdue", context=context,
               link=fault.get_absolute_url(), actor=actor)
        alert_raise(actor=actor, kind="care.fault_overdue", severity="warning",
                    key=overdue_alert_key(fault), target=fault,
                    message=_("Fault %(fault)s was not repaired by %(deadline)s (R-EQUIP-3).")
                    % {"fault": str(fault), "deadline": context["deadline"]})
        audit_record(actor=actor, action="fault.escalated", target=fault, data={
            "step": step, "recipients": [u.get_username() for u in recipients]})
        escalated.append(fault)
    return escalated


CATEGORY_OF_ALERT = {
    "recording.gap": FaultCategory.NO_RECORDING,
    "recording.disk_full": FaultCategory.STORAGE_FULL,
    "health.unreachable": FaultCategory.OFFLINE,
    "health.black": FaultCategory.IMAGE_LOSS,
    "health.frozen": FaultCategory.IMAGE_LOSS,
    "health.covered": FaultCategory.COVERED,
    "health.moved": FaultCategory.MOVED,
    "health.dark": FaultCategory.UNCLEAR,
    "health.bright": FaultCategory.UNCLEAR,
    "health.blurred": FaultCategory.UNCLEAR,
    "health.cast": FaultCategory.UNCLEAR,
    "health.stream": FaultCategory.OTHER,
    "health.clock": FaultCategory.CLOCK,
    # an outside recorder that stopped recording a camera (ONVIF Profile G)
    "health.recorder_stopped": FaultCategory.NO_RECORDING,
}
