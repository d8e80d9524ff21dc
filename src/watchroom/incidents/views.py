"""Incident pages: the list with its filters, statistics and workbook; reporting
(directly, from a duty-log entry, from an alert); the incident with its timeline and the
buttons its selectors allow; the printed incident report (事件报告). Every write is one
service call."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from watchroom.alerts.models import Alert
from watchroom.core.decorators import allowed
from watchroom.core.listing import render_list
from watchroom.core.refusals import flash_refusal, form_refusal
from watchroom.core.times import local_text
from watchroom.core.uploads import bounded_uploads
from watchroom.duty.models import LogEntry
from watchroom.incidents import files, listing, selectors, services
from watchroom.incidents.choices import IncidentCategory, IncidentGrade
from watchroom.incidents.forms import (
    AttachForm,
    CloseForm,
    FromSourceForm,
    GradeForm,
    HoldForm,
    IncidentForm,
    NoteForm,
    ReleaseForm,
    ReviewForm,
)
from watchroom.incidents.models import Incident, IncidentAttachment
from watchroom.rules import RuleViolation

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SECONDS = "%Y-%m-%d %H:%M:%S"


@allowed(selectors.VIEW)
def incident_list(request):
    actions = ([{"url": reverse("incidents:create"), "label": _("Report an incident")}]
               if selectors.incident_create_refusal(request.user) is None else [])
    actions += [{"url": reverse("incidents:statistics"), "label": _("Statistics")},
                {"url": reverse("incidents:xlsx") + "?" + request.GET.urlencode(),
                 "label": _("Excel")}]
    return render_list(request, title=_("Incidents"), queryset=listing.queryset(),
                       columns=listing.columns(), search_fields=listing.SEARCH,
                       actions=actions, filters=listing.filters())


@allowed(selectors.VIEW)
def incident_xlsx(request):
    return FileResponse(listing.workbook(request.GET), as_attachment=True,
                        filename="incidents.xlsx", content_type=XLSX)


@allowed(selectors.VIEW)
def incident_statistics(request):
    rows, chosen = listing.filtered(request.GET)
    figures = selectors.statistics(rows)
    labels = {"category": dict(IncidentCategory.choices), "grade": dict(IncidentGrade.choices)}
    tables = [
        (_("By category"), [(labels["category"].get(r["category"], r["category"]), r["n"])
                            for r in figures["category"]]),
        (_("By grade"), [(labels["grade"].get(r["grade"], r["grade"]), r["n"])
                         for r in figures["grade"]]),
        (_("By place"), [(r["area__name"] or "—", r["n"]) for r in figures["area"]]),
        (_("By month"), [(r["month"].strftime("%Y-%m") if r["month"] else "—", r["n"])
                         for r in figures["month"]]),
    ]
    return render(request, "incidents/statistics.html", {
        "tables": tables, "total": rows.count(), "filters": chosen,
        "page_title": _("Incident statistics")})


def _created(request, incident):
    messages.success(request, _("Incident #%(id)s is recorded; its cameras' footage is on "
                                "hold.") % {"id": incident.pk})
    return redirect(incident)


@allowed(selectors.ADD)
def incident_create(request):
    form = IncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.incident_create(actor=request.user, **form.cleaned_data)
        except RuleViolation as exc:
            form_refusal(form, exc)
        else:
            return _created(request, incident)
    return render(request, "form.html", {"form": form, "page_title": _("Report an incident"),
                                         "button": _("Report"),
                                         "cancel_url": reverse("incidents:list")})


def _from_source(request, source, call, title):
    form = FromSourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            incident = call(form.cleaned_data)
        except RuleViolation as exc:
            form_refusal(form, exc)
        else:
            return _created(request, incident)
    return render(request, "incidents/from_source.html", {
        "form": form, "source": source, "page_title": title, "button": _("Turn into an incident"),
        "cancel_url": reverse("incidents:list")})


@allowed(selectors.ADD, "duty.view_logentry")
def incident_from_entry(request, pk):
    entry = get_object_or_404(LogEntry.objects.select_related("camera", "area", "room"), pk=pk)
    source = [(_("time"), local_text(entry.at, SECONDS)),
              (_("camera"), entry.camera or "—"), (_("area"), entry.area or "—"),
              (_("what was seen"), entry.seen), (_("who was told"), entry.told or "—")]
    return _from_source(request, source, lambda data: services.incident_from_log_entry(
        actor=request.user, entry=entry, **data), _("Turn a duty-log entry into an incident"))


@allowed(selectors.ADD, "alerts.view_alert")
def incident_from_alert(request, pk):
    alert = get_object_or_404(Alert, pk=pk)
    source = [(_("opened"), local_text(alert.opened_at, SECONDS)),
              (_("message"), alert.message), (_("target"), alert.target_label or "—")]
    return _from_source(request, source, lambda data: services.incident_from_alert(
        actor=request.user, alert=alert, **data), _("Turn an alert into an incident"))


def _incident(pk) -> Incident:
    return get_object_or_404(Incident.objects.select_related(
        "site", "room", "area", "reported_by__staff", "closed_by__staff",
        "reviewed_by__staff", "log_entry", "alert"), pk=pk)


def _context(request, incident) -> dict:
    user = request.user
    can = {
        "note": selectors.incident_note_refusal(user, incident) is None,
        "attach": selectors.incident_attach_refusal(user, incident) is None,
        "grade": selectors.incident_grade_refusal(user, incident) is None,
        "hold": selectors.incident_hold_refusal(user, incident) is None,
        "close": selectors.incident_close_refusal(user, incident) is None,
        "review": selectors.incident_review_refusal(user, incident) is None,
    }
    holds = [{"hold": hold, "cameras": ", ".join(c.code for c in hold.cameras.all()),
              "start": local_text(hold.start), "end": local_text(hold.end),
              "release": selectors.incident_hold_release_refusal(user, incident, hold) is None}
             for hold in incident.holds.prefetch_related("cameras").order_by("placed_at")]
    return {
        "incident": incident, "can": can, "holds": holds,
        "events": incident.events.select_related("actor__staff", "handover"),
        "attachments": [
            {"item": a, "visible": selectors.attachment_visible(user, a)}
            for a in incident.attachments.select_related(
                "log_picture__entry__camera__area", "incident__area")],
        "cameras": incident.cameras.order_by("code"),
        "handovers": incident.handovers.order_by("decided_at"),
        "note_form": NoteForm() if can["note"] else None,
        "attach_form": AttachForm() if can["attach"] else None,
        "grade_form": GradeForm(initial={"grade": incident.grade}) if can["grade"] else None,
        "hold_form": HoldForm() if can["hold"] else None,
        "release_form": ReleaseForm(),
        "close_form": CloseForm() if can["close"] else None,
        "review_form": ReviewForm() if can["review"] else None,
        "page_title": str(incident),
    }


@allowed(selectors.VIEW)
def incident_detail(request, pk):
    return render(request, "incidents/detail.html", _context(request, _incident(pk)))


@allowed(selectors.VIEW)
def incident_print(request, pk):
    context = _context(request, _incident(pk))
    context["page_title"] = _("Incident report")
    return render(request, "incidents/print.html", context)


@allowed(selectors.VIEW)
def incident_file(request, pk, attachment):
    item = get_object_or_404(IncidentAttachment.objects.select_related(
        "log_picture__entry__camera__area", "incident__area"), pk=attachment, incident_id=pk)
    if not selectors.attachment_visible(request.user, item):  # R-FOOT-6
        raise Http404
    path = files.attachment_path(item)
    if not path.exists():
        raise Http404
    return FileResponse(path.open("rb"), content_type=item.content_type,
                        as_attachment=not item.is_picture, filename=item.name)


def _act(request, pk, form_class, call, *, files_too=False):
    incident = get_object_or_404(Incident, pk=pk)
    form = form_class(request.POST, request.FILES if files_too else None)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}")
        return redirect(incident)
    try:
        call(incident, form.cleaned_data)
    except RuleViolation as exc:
        flash_refusal(request, exc)
    return redirect(incident)


@require_POST
@allowed(selectors.CHANGE)
def incident_note(request, pk):
    return _act(request, pk, NoteForm, lambda incident, data: services.incident_note(
        actor=request.user, incident=incident, text=data["text"]))


@require_POST
@bounded_uploads(files.MAX_BYTES)
@allowed(selectors.CHANGE)
def incident_attach(request, pk):
    return _act(request, pk, AttachForm, lambda incident, data: services.incident_attach(
        actor=request.user, incident=incident, name=data["file"].name,
        data=data["file"].read()), files_too=True)


@require_POST
@allowed(selectors.CHANGE)
def incident_grade(request, pk):
    return _act(request, pk, GradeForm, lambda incident, data: services.incident_grade(
        actor=request.user, incident=incident, **data))


@require_POST
@allowed(selectors.CHANGE)
def incident_hold(request, pk):
    return _act(request, pk, HoldForm, lambda incident, data: services.incident_hold(
        actor=request.user, incident=incident, **data))


@require_POST
@allowed(selectors.VIEW)
def incident_hold_release(request, pk, hold):
    def call(incident, data):
        chosen = incident.holds.filter(pk=hold).first()
        if chosen is None:
            raise Http404
        services.incident_hold_release(actor=request.user, incident=incident, hold=chosen,
                                       note=data["note"])
    return _act(request, pk, ReleaseForm, call)


@require_POST
@allowed(selectors.CLOSE)
def incident_close(request, pk):
    return _act(request, pk, CloseForm, lambda incident, data: services.incident_close(
        actor=request.user, incident=incident, **data))


@require_POST
@allowed(selectors.REVIEW)
def incident_review(request, pk):
    return _act(request, pk, ReviewForm, lambda incident, data: services.incident_review(
        actor=request.user, incident=incident, **data))
