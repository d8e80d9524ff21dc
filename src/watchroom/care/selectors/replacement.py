"""Reads for replacement (R-EQUIP-6): ageing equipment with its age, faults and
downtime; the refusals the plan's pages and services share."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.care import equipment as items
from watchroom.care.models import (
    AgreementPart,
    Fault,
    PlanStatus,
    ReplacementItem,
    ReplacementPlan,
)
from watchroom.core.roles import role_label, roles_of
from watchroom.devices.choices import EquipmentStatus
from watchroom.devices.models import EQUIPMENT_MODELS
from watchroom.rules import RuleViolation

RULE = "R-EQUIP-6"
DRAFT = "care.add_replacementplan"
TRACK = "care.change_replacementplan"
VIEW = "care.view_replacementplan"


@dataclass
class Ageing:
    equipment: object
    label: str
    age_days: int | None
    faults: int
    downtime: dt.timedelta

    @property
    def age_years(self) -> float | None:
        return None if self.age_days is None else round(self.age_days / 365.25, 1)

    @property
    def downtime_hours(self) -> float:
        return round(self.downtime.total_seconds() / 3600, 1)

    @property
    def kind_label(self) -> str:
        return str(type(self.equipment)._meta.verbose_name)


def fault_figures(equipment, *, now: dt.datetime | None = None) -> tuple[int, dt.timedelta]:
    """How many faults the item had (R-EQUIP-3) and how long it was down in all: from each
    fault's report to its restoration (to now for one still open)."""
    now = now or timezone.now()
    faults = Fault.objects.filter(equipment_type=items.label_of(equipment),
                                  equipment_id=equipment.pk).values_list("reported_at",
                                                                         "closed_at")
    downtime = dt.timedelta(0)
    count = 0
    for reported_at, closed_at in faults:
        count += 1
        downtime += (closed_at or now) - reported_at
    return count, downtime


def ageing_equipment(*, min_years: float = 0, min_faults: int = 0, site=None,
                     today: dt.date | None = None, now: dt.datetime | None = None
                     ) -> list[Ageing]:
    """R-EQUIP-6: every item in use, the oldest first, with its age (from the install
    date), its faults and downtime; only those at least `min_years` old or with at least
    `min_faults` faults when either bound is set."""
    today = today or timezone.localdate()
    rows = []
    for label, model in EQUIPMENT_MODELS.items():
        query = model.objects.exclude(status=EquipmentStatus.RETIRED)
        if site is not None:
            query = query.filter(area__site=site) if label == "camera" else (
                query.filter(room__site=site) if label == "display" else query.filter(site=site))
        for item in query:
            age = (today - item.install_date).days if item.install_date else None
            faults, downtime = fault_figures(item, now=now)
            old = age is not None and age >= min_years * 365.25
            if (min_years or min_faults) and not (
                    (min_years and old) or (min_faults and faults >= min_faults)):
                continue
            rows.append(Ageing(item, label, age, faults, downtime))
    rows.sort(key=lambda r: (-(r.age_days or -1), -r.faults, r.equipment.code))
    return rows


def plan_list():
    return ReplacementPlan.objects.select_related("site", "drafted_by", "approved_by")


def replacement_agree_refusal(actor, plan: ReplacementPlan, part: str) -> RuleViolation | None:
    """R-EQUIP-6: each of the planning, technical and using departments agrees once,
    before the plan is approved."""
    if not actor.has_perm(VIEW):
        return RuleViolation(RULE, _("You may not sign this plan."), status=403)
    if part not in AgreementPart.values:
        return RuleViolation(RULE, _("No such department's part."))
    if plan.status != PlanStatus.DRAFT:
        return RuleViolation(RULE, _("The plan is no longer awaiting agreement."), status=409)
    if plan.agreements.filter(part=part).exists():
        return RuleViolation(RULE, _("%(part)s has already agreed.") % {
            "part": AgreementPart(part).label}, status=409)
    # Three departments agree: one person signs for one of them only.
    if signed := plan.agreements.filter(signed_by=actor).first():
        return RuleViolation(RULE, _("You have already agreed for the %(part)s; another "
                                     "person agrees for each other department.") % {
            "part": signed.get_part_display()}, status=403)
    return None


def approver_role(plan: ReplacementPlan) -> str:
    return plan.site.policy.replacement_approver


def replacement_approve_refusal(actor, plan: ReplacementPlan) -> RuleViolation | None:
    """R-EQUIP-6: the leader the profile names approves, after the three departments
    agreed."""
    if plan.status != PlanStatus.DRAFT:
        return RuleViolation(RULE, _("The plan is not awaiting approval."), status=409)
    role = approver_role(plan)
    if role not in roles_of(actor):
        return RuleViolation(RULE, _("Replacement plans of this site are approved by the "
                                     "%(role)s.") % {"role": role_label(role)}, status=403)
    missing = [str(AgreementPart(p).label) for p in AgreementPart.values
               if not plan.agreements.filter(part=p).exists()]
    if missing:
        return RuleViolation(RULE, _("Still to agree: %(parts)s.") % {
            "parts": ", ".join(missing)})
    if not plan.items.exists():
        return RuleViolation(RULE, _("The plan names no equipment."))
    return None


def replacement_item_done_refusal(actor, item: ReplacementItem) -> RuleViolation | None:
    """R-EQUIP-6: an approved plan's item is recorded replaced once."""
    if not actor.has_perm(TRACK):
        return RuleViolation(RULE, _("You may not record replacements."), status=403)
    if item.plan.status != PlanStatus.APPROVED:
        return RuleViolation(RULE, _("Only an approved plan is carried out."), status=409)
    if item.replaced_at is not None:
        return RuleViolation(RULE, _("This item is already replaced."), status=409)
    return None
