"""Maintenance pages (R-EQUIP-2): plans, the orders due, one order's checklist to fill
and sign on a phone, and the maintenance record to print or download."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from watchroom.care import maintenance_export, photos
from watchroom.care.forms.maintenance import AssignForm, PlanForm, RecordForm, SignForm, SiteForm
from watchroom.care.models import MaintenancePlan, WorkOrder, WorkOrderPhoto
from watchroom.care.selectors import maintenance as sel
from watchroom.care.services import maintenance as svc
from watchroom.core.decorators import allowed
from watchroom.core.models import Site
from watchroom.core.refusals import flash_refusal, form_refusal
from watchroom.core.uploads import bounded_uploads
from watchroom.duty.pictures import MAX_BYTES
from watchroom.rules import RuleViolation


@allowed("care.view_maintenanceplan")
def plan_list(request):
    plans = list(MaintenancePlan.objects.select_related("site").order_by(
        "-active", "site__code", "work", "name"))
    for plan in plans:
        plan.target = sel.plan_target(plan)
        plan.may_retire = sel.plan_retire_refusal(request.user, plan) is None
    return render(request, "care/maintenance_plans.html", {
        "page_title": _("Maintenance plans"), "plans": plans,
        "can_add": sel.plan_add_refusal(request.user) is None,
        "can_edit": request.user.has_perm(sel.PLAN_EDIT),
        "sites": Site.objects.filter(active=True)})


@allowed("care.add_maintenanceplan")
def plan_create(request):
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = svc.maintenance_plan_create(actor=request.user, **form.service_fields())
        except RuleViolation as exc:
            form_refusal(form, exc)
        else:
            messages.success(request, _("Plan %(name)s saved.") % {"name": plan.name})
            return redirect("care:plan_list")
    return render(request, "form.html", {"form": form, "page_title": _("New maintenance plan"),
                                         "cancel_url": "/care/maintenance/plans/"})


@allowed("care.change_maintenanceplan")
def plan_edit(request, pk: int):
    plan = get_object_or_404(MaintenancePlan, pk=pk)
    form = PlanForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            svc.maintenance_plan_change(actor=request.user, plan=plan, **form.service_fields())
        except RuleViolation as exc:
            form_refusal(form, exc)
        else:
            messages.success(request, _("Plan %(name)s saved.") % {"name": plan.name})
            return redirect("care:plan_list")
    return render(request, "form.html", {
        "form": form, "page_title": _("Maintenance plan: %(name)s") % {"name": plan.name},
        "cancel_url": "/care/maintenance/plans/"})


@require_POST
@allowed("care.change_maintenanceplan")
def plan_retire(request, pk: int):
    plan = get_object_or_404(MaintenancePlan, pk=pk)
    try:
        svc.maintenance_plan_retire(actor=request.user, plan=plan)
    except RuleViolation as exc:
        flash_refusal(request, exc)
    else:
        messages.success(request, _("Plan %(name)s retired.") % {"name": plan.name})
    return redirect("care:plan_list")


@require_POST
@allowed("care.add_maintenanceplan")
def plan_defaults(request):
    form = SiteForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        made = svc.maintenance_defaults_apply(actor=request.user, site=form.cleaned_data["site"])
    except RuleViolation as exc:
        flash_refusal(request, exc)
    else:
        messages.success(request, _("%(n)s plans made from the profile.") % {"n": len(made)})
    return redirect("care:plan_list")


@allowed("care.view_workorder")
def order_list(request):
    now = timezone.now()
    orders = list(sel.open_orders(now=now, days=sel.WEEK))
    today = sel.today(now)
    return render(request, "care/maintenance_orders.html", {
        "page_title": _("Maintenance work orders"), "orders": orders, "today": today,
        "done": WorkOrder.objects.filter(status="done").select_related(
            "done_by__staff", "site").order_by("-done_at")[:20]})


@bounded_uploads(MAX_BYTES)
@allowed("care.view_workorder")
def order_detail(request, pk: int):
    order = get_object_or_404(WorkOrder.objects.select_related("site", "plan"), pk=pk)
    may_sign = sel.work_order_complete_refusal(request.user, order) is None
    form = None
    if may_sign:
        form = SignForm(request.POST or None, request.FILES or None, order=order)
        if request.method == "POST" and form.is_valid():
            try:
                svc.work_order_complete(
                    actor=request.user, order=order, results=form.results(),
                    findings=form.cleaned_data["findings"], photos=form.photo_bytes(),
                    password=form.cleaned_data["password"])
            except RuleViolation as exc:
                form_refusal(form, exc)
                if exc.fields.get("results"):
                    form.add_error(None, "; ".join(exc.fields["results"][:5]))
            else:
                messages.success(request, _("Work order signed."))
                return redirect(order)
    elif request.method == "POST":
        if refusal := sel.work_order_complete_refusal(request.user, order):
            flash_refusal(request, refusal)
        return redirect(order)
    order.refresh_from_db()
    return render(request, "care/maintenance_order.html", {
        "page_title": str(order), "order": order, "form": form,
        "photos_visible": sel.order_photos_visible(request.user, order),
        "rows": sel.order_rows(order), "overdue": order.overdue_on(sel.today()),
        "assign_form": AssignForm(initial={"assignee": order.assigned_to}),
        "may_assign": sel.work_order_assign_refusal(request.user, order) is None,
        "may_take": (sel.work_order_assign_refusal(request.user, order) is None
                     and sel.may_do_work(request.user)
                     and order.assigned_to_id != request.user.pk)})


@require_POST
@allowed("care.change_workorder")
def order_assign(request, pk: int):
    order = get_object_or_404(WorkOrder, pk=pk)
    if "take" in request.POST:
        assignee = request.user
    else:
        form = AssignForm(request.POST)
        if not form.is_valid():
            raise Http404
        assignee = form.cleaned_data["assignee"]
    try:
        svc.work_order_assign(actor=request.user, order=order, assignee=assignee)
    except RuleViolation as exc:
        flash_refusal(request, exc)
    return redirect(order)


@allowed("care.view_workorder")
def order_photo(request, pk: int):
    photo = get_object_or_404(WorkOrderPhoto.objects.select_related("order"), pk=pk)
    if not sel.order_photos_visible(request.user, photo.order):  # R-FOOT-6
        raise Http404
    path = photos.photo_path(photo.path)
    if not path.exists():
        raise Http404
    return FileResponse(path.open("rb"), content_type=photo.content_type)


def _period(request) -> RecordForm:
    today = sel.today()
    first = today.replace(day=1)
    site = Site.objects.filter(active=True).first()
    data = request.GET.copy()
    data.setdefault("start", first.isoformat())
    data.setdefault("end", today.isoformat())
    if site is not None:
        data.setdefault("site", str(site.pk))
    return RecordForm(data)


@allowed("care.view_workorder")
def record(request):
    form = _period(request)
    rows, heading = [], ""
    if form.is_valid():
        period = form.cleaned_data
        rows = sel.record_rows(site=period["site"], start=period["start"], end=period["end"])
        heading = maintenance_export.title(period["site"], period["start"], period["end"])
    return render(request, "care/maintenance_record.html", {
        "page_title": _("Maintenance record"), "heading": heading, "form": form,
        "rows": rows, "query": request.GET.urlencode()})


@allowed("care.view_workorder")
def record_xlsx(request):
    form = _period(request)
    if not form.is_valid():
        raise Http404
    period = form.cleaned_data
    return FileResponse(
        maintenance_export.workbook(site=period["site"], start=period["start"],
                                    end=period["end"]),
        as_attachment=True,
        filename=f"maintenance-{period['site'].code}-{period['start']:%Y%m%d}-"
                 f"{period['end']:%Y%m%d}.xlsx")
