"""What maintenance pages and services read (R-EQUIP-2): the equipment a plan covers,
the due dates of a plan, the orders due and overdue, the maintenance record, and who
may do what (the refusals the services raise and the pages ask)."""

import datetime as dt
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.care.choices import OrderStatus
from watchroom.care.models import MaintenancePlan, WorkOrder
from watchroom.care.models.maintenance import equipment_model, site_lookup
from watchroom.core.choices import Role
from watchroom.devices.choices import EquipmentStatus
from watchroom.rules import RuleViolation

AHEAD_DAYS = 3  # orders are made this many days before they are due
WEEK = 7

PLAN_EDIT = "care.change_maintenanceplan"
PLAN_ADD = "care.add_maintenanceplan"
ORDER_VIEW = "care.view_workorder"
ORDER_COMPLETE = "care.complete_workorder"
ORDER_ASSIGN = "care.change_workorder"
ROOM_HEAD_ROLES = (Role.SHIFT_LEAD, Role.SECURITY_CHIEF)


def today(now: dt.datetime | None = None) -> dt.date:
    """The date in the site's zone (due dates are local days)."""
    return timezone.localtime(now or timezone.now()).date()


def covered_equipment(plan: MaintenancePlan) -> list:
    """The items a plan covers now: its one item, or every item of its kind at its site
    that is not retired."""
    model = equipment_model(plan.equipment_model)
    if model is None:
        return []
    items = model.objects.exclude(status=EquipmentStatus.RETIRED)
    if plan.equipment_id is not None:
        return list(items.filter(pk=plan.equipment_id))
    return list(items.filter(**{site_lookup(model): plan.site}).order_by("code"))


