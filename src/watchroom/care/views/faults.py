"""Fault pages (R-EQUIP-3): the list by deadline, reporting, the fault with its
timeline and the buttons its selectors allow, and an item's repair archive (检修档案).
Every write is one service call."""

from django.contrib import messages
from django.db.models import Case, IntegerField, Value, When
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from watchroom.care import equipment as items
from watchroom.care import proving, repair_archive, services
from watchroom.care.choices import FaultCategory, FaultSource, FaultStatus, ProofKind
from watchroom.care.forms.faults import AssignForm, CloseForm, FaultReportForm, RepairForm
from watchroom.care.models import Fault
from watchroom.care.selectors import faults as selectors
from watchroom.core.decorators import allowed
from watchroom.core.listing import Column, Filter, render_list
from watchroom.core.people import person_name
from watchroom.core.refusals import flash_refusal, form_refusal
from watchroom.core.times import local_text
from watchroom.rules import RuleViolation

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _remaining(fault, now):
    text = selectors.remaining_text(fault, now)
    if fault.is_open and fault.deadline < now:
        return format_html('<strong class="alarm" data-overdue>{}</strong>', text)
    return text


@allowed(selectors.VIEW)
def fault_list(request):
    """Open faults first, soonest deadline first; the time left counts down, overdue in
    red; `?overdue=1` lists only the overdue ones."""
    now = timezone.now()
    overdue = request.GET.get("overdue") == "1"
    actions = ([{"url": reverse("care:fault_report"), "label": _("Report a fault")}]
               if selectors.fault_report_refusal(request.user) is None else [])
    actions.append({"url": reverse("care:fault_list") + ("" if overdue else "?overdue=1"),
                    "label": _("All faults") if overdue else _("Overdue faults")})
    queryset = (Fault.objects.select_related("assigned_to__staff")
                .annotate(closed=Case(When(status=FaultStatus.CLOSED, then=Value(1)),
                                      default=Value(0), output_field=IntegerField()))
                .order_by("closed", "deadline", "pk"))
    if overdue:
        queryset = queryset.exclude(status=FaultStatus.CLOSED).filter(deadline__lt=now)
    return render_list(
        request, title=_("Overdue faults") if overdue else _("Faults"), queryset=queryset,
        columns=[
            Column(_("equipment"), lambda f: f.equipment_label),
            Column(_("category"), lambda f: f.get_category_display()),
            Column(_("status"), lambda f: f.get_status_display()),
            Column(_("repair by"), lambda f: local_text(f.deadline)),
            Column(_("time left"), lambda f: _remaining(f, now)),
            Column(_("assigned to"), lambda f: person_name(f.assigned_to)
                   if f.assigned_to else "—"),
        ],
        search_fields=["equipment_label", "description"], actions=actions,
        filters=[Filter("status", _("All statuses"), FaultStatus.choices, "status"),
                 Filter("category", _("All categories"), FaultCategory.choices, "category")],
    )


@allowed("care.add_fault")
def fault_report(request):
    initial = {"equipment": request.GET.get("equipment", ""),
               "description": request.GET.get("description", "")[:2000],
               "source": request.GET.get("source", FaultSource.MANUAL),
               "category": request.GET.get("category", "")}
    form = FaultReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            fault = services.fault_report(actor=request.user, **form.cleaned_data)
        except RuleViolation as exc:
            form_refusal(form, exc)
        else:
            messages.success(request, _("The fault is recorded; its deadline is %(deadline)s.")
                             % {"deadline": local_text(fault.deadline)})
            return redirect(fault)
    return render(request, "form.html", {"form": form, "page_title": _("Report a fault"),
                                         "button": _("Report"),
                                         "cancel_url": reverse("care:fault_list")})


def timeline(fault) -> list[dict]:
    """What happened to the fault, in order: reports, assignment, repair, proof, closure."""
    events = [{"at": fault.reported_at, "what": _("Reported"),
               "who": person_name(fault.reported_by) if fault.reported_by else _("the system"),
               "text": fault.description}]
    for report in fault.reports.select_related("reported_by__staff"):
        events.append({"at": report.reported_at, "what": _("Reported again"),
                       "who": person_name(report.reported_by) if report.reported_by
                       else _("the system"), "text": report.description})
    if fault.assigned_at:
        events.append({"at": fault.assigned_at, "what": _("Assigned"),
                       "who": person_name(fault.assigned_to), "text": ""})
    if fault.repair_started_at:
        events.append({"at": fault.repair_started_at, "what": _("Repair started"),
                       "who": "", "text": ""})
    for repair in fault.repairs.select_related("repaired_by__staff"):
        text = _("Cause: %(cause)s. Work: %(work)s.") % {"cause": repair.cause_found,
                                                         "work": repair.work_done}
        if repair.parts:
            text += " " + _("Parts: %(parts)s.") % {"parts": repair.parts}
        if repair.vendor:
            text += " " + _("By: %(vendor)s.") % {"vendor": repair.vendor}
        events.append({"at": repair.recorded_at, "what": _("Repair recorded (signed)"),
                       "who": person_name(repair.repaired_by), "text": text})
    if fault.closed_at:
        events.append({"at": fault.closed_at, "what": _("Closed"),
                       "who": person_name(fault.closed_by) if fault.closed_by
                       else _("the system"),
                       "text": " ".join(filter(None, [f"{fault.get_proof_kind_display()}.",
                                                      fault.proof.get("note", "")]))})
    events.sort(key=lambda e: e["at"])
    for event in events:
        event["when"] = local_text(event["at"], "%Y-%m-%d %H:%M:%S")
    return events


