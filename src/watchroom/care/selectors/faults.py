"""Reads of faults, and what each person may do with one (R-EQUIP-3): the services
raise these refusals, the pages show a button only when there is none."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.care import equipment as items
from watchroom.care import proving
from watchroom.care.choices import FaultStatus
from watchroom.care.models import Fault
from watchroom.core.choices import Role
from watchroom.devices.choices import EquipmentStatus
from watchroom.rules import RuleViolation

RULE = "R-EQUIP-3"
ADD = "care.add_fault"
VIEW = "care.view_fault"
ASSIGN = "care.assign_fault"
REPAIR = "care.repair_fault"
CLOSE = "care.close_fault"


def _may(actor, perm: str) -> bool:
    # The system (a process, not a person) reports faults it finds.
    if not getattr(actor, "is_authenticated", False):
        return perm == ADD
    return actor.is_active and actor.has_perm(perm)


def fault_report_refusal(actor, equipment=None) -> RuleViolation | None:
    if not _may(actor, ADD):
        return RuleViolation(RULE, _("You may not report faults."), status=403)
    if equipment is not None and equipment.status == EquipmentStatus.RETIRED:
        return RuleViolation(RULE, _("This equipment is retired."))
    return None


def fault_assign_refusal(actor, fault: Fault) -> RuleViolation | None:
    if not _may(actor, ASSIGN):
        return RuleViolation(RULE, _("You may not assign faults."), status=403)
    if fault.status == FaultStatus.CLOSED:
        return RuleViolation(RULE, _("This fault is closed."))
    return None


def fault_repair_start_refusal(actor, fault: Fault) -> RuleViolation | None:
    if not _may(actor, REPAIR):
        return RuleViolation(RULE, _("Only a technician repairs faults."), status=403)
    if fault.status not in (FaultStatus.OPEN, FaultStatus.REPAIRED):
        return RuleViolation(RULE, _("This fault is not waiting for a repair."))
    return None


def fault_repair_record_refusal(actor, fault: Fault) -> RuleViolation | None:
    if not _may(actor, REPAIR):
        return RuleViolation(RULE, _("Only a technician repairs faults."), status=403)
    if fault.status != FaultStatus.IN_REPAIR:
        return RuleViolation(RULE, _("Start the repair before recording it."))
    return None


def fault_close_refusal(actor, fault: Fault) -> RuleViolation | None:
    """Closure only once a proving check passed after the repair was recorded."""
    if not _may(actor, CLOSE):
        return RuleViolation(RULE, _("You may not close faults."), status=403)
    if fault.status != FaultStatus.REPAIRED:
        return RuleViolation(RULE, _("Only a repaired fault can be closed."))
    if proving.find_proof(fault) is not None:
        return None
    if not proving.witness_allowed(fault):
        return RuleViolation(RULE, _(
            "No check has proved the repair yet: a passed health check of the camera or a "
            "recording made after the repair and played back is needed."))
    if fault.repairs.filter(repaired_by=actor).exists():
        return RuleViolation(RULE, _(
            "The proving check is made by a second person, not by who repaired it."),
            status=403)
    return None


def fault_close_needs_witness(fault: Fault) -> bool:
    """True when the closing person's own check (with their password) is the proof."""
    return proving.find_proof(fault) is None and proving.witness_allowed(fault)


def repairers():
    """Who a fault can be assigned to: active people holding the repair permission."""
    return (get_user_model().objects.filter(is_active=True, groups__name=Role.TECHNICIAN)
            .select_related("staff").distinct().order_by("staff__full_name", "pk"))


def open_faults(user=None, now=None) -> list[Fault]:
    """Open faults, soonest deadline first, each with `remaining` (a timedelta, negative
    when overdue) and `overdue`. With `user`: the faults assigned to them, and the
    unassigned ones if they repair faults."""
    now = now or timezone.now()
    faults = Fault.objects.exclude(status=FaultStatus.CLOSED).select_related(
        "assigned_to__staff", "reported_by__staff", "site")
    if user is not None:
        mine = Q(assigned_to=user)
        if user.has_perm(REPAIR):
            mine |= Q(assigned_to__isnull=True)
        faults = faults.filter(mine)
    result = list(faults.order_by("deadline", "pk"))
    for fault in result:
        annotate(fault, now)
    return result


def annotate(fault: Fault, now) -> Fault:
    fault.remaining = fault.deadline - now
    fault.overdue = fault.is_open and fault.remaining < dt.timedelta(0)
    return fault


def remaining_text(fault: Fault, now=None) -> str:
    """"5 h 20 min left" or "overdue by 1 h 3 min"; empty once closed."""
    if not fault.is_open:
        return ""
    now = now or timezone.now()
    delta = fault.deadline - now
    minutes = int(abs(delta.total_seconds()) // 60)
    hours, minutes = divmod(minutes, 60)
    amount = _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
    if delta < dt.timedelta(0):
        return _("overdue by %(time)s") % {"time": amount}
    return _("%(time)s left") % {"time": amount}


def faults_of(equipment):
    """Every fault of one item, newest first (the repair archive, 检修档案)."""
    return (Fault.objects.filter(equipment_type=items.label_of(equipment),
                                 equipment_id=equipment.pk)
            .select_related("reported_by__staff", "assigned_to__staff", "closed_by__staff")
            .prefetch_related("repairs__repaired_by__staff", "reports")
            .order_by("-reported_at", "-pk"))


def open_fault(equipment, cause: str) -> Fault | None:
    return (Fault.objects.filter(equipment_type=items.label_of(equipment),
                                 equipment_id=equipment.pk, cause=cause)
            .exclude(status=FaultStatus.CLOSED).first())


def overdue_faults(now):
    return (Fault.objects.exclude(status=FaultStatus.CLOSED).filter(deadline__lt=now)
            .order_by("deadline", "pk"))


def room_heads(fault: Fault):
    """Who hears of an overdue fault: the heads of the rooms answering for the item,
    and the security chief(s)."""
    users = get_user_model().objects.filter(is_active=True)
    equipment = fault.equipment
    heads = Q(pk__in=[])
    if equipment is not None:
        heads = Q(groups__name=Role.SHIFT_LEAD, staff__rooms__in=items.rooms_of(equipment))
    return users.filter(heads | Q(groups__name=Role.SECURITY_CHIEF)).distinct().order_by("pk")