def due_dates(plan: MaintenancePlan, start: dt.date, end: dt.date) -> list[dt.date]:
    """The plan's due dates from `start` to `end` (both included): its first date and
    every interval after."""
    step = dt.timedelta(days=plan.interval_days)
    first = plan.starts_on
    if start > first:
        periods = -(-(start - first).days // plan.interval_days)
        first = plan.starts_on + periods * step
    dates = []
    while first <= end:
        dates.append(first)
        first += step
    return dates


def kind_label(label: str) -> str:
    model = equipment_model(label)
    return str(model._meta.verbose_name) if model is not None else label


def plan_target(plan: MaintenancePlan) -> str:
    """What a plan applies to, as people read it."""
    if plan.equipment_id is None:
        return _("every %(kind)s at %(site)s") % {"kind": kind_label(plan.equipment_model),
                                                "site": plan.site}
    model = equipment_model(plan.equipment_model)
    item = model.objects.filter(pk=plan.equipment_id).first() if model else None
    return str(item) if item is not None else f"{plan.equipment_model} #{plan.equipment_id}"


def equipment_kinds() -> list[tuple[str, str]]:
    """(label, name) of every kind of equipment a plan may apply to: the equipment
    archive's models that belong to a site."""
    from django.apps import apps

    kinds = []
    for model in apps.get_app_config("devices").get_models():
        label = model._meta.label_lower
        mod = equipment_model(label)
        if mod is not None and hasattr(mod, "status") and _has_site(mod):
            kinds.append((label, str(mod._meta.verbose_name)))
    return kinds


def _has_site(model) -> bool:
    try:
        site_lookup(model)
    except KeyError:
        return False
    return True


# --- refusals -----------------------------------------------------------------------

def plan_add_refusal(actor) -> RuleViolation | None:
    if not actor.has_perm(PLAN_ADD):
        return RuleViolation("R-EQUIP-2", _("Only technicians and room heads keep "
                                            "maintenance plans."), status=403)
    return None


def plan_change_refusal(actor, plan: MaintenancePlan) -> RuleViolation | None:
    if not actor.has_perm(PLAN_EDIT):
        return RuleViolation("R-EQUIP-2", _("Only technicians and room heads keep "
                                            "maintenance plans."), status=403)
    return None


def plan_retire_refusal(actor, plan: MaintenancePlan) -> RuleViolation | None:
    if refusal := plan_change_refusal(actor, plan):
        return refusal
    if not plan.active:
        return RuleViolation("R-EQUIP-2", _("This plan is already retired."))
    return None


def work_order_complete_refusal(actor, order: WorkOrder) -> RuleViolation | None:
    """Any technician may do and sign an open order (the one assigned may be off duty);
    a signed order never changes."""
    if order.is_done:
        return RuleViolation("R-EQUIP-2", _("This work order was signed; it never changes."))
    if not actor.has_perm(ORDER_COMPLETE):
        return RuleViolation("R-EQUIP-2", _("Only technicians do and sign maintenance work "
                                            "orders."), status=403)
    return None


def work_order_assign_refusal(actor, order: WorkOrder) -> RuleViolation | None:
    if order.is_done:
        return RuleViolation("R-EQUIP-2", _("This work order was signed; it never changes."))
    if not actor.has_perm(ORDER_ASSIGN):
        return RuleViolation("R-EQUIP-2", _("Only technicians and room heads assign work "
                                            "orders."), status=403)
    return None


def may_do_work(user) -> bool:
    return bool(user.is_active and user.has_perm(ORDER_COMPLETE))


def technicians():
    return get_user_model().objects.filter(
        is_active=True, groups__name=Role.TECHNICIAN).distinct().order_by("username")


def room_heads():
    return get_user_model().objects.filter(
        is_active=True, groups__name__in=ROOM_HEAD_ROLES).distinct().order_by("pk")


# --- orders -------------------------------------------------------------------------

def open_orders(*, now: dt.datetime | None = None, days: int = WEEK, user=None,
                site=None):
    """Open orders due within `days` from today and every overdue one, the overdue
    first, then by due date. With `user`: theirs and the unassigned."""
    day = today(now)
    orders = WorkOrder.objects.filter(status=OrderStatus.OPEN,
                                      due_date__lte=day + dt.timedelta(days=days))
    if user is not None:
        orders = orders.filter(Q(assigned_to=user) | Q(assigned_to__isnull=True))
    if site is not None:
        orders = orders.filter(site=site)
    return orders.select_related("site", "assigned_to__staff", "plan").annotate(
        late=Case(When(due_date__lt=day, then=Value(0)), default=Value(1),
                  output_field=IntegerField())).order_by("late", "due_date", "pk")


def overdue_orders(now: dt.datetime | None = None):
    return WorkOrder.objects.filter(status=OrderStatus.OPEN, due_date__lt=today(now))


def order_rows(order: WorkOrder) -> list[dict]:
    """Each line with its checklist items and answers, for the order's page."""
    rows = []
    for line in order.lines.all():
        items = []
        for index, item in enumerate(order.checklist):
            answer = line.results[index] if index < len(line.results) else {}
            items.append({"index": index, "text": item.get("text", ""),
                          "unit": item.get("unit", ""), "result": answer.get("result", ""),
                          "value": answer.get("value", ""),
                          "fault_url": fault_report_url(line, item)
                          if answer.get("result") == "not_ok" else ""})
        rows.append({"line": line, "items": items})
    return rows


def fault_report_url(line, item: dict) -> str:
    """The fault report page prefilled for this item of equipment (R-EQUIP-3)."""
    return reverse("care:fault_report") + "?" + urlencode({
        "equipment": f"{line.equipment_model}:{line.equipment_id}",
        "description": item.get("text", "")})


def record_orders(*, site, start: dt.date, end: dt.date):
    """The maintenance record (维护保养记录): the orders of `site` due from `start` to
    `end`, signed or not, by due date."""
    return (WorkOrder.objects.filter(site=site, due_date__gte=start, due_date__lte=end)
            .select_related("done_by__staff", "assigned_to__staff", "site")
            .prefetch_related("lines", "photos").order_by("due_date", "name", "pk"))


def line_summary(order: WorkOrder, line) -> tuple[str, str]:
    """(what was not OK, the measured values) of one line, as text."""
    bad, values = [], []
    for index, item in enumerate(order.checklist):
        answer = line.results[index] if index < len(line.results) else {}
        if answer.get("result") == "not_ok":
            bad.append(item.get("text", ""))
        if answer.get("value", "") != "":
            values.append(f"{item.get('text', '')}: {answer['value']} {item.get('unit', '')}"
                          .strip())
    return "; ".join(bad), "; ".join(values)


def record_rows(*, site, start: dt.date, end: dt.date) -> list[dict]:
    """One row per item of equipment per order, as the record prints it: people by name,
    times in the site's zone."""
    from watchroom.core.people import person_name
    from watchroom.core.times import local_text

    rows = []
    for order in record_orders(site=site, start=start, end=end):
        lines = list(order.lines.all()) or [None]
        for line in lines:
            bad, values = line_summary(order, line) if line is not None else ("", "")
            rows.append({
                "order": order, "due": order.due_date, "name": order.name,
                "work": order.get_work_display(),
                "equipment": f"{line.equipment_code} {line.equipment_name}" if line else "",
                "result": ("" if not order.is_done else
                           _("Not OK: %(items)s") % {"items": bad} if bad else _("OK")),
                "values": values, "findings": order.findings,
                "done_by": person_name(order.done_by) if order.done_by else "",
                "done_at": local_text(order.done_at),
                "status": (_("Overdue") if order.overdue_on(today())
                           else order.get_status_display()),
                "photos": order.photos.count() if line is lines[0] else "",
            })
    return rows


def equipment_maintenance(equipment) -> list[dict]:
    """An item's maintenance history, newest first, for its equipment history page:
    {"order", "line", "not_ok", "values"} for every order that included it."""
    from watchroom.care.models import WorkOrderLine

    lines = (WorkOrderLine.objects.filter(equipment_model=equipment._meta.label_lower,
                                          equipment_id=equipment.pk)
             .select_related("order__done_by__staff", "order__site")
             .order_by("-order__due_date", "-order__pk"))
    history = []
    for line in lines:
        bad, values = line_summary(line.order, line)
        history.append({"order": line.order, "line": line, "not_ok": bad, "values": values})
    return history


def order_photos_visible(user, order: WorkOrder) -> bool:
    """R-FOOT-6: a work order's photos may show the places its equipment is in; one of
    them privacy-sensitive, they are for its knowledge scope (and whoever did the work)."""
    from watchroom.care import equipment as items
    from watchroom.core.selectors import in_knowledge_scope

    if user.pk in (order.assigned_to_id, order.done_by_id):
        return True
    for line in order.lines.all():
        area = getattr(items.load(line.equipment_model, line.equipment_id), "area", None)
        if area is not None and not in_knowledge_scope(user, area):
            return False
    return True
