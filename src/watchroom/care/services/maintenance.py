"""Maintenance plans and work orders (R-EQUIP-2): plans kept by technicians and room
heads; orders made ahead of their due dates (once per plan and due date); done and
signed by a technician with their own password, with findings, measurements and photos;
an order past its due date alerts the room heads once and the alert closes when the
order is signed."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.alerts.choices import Severity
from watchroom.alerts.services import alert_close, alert_raise
from watchroom.audit.services import audit_record
from watchroom.care import photos as photo_files
from watchroom.care.choices import ItemResult, OrderStatus, WorkKind
from watchroom.care.models import MaintenancePlan, WorkOrder, WorkOrderLine, WorkOrderPhoto
from watchroom.care.selectors import maintenance as sel
from watchroom.core.people import person_name
from watchroom.core.records import record_create, record_update
from watchroom.duty.services import signatures
from watchroom.notifications.services import notify
from watchroom.rules import RuleViolation
from watchroom.service import service

RULE = "R-EQUIP-2"
PLAN_FIELDS = ("name", "work", "equipment_model", "equipment_id", "interval_days",
               "starts_on", "checklist", "active")


def overdue_key(order: WorkOrder) -> str:
    return f"care:maintenance_overdue:workorder:{order.pk}"


def _clean_checklist(checklist) -> list[dict]:
    if not isinstance(checklist, list):
        return checklist
    return [{"text": str(i.get("text", "")).strip()[:200],
             "unit": str(i.get("unit", "")).strip()[:20]}
            if isinstance(i, dict) else i for i in checklist]


# --- plans --------------------------------------------------------------------------

@service
def maintenance_plan_create(*, actor, site, name: str, work: str, equipment_model: str,
                            interval_days: int, checklist: list, equipment_id=None,
                            starts_on: dt.date | None = None, now=None) -> MaintenancePlan:
    """R-EQUIP-2: a plan for one kind of equipment at `site` (or one item)."""
    if refusal := sel.plan_add_refusal(actor):
        raise refusal
    plan = MaintenancePlan(
        site=site, name=str(name).strip(), work=work, equipment_model=equipment_model,
        equipment_id=equipment_id, interval_days=interval_days,
        starts_on=starts_on or sel.today(now), checklist=_clean_checklist(checklist),
        created_by=actor if getattr(actor, "pk", None) else None,
        created_at=now or timezone.now())
    return record_create(actor=actor, instance=plan, action="care.maintenance_plan_created",
                         rule_id=RULE)


@service
def maintenance_plan_change(*, actor, plan: MaintenancePlan, **fields) -> MaintenancePlan:
    """Change a plan; orders already made keep the checklist they were made with."""
    plan = MaintenancePlan.objects.select_for_update().get(pk=plan.pk)
    if refusal := sel.plan_change_refusal(actor, plan):
        raise refusal
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise ValueError(f"not a plan field: {sorted(unknown)}")
    if "checklist" in fields:
        fields["checklist"] = _clean_checklist(fields["checklist"])
    if "name" in fields:
        fields["name"] = str(fields["name"]).strip()
    return record_update(actor=actor, instance=plan, fields=fields,
                         action="care.maintenance_plan_changed", rule_id=RULE)


@service
def maintenance_plan_retire(*, actor, plan: MaintenancePlan) -> MaintenancePlan:
    """A retired plan makes no more orders; those already made stay to be done."""
    plan = MaintenancePlan.objects.select_for_update().get(pk=plan.pk)
    if refusal := sel.plan_retire_refusal(actor, plan):
        raise refusal
    plan.active = False
    plan.save(update_fields=["active"])
    audit_record(actor=actor, action="care.maintenance_plan_retired", target=plan)
    return plan


def default_plans(site) -> list[dict]:
    """The plans the regulations ask for (R-EQUIP-2), at the intervals of the site's
    profile: weekly technical maintenance; lenses cleaned of dust and cobwebs and brackets
    checked; recorders dusted and storage checked; power supplies checked."""
    policy = site.policy
    return [
        {"name": _("Weekly technical maintenance of cameras"), "work": WorkKind.MAINTENANCE,
         "equipment_model": "devices.camera", "interval_days": policy.maintenance_days,
         "checklist": [
             {"text": _("Picture clear, complete and in colour"), "unit": ""},
             {"text": _("Time and date shown on the picture correct"), "unit": ""},
             {"text": _("Recording present for the last day"), "unit": ""},
             {"text": _("Cable, connector and power supply in order"), "unit": ""}]},
        {"name": _("Lens cleaning and bracket check"), "work": WorkKind.LENS_CLEANING,
         "equipment_model": "devices.camera", "interval_days": policy.lens_cleaning_days,
         "checklist": [
             {"text": _("Lens and housing cleaned of dust and cobwebs"), "unit": ""},
             {"text": _("Bracket firm, camera not turned"), "unit": ""},
             {"text": _("Nothing blocks the view (leaves, branches)"), "unit": ""}]},
        {"name": _("Recorder dusting and check"), "work": WorkKind.RECORDER_DUSTING,
         "equipment_model": "devices.recorder", "interval_days": policy.maintenance_days,
         "checklist": [
             {"text": _("Recorder dusted, fans and vents clear"), "unit": ""},
             {"text": _("Recorder temperature"), "unit": "°C"},
             {"text": _("Recorder clock correct"), "unit": ""}]},
        {"name": _("Storage check"), "work": WorkKind.STORAGE_CHECK,
         "equipment_model": "devices.storage", "interval_days": policy.storage_check_days,
         "checklist": [
             {"text": _("Disks healthy, no warning lights"), "unit": ""},
             {"text": _("Free space"), "unit": "%"},
             {"text": _("Oldest recording kept as long as the profile asks"), "unit": ""}]},
        {"name": _("UPS check"), "work": WorkKind.UPS_CHECK,
         "equipment_model": "devices.ups", "interval_days": policy.ups_check_days,
         "checklist": [
             {"text": _("UPS on line, no alarm"), "unit": ""},
             {"text": _("Battery charge"), "unit": "%"},
             {"text": _("Run time on battery"), "unit": "min"}]},
    ]


@service
def maintenance_defaults_apply(*, actor, site, now=None) -> list[MaintenancePlan]:
    """The regulations' plans for `site`, each made once (a plan of the same kind of work
    and equipment already there is kept as it is). Kinds of equipment not installed (UPS
    before the archive keeps them) are skipped."""
    if refusal := sel.plan_add_refusal(actor):
        raise refusal
    made = []
    for spec in default_plans(site):
        if sel.equipment_model(spec["equipment_model"]) is None:
            continue
        if MaintenancePlan.objects.filter(site=site, work=spec["work"],
                                          equipment_model=spec["equipment_model"],
                                          equipment_id=None, active=True).exists():
            continue
        made.append(maintenance_plan_create(
            actor=actor, site=site, name=str(spec["name"]), work=spec["work"],
            equipment_model=spec["equipment_model"], interval_days=spec["interval_days"],
            checklist=[{"text": str(i["text"]), "unit": i["unit"]} for i in spec["checklist"]],
            now=now))
    return made


# --- orders -------------------------------------------------------------------------

@service
def work_orders_generate(*, actor, now: dt.datetime | None = None) -> list[WorkOrder]:
    """Make the orders due within AHEAD_DAYS of today for every active plan, once: one
    per plan and due date (the database's unique constraint holds it under races). A
    period missed for longer than a plan's interval is not made up."""
    now = now or timezone.now()
    day = sel.today(now)
    made = []
    for plan in MaintenancePlan.objects.filter(active=True).select_related("site"):
        start = day - dt.timedelta(days=plan.interval_days - 1)
        last = plan.orders.order_by("-due_date").values_list("due_date", flat=True).first()
        if last is not None:
            start = max(start, last + dt.timedelta(days=1))
        for due in sel.due_dates(plan, start, day + dt.timedelta(days=sel.AHEAD_DAYS)):
            order = _order_make(plan, due, now)
            if order is not None:
                made.append(order)
                audit_record(actor=actor, action="care.work_order_made", target=order, data={
                    "plan": plan.pk, "due": due.isoformat(), "lines": order.lines.count()})
    return made


def _order_make(plan: MaintenancePlan, due: dt.date, now) -> WorkOrder | None:
    items = sel.covered_equipment(plan)
    if not items:
        return None
    try:
        with transaction.atomic():
            order = WorkOrder.objects.create(
                plan=plan, site=plan.site, name=plan.name, work=plan.work,
                checklist=plan.checklist, due_date=due, generated_at=now)
    except IntegrityError:
        return None
    WorkOrderLine.objects.bulk_create([
        WorkOrderLine(order=order, equipment_model=plan.equipment_model, equipment_id=item.pk,
                      equipment_code=item.code, equipment_name=item.name)
        for item in items])
    return order


@service
def work_order_assign(*, actor, order: WorkOrder, assignee) -> WorkOrder:
    """Give the order to a technician (or take it: `assignee` is the actor)."""
    order = WorkOrder.objects.select_for_update().get(pk=order.pk)
    if refusal := sel.work_order_assign_refusal(actor, order):
        raise refusal
    if assignee is not None and not sel.may_do_work(assignee):
        raise RuleViolation(RULE, _("%(user)s does not do maintenance work.") % {
            "user": person_name(assignee)}, status=400)
    order.assigned_to = assignee
    order.save(update_fields=["assigned_to"])
    audit_record(actor=actor, action="care.work_order_assigned", target=order, data={
        "assigned_to": getattr(assignee, "pk", None)})
    return order


def _answers(order: WorkOrder, lines, results: dict) -> dict[int, list[dict]]:
    """results {line id: [{"result": "ok"|"not_ok", "value": "…"}, …]} checked against
    the order's checklist: every item answered, a measured item with its number."""
    problems = []
    checked = {}
    for line in lines:
        given = results.get(line.pk) or results.get(str(line.pk)) or []
        answers = []
        for index, item in enumerate(order.checklist):
            answer = given[index] if index < len(given) and isinstance(given[index], dict) else {}
            result = answer.get("result", "")
            value = str(answer.get("value", "") or "").strip()
            label = f"{line.equipment_code}: {item.get('text', '')}"
            if result not in ItemResult.values:
                problems.append(_("%(item)s: say OK or not OK.") % {"item": label})
            if item.get("unit") and value == "" and result == ItemResult.OK:
                problems.append(_("%(item)s: give the measured value.") % {"item": label})
            if value:
                try:
                    Decimal(value.replace(",", "."))
                except InvalidOperation:
                    problems.append(_("%(item)s: the value must be a number.") % {
                        "item": label})
                value = value.replace(",", ".")[:20]
            answers.append({"result": result, "value": value})
        checked[line.pk] = answers
    if problems:
        raise RuleViolation(RULE, problems[0], status=400, fields={"results": problems})
    return checked


@service
def work_order_complete(*, actor, order: WorkOrder, results: dict, findings: str = "",
                        photos: list[bytes] = (), password: str = "", code: str = "",
                        now: dt.datetime | None = None) -> WorkOrder:
    """R-EQUIP-2: the technician records the work and signs it with their own password
    (or authenticator code): every checklist item of every line answered, findings
    required when something is not OK, photos real pictures. Refused: nothing changes.
    Signed: the order never changes again and its overdue alert closes."""
    signatures.verify(actor, password=password, code=code, rule=RULE)
    now = now or timezone.now()
    order = WorkOrder.objects.select_for_update().get(pk=order.pk)
    if refusal := sel.work_order_complete_refusal(actor, order):
        raise refusal
    lines = list(order.lines.all())
    answers = _answers(order, lines, results or {})
    findings = str(findings or "").strip()[:4000]
    bad = sum(a["result"] == ItemResult.NOT_OK for answers_ in answers.values()
              for a in answers_)
    if bad and not findings:
        raise RuleViolation(RULE, _("Something is not OK: say what you found."), status=400,
                            fields={"findings": [_("Say what you found.")]})
    if len(photos) > photo_files.MAX_PHOTOS:
        raise RuleViolation(RULE, _("At most %(n)s photos.") % {"n": photo_files.MAX_PHOTOS},
                            status=400, fields={"photos": []})
    pictures = [photo_files.photo_check(data) for data in photos]
    for line in lines:
        line.results = answers[line.pk]
    WorkOrderLine.objects.bulk_update(lines, ["results"])
    stored = {}
    for picture in pictures:
        if picture.sha256 in stored:
            continue
        stored[picture.sha256] = WorkOrderPhoto.objects.create(
            order=order, sha256=picture.sha256, path=photo_files.photo_store(picture),
            content_type=picture.content_type, width=picture.width, height=picture.height,
            added_at=now)
    order.status = OrderStatus.DONE
    order.done_at = now
    order.done_by = actor
    order.findings = findings
    order.save(update_fields=["status", "done_at", "done_by", "findings"])
    audit_record(actor=actor, action="care.work_order_signed", target=order, data={
        "due": order.due_date.isoformat(), "lines": len(lines), "not_ok": bad,
        "findings": findings, "photos": sorted(stored), "results": {
            str(pk): a for pk, a in answers.items()}})
    alert_close(actor=actor, key=overdue_key(order), note=_("Signed by %(user)s") % {
        "user": person_name(actor)})
    return order


@service
def work_orders_overdue_check(*, actor, now: dt.datetime | None = None) -> int:
    """An open order past its due date: an alert (one per order) and the room heads told
    once. The alert closes when the order is signed."""
    now = now or timezone.now()
    late = list(sel.overdue_orders(now).select_related("site").order_by("due_date", "pk"))
    heads = list(sel.room_heads()) if late else []
    for order in late:
        alert_raise(actor=actor, kind="care.maintenance_overdue", severity=Severity.WARNING,
                    key=overdue_key(order), target=order,
                    message=_("Maintenance %(name)s at %(site)s was due on %(due)s and is "
                              "not done (R-EQUIP-2).") % {
                        "name": order.name, "site": order.site,
                        "due": f"{order.due_date:%Y-%m-%d}"})
        if order.overdue_notified_at is None:
            if heads:
                notify(heads, kind="care_maintenance_overdue", actor=actor,
                       link=order.get_absolute_url(), context={
                           "name": order.name, "site": str(order.site),
                           "due": f"{order.due_date:%Y-%m-%d}"})
            WorkOrder.objects.filter(pk=order.pk).update(overdue_notified_at=now)
    return len(late)