@allowed(selectors.VIEW)
def fault_detail(request, pk):
    fault = get_object_or_404(Fault.objects.select_related(
        "reported_by__staff", "assigned_to__staff", "closed_by__staff", "site"), pk=pk)
    user, now = request.user, timezone.now()
    can = {
        "assign": selectors.fault_assign_refusal(user, fault) is None,
        "start": selectors.fault_repair_start_refusal(user, fault) is None,
        "repair": selectors.fault_repair_record_refusal(user, fault) is None,
        "close": selectors.fault_close_refusal(user, fault) is None,
    }
    equipment = fault.equipment
    return render(request, "care/fault_detail.html", {
        "fault": fault, "equipment": equipment, "events": timeline(fault), "can": can,
        "remaining": _remaining(fault, now), "deadline": local_text(fault.deadline),
        "assign_form": AssignForm() if can["assign"] else None,
        "repair_form": RepairForm() if can["repair"] else None,
        "close_form": CloseForm() if can["close"] else None,
        "needs_witness": can["close"] and selectors.fault_close_needs_witness(fault),
        "proof": _proof_label(fault),
        "archive_url": reverse("care:repair_archive",
                               args=[fault.equipment_type, fault.equipment_id]),
        "page_title": str(fault),
    })


def _proof_label(fault) -> str:
    found = proving.find_proof(fault) if fault.status == FaultStatus.REPAIRED else None
    return str(ProofKind(found.kind).label) if found else ""


def _act(request, pk, form_class, call):
    fault = get_object_or_404(Fault, pk=pk)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{label}: {error}")
        return redirect(fault)
    try:
        call(fault, form.cleaned_data if form is not None else {})
    except RuleViolation as exc:
        flash_refusal(request, exc)
    return redirect(fault)


@require_POST
@allowed("care.assign_fault")
def fault_assign(request, pk):
    return _act(request, pk, AssignForm, lambda fault, data: services.fault_assign(
        actor=request.user, fault=fault, assignee=data["assignee"]))


@require_POST
@allowed("care.repair_fault")
def fault_repair_start(request, pk):
    return _act(request, pk, None, lambda fault, data: services.fault_repair_start(
        actor=request.user, fault=fault))


@require_POST
@allowed("care.repair_fault")
def fault_repair_record(request, pk):
    return _act(request, pk, RepairForm, lambda fault, data: services.fault_repair_record(
        actor=request.user, fault=fault, **data))


@require_POST
@allowed("care.close_fault")
def fault_close(request, pk):
    return _act(request, pk, CloseForm, lambda fault, data: services.fault_close(
        actor=request.user, fault=fault, **data))


def _item(equipment_type, pk):
    equipment = items.load(equipment_type, pk)
    if equipment is None:
        raise Http404
    return equipment


@allowed(selectors.VIEW)
def repair_archive_page(request, equipment_type, pk):
    equipment = _item(equipment_type, pk)
    return render(request, "care/repair_archive.html", {
        "equipment": equipment, "rows": repair_archive.rows(equipment),
        "columns": repair_archive.columns(),
        "xlsx_url": reverse("care:repair_archive_xlsx", args=[equipment_type, pk]),
        "report_url": reverse("care:fault_report") + "?" + repair_archive.report_query(
            equipment, FaultSource.EQUIPMENT_PAGE),
        "can_report": selectors.fault_report_refusal(request.user, equipment) is None,
        "page_title": _("Repair archive of %(equipment)s") % {"equipment": equipment},
    })


@allowed(selectors.VIEW)
def repair_archive_xlsx(request, equipment_type, pk):
    equipment = _item(equipment_type, pk)
    return FileResponse(repair_archive.workbook(equipment), as_attachment=True,
                        filename=f"repairs-{equipment.code}.xlsx", content_type=XLSX)
