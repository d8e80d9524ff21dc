"""Replacement's writes (R-EQUIP-6): drafting a plan, each department's signed
agreement, the profile's leader's approval, each item recorded replaced (the old one
retired in the archive), each with its audit event."""

import datetime as dt

from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.audit.services import audit_record
from watchroom.care import equipment as items
from watchroom.care.models import (
    PlanStatus,
    ReplacementAgreement,
    ReplacementItem,
    ReplacementPlan,
)
from watchroom.care.selectors.replacement import (
    DRAFT,
    RULE,
    approver_role,
    replacement_agree_refusal,
    replacement_approve_refusal,
    replacement_item_done_refusal,
)
from watchroom.core.models import Site
from watchroom.core.validation import invalid
from watchroom.devices import services as devices
from watchroom.devices.choices import EquipmentStatus
from watchroom.devices.models import EQUIPMENT_MODELS
from watchroom.duty.services.signatures import verify
from watchroom.rules import RuleViolation
from watchroom.service import service

# The archive's update service of each kind, and the keyword it takes the item by.
_UPDATE = {
    "camera": (devices.camera_update, "camera"),
    "recorder": (devices.recorder_update, "recorder"),
    "storage": (devices.storage_update, "storage"),
    "display": (devices.display_update, "display"),
    "networkdevice": (devices.network_device_update, "network_device"),
    "powersupply": (devices.power_supply_update, "power_supply"),
}


def _refuse(refusal) -> None:
    if refusal is not None:
        raise refusal


@service
def replacement_draft(*, actor, site: Site, title: str, reason: str,
                      planned_date: dt.date, equipment: list, budget_note: str = "",
                      now: dt.datetime | None = None) -> ReplacementPlan:
    """R-EQUIP-6: the technician or the room head drafts a plan: the items to replace
    (archive items in use), the reason, the planned date and a note of the budget."""
    if not actor.has_perm(DRAFT):
        raise RuleViolation(RULE, _("Only the technician or the room head drafts a "
                                    "replacement plan."), status=403)
    problems = {}
    if not str(title).strip():
        problems["title"] = [_("A plan needs a title.")]
    if not str(reason).strip():
        problems["reason"] = [_("Say why the equipment is replaced.")]
    if not equipment:
        problems["equipment"] = [_("Name at least one item to replace.")]
    for item in equipment:
        if item.status == EquipmentStatus.RETIRED:
            problems.setdefault("equipment", []).append(
                _("%(item)s is already retired.") % {"item": item})
        elif items.site_of(item) != site:
            problems.setdefault("equipment", []).append(
                _("%(item)s is not at %(site)s.") % {"item": item, "site": site})
    if problems:
        raise invalid(RULE, problems)
    plan = ReplacementPlan.objects.create(
        site=site, title=str(title).strip()[:200], reason=str(reason).strip()[:4000],
        planned_date=planned_date, budget_note=str(budget_note).strip()[:500],
        drafted_by=actor, drafted_at=now or timezone.now())
    seen = set()
    for item in equipment:
        key = (item._meta.model_name, item.pk)
        if key in seen:
            continue
        seen.add(key)
        ReplacementItem.objects.create(plan=plan, equipment_label=key[0],
                                       equipment_id=item.pk, equipment_code=item.code)
    audit_record(actor=actor, action="care.replacement_drafted", target=plan, data={
        "site": site.code, "title": plan.title, "reason": plan.reason,
        "planned_date": planned_date.isoformat(), "budget": plan.budget_note,
        "items": [f"{label}:{pk}" for label, pk in sorted(seen)]})
    return plan


@service
def replacement_agree(*, actor, plan: ReplacementPlan, part: str, password: str = "",
                      note: str = "", now: dt.datetime | None = None) -> ReplacementAgreement:
    """R-EQUIP-6: the planning, technical or using department's agreement, signed by one
    of its people with their own password."""
    plan = ReplacementPlan.objects.select_for_update().get(pk=plan.pk)
    _refuse(replacement_agree_refusal(actor, plan, part))
    verify(actor, password=password, rule=RULE)
    profile = getattr(actor, "staff", None)
    try:
        agreement = ReplacementAgreement.objects.create(
            plan=plan, part=part, department=getattr(profile, "department", None),
            signed_by=actor, signed_at=now or timezone.now(), note=str(note).strip()[:500])
    except IntegrityError:
        raise RuleViolation(RULE, _("This department has already agreed."), status=409) \
            from None
    audit_record(actor=actor, action="care.replacement_agreed", target=plan, data={
        "part": part, "department": agreement.department.code if agreement.department
        else None, "note": agreement.note})
    return agreement


@service
def replacement_approve(*, actor, plan: ReplacementPlan, password: str = "",
                        now: dt.datetime | None = None) -> ReplacementPlan:
    """R-EQUIP-6: the leader the site's profile names (`replacement_approver`) approves,
    with their own password, once the three departments agreed."""
    plan = ReplacementPlan.objects.select_for_update().select_related("site__policy") \
        .get(pk=plan.pk)
    _refuse(replacement_approve_refusal(actor, plan))
    verify(actor, password=password, rule=RULE)
    plan.status = PlanStatus.APPROVED
    plan.approved_by = actor
    plan.approved_role = approver_role(plan)
    plan.approved_at = now or timezone.now()
    plan.save(update_fields=["status", "approved_by", "approved_role", "approved_at"])
    audit_record(actor=actor, action="care.replacement_approved", target=plan, data={
        "role": plan.approved_role})
    return plan


@service
def replacement_item_done(*, actor, item: ReplacementItem, new_code: str,
                          now: dt.datetime | None = None) -> ReplacementItem:
    """R-EQUIP-6: an item replaced: the new item (already in the archive, of the same
    kind, in use) named by its code, the old one retired; the plan is done when every
    item is."""
    item = ReplacementItem.objects.select_for_update().select_related("plan").get(pk=item.pk)
    _refuse(replacement_item_done_refusal(actor, item))
    model = EQUIPMENT_MODELS[item.equipment_label]
    new_code = str(new_code).strip()
    new = model.objects.filter(code=new_code).first() if new_code else None
    if new is None or new.pk == item.equipment_id or new.status == EquipmentStatus.RETIRED:
        raise invalid(RULE, {"new_code": [_(
            "Enter the code of the new %(kind)s, entered in the archive and in use.")
            % {"kind": model._meta.verbose_name}]})
    if items.site_of(new) != item.plan.site:
        raise invalid(RULE, {"new_code": [_("%(item)s is not at %(site)s.") % {
            "item": new, "site": item.plan.site}]})
    old = model.objects.get(pk=item.equipment_id)
    update, keyword = _UPDATE[item.equipment_label]
    if old.status != EquipmentStatus.RETIRED:
        update(actor=actor, **{keyword: old}, status=EquipmentStatus.RETIRED)
    now = now or timezone.now()
    item.new_code = new.code
    item.replaced_by = actor
    item.replaced_at = now
    item.save(update_fields=["new_code", "replaced_by", "replaced_at"])
    audit_record(actor=actor, action="care.replacement_item_done", target=item.plan, data={
        "old": f"{item.equipment_label}:{old.pk}", "old_code": old.code,
        "new": f"{item.equipment_label}:{new.pk}", "new_code": new.code})
    plan = item.plan
    if not plan.items.filter(replaced_at__isnull=True).exists():
        plan.status = PlanStatus.DONE
        plan.done_at = now
        plan.save(update_fields=["status", "done_at"])
        audit_record(actor=actor, action="care.replacement_done", target=plan,
                     data={"items": plan.items.count()})
    return item
